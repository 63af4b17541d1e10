FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY conflict_tracker conflict_tracker
COPY events events
COPY ingest ingest
RUN pip install --no-cache-dir .
COPY . .
RUN DEBUG=1 STATIC_ROOT=/app/staticfiles python manage.py collectstatic --noinput
ENV STATIC_ROOT=/app/staticfiles
EXPOSE 8000

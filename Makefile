# The README's two commands are `make run` and `make test`; everything else is a helper.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install browser-deps migrate sample serve lint check audit ci bench-extract bench-ingest clean vendor

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Debian's Chromium for the browser tests (the only system package the suite needs).
browser-deps:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get install -y chromium; fi; }

migrate: $(STAMP)
	$(PY) manage.py migrate --noinput

sample: migrate
	$(PY) manage.py load_gazetteer --if-empty
	$(PY) manage.py ingest --published 2016-10-17 sample_data/

serve:
	$(PY) manage.py runserver 127.0.0.1:8000

# 1) Run the app on its embedded default: SQLite, Celery eager, sample data, 127.0.0.1:8000.
run: sample serve

# 2) Run the test suite (SQLite by default; DATABASE_URL / CELERY_BROKER_URL switch to real services).
test: $(STAMP) browser-deps
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .

check: $(STAMP)
	DEBUG=0 SECRET_KEY=check-only-$$(date +%s)-a-long-random-looking-secret-value-xyz ALLOWED_HOSTS=example.org \
	  $(PY) manage.py check --deploy --fail-level WARNING

# Known vulnerabilities in the installed dependencies; a finding fails, an unreachable service only warns.
audit: $(STAMP)
	PY=$(PY) scripts/audit.sh

ci:
	.ci/run

bench-extract: $(STAMP)
	$(PY) bench/extract.py

# Re-copy Leaflet, its cluster plugin and the country outlines from npm into static/vendor/ (needs node + npm).
vendor:
	scripts/vendor.sh

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles

BENCH_DB ?= postgres://postgres@127.0.0.1:5432/conflict_tracker_bench
BENCH_BROKER ?= redis://127.0.0.1:6379/14

bench-ingest: $(STAMP)
	DATABASE_URL=$(BENCH_DB) CELERY_BROKER_URL=$(BENCH_BROKER) $(PY) bench/ingest.py

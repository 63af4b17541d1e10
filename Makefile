# The README's two commands are `make run` and `make test`; everything else is a helper.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install browser-deps migrate sample serve lint typecheck imports check audit ci bench-extract bench-ingest bench-ingest-news clean vendor train event-report

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

# The gazetteer, the seed actors and the bundled articles (sample_data/SOURCES.md: where each
# comes from and its licence), processed through the real ingest task. Re-running is cheap:
# stored places and articles are skipped.
sample: migrate
	@# The pipeline's in-memory gazetteer (a ~40 s build on a fresh machine, then a pickle cache)
	@# is built in the background while the places load, instead of on the first article.
	$(PY) -c 'from ingest.extraction.gazetteer import default_gazetteer; default_gazetteer()' & \
	  $(PY) manage.py load_gazetteer --if-empty; loaded=$$?; wait $$!; exit $$loaded
	$(PY) manage.py load_actors
	$(PY) manage.py ingest --no-progress --published 2016-10-17 sample_data/mosul-2016-10-17.txt
	$(PY) manage.py ingest --no-progress sample_data/releases.jsonl

HOST ?= 127.0.0.1
PORT ?= 8000

serve:
	$(PY) manage.py runserver $(HOST):$(PORT)

# 1) Run the app on its embedded default: SQLite, Celery eager, sample data, http://$(HOST):$(PORT)
#    (make run HOST=0.0.0.0 PORT=8080 to choose).
run: sample serve

# 2) Run the test suite (SQLite by default; DATABASE_URL / CELERY_BROKER_URL switch to real services).
test: $(STAMP) browser-deps
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

lint: $(STAMP) typecheck imports
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# mypy with the Django, DRF and Celery stubs, configured in pyproject.toml ([tool.mypy]).
typecheck: $(STAMP)
	$(VENV)/bin/mypy

# The import contracts in pyproject.toml ([tool.importlinter]): layers, a Django-free pipeline, no cycles.
imports: $(STAMP)
	$(VENV)/bin/lint-imports

check: $(STAMP)
	DEBUG=0 SECRET_KEY=check-only-$$(date +%s)-a-long-random-looking-secret-value-xyz ALLOWED_HOSTS=example.org \
	  $(PY) manage.py check --deploy --fail-level WARNING

# Known vulnerabilities in the installed dependencies; a finding fails, an unreachable service only warns.
audit: $(STAMP)
	PY=$(PY) scripts/audit.sh

ci:
	.ci/run

# Schemathesis' CLI against a throw-away server (own SQLite file, synthetic events, a token for the
# write operations): every check, the examples, coverage and fuzzing phases; fails on any failure.
# API_FUZZ_PORT (8765), API_FUZZ_EXAMPLES (25), API_FUZZ_SEED (1), API_FUZZ_DB, API_FUZZ_ARGS.
.PHONY: api-fuzz
api-fuzz: $(STAMP)
	PY=$(PY) ST=$(VENV)/bin/st scripts/api_fuzz.sh

bench-extract: $(STAMP)
	$(PY) bench/extract.py

# Rebuild the sentence classifier (ingest/extraction/data/event_classifier/) from the team's labelled
# sentences (ingest/extraction/data/training/, DATASHEET.md there); the same data give the same model.
train: $(STAMP)
	$(PY) scripts/train_event_classifier.py

# The extraction's events against the real reference articles: scorer totals, the sub-type
# confusion table and each article's missed and false events.
event-report: $(STAMP)
	$(PY) scripts/event_report.py --diff ../shared/eval/real

# Re-copy Leaflet, its cluster plugin and the country outlines from npm into static/vendor/ (needs node + npm).
vendor:
	scripts/vendor.sh

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles

BENCH_DB ?= postgres://postgres@127.0.0.1:5432/conflict_tracker_bench
BENCH_BROKER ?= redis://127.0.0.1:6379/14

BENCH_INGEST_ARGS ?=
# DEBUG off, as a deployed worker runs: DEBUG's query log doubles the persist stage's CPU.
bench-ingest: $(STAMP)
	DEBUG=0 SECRET_KEY=bench-only-not-a-secret-0123456789abcdefghijklmnop \
	  DATABASE_URL=$(BENCH_DB) CELERY_BROKER_URL=$(BENCH_BROKER) $(PY) bench/ingest.py $(BENCH_INGEST_ARGS)

# The target's case: real news of ~600 words (the 49 GeoWebNews articles of 450-800 words, 610 on
# average), timed once each worker has warmed up on 40 of the other articles.
bench-ingest-news:
	$(MAKE) bench-ingest BENCH_INGEST_ARGS="--corpus ../shared/eval/geowebnews --min-words 450 --max-words 800 --warm 40 --repeat 5"

# --- Benchmarks at scale (docs/performance.md has the figures and the machine they came from) ---
.PHONY: bench bench-seed bench-serve bench-explain bench-api bench-pages bench-export bench-alerts
PERF_DB ?= postgres://postgres@127.0.0.1:5432/ct_perf
PERF_EVENTS ?= 1000000
PERF_URL ?= http://127.0.0.1:8011
PERF_N ?= 200
PERF_C ?= 8
PERF_STATIC ?= /tmp/ct_perf_static
PERF_PIDFILE ?= /tmp/ct_perf_gunicorn.pid
# One cache for the four gunicorn workers, as in production (docs/scaling.md).
PERF_CACHE ?= redis://127.0.0.1:6379/13
PERF_ENV = DATABASE_URL=$(PERF_DB) DEBUG=0 SECRET_KEY=bench-only-not-a-secret-0123456789abcdefghijklmnop \
	ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 API_THROTTLE_ANON=1000000/minute STATIC_ROOT=$(PERF_STATIC) \
	CACHE_URL=$(PERF_CACHE)

bench:
	@echo "Benchmarks, in order (each prints its figures):"
	@echo "  make bench-seed      # createdb + migrate + seed_synthetic --events $(PERF_EVENTS) into $(PERF_DB) (~4 min for 1M)"
	@echo "  make bench-explain   # EXPLAIN ANALYZE of the hot queries (which index each uses)"
	@echo "  make bench-serve     # gunicorn -w 4 on $(PERF_URL), DEBUG=0, in another terminal"
	@echo "  make bench-api       # API p50/p95/p99 and req/s"
	@echo "  make bench-pages     # pages p50/p95/p99 and req/s"
	@echo "  make bench-export    # 1M-row CSV export: rows/s, server and in-process memory"
	@echo "  make bench-ingest    # articles/s through Redis + 1 and 2 real workers (own database)"
	@echo "  make bench-ingest-news # the same for real ~600-word news (GeoWebNews, 450-800 words)"
	@echo "  make bench-extract   # the NLP pipeline alone"

bench-seed:
	psql "$(PERF_DB)" -c 'SELECT 1' >/dev/null 2>&1 || createdb -h 127.0.0.1 -U postgres $(notdir $(PERF_DB))
	DATABASE_URL=$(PERF_DB) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(PERF_DB) $(PY) manage.py seed_synthetic --events $(PERF_EVENTS)

bench-explain:
	DATABASE_URL=$(PERF_DB) $(PY) bench/explain.py --brief

bench-serve:
	$(PERF_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(PERF_ENV) $(VENV)/bin/gunicorn -c python:conflict_tracker.gunicorn_conf conflict_tracker.wsgi -w 4 -b $(subst http://,,$(PERF_URL)) --timeout 600 --pid $(PERF_PIDFILE)

# Alerts matching with 10,000 subscriptions on PostgreSQL (its own database, dropped after; docs/alerts.md).
bench-alerts: $(STAMP)
	$(PY) bench/alerts_match.py

bench-api:
	$(PY) bench/api.py $(PERF_URL) -n $(PERF_N) -c $(PERF_C) --skip-exports

bench-pages:
	$(PY) bench/pages.py $(PERF_URL) -n $(PERF_N) -c $(PERF_C)

bench-export:
	DATABASE_URL=$(PERF_DB) $(PY) bench/api.py $(PERF_URL) --exports-only --formats csv --in-process \
	  --server-pid $$(cat $(PERF_PIDFILE))

# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run setup lock vnu test fuzz test-fast lint format messages migrate demo worker backup restore clean bench

run: setup migrate demo ## Set up and start the portal, the Celery worker and beat (Ctrl-C stops all)
	@echo ""
	@echo "  Portal:  http://127.0.0.1:8000/        Admin: http://127.0.0.1:8000/admin/"
	@echo "  Mail is written to var/mail/ (one file per message)."
	@echo ""
	@$(PY) -m eged_portal.run

# Installs the exact versions of requirements-dev.lock (the portal's and the [dev] tools'),
# each checked against its hash.
$(STAMP): pyproject.toml requirements.lock requirements-dev.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet --require-hashes -r requirements-dev.lock
	@touch $(STAMP)

# requirements.lock (what the Dockerfile installs) and requirements-dev.lock (that plus the
# [dev] extra, for `make setup`) from pyproject.toml. Keeps the pinned versions that still
# fit; `make lock UPGRADE=1` moves every package to its newest allowed version.
COMPILE = $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links --no-header $(if $(UPGRADE),--upgrade)
lock: $(STAMP) ## Update the lock files after changing dependencies in pyproject.toml
	$(COMPILE) -o requirements.lock pyproject.toml
	$(COMPILE) --extra dev -c requirements.lock -o requirements-dev.lock pyproject.toml

setup: $(STAMP) .env messages ## Create .venv, install, write .env, compile translations

.env:
	cp .env.example .env

messages: $(STAMP)
	$(PY) manage.py compile_translations

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

# Three xdist workers on two cores: the integration tests (one group, on one worker) mostly
# wait for the processes they start; the third worker keeps both cores busy meanwhile.
test: setup ## Run the whole suite (unit, browser, integration when DATABASE_URL/REDIS_URL are set)
	$(VENV)/bin/pytest -n 3 --dist loadgroup --durations=15 -rs

# New random hostile input for every form, 100 cases each (about 20 minutes): what it finds
# becomes a plain example in tests/portal/test_hostile_input.py («What the fuzz found»).
fuzz: setup ## Hunt for server errors with random input (not part of make test)
	HYPOTHESIS_PROFILE=thorough $(VENV)/bin/pytest -p no:xdist -x \
	    tests/portal/test_hostile_input.py tests/applications/test_stored_scores.py

# The Nu HTML checker (a 30 MB Java program, not kept in git) from the npm registry, for
# tests/portal/test_html_checker.py; needs java and npm. .ci/run fetches it.
VNU_VERSION ?= 26.9.27
vnu: var/vnu/vnu.jar
var/vnu/vnu.jar:
	mkdir -p var/vnu/pack
	cd var/vnu/pack && npm pack --silent vnu-jar@$(VNU_VERSION) >/dev/null && tar xzf vnu-jar-$(VNU_VERSION).tgz
	cp var/vnu/pack/package/build/dist/vnu.jar $@ && rm -rf var/vnu/pack

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Issue #12: builds a large programme on PostgreSQL (database eged_bench, Redis db 3 unless
# DATABASE_URL / REDIS_URL say otherwise) and prints each figure beside its reference.
# Needs wrk (apt-get install wrk) for the throughput benchmark. The deadline-day load
# (bench/load.py: gunicorn, a worker at nice 10, 200 members; BENCH_LOAD_MEMBERS and
# BENCH_LOAD_SECONDS shrink it) is part of it. See docs/benchmarks.md.
BENCH_SCALE ?= 1
BENCH_REPEAT ?= 3
bench: setup messages ## Run the benchmark suite (BENCH_SCALE=0.02 for a quick run)
	DJANGO_SETTINGS_MODULE=bench.settings $(PY) -m bench run --scale $(BENCH_SCALE) \
	    --repeat $(BENCH_REPEAT) --output var/bench/results.md

worker: setup
	nice -n 10 $(VENV)/bin/celery -A eged_portal worker --beat --loglevel=INFO --schedule=var/celerybeat-schedule

backup: ## Back up the database and uploaded files: make backup [FILE=x.tar.gz] (default: BACKUP_DIR)
	$(PY) manage.py backup $(FILE)

restore: ## Check a backup whole, then replace the database and uploaded files: make restore FILE=…tar.gz
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/eged-….tar.gz"; exit 2; }
	$(PY) manage.py restore "$(FILE)"

clean:
	rm -rf $(VENV) var/celery-queue var/celery-processed var/celerybeat-schedule*

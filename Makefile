# Two commands matter: `make run` and `make test`. Everything else is a step
# they depend on. All targets are idempotent.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium

.PHONY: install run test test-fast lint format lock messages bench data clean browser

install: $(VENV)/.installed node_modules/.installed

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version))."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(VENV)/bin/python requirements-dev.lock
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js) is needed for the browser-test assets."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

data: $(VENV)/.installed
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_geography
	$(PY) manage.py load_inventory
	$(PY) manage.py load_reply_templates
	$(PY) manage.py clean_orphans

run: data
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# The suite needs Debian's Chromium (browser tests) and redis-server (the task
# queue test). As root we install what is missing (idempotent); otherwise we
# stop with a clear message instead of silently skipping, unless
# SKIP_BROWSER_TESTS=1 says so explicitly for the browser tests.
browser:
	@if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then scripts/install-system-packages; fi
	@command -v redis-server >/dev/null || { echo "ERROR: redis-server is missing. Install it with 'sudo apt-get install redis-server' (Debian)."; exit 1; }
	@if [ -x "$(CHROMIUM)" ]; then exit 0; fi; \
	if [ "$${SKIP_BROWSER_TESTS:-0}" = "1" ]; then \
		echo "WARNING: $(CHROMIUM) not found; browser and accessibility tests are SKIPPED (SKIP_BROWSER_TESTS=1)."; exit 0; fi; \
	echo "ERROR: $(CHROMIUM) is missing. Install it with 'sudo apt-get install chromium' (Debian), or run 'SKIP_BROWSER_TESTS=1 make test' to skip the browser tests knowingly."; exit 1

test: install browser
	$(PY) manage.py makemigrations --check --dry-run >/dev/null || { echo "Model changes without a migration: run '$(PY) manage.py makemigrations'."; exit 1; }
	@if [ -x "$(CHROMIUM)" ]; then $(PY) -m pytest $(PYTEST_ARGS); \
	else $(PY) -m pytest -m "not browser" $(PYTEST_ARGS); fi

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Regenerate the lock files after changing pyproject.toml.
lock: $(VENV)/bin/python
	$(PY) -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe -o requirements.lock pyproject.toml
	$(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --extra dev -o requirements-dev.lock pyproject.toml
	$(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe -o bench/requirements-splink.lock bench/requirements-splink.in

# English for the whole site; the other languages for the reporting path.
LANGS = en pl ro bg uk ar
messages: install
	$(PY) manage.py makemessages $(foreach l,$(LANGS),-l $(l)) --no-obsolete --add-location=file --ignore=.venv --ignore=node_modules
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

bench: data bench-deps
	$(PY) bench/route_load.py
	$(PY) bench/report_load.py
	$(PY) bench/link_bench.py --splink

# Splink (for the linking comparison) has its own locked virtualenv, so its
# many dependencies never enter the application's.
bench-deps: bench/.venv-splink/.installed
bench/.venv-splink/.installed: bench/requirements-splink.lock
	python3 -m venv bench/.venv-splink
	bench/.venv-splink/bin/python -m pip install --quiet --require-hashes -r bench/requirements-splink.lock
	touch $@

clean:
	rm -rf $(VENV) node_modules var build .pytest_cache .ruff_cache

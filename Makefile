# Two commands matter: `make run` and `make test`. Everything else is a step
# they depend on. All targets are idempotent.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium

.PHONY: install install-redis install-batch install-dev check-base run test test-fast lint format lock messages bench data clean browser

# Python packages come in four locked sets (docs/adr/0010-optional-extras.md):
# requirements.lock is what `make run` needs (inline background work);
# -redis adds the RQ queue backend, -batch DuckDB for the SQL batch linker,
# -dev the tools and both extras, because the suite tests both.
install: $(VENV)/.installed
install-redis: $(VENV)/.installed-redis
install-batch: $(VENV)/.installed-batch
install-dev: $(VENV)/.installed-dev node_modules/.installed

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version))."; exit 1; }
	$(PYTHON) -m venv $(VENV)

# phonenumberslite replaced phonenumbers: both install the package
# "phonenumbers", so an old full copy goes first or the two would share files.
define install_lock
	$(PY) -m pip install --quiet --upgrade pip
	@if $(PY) -m pip show --quiet phonenumbers 2>/dev/null; then \
		$(PY) -m pip uninstall --quiet --yes phonenumbers phonenumberslite; fi
	$(PY) -m pip install --quiet --require-hashes -r $<
	touch $@
endef

$(VENV)/.installed: requirements.lock | $(VENV)/bin/python
	$(install_lock)
$(VENV)/.installed-redis: requirements-redis.lock | $(VENV)/bin/python
	$(install_lock)
$(VENV)/.installed-batch: requirements-batch.lock | $(VENV)/bin/python
	$(install_lock)
$(VENV)/.installed-dev: requirements-dev.lock | $(VENV)/bin/python
	$(install_lock)

# The plain install must stay enough to start the site: a fresh virtualenv
# with requirements.lock only runs Django's checks (CI runs this).
check-base:
	rm -rf build/venv-base
	$(PYTHON) -m venv build/venv-base
	build/venv-base/bin/python -m pip install --quiet --require-hashes -r requirements.lock
	build/venv-base/bin/python manage.py check
	@for module in duckdb django_tasks_rq django_rq rq rq_scheduler freezegun; do \
		! build/venv-base/bin/python -c "import $$module" 2>/dev/null || { echo "$$module is in the plain install"; exit 1; }; done
	@# Asking for what an extra gives says which extra to install.
	@REDIS_URL=redis://127.0.0.1:1/0 build/venv-base/bin/python manage.py check 2>&1 | grep -q '\[redis\]' || \
		{ echo "REDIS_URL without the [redis] extra does not name the extra"; exit 1; }
	@DJANGO_SETTINGS_MODULE=config.settings build/venv-base/bin/python -c 'import django; django.setup(); import trafficking.linking.sql' 2>&1 | grep -q '\[batch\]' || \
		{ echo "the SQL linker without the [batch] extra does not name the extra"; exit 1; }
	rm -rf build/venv-base

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js) is needed for the browser-test assets."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

data: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_geography
	$(PY) manage.py load_inventory
	$(PY) manage.py load_campaigns
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

test: install-dev browser
	$(PY) manage.py makemigrations --check --dry-run >/dev/null || { echo "Model changes without a migration: run '$(PY) manage.py makemigrations'."; exit 1; }
	@if [ -x "$(CHROMIUM)" ]; then $(PY) -m pytest $(PYTEST_ARGS); \
	else $(PY) -m pytest -m "not browser" $(PYTEST_ARGS); fi

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Regenerate the lock files after changing pyproject.toml. Each is a whole,
# hash-pinned set; pip-compile keeps a file's existing pins, and a new file
# starts from the dev lock's, so the four agree on shared versions.
COMPILE = $(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links
lock: $(VENV)/bin/python
	$(PY) -m pip install --quiet pip-tools
	$(COMPILE) --extra dev --extra redis --extra batch -o requirements-dev.lock pyproject.toml
	for extra in redis batch; do [ -f requirements-$$extra.lock ] || cp requirements-dev.lock requirements-$$extra.lock; \
		$(COMPILE) --extra $$extra -o requirements-$$extra.lock pyproject.toml || exit 1; done
	$(COMPILE) -o requirements.lock pyproject.toml
	$(COMPILE) -o bench/requirements-splink.lock bench/requirements-splink.in

# English for the whole site; the other languages for the reporting path.
LANGS = en pl ro bg uk ar
messages: install
	$(PY) manage.py makemessages $(foreach l,$(LANGS),-l $(l)) --no-obsolete --add-location=file --ignore=.venv --ignore=node_modules
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

bench: data bench-deps
	$(PY) bench/route_load.py
	$(PY) bench/report_load.py
	$(PY) bench/link_bench.py --splink
	$(PY) bench/effect_bench.py
	$(PY) bench/poster_bench.py
	$(PY) bench/campaign_pages_load.py

# Splink (for the linking comparison) has its own locked virtualenv, so its
# many dependencies never enter the application's.
bench-deps: bench/.venv-splink/.installed
bench/.venv-splink/.installed: bench/requirements-splink.lock
	python3 -m venv bench/.venv-splink
	bench/.venv-splink/bin/python -m pip install --quiet --require-hashes -r bench/requirements-splink.lock
	touch $@

clean:
	rm -rf $(VENV) node_modules var build .pytest_cache .ruff_cache .mypy_cache

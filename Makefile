# Strategia — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1

# `make run` is a laptop: debug on, SQLite under var/ unless DATABASE_URL says otherwise.
RUN_ENV := DEBUG=$${DEBUG:-1}

.PHONY: run serve test install install-test lint format migrate-check messages clean bench screenshots axe

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# axe-core for the browser tests' accessibility check, from the npm registry into the
# git-ignored var/axe/ (never committed); the version is pinned here.
AXE_VERSION = 4.14.1
AXE = var/axe/node_modules/axe-core/axe.min.js
$(AXE):
	npm install --silent --no-audit --no-fund --no-save --prefix var/axe axe-core@$(AXE_VERSION)
axe: $(AXE)

run: install
	mkdir -p var
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py load_default_content --if-empty
	$(RUN_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

# Production: gunicorn with the settings of the environment (DEBUG off; SECRET_KEY,
# ALLOWED_HOSTS, DATABASE_URL, REDIS_URL… must be set). Migrations are a step of an
# upgrade of their own (docs/deployment.md), not of every start.
serve: install
	$(PY) manage.py check --deploy --fail-level WARNING
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(VENV)/bin/gunicorn --config config/gunicorn.conf.py

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrate-check: install-test
	mkdir -p var/static
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# Tests run with DEBUG=1 only so that settings load without a production
# SECRET_KEY; pytest-django runs the tests themselves with DEBUG off.
test: lint migrate-check $(AXE)
	DEBUG=1 $(VENV)/bin/pytest -n 2 -q

# Each app keeps its own catalogue under strategia/<app>/locale/.
messages: install
	for app in strategia/*/; do \
	  if [ -d $$app/locale ]; then \
	    (cd $$app && DEBUG=1 ../../$(PY) ../../manage.py makemessages -l fi -l sv -l en --no-obsolete); \
	  fi; \
	done
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

# The browser tests (headless Chromium at /usr/bin/chromium): the home page's first screen,
# no sideways scrolling at 360 px, and screenshots of the main pages under var/screenshots/.
screenshots: install-test $(AXE)
	DEBUG=1 $(VENV)/bin/pytest -q -p no:cacheprovider strategia/public/tests/test_browser.py
	@echo "Screenshots: var/screenshots/"

bench: install-test
	DEBUG=1 $(PY) bench/run.py

clean:
	rm -rf $(VENV) var/static

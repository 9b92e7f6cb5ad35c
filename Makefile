# The two commands: `make demo` serves the demo network; `make test` checks everything.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.12 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test lint install install-test browser serve-demo stack stack-test

# The browser tests run in a pytest session of their own: they use a transactional database
# and a live server, and sharing a session with the rest of the suite has proved fragile.
# Each session migrates once and clones the database for each xdist worker (tests/plugins/
# database.py); each browser worker has its own live server and Chromium.

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12 or newer is needed (see .python-version).")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# --no-compile: Python compiles each module when it is first imported; compiling every installed
# package up front took half the install's time (about 30 s).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --no-compile --editable .
	touch $@

# The test install includes the project's own (one pip run, not two), so it marks both done.
$(VENV)/.installed-test: pyproject.toml tests/js/package-lock.json | $(BIN)/python
	$(BIN)/python -m pip install --quiet --no-compile --editable ".[test]"
	@# The independent readers of calendars and HTML (ical.js, the Nu HTML Checker), pinned.
	npm ci --prefix tests/js --no-audit --no-fund --loglevel=error
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Debian's Chromium for the browser tests; without root and without a browser they are skipped.
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-dejavu-core; \
	else echo "No /usr/bin/chromium and not root: browser tests will be skipped."; fi

demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_network
	$(BIN)/python manage.py rebuild_search
	$(BIN)/python manage.py schedule_periodic_tasks
	@$(MAKE) --no-print-directory serve-demo

# The task worker runs beside the web server; Ctrl-C stops both.
serve-demo:
	@echo "Serving the demo on http://$(HOST):$(PORT)/ with the task worker. Ctrl-C stops both."
	@$(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python tests/architecture/check_view_orm.py
	$(BIN)/djlint templates --lint

test: install-test browser lint
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -m "not browser and not stack" -n auto $(PYTEST_ARGS)
	$(BIN)/pytest -m browser -n 2 $(PYTEST_ARGS)

# The production stack on this machine (nginx, 2 pools of 2 gunicorns, 2 workers, PostgreSQL,
# Redis, moto S3) under honcho; see the README's Deployment section. Ctrl-C stops it.
stack: install-test
	deploy/stack.sh up

# Start the stack in the background, run its checks (tests/stack, marked `stack`), stop it.
stack-test: install-test
	deploy/stack.sh start
	set -a; . var/stack/stack.env; set +a; \
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/pytest tests/stack -m stack -p no:cacheprovider -n 0 $(PYTEST_ARGS); \
	status=$$?; deploy/stack.sh stop; exit $$status

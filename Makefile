# ClaimDesk: `make run` sets everything up and serves the demo; `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
SIM_PORT ?= 8100
CP_SIM_PORT ?= $(shell echo $$(( $(SIM_PORT) + 100 )))

# The first interpreter >= 3.12 found: the user's python3.13 / python3.12, then pyenv's, then python3.
PYENV_ROOT_DIR := $(shell pyenv root 2>/dev/null || echo $(HOME)/.pyenv)
PY_CANDIDATES := python3.13 python3.12 \
	$(wildcard $(PYENV_ROOT_DIR)/versions/3.13*/bin/python3) \
	$(wildcard $(PYENV_ROOT_DIR)/versions/3.12*/bin/python3) \
	python3
SYSTEM_PYTHON := $(shell for p in $(PY_CANDIDATES); do \
	if $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then \
	echo $$p; break; fi; done)

# Demo secrets are generated once into var/demo.env (never committed) and exported to every command.
WITH_ENV := set -a; [ -f var/demo.env ] && . var/demo.env; set +a;

.PHONY: help run setup demo-env test test-pg test-browser screenshots lint check-deploy bench lock clean python

help:
	@echo "make run    set up (virtualenv, dependencies, database, demo data) and serve ClaimDesk"
	@echo "make test   set up and run the whole test suite (SQLite)"
	@echo "make test-pg / test-browser / screenshots / lint / check-deploy / bench / lock / clean"

python:
	@if [ -z "$(SYSTEM_PYTHON)" ]; then \
		echo "ClaimDesk needs Python 3.12 or newer, and none was found."; \
		echo "Install python3.13 or python3.12 (or make it visible on PATH) and run make again."; \
		exit 1; fi

$(BIN)/activate: | python
	$(SYSTEM_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.base-installed: requirements/base.txt $(BIN)/activate
	$(PY) -m pip install --quiet -r requirements/base.txt
	touch $@

$(VENV)/.dev-installed: requirements/dev.txt requirements/base.txt $(BIN)/activate
	$(PY) -m pip install --quiet -r requirements/dev.txt
	touch $(VENV)/.base-installed $@

# Always run: an existing file from an older version gains the settings it lacks (never overwritten).
demo-env: | $(VENV)/.base-installed
	@$(PY) scripts/make_demo_env.py var/demo.env

setup: $(VENV)/.base-installed demo-env
	$(WITH_ENV) $(PY) manage.py migrate --noinput --verbosity 0
	$(WITH_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0

run: setup
	$(WITH_ENV) $(PY) scripts/run_stack.py --host $(HOST) --port $(PORT) --sim-port $(SIM_PORT) --cp-sim-port $(CP_SIM_PORT)

# The browser tests audit every page with axe-core (WCAG 2.1 AA), installed from npm at the version
# package-lock.json pins; it is a test tool only, never copied into the repository or served.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: $(VENV)/.dev-installed node_modules/.installed
	$(BIN)/pytest $(PYTEST_ARGS)

DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
test-pg: $(VENV)/.dev-installed
	DATABASE_URL=$(DATABASE_URL) $(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

test-browser: $(VENV)/.dev-installed node_modules/.installed
	CLAIMDESK_REQUIRE_BROWSER=1 $(BIN)/pytest -m browser $(PYTEST_ARGS)

# Refresh the README's screenshots: the browser tests take them.
screenshots: $(VENV)/.dev-installed node_modules/.installed
	CLAIMDESK_REQUIRE_BROWSER=1 CLAIMDESK_SCREENSHOT_DIR=$(CURDIR)/docs/screenshots $(BIN)/pytest -m browser $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -c pyproject.toml -r . -ll

# The production posture must pass Django's deployment checks with no warning at all.
check-deploy: $(VENV)/.base-installed
	CLAIMDESK_ENV=production DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	CLAIMDESK_ENCRYPTION_KEYS=ci:$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(32))') \
	DJANGO_ALLOWED_HOSTS=claimdesk.example DATABASE_URL=sqlite:///:memory: \
	$(PY) manage.py check --deploy --fail-level WARNING

bench: $(VENV)/.dev-installed
	$(BIN)/python bench/run.py

# Regenerate the pinned lock files from requirements/*.in in a scratch virtualenv.
lock: | python
	rm -rf .lockvenv && $(SYSTEM_PYTHON) -m venv .lockvenv
	.lockvenv/bin/pip install --quiet --upgrade pip
	.lockvenv/bin/pip install --quiet -r requirements/base.in
	(echo "# Pinned runtime dependencies (make lock regenerates this file)."; \
	 .lockvenv/bin/pip freeze --all --exclude pip) > requirements/base.txt
	.lockvenv/bin/pip install --quiet -r requirements/dev.in
	(echo "# Pinned test and quality tools (make lock regenerates this file)."; echo "-r base.txt"; \
	 .lockvenv/bin/pip freeze --all --exclude pip | grep -vxFf requirements/base.txt) > requirements/dev.txt
	rm -rf .lockvenv

clean:
	rm -rf $(VENV) var/ staticfiles/ .pytest_cache node_modules/

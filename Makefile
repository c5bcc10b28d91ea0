# Two commands on a fresh machine:
#   make run    set everything up, load demo data once, start the app on 127.0.0.1:8000
#   make test   set everything up and run every check and test
# With CI=true, `make test` also runs the whole suite on PostgreSQL and insists on
# the browser tests running; outside CI those parts may skip, saying why.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

VENV ?= .venv
PYTHON := $(VENV)/bin/python
RUFF := $(VENV)/bin/ruff
MYPY := $(VENV)/bin/mypy
PYTEST := $(PYTHON) -m pytest
# Each installer leaves a stamp, so it reruns only when its lock file changes.
VENV_STAMP := $(VENV)/.stamp-requirements
NODE_STAMP := node_modules/.stamp-package-lock

CHROMIUM := /usr/bin/chromium
# Fonts for the PDF reports (and for Chromium in the browser tests): DejaVu for most
# scripts, WenQuanYi for Chinese (王芳) and Lohit for Devanagari (सुनीता).
FONT_FILES := /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
	/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf \
	/usr/share/fonts/truetype/wqy/wqy-microhei.ttc \
	/usr/share/fonts/truetype/lohit-devanagari/Lohit-Devanagari.ttf
FONT_PACKAGES := fonts-dejavu-core fonts-wqy-microhei fonts-lohit-deva
# Chromium for the browser tests; qpdf checks the PDFs' structure, pdftoppm (poppler)
# renders their pages to PNG.
TOOL_FILES := $(CHROMIUM) /usr/bin/qpdf /usr/bin/pdftoppm
TOOL_PACKAGES := chromium qpdf poppler-utils
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/hospital
PYTEST_ARGS ?=

.PHONY: help install venv node_modules fonts browser migrate run test test-sqlite test-postgres load bench lint format clean

help:
	@echo "make run     set up, migrate, load demo data if empty, serve on http://127.0.0.1:8000"
	@echo "make test    set up, lint, check migrations, run the tests (CI=true: also on PostgreSQL)"
	@echo "make load    50 simulated nurses for 60 s against gunicorn + PostgreSQL (loopback)"
	@echo "make bench   page, check, dashboard and PDF speed against floors, SQLite and PostgreSQL"
	@echo "make lint    ruff check, ruff format --check, then mypy on the domain code"
	@echo "make format  ruff format and ruff check --fix"
	@echo "make clean   remove the virtualenv, node_modules, caches and collected static files"

# --- Set-up --------------------------------------------------------------------------

install: venv node_modules

venv: $(VENV_STAMP)

$(VENV_STAMP): requirements.txt
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

node_modules: $(NODE_STAMP)

$(NODE_STAMP): package-lock.json package.json
	npm ci --no-audit --no-fund
	touch $@

# Debian packages, installed when missing and the user is root. Otherwise CI fails (it
# must run everything) and a person is told what to install; what needs them skips.
define apt_ensure
	@missing=""; for f in $(1); do [ -e "$$f" ] || missing="$$missing $$f"; done; \
	if [ -z "$$missing" ]; then \
		exit 0; \
	elif [ "$$(id -u)" = "0" ]; then \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update; \
		apt-get install -y --no-install-recommends $(2); \
	elif [ "$${CI:-}" = "true" ]; then \
		echo "ERROR: missing$$missing and only root can install them ($(2))." >&2; \
		exit 1; \
	else \
		echo "NOTE: not root, so$$missing stay missing; $(3)." \
			"As root: apt-get install -y $(2)"; \
	fi
endef

fonts:
	$(call apt_ensure,$(FONT_FILES),$(FONT_PACKAGES),PDF reports cannot be built without DejaVu)

# Debian's Chromium for the Playwright browser tests (Playwright cannot download its own
# build here), and the PDF tools.
browser: fonts
	$(call apt_ensure,$(TOOL_FILES),$(TOOL_PACKAGES),browser and PDF-tool tests will skip)

migrate: venv
	$(PYTHON) manage.py migrate --noinput

# --- Run -----------------------------------------------------------------------------

# The demo runs with DEBUG off, so people see the app's own error pages (a nurse
# opening another ward's patient gets a plain 404, not Django's debug page).
DEMO_SECRET := .demo-secret-key

$(DEMO_SECRET): | venv
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

run: install fonts migrate $(DEMO_SECRET)
	$(PYTHON) manage.py collectstatic --noinput --verbosity 0
	$(PYTHON) manage.py seed_demo --if-empty
	DEBUG=false SECRET_KEY="$$(cat $(DEMO_SECRET))" $(PYTHON) manage.py runserver 127.0.0.1:8000

# --- Checks and tests ----------------------------------------------------------------

# mypy checks the packages listed under [tool.mypy] files in pyproject.toml.
lint: venv
	$(RUFF) check .
	$(RUFF) format --check .
	$(MYPY)

format: venv
	$(RUFF) format .
	$(RUFF) check --fix .

test: install browser lint
	$(PYTHON) manage.py makemigrations --check --dry-run
	$(MAKE) --no-print-directory test-sqlite
	@if [ "$${CI:-}" = "true" ]; then \
		$(MAKE) --no-print-directory test-postgres; \
	else \
		echo "NOTE: PostgreSQL run skipped (set CI=true, or run 'make test-postgres')."; \
	fi

# Tests marked `postgres` cannot run on SQLite; under CI they run in the PostgreSQL
# pass instead of skipping, so they are deselected here.
test-sqlite: install
	@echo "=== Test suite on SQLite ==="
	env -u DATABASE_URL $(PYTEST) $(if $(filter true,$(CI)),-m "not postgres") $(PYTEST_ARGS)

test-postgres: install
	@echo "=== Test suite on PostgreSQL ($(POSTGRES_URL)) ==="
	DATABASE_URL=$(POSTGRES_URL) $(PYTEST) $(PYTEST_ARGS)

# --- Load ----------------------------------------------------------------------------

# Recreates the database LOAD_DATABASE_URL names (its name must contain "load"), seeds
# it, runs gunicorn on 127.0.0.1 and LOAD_NURSES simulated nurses for LOAD_SECONDS, then
# checks every accepted check is in the database once and nothing else is. Exit 1 on any
# server error or lost, unexpected or duplicated record. Figures: load/results.json.
LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/hospital_load
LOAD_NURSES ?= 50
LOAD_SECONDS ?= 60
LOAD_ARGS ?=

load: install
	$(PYTHON) manage.py collectstatic --noinput --verbosity 0
	$(PYTHON) -m load.run --database-url $(LOAD_DATABASE_URL) --nurses $(LOAD_NURSES) \
		--seconds $(LOAD_SECONDS) $(LOAD_ARGS)

# --- Benchmark -----------------------------------------------------------------------

# Not part of `make test`. Seeds the 40-ward hospital with 30 and 365 days of history on
# SQLite (bench/.cache/) and PostgreSQL (bench_hist30, bench_hist365 on 127.0.0.1), once a
# day, then measures pages, check recording, dashboards and PDF reports against floors
# measured in the same run. Prints a table, writes bench/results.json; exits 1 only if
# the harness failed. BENCH_ARGS: e.g. --quick, --fresh, --engines sqlite (docs/performance.md).
BENCH_ARGS ?=

bench: install fonts
	$(PYTHON) manage.py collectstatic --noinput --verbosity 0
	$(PYTHON) -m bench.run $(BENCH_ARGS)

# --- Housekeeping --------------------------------------------------------------------

# Leaves db.sqlite3 alone: it may hold someone's demo data.
clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache .mypy_cache $(DEMO_SECRET)
	find . -path ./.git -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

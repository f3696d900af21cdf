# Two commands on a fresh machine: `make run` (the shop with demo data) and `make test`.
# Any Python 3.11 or newer: `make PYTHON=python3.13 VENV=.venv313 test-fast` keeps a second one apart.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
# The Werkzeug debugger runs any Python typed into a page: only for a browser on this machine.
DEBUGGER = $(if $(filter 127.0.0.1 localhost,$(HOST)),--debugger,--no-debugger)
export FLASK_APP := wsgi
PYTEST_ARGS ?=

.PHONY: run test test-fast install install-dev lock audit translations compile-translations db demo clean bench

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "$(PYTHON) is Python %d.%d.%d; Mercado Colectivo needs Python 3.11 or newer (make PYTHON=python3.11 ...)" % sys.version_info[:3])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Every dependency from a lock file, each checked against its hash; then the project alone.
$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.installed

# After changing the dependencies in pyproject.toml: pin them again, with their hashes.
PIP_COMPILE = $(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links
lock: | $(BIN)/python
	$(BIN)/pip install --quiet pip-tools==7.6.2
	$(PIP_COMPILE) --output-file requirements.lock pyproject.toml
	$(PIP_COMPILE) --extra dev --output-file requirements-dev.lock pyproject.toml

# Known vulnerabilities in the locked dependencies, from PyPI's advisory data (the OSV database).
audit: | $(BIN)/python
	$(BIN)/pip install --quiet pip-audit==2.10.1
	$(BIN)/pip-audit --progress-spinner off --vulnerability-service pypi --require-hashes --disable-pip -r requirements-dev.lock

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

compile-translations: $(VENV)/.installed
	$(BIN)/pybabel -q compile -d translations

# Extract every UI string, merge it into each catalogue, compile. Only dot-folders are skipped:
# Babel would otherwise skip templates/_macros as well.
translations: $(VENV)/.installed
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext --ignore-dirs ".*" -o translations/messages.pot .
	$(BIN)/pybabel -q update -i translations/messages.pot -d translations --no-fuzzy-matching
	$(BIN)/pybabel -q compile -d translations

db: $(VENV)/.installed
	FLASK_DEBUG=1 $(BIN)/flask db upgrade

demo: db
	FLASK_DEBUG=1 $(BIN)/flask demo load

# Jobs run in this process (no Redis needed); so does the schedule of the periodic ones.
run: compile-translations demo
	FLASK_DEBUG=1 JOBS_SCHEDULE_IN_PROCESS=1 PUBLIC_BASE_URL=$${PUBLIC_BASE_URL:-http://127.0.0.1:$(PORT)} $(BIN)/flask run --host $(HOST) --port $(PORT) $(DEBUGGER)

test: install-dev compile-translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# What to run on every save: no browser, nothing slow.
test-fast: install-dev compile-translations
	$(BIN)/python -m pytest -m "not browser and not slow" -q $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) instance .pytest_cache

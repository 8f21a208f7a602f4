# Nuea News: `make serve` to see the site, `make test` to run every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
BUILD := $(BIN)/python -m scripts.build
INSTALLED := $(VENV)/.installed

.PHONY: help venv html publish publish-story serve devserver test check story import-legacy clean

help:
	@echo "make serve      build and serve the site (and the read counter) at http://$(HOST):$(PORT)"
	@echo "make test       install everything and run the whole test suite"
	@echo "make html       build the site into output/"
	@echo "make devserver  serve and rebuild on every save"
	@echo "make publish    production build with publishconf.py"
	@echo "make publish-story FILES='content/news/2569/x.md ...' [SETTINGS=publishconf.py]  publish stories in seconds"
	@echo "make check      report every content problem at once"
	@echo "make story      create a new story file (asks for the fields; or ARGS='--title ... --agency ...')"
	@echo "make import-legacy PAGE=old.html ARGS='--id ... --legacy-url ...'  import an old-site story page"
	@echo "make clean      remove output/ and caches"

$(INSTALLED): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt
	$(BIN)/python -m pip install -q --no-deps -e .  # nuea/, plugins/, readcounter/, scripts/ as packages
	touch $@

venv: $(INSTALLED)

html: venv
	$(BUILD) -s pelicanconf.py

publish: venv
	$(BUILD) -s publishconf.py

SETTINGS ?= pelicanconf.py
publish-story: venv
	$(BIN)/python scripts/publish.py $(FILES) --settings $(SETTINGS)

serve: html
	$(BIN)/python scripts/serve.py --host $(HOST) --port $(PORT)

devserver: html
	$(BIN)/python scripts/serve.py --host $(HOST) --port $(PORT) --rebuild

test: venv
	$(BIN)/python -m pytest

check: venv
	$(BIN)/python scripts/check_content.py

story: venv
	$(BIN)/python scripts/new_story.py $(ARGS)

import-legacy: venv
	$(BIN)/python scripts/import_legacy.py $(PAGE) $(ARGS)

clean:
	rm -rf output cache .pytest_cache

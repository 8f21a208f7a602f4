# Nuea News: `make serve` to see the site, `make test` to run every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
PELICAN := $(BIN)/pelican content -o output
INSTALLED := $(VENV)/.installed
# Node tools from npm, pinned, in a project folder (git-ignored): the current Nu HTML Checker for the tests,
# Lighthouse for bench/lighthouse.py. npm runs only here; the tests and the bench then work offline.
NODE_TOOLS := .tools/node
VNU_VERSION := 26.9.27
LIGHTHOUSE_VERSION := 12.2.3
VNU_JAR := $(NODE_TOOLS)/node_modules/vnu-jar/build/dist/vnu.jar
LIGHTHOUSE := $(NODE_TOOLS)/node_modules/.bin/lighthouse
NPM_INSTALL := npm install --prefix $(NODE_TOOLS) --no-save --no-package-lock --no-audit --no-fund --save-exact --ignore-scripts

.PHONY: help venv tools lighthouse html publish serve devserver test check story import-legacy clean

help:
	@echo "make serve      build and serve the site (and the read counter) at http://$(HOST):$(PORT)"
	@echo "make test       install everything and run the whole test suite"
	@echo "make html       build the site into output/"
	@echo "make devserver  serve and rebuild on every save"
	@echo "make publish    production build with publishconf.py"
	@echo "make check      report every content problem at once"
	@echo "make story      create a new story file (asks for the fields; or ARGS='--title ... --agency ...')"
	@echo "make import-legacy PAGE=old.html ARGS='--id ... --legacy-url ...'  import an old-site story page"
	@echo "make tools      install the Nu HTML Checker $(VNU_VERSION) (npm vnu-jar) that the tests use"
	@echo "make lighthouse install Lighthouse $(LIGHTHOUSE_VERSION) (npm) for bench/lighthouse.py"
	@echo "make clean      remove output/ and caches"

$(INSTALLED): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt
	touch $@

venv: $(INSTALLED)

$(VNU_JAR):
	$(NPM_INSTALL) vnu-jar@$(VNU_VERSION)

tools: $(VNU_JAR)

$(LIGHTHOUSE):
	$(NPM_INSTALL) vnu-jar@$(VNU_VERSION) lighthouse@$(LIGHTHOUSE_VERSION)

lighthouse: $(LIGHTHOUSE)

html: venv
	$(PELICAN) -s pelicanconf.py --fatal errors

publish: venv
	$(PELICAN) -s publishconf.py --fatal errors

serve: html
	$(BIN)/python scripts/serve.py --host $(HOST) --port $(PORT)

devserver: html
	$(BIN)/python scripts/serve.py --host $(HOST) --port $(PORT) --rebuild

test: venv tools
	$(BIN)/python -m pytest

check: venv
	$(BIN)/python scripts/check_content.py

story: venv
	$(BIN)/python scripts/new_story.py $(ARGS)

import-legacy: venv
	$(BIN)/python scripts/import_legacy.py $(PAGE) $(ARGS)

clean:
	rm -rf output cache .pytest_cache

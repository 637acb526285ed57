# The commands a newcomer types. `make site` and `make test` work from a fresh clone on a
# fresh Debian machine that has only Python 3.11+: they create .venv and install the rest.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

SIZES ?= 100 1000 3000

.PHONY: site serve test check lint pdf import bench clean help

help:
	@echo "make site    build the whole site into site/ (strict)"
	@echo "make test    run every test"
	@echo "make serve   live preview at http://127.0.0.1:8000"
	@echo "make check   validate every page and .bib entry (fast)"
	@echo "make pdf     the trainers' PDFs of the built site, into site/pdf/"
	@echo "make import  re-import the source documents into docs/documents/"
	@echo "make bench   engine vs plain Material (SIZES=100 for a quick run)"
	@echo "make lint    ruff, mypy --strict, actionlint and ShellCheck"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# The scripts too: the job summary's script (ruff, mypy --strict), the workflows (actionlint,
# which runs ShellCheck on their run: scripts) and the shell scripts (ShellCheck).
lint: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/ruff check handbook macros benchmarks scripts
	$(BIN)/ruff format --check handbook macros scripts
	$(BIN)/mypy
	$(BIN)/mypy --strict scripts/pr_summary.py
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/actionlint
	$(BIN)/shellcheck -x scripts/*.sh .ci/run

check: $(STAMP)
	$(BIN)/handbook check

# Build into a temporary folder and swap it in only when the build succeeded, so an
# interrupted or failed build never leaves a half-written site/ that could be deployed.
# The PDFs are made from the new site before the swap, so the published site always links
# to current PDFs; pages typeset by an earlier run are reused from the user's cache folder
# when nothing they depend on changed (HANDBOOK_NO_CACHE=1: typeset everything).
# scripts/ensure-pdf-deps.sh installs Pango and the fonts when missing.
site: $(STAMP)
	scripts/ensure-pdf-deps.sh
	$(BIN)/handbook check
	rm -rf site.new
	$(BIN)/mkdocs build --strict --site-dir site.new
	$(BIN)/handbook pdf --site site.new
	rm -rf site.old
	if [ -d site ]; then mv site site.old; fi
	mv site.new site
	rm -rf site.old

serve: $(STAMP)
	$(BIN)/mkdocs serve --livereload

pdf: $(STAMP)
	scripts/ensure-pdf-deps.sh
	$(BIN)/handbook pdf --site site

import: $(STAMP)
	$(BIN)/handbook import

# The browser tests drive Chromium and inject axe-core (npm). The scripts install what is
# missing with apt-get, as root or through password-less sudo (GitHub's runners), or name
# it: Debian's chromium package, or on Ubuntu Playwright's own Chromium. To run only some
# tests through make test, name them in PYTEST_ADDOPTS (tests/test_hosted_runner.py does).
test: $(STAMP)
	scripts/ensure-pdf-deps.sh
	scripts/ensure-browser-deps.sh
	$(MAKE) --no-print-directory node_modules/.installed
	$(BIN)/python -m pytest -q -n auto --dist loadfile

node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/run.py --sizes "$(SIZES)"

clean:
	rm -rf site site.new site.old $(VENV) *.egg-info

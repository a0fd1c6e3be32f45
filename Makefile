# Two commands matter: `make book` and `make test`. Everything else is a convenience.
# The first run creates .venv with the system python3 and installs the pinned lock; later runs reuse it.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-from-lock
HTML   := _build/html
PORT   ?= 8000
# Sphinx/Jupyter Book flags: warnings are errors, nitpicky references, report every warning before failing.
BOOKFLAGS := -W -n --keep-going

.PHONY: book instructor test assignments serve lab lint bench lock vendor-plotly clean help

help:
	@echo "make book   build the HTML book into $(HTML) (creates $(VENV) on first run)"
	@echo "make instructor  build the instructor edition into _build/instructor/html (not for students)"
	@echo "make test   run every test: notebooks, data package, helper package, build, browser"
	@echo "make assignments  seminar assignment packs (student and instructor notebooks, autograder, handout PDF) in _build/assignments"
	@echo "make serve  serve the built book on http://127.0.0.1:$(PORT)"
	@echo "make lab    open the chapters and exercises live in JupyterLab"
	@echo "make lint   ruff on the helper package and tests"
	@echo "make bench  measure build times and page weight"
	@echo "make lock   re-resolve requirements.lock from pyproject.toml"
	@echo "make vendor-plotly  refresh the served plotly.js bundle from npm (after upgrading plotly)"

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

book: $(STAMP)
	$(BIN)/python -m companion.build . $(BOOKFLAGS)

# The instructor edition: everything in the book plus instructor-only material (see README, Authoring).
instructor: $(STAMP)
	$(BIN)/python -m companion.build_edition instructor

test: $(STAMP)
	$(BIN)/ruff check companion tests
	$(BIN)/ruff format --check companion tests
	$(BIN)/python -m pytest

assignments: $(STAMP)
	$(BIN)/python -m companion.assignments

serve: $(STAMP)
	@test -d $(HTML) || $(MAKE) book
	$(BIN)/python -m companion.serve --port $(PORT) --directory $(HTML)

lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=.

lint: $(STAMP)
	$(BIN)/ruff check companion tests
	$(BIN)/ruff format --check companion tests

bench: $(STAMP)
	$(BIN)/python -m companion.bench

lock: $(STAMP)
	$(BIN)/pip-compile --quiet --all-extras --strip-extras --generate-hashes --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links --output-file requirements.lock pyproject.toml

vendor-plotly: $(STAMP)
	$(BIN)/python -m companion.vendor_plotly

clean:
	rm -rf _build

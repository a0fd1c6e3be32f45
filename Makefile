# Two commands matter: `make book` and `make test`. Everything else is a convenience.
# The first run creates .venv with the system python3 and installs the pinned lock; later runs reuse it.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-from-lock
HTML   := _build/html
PORT   ?= 8000
# Tests that need none of these fixtures: a built book, a browser, a Jupyter kernel, a fresh venv.
FAST := not build and not browser and not kernel and not venv and not hub
# The proxy a real JupyterHub needs (tests/test_hub.py), from the npm registry with a lock.
PROXY := tests/hub/node_modules/.bin/configurable-http-proxy

.PHONY: book instructor lms reader slides test test-fast assignments grade public-source class hub-proxy hub-lock serve lab lint bench lock vendor-plotly purge-css clean help

help:
	@echo "make book   build the HTML book into $(HTML) (creates $(VENV) on first run)"
	@echo "make instructor  build the instructor edition into _build/instructor/html (not for students)"
	@echo "make test   run every test: notebooks, data package, helper package, build, browser"
	@echo "make test-fast  lint and the tests that need no build, browser, kernel or venv (the edit loop)"
	@echo "make assignments  seminar assignment packs (student and instructor notebooks, autograder, A4 handout PDF; PAPER=letter) in _build/assignments"
	@echo "make grade ASSIGNMENT=ch3-assignment SUBMISSIONS=folder  grade returned notebooks: gradebook CSV and feedback"
	@echo "make public-source  the repository without instructor material, for publishing (_build/public-source)"
	@echo "make lms    quizzes for Canvas (QTI zip) and Moodle (XML) from the self-checks, in _build/lms (instructor material)"
	@echo "make reader the course readers: student and instructor editions as A4 PDFs in _build/reader"
	@echo "make slides a reveal.js deck per seminar plan in _build/slides (instructor material; opens offline)"
	@echo "make class  the class repository for a hub (CHAPTERS=\"2 4\" HUB=https://hub REPO=https://git/class; NO=\"--no-assignments\")"
	@echo "make serve  serve the built book on http://127.0.0.1:$(PORT)"
	@echo "make lab    open the chapters and exercises live in JupyterLab"
	@echo "make lint   ruff on the helper package and tests"
	@echo "make bench  measure build times and page weight"
	@echo "make lock   re-resolve requirements.lock from pyproject.toml"
	@echo "make vendor-plotly  refresh the served plotly.js bundle from npm (after upgrading plotly)"
	@echo "make purge-css  cut the theme's stylesheets to the rules the book uses (after a theme upgrade or a new kind of component)"

$(STAMP): requirements.lock pyproject.toml tools/pyproject.toml tools/bookbuild/quick_start.py
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . -e tools
	$(BIN)/python -m bookbuild.quick_start  # 3 s off every process that imports nbformat (see its docstring)
	@touch $(STAMP)

book: $(STAMP)
	$(BIN)/python -m bookbuild.build student

# The instructor edition: everything in the book plus instructor-only material (see README, Authoring).
instructor: $(STAMP)
	$(BIN)/python -m bookbuild.build instructor

# Checkers the tests run on the built pages (the Nu Html Checker), from npm by the lock in tools/npm.
# --ignore-scripts: vnu-jar's install script would download a Java runtime; Debian's Java runs the jar.
NPM_TOOLS := tools/npm/node_modules/.installed-from-lock
$(NPM_TOOLS): tools/npm/package-lock.json
	npm ci --prefix tools/npm --ignore-scripts --no-audit --no-fund --silent
	@touch $(NPM_TOOLS)

# Quizzes for learning platforms, read from the built book's self-checks (and the question bank's
# closed questions when it is present): instructor material, written beside the book, never in it.
lms: book
	$(BIN)/python -m bookbuild.lms

# The course readers: each edition built as one page and printed by Chromium (the instructor one
# carries model answers: never hand it to students).
reader: $(STAMP)
	$(BIN)/python -m bookbuild.reader

# Slides for the seminar plans, from the instructor edition; reveal.js from npm, pinned by the lock.
REVEAL := tools/slides/node_modules/reveal.js/package.json
$(REVEAL): tools/slides/package.json tools/slides/package-lock.json
	npm ci --prefix tools/slides --no-audit --no-fund --loglevel=error
	@touch $(REVEAL)

slides: instructor $(REVEAL)
	$(BIN)/python -m bookbuild.slides

# On every core (pytest-xdist; WORKERS=0 runs in one process). Modules go to the workers whole, in the
# order tests/conftest.py schedules them; builds into _build/ run once, under a lock.
WORKERS ?= auto
test: lint $(NPM_TOOLS) $(REVEAL)
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadscope --no-loadscope-reorder --durations=15

# The developer's edit loop: lint and every test that builds, executes and browses nothing.
test-fast: lint
	$(BIN)/python -m pytest -q -m "$(FAST)"

assignments: $(STAMP)
	$(BIN)/python -m bookbuild.assignments $(if $(PAPER),--paper $(PAPER))

# Grade a class offline: ASSIGNMENT names a built pack, SUBMISSIONS a folder of returned notebooks.
grade: $(STAMP)
	@test -n "$(ASSIGNMENT)" -a -n "$(SUBMISSIONS)" || { echo "usage: make grade ASSIGNMENT=ch3-assignment SUBMISSIONS=folder"; exit 2; }
	$(BIN)/python -m bookbuild.grade $(ASSIGNMENT) $(SUBMISSIONS)

# The tree a teacher may publish: no instructor guide, assignment sources, tests or instructor blocks.
public-source: $(STAMP)
	$(BIN)/python -m bookbuild.public_source

# The class repository a teacher pushes for JupyterHub (nbgitpuller), Binder or laptops: _build/class.
CHAPTERS ?=
HUB ?=
REPO ?=
NO ?=
class: book assignments
	$(BIN)/python -m bookbuild.classroom --chapters $(CHAPTERS) --hub "$(HUB)" --repo "$(REPO)" $(NO)

# The hub test's environment (jupyterhub, nbgitpuller, a notebook's libraries), pinned with hashes at the book's versions.
hub-lock: $(STAMP)
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
	  -c requirements.lock --output-file tests/hub/requirements.lock tests/hub/requirements.in

hub-proxy: $(PROXY)
$(PROXY): tests/hub/package.json tests/hub/package-lock.json
	npm ci --prefix tests/hub --no-audit --no-fund
	@touch $(PROXY)

serve: $(STAMP)
	@test -d $(HTML) || $(MAKE) book
	$(BIN)/python -m bookbuild.serve --port $(PORT) --directory $(HTML)

# Jupyter refuses to start as root unless told to; the flag is added only then.
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=. $(if $(filter 0,$(shell id -u)),--allow-root)

lint: $(STAMP)
	$(BIN)/ruff check companion tools tests
	$(BIN)/ruff format --check companion tools tests

bench: $(STAMP)
	$(BIN)/python -m bookbuild.bench

lock: $(STAMP)
	$(BIN)/pip-compile --quiet --all-extras --strip-extras --generate-hashes --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links --output-file requirements.lock pyproject.toml tools/pyproject.toml

vendor-plotly: $(STAMP)
	$(BIN)/python -m bookbuild.vendor_plotly

# PurgeCSS reads both editions' pages, so both are built first; then both again with the cut copies.
purge-css: $(NPM_TOOLS) book instructor
	$(BIN)/python -m bookbuild.purge_css
	$(BIN)/python -m bookbuild.build student
	$(BIN)/python -m bookbuild.build instructor

clean:
	rm -rf _build

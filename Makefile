# Two commands for everyone: `make lab` to teach, `make test` to check. Both set everything up first.
# Needs only Python 3.11+ and make; after the first install everything runs offline.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.kit-installed
PORT   ?= 8888
# Lab works on copies in classroom/ (not tracked): autosave and student edits never touch the lessons in notebooks/.
LAB_DIR ?= classroom
IP     ?= 127.0.0.1
# Open a browser only where there is a screen to open it on (headless servers just print the URL).
OPEN_BROWSER := $(if $(or $(DISPLAY),$(WAYLAND_DISPLAY),$(filter Darwin,$(shell uname -s))),,--no-browser)
# JupyterLab refuses to start as root unless told; containers and CI often run as root.
AS_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: help setup lab reset test lint clean

help:
	@echo "make lab    set up (first time) and open JupyterLab on working copies of the lessons (classroom/)"
	@echo "make reset  replace the working copies in classroom/ with fresh lessons from notebooks/"
	@echo "make test   set up (first time) and run the whole test suite"
	@echo "make lint   ruff over kit/, tests/ and the notebooks"
	@echo "make clean  remove the virtual environment and build outputs"

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; v = sys.version_info; sys.exit(0 if v >= (3, 11) else "kit needs Python 3.11 or newer; this is %d.%d. Run: make PYTHON=python3.12 ..." % v[:2])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[lab,dev]"
	$(BIN)/python -m kit._setup_lab
	@touch $(STAMP)

lab: $(STAMP)
	@mkdir -p $(LAB_DIR)
	@if [ "$(LAB_DIR)" != "notebooks" ]; then cp -n notebooks/*.ipynb $(LAB_DIR)/ 2>/dev/null || true; fi
	@echo "Starting JupyterLab on $(LAB_DIR)/ -- open the http://$(IP):$(PORT)/lab?token=... URL printed below."
	$(BIN)/jupyter lab --notebook-dir=$(LAB_DIR) --ServerApp.ip=$(IP) --ServerApp.port=$(PORT) $(OPEN_BROWSER) $(AS_ROOT)

reset:
	rm -rf classroom && mkdir -p classroom && cp notebooks/*.ipynb classroom/
	@echo "classroom/ now holds fresh copies of the lessons."

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check kit tests notebooks

clean:
	rm -rf $(VENV) build .pytest_cache

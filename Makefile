# Two commands for everyone: `make lab` to teach, `make test` to check. Both set everything up first.
# Needs only Python 3.11+ and make; after the first install everything runs offline.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.kit-installed
PORT   ?= 8888
IP     ?= 127.0.0.1
# Open a browser only where there is a screen to open it on (headless servers just print the URL).
OPEN_BROWSER := $(if $(or $(DISPLAY),$(WAYLAND_DISPLAY),$(filter Darwin,$(shell uname -s))),,--no-browser)
# JupyterLab refuses to start as root unless told; containers and CI often run as root.
AS_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: help setup lab test lint render clean

help:
	@echo "make lab    set up (first time) and open JupyterLab on notebooks/"
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
	@echo "Starting JupyterLab on notebooks/ -- open the http://$(IP):$(PORT)/lab?token=... URL printed below."
	$(BIN)/jupyter lab --notebook-dir=notebooks --ServerApp.ip=$(IP) --ServerApp.port=$(PORT) $(OPEN_BROWSER) $(AS_ROOT)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check kit tests notebooks

clean:
	rm -rf $(VENV) build .pytest_cache

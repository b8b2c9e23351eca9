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

.PHONY: help setup lab reset present exercises grade test lint clean

help:
	@echo "make lab    set up (first time) and open JupyterLab on working copies of the lessons (classroom/)"
	@echo "make reset  replace the working copies in classroom/ with fresh lessons from notebooks/"
	@echo "make present  serve the lessons as code-free dashboards (Voila) for students who do not program"
	@echo "make exercises  build the student and grader versions of exercises/ into build/exercises/"
	@echo "make grade SUBMISSIONS=folder [GRADES=grades.csv]  grade a folder of student notebooks in batch"
	@echo "make test   set up (first time) and run the whole test suite"
	@echo "make lint   ruff over kit/, tests/ and the notebooks"
	@echo "make clean  remove the virtual environment and build outputs"

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; v = sys.version_info; sys.exit(0 if v >= (3, 11) else "kit needs Python 3.11 or newer; this is %d.%d. Run: make PYTHON=python3.12 ..." % v[:2])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[lab,dev,classroom,analyst]"
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

# Voila shows each lesson's text, widgets and charts without its code; the denylist skips Lab extensions built for
# a newer Lab than Voila's bundled front end (they only add console errors there).
VOILA_PORT ?= 8866
VOILA_DENY := @jupyter/nbgrader jupyterlab-jupytext @jupyter-notebook/lab-extension ipylab
# A dashboard whose tab was closed leaves its kernel behind (Voila cannot always shut it down); kernels with no
# open tab are stopped after 10 idle minutes. Open dashboards are never culled (cull_connected is off).
VOILA_CULL := --MappingKernelManager.cull_idle_timeout=600 --MappingKernelManager.cull_interval=60
# Like `make lab`, on the working copies in classroom/: what a dashboard saves (05's annotations) lands there.
present: $(STAMP)
	@mkdir -p $(LAB_DIR)
	@if [ "$(LAB_DIR)" != "notebooks" ]; then cp -n notebooks/*.ipynb $(LAB_DIR)/ 2>/dev/null || true; fi
	@echo "Serving the lessons in $(LAB_DIR)/ as dashboards: open http://$(IP):$(VOILA_PORT)/ and pick a lesson."
	$(BIN)/voila $(LAB_DIR) --no-browser --port=$(VOILA_PORT) --Voila.ip=$(IP) $(VOILA_CULL) \
		$(foreach x,$(VOILA_DENY),--VoilaConfiguration.extension_denylist=$(x))

exercises: $(STAMP)
	$(BIN)/python -m kit exercises build

SUBMISSIONS ?= submissions
GRADES ?= grades.csv
grade: $(STAMP)
	$(BIN)/python -m kit grade $(SUBMISSIONS) $(GRADES)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check kit tests notebooks exercises

clean:
	rm -rf $(VENV) build .pytest_cache

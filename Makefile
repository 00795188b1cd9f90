# Signpost: `make run` and `make test` each do all set-up on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# A real Python 3.10: pyenv's own build first (its `python3.10` shim fails unless 3.10 is active).
PYTHON310 ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.10*/bin/python3.10) \
	$(shell for p in /usr/bin/python3.10 /usr/local/bin/python3.10; do test -x $$p && echo $$p; done))
VENV := .venv
PY := $(VENV)/bin/python
MODEL := models/signpost.tar.gz
TRAINING_INPUTS := config.yml domain.yml $(wildcard data/nlu/*.yml data/stories/*.yml) \
	$(wildcard bot/nlu/*.py bot/language/*.py bot/text.py)
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 3
export PYTHONWARNINGS := ignore
TIMED := $(if $(wildcard /usr/bin/time),/usr/bin/time -o models/training-stats.txt -f "took %e s on $(shell nproc) cores; peak RSS %M KB",)

.PHONY: help install train run test eval bench validate browser clean

help:
	@echo "make run    install, train if needed, start everything on 127.0.0.1"
	@echo "make test   install, train if needed, run every test"
	@echo "make install | train | eval | bench | validate | clean"

$(VENV)/.installed: requirements.txt constraints.txt
	@test -n "$(PYTHON310)" || { echo "Python 3.10 is required (pyenv install 3.10)"; exit 1; }
	test -x $(PY) || $(PYTHON310) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==24.0
	$(PY) -m pip install --quiet -r requirements.txt -c constraints.txt
	touch $@

install: $(VENV)/.installed services_catalog/catalog.sqlite

services_catalog/catalog.sqlite: services_catalog/catalog.yml $(VENV)/.installed
	$(PY) -m services_catalog.validate
	$(PY) -m services_catalog.load

$(MODEL): $(TRAINING_INPUTS) $(VENV)/.installed
	@mkdir -p models
	$(TIMED) $(VENV)/bin/rasa train \
		--data data/nlu data/stories --out models --fixed-model-name signpost
	@cat models/training-stats.txt 2>/dev/null || true

train: install $(MODEL)

validate: install
	$(PY) -m services_catalog.validate
	$(VENV)/bin/rasa data validate --data data/nlu data/stories

browser:
	@test -x /usr/bin/chromium -a -d /usr/share/fonts/opentype/noto || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core fonts-noto-cjk >/dev/null; }

run: train
	scripts/run_stack.sh

test: train browser
	$(PY) -m pytest -q

eval: train
	$(PY) -m eval.evaluate

bench: train
	$(PY) -m eval.bench

clean:
	rm -rf models services_catalog/catalog.sqlite .pytest_cache

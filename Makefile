# One entry point for everything: `make demo`, `make test`, `make check`.
# The first target builds .venv from the lockfile (uv.lock) with nothing but python3 and pip.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
STAMP := $(VENV)/.synced

.PHONY: install browser demo test lint typecheck check bench clean

install: $(STAMP)

$(STAMP): pyproject.toml uv.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	VIRTUAL_ENV=$(abspath $(VENV)) $(BIN)/uv sync --frozen --active --quiet --compile-bytecode
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/zorgpad demo
	@echo ""
	@echo "Verder: zet zorgpad op het PATH van deze shell en open het dashboard:"
	@echo "  source $(BIN)/activate"
	@echo "  zorgpad serve --db zorgpad-demo/zorgpad.duckdb --catalog centraal-gelderland"
	@echo "Of zonder PATH: $(BIN)/zorgpad serve --db zorgpad-demo/zorgpad.duckdb --catalog centraal-gelderland"
	@echo "Alle commando's op volgorde van het werk: $(BIN)/zorgpad --help"

browser:
	@bash scripts/ensure-chromium

test: $(STAMP) browser
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

check: lint typecheck test

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache

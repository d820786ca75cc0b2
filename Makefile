# newsweave: every target creates and uses .venv; `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint bench train train-ner docs clean

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev,train,dask]'
	touch $(STAMP)

demo: setup
	$(BIN)/newsweave extract samples/ --format markdown

test: setup
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

lint: setup
	$(BIN)/ruff check src tests tools
	$(BIN)/ruff format --check src tests tools
	$(BIN)/mypy

bench: setup
	$(BIN)/python tools/bench_extraction.py --shared $(SHARED) --out docs/BENCHMARKS.md

train: setup
	$(BIN)/python tools/train_textpage.py --shared $(SHARED)

train-ner: setup
	$(BIN)/python tools/train_ner.py --shared $(SHARED)

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache

docs: setup
	$(BIN)/python tools/gen_cli_docs.py

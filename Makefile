# newsweave: every target creates and uses .venv; `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
STAMP := $(VENV)/.installed

.PHONY: setup demo browser test lint bench train train-ner docs clean

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev,train,dask,spacy,stories]'
	touch $(STAMP)

# The demo: ingest the sample corpus into out/demo.db (extract, enrich, dedupe, then stories; without
# entities if the NER models cannot be loaded), then serve it and print the URL.
DEMO_DB := out/demo.db
DEMO_INPUTS := samples/text samples/html samples/warc
demo: setup
	@mkdir -p out && rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/newsweave ingest $(DEMO_INPUTS) --db $(DEMO_DB) --quiet \
	  || { rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm; \
	       $(BIN)/newsweave ingest $(DEMO_INPUTS) --db $(DEMO_DB) --quiet --no-entities; }
	$(BIN)/newsweave serve --db $(DEMO_DB)

# Headless Chromium for tests/test_web_browser.py: Debian's package, driven by Playwright (no browser download).
# Installed only when missing and we are root with apt-get; otherwise the browser tests skip with a reason.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	  else echo "chromium missing and not root: tests/test_web_browser.py will be skipped"; fi; }

test: setup browser
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

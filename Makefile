# veille: `make run` sets up and runs the example articles; `make test` sets up and tests.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
DEV := $(SHARED)/eval/dev
TRAIN := $(SHARED)/eval/train
DB ?= veille.duckdb

.PHONY: setup browser run test lint format eval bench bench-api soak train clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "veille needs $(PYTHON) on PATH"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

run: setup
	$(BIN)/veille run examples --db $(DB)

test: setup browser
	$(BIN)/pytest

# The dashboard's end-to-end tests drive Debian's Chromium (never a downloaded browser build);
# without it they skip and say why.
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
		echo "make: chromium not installed: the dashboard's browser tests will skip"

lint: setup
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

format: setup
	$(BIN)/ruff check --fix src tests benchmarks scripts
	$(BIN)/ruff format src tests benchmarks scripts

# The held-out valid split first (the figure that predicts unseen articles), then train beside it
# (a wide gap means memorising), then the dev set the first rules were written against.
eval: setup
	@if [ -d "$(TRAIN)" ]; then \
		$(BIN)/veille eval $(TRAIN)/valid.jsonl && \
		$(BIN)/veille eval $(TRAIN)/train.jsonl; \
	else echo "make eval: no training corpus at $(TRAIN) (set SHARED=path/to/shared): skipped"; fi
	@if [ -d "$(DEV)" ]; then \
		$(BIN)/veille eval $(DEV)/seed.jsonl $(DEV)/dev.jsonl && \
		$(BIN)/veille eval $(DEV)/frtimebank_dates.jsonl; \
	else echo "make eval: no dev set at $(DEV) (set SHARED=path/to/shared): skipped"; fi

# The models learned from the training corpus, rebuilt into the package (src/veille/lang/fr/,
# src/veille/data/): where a mention is a place, which way an undated day lies, who speaks a
# quotation, then the event model (last: it reads the others' output), its lexicon and card.
train: setup
	@if [ -f "$(TRAIN)/train.jsonl" ]; then \
		$(BIN)/python scripts/train_place_use.py $(TRAIN)/train.jsonl && \
		$(BIN)/python scripts/train_date_direction.py $(TRAIN)/train.jsonl && \
		$(BIN)/python -m veille.extract.speakers_train --train $(TRAIN)/train.jsonl && \
		$(BIN)/veille train $(TRAIN)/train.jsonl --valid $(TRAIN)/valid.jsonl --curve; \
	else echo "make train: no training corpus at $(TRAIN) (set SHARED=path/to/shared): skipped"; fi

# veille against spaCy's bare parse (1 and 2 workers), then the Spark job in local[1] and local[2].
bench: setup
	$(BIN)/python benchmarks/bench.py $(if $(wildcard $(DEV)/dev.jsonl),--repeat 8 --corpus $(wildcard $(DEV)/seed.jsonl $(DEV)/dev.jsonl $(DEV)/frtimebank_dates.jsonl),)
	@if [ -f "$(DEV)/dev.jsonl" ]; then \
		$(BIN)/python -m veille.spark.bench --corpus $(DEV)/dev.jsonl --articles 96; \
	else echo "make bench: no dev set at $(DEV): the Spark figures need a corpus, skipped"; fi

# The API on a store of 50,000 generated events: requests/s, p50/p99 at concurrency 16, the
# server's resident memory, and the claims view's render time in headless Chromium.
bench-api: setup browser
	$(BIN)/python benchmarks/bench_api.py

# The watch for some minutes against a local feed publishing an article a second: resident
# memory over time, flat within 10 % after the warm-up (SOAK_MINUTES=10 for a longer run).
SOAK_MINUTES ?= 3
soak: setup
	$(BIN)/python benchmarks/soak.py --minutes $(SOAK_MINUTES)

clean:
	rm -rf $(VENV) *.egg-info src/*.egg-info .pytest_cache .ruff_cache

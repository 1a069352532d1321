# blogwash — set-up, demo, tests. Every target creates/updates the virtualenv it needs.
.DELETE_ON_ERROR:
.PHONY: demo test lint typecheck unit golden eval-split bench bench-big clean-venv

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The user's sample dump; a byte-identical copy is kept as a fixture for machines without ../shared.
SAMPLE ?= $(firstword $(wildcard ../shared/seeds/000_c309727116dc1621.txt) fixtures/nl-sample/input.txt)
SPLIT_DEV ?= ../shared/bench/split-dev

# The venv is rebuilt whenever pyproject.toml changes.
$(BIN)/blogwash: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,dask]'
	touch $@

demo: $(BIN)/blogwash
	$(BIN)/blogwash clean $(SAMPLE) -o out/
	$(BIN)/python tools/show.py out/$(basename $(notdir $(SAMPLE))).json

test: lint typecheck unit

lint: $(BIN)/blogwash
	$(BIN)/ruff check src tests tools
	$(BIN)/ruff format --check src tests tools

typecheck: $(BIN)/blogwash
	$(BIN)/mypy --strict src

unit: $(BIN)/blogwash
	$(BIN)/pytest -q --doctest-modules src tests

# Regenerate fixtures/<case>/<stage>.* from the current code; review with git diff.
golden: $(BIN)/blogwash
	$(BIN)/python tools/golden.py

# make eval-split DIR=path/to/dumps (defaults to the split-dev set)
DIR ?= $(SPLIT_DEV)
eval-split: $(BIN)/blogwash
	$(BIN)/python tools/eval_split.py $(DIR)

# Throughput against the hand-written baseline, scaling, memory, single-file linearity.
# The corpus is built once under $(BENCH_DIR) (default ~/.cache/blogwash-bench), never here.
bench: $(BIN)/blogwash
	$(BIN)/python tools/bench.py

# A 1 GB JSONL dump with 2 workers: peak RSS per worker (10+ minutes on 2 cores).
bench-big: $(BIN)/blogwash
	$(BIN)/python tools/bench.py --big

clean-venv:
	rm -rf $(VENV)

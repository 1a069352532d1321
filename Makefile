# blogwash — set-up, demo, tests. Every target creates/updates the virtualenv it needs.
.DELETE_ON_ERROR:
.PHONY: demo test test-slow lint typecheck unit golden eval-split eval-decode bench-decode eval-repair \
	bench-repair bench-stages bench bench-big bench-regex bench-emit fuzz eval-split-html bench-pages clean-venv

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The user's sample dump; a byte-identical copy is kept as a fixture for machines without ../shared.
SAMPLE ?= $(firstword $(wildcard ../shared/seeds/000_c309727116dc1621.txt) fixtures/nl-sample/input.txt)
SPLIT_DEV ?= ../shared/bench/split-dev

# The venv is rebuilt whenever pyproject.toml, setup.py or a C source changes (the split
# stage's C accelerators are built into src/blogwash/ by the editable install).
$(BIN)/blogwash: pyproject.toml setup.py $(wildcard src/blogwash/*.c src/blogwash/*.h)
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

# BLOGWASH_EXPECT_COMPILED: the tests fail if the C accelerators were not built (setup.py
# lets a machine without a compiler install blogwash without them; this one has gcc).
unit: $(BIN)/blogwash
	BLOGWASH_EXPECT_COMPILED=1 $(BIN)/pytest -q --doctest-modules -m "not slow" src tests

# The expensive bad-input cases (a 100 MB single line...).
test-slow: $(BIN)/blogwash
	$(BIN)/pytest -q -m slow tests

# Regenerate fixtures/<case>/<stage>.* from the current code; review with git diff.
golden: $(BIN)/blogwash
	$(BIN)/python tools/golden.py

# make eval-split DIR=path/to/dumps (defaults to the split-dev set)
DIR ?= $(SPLIT_DEV)
eval-split: $(BIN)/blogwash
	$(BIN)/python tools/eval_split.py $(DIR)

# Seconds and share of time per stage over the dumps in DIR (default: split-dev + fixtures).
bench-stages: $(BIN)/blogwash
	$(BIN)/python -m tools.bench_stages $(if $(wildcard $(SPLIT_DEV)),$(SPLIT_DEV)) fixtures

# Serialising the documents of the pages in DIR: json.dumps(indent=2) vs jsontext.indented.
bench-emit: $(BIN)/blogwash
	$(BIN)/python -m tools.bench_emit $(DIR)

# Decode against chardet 5.2.0's test corpus (downloaded once with pip into
# ~/.cache/blogwash or $$BLOGWASH_CACHE, never committed) and against mixed UTF-8 +
# single-byte dumps made from the fixtures (and from DUMPS, when that folder exists).
DUMPS ?= $(SPLIT_DEV)
eval-decode: $(BIN)/blogwash
	$(BIN)/python tools/eval_decode.py $(if $(wildcard $(DUMPS)),--dumps $(DUMPS))

# Decode speed against a bare bytes.decode("utf-8"), side by side, one core; chardet calls
# per single-byte file.
bench-decode: $(BIN)/blogwash
	$(BIN)/python -m tools.bench_decode $(if $(wildcard $(DUMPS)),--dumps $(DUMPS))

# ftfy's own test suite through ftfy alone and through blogwash's repair stage, side by
# side, plus the precheck check. Downloads ftfy's sdist once into ~/.cache/blogwash/.
eval-repair: $(BIN)/blogwash
	$(BIN)/python -m tools.eval_repair

# Repair vs ftfy.fix_text on a dump corpus with injected mojibake (best of N timings).
bench-repair: $(BIN)/blogwash
	$(BIN)/python -m tools.bench_repair $(SPLIT_DEV)

# Throughput against the hand-written baseline, scaling, memory, single-file linearity.
# The corpus is built once under $(BENCH_DIR) (default ~/.cache/blogwash-bench), never here.
bench: $(BIN)/blogwash
	$(BIN)/python tools/bench.py

# A 1 GB JSONL dump with 2 workers: peak RSS per worker (10+ minutes on 2 cores).
bench-big: $(BIN)/blogwash
	$(BIN)/python tools/bench.py --big

# make eval-split-html DIR=path/to/pages: the same metrics on saved *.html pages, with
# trafilatura (the `eval` extra, installed here only) as a peer column.
eval-split-html: $(VENV)/.eval-installed
	$(BIN)/python -m tools.eval_split_html $(DIR)

# make bench-pages SIZES="1 10 50": time per MB on generated pages (linear-time check).
SIZES ?= 1 10 50
bench-pages: $(BIN)/blogwash
	$(BIN)/python tools/bench_pages.py $(SIZES)

$(VENV)/.eval-installed: $(BIN)/blogwash
	$(BIN)/python -m pip install --quiet -e '.[dev,eval]'
	touch $@

clean-venv:
	rm -rf $(VENV)

# Mutational fuzzing of the whole pipeline; crashes are kept in fuzz-crashes/.
FUZZ_SECONDS ?= 600
fuzz: $(BIN)/blogwash
	$(BIN)/python -m tools.fuzz --seconds $(FUZZ_SECONDS) $(if $(wildcard $(SPLIT_DEV)),$(SPLIT_DEV))

# Every split pattern on 1 MB and 10 MB of hostile input: time ratios (linear stays near 10).
bench-regex: $(BIN)/blogwash
	$(BIN)/python -m tools.bench_regex

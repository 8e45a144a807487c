# Every target sets itself up from nothing: a fresh clone needs only `make demo` or `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
SHARED ?= ../shared

.PHONY: demo test test-rust test-python install bench bench-setup clean

$(VENV)/.created:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install "maturin>=1.7,<2"
	touch $@

# Test tools. camel-tools is installed without its dependencies (they pull in torch):
# its `camel_tools.utils` modules need only six and emoji, and serve as oracles.
$(VENV)/.test-tools: $(VENV)/.created
	$(PIP) install pytest hypothesis pytest-benchmark unidecode rapidfuzz numpy six emoji
	$(PIP) install --no-deps "camel-tools>=1.5"
	touch $@

# Release build of the extension into the virtualenv (rebuilds incrementally).
install: $(VENV)/.created
	VIRTUAL_ENV=$(abspath $(VENV)) $(VENV)/bin/maturin develop --release -q

# The main job on the bundled example: a fresh SQLite registry from examples/registry.csv,
# then the seed articles' mentions resolved against it, as a table, and clustered.
DEMO_DB := $(VENV)/demo.db
demo: install
	rm -f $(DEMO_DB)
	$(VENV)/bin/resolve registry import examples/registry.csv --db $(DEMO_DB)
	$(VENV)/bin/resolve match examples/mentions.csv --column mention --db $(DEMO_DB) --format table --explain
	$(VENV)/bin/resolve dedup examples/mentions.csv --column mention --db $(DEMO_DB) -o $(VENV)/demo-clusters.csv
	@echo "clusters of the mentions, with their registry entities: $(VENV)/demo-clusters.csv"

test-rust:
	cargo test --release -p polyname-core -q

# Unit, property and oracle tests, then the quick quality protocol with its floors.
test-python: install $(VENV)/.test-tools
	POLYNAME_SHARED=$(SHARED) $(PY) -m pytest -q tests
	POLYNAME_SHARED=$(SHARED) $(PY) -m pytest -q benches/test_quality.py benches/test_resolve_cli.py \
		benches/test_dedup_bench.py benches/test_cluster_metrics.py -m "not peers"

test: test-rust test-python

# Peers for side-by-side figures; nomenklatura needs ICU headers to build pyicu.
bench-setup: $(VENV)/.test-tools
	@if ! pkg-config --exists icu-uc 2>/dev/null; then \
		apt-get update -qq && apt-get install -y -qq libicu-dev pkg-config; fi
	$(PIP) install jellyfish splink nomenklatura
	touch $(VENV)/.bench-tools

# The full quality protocol with every peer, the speed benches, `resolve` end to end, then dedup.
bench: install bench-setup
	POLYNAME_SHARED=$(SHARED) $(PY) benches/quality.py
	POLYNAME_SHARED=$(SHARED) $(PY) -m pytest benches/test_speed.py -q -s
	POLYNAME_SHARED=$(SHARED) $(PY) benches/resolve_cli.py
	POLYNAME_SHARED=$(SHARED) $(PY) benches/dedup_bench.py

clean:
	rm -rf $(VENV) target

# Every target sets itself up from nothing: a fresh clone needs only `make demo` or `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
SHARED ?= ../shared

.PHONY: demo test test-rust test-python lint install bench bench-setup fuzz clean

$(VENV)/.created:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install "maturin>=1.7,<2"
	touch $@

# Test tools: pandas and pyarrow (the API takes their columns and tables), the static checkers;
# unidecode and korean-romanizer are oracles of the romanization; pyahocorasick and spaCy are
# the text-linking baselines of the bench suite.
# camel-tools is installed without its dependencies (they pull in torch): its
# `camel_tools.utils` modules need only six and emoji, and serve as oracles. PySpark runs
# polyname.spark's tests in local mode, on a Java runtime (Debian's, where none is installed);
# DuckDB runs polyname.duckdb's.
$(VENV)/.test-tools: $(VENV)/.created
	@command -v java >/dev/null || (apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless)
	$(PIP) install pytest hypothesis pytest-benchmark unidecode korean-romanizer rapidfuzz jellyfish numpy pandas pyarrow six emoji pyahocorasick spacy \
		"pyspark>=4" duckdb mypy types-tqdm ruff
	$(PIP) install --no-deps "camel-tools>=1.5"
	touch $@

# Release build of the extension into the virtualenv (rebuilds incrementally).
install: $(VENV)/.created
	VIRTUAL_ENV=$(abspath $(VENV)) $(VENV)/bin/maturin develop --release -q

# The main job on the bundled example: a fresh SQLite registry from examples/registry.csv,
# then the seed articles' mentions resolved against it (in mention mode: "Taeb" alone is a
# mention of Hossein Taeb), as a table, and clustered.
DEMO_DB := $(VENV)/demo.db
demo: install
	rm -f $(DEMO_DB) $(DEMO_DB).index
	$(VENV)/bin/resolve registry import examples/registry.csv --db $(DEMO_DB)
	$(VENV)/bin/resolve match examples/mentions.csv --column mention --mode mention --db $(DEMO_DB) --format table --explain
	$(VENV)/bin/resolve link examples/articles --db $(DEMO_DB) --format table
	$(VENV)/bin/resolve dedup examples/mentions.csv --column mention --db $(DEMO_DB) -o $(VENV)/demo-clusters.csv
	@echo "clusters of the mentions, with their registry entities: $(VENV)/demo-clusters.csv"

test-rust:
	cargo test --release -p polyname-core -q

# Unit, property and oracle tests, then the bench suite's short mode: small inputs, few rounds,
# RapidFuzz, unidecode and jellyfish beside polyname; it fails when a quality figure falls
# below its floor or a claimed speed ratio is lost by more than the slack (benches/suite.py).
test-python: install $(VENV)/.test-tools
	POLYNAME_SHARED=$(SHARED) $(PY) -m pytest -q tests
	POLYNAME_SHARED=$(SHARED) $(PY) -m pytest -q benches --benchmark-columns=median,min,max,rounds

# Static checks: the package's types (mypy --strict), the native module's stubs against the
# built module (stubtest), lint (ruff on the Python, clippy on the Rust, warnings as errors).
lint: install $(VENV)/.test-tools
	$(VENV)/bin/mypy python/polyname
	$(PY) -m mypy.stubtest polyname --mypy-config-file pyproject.toml --allowlist stubtest-allowlist.txt
	$(VENV)/bin/ruff check python tests benches rust/core/src/data
	cargo clippy --release --workspace --all-targets -q -- -D warnings

test: test-rust lint test-python

# The core's fast paths (bounds, early stops, caches, shortcuts) against the exact computations
# they stand for, on new generated names in many scripts: FUZZ_CASES cases of each cheap
# property, a quarter of that of the dear ones (a few minutes on 2 cores). The short draw of the
# same properties runs in `make test`.
FUZZ_CASES ?= 200000
fuzz:
	PROPTEST_CASES=$(FUZZ_CASES) cargo test --release -p polyname-core --test fuzz_fast_paths

# The slow peers (Splink, nomenklatura: its pyicu builds against ICU's headers) and the plots.
bench-setup: $(VENV)/.test-tools
	@if ! pkg-config --exists icu-uc 2>/dev/null; then \
		apt-get update -qq && apt-get install -y -qq libicu-dev pkg-config; fi
	$(PIP) install splink nomenklatura matplotlib
	touch $(VENV)/.bench-tools

# The whole suite at full size with every peer (about 40 minutes on 2 cores), then
# benches/results/latest.{json,md}, the plots in docs/ and the README's figures.
# A failed gate still renders the figures it measured, then fails.
bench: install bench-setup
	POLYNAME_SHARED=$(SHARED) $(PY) -m pytest benches --full -q \
		--benchmark-columns=median,min,max,rounds; status=$$?; \
	$(PY) benches/report.py && exit $$status

clean:
	rm -rf $(VENV) target

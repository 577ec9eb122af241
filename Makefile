# Everything runs from the project's own virtualenv and node_modules, created on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CODEGEN := $(VENV)/bin/amperity-codegen
MIRROR ?= ../shared/amperity/openapi
export AMPERITY_SPEC_MIRROR ?= $(MIRROR)

.PHONY: all install generate test test-fast check lock clean bench bench-quick reliability corpus survey
# The project's own code: the generator, its tests and benchmarks.
CODE := src tests bench

all: generate

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

# Fetch the documents (from the mirror here), validate, and regenerate generated/.
generate: $(VENV)/.installed
	$(CODEGEN) fetch --mirror $(MIRROR)
	$(CODEGEN) generate

# The whole suite, the checks first; what CI runs.
test: install check
	$(PY) -m pytest -q -p no:cacheprovider

# Everything that needs no Prism, no package index and nothing marked slow: the loop between edits,
# on both cores (about 2 minutes here).
test-fast: $(VENV)/.installed
	$(PY) -m pytest -q -p no:cacheprovider -m "not slow and not prism and not index" -n 2 --dist loadfile

# The standard the project sets for its output, held by its own code: formatted by the pinned
# black, lint-clean (pyproject.toml's [tool.ruff]), mypy --strict on the package and test support.
check: $(VENV)/.installed
	$(PY) -m black --check --quiet $(CODE)
	$(PY) -m ruff check --no-cache --quiet $(CODE)
	$(PY) -m mypy --strict --no-incremental --cache-dir=/dev/null -p amperity_codegen -p tests.support

# Every benchmark figure next to its reference, in one run (bench/run.py): a table of medians and
# ratios, where a cold generation's time goes, and bench/results.json; the largest document of the
# public corpus (fetched from npm as `make corpus` does) beside openapi-python-client too. About 20
# minutes on 2 quiet cores; not part of `test`.
bench: $(VENV)/.installed
	$(PY) -m bench.run

# The same figures at reduced size, in under 3 minutes, for use while working:
# bench/results-quick.json.
bench-quick: $(VENV)/.installed
	$(PY) -m bench.run --quick

# The real public documents of tests/corpus/public.toml (npm packages, sha256 pinned) into
# tests/corpus/public/ (git-ignored); `survey` generates, imports, type-checks and calls each, in
# strict and lenient mode, beside openapi-python-client (tests/corpus/survey.py).
corpus: $(VENV)/.installed
	$(PY) -m tests.corpus.public_documents

survey: corpus
	nice -n 10 $(PY) -m tests.corpus.survey

# Every reliability figure at full size (tests/reliability/run.py): hostile documents through the
# CLI (a 50 MB one too), 2,000 fuzzed documents, the client under faults, security. Under 10 minutes.
reliability: $(VENV)/.installed
	$(PY) -m tests.reliability.run

lock: $(VENV)/.installed
	$(PY) -m pip freeze --exclude-editable | grep -v '^amperity-codegen' > requirements.lock.new
	( echo "# Every package the project's virtualenv holds, pinned (pip freeze of a working .venv)."; \
	  echo "# Regenerate after changing pyproject.toml: make lock"; cat requirements.lock.new ) > requirements.lock
	rm requirements.lock.new

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache

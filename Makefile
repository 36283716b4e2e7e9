# Next Round: `make run` starts the workshop, `make test` runs every test.
# Both create (or reuse) a virtual environment in .venv and install what they need.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8866
BROWSER ?= no
NEXTROUND_HOME ?= $(CURDIR)/workspace
export NEXTROUND_HOME

STAMP := $(VENV)/.installed
NBVAL_HOME := $(CURDIR)/.nbval-workspace
NBVAL_PARTICIPANT ?= demo-chen
PYTEST := $(BIN)/python -m pytest -p no:cacheprovider

.PHONY: run test test-fast lint test-unit test-notebooks install bench clean hub-tools

# The JupyterHub tests' proxy, from the npm registry into .hub-tools/ (gitignored).
HUB_TOOLS := .hub-tools
PROXY := $(HUB_TOOLS)/node_modules/.bin/configurable-http-proxy
PROXY_VERSION := 5.0.1

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Next Round needs Python 3.11 or newer ($(PYTHON) is older)."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

install: $(STAMP)

# The workshop for one person working alone, as pages in the browser (the demo cohort is built
# beside it for facilitators to rehearse with: see README). A store made by an older Next
# Round is upgraded first, saying what changes.
run: $(STAMP)
	@test ! -f "$(NEXTROUND_HOME)/nextround.sqlite" || $(BIN)/nextround -q store upgrade --yes
	$(BIN)/nextround -q demo
	$(BIN)/nextround app --host $(HOST) --port $(PORT) $(if $(filter yes true 1,$(BROWSER)),--browser,--no-browser)

test: lint test-unit test-notebooks

# The inner loop: the same checks, and every test that needs no browser and no kernel.
test-fast: lint
	$(PYTEST) -m "not browser and not slow" tests

# Lint, format, types and the layering contracts (pyproject.toml [tool.importlinter]).
lint: $(STAMP)
	$(BIN)/ruff check kit tests benchmarks
	$(BIN)/ruff format --check kit tests benchmarks
	$(BIN)/mypy kit
	$(BIN)/lint-imports

test-unit: $(STAMP) hub-tools
	$(PYTEST) tests

# configurable-http-proxy for tests/test_hub.py. Without npm the hub tests say they are skipped
# (and fail under CI=true, where .ci/run has installed node and npm).
hub-tools:
	@if [ -x $(PROXY) ]; then :; \
	elif command -v npm >/dev/null 2>&1; then \
		npm install --prefix $(HUB_TOOLS) --no-audit --no-fund --loglevel=error \
			configurable-http-proxy@$(PROXY_VERSION); \
	else echo "No npm here: the JupyterHub tests will be skipped (Debian: apt-get install nodejs npm)."; fi

# nbval over every notebook twice: nobody chosen yet, then as a demo participant, so the
# "show saved answers" path runs too. Notebooks are committed without outputs (--nbval-lax).
test-notebooks: $(STAMP)
	rm -rf $(NBVAL_HOME)
	NEXTROUND_HOME=$(NBVAL_HOME) $(BIN)/nextround demo
	NEXTROUND_HOME=$(NBVAL_HOME) $(PYTEST) --nbval-lax notebooks
	NEXTROUND_HOME=$(NBVAL_HOME) NEXTROUND_PARTICIPANT=$(NBVAL_PARTICIPANT) $(PYTEST) --nbval-lax notebooks
	rm -rf $(NBVAL_HOME)

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_kit.py

clean:
	rm -rf $(VENV) $(NBVAL_HOME) .pytest_cache $(HUB_TOOLS)

# Batch report speed: (a) papermill+nbconvert CLI loop, (b) nextround reports, (c) the kernel floor.
# Smaller runs: make bench-reports BENCH_REPORTS_ARGS="--participants 8 --repeats 2"
# Saves by 30 writer processes at once, on SQLite and on a throwaway PostgreSQL server.
.PHONY: bench-store
bench-store: $(STAMP)
	$(BIN)/python benchmarks/bench_store.py $(BENCH_STORE_ARGS)

.PHONY: bench-reports
bench-reports: $(STAMP)
	$(BIN)/python benchmarks/bench_reports.py $(BENCH_REPORTS_ARGS)

# Under a real JupyterHub: sign-in to the first exercise, and memory per signed-in participant.
.PHONY: bench-hub
bench-hub: $(STAMP) hub-tools
	$(BIN)/python benchmarks/bench_hub.py $(BENCH_HUB_ARGS)

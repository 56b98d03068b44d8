# Genbo: `make demo` runs the app on a simulated live session; `make test` runs
# every check CI runs. Both create .venv and install everything first.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install demo run test test-fast lint format bench screenshots clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

# The demo keeps its own data folder, filled once with a made-up history
# (library, roster, the demo streamer's earlier shows for the ghost line), so
# trying Genbo never touches your real sessions.
DEMO_DIR ?= .demo-data

demo: $(STAMP)
	@test -e $(DEMO_DIR)/genbo.db || $(BIN)/genbo --data-dir $(DEMO_DIR) demo-history
	$(BIN)/genbo --data-dir $(DEMO_DIR) --demo

run: $(STAMP)
	$(BIN)/genbo

# pytest-xdist workers. Most tests wait on subprocesses, sockets and timers
# rather than compute, so one more worker than cores keeps them busy (on 2
# cores the tests took 63 s with 2 workers, 50 s with 3, 43 s with 4; at 4 the
# tests that time a poller's schedule get too little CPU now and then).
# `make test TEST_WORKERS=0` runs them in this process, one at a time.
TEST_WORKERS ?= $(shell $(PYTHON) -c 'import os; print((os.cpu_count() or 1) + 1)' 2>/dev/null || echo 3)
PYTEST := QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist worksteal

# The one test command (README and .ci/run use exactly this).
test: $(STAMP) lint
	$(PYTEST)

# The edit-test loop: core, storage, exports and sources; no window, no
# `genbo` process, no lint. `make test` is still the one to pass.
test-fast: $(STAMP)
	$(PYTEST) tests/core tests/storage tests/exports tests/sources

lint: $(STAMP)
	$(BIN)/ruff check app tests bench
	$(BIN)/ruff format --check app tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format app tests bench
	$(BIN)/ruff check --fix app tests bench

bench: $(STAMP)
	@for f in bench/bench_*.py; do echo "== $$f"; QT_QPA_PLATFORM=offscreen $(BIN)/python $$f || exit 1; done

screenshots: $(STAMP)
	bash docs/make-screenshots.sh

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist

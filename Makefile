# Genbo: `make demo` runs the app on a simulated live session; `make test` runs
# every check CI runs. Both create .venv and install everything first.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install demo run test test-fast lint format bench faults screenshots clean translations i18n-check

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	$(BIN)/python packaging/i18n/translations.py build
	@touch $(STAMP)

# The translations: resources/i18n/*.ts is the source (committed, reviewed);
# the .qm beside it is built here and by the wheel's hook (packaging/hatch_build.py).
I18N_TS := resources/i18n/genbo_zh_CN.ts
I18N_QM := resources/i18n/genbo_zh_CN.qm

$(I18N_QM): $(I18N_TS) | $(STAMP)
	$(BIN)/python packaging/i18n/translations.py build

install: $(STAMP) $(I18N_QM)

# After changing user-visible strings: extract them into the .ts (then translate
# the new entries, e.g. in pyside6-linguist); `i18n-check` is what the test checks.
translations: $(STAMP)
	$(BIN)/python packaging/i18n/translations.py update

i18n-check: $(STAMP)
	$(BIN)/python packaging/i18n/translations.py check

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
	$(BIN)/ruff check app tests bench packaging docs
	$(BIN)/ruff format --check app tests bench packaging docs
	$(BIN)/lint-imports
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format app tests bench packaging docs
	$(BIN)/ruff check --fix app tests bench packaging docs

bench: $(STAMP)
	@for f in bench/bench_*.py; do echo "== $$f"; QT_QPA_PLATFORM=offscreen $(BIN)/python $$f || exit 1; done

# The fault suite (tests/faults): kill -9 at random moments, SIGTERM/SIGINT
# during a commit, a full disk, every broken-database case, power loss, a
# 10-minute HTTP fault soak; prints a table (fault, runs, samples lost,
# integrity, what the operator was shown). Its CI set runs inside `make test`.
faults: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.faults.suite

screenshots: $(STAMP)
	bash docs/make-screenshots.sh

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist

# The installable bundle (packaging/): PyInstaller's one-folder dist/genbo/,
# with the desktop file and AppStream metainfo validated first and the frozen
# binary smoke-tested after (packaging/smoke.sh). Needs appstream and
# desktop-file-utils (apt-get install appstream desktop-file-utils).
.PHONY: bundle bundle-validate wheel
BUNDLE_STAMP := $(VENV)/.bundle-stamp

$(BUNDLE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,bundle]'
	@touch $(BUNDLE_STAMP)

bundle-validate:
	desktop-file-validate packaging/genbo.desktop
	appstreamcli validate --no-net packaging/io.github.genbo.Genbo.metainfo.xml

bundle: install $(BUNDLE_STAMP) bundle-validate
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller packaging/genbo.spec
	bash packaging/smoke.sh dist/genbo

# The wheel `pip install` takes (resources, migrations and the compiled
# translations inside): dist/genbo-*.whl, then installed with its dependencies
# into a new venv and smoke-tested there like the bundle.
WHEEL_VENV ?= build/wheel-venv

wheel: $(STAMP)
	rm -rf dist/genbo-*.whl $(WHEEL_VENV)
	$(BIN)/python -m pip wheel --quiet --disable-pip-version-check --no-deps . -w dist
	$(PYTHON) -m venv $(WHEEL_VENV)
	$(WHEEL_VENV)/bin/python -m pip install --quiet --disable-pip-version-check dist/genbo-*.whl
	bash packaging/smoke.sh $(WHEEL_VENV)/bin

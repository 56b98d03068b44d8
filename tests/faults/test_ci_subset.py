"""The fault suite's CI set, one test per case, through the same functions
`python -m tests.faults.suite --ci` runs and with the same conditions: no
sample lost without being reported, every database clean, no traceback
shown, the case's own checks met. A case whose machinery is not built yet is
skipped, unless it is required (`tests.faults.cases.REQUIRED`)."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from tests.faults.cases import REQUIRED, Case, Mode, cases, run_case

pytestmark = pytest.mark.slow

FIRST = ("http-soak", "disk-full-to-the-end", "disk-full-freed", "kill-9", "power-loss")
"""The long ones first (mostly waiting), so the short ones fill in around them."""
CI_CASES = sorted(
    cases(ci=True), key=lambda c: FIRST.index(c.name) if c.name in FIRST else len(FIRST)
)
SEED = int(os.environ.get("GENBO_FAULTS_SEED") or random.randrange(1_000_000))
"""The random moments' seed (say GENBO_FAULTS_SEED=N to repeat a run's)."""


@pytest.mark.parametrize("case", CI_CASES, ids=[c.name for c in CI_CASES])
def test_fault_case(case: Case, tmp_path: Path) -> None:
    missing = case.needs()
    if missing:
        if case.name in REQUIRED:
            pytest.fail(f"{case.title}: required but not built yet: {missing}")
        pytest.skip(f"not built yet: {missing}")
    res = run_case(case, Mode(ci=True, work=tmp_path, seed=SEED))
    assert res.built
    assert res.passed, "\n".join(
        [f"{res.fault} (seed {SEED}, GENBO_FAULTS_SEED={SEED} repeats it):"]
        + [f"✗ {f}" for f in res.failures()]
        + res.notes
    )

"""What one fault case found (`CaseResult`) and the table the suite prints.

A case fails when a sample that reached the writer is missing and was not
reported as dropped, when a resulting database is not integrity-clean, when
the operator was shown a traceback, or when one of the case's own checks
failed (`problems`: the process died, a count did not match, …). A case whose
machinery is not built yet is listed as such; it fails the run only when it
is required (`tests.faults.cases.REQUIRED`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

_PATH = re.compile(r"(?<![\w.])/(?:[^\s/]+/)+([^\s/]+)")
SHOWN_WIDTH = 72
"""How much of the operator's line the table shows (all of it in --json)."""


@dataclass
class CaseResult:
    fault: str
    runs: int = 0
    lost: int = 0
    """Samples that reached the writer (as genbo reported them) and are not in
    the database afterwards, and were not reported as dropped."""
    lost_note: str = ""
    """Said next to the count, e.g. the newest loss a kill -9 may take."""
    dropped: int = 0
    """Samples genbo reported as dropped (a full backlog), with their spans."""
    dropped_spans: list[str] = field(default_factory=list)
    integrity: list[str] = field(default_factory=list)
    """`PRAGMA integrity_check` of every resulting database ("ok" or its first line)."""
    shown: str = ""
    """The first plain-words line genbo printed about the fault."""
    traceback: str = ""
    """Where a traceback was printed (empty: none)."""
    problems: list[str] = field(default_factory=list)
    """The case's own checks that failed, in words."""
    notes: list[str] = field(default_factory=list)
    """What was measured (timings, how the fault was timed, …)."""
    built: bool = True
    missing: str = ""
    """Not built yet: what the case waits for."""
    required: bool = False
    wall_s: float = 0.0

    @property
    def integrity_ok(self) -> bool:
        return all(r == "ok" for r in self.integrity)

    def failures(self) -> list[str]:
        """Why this case fails the run (empty: it passes)."""
        if not self.built:
            return [f"required but not built yet: {self.missing}"] if self.required else []
        out = []
        if self.lost:
            out.append(f"{self.lost} samples lost without being reported")
        bad = [r for r in self.integrity if r != "ok"]
        if bad:
            out.append(f"integrity not ok in {len(bad)} of {len(self.integrity)}: {bad[0]}")
        if self.traceback:
            out.append(f"the operator was shown a traceback ({self.traceback})")
        out += self.problems
        return out

    @property
    def passed(self) -> bool:
        return not self.failures()

    # -- cells -----------------------------------------------------------------------
    def lost_cell(self) -> str:
        if not self.built:
            return "—"
        text = f"{self.lost:,}"
        if self.dropped:
            spans = ", ".join(self.dropped_spans[:2]) + ("…" if len(self.dropped_spans) > 2 else "")
            text += f" · {self.dropped:,} reported dropped ({spans})"
        if self.lost_note:
            text += f" · {self.lost_note}"
        return text

    def integrity_cell(self) -> str:
        if not self.built:
            return "—"
        if not self.integrity:
            return "— (no database)"
        bad = [r for r in self.integrity if r != "ok"]
        if not bad:
            return f"ok ×{len(self.integrity)}"
        return f"NOT OK {len(bad)}/{len(self.integrity)}: {bad[0][:40]}"

    def shown_cell(self) -> str:
        if not self.built:
            return f"not built yet: {self.missing}"
        # Paths by their last part: the words matter here (all of it in --json).
        text = _PATH.sub(r"…/\1", " ".join(self.shown.split())) or "(nothing)"
        return text if len(text) <= SHOWN_WIDTH else text[: SHOWN_WIDTH - 1] + "…"

    def result_cell(self) -> str:
        if not self.built:
            return "REQUIRED" if self.required else "not built"
        return "ok" if self.passed else "FAIL"


COLUMNS = ("fault", "runs", "samples lost", "integrity", "operator was shown", "result")


def table(results: Sequence[CaseResult]) -> str:
    rows = [COLUMNS] + [
        (
            r.fault,
            str(r.runs) if r.built else "—",
            r.lost_cell(),
            r.integrity_cell(),
            r.shown_cell(),
            r.result_cell(),
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]

    def line(row: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()

    out = [line(rows[0]), "  ".join("-" * w for w in widths)]
    out += [line(row) for row in rows[1:]]
    return "\n".join(out)


def details(results: Sequence[CaseResult]) -> str:
    """Below the table: each case's measurements, then why it failed."""
    out = []
    for r in results:
        if not r.built:
            continue
        out.append(f"{r.fault} ({r.wall_s:.1f} s):")
        out += [f"    {n}" for n in r.notes]
        out += [f"  ✗ {f}" for f in r.failures()]
    return "\n".join(out)


def write_json(path: Path, results: Sequence[CaseResult], *, mode: str, seed: int) -> None:
    doc = {
        "mode": mode,
        "seed": seed,
        "passed": all(r.passed for r in results),
        "cases": [{**asdict(r), "passed": r.passed, "failures": r.failures()} for r in results],
    }
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

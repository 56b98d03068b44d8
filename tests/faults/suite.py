"""The fault suite: `python -m tests.faults.suite [--ci] [--only NAME...] [--json FILE]`.

Runs each fault case against the real `genbo` and prints a table: the fault,
how many runs, samples lost (and reported dropped, with their spans), the
integrity of every resulting database, and what the operator was shown.
Exits 1 when a sample was lost without being reported, a database is not
clean, the operator was shown a traceback, a case's own check failed, or a
required case is not built yet. `make faults` runs everything; `--ci` the
reduced set (the same functions `tests/faults/test_ci_subset.py` runs).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.faults.cases import CASES, Mode, cases, run_case
from tests.faults.report import CaseResult, details, table, write_json


def main(argv: Sequence[str] | None = None) -> int:
    names = [c.name for c in CASES]
    p = argparse.ArgumentParser(prog="python -m tests.faults.suite", description=__doc__)
    p.add_argument("--ci", action="store_true", help="the reduced set, as CI runs it")
    p.add_argument("--only", nargs="+", choices=names, metavar="NAME",
                   help=f"run only these cases: {', '.join(names)}")  # fmt: skip
    p.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    p.add_argument("--seed", type=int, default=None, help="repeat a run's random moments")
    p.add_argument("--keep", action="store_true", help="keep every case's data folders")
    p.add_argument(
        "--at-once",
        type=int,
        default=2,
        metavar="N",
        help="cases run side by side (each also runs several recorders at once)",
    )
    args = p.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(1_000_000)
    chosen = [c for c in cases(ci=args.ci) if not args.only or c.name in args.only]
    work = Path(tempfile.mkdtemp(prefix="genbo-faults-"))
    mode_name = "ci" if args.ci else "full"
    print(f"genbo fault suite ({mode_name}, seed {seed}): {len(chosen)} cases in {work}",
          flush=True)  # fmt: skip
    t0 = time.monotonic()

    def one(case_index: int) -> CaseResult:
        case = chosen[case_index]
        mode = Mode(ci=args.ci, work=work / case.name, seed=seed)
        res = run_case(case, mode)
        mark = "ok" if res.passed else "FAIL"
        if not res.built:
            mark = "not built yet"
        print(f"  {case.name}: {mark} ({res.wall_s:.1f} s)", flush=True)
        return res

    # The long, mostly idle soak first, so the busy cases overlap it.
    order = sorted(range(len(chosen)), key=lambda i: chosen[i].name != "http-soak")
    with ThreadPoolExecutor(max(1, args.at_once)) as pool:
        ran = dict(zip(order, pool.map(one, order), strict=True))
    results = [ran[i] for i in range(len(chosen))]
    wall = time.monotonic() - t0
    print()
    print(table(results))
    print()
    print(details(results))
    failed = [r for r in results if not r.passed]
    waiting = [r for r in results if not r.built]
    print()
    print(
        f"{len(results)} cases in {wall:.1f} s (seed {seed}): "
        f"{len(results) - len(failed) - len(waiting)} passed, {len(failed)} failed, "
        f"{len(waiting)} not built yet"
        + (f" ({sum(r.required for r in waiting)} of them required)" if waiting else "")
    )
    if args.json:
        write_json(args.json, results, mode=mode_name, seed=seed)
    if failed or args.keep:
        print(f"data folders kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.exit(main())

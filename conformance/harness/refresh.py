"""Re-record the goldens from real torch (run with the interpreter that has torch 2.13):

    /work/venv-torch/bin/python conformance/harness/refresh.py [GROUP ...]

or, the same thing from pytest: ``pytest conformance --live --refresh-goldens``. Every case runs
once on torch; its outcome replaces the group's golden file. It also says where the table looks
wrong: error inputs on which torch does not raise, and ordinary inputs on which it does."""
from __future__ import annotations

import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    __package__ = "harness"  # noqa: A001 - run as a script: relative imports below

from . import golden  # noqa: E402
from .case import all_cases, run  # noqa: E402
from .namespaces import load, raw  # noqa: E402
from .records import is_error  # noqa: E402


def refresh(groups=None, out=sys.stdout) -> dict:
    torch = load("torch")
    lib = raw(torch)
    import numpy as np
    meta = {"torch": lib.__version__, "numpy": np.__version__,
            "python": ".".join(map(str, sys.version_info[:3]))}
    by_group: dict[str, dict] = {}
    suspicious = []
    t0 = time.perf_counter()
    for cid, c in all_cases().items():
        if groups and c.group not in groups:
            continue
        outcome = run(c, torch)
        by_group.setdefault(c.group, {})[cid] = outcome
        raised = is_error(outcome["result"])
        if c.expect_error and not raised:
            suspicious.append(f"  {cid}: an error input, but torch does not raise")
        elif raised and c.kind in ("fwd", "graph"):
            rec = outcome["result"]
            suspicious.append(f"  {cid}: torch raises {rec['type']}: {rec['message'][:90]}")
    from .sweeps import record_sweeps
    sweep_data = record_sweeps(torch) if not groups or "sweep" in groups else None
    changed = 0
    for group, cases in by_group.items():
        old = golden.load(group)["cases"]
        changed += sum(1 for k, v in cases.items() if old.get(k) != v)
        golden.save(group, {"meta": meta, "cases": cases})
    if sweep_data is not None:
        golden.save("sweep", {"meta": meta, "cases": sweep_data})
    n = sum(map(len, by_group.values()))
    print(f"recorded {n} cases from torch {meta['torch']} in {time.perf_counter() - t0:.1f}s "
          f"({changed} new or changed) into {golden.GOLDEN_DIR}", file=out)
    if sweep_data is not None:
        print(f"recorded {sum(map(len, sweep_data.values()))} sweep examples "
              f"({len(sweep_data)} sweeps)", file=out)
    if suspicious:
        print(f"{len(suspicious)} cases to look at (not errors of the shim):", file=out)
        print("\n".join(suspicious), file=out)
    return {"cases": n, "changed": changed, "suspicious": suspicious}


if __name__ == "__main__":
    refresh(sys.argv[1:] or None)

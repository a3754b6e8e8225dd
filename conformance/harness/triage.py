"""Keep divergences.json true: run every case and sweep on the shim against the goldens, then

    python conformance/harness/triage.py            list new failures and fixed divergences
    python conformance/harness/triage.py --prune    also drop fixed ids from divergences.json
    python conformance/harness/triage.py --json     new failures as ready-to-fill JSON entries
    ... --gradcheck                                 also run the numerical gradchecks (both orders)

No torch needed. A failure not listed in divergences.json needs a reason there (or a fix); a
listed case that now passes must leave the list (its strict xfail would fail)."""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    __package__ = "harness"  # noqa: A001 - run as a script: relative imports below

from . import divergences, golden  # noqa: E402
from .case import all_cases, run  # noqa: E402
from .compare import compare_outcomes, missing_name  # noqa: E402
from .namespaces import load  # noqa: E402
from .records import describe  # noqa: E402
from .sweeps import SWEEPS  # noqa: E402


def failures(gradchecks: bool = False) -> tuple[dict[str, str], list[str]]:
    """({failing id: one-line summary}, ids run): cases and sweeps against the goldens, and
    with ``gradchecks`` the numerical gradient checks."""
    shim = load("shim")
    out, ids = {}, []
    for cid, c in all_cases().items():
        ids.append(cid)
        ref = golden.load(c.group)["cases"].get(cid)
        if ref is None:
            out[cid] = "no golden record"
            continue
        got = run(c, shim)
        problems = compare_outcomes(ref, got, c.tol)
        if problems:
            out[cid] = _summary(ref, got, problems)
    recorded = golden.load("sweep")["cases"]
    for sid, sw in SWEEPS.items():
        ids.append(sid)
        for spec, ref in recorded.get(sid, []):
            got = sw.run(shim, spec)
            problems = compare_outcomes(ref, got, sw.tol)
            if problems:
                out[sid] = _summary(ref, got, problems)
                break
    if gradchecks:
        import optable
        from . import gradcheck
        for order, check in ((1, gradcheck.check), (2, gradcheck.check_second)):
            for gid, row, sample in gradcheck.cases(optable.ROWS, order):
                ids.append(gid)
                try:
                    check(row, sample)
                except Exception as exc:  # noqa: BLE001 - any failure is a finding
                    out[gid] = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0][:150]}"
    return out, ids


def all_ids() -> list[str]:
    """Every id a divergence may name: cases, sweeps and numerical gradchecks."""
    import optable
    from . import gradcheck
    return (list(all_cases()) + list(SWEEPS)
            + [gid for order in (1, 2) for gid, _, _ in gradcheck.cases(optable.ROWS, order)])


def _summary(ref, got, problems) -> str:
    missing = missing_name(ref.get("result"), got.get("result"))
    if missing:
        return missing
    p = problems[0]
    return f"{p.field}: torch {describe(p.torch, 100)} | shim {describe(p.shim, 100)}"


def prune(entries, ids, failing, known) -> list[dict]:
    """Entries restricted to failing ids: a wildcard that now matches some passing cases is
    replaced by the failing ids it matched; entries left empty disappear. Ids that were not
    run (``known`` but not in ``ids``: gradchecks without --gradcheck) are kept as they are."""
    ran = set(ids)
    kept = []
    for e in entries:
        cases = []
        for p in e["cases"]:
            matched = divergences.expand(p, known)
            if matched and not set(matched) & ran:
                cases.append(p)  # not run this time (gradchecks without --gradcheck): keep
                continue
            still = [i for i in matched if i in failing]
            if still and len(still) == len(matched):
                cases.append(p)
            else:
                cases.extend(still)
        if cases:
            kept.append({**e, "cases": cases})
    return kept


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--prune", action="store_true", help="remove fixed ids from divergences.json")
    ap.add_argument("--json", action="store_true", help="print new failures as JSON entries")
    ap.add_argument("--gradcheck", action="store_true", help="also run numerical gradchecks")
    args = ap.parse_args(argv)
    failing, ids = failures(args.gradcheck)
    entries = divergences.load()
    index = divergences.Index(entries)
    new = {i: s for i, s in failing.items() if index.reason(i) is None}
    fixed = [i for i in ids if index.reason(i) is not None and i not in failing]
    dead = index.unused(all_ids())
    print(f"{len(ids)} cases, sweeps and gradchecks run, {len(failing)} failing; {len(new)} not in "
          f"divergences.json, {len(fixed)} listed there but passing, {len(dead)} stale patterns")
    if args.json and new:
        groups = defaultdict(list)
        for i, s in new.items():
            groups[s.split(":")[0]].append(i)
        print(json.dumps([{"reason": f"TODO ({k})", "cases": v} for k, v in groups.items()],
                         indent=1))
    else:
        for i, s in new.items():
            print(f"NEW    {i}\n       {s}")
    for i in fixed:
        print(f"FIXED  {i}")
    for p in dead:
        print(f"STALE  {p}")
    if args.prune and (fixed or dead):
        data = json.loads(divergences.DIVERGENCES.read_text(encoding="utf-8"))
        data["divergences"] = prune(entries, ids, failing, all_ids())
        divergences.DIVERGENCES.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"pruned {len(fixed)} fixed ids and {len(dead)} stale patterns from "
              f"{divergences.DIVERGENCES}")
    return 1 if new or fixed or dead else 0


if __name__ == "__main__":
    sys.exit(main())

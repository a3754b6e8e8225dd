"""Every case (op table rows expanded, plus the hand-written cases_*.py) runs on the shim and is
compared with torch's outcome: the golden record, or a live run with --live. Known divergences
(divergences.json) are strict xfails."""
from __future__ import annotations

import pytest

from harness import divergences
from harness.case import all_cases, run
from harness.compare import compare_outcomes
from harness.failure import explain
from harness.records import is_error

CASES = all_cases()
try:
    KNOWN = divergences.Index(divergences.load())
except (OSError, ValueError, KeyError):  # reported by test_harness.py, never at collection
    KNOWN = divergences.Index([])


def _param(cid):
    reason = KNOWN.reason(cid)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(cid, id=cid, marks=marks)


@pytest.mark.parametrize("case_id", [_param(cid) for cid in CASES])
def test_case(case_id, reference, shim):
    case = CASES[case_id]
    ref = reference.outcome(case)
    if ref is None:
        pytest.fail(f"[{case_id}] has no golden record: re-record the goldens with "
                    "`/work/venv-torch/bin/python conformance/harness/refresh.py`", pytrace=False)
    if case.expect_error and not is_error(ref["result"]):
        pytest.fail(f"[{case_id}] is an error input but torch does not raise: fix the row",
                    pytrace=False)
    got = run(case, shim)
    problems = compare_outcomes(ref, got, case.tol)
    if problems:
        pytest.fail(explain(case, ref, got, problems, reference.label), pytrace=False)

"""Hypothesis sweeps (cases_sweeps.py), one test per op. Live: hypothesis draws specs with the
conformance profile and compares torch with the shim, shrinking any difference. Golden: the
specs recorded from the derandomized profile are replayed against torch's recorded outcomes."""
from __future__ import annotations

import pytest
from hypothesis import given, settings

from harness import divergences, golden
from harness.case import all_cases
from harness.compare import compare_outcomes
from harness.failure import explain
from harness.sweeps import SWEEPS, examples

all_cases()
try:
    KNOWN = divergences.Index(divergences.load())
except (OSError, ValueError, KeyError):
    KNOWN = divergences.Index([])


def _param(sid):
    reason = KNOWN.reason(sid)
    return pytest.param(sid, id=sid, marks=[pytest.mark.xfail(strict=True, reason=reason)]
                        if reason else [])


def _first_failure(sw, pairs, run_ref, shim, label):
    """Compare the shim with torch on each spec; the explained failures."""
    failures = []
    for spec, ref in pairs:
        ref = ref if ref is not None else run_ref(spec)
        got = sw.run(shim, spec)
        problems = compare_outcomes(ref, got, sw.tol)
        if problems:
            failures.append(explain(sw.case(spec), ref, got, problems, label))
    return failures


@pytest.mark.parametrize("sweep_id", [_param(s) for s in SWEEPS])
def test_sweep(sweep_id, reference, shim, hypothesis_profile):
    sw = SWEEPS[sweep_id]
    if reference.live and hypothesis_profile.derandomize:
        # the same specs the goldens hold, compared with live torch (so both modes agree)
        pairs = [(spec, None) for spec in examples(sw, hypothesis_profile)]
        failures = _first_failure(sw, pairs, lambda s: sw.run(reference.torch, s), shim,
                                  reference.label)
    elif reference.live:
        # exploring (conformance-dev profile): hypothesis draws fresh specs and shrinks
        @settings(hypothesis_profile)
        @given(spec=sw.strategy)
        def check(spec):
            ref, got = sw.run(reference.torch, spec), sw.run(shim, spec)
            problems = compare_outcomes(ref, got, sw.tol)
            if problems:
                raise AssertionError(explain(sw.case(spec), ref, got, problems, reference.label))
        check()
        return
    else:
        pairs = golden.load("sweep")["cases"].get(sweep_id)
        if pairs is None:
            pytest.fail(f"[{sweep_id}] has no recorded examples: re-record the goldens with "
                        "`/work/venv-torch/bin/python conformance/harness/refresh.py`",
                        pytrace=False)
        failures = _first_failure(sw, pairs, None, shim, reference.label)
    if failures:
        pytest.fail(f"{len(failures)} of {len(pairs)} examples differ; the first:\n"
                    + failures[0], pytrace=False)

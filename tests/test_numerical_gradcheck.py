"""Numerical gradient checks of the shim alone, driven by the conformance op table
(conformance/optable.py): for every differentiable row and sample, in float64, the analytic
d(sum(w * out))/d(input) must match central differences (gradcheck), and so must the
derivative of that gradient, built with create_graph=True, with respect to the inputs and to
w (gradgradcheck). No torch needed. Known shim gaps are strict xfails listed in
conformance/divergences.json as gradcheck/<row>/<sample> or gradgradcheck/<row>/<sample>."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "conformance"))

import optable  # noqa: E402
from harness import divergences, gradcheck  # noqa: E402

try:
    KNOWN = divergences.Index(divergences.load())
except (OSError, ValueError, KeyError):
    KNOWN = divergences.Index([])


def _param(cid, row, sample):
    reason = KNOWN.reason(cid)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(row, sample, id=cid, marks=marks)


@pytest.mark.parametrize("row, sample", [_param(*c) for c in gradcheck.cases(optable.ROWS)])
def test_gradient_matches_central_differences(row, sample):
    gradcheck.check(row, sample)


@pytest.mark.parametrize("row, sample",
                         [_param(*c) for c in gradcheck.cases(optable.ROWS, order=2)])
def test_second_derivative_matches_central_differences(row, sample):
    gradcheck.check_second(row, sample)

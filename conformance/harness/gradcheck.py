"""Numerical gradient check of the shim alone, driven by the op table: every differentiable
row and sample, in float64, analytic d(sum(w * out))/d(input) against central differences.
Used by tests/test_numerical_gradcheck.py (ids ``gradcheck/<row>/<sample>``)."""
from __future__ import annotations

import warnings

import numpy as np

from .inputs import FLOATS, L, T
from .namespaces import load
from .opinfo import OpCase, S, differentiable

EPS = 1e-6
MAX_ELEMENTS = 64  # per input: keeps the 2n evaluations per element cheap


def _float64(a):
    if isinstance(a, T) and (a.dtype is None or a.dtype in FLOATS):
        return T(*a.shape, nc=a.nc, dtype="float64", domain=a.domain, grad=a.grad)
    if isinstance(a, L):
        return L(*[_float64(i) for i in a.items])
    return a


def _sizes(args):
    for a in args:
        if isinstance(a, T):
            yield int(np.prod(a.shape)) if a.shape else 1
        elif isinstance(a, L):
            yield from _sizes(a.items)


def cases(rows) -> list[tuple[str, object, S]]:
    """(id, row, float64 sample) for each differentiable, non-empty, small sample."""
    out = []
    for row in rows:
        if not (row.grad and row.gradcheck) or row.seed is not None:
            continue
        for s in row.samples:
            args = list(s.args) + list(s.kwargs.values())
            if not differentiable(row, s) or any(n == 0 or n > MAX_ELEMENTS
                                                   for n in _sizes(args)):
                continue
            s64 = S(*[_float64(a) for a in s.args], label=s.label, in_dtype="float64",
                    **{k: _float64(v) for k, v in s.kwargs.items()})
            out.append((f"gradcheck/{row.name}/{s.desc()}", row, s64))
    return out


def check(row, sample, seed: int = 20240) -> None:
    """Raise AssertionError when the shim's gradient of ``row`` on ``sample`` is wrong."""
    with warnings.catch_warnings():  # warnings are compared by the conformance cases
        warnings.simplefilter("ignore")
        _check(row, sample, seed)


def _check(row, sample, seed):
    torch = load("shim")
    oc = OpCase(row, row.name, sample, "graph", "float64")
    rng = np.random.default_rng(seed)
    drawn, env = oc.inputs(torch, rng)
    leaves = [(d.name, env[d.name]) for d in drawn if d.grad]
    out = oc.evaluate(dict(env))
    outs = [o for o in (out if isinstance(out, (tuple, list)) else (out,))
            if getattr(o, "requires_grad", False)]
    assert outs, f"{row.name}: no output requires grad"
    weights = [torch.tensor(rng.standard_normal(tuple(o.shape))) for o in outs]

    def loss(name, value):
        e = dict(env)
        e[name] = torch.tensor(value)
        with torch.no_grad():
            res = oc.evaluate(e)
        floats = [o for o in (res if isinstance(res, (tuple, list)) else (res,))
                  if o.dtype.is_floating_point]
        return sum(float((o.double() * w).sum()) for o, w in zip(floats, weights))

    total = sum((o * w).sum() for o, w in zip(outs, weights))
    grads = torch.autograd.grad(total, [t for _, t in leaves], allow_unused=True)
    for (name, leaf), g in zip(leaves, grads):
        base = leaf.detach().numpy().copy()
        numeric = np.zeros_like(base)
        for i in np.ndindex(base.shape):
            plus, minus = base.copy(), base.copy()
            plus[i] += EPS
            minus[i] -= EPS
            numeric[i] = (loss(name, plus) - loss(name, minus)) / (2 * EPS)
        analytic = np.zeros_like(base) if g is None else g.detach().numpy()
        np.testing.assert_allclose(analytic, numeric, rtol=1e-4, atol=1e-5,
                                   err_msg=f"{row.name}: d/d{name} of sum(w * out)")

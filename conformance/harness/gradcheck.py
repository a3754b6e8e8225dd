"""Numerical gradient checks of the shim alone, driven by the op table: every differentiable
row and sample, in float64.

- first order (``check``): analytic d(sum(w * out))/d(input) against central differences;
- second order (``check_second``, torch's gradgradcheck): the backward graph built with
  ``create_graph=True`` differentiated again, d(sum(v * grad))/d(input) and d/d(w) (w is the
  grad_output, so the backward's own linear part is checked too), against central differences
  of the analytic first gradient.

Used by tests/test_numerical_gradcheck.py (ids ``gradcheck/<row>/<sample>`` and
``gradgradcheck/<row>/<sample>``)."""
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


def cases(rows, order: int = 1) -> list[tuple[str, object, S]]:
    """(id, row, float64 sample) for each differentiable, non-empty, small sample; ids are
    ``gradcheck/...`` for ``order`` 1 and ``gradgradcheck/...`` for 2. A seeded row (dropout)
    draws the same mask at every evaluation: its code reseeds first."""
    prefix = "gradcheck" if order == 1 else "gradgradcheck"
    out = []
    for row in rows:
        if not (row.grad and row.gradcheck):
            continue
        for s in row.samples:
            args = list(s.args) + list(s.kwargs.values())
            if not differentiable(row, s) or any(n == 0 or n > MAX_ELEMENTS
                                                   for n in _sizes(args)):
                continue
            s64 = S(*[_float64(a) for a in s.args], label=s.label, in_dtype="float64",
                    **{k: _float64(v) for k, v in s.kwargs.items()})
            out.append((f"{prefix}/{row.name}/{s.desc()}", row, s64))
    return out


def check(row, sample, seed: int = 20240) -> None:
    """Raise AssertionError when the shim's gradient of ``row`` on ``sample`` is wrong."""
    with warnings.catch_warnings():  # warnings are compared by the conformance cases
        warnings.simplefilter("ignore")
        _check(row, sample, seed)


def check_second(row, sample, seed: int = 20240) -> None:
    """Raise AssertionError when the shim's second derivative of ``row`` on ``sample`` is
    wrong (or missing: a backward that is not itself differentiable)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _check_second(row, sample, seed)


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


def _float_outputs(res):
    return [o for o in (res if isinstance(res, (tuple, list)) else (res,))
            if getattr(o, "requires_grad", False) and o.dtype.is_floating_point]


def _check_second(row, sample, seed):
    torch = load("shim")
    oc = OpCase(row, row.name, sample, "graph", "float64")
    rng = np.random.default_rng(seed)
    drawn, env = oc.inputs(torch, rng)
    names = [d.name for d in drawn if d.grad]
    values = {n: env[n].detach().numpy().copy() for n in names}
    outs = _float_outputs(oc.evaluate(dict(env)))
    assert outs, f"{row.name}: no output requires grad"
    ws = [rng.standard_normal(tuple(o.shape)) for o in outs]
    vs = {n: rng.standard_normal(values[n].shape) for n in names}

    def first(xs, wv):
        """(sum(v * d(sum(w * out))/dx), the leaves): the first gradient, as a graph."""
        e = dict(env)
        leaves = [torch.tensor(xs[n], requires_grad=True) for n in names]
        e.update(zip(names, leaves))
        w = [torch.tensor(a, requires_grad=True) for a in wv]
        total = sum((o * wi).sum() for o, wi in zip(_float_outputs(oc.evaluate(e)), w))
        grads = torch.autograd.grad(total, leaves, create_graph=True, allow_unused=True)
        s = sum((g * torch.tensor(vs[n])).sum() for n, g in zip(names, grads) if g is not None)
        return s, leaves + w

    s, wrt = first(values, ws)
    # a first gradient that is no graph claims a zero second derivative: the numbers judge it
    analytic = (torch.autograd.grad(s, wrt, allow_unused=True)
                if getattr(s, "requires_grad", False) else [None] * len(wrt))
    def moved(key, value):
        """first()'s arguments with input ``key`` (a name, or the index of a w) set to value."""
        if isinstance(key, str):
            return {**values, key: value}, ws
        return values, [value if j == key else w for j, w in enumerate(ws)]

    keys = names + list(range(len(ws)))
    for key, g in zip(keys, analytic):
        base = values[key] if isinstance(key, str) else ws[key]
        numeric = np.zeros_like(base)
        for i in np.ndindex(base.shape):
            ends = []
            for step in (EPS, -EPS):
                shifted = base.copy()
                shifted[i] += step
                ends.append(float(first(*moved(key, shifted))[0]))
            numeric[i] = (ends[0] - ends[1]) / (2 * EPS)
        got = np.zeros_like(base) if g is None else g.detach().numpy()
        # where the first gradient is itself nan (var of one element, as torch defines it) the
        # second derivative is undefined: only finite differences are compared
        defined = np.isfinite(numeric)
        label = f"d/d{key}" if isinstance(key, str) else f"d/d(grad_output {key})"
        np.testing.assert_allclose(got[defined], numeric[defined], rtol=1e-4, atol=1e-5,
                                   err_msg=f"{row.name}: {label} of sum(v * grad)")

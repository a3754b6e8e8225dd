"""Numerical gradient check of every differentiable op (float64 central differences), run on the
shim alone: analytic d(sum(w * f(x)))/dx against finite differences."""
import numpy as np
import pytest

import minitorch_compat as torch
import minitorch_compat.nn.functional as F

POS = "positive"
UNIT = "unit"  # inside (-1, 1)

# name -> (function of the input tensors, input shapes, domain)
OPS = {
    "add": (lambda a, b: a + b, [(2, 3), (3,)], None),
    "add_alpha": (lambda a, b: torch.add(a, b, alpha=2.5), [(2, 3), (2, 3)], None),
    "sub": (lambda a, b: a - b, [(2, 3), (2, 1)], None),
    "rsub": (lambda a: 1 - a, [(3,)], None),
    "mul": (lambda a, b: a * b, [(2, 3), (3,)], None),
    "mul_scalar": (lambda a: a * 2.5, [(4,)], None),
    "div": (lambda a, b: a / b, [(2, 3), (2, 3)], POS),
    "rdiv": (lambda a: 2 / a, [(3,)], POS),
    "pow_scalar": (lambda a: a ** 3, [(3,)], None),
    "pow_frac": (lambda a: a ** 0.5, [(3,)], POS),
    "pow_tensor": (lambda a, b: a ** b, [(3,), (3,)], POS),
    "rpow": (lambda a: 2 ** a, [(3,)], None),
    "neg": (lambda a: -a, [(3,)], None),
    "exp": (torch.exp, [(2, 2)], None),
    "log": (torch.log, [(2, 2)], POS),
    "log1p": (torch.log1p, [(3,)], POS),
    "sqrt": (torch.sqrt, [(3,)], POS),
    "rsqrt": (torch.rsqrt, [(3,)], POS),
    "abs": (torch.abs, [(4,)], None),
    "sin": (torch.sin, [(3,)], None),
    "cos": (torch.cos, [(3,)], None),
    "tan": (torch.tan, [(3,)], UNIT),
    "tanh": (torch.tanh, [(3,)], None),
    "sigmoid": (torch.sigmoid, [(3,)], None),
    "relu": (torch.relu, [(5,)], None),
    "asin": (torch.asin, [(3,)], UNIT),
    "atan": (torch.atan, [(3,)], None),
    "maximum": (torch.maximum, [(4,), (4,)], None),
    "clamp": (lambda a: a.clamp(-0.3, 0.4), [(6,)], None),
    "where": (lambda a, b: torch.where(a > 0, a, b), [(5,), (5,)], None),
    "sum": (lambda a: a.sum(), [(2, 3)], None),
    "sum_dim": (lambda a: a.sum(1), [(2, 3)], None),
    "sum_keepdim": (lambda a: a.sum((0, 2), keepdim=True), [(2, 3, 2)], None),
    "mean": (lambda a: a.mean(), [(2, 3)], None),
    "mean_dim": (lambda a: a.mean(-1), [(2, 3)], None),
    "prod": (lambda a: a.prod(), [(4,)], None),
    "max": (lambda a: a.max(), [(5,)], None),
    "max_dim": (lambda a: a.max(1).values, [(3, 4)], None),
    "amax": (lambda a: a.amax(0), [(3, 4)], None),
    "var": (lambda a: a.var(), [(5,)], None),
    "std_dim": (lambda a: a.std(1), [(2, 5)], None),
    "logsumexp": (lambda a: a.logsumexp(1), [(2, 3)], None),
    "cumsum": (lambda a: a.cumsum(0), [(4,)], None),
    "dot": (torch.dot, [(4,), (4,)], None),
    "mv": (torch.mv, [(2, 3), (3,)], None),
    "mm": (torch.mm, [(2, 3), (3, 4)], None),
    "bmm": (torch.bmm, [(2, 2, 3), (2, 3, 2)], None),
    "matmul_1d_2d": (torch.matmul, [(3,), (3, 2)], None),
    "matmul_3d_2d": (torch.matmul, [(2, 2, 3), (3, 2)], None),
    "matmul_batched": (torch.matmul, [(2, 1, 2, 3), (3, 3, 2)], None),
    "outer": (torch.outer, [(2,), (3,)], None),
    "view": (lambda a: a.view(6), [(2, 3)], None),
    "reshape_copy": (lambda a: a.t().reshape(6), [(2, 3)], None),
    "t": (lambda a: a.t(), [(2, 3)], None),
    "T": (lambda a: a.T, [(2, 3)], None),
    "transpose": (lambda a: a.transpose(0, 2), [(2, 3, 4)], None),
    "permute": (lambda a: a.permute(2, 0, 1), [(2, 3, 4)], None),
    "unsqueeze": (lambda a: a.unsqueeze(1), [(2, 3)], None),
    "squeeze": (lambda a: a.squeeze(), [(2, 1, 3)], None),
    "expand": (lambda a: a.expand(4, 2, 3), [(2, 1)], None),
    "flatten": (lambda a: a.flatten(), [(2, 3)], None),
    "select": (lambda a: a[1], [(3, 2)], None),
    "slice": (lambda a: a[1:, ::2], [(3, 4)], None),
    "index": (lambda a: a[[0, 2, 0]], [(3, 2)], None),
    "mask": (lambda a: a[a > 0], [(3, 2)], None),
    "unbind": (lambda a: a.unbind(1)[1], [(3, 2)], None),
    "split": (lambda a: a.split(2)[1], [(5,)], None),
    "cat": (lambda a, b: torch.cat([a, b], 1), [(2, 3), (2, 1)], None),
    "stack": (lambda a, b: torch.stack([a, b]), [(2, 3), (2, 3)], None),
    "clone": (lambda a: a.clone(), [(3,)], None),
    "softmax": (lambda a: torch.softmax(a, 1), [(2, 3)], None),
    "log_softmax": (lambda a: torch.log_softmax(a, 0), [(2, 3)], None),
    "linear": (lambda x, w, b: F.linear(x, w, b), [(4, 3), (2, 3), (2,)], None),
    "bce_logits": (lambda a, b: F.binary_cross_entropy_with_logits(a, b.sigmoid()),
                   [(4,), (4,)], None),
    "bce_logits_weighted": (lambda a: F.binary_cross_entropy_with_logits(
        a, torch.tensor([0.0, 1.0, 1.0], dtype=torch.float64),
        pos_weight=torch.tensor([2.0, 0.5, 1.5], dtype=torch.float64), reduction="sum"),
        [(3,)], None),
    "bce": (lambda a: F.binary_cross_entropy(a.sigmoid(),
                                             torch.tensor([0.0, 1.0, 0.3], dtype=torch.float64)),
            [(3,)], None),
    "mse": (lambda a, b: F.mse_loss(a, b), [(2, 3), (2, 3)], None),
    "l1": (lambda a, b: F.l1_loss(a, b, reduction="sum"), [(4,), (4,)], None),
    "nll": (lambda a: F.nll_loss(a, torch.tensor([1, 0, 2])), [(3, 3)], None),
    "cross_entropy": (lambda a: F.cross_entropy(a, torch.tensor([1, 0, 2])), [(3, 3)], None),
    "setitem": (lambda a, b: _setitem(a, b), [(4,), ()], None),
    "iadd": (lambda a, b: _iadd(a, b), [(3,), (3,)], None),
}


def _setitem(a, b):
    c = a * 1
    c[1] = b
    return c


def _iadd(a, b):
    c = a * 2
    c += b
    return c


def _inputs(shapes, domain, rng):
    out = []
    for s in shapes:
        v = rng.standard_normal(s)
        if domain == POS:
            v = np.abs(v) + 0.5
        elif domain == UNIT:
            v = np.tanh(v) * 0.9
        else:
            v = v + np.sign(v) * 0.05  # keep away from kinks at 0
        out.append(torch.tensor(v, dtype=torch.float64, requires_grad=True))
    return out


@pytest.mark.parametrize("name", sorted(OPS))
def test_gradient_matches_finite_differences(name):
    fn, shapes, domain = OPS[name]
    rng = np.random.default_rng(abs(hash(name)) % 2**32)
    xs = _inputs(shapes, domain, rng)
    out = fn(*xs)
    weights = torch.tensor(rng.standard_normal(tuple(out.shape)), dtype=torch.float64)
    (out * weights).sum().backward()
    eps = 1e-6
    for k, x in enumerate(xs):
        base = x.detach().numpy().copy()
        numeric = np.zeros_like(base)
        flat = base.reshape(-1)
        for i in range(flat.size):
            vals = []
            for step in (eps, -eps):
                pert = flat.copy()
                pert[i] += step
                inputs = [torch.tensor(pert.reshape(base.shape), dtype=torch.float64)
                          if y is x else y.detach() for y in xs]
                with torch.no_grad():
                    vals.append(float((fn(*inputs) * weights).sum()))
            numeric.reshape(-1)[i] = (vals[0] - vals[1]) / (2 * eps)
        np.testing.assert_allclose(x.grad.numpy(), numeric, rtol=1e-5, atol=1e-6,
                                   err_msg=f"{name}: gradient of input {k}")


# functions whose gradient still depends on the input (so a second derivative exists)
SECOND = {
    "mul": (lambda a: a * a * a, (3,), None),
    "div": (lambda a: 1 / (a * a), (3,), POS),
    "exp": (torch.exp, (3,), None),
    "log": (torch.log, (3,), POS),
    "tanh": (torch.tanh, (3,), None),
    "sigmoid": (torch.sigmoid, (3,), None),
    "pow": (lambda a: a ** 3, (3,), None),
    "mm": (lambda a: torch.mm(a, a), (2, 2), None),
    "sum_dim": (lambda a: (a * a).sum(1), (2, 3), None),
    "softmax": (lambda a: torch.softmax(a, 1) * torch.arange(3.0, dtype=torch.float64),
                (2, 3), None),
    "sqrt": (torch.sqrt, (3,), POS),
    "matmul": (lambda a: torch.matmul(a, a.t()), (2, 3), None),
}


@pytest.mark.parametrize("name", sorted(SECOND))
def test_second_derivative_matches_finite_differences(name):
    fn, shape, domain = SECOND[name]
    rng = np.random.default_rng(7)
    (x,) = _inputs([shape], domain, rng)

    def first(xv):
        (g,) = torch.autograd.grad(fn(xv).sum(), xv, create_graph=True)
        return g

    g = first(x)
    (gg,) = torch.autograd.grad(g.sum(), x)
    eps = 1e-5
    base = x.detach().numpy().copy().reshape(-1)
    numeric = np.zeros_like(base)
    for i in range(base.size):
        vals = []
        for step in (eps, -eps):
            pert = base.copy()
            pert[i] += step
            xv = torch.tensor(pert.reshape(x.shape), dtype=torch.float64, requires_grad=True)
            vals.append(float(first(xv).sum()))
        numeric[i] = (vals[0] - vals[1]) / (2 * eps)
    np.testing.assert_allclose(gg.numpy().reshape(-1), numeric, rtol=1e-4, atol=1e-5)

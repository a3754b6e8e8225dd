"""Hypothesis sweeps of pointwise, reduction and shape ops: shapes (0-d, empty, up to 3 dims),
dims (negative, tuples), keepdim, dtypes and values including the extremes (nan, +-inf, -0.0,
huge, tiny). One sweep per op, so a known divergence names one op. Each spec is plain JSON: the
goldens store the specs the derandomized profile draws, with torch's outcomes."""
import math

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, mutually_broadcastable_shapes

from harness.sweeps import sweep

EXTREMES = [0.0, -0.0, 1.0, -1.0, 0.5, 2.0, math.inf, -math.inf, math.nan, 1e-30, -1e30, 3e38,
            1e-40, 88.0, -100.0]
FLOATS = ("float32", "float64")


def values(n, dtype, ties=False):
    """n values of dtype; floats mix extremes in; ``ties`` draws from a few values only."""
    if dtype == "bool":
        elem = st.booleans()
    elif dtype == "int64":
        elem = st.integers(-8, 8) | st.sampled_from([2 ** 40, -(2 ** 40)])
    elif ties:
        elem = st.sampled_from([0.0, 1.0, -1.0, 2.0])
    else:
        width = 32 if dtype == "float32" else 64
        elem = st.sampled_from(EXTREMES) | st.floats(-10, 10, width=width)
    return st.lists(elem, min_size=n, max_size=n)


def tensor(ns, spec, key="x", grad=False):
    arr = np.asarray(spec[key]["values"], dtype=spec[key]["dtype"]).reshape(spec[key]["shape"])
    t = ns.tensor(arr)
    if grad and spec[key]["dtype"] in FLOATS:
        t.requires_grad_()
    return t


@st.composite
def operand(draw, dtypes, shape=None, ties=False, max_dims=3):
    shape = tuple(shape) if shape is not None else draw(
        array_shapes(min_dims=0, max_dims=max_dims, min_side=0, max_side=4))
    dtype = draw(st.sampled_from(dtypes))
    n = int(np.prod(shape)) if shape else 1
    return {"shape": list(shape), "dtype": dtype,
            "values": draw(values(n, dtype, ties=ties and draw(st.booleans())))}


def weighted_backward(ns, out, leaves):
    """d(sum(w * out))/d leaves with w = 1..n (so misplaced gradients show)."""
    outs = out if isinstance(out, (tuple, list)) else (out,)
    parts = [(o * ns.arange(1, o.numel() + 1, dtype=o.dtype).reshape(o.shape)).sum()
             for o in outs if getattr(o, "requires_grad", False)]
    if not parts:
        return {}
    sum(parts[1:], parts[0]).backward()
    return {f"grad{i}": leaf.grad for i, leaf in enumerate(leaves)}


# ---------------------------------------------------------------- pointwise unary

UNARY = {"exp": True, "expm1": True, "log": True, "log2": True, "log10": True, "log1p": True,
         "sqrt": True, "rsqrt": True, "sin": True, "cos": True, "tan": True, "tanh": True,
         "sigmoid": True, "sinh": True, "cosh": True, "asin": True, "acos": True, "atan": True,
         "relu": True, "abs": True, "neg": True, "floor": True, "ceil": True, "round": True,
         "trunc": True, "sign": True, "square": True, "reciprocal": True, "isnan": False,
         "isinf": False, "isfinite": False, "logical_not": False}


def _unary(name, grad):
    def fn(ns, spec):
        x = tensor(ns, spec, grad=grad)
        y = getattr(ns, name)(x)
        return {"y": y, **(weighted_backward(ns, y, [x]) if grad else {})}
    return fn


for _name, _grad in UNARY.items():
    sweep(f"sweep/pointwise/{_name}", st.fixed_dictionaries(
        {"x": operand(FLOATS + (("int64",) if _name in ("abs", "neg", "sign", "square",
                                                         "exp", "sqrt", "isnan") else ()))}),
        _unary(_name, _grad))

# ---------------------------------------------------------------- pointwise binary

BINARY = {"add": True, "sub": True, "mul": True, "div": True, "pow": True, "maximum": True,
          "minimum": True, "atan2": True, "remainder": False, "fmod": False,
          "floor_divide": False, "eq": False, "ne": False, "lt": False, "le": False,
          "gt": False, "ge": False, "logical_and": False, "logical_or": False}


@st.composite
def binary_spec(draw, dtypes, scalar_other=True):
    shapes = draw(mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=3))
    spec = {"x": draw(operand(dtypes, shapes.input_shapes[0]))}
    if scalar_other and draw(st.integers(0, 4)) == 0:
        spec["scalar"] = draw(st.sampled_from([2, -1, 0.5, 2.5, True, 0, -0.0, math.inf]))
    else:
        spec["y"] = draw(operand(dtypes, shapes.input_shapes[1]))
    return spec


def _binary(name, grad):
    def fn(ns, spec):
        x = tensor(ns, spec, grad=grad)
        y = tensor(ns, spec, "y", grad=grad) if "y" in spec else spec["scalar"]
        out = getattr(ns, name)(x, y)
        leaves = [x] + ([y] if "y" in spec else [])
        return {"out": out, **(weighted_backward(ns, out, leaves) if grad else {})}
    return fn


for _name, _grad in BINARY.items():
    _dtypes = FLOATS + ("int64",) + (("bool",) if _name not in ("sub", "div", "pow") else ())
    sweep(f"sweep/pointwise/{_name}",
          binary_spec(_dtypes, scalar_other=_name not in ("maximum", "minimum", "atan2",
                                                          "logical_and", "logical_or")),
          _binary(_name, _grad))

# ---------------------------------------------------------------- reductions

# op -> (accepts a tuple of dims, dtypes, differentiable)
REDUCTIONS = {
    "sum": (True, FLOATS + ("int64", "bool"), True), "mean": (True, FLOATS, True),
    "prod": (False, FLOATS + ("int64",), True), "amax": (True, FLOATS + ("int64",), True),
    "amin": (True, FLOATS + ("int64",), True), "max": (False, FLOATS + ("int64",), True),
    "min": (False, FLOATS + ("int64",), True), "argmax": (False, FLOATS + ("int64",), False),
    "argmin": (False, FLOATS, False), "var": (True, FLOATS, True), "std": (True, FLOATS, True),
    "logsumexp": (True, FLOATS, True), "any": (True, FLOATS + ("bool",), False),
    "all": (True, FLOATS + ("bool",), False), "norm": (True, FLOATS, True),
    "count_nonzero": (True, FLOATS + ("int64",), False), "cumsum": (False, FLOATS + ("int64",),
                                                                     True),
}


@st.composite
def reduction_spec(draw, name):
    tuples, dtypes, _ = REDUCTIONS[name]
    x = draw(operand(dtypes, ties=True))
    nd = len(x["shape"])
    axes = st.integers(-max(nd, 1), max(nd, 1) - 1)
    choices = [st.just(None)] if name not in ("cumsum", "logsumexp") else []
    choices.append(axes)
    if tuples and nd:
        choices.append(st.lists(st.integers(-nd, nd - 1), min_size=1, max_size=nd,
                                unique_by=lambda d: d % nd).map(tuple))
    dim = draw(st.one_of(*choices))
    keepdim = (draw(st.booleans()) if dim is not None and name not in ("cumsum", "count_nonzero")
               else None)
    return {"x": x, "dim": list(dim) if isinstance(dim, tuple) else dim, "keepdim": keepdim}


def _reduction(name, grad):
    def fn(ns, spec):
        x = tensor(ns, spec, grad=grad)
        dim = tuple(spec["dim"]) if isinstance(spec["dim"], list) else spec["dim"]
        f = getattr(ns, name)
        if dim is None:
            out = f(x)
        elif spec["keepdim"] is None:
            out = f(x, dim=dim)
        else:
            out = f(x, dim=dim, keepdim=spec["keepdim"])
        return {"out": out, **(weighted_backward(ns, out, [x]) if grad else {})}
    return fn


for _name, (_t, _d, _grad) in REDUCTIONS.items():
    sweep(f"sweep/reduction/{_name}", reduction_spec(_name), _reduction(_name, _grad))

# ---------------------------------------------------------------- shape ops


@st.composite
def shape_spec(draw, name):
    x = draw(operand(FLOATS, max_dims=3))
    x["values"] = list(range(len(x["values"])))  # distinct values: a misplaced element shows
    shape = x["shape"]
    nd = len(shape)
    n = int(np.prod(shape)) if shape else 1
    dim = st.integers(-max(nd, 1), max(nd, 1) - 1)
    p: dict = {}
    if name == "reshape":
        p["shape"] = draw(_factorization(n, shape))
    elif name == "permute":
        p["dims"] = draw(st.permutations(list(range(nd))))
    elif name in ("transpose", "movedim"):
        p["a"], p["b"] = draw(dim), draw(dim)
    elif name == "unsqueeze":
        p["dim"] = draw(st.integers(-nd - 1, nd))
    elif name in ("squeeze", "flatten", "unbind", "select", "narrow", "split", "chunk",
                  "index_select", "cumsum"):
        p["dim"] = draw(dim) if nd or name in ("squeeze", "flatten") else None
    elif name == "flip":
        p["dims"] = draw(st.lists(st.integers(0, max(nd - 1, 0)), max_size=nd, unique=True))
    elif name == "getitem":
        p["index"] = [draw(_slice(s)) for s in shape[:draw(st.integers(0, nd))]]
    elif name in ("cat", "stack"):
        p["dim"] = draw(st.integers(-nd - (name == "stack"), max(nd - 1 + (name == "stack"), 0)))
        p["n"] = draw(st.integers(1, 3))
    elif name in ("expand", "repeat"):
        p["sizes"] = draw(st.lists(st.integers(1, 3), min_size=max(nd, 1), max_size=nd + 1))
    if name == "flatten" and nd:
        p["end"] = draw(dim)
    if name in ("select", "narrow", "split", "chunk", "index_select") and nd and shape[p["dim"]]:
        size = shape[p["dim"]]
        p["i"] = draw(st.integers(-size, size - 1))
        p["len"] = draw(st.integers(0, size))
        p["k"] = draw(st.integers(1, size + 1))
        p["index"] = draw(st.lists(st.integers(0, size - 1), max_size=4))
    return {"x": x, "p": p}


def _factorization(n, shape):
    if n == 0:
        return st.just(list(reversed(shape)) or [0])

    @st.composite
    def f(draw):
        out, rest = [], n
        for _ in range(draw(st.integers(0, 3))):
            d = draw(st.sampled_from([d for d in range(1, rest + 1) if rest % d == 0]))
            out.append(d)
            rest //= d
        out.append(rest)
        if draw(st.booleans()):
            out[draw(st.integers(0, len(out) - 1))] = -1
        return out
    return f()


def _slice(size):
    bound = st.none() | st.integers(-size - 1, size + 1)
    return st.one_of(st.integers(-size, size - 1) if size else st.nothing(),
                     st.tuples(bound, bound, st.none() | st.integers(1, 3)))


def _narrow(x, p):
    dim = p["dim"] or 0
    if not x.dim():
        return x.narrow(dim, 0, 0)
    start = max(p.get("i", 0), 0)
    return x.narrow(dim, start, min(p.get("len", 0), x.shape[dim] - start))


def _expand(x, p):
    """Size-1 dims grow to the drawn sizes; extra leading dims are added."""
    sizes = p["sizes"]
    if x.dim() > len(sizes):
        return x.expand(*x.shape)
    lead = sizes[: len(sizes) - x.dim()]
    own = [s if d == 1 else -1 for s, d in zip(sizes[len(lead):], x.shape)]
    return x.expand(*lead, *own)


def _index(ns, items):
    return tuple(i if isinstance(i, int) else slice(*i) for i in items)


SHAPE_OPS = {
    "reshape": lambda ns, x, p: x.reshape(p["shape"]),
    "view": lambda ns, x, p: x.view(*[s for s in x.shape][::-1]) if x.dim() else x.view(1),
    "permute": lambda ns, x, p: x.permute(*p["dims"]) if p["dims"] else x.permute(()),
    "transpose": lambda ns, x, p: x.transpose(p["a"], p["b"]),
    "movedim": lambda ns, x, p: ns.movedim(x, p["a"], p["b"]),
    "unsqueeze": lambda ns, x, p: x.unsqueeze(p["dim"]),
    "squeeze": lambda ns, x, p: x.squeeze(p["dim"]) if p["dim"] is not None else x.squeeze(),
    "flatten": lambda ns, x, p: x.flatten(p["dim"], p.get("end", -1)),
    "flip": lambda ns, x, p: x.flip(p["dims"]),
    "t": lambda ns, x, p: x.t(),
    "unbind": lambda ns, x, p: x.unbind(p["dim"] or 0),
    "select": lambda ns, x, p: x.select(p["dim"] or 0, p.get("i", 0)),
    "narrow": lambda ns, x, p: _narrow(x, p),
    "split": lambda ns, x, p: x.split(p.get("k", 1), p["dim"] or 0),
    "chunk": lambda ns, x, p: x.chunk(p.get("k", 1), p["dim"] or 0),
    "index_select": lambda ns, x, p: x.index_select(p["dim"] or 0,
                                                    ns.tensor(p.get("index", []), dtype=ns.int64)),
    "getitem": lambda ns, x, p: x[_index(ns, p["index"])],
    "cat": lambda ns, x, p: ns.cat([x] * p["n"], p["dim"]),
    "stack": lambda ns, x, p: ns.stack([x] * p["n"], p["dim"]),
    "expand": lambda ns, x, p: _expand(x, p),
    "repeat": lambda ns, x, p: x.repeat(*p["sizes"]),
    "clone": lambda ns, x, p: x.clone(),
    "contiguous": lambda ns, x, p: x.t().contiguous() if x.dim() <= 2 else x.contiguous(),
}


def _shape(name):
    def fn(ns, spec):
        x = tensor(ns, spec, grad=True)
        out = SHAPE_OPS[name](ns, x, spec["p"])
        meta = [o.shape for o in out] if isinstance(out, tuple) else out.shape
        return {"out": out, "shape": meta, **weighted_backward(ns, out, [x])}
    return fn


for _name in SHAPE_OPS:
    sweep(f"sweep/shape/{_name}", shape_spec(_name), _shape(_name))

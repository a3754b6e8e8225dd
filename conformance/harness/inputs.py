"""Argument specs of op-table samples and what they turn into: NumPy values drawn from the
case's generator, the same tensors built on either namespace, and the source text of a repro.

    T(3, 4)            a tensor of the sample's dtype (T() is 0-d, T(0, 3) is empty)
    T(4, 3, nc="T")    non-contiguous: drawn as (3, 4), then .transpose(-2, -1)
    T(3, 4, nc="s")    non-contiguous: drawn as (3, 8), then [..., ::2]
    I(3, high=5)       an int64 index tensor;  M(3, 4): a bool mask;  V([0, 2]): given values
    L(T(2), T(3))      a Python list of tensors (cat, stack, einsum operands)
    Code("x0 > 0")     source text placed as is (indices, expressions of the other inputs)
    Dt("float64")      torch.float64 of the namespace
anything else is a literal (numbers, tuples, strings) and is written with repr().
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FLOATS = ("float16", "bfloat16", "float32", "float64")


class T:
    __slots__ = ("shape", "nc", "dtype", "domain", "grad")

    def __init__(self, *shape, nc=None, dtype=None, domain=None, grad=None):
        if nc not in (None, "T", "s"):
            raise ValueError(f"nc={nc!r}")
        if nc == "T" and len(shape) < 2:
            raise ValueError("a transposed input needs 2 dims")
        self.shape, self.nc, self.dtype, self.domain, self.grad = shape, nc, dtype, domain, grad

    def desc(self):
        s = "x".join(map(str, self.shape)) if self.shape else "0d"
        s += {"T": ".T", "s": ".s", None: ""}[self.nc]
        return s + (f":{self.dtype}" if self.dtype else "")

    def base_shape(self):
        if self.nc == "T":
            return self.shape[:-2] + (self.shape[-1], self.shape[-2])
        if self.nc == "s":
            return self.shape[:-1] + (2 * self.shape[-1],)
        return self.shape


class I:  # noqa: E742 - an index tensor
    __slots__ = ("shape", "low", "high")

    def __init__(self, *shape, high, low=0):
        self.shape, self.low, self.high = shape, low, high

    def desc(self):
        return "i" + ("x".join(map(str, self.shape)) if self.shape else "0d")


class M:
    __slots__ = ("shape",)

    def __init__(self, *shape):
        self.shape = shape

    def desc(self):
        return "m" + ("x".join(map(str, self.shape)) if self.shape else "0d")


class V:
    __slots__ = ("values", "dtype")

    def __init__(self, values, dtype=None):
        self.values, self.dtype = values, dtype

    def desc(self):
        return f"v{self.values!r}".replace(" ", "")


class L:
    __slots__ = ("items",)

    def __init__(self, *items):
        self.items = items

    def desc(self):
        return "[" + ",".join(_desc(i) for i in self.items) + "]"


class Code:
    __slots__ = ("text",)

    def __init__(self, text):
        self.text = text

    def desc(self):
        return self.text.replace(" ", "")


class Dt:
    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def desc(self):
        return self.name


def _desc(a) -> str:
    if hasattr(a, "desc"):
        return a.desc()
    return repr(a).replace(" ", "")


def describe(args, kwargs) -> str:
    parts = [_desc(a) for a in args] + [f"{k}={_desc(v)}" for k, v in kwargs.items()]
    return ",".join(parts) or "noargs"


# ---------------------------------------------------------------- drawing values


def draw_array(rng, shape, dtype: str, domain: str) -> np.ndarray:
    """Values for one input: float64 draws rounded to ``dtype``; small integers; coin flips."""
    if dtype == "bool":
        return rng.random(shape) < 0.5
    if dtype in FLOATS:
        if domain == "pos":
            v = np.abs(rng.standard_normal(shape)) + 0.5
        elif domain == "unit":
            v = rng.uniform(-0.9, 0.9, shape)
        elif domain == "prob":
            v = rng.uniform(0.05, 0.95, shape)
        elif domain == "nonzero":
            v = rng.standard_normal(shape)
            v = v + np.where(v < 0, -0.5, 0.5)
        else:
            v = rng.standard_normal(shape)
        np_dtype = "float32" if dtype in ("float16", "bfloat16") else dtype
        return np.asarray(v, dtype=np_dtype)
    lo, hi = {"pos": (1, 7), "unit": (-1, 2), "prob": (0, 2), "nonzero": (1, 6)}.get(domain,
                                                                                  (-5, 6))
    v = rng.integers(lo, hi, shape)
    if domain == "nonzero":
        v = v * np.where(rng.random(shape) < 0.5, -1, 1)
    if dtype == "uint8":
        v = np.abs(v)
    return v.astype(dtype)


@dataclass
class Drawn:
    """One tensor input of a sample, drawn: its name (x0, x1...) and NumPy value."""
    name: str
    spec: object
    array: np.ndarray
    dtype: str
    grad: bool


def draw(args, kwargs, dtype: str, domain: str, rng, grad: bool) -> tuple[list[Drawn], list,
                                                                          dict]:
    """Draw every tensor input; returns (drawn inputs, args, kwargs) where tensor specs are
    replaced by their names' source text."""
    drawn: list[Drawn] = []

    def visit(a):
        if isinstance(a, T):
            dt = a.dtype or dtype
            arr = draw_array(rng, a.base_shape(), dt, a.domain or domain)
            g = a.grad if a.grad is not None else (grad and dt in FLOATS)
            name = f"x{len(drawn)}"
            drawn.append(Drawn(name, a, arr, dt, bool(g)))
            return Code(name)
        if isinstance(a, I):
            arr = rng.integers(a.low, a.high, a.shape).astype(np.int64)
            name = f"x{len(drawn)}"
            drawn.append(Drawn(name, a, arr, "int64", False))
            return Code(name)
        if isinstance(a, M):
            name = f"x{len(drawn)}"
            drawn.append(Drawn(name, a, rng.random(a.shape) < 0.5, "bool", False))
            return Code(name)
        if isinstance(a, V):
            name = f"x{len(drawn)}"
            arr = np.asarray(a.values, dtype=a.dtype or None)
            dt = a.dtype or {"f": "float32", "i": "int64", "b": "bool"}[arr.dtype.kind]
            drawn.append(Drawn(name, a, arr.astype(dt), dt, False))
            return Code(name)
        if isinstance(a, L):
            return Code("[" + ", ".join(visit(i).text for i in a.items) + "]")
        return a

    new_args = [visit(a) for a in args]
    new_kwargs = {k: visit(v) for k, v in kwargs.items()}
    return drawn, new_args, new_kwargs


# ---------------------------------------------------------------- building and rendering


def build(ns, d: Drawn):
    """The tensor for a drawn input on namespace ``ns`` (the same steps the repro shows)."""
    dtype = getattr(ns, d.dtype)
    if d.array.size:
        t = ns.tensor(d.array.tolist(), dtype=dtype)
    else:
        t = ns.zeros(d.array.shape, dtype=dtype)
    nc = getattr(d.spec, "nc", None)
    if nc == "T":
        t = t.transpose(-2, -1)
    elif nc == "s":
        t = t[..., ::2]
    if d.grad:
        t.requires_grad_()
    return t


def render_input(d: Drawn) -> str:
    if d.array.size:
        vals = d.array.tolist()
        if d.array.dtype.kind == "f":
            vals = _short_floats(d.array)
        src = f"torch.tensor({vals}, dtype=torch.{d.dtype})"
    else:
        src = f"torch.zeros({tuple(d.array.shape)}, dtype=torch.{d.dtype})"
    nc = getattr(d.spec, "nc", None)
    src += {"T": ".transpose(-2, -1)", "s": "[..., ::2]", None: ""}[nc]
    if d.grad:
        src += ".requires_grad_()"
    return f"{d.name} = {src}"


class _Raw(str):
    def __repr__(self):
        return str(self)


def _short_floats(a: np.ndarray):
    """Nested lists of the shortest text that reads back as the same float32/float64 value."""
    if a.ndim == 0:
        x = a[()]
        return _Raw(np.format_float_positional(x, unique=True, trim="-")
                    if np.isfinite(x) else f"float('{x}')")
    return [_short_floats(r) for r in a]


def render_value(a) -> str:
    """Source text of an argument after ``draw`` (tensors are Code already)."""
    if isinstance(a, Code):
        return a.text
    if isinstance(a, Dt):
        return f"torch.{a.name}"
    if isinstance(a, (list, tuple)) and any(isinstance(i, (Code, Dt)) for i in a):
        inner = ", ".join(render_value(i) for i in a)
        return f"[{inner}]" if isinstance(a, list) else f"({inner}{',' if len(a) == 1 else ''})"
    return repr(a)


def render_args(args, kwargs) -> str:
    parts = [render_value(a) for a in args] + [f"{k}={render_value(v)}"
                                               for k, v in kwargs.items()]
    return ", ".join(parts)

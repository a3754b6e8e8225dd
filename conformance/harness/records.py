"""Neutral records: what a case's result looks like with the library taken out. Tensors become
dtype name, shape, flat values and autograd metadata; exceptions become type and message; the
records are plain JSON values, so torch's can be committed as goldens."""
from __future__ import annotations

import math
import re

import numpy as np

_ADDRESS = re.compile(r"0x[0-9a-fA-F]{4,}")


def normalize(text: str) -> str:
    """Object addresses differ run to run: ``0x7f3a...`` becomes ``0x...``."""
    return _ADDRESS.sub("0x...", text)


def node_name(node) -> str:
    return type(node).__name__


def graph_signature(node, limit: int = 64) -> str | None:
    """``MulBackward0(AccumulateGrad, None)``: node names along ``next_functions``, depth first;
    an edge into output k>0 of a node shows as ``Name@k``. Iterative (deep graphs are fine)."""
    if node is None:
        return None
    out, seen = [], 0
    stack = [(node, 0)]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        n, nr = item
        if n is None:
            out.append("None")
            continue
        seen += 1
        if seen > limit:
            out.append("...")
            continue
        out.append(node_name(n) + (f"@{nr}" if nr else ""))
        edges = tuple(getattr(n, "next_functions", ()) or ())
        if edges:
            stack.append(")")
            for i in range(len(edges) - 1, -1, -1):
                stack.append(tuple(edges[i]))
                if i:
                    stack.append(", ")
            stack.append("(")
    return "".join(out)


def _float(v: float):
    # JSON has no NaN/Infinity in the standard: spell them as strings, exactly like Python does
    if math.isfinite(v):
        return v
    return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")


def unfloat(v):
    return float(v) if isinstance(v, str) else v


def array_values(a: np.ndarray) -> list:
    flat = a.reshape(-1)
    if a.dtype.kind == "f":
        return [_float(float(v)) for v in flat.tolist()]
    if a.dtype.kind == "c":
        return [[_float(v.real), _float(v.imag)] for v in flat.tolist()]
    return flat.tolist()


class Observer:
    """Turns results of one namespace into records; ``lib`` is the raw module (torch or shim)."""

    def __init__(self, lib):
        self.lib = lib
        self.Tensor = lib.Tensor
        self.dtype = lib.dtype
        self.Size = lib.Size
        self.node_base = None

    def dtype_name(self, dt) -> str:
        return str(dt).rsplit(".", 1)[-1]

    def tensor(self, t, values=True) -> dict:
        rec = {"t": "tensor", "dtype": self.dtype_name(t.dtype), "shape": list(t.shape)}
        if type(t).__name__ != "Tensor":
            rec["class"] = type(t).__name__
        if values:
            d = t.detach()
            if rec["dtype"] in ("bfloat16", "float16"):
                d = d.float()
            rec["value"] = array_values(np.asarray(d.numpy()))
        rec["requires_grad"] = bool(t.requires_grad)
        rec["is_leaf"] = bool(t.is_leaf)
        fn = t.grad_fn
        rec["grad_fn"] = None if fn is None else node_name(fn)
        if fn is not None:
            rec["graph"] = graph_signature(fn)
        return rec

    def __call__(self, x, values=True, depth=0):
        if depth > 20:
            return {"t": "object", "type": type(x).__name__, "repr": "<too deep>"}
        if x is None or isinstance(x, (bool, int, str)):
            return x
        if isinstance(x, float):
            return {"t": "float", "value": _float(x)}
        if isinstance(x, complex):
            return {"t": "complex", "value": [_float(x.real), _float(x.imag)]}
        if isinstance(x, self.Tensor):
            return self.tensor(x, values)
        if isinstance(x, self.dtype):
            return {"t": "dtype", "name": self.dtype_name(x)}
        if isinstance(x, self.Size):
            return {"t": "size", "value": list(x)}
        if isinstance(x, BaseException):
            return error(x)
        if isinstance(x, dict):
            return {"t": "dict", "items": {str(k): self(v, values, depth + 1)
                                           for k, v in x.items()}}
        if isinstance(x, (tuple, list)):
            items = [self(v, values, depth + 1) for v in x]
            if type(x) in (tuple, list):
                return {"t": type(x).__name__, "items": items}
            return {"t": "struct", "name": type(x).__name__, "items": items}
        if isinstance(x, np.ndarray):
            return {"t": "ndarray", "dtype": str(x.dtype), "shape": list(x.shape),
                    "value": array_values(x)}
        if isinstance(x, np.generic):
            return self(x.item(), values, depth)
        if hasattr(x, "next_functions"):
            return {"t": "node", "name": node_name(x), "graph": graph_signature(x)}
        return {"t": "object", "type": type(x).__name__, "repr": normalize(repr(x))}


def error(exc: BaseException) -> dict:
    return {"t": "error", "type": type(exc).__name__, "message": normalize(str(exc))}


def is_error(rec) -> bool:
    return isinstance(rec, dict) and rec.get("t") == "error"


def describe(rec, limit: int = 200) -> str:
    """A short human form of a record for failure messages."""
    if not isinstance(rec, dict):
        return repr(rec)
    t = rec.get("t")
    if t == "tensor":
        vals = rec.get("value")
        body = "" if vals is None else f", value={_short(vals, limit)}"
        extra = ""
        if rec.get("requires_grad"):
            extra += ", requires_grad=True"
        if rec.get("grad_fn"):
            extra += f", grad_fn={rec['grad_fn']}"
        return f"tensor(shape={rec['shape']}, dtype={rec['dtype']}{body}{extra})"
    if t == "error":
        return f"{rec['type']}: {rec['message']}"
    if t in ("float", "complex"):
        return repr(rec["value"])
    return _short(rec, limit)


def _short(v, limit):
    s = repr(v)
    return s if len(s) <= limit else s[: limit - 5] + " ...]"

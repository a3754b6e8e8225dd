"""Comparing two outcomes (torch's, the shim's) field by field: values within per-dtype
tolerances, everything else (ints, bools, dtypes, shapes, node names, messages, printed text)
exactly. A mismatch names the field and both values."""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .records import describe, unfloat

# (rtol, atol), torch.testing's defaults per dtype; exact for everything not listed
TOLERANCES = {
    "float16": (1e-3, 1e-5),
    "bfloat16": (1.6e-2, 1e-5),
    "float32": (1.3e-6, 1e-5),
    "float64": (1e-7, 1e-7),
    "complex64": (1.3e-6, 1e-5),
    "complex128": (1e-7, 1e-7),
    "float": (1.3e-6, 1e-5),  # Python floats: mostly .item() of float32 tensors
}

_NO_ATTR = re.compile(r"^'(\w+)' object has no attribute '(\w+)'")


@dataclass
class Mismatch:
    field: str
    torch: object
    shim: object
    note: str = ""

    def __str__(self):
        head = f"{self.field}: {self.note}" if self.note else f"{self.field}:"
        return f"{head}\n    torch: {describe(self.torch)}\n    shim:  {describe(self.shim)}"


def compare_outcomes(ref: dict, got: dict, tol: dict | None = None) -> list[Mismatch]:
    """Outcomes are {"result": record, "warnings": [...], "stdout": str}."""
    tols = dict(TOLERANCES, **(tol or {}))
    out: list[Mismatch] = []
    _compare(ref.get("result"), got.get("result"), "result", tols, out)
    if ref.get("warnings", []) != got.get("warnings", []):
        out.append(Mismatch("warnings", ref.get("warnings"), got.get("warnings"),
                            "different warnings (category: message)"))
    if ref.get("stdout", "") != got.get("stdout", ""):
        out.append(Mismatch("stdout", ref.get("stdout"), got.get("stdout"),
                            "different printed text" + _first_diff(ref.get("stdout", ""),
                                                                   got.get("stdout", ""))))
    return out


def missing_name(ref_rec, got_rec) -> str | None:
    """"X is not defined in minitorch_compat" when the shim failed for lack of a name."""
    if not (isinstance(got_rec, dict) and got_rec.get("t") == "error"):
        return None
    if isinstance(ref_rec, dict) and ref_rec.get("t") == "error" and \
            ref_rec.get("type") == got_rec.get("type"):
        return None
    if got_rec["type"] == "NotDefined":
        return got_rec["message"]
    m = _NO_ATTR.match(got_rec["message"]) if got_rec["type"] == "AttributeError" else None
    if m:
        return f"{m.group(1)}.{m.group(2)} is not defined in minitorch_compat"
    return None


def _compare(ref, got, path, tols, out):
    if isinstance(ref, dict) and isinstance(got, dict) and ref.get("t") == got.get("t"):
        kind = ref.get("t")
        if kind == "tensor":
            return _compare_tensor(ref, got, path, tols, out)
        if kind == "error":
            if ref["type"] != got["type"]:
                out.append(Mismatch(f"{path}.exception", ref, got, "different exception type"))
            elif ref["message"] != got["message"]:
                out.append(Mismatch(f"{path}.exception", ref, got,
                                    "different exception message"
                                    + _first_diff(ref["message"], got["message"])))
            return
        if kind in ("list", "tuple", "struct"):
            if ref.get("name") != got.get("name"):
                out.append(Mismatch(f"{path}.type", ref.get("name"), got.get("name")))
            a, b = ref["items"], got["items"]
            if len(a) != len(b):
                out.append(Mismatch(f"{path}.len", len(a), len(b), f"different {kind} length"))
                return
            for i, (x, y) in enumerate(zip(a, b)):
                _compare(x, y, f"{path}[{i}]", tols, out)
            return
        if kind == "dict":
            a, b = ref["items"], got["items"]
            if list(a) != list(b):
                out.append(Mismatch(f"{path}.keys", list(a), list(b), "different keys"))
            for k in a:
                if k in b:
                    _compare(a[k], b[k], f"{path}[{k!r}]", tols, out)
            return
        if kind in ("float", "complex"):
            rtol, atol = tols["float"]
            if not _close(np.array(_num(ref["value"])), np.array(_num(got["value"])), rtol, atol):
                out.append(Mismatch(path, ref, got, f"values differ (rtol={rtol}, atol={atol})"))
            return
        if kind == "ndarray":
            if (ref["dtype"], ref["shape"]) != (got["dtype"], got["shape"]):
                out.append(Mismatch(path, ref, got, "different array dtype/shape"))
            elif not _close(np.array(_num(ref["value"])), np.array(_num(got["value"])),
                            *tols.get(ref["dtype"], (0, 0))):
                out.append(Mismatch(path, ref, got, "different array values"))
            return
    if ref != got or type(ref) is not type(got):
        out.append(Mismatch(path, ref, got))


def _compare_tensor(ref, got, path, tols, out):
    for key in ("class", "dtype", "shape", "requires_grad", "is_leaf", "grad_fn", "graph"):
        if ref.get(key) != got.get(key):
            out.append(Mismatch(f"{path}.{key}", ref.get(key), got.get(key)))
    if "value" not in ref or "value" not in got:
        return
    if ref["shape"] != got["shape"] or len(ref["value"]) != len(got["value"]):
        return  # the shape mismatch says it all
    rtol, atol = tols.get(ref["dtype"], (0.0, 0.0))
    a, b = np.array(_num(ref["value"])), np.array(_num(got["value"]))
    if ref["dtype"] != got["dtype"]:
        # different dtypes were reported already; still say whether the numbers agree
        rtol, atol = max(rtol, 1.3e-6), max(atol, 1e-5)
    if a.dtype == object or b.dtype == object:
        same = a.tolist() == b.tolist()
    else:
        same = _close(a, b, rtol, atol)
    if not same:
        out.append(Mismatch(f"{path}.value", ref, got, _value_note(a, b, ref["shape"], rtol, atol)))


def _num(v):
    if isinstance(v, list):
        return [_num(x) for x in v]
    return unfloat(v)


def _close(a, b, rtol, atol):
    if a.shape != b.shape:
        return False
    if a.dtype.kind in "biu" and b.dtype.kind in "biu" or rtol == atol == 0:
        return bool(np.array_equal(a, b))
    try:
        a, b = a.astype(np.float64), b.astype(np.float64)
    except (TypeError, ValueError):
        return a.tolist() == b.tolist()
    same_inf = np.isinf(a) == np.isinf(b)
    if not (same_inf.all() and (a[np.isinf(a)] == b[np.isinf(b)]).all()):
        return False
    return bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True))


def _value_note(a, b, shape, rtol, atol):
    note = f"values differ (rtol={rtol}, atol={atol})"
    try:
        fa, fb = a.astype(np.float64), b.astype(np.float64)
        bad = ~np.isclose(fa, fb, rtol=rtol, atol=atol, equal_nan=True)
        if bad.ndim > 1:  # complex values come as [re, im] pairs
            bad = bad.any(axis=-1)
        n = int(bad.sum())
        i = int(np.argmax(bad))
        where = np.unravel_index(i, shape) if shape else ()
        note += (f"; {n} of {bad.size} elements; first at index {tuple(int(k) for k in where)}: "
                 f"torch {fa.reshape(bad.size, -1)[i].tolist()}, "
                 f"shim {fb.reshape(bad.size, -1)[i].tolist()}")
    except (TypeError, ValueError):
        pass
    return note


def _first_diff(a: str, b: str) -> str:
    if not isinstance(a, str) or not isinstance(b, str):
        return ""
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f" (first difference at character {i}: torch {a[i:i + 30]!r}, shim {b[i:i + 30]!r})"

"""Tensor printing against texts recorded from real torch 2.13 (no torch needed here).

tests/data/print_golden.json is written by conformance/record_print_golden.py. Each case is
rebuilt as a small fake tensor that satisfies the printing contract (``_data``, ``dtype``,
``requires_grad``, ``is_leaf``, ``grad_fn``) and its repr must equal torch's text exactly.
"""
import base64
import json
import math
import os
import zlib

import numpy as np
import pytest

from minitorch_compat import _tensor_str

GOLDEN = os.path.join(os.path.dirname(__file__), "data", "print_golden.json")

with open(GOLDEN) as _f:
    _DOC = json.load(_f)


# ----------------------------------------------------------------------------- fakes
class FakeDtype:
    def __init__(self, name):
        self.name = name
        self.is_floating_point = name in ("float16", "float32", "float64", "bfloat16")
        self.is_complex = name.startswith("complex")
        self.itemsize = {"bool": 1, "uint8": 1, "int8": 1, "int16": 2, "float16": 2,
                         "bfloat16": 2, "int32": 4, "float32": 4, "int64": 8, "float64": 8,
                         "complex64": 8, "complex128": 16}[name]

    def __repr__(self):
        return "torch." + self.name

    __str__ = __repr__


DTYPES = {n: FakeDtype(n) for n in (
    "bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32",
    "float64", "complex64", "complex128")}


class FakeNode:
    def __init__(self, name):
        self._name = name

    def name(self):
        return self._name


class FakeTensor:
    def __init__(self, data, dtype, requires_grad=False, grad_fn=None):
        self._data = data
        self.dtype = DTYPES[dtype] if isinstance(dtype, str) else dtype
        self.requires_grad = requires_grad
        self.grad_fn = None if grad_fn is None else FakeNode(grad_fn)
        self.is_leaf = grad_fn is None

    def __repr__(self):
        return _tensor_str.tensor_repr(self)

    def __format__(self, spec):
        return _tensor_str.format_scalar_tensor(self, spec)


class Tensor(FakeTensor):
    """Named like the real class, for the TypeError text of format()."""


@pytest.fixture(autouse=True)
def _fresh_options(monkeypatch):
    default = {"value": DTYPES["float32"]}
    monkeypatch.setattr(_tensor_str, "_default_dtype", lambda: default["value"])
    _tensor_str.set_printoptions(profile="default")
    yield default
    _tensor_str.set_printoptions(profile="default")


def decode(data):
    raw = zlib.decompress(base64.b64decode(data["b64"]))
    return np.frombuffer(raw, dtype=np.dtype(data["np"])).reshape(tuple(data["shape"]))


def build(case):
    arr = decode(case["data"])
    if case.get("perm"):
        arr = np.transpose(arr, case["perm"])  # a non-contiguous view, like torch's permute
    assert list(arr.shape) == case["shape"]
    return FakeTensor(arr, case["dtype"], case["requires_grad"], case["grad_fn"])


def render(case, default):
    default["value"] = DTYPES[case["default_dtype"]]
    _tensor_str.set_printoptions(profile="default")
    _tensor_str.set_printoptions(**case["options"])
    try:
        return _tensor_str.tensor_repr(build(case))
    finally:
        _tensor_str.set_printoptions(profile="default")


# ----------------------------------------------------------------------------- golden
@pytest.mark.parametrize("case", _DOC["fixed"], ids=[c["id"] for c in _DOC["fixed"]])
def test_fixed_golden(case, _fresh_options):
    assert render(case, _fresh_options) == case["repr"]


_SWEEP = _DOC["sweep"]
_CHUNK = 100


@pytest.mark.parametrize("start", range(0, len(_SWEEP), _CHUNK))
def test_sweep_golden(start, _fresh_options):
    bad = []
    for case in _SWEEP[start:start + _CHUNK]:
        got = render(case, _fresh_options)
        if got != case["repr"]:
            bad.append(f"{case['id']} {case['dtype']} {case['shape']} {case['options']}\n"
                       f"torch:\n{case['repr']}\nours:\n{got}")
    assert not bad, f"{len(bad)} mismatches\n" + "\n\n".join(bad[:3])


def test_golden_size():
    assert len(_DOC["fixed"]) >= 100
    assert len(_SWEEP) >= 2000
    kinds = {c["dtype"] for c in _SWEEP}
    assert kinds >= set(DTYPES)
    assert any(math.prod(c["shape"]) > 1000 for c in _SWEEP)
    assert any(0 in c["shape"] for c in _SWEEP)
    assert any(c["perm"] for c in _SWEEP)
    assert any(c["grad_fn"] for c in _SWEEP)


# ----------------------------------------------------------------------------- examples
def t(values, dtype="float32", **kw):
    np_dtype = {"bfloat16": np.float32}.get(dtype, dtype)
    return FakeTensor(np.asarray(values, dtype=np_dtype), dtype, **kw)


def test_basic_examples():
    r = _tensor_str.tensor_repr
    assert r(t([4.0, 4.0])) == "tensor([4., 4.])"
    assert r(t(6.155921936035156)) == "tensor(6.1559)"
    assert r(t(np.zeros((0, 3)))) == "tensor([], size=(0, 3))"
    assert r(t([1, 2], "int32")) == "tensor([1, 2], dtype=torch.int32)"
    assert r(t([True, True], "bool")) == "tensor([True, True])"
    assert r(t([1.0, 2.0], requires_grad=True)) == "tensor([1., 2.], requires_grad=True)"
    assert (r(FakeTensor(np.array([1.0, 2.0], np.float32), "float32", True, "MulBackward0"))
            == "tensor([1., 2.], grad_fn=<MulBackward0>)")
    assert r(t([1.0, np.nan, -np.inf, -0.0])) == "tensor([1., nan, -inf, -0.])"


def test_default_dtype_float64(_fresh_options):
    _fresh_options["value"] = DTYPES["float64"]
    r = _tensor_str.tensor_repr
    assert r(t([1.5], "float64")) == "tensor([1.5000])"
    assert r(t([1.5], "float32")) == "tensor([1.5000], dtype=torch.float32)"
    assert r(t([1j], "complex128")) == "tensor([0.+1.j])"
    assert r(t([1j], "complex64")) == "tensor([0.+1.j], dtype=torch.complex64)"
    assert r(t(np.zeros(0), "float64")) == "tensor([])"


def test_tensor_contents():
    assert (_tensor_str.tensor_repr(t([1, 2], "int32"), tensor_contents="[...]")
            == "tensor([...], dtype=torch.int32)")


def test_non_numpy_data_and_non_contiguous():
    base = np.arange(12.0, dtype=np.float32).reshape(3, 4)
    assert (_tensor_str.tensor_repr(FakeTensor(base.T, "float32"))
            == _tensor_str.tensor_repr(FakeTensor(np.ascontiguousarray(base.T), "float32")))
    assert _tensor_str.tensor_repr(FakeTensor([1, 2, 3], "int64")) == "tensor([1, 2, 3])"


# ----------------------------------------------------------------------------- options
DEFAULTS = {"precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": 80,
            "sci_mode": None}


def test_printoptions_roundtrip():
    assert _tensor_str.get_printoptions() == DEFAULTS
    assert list(_tensor_str.get_printoptions()) == list(DEFAULTS)
    _tensor_str.set_printoptions(precision=2, threshold=5, edgeitems=1, linewidth=40,
                                 sci_mode=True)
    opts = _tensor_str.get_printoptions()
    assert opts == {"precision": 2, "threshold": 5, "edgeitems": 1, "linewidth": 40,
                    "sci_mode": True}
    _tensor_str.set_printoptions(profile="default")
    assert _tensor_str.get_printoptions() == DEFAULTS
    _tensor_str.set_printoptions(**opts)
    assert _tensor_str.get_printoptions() == opts


def test_profiles():
    _tensor_str.set_printoptions(profile="short", sci_mode=True)
    assert _tensor_str.get_printoptions() == {"precision": 2, "threshold": 1000,
                                              "edgeitems": 2, "linewidth": 80,
                                              "sci_mode": True}
    _tensor_str.set_printoptions(profile="full")
    assert _tensor_str.get_printoptions() == {"precision": 4, "threshold": math.inf,
                                              "edgeitems": 3, "linewidth": 80,
                                              "sci_mode": None}
    _tensor_str.set_printoptions(profile="full", precision=6)
    assert _tensor_str.get_printoptions()["precision"] == 6
    _tensor_str.set_printoptions(profile="no-such-profile")  # ignored, as in torch
    assert _tensor_str.get_printoptions()["threshold"] == math.inf
    _tensor_str.set_printoptions(linewidth=90)  # leaving sci_mode out resets it
    assert _tensor_str.get_printoptions()["linewidth"] == 90


def test_sci_mode_reset_by_any_call():
    _tensor_str.set_printoptions(sci_mode=False)
    _tensor_str.set_printoptions(precision=3)
    assert _tensor_str.get_printoptions()["sci_mode"] is None


def test_printoptions_context_manager():
    _tensor_str.set_printoptions(profile="short", sci_mode=True)
    before = _tensor_str.get_printoptions()
    with _tensor_str.printoptions(precision=7):
        inside = _tensor_str.get_printoptions()
        assert inside["precision"] == 7 and inside["edgeitems"] == 2
        assert inside["sci_mode"] is None  # torch's set_printoptions semantics
        assert _tensor_str.tensor_repr(t([1.0 / 3])) == "tensor([0.3333333])"
    assert _tensor_str.get_printoptions() == before
    with pytest.raises(ZeroDivisionError):
        with _tensor_str.printoptions(threshold=1):
            1 / 0
    assert _tensor_str.get_printoptions() == before


def test_threshold_and_edgeitems():
    r = _tensor_str.tensor_repr
    _tensor_str.set_printoptions(threshold=5)
    assert r(t(np.arange(10), "int64")) == "tensor([0, 1, 2,  ..., 7, 8, 9])"
    _tensor_str.set_printoptions(profile="default")
    assert r(t(np.arange(10), "int64")) == "tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])"
    _tensor_str.set_printoptions(edgeitems=0)
    assert r(t([1, 2, 3], "int64")) == "tensor([1, 2, 3], size=(3,))"


# ----------------------------------------------------------------------------- format()
def test_format_scalar():
    fmt = _tensor_str.format_scalar_tensor
    assert fmt(t(3.0), "") == "3.0"
    assert fmt(t(3.0), ".2f") == "3.00"
    assert fmt(t(3.0), "10") == "       3.0"
    assert fmt(t(3, "int64"), "") == "3"
    assert fmt(t(3, "int64"), ".2f") == "3.00"
    assert fmt(t(True, "bool"), "") == "True"
    assert fmt(t(True, "bool"), ".2f") == "1.00"
    assert fmt(t(1 + 2j, "complex64"), "") == "(1+2j)"
    assert fmt(t(1 + 2j, "complex64"), ".2f") == "1.00+2.00j"
    assert fmt(t(3.0, requires_grad=True), "") == "3.0"
    assert f"{t(3.0)}" == "3.0"
    assert f"{t(0.1)}" == "0.10000000149011612"  # the float32 value, as torch's item()


def test_format_non_scalar():
    x = Tensor(np.array([1.0, 2.0], np.float32), "float32")
    assert format(x, "") == "tensor([1., 2.])"
    assert f"{x}" == "tensor([1., 2.])"
    with pytest.raises(TypeError) as info:
        format(x, ".2f")
    assert str(info.value) == "unsupported format string passed to Tensor.__format__"
    with pytest.raises(TypeError, match="unsupported format string passed to Tensor.__format__"):
        format(x, "10")


class Parameter(FakeTensor):
    def __repr__(self):
        return _tensor_str.parameter_repr(self)


def test_format_parameter_goes_through_str():
    # torch: a Parameter is not exactly a Tensor, so format() takes object.__format__
    p = Parameter(np.array(3.0, np.float32), "float32", requires_grad=True)
    for flag in (None, True):
        assert (_tensor_str.format_scalar_tensor(p, "", is_parameter=flag)
                == "Parameter containing:\ntensor(3., requires_grad=True)")
        with pytest.raises(TypeError) as info:
            _tensor_str.format_scalar_tensor(p, ".2f", is_parameter=flag)
        assert str(info.value) == "unsupported format string passed to Parameter.__format__"
    assert format(p, "") == "Parameter containing:\ntensor(3., requires_grad=True)"
    q = FakeTensor(np.array(3.0, np.float32), "float32")
    assert _tensor_str.format_scalar_tensor(q, ".1f", is_parameter=False) == "3.0"


# ----------------------------------------------------------------------------- Parameter
def test_parameter_repr():
    pr = _tensor_str.parameter_repr
    assert (pr(t([1.0, 2.0], requires_grad=True))
            == "Parameter containing:\ntensor([1., 2.], requires_grad=True)")
    assert pr(t([1.0, 2.0])) == "Parameter containing:\ntensor([1., 2.])"
    assert (pr(t(np.zeros((0, 3)), requires_grad=True))
            == "Parameter containing:\ntensor([], size=(0, 3), requires_grad=True)")
    assert (pr(t(3.0, requires_grad=True))
            == "Parameter containing:\ntensor(3., requires_grad=True)")
    assert (pr(t([1.0], "float64", requires_grad=True))
            == "Parameter containing:\ntensor([1.], dtype=torch.float64, requires_grad=True)")


# ----------------------------------------------------------------------------- real dtypes
def test_with_package_dtypes(monkeypatch):
    """The lead's dtype objects and default-dtype lookup, when they are importable."""
    _dtype = pytest.importorskip("minitorch_compat._dtype")
    monkeypatch.undo()  # the real _default_dtype lookup
    _tensor_str.set_printoptions(profile="default")
    x = FakeTensor(np.array([1, 2], np.int32), _dtype.int32)
    assert _tensor_str.tensor_repr(x) == "tensor([1, 2], dtype=torch.int32)"
    y = FakeTensor(np.array([1.5], np.float32), _dtype.float32)
    assert _tensor_str.tensor_repr(y) == "tensor([1.5000])"
    z = FakeTensor(np.array([1.5], np.float64), _dtype.float64)
    assert _tensor_str.tensor_repr(z) == "tensor([1.5000], dtype=torch.float64)"
    b = FakeTensor(np.array([1.5], np.float32), _dtype.bfloat16)
    assert _tensor_str.tensor_repr(b) == "tensor([1.5000], dtype=torch.bfloat16)"


# ----------------------------------------------------------------------------- real tensors
def _real(case):
    """The golden case as a real shim Tensor (a real dtype object and a real graph node)."""
    import minitorch_compat as torch
    from minitorch_compat.autograd.graph import node_class
    arr = decode(case["data"]).copy()
    t = torch.from_numpy(arr)
    if case.get("perm"):
        t = t.permute(*case["perm"])
    if case["grad_fn"]:
        t._requires_grad = True
        t.grad_fn = node_class(case["grad_fn"])()
    elif case["requires_grad"]:
        t.requires_grad_()
    return t


@pytest.mark.parametrize("start", range(0, len(_SWEEP), 500))
def test_sweep_through_real_tensors(start, monkeypatch):
    """The same goldens through minitorch_compat.Tensor's own repr (bfloat16 has no NumPy
    storage in the shim, so those cases are skipped here; the fake-tensor test covers them)."""
    import minitorch_compat as torch
    monkeypatch.setattr(_tensor_str, "_default_dtype", torch.get_default_dtype)
    bad = []
    for case in _SWEEP[start:start + 500] + (_DOC["fixed"] if start == 0 else []):
        if case["dtype"] == "bfloat16":
            continue
        torch.set_default_dtype(getattr(torch, case["default_dtype"]))
        torch.set_printoptions(profile="default")
        torch.set_printoptions(**case["options"])
        try:
            got = repr(_real(case))
        finally:
            torch.set_printoptions(profile="default")
            torch.set_default_dtype(torch.float32)
        if got != case["repr"]:
            bad.append(f"{case['id']}\ntorch:\n{case['repr']}\nours:\n{got}")
    assert not bad, f"{len(bad)} mismatches\n" + "\n\n".join(bad[:3])

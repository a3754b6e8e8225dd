"""Factories: tensor/as_tensor/from_numpy, zeros/ones/full/empty/arange/linspace/eye and the
*_like forms, with torch's dtype inference. Factories ignore grad mode (requires_grad=True always
makes a leaf that requires grad)."""
import math
import warnings

import numpy as np

from . import _dtype as D
from ._backend import to_numpy
from ._device import Size, check_device
from ._tensor import Tensor

__all__ = ["tensor", "as_tensor", "asarray", "from_numpy", "zeros", "ones", "full", "empty",
           "zeros_like", "ones_like", "full_like", "empty_like", "arange", "range", "linspace",
           "logspace", "eye", "scalar_tensor", "is_tensor", "numel", "is_floating_point",
           "is_complex", "is_nonzero", "FloatTensor", "DoubleTensor", "HalfTensor", "LongTensor",
           "IntTensor", "ShortTensor", "CharTensor", "ByteTensor", "BoolTensor"]

_FACTORY_REQUIRES_GRAD = "Only Tensors of floating point and complex dtype can require gradients"


def _finish(data, dtype, requires_grad):
    t = Tensor._make(data, dtype)
    if requires_grad:
        if not (dtype.is_floating_point or dtype.is_complex):
            raise RuntimeError(_FACTORY_REQUIRES_GRAD)
        t._requires_grad = True
    return t


def _np_dtype(dtype):
    if dtype._np is None:
        raise NotImplementedError(f"{dtype} tensors are not supported by minitorch_compat")
    return dtype._np


def _check_nested(data, dim=0):
    """torch's message for ragged nested sequences."""
    if not isinstance(data, (list, tuple)):
        return
    lengths = [len(x) if isinstance(x, (list, tuple)) else None for x in data]
    first = lengths[0] if lengths else None
    for n in lengths:
        if (n is None) != (first is None):
            raise TypeError("not a sequence")
        if n != first:
            raise ValueError(f"expected sequence of length {first} at dim {dim + 1} (got {n})")
    for x in data:
        _check_nested(x, dim + 1)


def _infer(data):
    """(NumPy array, torch dtype) for Python data, by torch's inference rules."""
    if isinstance(data, np.ndarray):
        return data, D.from_numpy_dtype(data.dtype)
    if isinstance(data, np.generic):
        return np.asarray(data), D.from_numpy_dtype(data.dtype)
    if isinstance(data, str) or (isinstance(data, (list, tuple)) and _has_str(data)):
        raise TypeError("new(): invalid data type 'str'")
    try:
        arr = np.asarray(data)
    except ValueError:
        _check_nested(data)
        raise
    except OverflowError:
        raise ValueError("Overflow when unpacking long long") from None
    if arr.dtype == object:
        _check_nested(data)
        if _has_big_int(data):
            raise ValueError("Overflow when unpacking long long")
        raise TypeError(f"new(): invalid data type '{type(data).__name__}'")
    kind = arr.dtype.kind
    if kind == "f":
        if _from_tensors(data) and arr.dtype != np.float64:
            return arr, D.from_numpy_dtype(arr.dtype)
        return arr, D.get_default_dtype()
    if kind == "c":
        return arr, D.default_complex()
    if kind == "b":
        return arr, D.bool
    if kind in "iu":
        return arr, D.int64
    raise TypeError(f"new(): invalid data type '{arr.dtype}'")


def _has_str(data):
    for x in data:
        if isinstance(x, str) or (isinstance(x, (list, tuple)) and _has_str(x)):
            return True
    return False


def _has_big_int(data):
    if isinstance(data, int):
        return not -2**63 <= data < 2**64
    if isinstance(data, (list, tuple)):
        return any(_has_big_int(x) for x in data)
    return False


def _from_tensors(data):
    return isinstance(data, (list, tuple)) and data and isinstance(data[0], Tensor)


def tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False):
    check_device(device)
    if isinstance(data, Tensor):
        warnings.warn("To copy construct from a tensor, it is recommended to use "
                      "sourceTensor.detach().clone() or "
                      "sourceTensor.detach().clone().requires_grad_(True), rather than "
                      "torch.tensor(sourceTensor).", UserWarning, stacklevel=2)
        arr, inferred = to_numpy(data._data), data._dtype
    else:
        arr, inferred = _infer(data)
    dtype = dtype or inferred
    out = np.array(arr, dtype=_np_dtype(dtype), copy=True)
    return _finish(out, dtype, requires_grad)


def as_tensor(data, dtype=None, device=None):
    check_device(device)
    if isinstance(data, Tensor):
        return data if dtype is None or dtype is data._dtype else data.to(dtype)
    if isinstance(data, np.ndarray) and (dtype is None or dtype._np == data.dtype):
        return from_numpy(data)
    return tensor(data, dtype=dtype)


def asarray(obj, *, dtype=None, device=None, copy=None, requires_grad=False):
    t = as_tensor(obj, dtype=dtype, device=device)
    if copy:
        t = t.clone()
    return t.requires_grad_(requires_grad) if requires_grad else t


def from_numpy(ndarray):
    if not isinstance(ndarray, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(ndarray).__name__})")
    if not ndarray.flags.writeable:
        warnings.warn("The given NumPy array is not writable, and PyTorch does not support "
                      "non-writable tensors. This means writing to this tensor will result in "
                      "undefined behavior. You may want to copy the array to protect its data or "
                      "make it writable before converting it to a tensor. This type of warning "
                      "will be suppressed for the rest of this program.", UserWarning,
                      stacklevel=2)
    return Tensor._make(ndarray, D.from_numpy_dtype(ndarray.dtype))


def _size(size, name="size"):
    if not size:
        raise TypeError(f'{name}() missing 1 required positional arguments: "size"')
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = tuple(size[0])
    out = []
    for i, s in enumerate(size):
        if isinstance(s, Tensor):
            s = s.item()
        if not isinstance(s, (int, np.integer)) or isinstance(s, bool):
            raise TypeError(f"{name}(): argument 'size' failed to unpack the object at pos "
                            f"{i + 1} with error \"type must be tuple of ints,but got "
                            f"{type(s).__name__}\"")
        out.append(int(s))
    for s in out:
        if s < 0:
            if name == "zeros":  # torch 2.13 words zeros' check differently from the others
                raise RuntimeError("zeros: Dimension size must be non-negative.")
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {out}")
    return tuple(out)


def _filled(name, fill, size, kwsize, dtype, device, requires_grad):
    check_device(device)
    shape = _size(size if kwsize is None else (kwsize,), name)
    dtype = dtype or D.get_default_dtype()
    return _finish(np.full(shape, fill, dtype=_np_dtype(dtype)), dtype, requires_grad)


def zeros(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False,
          pin_memory=False, memory_format=None, size_=None, **kw):
    return _filled("zeros", 0, size, kw.get("size"), dtype, device, requires_grad)


def ones(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False,
         pin_memory=False, memory_format=None, **kw):
    return _filled("ones", 1, size, kw.get("size"), dtype, device, requires_grad)


def empty(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False,
          pin_memory=False, memory_format=None, **kw):
    # torch leaves the memory uninitialised; zeros are one valid such content
    return _filled("empty", 0, size, kw.get("size"), dtype, device, requires_grad)


def full(size, fill_value, *, out=None, dtype=None, layout=None, device=None,
         requires_grad=False, pin_memory=False):
    if isinstance(fill_value, Tensor):
        fill_value = fill_value.item()
    if dtype is None:
        dtype = D._scalar_dtype(fill_value.item() if isinstance(fill_value, np.generic)
                                else fill_value)
    if isinstance(size, (int, np.integer)):
        size = (size,)
    check_device(device)
    shape = _size((tuple(size),), "full")
    return _finish(np.full(shape, fill_value, dtype=_np_dtype(dtype)), dtype, requires_grad)


def _like(input, fill, dtype, requires_grad):
    dtype = dtype or input._dtype
    return _finish(np.full(input._data.shape, fill, dtype=_np_dtype(dtype)), dtype, requires_grad)


def zeros_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=None):
    return _like(input, 0, dtype, requires_grad)


def ones_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None):
    return _like(input, 1, dtype, requires_grad)


def empty_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=None):
    return _like(input, 0, dtype, requires_grad)


def full_like(input, fill_value, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None):
    return _like(input, fill_value, dtype, requires_grad)


def _number(x):
    return x.item() if isinstance(x, (Tensor, np.generic)) else x


def arange(start, end=None, step=1, *, out=None, dtype=None, layout=None, device=None,
           requires_grad=False):
    check_device(device)
    if end is None:
        start, end = 0, start
    start, end, step = _number(start), _number(end), _number(step)
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if (end - start) / step < 0:
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    if dtype is None:
        floating = any(isinstance(v, float) for v in (start, end, step))
        dtype = D.get_default_dtype() if floating else D.int64
    n = max(0, math.ceil((end - start) / step))
    data = (start + np.arange(n, dtype=np.float64) * step) if dtype.is_floating_point else \
        np.arange(start, start + n * step, step, dtype=np.int64)[:n]
    return _finish(np.asarray(data).astype(_np_dtype(dtype)), dtype, requires_grad)


def range(start=0, end=None, step=1, *, dtype=None, device=None, requires_grad=False):  # noqa: A001
    warnings.warn("torch.range is deprecated and will be removed in a future release because its "
                  "behavior is inconsistent with Python's range builtin. Instead, use "
                  "torch.arange, which produces values in [start, end).", UserWarning,
                  stacklevel=2)
    if end is None:
        start, end = 0, start
    dtype = dtype or D.get_default_dtype()
    n = int(math.floor((end - start) / step)) + 1
    data = start + np.arange(n, dtype=np.float64) * step
    return _finish(data.astype(_np_dtype(dtype)), dtype, requires_grad)


def linspace(start, end, steps, *, out=None, dtype=None, layout=None, device=None,
             requires_grad=False):
    check_device(device)
    start, end = _number(start), _number(end)
    if not isinstance(steps, (int, np.integer)) or steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    dtype = dtype or D.get_default_dtype()
    # torch: computed in the output's precision, symmetric from both ends
    work = dtype._np if dtype.is_floating_point else np.dtype(np.float64)
    s, e = work.type(start), work.type(end)
    if steps == 0:
        data = np.empty(0, work)
    elif steps == 1:
        data = np.array([s], work)
    else:
        step = (e - s) / work.type(steps - 1)
        i = np.arange(steps)
        half = steps // 2
        data = np.where(i < half, s + step * i.astype(work),
                        e - step * (steps - 1 - i).astype(work)).astype(work)
    return _finish(data.astype(_np_dtype(dtype)), dtype, requires_grad)


def logspace(start, end, steps, base=10.0, *, dtype=None, device=None, requires_grad=False):
    lin = linspace(start, end, steps, dtype=D.float64)
    dtype = dtype or D.get_default_dtype()
    return _finish(np.power(base, lin._data).astype(_np_dtype(dtype)), dtype, requires_grad)


def eye(n, m=None, *, out=None, dtype=None, layout=None, device=None, requires_grad=False):
    check_device(device)
    if n < 0:
        raise RuntimeError(f"n must be greater or equal to 0, got {n}")
    if m is not None and m < 0:
        raise RuntimeError(f"m must be greater or equal to 0, got {m}")
    dtype = dtype or D.get_default_dtype()
    return _finish(np.eye(n, n if m is None else m, dtype=_np_dtype(dtype)), dtype, requires_grad)


def scalar_tensor(s, *, dtype=None, device=None, requires_grad=False):
    dtype = dtype or D.get_default_dtype()
    return _finish(np.asarray(_number(s), dtype=_np_dtype(dtype)), dtype, requires_grad)


def is_tensor(obj):
    return isinstance(obj, Tensor)


def numel(input):
    return input.numel()


def is_floating_point(input):
    return input._dtype.is_floating_point


def is_complex(input):
    return input._dtype.is_complex


def is_nonzero(input):
    if input.numel() != 1:
        raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
    return bool(input.item())


def _legacy_new(cls, args, kwargs, dtype=D.float32):
    """torch.Tensor(...) and torch.FloatTensor(...)-style constructors: a sequence is copied as
    ``dtype`` data, integers are a shape (zero-filled here; torch leaves memory uninitialised)."""
    npd = _np_dtype(dtype)
    if not args:
        t = Tensor._make(np.zeros((0,), npd), dtype)
    elif len(args) == 1 and isinstance(args[0], Tensor):
        t = args[0] if args[0]._dtype is dtype else args[0].to(dtype)
    elif all(isinstance(a, (int, np.integer)) and not isinstance(a, bool) for a in args) or (
            len(args) == 1 and isinstance(args[0], Size)):
        shape = _size(args, "Tensor")
        t = Tensor._make(np.zeros(shape, npd), dtype)
    else:
        arr, _ = _infer(args[0])
        t = Tensor._make(np.array(arr, dtype=npd), dtype)
    if cls is not Tensor:
        from ._tensor import _rewrap
        t = _rewrap(cls, t, t)
    return t


class tensortype(type):
    """The metaclass of the legacy typed constructors (torch.FloatTensor...): calling one makes
    a tensor of its dtype; isinstance checks the dtype."""
    __module__ = "torch"

    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor) and obj._dtype is cls.dtype

    def __call__(cls, *args, **kwargs):
        return _legacy_new(Tensor, args, kwargs, cls.dtype)


def _typed(name, dtype):
    return tensortype(name, (), {"dtype": dtype, "__module__": "torch", "is_sparse": False})


FloatTensor = _typed("FloatTensor", D.float32)
DoubleTensor = _typed("DoubleTensor", D.float64)
HalfTensor = _typed("HalfTensor", D.float16)
LongTensor = _typed("LongTensor", D.int64)
IntTensor = _typed("IntTensor", D.int32)
ShortTensor = _typed("ShortTensor", D.int16)
CharTensor = _typed("CharTensor", D.int8)
ByteTensor = _typed("ByteTensor", D.uint8)
BoolTensor = _typed("BoolTensor", D.bool)

"""What every op shares: operand conversion with torch's promotion, dim wrapping, recording a
result's graph node (saving only what the needed formulas read), views, and in-place rebasing."""
import numpy as np

from .. import _dtype as D
from .._backend import as_array
from .._tensor import Tensor
from ..autograd import grad_mode
from ..autograd.anomaly_mode import _state as _anomaly
from ..autograd.anomaly_mode import forward_stack
from ..autograd.graph import SavedTensor, edge_of, node_class

xp = np  # NumPy storage: ops call NumPy's array-API-named functions directly
_state = grad_mode._state
_SCALARS = (bool, int, float, complex, np.number, np.bool_)


def node(name, multi_output=False, **formulas):
    """Declare torch's node ``name``: per input, ``fn(grad, *saved)`` whose parameter names
    (after the gradient) name the saved values it reads; None for non-differentiable inputs."""
    table = []
    for input_name, fn in formulas.items():
        code = fn.__code__ if fn is not None else None
        names = code.co_varnames[1:code.co_argcount] if code is not None else ()
        table.append((input_name, fn, names))
    return node_class(name, table, multi_output)


RESULT = object()  # marks the op's own output among the saved values
_NO_EDGE = (None, 0)
_INFERENCE_SAVED = (
    "Inference tensors cannot be saved for backward. Please do not use Tensors created in "
    "inference mode in computation tracked by autograd. To work around this, you can make a "
    "clone to get a normal tensor and use it in autograd, or use `torch.no_grad()` instead of "
    "`torch.inference_mode()`.")


def record(out, cls, inputs, saved=None):
    """Attach a ``cls`` node to ``out`` when grad mode is on and an input requires grad.
    ``inputs`` follow the node's declaration; those declared non-differentiable get no edge."""
    if not _state.grad:
        return out
    if cls._no_edge:
        inputs = [t for i, t in enumerate(inputs) if i not in cls._no_edge]
    for t in inputs:
        if t is not None and t._requires_grad:
            break
    else:
        return out
    if _state.inference:
        return out
    n = cls()
    edges, meta = [], []
    for t in inputs:  # one loop (a comprehension is a call of its own on the hot path)
        if t is None:
            edges.append(_NO_EDGE)
            meta.append(None)
        else:
            edges.append(edge_of(t))
            meta.append((t._data.shape, t._dtype))
    n.next_functions = tuple(edges)
    n._input_meta = tuple(meta)
    if saved:
        keep = {}
        for (_, fn, names), t in zip(cls._formulas, inputs):
            if fn is not None and t is not None and t._requires_grad:
                for k in names:
                    if k not in keep:
                        v = saved[k]
                        if v is RESULT:
                            v = SavedTensor(out, True)
                        elif type(v) is Tensor or isinstance(v, Tensor):
                            if v._inference:
                                raise RuntimeError(_INFERENCE_SAVED)
                            v = SavedTensor(v, False)
                        keep[k] = v
        n._saved = keep
    if _anomaly["enabled"]:
        n.metadata["traceback_"] = forward_stack()
    out._requires_grad = True
    out.grad_fn = n
    return out


def record_multi(outs, cls, inputs, saved=None):
    """``record`` for a node with several outputs (unbind, split...)."""
    if not outs:
        return outs
    first = record(outs[0], cls, inputs, saved)
    n = first.grad_fn
    if n is not None:
        n._num_outputs = len(outs)
        for i, o in enumerate(outs[1:], 1):
            o._requires_grad = True
            o.grad_fn = n
            o._output_nr = i
    return outs


_new_tensor = Tensor._make  # bound once: the hot path skips the attribute lookup


def make(data, dtype):
    """A new tensor from an op's raw result (NumPy gives scalars for 0-d results)."""
    if type(data) is not np.ndarray:
        data = as_array(data)
    return _new_tensor(data, dtype)


def broadcast_view(a, shape):
    """np.broadcast_to(a, shape): a read-only view of ``a`` broadcast to ``shape`` (the
    shape already checked). Built with the ndarray constructor for contiguous arrays, ~8x
    faster than np.broadcast_to's Python-level path: every sum's backward expands this way."""
    if not a.flags.c_contiguous or a.size == 0:
        return np.broadcast_to(a, shape)
    lead = len(shape) - a.ndim
    strides = (0,) * lead + tuple(0 if n != m else st
                                  for n, m, st in zip(a.shape, shape[lead:], a.strides))
    out = np.ndarray(shape, a.dtype, a, 0, strides)
    out.flags.writeable = False
    return out


def zeros_of(t):
    """Zeros of ``t``'s shape and dtype, with no graph: the gradient backward formulas give
    where an input has no effect (not ``grad * 0``, which turns an inf or nan into nan)."""
    return make(np.zeros_like(t._data), t._dtype)


def view_of(data, base, cls=None, saved=None):
    """A view result: shares memory and version counter with ``base``."""
    out = Tensor._make(data, base._dtype)
    out._base = base._base if base._base is not None else base
    out._vc = base._vc
    if cls is not None:
        record(out, cls, (base,), saved)
    return out


def wrap_dim(dim, ndim):
    n = ndim if ndim > 0 else 1
    if not -n <= dim < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], "
                         f"but got {dim})")
    return dim % n


def wrap_dims(dims, ndim):
    if isinstance(dims, int):
        dims = (dims,)
    out = tuple(wrap_dim(d, ndim) for d in dims)
    if len(set(out)) != len(out):
        for i, d in enumerate(out):
            if d in out[:i]:
                raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
    return out


_OPERANDS = (Tensor,) + _SCALARS


def is_operand(x):
    return isinstance(x, _OPERANDS)


def _scalar_result(t, s):
    """torch's result dtype for tensor ``t`` with Python number ``s``; the common cases (a
    floating tensor with a real number, an integer tensor with an int) keep t's dtype."""
    dt = t._dtype
    kind = type(s)
    if kind is float or kind is int:
        if dt.is_floating_point or (kind is int and dt._category == 1):
            return dt
    return D.result_type(t, s)


def scalar_value(x):
    """A Python number from a NumPy scalar (so NumPy's weak-scalar promotion applies)."""
    if isinstance(x, np.generic):
        return x.item()
    return x


def operands(a, b):
    """(array a, array b, result dtype, tensor a or None, tensor b or None) under torch's
    promotion; Python scalars stay scalars (NumPy keeps the array's dtype for them)."""
    ta = a if isinstance(a, Tensor) else None
    tb = b if isinstance(b, Tensor) else None
    if ta is not None and tb is not None:
        if ta._data.shape != tb._data.shape:
            broadcast_shape(ta._data.shape, tb._data.shape)
        da, db = ta._dtype, tb._dtype
        if da is db:
            return ta._data, tb._data, da, ta, tb
        dt = D.result_type(ta, tb)
        x, y = ta._data, tb._data
        with np.errstate(over="ignore"):  # torch casts a 0-d operand silently (1e30 -> inf)
            if da is not dt:
                x = x.astype(dt._np)
            if db is not dt:
                y = y.astype(dt._np)
        return x, y, dt, ta, tb
    if ta is not None:
        if type(b) is float and (ta._dtype is D.float32 or ta._dtype is D.float64):
            return ta._data, b, ta._dtype, ta, None  # the common case: nothing to convert
        b = scalar_value(b)
        dt = _scalar_result(ta, b)
        x = ta._data if ta._dtype is dt else ta._data.astype(dt._np)
        return x, _cast_scalar(b, dt), dt, ta, None
    a = scalar_value(a)
    dt = _scalar_result(tb, a)
    y = tb._data if tb._dtype is dt else tb._data.astype(dt._np)
    return _cast_scalar(a, dt), y, dt, None, tb


def broadcast_shape(a, b):
    """The broadcast of two shapes, or torch's error naming the first mismatching dim."""
    n = max(len(a), len(b))
    out = []
    for i in range(-1, -n - 1, -1):
        x = a[i] if -i <= len(a) else 1
        y = b[i] if -i <= len(b) else 1
        if x != y and x != 1 and y != 1:
            raise RuntimeError(f"The size of tensor a ({x}) must match the size of tensor b ({y}) "
                               f"at non-singleton dimension {n + i}")
        out.append(x if y == 1 else y)
    return tuple(reversed(out))


def _cast_scalar(s, dt):
    # a float scalar meeting a float16 tensor must round like torch (in the tensor's precision)
    if dt.is_complex or isinstance(s, complex):
        return complex(s) if dt.is_complex else s
    if dt.is_floating_point:
        return float(s)
    if dt is D.bool:
        return bool(s)
    s = int(s)
    info = np.iinfo(dt._np)
    if not info.min <= s <= info.max:
        return np.array(s).astype(dt._np)[()]  # torch wraps out-of-range integer scalars
    return s


def tensor_like(value, like_dtype=None):
    """A tensor for an op argument that may be a Python number (a 0-d wrapped scalar)."""
    if isinstance(value, Tensor):
        return value
    dt = like_dtype or D._scalar_dtype(scalar_value(value))
    return Tensor._make(np.asarray(scalar_value(value), dtype=dt._np), dt)


# ---------------------------------------------------------------- in-place
_LEAF_INPLACE = "a leaf Variable that requires grad is being used in an in-place operation."
_VIEW_LEAF_INPLACE = ("a view of a leaf Variable that requires grad is being used in an in-place "
                      "operation.")


def check_inplace(self):
    """torch's refusals before any write: leaves (and views of leaves) that require grad."""
    if _state.grad:
        if self._requires_grad and self.grad_fn is None and self._base is None:
            raise RuntimeError(_LEAF_INPLACE)
        base = self._base
        if base is not None and base._requires_grad and base.grad_fn is None:
            raise RuntimeError(_VIEW_LEAF_INPLACE)
    if self._inference and not _state.inference:
        raise RuntimeError("Inplace update to inference tensor outside InferenceMode is not "
                           "allowed.You can make a clone to get a normal tensor before doing "
                           "inplace update.See https://github.com/pytorch/rfcs/pull/17 for more "
                           "details.")


def commit_inplace(self, result):
    """Write an out-of-place ``result`` into ``self`` and move ``self`` onto its graph node."""
    if result._data.shape != self._data.shape:
        full = np.broadcast_shapes(self._data.shape, result._data.shape)
        raise RuntimeError(f"output with shape {list(self._data.shape)} doesn't match the "
                           f"broadcast shape {list(full)}")
    if result._dtype is not self._dtype and not D.can_cast(result._dtype, self._dtype):
        raise RuntimeError(f"result type {result._dtype._legacy} can't be cast to the desired "
                           f"output type {self._dtype._legacy}")
    n = result.grad_fn
    base = self._base
    if n is not None and base is not None and _state.grad:
        return _commit_into_view(self, base, result)
    if n is not None:
        _snapshot_saved(n, self)
    np.copyto(self._data, result._data, casting="unsafe")
    self._vc[0] += 1
    if n is not None:
        self.grad_fn = n
        self._output_nr = 0
        self._requires_grad = True
    return self


def _snapshot_saved(node, self):
    """The in-place op's node saved the old value of ``self``, which is about to be
    overwritten: keep a copy (with self's history, for double backward) instead."""
    saved = node._saved
    if not saved:
        return
    for k, v in saved.items():
        if type(v) is SavedTensor and v.tensor is self:
            snap = Tensor._make(self._data.copy(), self._dtype, self._requires_grad)
            snap.grad_fn, snap._output_nr = self.grad_fn, self._output_nr
            saved[k] = SavedTensor(snap, False)


def _region(view, base):
    """(offset, strides) of ``view``'s memory inside its C-contiguous root ``base``, in
    elements (not bytes: the region is also read from gradients and masks of other dtypes)."""
    b = base._data
    if not b.flags.c_contiguous:
        raise NotImplementedError("in-place operation on a view of a non-contiguous tensor that "
                                  "requires grad is not supported by minitorch_compat yet")
    offset = (view._data.__array_interface__["data"][0]
              - b.__array_interface__["data"][0]) // b.itemsize
    return offset, tuple(s // b.itemsize for s in view._data.strides)


def _strided(array, shape, offset, strides):
    """The (offset, element strides) region of a C-contiguous array of the base's shape."""
    n = array.itemsize
    return np.lib.stride_tricks.as_strided(array.reshape(-1)[offset:], shape,
                                           tuple(s * n for s in strides))


def _copy_slices_grads(grad, fn, offset, view_shape, strides):
    """The base's gradient and the in-place op's other inputs' gradients: the op's backward
    runs on the view's region of ``grad``, and its gradient for the view's old value replaces
    that region. Tensor ops throughout, so that under create_graph it is a graph too."""
    from .pointwise import where
    region = _region_of(grad, view_shape, offset, strides)
    inner = fn.apply([region])
    inside = np.zeros(grad._data.shape, dtype=bool)
    _strided(inside, view_shape, offset, strides)[...] = True
    placed = 0.0 if inner[0] is None else _placed(inner[0], grad._data.shape, offset, strides)
    # where, not arithmetic: the region's values are replaced exactly (and inf/nan outside it
    # stay where they are)
    return [where(make(inside, D.bool), placed, grad)] + list(inner[1:])


class CopySlices(node_class("CopySlices")):
    """An in-place op on a view, seen from the base: the op's backward runs on the view's
    region of the base's gradient (torch's CopySlices)."""
    __slots__ = ("fn", "region")

    def apply(self, grads):
        g = grads[0]
        if g is None:
            return [None] * len(self.next_functions)
        offset, shape, strides = self.region
        out = _copy_slices_grads(g, self.fn, offset, shape, strides)
        meta = self.fn._input_meta
        from ..autograd.engine import _sum_to
        return [out[0]] + [x if x is None or x._data.shape == m[0] else _sum_to(x, m[0])
                           for x, m in zip(out[1:], meta[1:])]


# The (offset, strides) region of a base-shaped tensor, and its adjoint, a tensor put into
# that region of zeros: each one's backward is the other, so derivatives of any order exist.
AsStridedBackward0 = node("AsStridedBackward0", self=lambda grad, sizes, offset, strides:
                          _placed(grad, sizes, offset, strides))
AsStridedScatterBackward0 = node("AsStridedScatterBackward0",
                                 src=lambda grad, src_sizes, offset, strides:
                                 _region_of(grad, src_sizes, offset, strides))


def _region_of(t, sizes, offset, strides):
    """torch.as_strided(t, sizes, strides, offset) of a tensor of the base's shape (a copy)."""
    a = np.ascontiguousarray(t._data)
    out = make(_strided(a, sizes, offset, strides).copy(), t._dtype)
    return record(out, AsStridedBackward0, (t,),
                  {"sizes": a.shape, "offset": offset, "strides": strides})


def _placed(t, sizes, offset, strides):
    """Zeros of shape ``sizes`` with ``t`` in the (offset, strides) region."""
    out = np.zeros(sizes, dtype=t._data.dtype)
    _strided(out, t._data.shape, offset, strides)[...] = t._data
    return record(make(out, t._dtype), AsStridedScatterBackward0, (t,),
                  {"src_sizes": t._data.shape, "offset": offset, "strides": strides})


def _commit_into_view(self, base, result):
    """torch's rebase of an in-place op on a view: the base's history goes through CopySlices,
    and the view becomes a strided view of the new base."""
    fn = result.grad_fn
    offset, strides = _region(self, base)
    cs = CopySlices()
    cs.fn = fn
    cs.region = (offset, self._data.shape, strides)
    cs.next_functions = (edge_of(base),) + fn.next_functions[1:]
    cs._input_meta = ((base._data.shape, base._dtype),) + fn._input_meta[1:]
    _snapshot_saved(fn, self)
    np.copyto(self._data, result._data, casting="unsafe")
    self._vc[0] += 1
    base.grad_fn, base._output_nr, base._requires_grad = cs, 0, True
    view_node = AsStridedBackward0()
    view_node.next_functions = ((cs, 0),)
    view_node._input_meta = ((base._data.shape, base._dtype),)
    view_node._saved = {"sizes": base._data.shape, "offset": offset, "strides": strides}
    self.grad_fn, self._output_nr, self._requires_grad = view_node, 0, True
    return self


def inplace(fn):
    """The in-place form of an out-of-place op: same graph node, result written into self."""
    def op(self, *args, **kwargs):
        check_inplace(self)
        result = fn(self, *args, **kwargs)
        if result is NotImplemented:  # a binary op's refusal of a non-number operand
            raise TypeError(f"{op.__name__}(): argument 'other' (position 1) must be Tensor, "
                            f"not {type(args[0]).__name__}")
        return commit_inplace(self, result)
    op.__name__ = fn.__name__ + "_"
    op.__doc__ = f"In-place form of ``{fn.__name__}``."
    return op

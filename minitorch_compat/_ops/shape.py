"""Shape and view ops (view/reshape, transpose, permute, squeeze, expand, select, slice,
indexing, setitem, unbind/split, cat/stack, clone, to): views share memory with their base."""
import operator
import warnings

import numpy as np

from .. import _dtype as D
from .._device import check_device
from .._tensor import Tensor
from ..autograd.graph import node_class
from ._core import (broadcast_view, check_inplace, commit_inplace, make, node, record,
                    record_multi, view_of, wrap_dim, wrap_dims, zeros_of)

__all__ = ["view", "reshape", "flatten", "unflatten", "transpose", "swapaxes", "swapdims", "t",
           "permute", "unsqueeze", "squeeze", "expand", "expand_as", "view_as", "reshape_as",
           "select", "narrow", "getitem", "setitem", "unbind", "split", "chunk", "cat", "concat",
           "concatenate", "stack", "clone", "to", "movedim", "flip", "repeat", "tile",
           "index_select", "masked_fill", "masked_fill_", "copy_", "_shape_arg", "gather",
           "scatter", "scatter_", "scatter_add", "scatter_add_", "embedding", "repeat_interleave",
           "unsqueeze_", "squeeze_", "t_", "transpose_", "swapaxes_", "swapdims_"]


def _shape_arg(shape):
    if len(shape) == 1 and not isinstance(shape[0], (int, np.integer)) and shape[0] is not None:
        shape = shape[0]
    return tuple(int(s) for s in shape)


def _infer(shape, numel):
    shape = list(shape)
    neg = [i for i, s in enumerate(shape) if s == -1]
    if len(neg) > 1:
        raise RuntimeError("only one dimension can be inferred")
    for s in shape:
        if s < -1:
            raise RuntimeError(f"invalid shape dimension {s}")
    known = 1
    for s in shape:
        if s != -1:
            known *= s
    if neg:
        if known == 0 or numel % known:
            raise RuntimeError(f"shape '{shape}' is invalid for input of size {numel}")
        shape[neg[0]] = numel // known
    elif known != numel:
        raise RuntimeError(f"shape '{shape}' is invalid for input of size {numel}")
    return tuple(shape)


def _view_array(a, shape):
    """a reshaped without copying, or None where the strides do not allow it."""
    try:
        return np.reshape(a, shape, copy=False)
    except ValueError:
        return None
    except TypeError:  # NumPy < 2.1: no copy= argument
        v = a.view()
        try:
            v.shape = shape
        except AttributeError:
            return None
        return v


ViewBackward0 = node("ViewBackward0",
                     self=lambda grad, self_sym_sizes: grad.reshape(self_sym_sizes))
UnsafeViewBackward0 = node("UnsafeViewBackward0",
                           self=lambda grad, self_sym_sizes: grad.reshape(self_sym_sizes))
CloneBackward0 = node("CloneBackward0", self=lambda grad: grad)
AliasBackward0 = node("AliasBackward0", self=lambda grad: grad)


def view(input, *shape):
    if len(shape) == 1 and isinstance(shape[0], D.dtype):
        raise NotImplementedError("Tensor.view(dtype) is not supported by minitorch_compat")
    shape = _infer(_shape_arg(shape), input._data.size)
    v = _view_array(input._data, shape)
    if v is None:
        raise RuntimeError("view size is not compatible with input tensor's size and stride (at "
                           "least one dimension spans across two contiguous subspaces). Use "
                           ".reshape(...) instead.")
    return view_of(v, input, ViewBackward0, {"self_sym_sizes": input._data.shape})


def reshape(input, *shape):
    shape = _infer(_shape_arg(shape), input._data.size)
    v = _view_array(input._data, shape)
    if v is not None:
        return view_of(v, input, ViewBackward0, {"self_sym_sizes": input._data.shape})
    # torch: a reshape that must copy is a clone followed by an unsafe view
    c = clone(input)
    out = make(c._data.reshape(shape), input._dtype)
    return record(out, UnsafeViewBackward0, (c,), {"self_sym_sizes": c._data.shape})


def view_as(input, other):
    return view(input, other._data.shape)


def reshape_as(input, other):
    return reshape(input, other._data.shape)


def flatten(input, start_dim=0, end_dim=-1):
    nd = input._data.ndim
    if nd == 0:
        return reshape(input, (1,))
    s, e = wrap_dim(start_dim, nd), wrap_dim(end_dim, nd)
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if s == e:
        return input
    shape = input._data.shape
    return reshape(input, shape[:s] + (-1,) + shape[e + 1:])


def unflatten(input, dim, sizes):
    shape = input._data.shape
    d = wrap_dim(dim, len(shape))
    sizes = [int(n) for n in sizes]
    if not sizes:
        raise RuntimeError("unflatten: sizes must be non-empty")
    if -1 not in sizes and int(np.prod(sizes)) != shape[d]:
        raise RuntimeError(f"unflatten: Provided sizes {sizes} don't multiply up to the size of "
                           f"dim {d} ({shape[d]}) in the input tensor")
    return view(input, shape[:d] + tuple(sizes) + shape[d + 1:])


TransposeBackward0 = node("TransposeBackward0",
                          self=lambda grad, dim0, dim1: grad.transpose(dim0, dim1))
TBackward0 = node("TBackward0", self=lambda grad: grad.t())
PermuteBackward0 = node("PermuteBackward0",
                        self=lambda grad, dims: grad.permute(tuple(np.argsort(dims).tolist())))


def transpose(input, dim0, dim1):
    nd = input._data.ndim
    d0, d1 = wrap_dim(dim0, nd), wrap_dim(dim1, nd)
    a = input._data if nd == 0 else np.swapaxes(input._data, d0, d1)  # torch takes dim 0 of a 0-d
    return view_of(a.view(), input, TransposeBackward0,
                   {"dim0": d0, "dim1": d1})


swapaxes = swapdims = transpose


def _check_t(input, name):
    nd = input._data.ndim
    if nd > 2:
        raise RuntimeError(f"{name}() expects a tensor with <= 2 dimensions, but self is {nd}D")


def t(input):
    _check_t(input, "t")
    return view_of(input._data.T, input, TBackward0)


def permute(input, *dims):
    dims = _shape_arg(dims)
    nd = input._data.ndim
    if len(dims) != nd:
        raise RuntimeError(f"permute(sparse_coo): number of dimensions in the tensor input does "
                           f"not match the length of the desired ordering of dimensions i.e. "
                           f"input.dim() = {nd} is not equal to len(dims) = {len(dims)}")
    dims = tuple(wrap_dim(d, nd) for d in dims)
    if len(set(dims)) != len(dims):
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return view_of(np.transpose(input._data, dims), input, PermuteBackward0, {"dims": dims})


def movedim(input, source, destination):
    nd = input._data.ndim
    source = [source] if isinstance(source, int) else list(source)
    destination = [destination] if isinstance(destination, int) else list(destination)
    if len(source) != len(destination):
        raise RuntimeError(f"movedim: Invalid source or destination dims: source ({source} dims) "
                           f"should contain the same number of dims as destination "
                           f"({destination} dims)")
    src = tuple(wrap_dim(d, nd) for d in source)
    dst = tuple(wrap_dim(d, nd) for d in destination)
    if len(set(src)) != len(src):
        raise RuntimeError(f"movedim: repeated dim in `source` ({source})")
    if len(set(dst)) != len(dst):
        raise RuntimeError(f"movedim: repeated dim in `destination` ({destination})")
    if nd == 0:  # torch: an alias of a 0-d tensor
        return view_of(input._data.view(), input, AliasBackward0)
    order = [d for d in range(nd) if d not in src]
    for s, d in sorted(zip(dst, src)):
        order.insert(s, d)
    return permute(input, order)


UnsqueezeBackward0 = node("UnsqueezeBackward0", self=lambda grad, dim: grad.squeeze(dim))
SqueezeBackward0 = node("SqueezeBackward0",
                        self=lambda grad, self_sym_sizes: grad.reshape(self_sym_sizes))
SqueezeBackward1 = node("SqueezeBackward1",
                        self=lambda grad, self_sym_sizes: grad.reshape(self_sym_sizes))
SqueezeBackward2 = node("SqueezeBackward2",
                        self=lambda grad, self_sym_sizes: grad.reshape(self_sym_sizes))


def unsqueeze(input, dim):
    d = wrap_dim(dim, input._data.ndim + 1)
    return view_of(np.expand_dims(input._data, d), input, UnsqueezeBackward0, {"dim": d})


def squeeze(input, dim=None):
    a = input._data
    saved = {"self_sym_sizes": a.shape}
    if dim is None:
        return view_of(a.reshape([s for s in a.shape if s != 1]), input, SqueezeBackward0, saved)
    if isinstance(dim, (tuple, list)):
        dims = wrap_dims(dim, a.ndim)
        keep = [s for i, s in enumerate(a.shape) if not (i in dims and s == 1)]
        return view_of(a.reshape(keep), input, SqueezeBackward2, saved)
    d = wrap_dim(dim, a.ndim)
    if a.ndim and a.shape[d] == 1:
        return view_of(a.reshape(a.shape[:d] + a.shape[d + 1:]), input, SqueezeBackward1, saved)
    return view_of(a.view(), input, SqueezeBackward1, saved)


# torch's in-place view ops: self takes the view's shape and strides (and stays whatever view
# it was), its history goes through the view op's node under the in-place name, and its version
# moves as for any in-place op
_INPLACE_VIEW_NODES = {cls.__name__: node_class(name, cls._formulas) for cls, name in (
    (UnsqueezeBackward0, "UnsqueezeBackward1"), (TBackward0, "TBackward1"),
    (TransposeBackward0, "TransposeBackward1"), (SqueezeBackward0, "SqueezeBackward3"),
    (SqueezeBackward1, "SqueezeBackward4"), (SqueezeBackward2, "SqueezeBackward5"))}


def _view_inplace(view_op):
    def op(input, *args):
        check_inplace(input)
        out = view_op(input, *args)
        input._data = out._data
        input._vc[0] += 1
        n = out.grad_fn
        if n is not None:
            m = _INPLACE_VIEW_NODES[type(n).__name__]()
            m.next_functions, m._input_meta, m._saved = n.next_functions, n._input_meta, n._saved
            input.grad_fn, input._output_nr, input._requires_grad = m, 0, True
        return input
    op.__name__ = view_op.__name__ + "_"
    op.__doc__ = f"In-place form of ``{view_op.__name__}`` (self changes shape)."
    return op


unsqueeze_ = _view_inplace(unsqueeze)
squeeze_ = _view_inplace(squeeze)
_t_ = _view_inplace(t)


def t_(input):
    _check_t(input, "t_")  # torch's message names the in-place op
    return _t_(input)
transpose_ = swapaxes_ = swapdims_ = _view_inplace(transpose)


ExpandBackward0 = node("ExpandBackward0", self=lambda grad, self_sym_sizes: grad)  # engine sums


def expand(input, *sizes):
    sizes = _shape_arg(sizes)
    a = input._data
    if len(sizes) < a.ndim:
        raise RuntimeError(f"expand(torch.{input._dtype._legacy}Tensor{{{list(a.shape)}}}, "
                           f"size={list(sizes)}): the number of sizes provided ({len(sizes)}) "
                           "must be greater or equal to the number of dimensions in the tensor "
                           f"({a.ndim})")
    lead = len(sizes) - a.ndim
    target = []
    for i, s in enumerate(sizes):
        if i < lead:
            if s < 0:
                raise RuntimeError(f"The expanded size of the tensor ({s}) isn't allowed in a "
                                   "leading, non-existing dimension 0")
            target.append(s)
            continue
        cur = a.shape[i - lead]
        if s == -1:
            s = cur
        elif cur != 1 and s != cur:
            raise RuntimeError(f"The expanded size of the tensor ({s}) must match the existing "
                               f"size ({cur}) at non-singleton dimension {i}.  Target sizes: "
                               f"{list(sizes)}.  Tensor sizes: {list(a.shape)}")
        target.append(s)
    return view_of(broadcast_view(a, tuple(target)), input, ExpandBackward0,
                   {"self_sym_sizes": a.shape})


def expand_as(input, other):
    return expand(input, other._data.shape)


SelectBackward0 = node("SelectBackward0",
                       self=lambda grad, self_sym_sizes, dim, index:
                       _select_backward(grad, self_sym_sizes, dim, index))
SliceBackward0 = node("SliceBackward0",
                      self=lambda grad, self_sym_sizes, dim, start, end, step:
                      _slice_backward(grad, self_sym_sizes, dim, start, end, step))
IndexBackward0 = node("IndexBackward0", self=lambda grad, self_sym_sizes, indices:
                      _index_put_zeros(grad, self_sym_sizes, indices))

# The backwards of the indexing ops are ops of their own (linear in grad, fixed indices), so
# that a graph built with create_graph=True can be differentiated again: each one's node maps
# back through the forward-style op (torch's select_backward, slice_backward, index_put_,
# index_add, scatter_add, embedding_dense_backward). The array kernels stay the fast path:
# ``record`` does nothing when grad mode is off.
SelectBackwardBackward0 = node("SelectBackwardBackward0",
                               grad_output=lambda grad, dim, index: grad.select(dim, index))
SliceBackwardBackward0 = node("SliceBackwardBackward0",
                              grad_output=lambda grad, dim, start, end, step:
                              _slice(grad, dim, start, end, step))
IndexPutImplBackward0 = node("IndexPutImplBackward0", self=lambda grad: grad,
                             values=lambda grad, indices: grad[indices])


def _embed(grad, sizes, index):
    """A zero array of ``sizes`` with ``grad`` at the basic ``index``."""
    out = np.zeros(sizes, dtype=grad._data.dtype)
    out[index] = grad._data
    return make(out, grad._dtype)


def _select_backward(grad, sizes, dim, index):
    out = _embed(grad, sizes, (slice(None),) * dim + (index, Ellipsis))
    return record(out, SelectBackwardBackward0, (grad,), {"dim": dim, "index": index})


def _slice_backward(grad, sizes, dim, start, end, step):
    out = _embed(grad, sizes, (slice(None),) * dim + (slice(start, end, step),))
    return record(out, SliceBackwardBackward0, (grad,),
                  {"dim": dim, "start": start, "end": end, "step": step})


def _index_put_zeros(grad, sizes, indices):
    """Zeros of ``sizes`` with ``grad`` accumulated at the NumPy index ``indices`` (torch's
    index_put_ with accumulate=True into zeros: IndexPutImplBackward0, no edge for the zeros)."""
    out = np.zeros(sizes, dtype=grad._data.dtype)
    np.add.at(out, indices, grad._data)
    return record(make(out, grad._dtype), IndexPutImplBackward0, (None, grad),
                  {"indices": indices})


def select(input, dim, index):
    a = input._data
    if a.ndim == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    d = wrap_dim(dim, a.ndim)
    n = a.shape[d]
    if not -n <= index < n:
        raise IndexError(f"select(): index {index} out of range for tensor of size "
                         f"{list(a.shape)} at dimension {d}")
    index = index % n
    # the trailing ... keeps a 0-d result a view (NumPy gives a scalar for a[i] of a 1-D a)
    return view_of(a[(slice(None),) * d + (index, Ellipsis)], input, SelectBackward0,
                   {"self_sym_sizes": a.shape, "dim": d, "index": index})


def _slice(input, dim, start, stop, step):
    a = input._data
    if step is not None and step <= 0:
        raise ValueError("step must be greater than zero")
    start, stop, step = slice(start, stop, step).indices(a.shape[dim])
    stop = max(stop, start)
    return view_of(a[(slice(None),) * dim + (slice(start, stop, step),)], input, SliceBackward0,
                   {"self_sym_sizes": a.shape, "dim": dim, "start": start, "end": stop,
                    "step": step})


def narrow(input, dim, start, length):
    a = input._data
    if a.ndim == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    if length < 0:
        raise RuntimeError("narrow(): length must be non-negative.")
    d = wrap_dim(dim, a.ndim)
    size = a.shape[d]
    start = int(start)
    if not -size <= start <= size:
        raise IndexError(f"start out of range (expected to be in range of [{-size}, {size}], but "
                         f"got {start})")
    if start < 0:
        start += size
    if start > size - length:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
    return _slice(input, d, start, start + int(length), 1)


_INDEX_MAX = 2 ** 63 - 1
_SEQUENCE_AS_TUPLE = (
    "Using a non-tuple sequence for multidimensional indexing is deprecated and will be changed "
    "in pytorch 2.9; use x[tuple(seq)] instead of x[seq]. In pytorch 2.9 this will be interpreted "
    "as tensor index, x[torch.tensor(seq)], which will result either in an error or a different "
    "result (Triggered internally at /__w/pytorch/pytorch/torch/csrc/autograd/"
    "python_variable_indexing.cpp:{}.)")
_UINT8_INDEX = (
    "indexing with dtype torch.uint8 is now deprecated, please use a dtype torch.bool instead. "
    "(Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/IndexingUtils.h:37.)")


def _is_long(i):
    """torch's THPUtils_checkLong: a Python or NumPy integer, not a bool."""
    return isinstance(i, (int, np.integer)) and not isinstance(i, bool)


def _is_sequence(i):
    return isinstance(i, (list, tuple, range, np.ndarray))


def _as_tuple(index):
    """torch's wrapTuple: a short list holding a sequence, tensor, slice, None or ... is read
    as a tuple of indices (NumPy's legacy rule, deprecated with a warning)."""
    if isinstance(index, tuple):
        return index
    if isinstance(index, Tensor) or not _is_sequence(index) or len(index) >= 32:
        return (index,)
    for item in index:
        if isinstance(item, (Tensor, slice)) or _is_sequence(item):
            warnings.warn(_SEQUENCE_AS_TUPLE.format(349), UserWarning, stacklevel=3)
            return tuple(index)
        if item is None or item is Ellipsis:
            warnings.warn(_SEQUENCE_AS_TUPLE.format(359), UserWarning, stacklevel=3)
            return tuple(index)
    return (index,)


def _index_from_data(seq):
    """torch's indexing_tensor_from_data: a list index becomes a bool or an int64 array."""
    data = np.asarray([x.item() if isinstance(x, Tensor) else x for x in seq]
                      if isinstance(seq, list) else seq)
    if data.dtype == np.bool_:
        return data
    if data.dtype.kind not in "biuf":
        raise TypeError(f"new(): invalid data type '{type(_first(seq)).__name__}'")
    return data.astype(np.int64)


def _first(seq):
    while isinstance(seq, (list, tuple)) and seq:
        seq = seq[0]
    return seq


def _tensor_index(t):
    """The array of a tensor index, with torch's dtype check."""
    dt = t._dtype
    if dt is D.uint8:
        warnings.warn(_UINT8_INDEX, UserWarning, stacklevel=4)
        return t._data.astype(np.bool_)
    if dt not in (D.int64, D.int32, D.bool):
        raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
    return t._data


def _count_specified(items):
    count = 0
    for obj in items:
        if isinstance(obj, Tensor):
            count += obj._data.ndim if obj._dtype in (D.bool, D.uint8) else 1
        elif obj is not None and obj is not Ellipsis and not isinstance(obj, bool):
            count += 1
    return count


def _parse_index(ndim, items):
    """torch's applySlicing: the basic steps in order, each ("select", dim, index, real_dim),
    ("slice", dim, start, stop, step) or ("unsqueeze", dim), and the advanced indices (one
    entry per dim of the sliced result, None for a full slice), or [] when there are none.
    Ints select even next to advanced indices (x[0, :, [1, 2]] has shape [3, 2])."""
    specified = _count_specified(items)
    if specified > ndim:
        raise IndexError(f"too many indices for tensor of dimension {ndim}")
    steps, indices, dim = [], [], 0

    def record_index(arr):
        nonlocal dim
        if not indices:
            indices.extend([None] * dim)
        indices.append(arr)
        dim += arr.ndim if arr.dtype == np.bool_ else 1

    def unsqueeze_bool(value):
        steps.append(("unsqueeze", dim))
        record_index(np.zeros(1 if value else 0, np.int64))

    for real_dim, obj in enumerate(items):
        if _is_long(obj):
            steps.append(("select", dim, int(obj), real_dim))
        elif isinstance(obj, slice):
            step = 1 if obj.step is None else operator.index(obj.step)
            if step == 0:
                raise ValueError("slice step cannot be zero")
            start = 0 if obj.start is None else operator.index(obj.start)
            stop = _INDEX_MAX if obj.stop is None else operator.index(obj.stop)
            steps.append(("slice", dim, start, stop, step))
            dim += 1
            if indices:
                indices.append(None)
        elif obj is Ellipsis:
            n = ndim - specified
            dim += n
            if indices:
                indices.extend([None] * n)
        elif obj is None:
            steps.append(("unsqueeze", dim))
            dim += 1
            if indices:
                indices.append(None)
        elif isinstance(obj, bool):
            unsqueeze_bool(obj)
        elif isinstance(obj, Tensor):
            if obj._data.ndim == 0 and (obj._dtype._category == 1 or obj._dtype is D.bool):
                if obj._dtype in (D.bool, D.uint8):
                    unsqueeze_bool(bool(obj._data))
                else:
                    steps.append(("select", dim, int(obj._data), real_dim))
            else:
                record_index(_tensor_index(obj))
        elif _is_sequence(obj):
            record_index(_index_from_data(obj))
        else:
            try:
                k = operator.index(obj)
            except TypeError:
                raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or "
                                 "byte Variables are valid indices (got "
                                 f"{type(obj).__name__})") from None
            steps.append(("select", dim, k, real_dim))
    return steps, indices


def _check_select(shape, dim, k, real_dim):
    """torch's applySelect checks (messages name the position in the index)."""
    if k == 0 and dim == 0 and not shape:
        raise IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                         "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number")
    size = shape[dim] if shape else 0
    if not -size <= k < size:
        raise IndexError(f"index {k} is out of bounds for dimension {real_dim} with size {size}")


def _full_slice(shape, step):
    """torch skips a slice that keeps the whole dim (start 0, stop >= size, step 1)."""
    _, dim, start, stop, st = step
    return bool(shape) and start == 0 and stop >= shape[dim] and st == 1


def _step_key(step):
    """A basic index doing one step, for a NumPy array or a tensor (the trailing ... keeps a
    NumPy result a 0-d view rather than a scalar)."""
    kind, dim = step[0], step[1]
    if kind == "select":
        return (slice(None),) * dim + (step[2], Ellipsis)
    if kind == "slice":
        return (slice(None),) * dim + (slice(step[2], step[3], step[4]), Ellipsis)
    return (slice(None),) * dim + (None, Ellipsis)


def _advanced(shape, indices):
    """torch's index checks, then the NumPy index (masks as their nonzero positions)."""
    while indices and indices[-1] is None:
        indices = indices[:-1]
    key, arrays, pos = [], [], 0
    for i in indices:
        if i is None:
            key.append(slice(None))
            pos += 1
        elif i.dtype == np.bool_:
            for j in range(i.ndim):
                if pos + j >= len(shape) or i.shape[j] != shape[pos + j]:
                    raise IndexError(f"The shape of the mask {list(i.shape)} at index {j} does "
                                     f"not match the shape of the indexed tensor {list(shape)} "
                                     f"at index {pos + j}")
            for nz in np.nonzero(i):
                key.append(nz)
                arrays.append((nz, shape[pos]))
                pos += 1
        else:
            key.append(i)
            arrays.append((i, shape[pos]))
            pos += 1
    try:
        b = np.broadcast_arrays(*[a for a, _ in arrays])
    except ValueError:
        raise IndexError("shape mismatch: indexing tensors could not be broadcast together with "
                         "shapes " + ", ".join(str(list(a.shape)) for a, _ in arrays)) from None
    bad = None
    for j, (a, (_, size)) in enumerate(zip(b, arrays)):
        out = (a < -size) | (a >= size)
        if out.any():
            first = int(np.argmax(out.reshape(-1)))
            if bad is None or first < bad[0]:
                bad = (first, j, int(a.reshape(-1)[first]), size)
    if bad is not None:
        raise IndexError(f"index {bad[2]} is out of bounds for dimension {bad[1]} with size "
                         f"{bad[3]}")
    return tuple(key)


def getitem(input, index):
    """torch's indexing (THPVariable_getitem): ints, slices, None and ... are Select, Slice and
    Unsqueeze views, applied in order; tensors, lists and masks then make one IndexBackward0."""
    shape = input._data.shape
    if index is None:
        return unsqueeze(input, 0)
    if index is Ellipsis:
        return view_of(input._data.view(), input, AliasBackward0)
    if _is_long(index):
        _check_select(shape, 0, int(index), 0)
        return select(input, 0, int(index))
    if isinstance(index, slice):  # a lone slice is always a view, even x[:]
        if not shape:
            raise IndexError("slice() cannot be applied to a 0-dim tensor.")
        _, _, start, stop, step = _parse_index(1, (index,))[0][0]
        if step <= 0:
            raise ValueError("step must be greater than zero")
        return _slice(input, 0, start, stop, step)
    steps, indices = _parse_index(len(shape), _as_tuple(index))
    out = input
    for step in steps:
        kind, dim = step[0], step[1]
        if kind == "select":
            _check_select(out._data.shape, dim, step[2], step[3])
            out = select(out, dim, step[2])
        elif kind == "slice":
            if step[4] <= 0:
                raise ValueError("step must be greater than zero")
            if not _full_slice(out._data.shape, step):
                out = _slice(out, dim, step[2], step[3], step[4])
        else:
            out = unsqueeze(out, dim)
    if not indices:
        if out is input:  # torch returns a shallow copy for x[...], x[:, :]
            return view_of(input._data.view(), input, AliasBackward0)
        return out
    key = _advanced(out._data.shape, indices)
    return record(make(out._data[key], out._dtype), IndexBackward0, (out,),
                  {"self_sym_sizes": out._data.shape, "indices": key})


def _apply_steps(x, steps):
    """The region the basic steps address, as a view (a NumPy array or a tensor)."""
    for step in steps:
        x = x[_step_key(step)]
    return x


def _region_grad(grad, steps, key):
    g = _apply_steps(grad, steps)
    return g[tuple(make(k, D.int64) if isinstance(k, np.ndarray) else k for k in key)] \
        if key is not None else g


def _zero_region(grad, steps, key):
    """``grad`` with the written region zeroed (the overwritten value's gradient), recorded as
    torch records it: zeros with no graph for a write of the whole tensor, an out-of-place
    index_put for an index, and for a write into a view a copy of grad (CopyBackwards) with
    the view's region zeroed (CopySlices)."""
    if not steps and key is None:
        return zeros_of(grad)
    g = grad._data.copy()
    region = _apply_steps(g, steps)
    if key is None:
        region[...] = 0
    else:
        region[key] = 0
    out = make(g, grad._dtype)
    if not steps:
        return record(out, IndexPutBackward0, (grad, None), {"steps": steps, "key": key})
    if not (_grad_on() and grad._requires_grad):
        return out
    copied = record(make(grad._data, grad._dtype), CopyBackwards, (None, grad),
                    {"steps": [], "key": None})
    return record(out, CopySlices, (copied, None), {"steps": steps, "key": key})


def _setitem_node(name):
    return node(name, self=lambda grad, steps, key: _zero_region(grad, steps, key),
                value=lambda grad, steps, key: _region_grad(grad, steps, key))


# torch's nodes for x[index] = value: copy_/fill_ of the whole tensor, index_put_ of the whole
# tensor, or any of them on a view of it (which the base sees as CopySlices)
CopySlices = _setitem_node("CopySlices")
CopyBackwards = _setitem_node("CopyBackwards")
FillBackward3 = _setitem_node("FillBackward3")
IndexPutBackward0 = _setitem_node("IndexPutBackward0")


def _strip_ones(value, always):
    """torch's slicePrefix1sSize: leading size-1 dims of the value are dropped by a view (which
    copy_to takes even when there are none, and index_put_ only when there are)."""
    shape = value._data.shape
    k = 0
    while k < len(shape) and shape[k] == 1:
        k += 1
    return view(value, shape[k:]) if k or always else value


def _value_tensor(input, value):
    if isinstance(value, Tensor):
        return value
    if isinstance(value, (bool, int, float, complex, np.number, np.bool_)):
        return make(np.asarray(value).astype(input._dtype._np), input._dtype)
    raise TypeError(f"can't assign a {type(value).__name__} to a "
                    f"torch.{input._dtype._legacy}Tensor")


def _write(input, steps, key, value):
    """``input`` at the region written in place, recorded as torch records it."""
    target = _apply_steps(input._data, steps)
    if steps:  # torch writes into a view of input: refused as a view of a leaf
        check_inplace(view_of(target, input))
    check_inplace(input)
    if key is None:
        dst_shape = target.shape
        if value._data.shape == dst_shape:
            src, cls = value, CopyBackwards
        elif value._data.ndim == 0:
            src, cls = value, FillBackward3
        else:
            src, cls = expand(_strip_ones(value, True), dst_shape), CopyBackwards
    else:
        src, cls = _strip_ones(value, False), IndexPutBackward0
        dst_shape = target[key].shape
        try:
            np.broadcast_to(src._data, dst_shape)
        except ValueError:
            raise RuntimeError(f"shape mismatch: value tensor of shape {list(src._data.shape)} "
                               f"cannot be broadcast to indexing result of shape "
                               f"{list(dst_shape)}") from None
    if steps:  # the write goes through a view of input
        cls = CopySlices
    v = src._data if src._dtype is input._dtype else src._data.astype(input._dtype._np)
    if (input._requires_grad or src._requires_grad) and _grad_on():
        new = input._data.copy()
        region = _apply_steps(new, steps)
        if key is None:
            region[...] = v
        else:
            region[key] = v
        result = record(make(new, input._dtype), cls, (input, src),
                        {"steps": steps, "key": key})
        return commit_inplace(input, result)
    if key is None:
        target[...] = v
    else:
        target[key] = v
    input._vc[0] += 1
    return input


def setitem(input, index, value):
    """``input[index] = value`` in place (THPVariable_setitem: the index is parsed as getitem
    parses it; the value is copied, filled in (0-d) or index_put)."""
    shape = input._data.shape
    if index is False:
        return input
    value = _value_tensor(input, value)
    if index is Ellipsis:
        return _write(input, [], None, value)
    if index is None or index is True:
        return _write(input, [("unsqueeze", 0)], None, value)
    if _is_long(index):
        _check_select(shape, 0, int(index), 0)
        return _write(input, [("select", 0, int(index), 0)], None, value)
    steps, indices = _parse_index(len(shape), _as_tuple(index))
    out_shape = list(shape)
    kept = []
    for step in steps:
        kind, dim = step[0], step[1]
        if kind == "select":
            _check_select(tuple(out_shape), dim, step[2], step[3])
            del out_shape[dim]
        elif kind == "slice":
            if step[4] <= 0:
                raise ValueError("step must be greater than zero")
            if _full_slice(tuple(out_shape), step):
                continue
            if not out_shape:
                raise IndexError("slice() cannot be applied to a 0-dim tensor.")
            out_shape[dim] = len(range(*slice(step[2], step[3], step[4]).indices(out_shape[dim])))
        else:
            out_shape.insert(dim, 1)
        kept.append(step)
    key = _advanced(tuple(out_shape), indices) if indices else None
    return _write(input, kept, key, value)


def _grad_on():
    from ..autograd.grad_mode import _state
    return _state.grad


def masked_fill(input, mask, value):
    from .pointwise import where
    v = value if isinstance(value, Tensor) else value
    return where(mask, v if isinstance(v, Tensor) else make(np.asarray(v, input._dtype._np),
                                                            input._dtype), input)


def masked_fill_(input, mask, value):
    check_inplace(input)
    return commit_inplace(input, masked_fill(input, mask, value))


def copy_(input, src):
    check_inplace(input)
    s = src if isinstance(src, Tensor) else make(np.asarray(src), D.result_type(src))
    result = s.to(input._dtype).expand(input._data.shape) if s._data.shape != input._data.shape \
        else s.to(input._dtype)
    if result is s or result._data is s._data:
        result = clone(result)
    return commit_inplace(input, result)


UnbindBackward0 = node("UnbindBackward0", multi_output=True,
                       self=lambda grads, dim, self_sym_sizes:
                       _stack_grads(grads, dim, self_sym_sizes))
SplitBackward0 = node("SplitBackward0", multi_output=True,
                      self=lambda grads, dim, split_sizes, self_sym_sizes:
                      _cat_grads(grads, dim, split_sizes, self_sym_sizes))
SplitWithSizesBackward0 = node("SplitWithSizesBackward0", multi_output=True,
                               self=lambda grads, dim, split_sizes, self_sym_sizes:
                               _cat_grads(grads, dim, split_sizes, self_sym_sizes))


def _stack_grads(grads, dim, sizes):
    shape = sizes[:dim] + sizes[dim + 1:]
    like = next(g for g in grads if g is not None)
    return stack([g if g is not None else like.new_zeros(shape) for g in grads], dim)


def _cat_grads(grads, dim, split_sizes, sizes):
    like = next(g for g in grads if g is not None)
    parts = []
    for g, n in zip(grads, split_sizes):
        if g is None:
            g = like.new_zeros(sizes[:dim] + (n,) + sizes[dim + 1:])
        parts.append(g)
    return cat(parts, dim)


def unbind(input, dim=0):
    a = input._data
    d = wrap_dim(dim, a.ndim)
    if a.ndim == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    outs = [view_of(a[(slice(None),) * d + (i, Ellipsis)], input) for i in range(a.shape[d])]
    return tuple(record_multi(outs, UnbindBackward0, (input,),
                              {"dim": d, "self_sym_sizes": a.shape}))


def _split_views(input, sizes, d, cls):
    a = input._data
    outs, start = [], 0
    for s in sizes:
        outs.append(view_of(a[(slice(None),) * d + (slice(start, start + s),)], input))
        start += s
    return tuple(record_multi(outs, cls, (input,),
                              {"dim": d, "split_sizes": sizes, "self_sym_sizes": a.shape}))


def split(input, split_size_or_sections, dim=0):
    """An int size is torch's split (SplitBackward0); a list is split_with_sizes."""
    a = input._data
    if a.ndim == 0:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    d = wrap_dim(dim, a.ndim)
    n = a.shape[d]
    if isinstance(split_size_or_sections, (int, np.integer)):
        step = int(split_size_or_sections)
        if step < 0:
            raise RuntimeError(f"split expects split_size be non-negative, but got "
                               f"split_size={step}")
        if step == 0 and n != 0:
            raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got "
                               f"dimension size of {n}")
        sizes = [min(step, n - s) for s in range(0, n, step)] if n else [0]
        return _split_views(input, sizes, d, SplitBackward0)
    sizes = [int(s) for s in split_size_or_sections]
    if sum(sizes) != n:
        raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {n} (input "
                           f"tensor's size at dimension {d}), but got split_sizes={sizes}")
    return _split_views(input, sizes, d, SplitWithSizesBackward0)


def chunk(input, chunks, dim=0):
    a = input._data
    if a.ndim == 0:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    d = wrap_dim(dim, a.ndim)
    n = a.shape[d]
    if n == 0:  # torch keeps the number of (empty) chunks: split_with_sizes
        return split(input, [0] * chunks, d)
    return split(input, -(-n // chunks), d)


def _join(tensors, dim, stack_new):
    tensors = list(tensors)
    if not tensors:
        if stack_new:
            raise RuntimeError("stack expects a non-empty TensorList")
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    if not stack_new:
        for i, x in enumerate(tensors):
            if x._data.ndim == 0:
                raise RuntimeError(f"zero-dimensional tensor (at position {i}) cannot be "
                                   "concatenated")
    dt = tensors[0]._dtype
    for x in tensors[1:]:
        dt = D.promote_types(dt, x._dtype)
    arrays = [x._data if x._dtype is dt else x._data.astype(dt._np) for x in tensors]
    if stack_new:
        d = wrap_dim(dim, arrays[0].ndim + 1)
        for i, x in enumerate(arrays[1:], 1):
            if x.shape != arrays[0].shape:
                raise RuntimeError(f"stack expects each tensor to be equal size, but got "
                                   f"{list(arrays[0].shape)} at entry 0 and {list(x.shape)} at "
                                   f"entry {i}")
        data = np.stack(arrays, d)
        cls, sizes = _stack_node(len(tensors)), None
    else:
        # torch skips legacy empty (0,) tensors next to others (their gradient stays (0,))
        legacy = [x.ndim == 1 and x.shape[0] == 0 for x in arrays]
        if all(legacy):
            legacy = [False] * len(arrays)
        arrays_nd = [x for x, skip in zip(arrays, legacy) if not skip]
        d = wrap_dim(dim, arrays_nd[0].ndim)
        try:
            data = np.concatenate(arrays_nd, d)
        except ValueError:
            ref = arrays_nd[0]
            for i, x in enumerate(arrays_nd):
                for k in range(ref.ndim):
                    if k != d and x.shape[k] != ref.shape[k]:
                        raise RuntimeError(
                            f"Sizes of tensors must match except in dimension {d}. Expected size "
                            f"{ref.shape[k]} but got size {x.shape[k]} for tensor number {i} in "
                            "the list.") from None
            raise
        cls = _cat_node(len(tensors))
        sizes = [None if skip else x._data.shape[d] for x, skip in zip(tensors, legacy)]
    return record(make(data, dt), cls, tuple(tensors), {"dim": d, "sizes": sizes})


def _cat_node(n):
    return node("CatBackward0", **{f"tensors{i}": _cat_part(i) for i in range(n)}) \
        if n <= 64 else _generic_join("CatBackward0", n, _cat_part)


def _stack_node(n):
    return node("StackBackward0", **{f"tensors{i}": _stack_part(i) for i in range(n)}) \
        if n <= 64 else _generic_join("StackBackward0", n, _stack_part)


def _cat_part(i):
    def f(grad, dim, sizes):
        if sizes[i] is None:  # a skipped legacy empty tensor
            return grad.new_zeros((0,))
        start = sum(n for n in sizes[:i] if n is not None)
        return grad.narrow(dim, start, sizes[i])
    return f


def _stack_part(i):
    return lambda grad, dim: grad.select(dim, i)


def _generic_join(name, n, part):
    return node(name, **{f"tensors{i}": part(i) for i in range(n)})


def cat(tensors, dim=0, *, axis=None, out=None):
    return _join(tensors, axis if axis is not None else dim, False)


concat = concatenate = cat


def stack(tensors, dim=0, *, axis=None, out=None):
    return _join(tensors, axis if axis is not None else dim, True)


def clone(input, *, memory_format=None):
    return record(make(input._data.copy(), input._dtype), CloneBackward0, (input,))


ToCopyBackward0 = node("ToCopyBackward0", self=lambda grad, self_dtype: grad.to(self_dtype))


def to(input, *args, dtype=None, device=None, non_blocking=False, copy=False,
       memory_format=None):
    """Tensor.to(dtype), .to(device), .to(device, dtype), .to(other): a copy only when needed."""
    for a in args:
        if isinstance(a, D.dtype):
            dtype = a
        elif isinstance(a, Tensor):
            dtype = a._dtype
        elif a is not None and not isinstance(a, bool):
            device = a
    check_device(device)
    if dtype is None or dtype is input._dtype:
        return clone(input) if copy else input
    if dtype._np is None:
        raise NotImplementedError(f"{dtype} tensors are not supported by minitorch_compat")
    with np.errstate(invalid="ignore", over="ignore"):
        out = make(input._data.astype(dtype._np), dtype)
    if dtype.is_floating_point or dtype.is_complex:
        return record(out, ToCopyBackward0, (input,), {"self_dtype": input._dtype})
    return out


def flip(input, dims):
    dims = wrap_dims(dims, input._data.ndim)
    a = input._data
    return record(make((np.flip(a, dims) if a.ndim else a).copy(), input._dtype),
                  node("FlipBackward0", self=lambda grad, dims: grad.flip(dims)),
                  (input,), {"dims": dims})


def repeat(input, *sizes):
    sizes = _shape_arg(sizes)
    a = input._data
    if len(sizes) < a.ndim:
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number of "
                           "dimensions of tensor")
    a = a.reshape((1,) * (len(sizes) - a.ndim) + a.shape)
    out = make(np.tile(a, sizes), input._dtype)
    return record(out, RepeatBackward0, (input,), {"self_sym_sizes": input._data.shape,
                                                   "repeats": sizes})


def _repeat_grad(grad, self_sym_sizes, repeats):
    shape = []
    lead = len(repeats) - len(self_sym_sizes)
    full = (1,) * lead + tuple(self_sym_sizes)
    for r, s in zip(repeats, full):
        shape += [r, s]
    g = grad.reshape(shape).sum(tuple(range(0, 2 * len(full), 2)))
    return g.reshape(self_sym_sizes)


RepeatBackward0 = node("RepeatBackward0", self=_repeat_grad)


def tile(input, dims):
    dims = tuple(dims)
    if len(dims) < input._data.ndim:
        dims = (1,) * (input._data.ndim - len(dims)) + dims
    return repeat(input, dims)


IndexSelectBackward0 = node("IndexSelectBackward0",
                            self=lambda grad, self_sym_sizes, dim, index: _index_add_zeros(
                                grad, self_sym_sizes, dim, index)
                            if self_sym_sizes else grad.reshape(()))
IndexAddBackward0 = node("IndexAddBackward0", self=lambda grad: grad,
                         source=lambda grad, dim, index, source_sym_sizes:
                         grad.index_select(dim, index).expand(source_sym_sizes))


def _index_add_zeros(grad, sizes, dim, index):
    """torch's index_select_backward: zeros of ``sizes`` index_add-ed with ``grad``."""
    out = np.zeros(sizes, dtype=grad._data.dtype)
    np.add.at(out, (slice(None),) * dim + (index._data,), grad._data)
    return record(make(out, grad._dtype), IndexAddBackward0, (None, grad),
                  {"dim": dim, "index": index, "source_sym_sizes": grad._data.shape})


def index_select(input, dim, index):
    a = input._data
    d = wrap_dim(dim, a.ndim)
    if index._dtype not in (D.int64, D.int32):
        raise RuntimeError("index_select(): Expected dtype int32 or int64 for index")
    idx = index._data
    if idx.ndim > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    if a.ndim == 0:
        if idx.size != 1:
            raise RuntimeError(f"index_select(): Index to scalar can have only 1 value, got "
                               f"{idx.size} value(s)")
        if int(idx.reshape(-1)[0]) != 0:
            raise IndexError("index out of range in self")
        return record(make(a.copy(), input._dtype), IndexSelectBackward0, (input,),
                      {"self_sym_sizes": a.shape, "dim": 0, "index": index})
    size = a.shape[d]
    bad = (idx < 0) | (idx >= size)
    if bad.any():
        # torch's kernels differ: dim 0 of a contiguous tensor (or a 1-D one) checks one way,
        # the other dims another
        if a.ndim == 1 or (d == 0 and a.flags.c_contiguous):
            raise IndexError("index out of range in self")
        raise RuntimeError(f"INDICES element is out of DATA bounds, id="
                           f"{int(idx.reshape(-1)[np.argmax(bad.reshape(-1))])} axis_dim={size}")
    data = np.take(a, idx, axis=d)
    return record(make(data, input._dtype), IndexSelectBackward0, (input,),
                  {"self_sym_sizes": input._data.shape, "dim": d, "index": index})


def _index_array(index, name):
    if index._dtype not in (D.int64, D.int32):
        raise RuntimeError(f"{name}(): Expected dtype int32/int64 for index")
    return index._data


def _region(self_shape, index, dim):
    """The leading block of ``self`` that ``index`` addresses (torch allows a smaller index)."""
    return tuple(slice(0, n) if d != dim else slice(None) for d, n in enumerate(index.shape))


GatherBackward0 = node("GatherBackward0", self=lambda grad, self_sym_sizes, dim, index:
                       _scatter_add_zeros(grad, self_sym_sizes, dim, index))


def _scatter_add_zeros(grad, sizes, dim, index):
    """torch's gather_backward: zeros of ``sizes`` scatter_add-ed with ``grad``."""
    out = np.zeros(sizes, dtype=grad._data.dtype)
    idx = index._data
    sub = out[_region(sizes, idx, dim)]
    np.add.at(sub, _along(idx, dim), grad._data)
    return record(make(out, grad._dtype), ScatterAddBackward0, (None, grad),
                  {"dim": dim, "index": index})


def _along(idx, dim):
    """Fancy-index tuple addressing ``idx`` along ``dim`` (np.put_along_axis's mapping)."""
    grids = list(np.indices(idx.shape, sparse=True))
    grids[dim] = idx
    return tuple(grids)


def gather(input, dim, index, *, sparse_grad=False):
    d = wrap_dim(dim, input._data.ndim)
    idx = _index_array(index, "gather")
    data = input._data[_along(idx, d)]
    return record(make(data, input._dtype), GatherBackward0, (input,),
                  {"self_sym_sizes": input._data.shape, "dim": d, "index": index})


ScatterBackward0 = node("ScatterBackward0",
                        self=lambda grad, dim, index: grad.scatter(dim, index, 0.0),
                        src=lambda grad, dim, index: grad.gather(dim, index))
ScatterBackward1 = node("ScatterBackward1",
                        self=lambda grad, dim, index: grad.scatter(dim, index, 0.0))
ScatterAddBackward0 = node("ScatterAddBackward0", self=lambda grad: grad,
                           src=lambda grad, dim, index: grad.gather(dim, index))


def scatter(input, dim, index, src=None, *, value=None, reduce=None):
    d = wrap_dim(dim, input._data.ndim)
    idx = _index_array(index, "scatter")
    out = input._data.copy()
    sub = out[_region(out.shape, idx, d)]
    where = _along(idx, d)
    if src is None:
        src = value
    if isinstance(src, Tensor):
        vals = src._data[tuple(slice(0, n) for n in idx.shape)].astype(out.dtype, copy=False)
        cls, inputs = ScatterBackward0, (input, src)
    else:
        vals, cls, inputs = src, ScatterBackward1, (input,)
    if reduce is None:
        sub[where] = vals
    elif reduce in ("add", "sum"):
        np.add.at(sub, where, vals)
    elif reduce in ("multiply", "prod"):
        np.multiply.at(sub, where, vals)
    else:
        raise RuntimeError(f"reduce argument must be either add or multiply, got {reduce}")
    return record(make(out, input._dtype), cls, inputs, {"dim": d, "index": index})


def scatter_add(input, dim, index, src):
    d = wrap_dim(dim, input._data.ndim)
    idx = _index_array(index, "scatter_add")
    out = input._data.copy()
    vals = src._data[tuple(slice(0, n) for n in idx.shape)]
    np.add.at(out[_region(out.shape, idx, d)], _along(idx, d), vals)
    return record(make(out, input._dtype), ScatterAddBackward0, (input, src),
                  {"dim": d, "index": index})


def scatter_(input, dim, index, src=None, *, value=None, reduce=None):
    check_inplace(input)
    return commit_inplace(input, scatter(input, dim, index, src, value=value, reduce=reduce))


def scatter_add_(input, dim, index, src):
    check_inplace(input)
    return commit_inplace(input, scatter_add(input, dim, index, src))


def _embedding_grad(grad, weight_sym_sizes, indices, padding_idx):
    """torch's embedding_dense_backward: the rows of ``grad`` summed into zeros at
    ``indices``, the padding row left zero."""
    out = np.zeros(weight_sym_sizes, dtype=grad._data.dtype)
    idx = indices._data.reshape(-1)
    np.add.at(out, idx, grad._data.reshape(len(idx), -1))
    if padding_idx is not None and padding_idx >= 0:
        out[padding_idx] = 0
    return record(make(out, grad._dtype), EmbeddingDenseBackwardBackward0, (grad,),
                  {"indices": indices, "padding_idx": padding_idx})


def _embedding_double(grad, indices, padding_idx):
    """torch's embedding_dense_double_backward: the rows of ``grad`` at ``indices`` (index_select,
    padding entries masked to zero), shaped as the embedding's output."""
    idx = indices._data.reshape(-1)
    if idx.size and idx.min() < 0:  # the shim accepts negative indices: wrap them
        idx = idx % grad._data.shape[0]
    g = grad.index_select(0, make(idx.astype(np.int64, copy=False), D.int64))
    if padding_idx is not None and padding_idx >= 0:
        g = masked_fill(g, make((idx == padding_idx).reshape(-1, 1), D.bool), 0.0)
    return g.view(tuple(indices._data.shape) + tuple(grad._data.shape[1:]))


EmbeddingBackward0 = node("EmbeddingBackward0",
                          weight=lambda grad, weight_sym_sizes, indices, padding_idx:
                          _embedding_grad(grad, weight_sym_sizes, indices, padding_idx))
EmbeddingDenseBackwardBackward0 = node("EmbeddingDenseBackwardBackward0",
                                       grad_output=lambda grad, indices, padding_idx:
                                       _embedding_double(grad, indices, padding_idx))


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0,
              scale_grad_by_freq=False, sparse=False):
    idx = input._data
    if input._dtype.is_floating_point:
        raise RuntimeError("Expected tensor for argument #1 'indices' to have one of the "
                           "following scalar types: Long, Int; but got torch.FloatTensor "
                           "instead (while checking arguments for embedding)")
    n = weight._data.shape[0]
    if idx.size and (idx.min() < -n or idx.max() >= n):
        raise IndexError("index out of range in self")
    if padding_idx is not None and padding_idx < 0:
        padding_idx += n
    data = weight._data[idx]
    return record(make(data, weight._dtype), EmbeddingBackward0, (weight,),
                  {"weight_sym_sizes": weight._data.shape, "indices": input,
                   "padding_idx": padding_idx})


def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """Each element repeated; composed as torch composes it (expand + copy + view for an int,
    index_select for per-element counts)."""
    if repeats is None:  # torch.repeat_interleave(counts): indices repeated by their counts
        counts = input._data
        return make(np.repeat(np.arange(counts.shape[0], dtype=np.int64), counts), D.int64)
    if dim is None:
        input, dim = input.reshape(-1), 0
    d = wrap_dim(dim, input._data.ndim)
    if isinstance(repeats, Tensor) and repeats._data.size != 1:
        index = make(np.repeat(np.arange(input._data.shape[d], dtype=np.int64), repeats._data),
                     D.int64)
        return index_select(input, d, index)
    r = int(repeats.item() if isinstance(repeats, Tensor) else repeats)
    shape = input._data.shape
    expanded = input.unsqueeze(d + 1).expand(shape[:d + 1] + (r,) + shape[d + 1:])
    return clone(expanded).view(shape[:d] + (shape[d] * r,) + shape[d + 1:])

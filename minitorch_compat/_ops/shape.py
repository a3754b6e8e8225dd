"""Shape and view ops (view/reshape, transpose, permute, squeeze, expand, select, slice,
indexing, setitem, unbind/split, cat/stack, clone, to): views share memory with their base."""
import numpy as np

from .. import _dtype as D
from .._device import check_device
from .._tensor import Tensor
from ._core import (check_inplace, commit_inplace, make, node, record, record_multi, view_of,
                    wrap_dim, wrap_dims)

__all__ = ["view", "reshape", "flatten", "unflatten", "transpose", "swapaxes", "swapdims", "t",
           "permute", "unsqueeze", "squeeze", "expand", "expand_as", "view_as", "reshape_as",
           "select", "narrow", "getitem", "setitem", "unbind", "split", "chunk", "cat", "concat",
           "concatenate", "stack", "clone", "to", "movedim", "flip", "repeat", "tile",
           "index_select", "masked_fill", "masked_fill_", "copy_", "_shape_arg", "gather",
           "scatter", "scatter_", "scatter_add", "scatter_add_", "embedding", "repeat_interleave"]


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
    return view(input, shape[:d] + tuple(sizes) + shape[d + 1:])


TransposeBackward0 = node("TransposeBackward0",
                          self=lambda grad, dim0, dim1: grad.transpose(dim0, dim1))
TBackward0 = node("TBackward0", self=lambda grad: grad.t())
PermuteBackward0 = node("PermuteBackward0",
                        self=lambda grad, dims: grad.permute(tuple(np.argsort(dims).tolist())))


def transpose(input, dim0, dim1):
    nd = input._data.ndim
    d0, d1 = wrap_dim(dim0, nd), wrap_dim(dim1, nd)
    return view_of(np.swapaxes(input._data, d0, d1), input, TransposeBackward0,
                   {"dim0": d0, "dim1": d1})


swapaxes = swapdims = transpose


def t(input):
    nd = input._data.ndim
    if nd > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {nd}D")
    return view_of(input._data.T, input, TBackward0)


def permute(input, *dims):
    dims = _shape_arg(dims)
    nd = input._data.ndim
    if len(dims) != nd:
        raise RuntimeError(f"permute(sparse_coo): number of dimensions in the tensor input does "
                           f"not match the length of the desired ordering of dimensions i.e. "
                           f"input.dim() = {nd} is not equal to len(dims) = {len(dims)}")
    dims = wrap_dims(dims, nd)
    return view_of(np.transpose(input._data, dims), input, PermuteBackward0, {"dims": dims})


def movedim(input, source, destination):
    nd = input._data.ndim
    src = wrap_dims(source, nd)
    dst = wrap_dims(destination, nd)
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


ExpandBackward0 = node("ExpandBackward0", self=lambda grad, self_sym_sizes: grad)  # engine sums


def expand(input, *sizes):
    sizes = _shape_arg(sizes)
    a = input._data
    if len(sizes) < a.ndim:
        raise RuntimeError(f"expand(torch.FloatTensor{{{list(a.shape)}}}, size={list(sizes)}): the "
                           "number of sizes provided ({}) must be greater or equal to the number "
                           "of dimensions in the tensor ({})".format(len(sizes), a.ndim))
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
    return view_of(np.broadcast_to(a, tuple(target)), input, ExpandBackward0,
                   {"self_sym_sizes": a.shape})


def expand_as(input, other):
    return expand(input, other._data.shape)


SelectBackward0 = node("SelectBackward0",
                       self=lambda grad, self_sym_sizes, dim, index:
                       _embed(grad, self_sym_sizes, (slice(None),) * dim + (index,)))
SliceBackward0 = node("SliceBackward0",
                      self=lambda grad, self_sym_sizes, dim, start, end, step:
                      _embed(grad, self_sym_sizes,
                             (slice(None),) * dim + (slice(start, end, step),)))
IndexBackward0 = node("IndexBackward0", self=lambda grad, self_sym_sizes, indices:
                      _index_put_zeros(grad, self_sym_sizes, indices))


def _embed(grad, sizes, index):
    """A zero tensor of ``sizes`` with ``grad`` at ``index`` (differentiable in ``grad``)."""
    out = grad.new_zeros(sizes)
    out[index] = grad
    return out


def _index_put_zeros(grad, sizes, indices):
    return _IndexPut.apply(grad, sizes, indices)


class _IndexPut:
    """Scatter-add of a gradient into zeros (the backward of advanced indexing)."""
    Backward = node("IndexPutBackward0", grad=lambda g, indices: g[indices])

    @staticmethod
    def apply(grad, sizes, indices):
        out = np.zeros(sizes, dtype=grad._data.dtype)
        np.add.at(out, indices, grad._data)
        return record(make(out, grad._dtype), _IndexPut.Backward, (grad,), {"indices": indices})


def select(input, dim, index):
    a = input._data
    d = wrap_dim(dim, a.ndim)
    if a.ndim == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    n = a.shape[d]
    if not -n <= index < n:
        raise IndexError(f"index {index} is out of bounds for dimension {d} with size {n}")
    index = index % n
    return view_of(a[(slice(None),) * d + (index,)], input, SelectBackward0,
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
    d = wrap_dim(dim, input._data.ndim)
    start = int(start)
    if start < 0:
        start += input._data.shape[d]
    return _slice(input, d, start, start + int(length), 1)


def _is_advanced(i):
    return isinstance(i, (Tensor, list, np.ndarray)) or isinstance(i, bool)


def _advanced_index(i):
    if isinstance(i, Tensor):
        if i._dtype.is_floating_point:
            raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
        return i._data
    if isinstance(i, list):
        return np.asarray([x.item() if isinstance(x, Tensor) else x for x in i])
    return i


def getitem(input, index):
    """torch's indexing: basic parts become Select/Slice/Unsqueeze views; tensors, lists and
    masks become one IndexBackward0 gather."""
    if not isinstance(index, tuple):
        if isinstance(index, slice):  # torch: a lone slice is always a SliceBackward0 view
            if input._data.ndim == 0:
                raise IndexError("slice() cannot be applied to a 0-dim tensor.")
            return _slice(input, 0, index.start, index.stop, index.step)
        index = (index,)
    if any(_is_advanced(i) for i in index):
        idx = tuple(_advanced_index(i) for i in index)
        try:
            data = input._data[idx]
        except IndexError as e:
            raise IndexError(str(e)) from None
        out = make(data, input._dtype)
        return record(out, IndexBackward0, (input,), {"self_sym_sizes": input._data.shape,
                                                       "indices": idx})
    n_real = sum(1 for i in index if i is not None and i is not Ellipsis)
    nd = input._data.ndim
    if n_real > nd:
        raise IndexError(f"too many indices for tensor of dimension {nd}")
    if sum(1 for i in index if i is Ellipsis) > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    out = input
    dim = 0
    for i in index:
        if i is Ellipsis:
            dim += nd - n_real
        elif i is None:
            out = unsqueeze(out, dim)
            dim += 1
        elif isinstance(i, slice):
            size = out._data.shape[dim]
            start, stop, step = i.indices(size) if (i.step is None or i.step > 0) else (0, 0, 0)
            if i.step is not None and i.step <= 0:
                raise ValueError("step must be greater than zero")
            if not (start == 0 and stop >= size and step == 1):
                out = _slice(out, dim, i.start, i.stop, i.step)
            dim += 1
        else:
            try:
                k = int(i.__index__())
            except (AttributeError, TypeError):
                raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or "
                                 "byte Variables are valid indices (got "
                                 f"{type(i).__name__})") from None
            size = out._data.shape[dim]
            if not -size <= k < size:
                raise IndexError(f"index {k} is out of bounds for dimension {dim} with size {size}")
            out = select(out, dim, k)
    if out is input:
        return view_of(input._data.view(), input, AliasBackward0)
    return out


CopySlices = node("CopySlices",
                  self=lambda grad, index: _zero_at(grad, index),
                  value=lambda grad, index: grad[index])


def _zero_at(grad, index):
    g = grad.clone()
    g[index] = 0
    return g


def _setitem_index(index):
    if not isinstance(index, tuple):
        index = (index,)
    return tuple(_advanced_index(i) if _is_advanced(i) else
                 (i.__index__() if not isinstance(i, (slice, type(None), type(Ellipsis))) else i)
                 for i in index)


def setitem(input, index, value):
    """``input[index] = value`` in place (version bump); recorded as torch's CopySlices."""
    check_inplace(input)
    idx = _setitem_index(index)
    if isinstance(value, Tensor):
        v = value._data
        if value._dtype is not input._dtype:
            v = v.astype(input._dtype._np)
    else:
        v = np.asarray(value).astype(input._dtype._np)
    try:
        target_shape = input._data[idx].shape
        np.broadcast_to(v, target_shape)
    except IndexError as e:
        raise IndexError(str(e)) from None
    except ValueError:
        raise RuntimeError(f"shape mismatch: value tensor of shape {list(np.shape(v))} cannot be "
                           f"broadcast to indexing result of shape {list(target_shape)}") from None
    tv = value if isinstance(value, Tensor) else None
    needs = (input._requires_grad or (tv is not None and tv._requires_grad))
    if needs and _grad_on():
        new = input._data.copy()
        new[idx] = v
        result = record(make(new, input._dtype), CopySlices, (input, tv), {"index": idx})
        return commit_inplace(input, result)
    input._data[idx] = v
    input._vc[0] += 1
    return input


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
    outs = [view_of(a[(slice(None),) * d + (i,)], input) for i in range(a.shape[d])]
    return tuple(record_multi(outs, UnbindBackward0, (input,),
                              {"dim": d, "self_sym_sizes": a.shape}))


def split(input, split_size_or_sections, dim=0):
    a = input._data
    d = wrap_dim(dim, a.ndim)
    n = a.shape[d]
    if isinstance(split_size_or_sections, int):
        step = split_size_or_sections
        sizes = [min(step, n - s) for s in range(0, n, step)] if n else [0]
    else:
        sizes = list(split_size_or_sections)
        if sum(sizes) != n:
            raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {n} (input "
                               f"tensor's size at dimension {d}), but got split_sizes={sizes}")
    outs, start = [], 0
    for s in sizes:
        outs.append(view_of(a[(slice(None),) * d + (slice(start, start + s),)], input))
        start += s
    return tuple(record_multi(outs, SplitBackward0, (input,),
                              {"dim": d, "split_sizes": sizes, "self_sym_sizes": a.shape}))


def chunk(input, chunks, dim=0):
    n = input._data.shape[wrap_dim(dim, input._data.ndim)]
    return split(input, -(-n // chunks) if n else 1, dim)


def _join(tensors, dim, stack_new):
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError(("stack" if stack_new else "torch.cat") + "(): expected a non-empty "
                           "list of Tensors")
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
        cls = _stack_node(len(tensors))
    else:
        arrays_nd = [x for x in arrays if not (x.ndim == 1 and x.shape[0] == 0)] or arrays
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
    sizes = [x._data.shape[d] if (x._data.ndim > d) else 0 for x in tensors]
    return record(make(data, dt), cls, tuple(tensors), {"dim": d, "sizes": sizes})


def _cat_node(n):
    return node("CatBackward0", **{f"tensors{i}": _cat_part(i) for i in range(n)}) \
        if n <= 64 else _generic_join("CatBackward0", n, _cat_part)


def _stack_node(n):
    return node("StackBackward0", **{f"tensors{i}": _stack_part(i) for i in range(n)}) \
        if n <= 64 else _generic_join("StackBackward0", n, _stack_part)


def _cat_part(i):
    def f(grad, dim, sizes):
        start = sum(sizes[:i])
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
    return record(make(np.flip(input._data, dims).copy(), input._dtype),
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
                            self=lambda grad, self_sym_sizes, dim, index: _index_put_zeros(
                                grad, self_sym_sizes, (slice(None),) * dim + (index._data,)))


def index_select(input, dim, index):
    d = wrap_dim(dim, input._data.ndim)
    data = np.take(input._data, index._data, axis=d)
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
    out = np.zeros(sizes, dtype=grad._data.dtype)
    idx = index._data
    sub = out[_region(sizes, idx, dim)]
    np.add.at(sub, _along(idx, dim), grad._data)
    return make(out, grad._dtype)


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
    out = np.zeros(weight_sym_sizes, dtype=grad._data.dtype)
    idx = indices._data.reshape(-1)
    np.add.at(out, idx, grad._data.reshape(len(idx), -1))
    if padding_idx is not None and padding_idx >= 0:
        out[padding_idx] = 0
    return make(out, grad._dtype)


EmbeddingBackward0 = node("EmbeddingBackward0",
                          weight=lambda grad, weight_sym_sizes, indices, padding_idx:
                          _embedding_grad(grad, weight_sym_sizes, indices, padding_idx))


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

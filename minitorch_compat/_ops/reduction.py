"""Reductions: sum, mean, prod, max/min (with indices), argmax/argmin, var/std, any/all,
cumsum, nonzero; dim/keepdim with NumPy-style aliases (axis=, keepdims=) that torch accepts."""
import numpy as np

from .. import _dtype as D
from .._tensor import Tensor
from ._core import make, node, record, wrap_dim, wrap_dims

__all__ = ["sum", "mean", "prod", "max", "min", "amax", "amin", "argmax", "argmin", "var", "std",
           "any", "all", "cumsum", "nonzero", "count_nonzero", "logsumexp", "norm", "return_types"]


class _ReturnType(tuple):
    """torch.return_types.<op>: a (values, indices) pair printed as torch prints it."""
    __slots__ = ()
    _op = ""

    def __new__(cls, values, indices):
        return tuple.__new__(cls, (values, indices))

    values = property(lambda self: self[0])
    indices = property(lambda self: self[1])

    def __repr__(self):
        return f"torch.return_types.{self._op}(\nvalues={self[0]!r},\nindices={self[1]!r})"


class return_types:  # noqa: N801 - torch.return_types namespace
    max = type("max", (_ReturnType,), {"__slots__": (), "_op": "max"})
    min = type("min", (_ReturnType,), {"__slots__": (), "_op": "min"})
    sort = type("sort", (_ReturnType,), {"__slots__": (), "_op": "sort"})
    topk = type("topk", (_ReturnType,), {"__slots__": (), "_op": "topk"})


def _dims(input, dim, axis):
    if axis is not None:
        dim = axis
    if dim is None:
        return None
    if isinstance(dim, (list, tuple)) and len(dim) == 0:
        return None
    return wrap_dims(dim, input._data.ndim)


def _keep(keepdim, keepdims):
    return bool(keepdims) if keepdims is not None else keepdim


def _expand_back(grad, sizes, dim, keepdim):
    if not keepdim and dim is not None:
        for d in sorted(dim):
            grad = grad.unsqueeze(d)
    return grad.expand(sizes)


SumBackward0 = node("SumBackward0", self=lambda grad, self_sym_sizes: grad.expand(self_sym_sizes))
SumBackward1 = node("SumBackward1", self=lambda grad, self_sym_sizes, dim, keepdim:
                    _expand_back(grad, self_sym_sizes, dim, keepdim))
MeanBackward0 = node("MeanBackward0", self=lambda grad, self_sym_sizes, self_sym_numel:
                     grad.expand(self_sym_sizes) / self_sym_numel)
MeanBackward1 = node("MeanBackward1", self=lambda grad, self_sym_sizes, dim, keepdim, count:
                     _expand_back(grad, self_sym_sizes, dim, keepdim) / count)


def _sum_dtype(input, dtype):
    if dtype is not None:
        return dtype
    dt = input._dtype
    return D.int64 if not (dt.is_floating_point or dt.is_complex) else dt


def sum(input, dim=None, keepdim=False, *, dtype=None, axis=None, keepdims=None):  # noqa: A001
    dims = _dims(input, dim, axis)
    keepdim = _keep(keepdim, keepdims)
    dt = _sum_dtype(input, dtype)
    a = input._data
    saved = {"self_sym_sizes": a.shape}
    # np.add.reduce: np.sum without its Python wrapper (a measurable share of a small op)
    if dims is None and dim is None and axis is None:
        out = make(np.add.reduce(a, axis=None, dtype=dt._np), dt)
        return record(out, SumBackward0, (input,), saved)
    out = make(np.add.reduce(a, axis=dims, dtype=dt._np, keepdims=keepdim), dt)
    saved.update(dim=dims, keepdim=keepdim)
    return record(out, SumBackward1, (input,), saved)


def mean(input, dim=None, keepdim=False, *, dtype=None, axis=None, keepdims=None):
    dt = dtype or input._dtype
    if not (dt.is_floating_point or dt.is_complex):
        raise RuntimeError("mean(): could not infer output dtype. Input dtype must be either a "
                           "floating point or complex dtype. Got: " + dt._legacy)
    dims = _dims(input, dim, axis)
    keepdim = _keep(keepdim, keepdims)
    a = input._data if input._dtype is dt else input._data.astype(dt._np)
    with np.errstate(invalid="ignore", divide="ignore"):
        if dims is None and dim is None and axis is None:
            out = make(np.mean(a, dtype=dt._np) if a.size else np.array(np.nan, dt._np), dt)
            return record(out, MeanBackward0, (input,),
                          {"self_sym_sizes": a.shape, "self_sym_numel": a.size})
        out = make(np.mean(a, axis=dims, keepdims=keepdim, dtype=dt._np), dt)
    count = int(np.prod([a.shape[d] for d in dims])) if dims else a.size
    return record(out, MeanBackward1, (input,), {"self_sym_sizes": a.shape, "dim": dims,
                                                 "keepdim": keepdim, "count": count})


ProdBackward0 = node("ProdBackward0", self=lambda grad, self, result:
                     _prod_grad(grad, self, result, None, False))
ProdBackward1 = node("ProdBackward1", self=lambda grad, self, result, dim, keepdim:
                     _prod_grad(grad, self, result, dim, keepdim))


def _prod_grad(grad, self, result, dim, keepdim):
    # exact where no zeros; zeros handled by the product of the others
    from .pointwise import where
    dims = None if dim is None else (dim,)
    g = _expand_back(grad, self.shape, dims, keepdim) if dims else grad.expand(self.shape)
    r = _expand_back(result, self.shape, dims, keepdim) if dims else result.expand(self.shape)
    safe = where(self == 0, 1.0, self)
    return where(self == 0, g * _prod_except(self, dim), g * r / safe)


def _prod_except(self, dim):
    a = self._data
    axis = dim if dim is not None else None
    flat = a if axis is not None else a.reshape(-1)
    ax = axis if axis is not None else 0
    n = flat.shape[ax]
    out = np.empty_like(flat)
    for i in range(n):
        idx = [slice(None)] * flat.ndim
        idx[ax] = i
        others = np.delete(flat, i, axis=ax)
        out[tuple(idx)] = np.prod(others, axis=ax)
    return make(out.reshape(a.shape), self._dtype)


def prod(input, dim=None, keepdim=False, *, dtype=None):
    dt = _sum_dtype(input, dtype)
    a = input._data
    if dim is None:
        out = make(np.prod(a, dtype=dt._np), dt)
        return record(out, ProdBackward0, (input,), {"self": input, "result": _R()})
    d = wrap_dim(dim, a.ndim)
    out = make(np.prod(a, axis=d, keepdims=keepdim, dtype=dt._np), dt)
    return record(out, ProdBackward1, (input,), {"self": input, "result": _R(), "dim": d,
                                                 "keepdim": keepdim})


def _R():
    from ._core import RESULT
    return RESULT


MaxBackward1 = node("MaxBackward1", self=lambda grad, self, result: _extreme_grad(grad, self,
                                                                                  result))
MinBackward1 = node("MinBackward1", self=lambda grad, self, result: _extreme_grad(grad, self,
                                                                                  result))
MaxBackward0 = node("MaxBackward0", self=lambda grad, self_sym_sizes, dim, keepdim, indices:
                    _indexed_grad(grad, self_sym_sizes, dim, keepdim, indices))
MinBackward0 = node("MinBackward0", self=lambda grad, self_sym_sizes, dim, keepdim, indices:
                    _indexed_grad(grad, self_sym_sizes, dim, keepdim, indices))
AmaxBackward0 = node("AmaxBackward0", self=lambda grad, self, result, dim, keepdim:
                     _amax_grad(grad, self, result, dim, keepdim))
AminBackward0 = node("AminBackward0", self=lambda grad, self, result, dim, keepdim:
                     _amax_grad(grad, self, result, dim, keepdim))


def _extreme_grad(grad, self, result):
    # torch: the gradient of a full max/min is shared evenly among the tied elements
    mask = self == result
    return mask * (grad / mask.sum())


def _amax_grad(grad, self, result, dim, keepdim):
    r = _expand_back(result, self.shape, dim, keepdim)
    g = _expand_back(grad, self.shape, dim, keepdim)
    mask = self == r
    return mask * g / _expand_back(mask.sum(dim, keepdim=True), self.shape, dim, True)


def _indexed_grad(grad, sizes, dim, keepdim, indices):
    if not keepdim:
        grad = grad.unsqueeze(dim)
        indices = indices.unsqueeze(dim)
    idx = list(np.indices(indices.shape, sparse=True))
    idx[dim] = indices._data
    from .shape import _index_put_zeros
    return _index_put_zeros(grad, sizes, tuple(idx))


def _extreme(name, reduce_fn, arg_fn, full_node, dim_node, amax_node):
    rt = getattr(return_types, name)

    def op(input, dim=None, keepdim=False, *, axis=None, keepdims=None, out=None):
        if isinstance(dim, Tensor):
            from . import pointwise
            return getattr(pointwise, "maximum" if name == "max" else "minimum")(input, dim)
        if axis is not None:
            dim = axis
        keepdim = _keep(keepdim, keepdims)
        a = input._data
        if dim is None:
            if a.size == 0:
                raise RuntimeError(f"{name}(): Expected reduction dim to be specified for "
                                   "input.numel() == 0. Specify the reduction dim with the 'dim' "
                                   "argument.")
            r = make(reduce_fn(a), input._dtype)
            return record(r, full_node, (input,), {"self": input, "result": _R()})
        d = wrap_dim(dim, a.ndim)
        if a.ndim and a.shape[d] == 0:
            raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
        idx = arg_fn(a, axis=d, keepdims=keepdim) if a.ndim else np.array(0)
        values = np.take_along_axis(a, idx if keepdim else np.expand_dims(idx, d), d) if a.ndim \
            else a.copy()
        if not keepdim and a.ndim:
            values = np.squeeze(values, d)
        v = make(values, input._dtype)
        i = make(np.asarray(idx, dtype=np.int64), D.int64)
        record(v, dim_node, (input,), {"self_sym_sizes": a.shape, "dim": d, "keepdim": keepdim,
                                       "indices": i})
        return rt(v, i)

    def amaxop(input, dim=(), keepdim=False):
        dims = _dims(input, dim, None)
        r = make(reduce_fn(input._data, axis=dims, keepdims=keepdim), input._dtype)
        return record(r, amax_node, (input,), {"self": input, "result": _R(),
                                               "dim": dims if dims is not None else
                                               tuple(range(input._data.ndim)),
                                               "keepdim": keepdim})
    op.__name__ = name
    amaxop.__name__ = "a" + name
    return op, amaxop


max, amax = _extreme("max", np.max, np.argmax, MaxBackward1, MaxBackward0, AmaxBackward0)  # noqa: A001
min, amin = _extreme("min", np.min, np.argmin, MinBackward1, MinBackward0, AminBackward0)  # noqa: A001


def _arg(fn, name):
    def op(input, dim=None, keepdim=False, *, axis=None):
        if axis is not None:
            dim = axis
        a = input._data
        if dim is None:
            if a.size == 0:
                raise RuntimeError(f"{name}(): Expected reduction dim to be specified for "
                                   "input.numel() == 0.")
            r = np.asarray(fn(a.reshape(-1)))
            if keepdim:
                r = r.reshape((1,) * a.ndim)
            return make(r.astype(np.int64), D.int64)
        d = wrap_dim(dim, a.ndim)
        if a.ndim == 0:
            return make(np.array(0, np.int64), D.int64)
        return make(np.asarray(fn(a, axis=d, keepdims=keepdim), dtype=np.int64), D.int64)
    op.__name__ = name
    return op


argmax = _arg(np.argmax, "argmax")
argmin = _arg(np.argmin, "argmin")

VarBackward0 = node("VarBackward0", self=lambda grad, self, dim, correction, keepdim:
                    _var_grad(grad, self, dim, correction, keepdim))
StdBackward0 = node("StdBackward0", self=lambda grad, self, dim, correction, keepdim, result:
                    _var_grad(grad / (2 * result), self, dim, correction, keepdim))


def _var_grad(grad, self, dim, correction, keepdim):
    n = self.numel() if dim is None else int(np.prod([self.shape[d] for d in dim]))
    g = _expand_back(grad, self.shape, dim, keepdim) if dim is not None else grad
    centred = self - (self.mean(dim, keepdim=True) if dim is not None else self.mean())
    return g * 2 * centred / (n - correction)


def _var_args(input, dim, unbiased, keepdim, correction, axis, keepdims):
    if isinstance(dim, bool):
        unbiased, dim = dim, None
    dims = _dims(input, dim, axis)
    if correction is None:
        correction = 1 if unbiased is None or unbiased else 0
    return dims, correction, _keep(keepdim, keepdims)


def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None, axis=None,
        keepdims=None):
    dims, c, keepdim = _var_args(input, dim, unbiased, keepdim, correction, axis, keepdims)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = make(np.asarray(np.var(input._data, axis=dims, ddof=c, keepdims=keepdim),
                            dtype=input._dtype._np), input._dtype)
    return record(r, VarBackward0, (input,), {"self": input, "dim": dims, "correction": c,
                                              "keepdim": keepdim})


def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None, axis=None,
        keepdims=None):
    dims, c, keepdim = _var_args(input, dim, unbiased, keepdim, correction, axis, keepdims)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = make(np.asarray(np.std(input._data, axis=dims, ddof=c, keepdims=keepdim),
                            dtype=input._dtype._np), input._dtype)
    return record(r, StdBackward0, (input,), {"self": input, "dim": dims, "correction": c,
                                              "keepdim": keepdim, "result": _R()})


def any(input, dim=None, keepdim=False):  # noqa: A001
    dims = _dims(input, dim, None)
    return make(np.any(input._data, axis=dims, keepdims=keepdim), D.bool)


def all(input, dim=None, keepdim=False):  # noqa: A001
    dims = _dims(input, dim, None)
    return make(np.all(input._data, axis=dims, keepdims=keepdim), D.bool)


CumsumBackward0 = node("CumsumBackward0", self=lambda grad, dim:
                       grad.flip((dim,)).cumsum(dim).flip((dim,)))


def cumsum(input, dim, *, dtype=None):
    d = wrap_dim(dim, input._data.ndim)
    dt = _sum_dtype(input, dtype)
    r = make(np.cumsum(input._data, axis=d, dtype=dt._np), dt)
    return record(r, CumsumBackward0, (input,), {"dim": d})


def nonzero(input, *, as_tuple=False):
    nz = np.nonzero(input._data)
    if as_tuple:
        return tuple(make(i.astype(np.int64), D.int64) for i in nz)
    return make(np.stack(nz, axis=1).astype(np.int64) if nz else np.zeros((0, 0), np.int64),
                D.int64)


def count_nonzero(input, dim=None):
    dims = _dims(input, dim, None)
    return make(np.asarray(np.count_nonzero(input._data, axis=dims), dtype=np.int64), D.int64)


def logsumexp(input, dim, keepdim=False):
    from .pointwise import exp, log
    dims = _dims(input, dim, None)
    m = input.detach().amax(dims, keepdim=True)
    m = m.masked_fill(m.isinf(), 0.0)
    r = log(sum(exp(input - m), dims, keepdim=True)) + m
    return r if keepdim else r.squeeze(dims)


def norm(input, p="fro", dim=None, keepdim=False, dtype=None):
    from .pointwise import abs as _abs, pow as _pow, sqrt
    if p in ("fro", 2) :
        return sqrt(sum(input * input, dim, keepdim))
    if p == 1:
        return sum(_abs(input), dim, keepdim)
    return _pow(sum(_pow(_abs(input), p), dim, keepdim), 1.0 / p)

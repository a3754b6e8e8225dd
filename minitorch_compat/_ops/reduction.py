"""Reductions: sum, mean, prod, max/min (with indices), argmax/argmin, var/std, any/all,
cumsum, nonzero, logsumexp, norm (torch.linalg.vector_norm); dim/keepdim with NumPy-style
aliases (axis=, keepdims=) that torch accepts. A 0-d tensor reduces like a 1-element 1-D one along
dim 0 or -1, with a 0-d result. NumPy's RuntimeWarnings (inf - inf, empty slices) are silenced:
torch computes the same nan/inf without a word."""
import warnings

import numpy as np

from .. import _dtype as D
from .._backend import quiet, quietly
from .._tensor import Tensor
from ..autograd import grad_mode
from ._core import RESULT, _state, make, node, record, wrap_dim, wrap_dims, zeros_of

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
    """The wrapped dims to reduce, None for all of them; () for a 0-d tensor (dim 0 or -1 is
    its single element, so there is nothing to reduce)."""
    if axis is not None:
        dim = axis
    if dim is None:
        return None
    if isinstance(dim, (list, tuple)) and len(dim) == 0:
        return None
    dims = wrap_dims(dim, input._data.ndim)
    return dims if input._data.ndim else ()


def _keep(keepdim, keepdims):
    return bool(keepdims) if keepdims is not None else keepdim


def _unsqueeze_dims(t, dims, keepdim):
    """torch's unsqueeze_multiple: put back the reduced dims of a non-keepdim result."""
    if not keepdim and dims is not None:
        for d in sorted(dims):
            t = t.unsqueeze(d)
    return t


def _expand_back(grad, sizes, dim, keepdim):
    return _unsqueeze_dims(grad, dim, keepdim).expand(sizes)


def _count(shape, dims):
    """How many elements each output element reduces."""
    if dims is None:
        return int(np.prod(shape, dtype=np.int64))
    return int(np.prod([shape[d] for d in dims], dtype=np.int64))


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
    if dim is None and axis is None and dtype is None and not keepdims and not keepdim \
            and input._dtype.is_floating_point:
        # the loss-style call (every element, a floating tensor): straight to the kernel
        a = input._data
        out = make(quietly(np.add.reduce, a, None, a.dtype), input._dtype)
        if _state.grad:  # record's own first test (no saved dict under no_grad)
            out = record(out, SumBackward0, (input,), {"self_sym_sizes": a.shape})
        return out
    dims = _dims(input, dim, axis)
    keepdim = _keep(keepdim, keepdims)
    dt = _sum_dtype(input, dtype)
    a = input._data
    saved = {"self_sym_sizes": a.shape}
    # np.add.reduce: np.sum without its Python wrapper (a measurable share of a small op)
    with quiet():
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
    count = _count(a.shape, dims)
    with quiet():
        if count == 0:  # torch: nan, where np.mean warns 'Mean of empty slice'
            r = np.add.reduce(a, axis=dims, keepdims=keepdim and dims is not None) * np.nan
        else:
            r = np.mean(a, axis=dims, keepdims=keepdim and dims is not None, dtype=dt._np)
    out = make(np.asarray(r, dtype=dt._np), dt)
    if dims is None and dim is None and axis is None:
        return record(out, MeanBackward0, (input,),
                      {"self_sym_sizes": a.shape, "self_sym_numel": a.size})
    return record(out, MeanBackward1, (input,), {"self_sym_sizes": a.shape, "dim": dims,
                                                 "keepdim": keepdim, "count": count})


ProdBackward0 = node("ProdBackward0", self=lambda grad, self, result:
                     _prod_grad(grad, self, result, None, False))
ProdBackward1 = node("ProdBackward1", self=lambda grad, self, result, dim, keepdim:
                     _prod_grad(grad, self, result, dim, keepdim))


def _prod_grad(grad, self, result, dim, keepdim):
    """torch's prod_backward: result / self without zeros; with zeros, the product of the
    others from exclusive cumulative products (which keeps nan/inf where torch has them)."""
    if self.ndim == 0:
        return grad
    zeros = int(np.count_nonzero(self._data == 0))
    if dim is None:
        if zeros == 0:
            return grad * (result / self)
        if zeros > 1 and not grad_mode._state.grad:
            return grad * zeros_of(self)
        return grad * _prod_others(self._data.reshape(-1), 0).reshape(self.shape)
    if not keepdim:
        grad, result = grad.unsqueeze(dim), result.unsqueeze(dim)
    if zeros == 0:
        return grad * (result / self)
    return grad * _prod_others(self._data, dim)


def _prod_others(x, dim):
    """Per element, the product of the others along ``dim``: cumprod of [1, x0, .., x(n-2)]
    times the reversed cumprod of [1, x(n-1), .., x1] (torch's prod_safe_zeros_backward)."""
    n = x.shape[dim]
    if x.size == 0:
        return make(np.ones_like(x), D.from_numpy_dtype(x.dtype))
    ones = np.ones_like(np.take(x, [0], axis=dim))
    with quiet():
        before = np.cumprod(np.concatenate([ones, np.take(x, range(n - 1), axis=dim)], dim),
                            axis=dim)
        after = np.flip(np.cumprod(np.concatenate(
            [ones, np.flip(np.take(x, range(1, n), axis=dim), dim)], dim), axis=dim), dim)
        out = before * after
    return make(out, D.from_numpy_dtype(x.dtype))


def prod(input, dim=None, keepdim=False, *, dtype=None):
    dt = _sum_dtype(input, dtype)
    a = input._data
    with quiet():
        if dim is None:
            out = make(np.multiply.reduce(a, axis=None, dtype=dt._np), dt)
            return record(out, ProdBackward0, (input,), {"self": input, "result": RESULT})
        d = wrap_dim(dim, a.ndim)
        out = make(np.multiply.reduce(a, axis=d if a.ndim else (), keepdims=keepdim,
                                      dtype=dt._np), dt)
    return record(out, ProdBackward1, (input,), {"self": input, "result": RESULT, "dim": d,
                                                 "keepdim": keepdim})


MaxBackward1 = node("MaxBackward1", self=lambda grad, self, result:
                    _evenly_distribute(grad, self, result))
MinBackward1 = node("MinBackward1", self=lambda grad, self, result:
                    _evenly_distribute(grad, self, result))
MaxBackward0 = node("MaxBackward0", self=lambda grad, self_sym_sizes, dim, keepdim, indices:
                    _indexed_grad(grad, self_sym_sizes, dim, keepdim, indices))
MinBackward0 = node("MinBackward0", self=lambda grad, self_sym_sizes, dim, keepdim, indices:
                    _indexed_grad(grad, self_sym_sizes, dim, keepdim, indices))
AmaxBackward0 = node("AmaxBackward0", self=lambda grad, self, result, dim, keepdim:
                     _amax_grad(grad, self, result, dim, keepdim))
AminBackward0 = node("AminBackward0", self=lambda grad, self, result, dim, keepdim:
                     _amax_grad(grad, self, result, dim, keepdim))


def _evenly_distribute(grad, self, result):
    # torch: the gradient of a full max/min is shared evenly among the tied elements (the nans,
    # when the result is nan); the others get exactly 0
    from .pointwise import where
    mask = self.isnan() if bool(np.isnan(result._data)) else self == result
    return where(mask, grad / mask.sum(), 0.0)


def _amax_grad(grad, self, result, dim, keepdim):
    r = _expand_back(result, self.shape, dim, keepdim)
    g = _expand_back(grad, self.shape, dim, keepdim)
    mask = self == r
    return mask * g / _expand_back(mask.sum(dim, keepdim=True), self.shape, dim, True)


def _indexed_grad(grad, sizes, dim, keepdim, indices):
    if not sizes:  # a 0-d input: its one element was selected
        return grad
    if not keepdim:
        grad = grad.unsqueeze(dim)
        indices = indices.unsqueeze(dim)
    idx = list(np.indices(indices.shape, sparse=True))
    idx[dim] = indices._data
    from .shape import _index_put_zeros
    return _index_put_zeros(grad, sizes, tuple(idx))


def _check_nonempty(name, a, dims, given=None):
    """torch's refusals to take an extreme over nothing (there is no identity); amax quotes the
    dim as given (``given``), max(dim) wrapped."""
    if a.size:
        return
    if dims is None or not a.ndim:
        raise RuntimeError(f"{name}(): Expected reduction dim to be specified for input.numel() "
                           "== 0. Specify the reduction dim with the 'dim' argument.")
    given = dims if given is None else ((given,) if isinstance(given, int) else tuple(given))
    for d, g in zip(dims, given):
        if a.shape[d] == 0:
            raise IndexError(f"{name}(): Expected reduction dim {g} to have non-zero size.")


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
            _check_nonempty(name, a, None)
            r = make(reduce_fn(a), input._dtype)
            return record(r, full_node, (input,), {"self": input, "result": RESULT})
        d = wrap_dim(dim, a.ndim)
        if a.ndim:
            _check_nonempty(name, a, (d,))
            idx = arg_fn(a, axis=d, keepdims=keepdim)
            values = np.take_along_axis(a, idx if keepdim else np.expand_dims(idx, d), d)
            if not keepdim:
                values = np.squeeze(values, d)
        else:
            idx, values = np.array(0), a.copy()
        v = make(values, input._dtype)
        i = make(np.asarray(idx, dtype=np.int64), D.int64)
        record(v, dim_node, (input,), {"self_sym_sizes": a.shape, "dim": d, "keepdim": keepdim,
                                       "indices": i})
        return rt(v, i)

    def amaxop(input, dim=(), keepdim=False):
        dims = _dims(input, dim, None)
        a = input._data
        _check_nonempty("a" + name, a, dims, dim)
        r = make(reduce_fn(a, axis=dims, keepdims=keepdim), input._dtype)
        return record(r, amax_node, (input,), {"self": input, "result": RESULT,
                                               "dim": dims if dims is not None else
                                               tuple(range(a.ndim)),
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
        if input._dtype is D.bool:
            raise RuntimeError(f"{name}(): does not support bool input")
        a = input._data
        if dim is None:
            if a.size == 0:
                raise IndexError(f"{name}(): Expected reduction dim to be specified for "
                                 "input.numel() == 0.")
            r = np.asarray(fn(a.reshape(-1)))
            if keepdim:
                r = r.reshape((1,) * a.ndim)
            return make(r.astype(np.int64), D.int64)
        d = wrap_dim(dim, a.ndim)
        if a.ndim == 0:
            return make(np.array(0, np.int64), D.int64)
        if a.shape[d] == 0:
            raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
        return make(np.asarray(fn(a, axis=d, keepdims=keepdim), dtype=np.int64), D.int64)
    op.__name__ = name
    return op


argmax = _arg(np.argmax, "argmax")
argmin = _arg(np.argmin, "argmin")

VarBackward0 = node("VarBackward0", self=lambda grad, self, dim, correction, keepdim:
                    _var_grad(grad, self, dim, correction, keepdim))
StdBackward0 = node("StdBackward0", self=lambda grad, self, dim, correction, keepdim, result:
                    _var_grad((grad / (result * 2)).masked_fill(result == 0, 0), self, dim,
                              correction, keepdim))


def _var_grad(grad, self, dim, correction, keepdim):
    """torch's var_backward: 2 / (n - correction) * grad * (self - mean)."""
    if self.ndim == 0 or dim is None:
        dof = self.numel() - correction
        if dof <= 0:  # 2 / 0: nan where self == mean (0 * inf), inf elsewhere
            from .pointwise import where
            return grad * where(self == self.mean(), float("nan"), float("inf"))
        return (2.0 / dof) * grad * (self - self.mean())
    if not keepdim and self.ndim > 1:
        grad = _unsqueeze_dims(grad, dim, False)
    dof = _count(self.shape, dim) - correction
    scale = 2.0 / dof if dof else float("inf")  # torch divides in floating point: 2 / 0 = inf
    return scale * grad * (self - self.mean(dim, True))


def _var_args(input, dim, unbiased, keepdim, correction, axis, keepdims):
    if not (input._dtype.is_floating_point or input._dtype.is_complex):
        raise RuntimeError("std and var only support floating point and complex dtypes")
    if isinstance(dim, bool):
        unbiased, dim = dim, None
    dims = _dims(input, dim, axis)
    if correction is None:
        correction = 1 if unbiased is None or unbiased else 0
    return dims, correction, _keep(keepdim, keepdims)


_DOF_WARNING = ("{}(): degrees of freedom is <= 0. Correction should be strictly less than the "
                "reduction factor (input numel divided by output numel). (Triggered internally "
                "at /__w/pytorch/pytorch/aten/src/ATen/native/ReduceOps.cpp:1861.)")


def _var_std(name, fn, input, dims, c, keepdim):
    a = input._data
    n = _count(a.shape, dims)
    out_numel = 1 if dims is None else _count(
        a.shape, tuple(d for d in range(a.ndim) if d not in dims))
    with quiet():
        if n - c > 0 or out_numel == 0:
            r = fn(a, axis=dims, ddof=c, keepdims=keepdim)
        else:
            # torch warns its own way; NumPy's 'Degrees of freedom <= 0' must not leak
            warnings.warn(_DOF_WARNING.format(name), UserWarning, stacklevel=3)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                r = fn(a, axis=dims, ddof=c, keepdims=keepdim)
    dt = input._dtype.to_real() if input._dtype.is_complex else input._dtype
    return make(np.asarray(r, dtype=dt._np), dt)


def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None, axis=None,
        keepdims=None):
    dims, c, keepdim = _var_args(input, dim, unbiased, keepdim, correction, axis, keepdims)
    r = _var_std("var", np.var, input, dims, c, keepdim)
    return record(r, VarBackward0, (input,), {"self": input, "dim": dims, "correction": c,
                                              "keepdim": keepdim})


def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None, axis=None,
        keepdims=None):
    dims, c, keepdim = _var_args(input, dim, unbiased, keepdim, correction, axis, keepdims)
    r = _var_std("std", np.std, input, dims, c, keepdim)
    return record(r, StdBackward0, (input,), {"self": input, "dim": dims, "correction": c,
                                              "keepdim": keepdim, "result": RESULT})


def any(input, dim=None, keepdim=False):  # noqa: A001
    dims = _dims(input, dim, None)
    return make(np.any(input._data, axis=dims, keepdims=keepdim), D.bool)


def all(input, dim=None, keepdim=False):  # noqa: A001
    dims = _dims(input, dim, None)
    return make(np.all(input._data, axis=dims, keepdims=keepdim), D.bool)


CumsumBackward0 = node("CumsumBackward0", self=lambda grad, dim: _cumsum_grad(grad, dim))


def _cumsum_grad(grad, dim):
    # torch's cumsum_backward: trivial for one element along dim, else the reversed cumsum
    if grad.numel() <= 1 or grad.shape[dim] == 1:
        return grad
    return grad.flip((dim,)).cumsum(dim).flip((dim,))


def cumsum(input, dim=None, *, dtype=None):
    if dim is None:
        raise TypeError('cumsum() missing 1 required positional arguments: "dim"')
    d = wrap_dim(dim, input._data.ndim)
    dt = _sum_dtype(input, dtype)
    a = input._data
    with quiet():
        r = np.cumsum(a, axis=d, dtype=dt._np) if a.ndim else a.astype(dt._np)
    return record(make(r, dt), CumsumBackward0, (input,), {"dim": d})


def nonzero(input, *, as_tuple=False):
    a = input._data
    # a 0-d tensor is one element with no coordinates (as_tuple: a 1-element 1-D one)
    nz = np.nonzero(a if a.ndim else a.reshape(1))
    if as_tuple:
        return tuple(make(i.astype(np.int64), D.int64) for i in nz)
    if not a.ndim:
        return make(np.zeros((len(nz[0]), 0), np.int64), D.int64)
    return make(np.stack(nz, axis=1).astype(np.int64), D.int64)


def count_nonzero(input, dim=None):
    dims = _dims(input, dim, None)
    return make(np.asarray(np.count_nonzero(input._data, axis=dims or None), dtype=np.int64),
                D.int64)


LogsumexpBackward0 = node("LogsumexpBackward0", self=lambda grad, self, result, dim, keepdim:
                          _logsumexp_grad(grad, self, result, dim, keepdim))


def _logsumexp_grad(grad, self, result, dim, keepdim):
    if self.ndim:
        grad = _unsqueeze_dims(grad, dim, keepdim)
        result = _unsqueeze_dims(result, dim, keepdim)
    return grad * (self - result).exp()


def logsumexp(input, dim, keepdim=False):
    """log(sum(exp(x))) shifted by the max (a max of +-inf shifts by 0), as torch computes it;
    integer input is computed in the default float dtype."""
    dims = _dims(input, dim, None)
    a = input._data
    if dims is None:
        dims = tuple(range(a.ndim))
    dt = input._dtype
    if not (dt.is_floating_point or dt.is_complex):
        dt = D.get_default_dtype()
        a = a.astype(dt._np)
    with quiet():
        if a.size:
            m = np.asarray(np.maximum.reduce(a, axis=dims, keepdims=True))
            m[np.abs(m) == np.inf] = 0
            s = np.add.reduce(np.exp(a - m), axis=dims, keepdims=keepdim)
            r = np.log(s) + (m if keepdim else m.reshape(np.shape(s)))
        else:
            r = np.log(np.add.reduce(np.exp(a), axis=dims, keepdims=keepdim))
    out = make(np.asarray(r, dtype=dt._np), dt)
    return record(out, LogsumexpBackward0, (input,), {"self": input, "result": RESULT,
                                                      "dim": dims, "keepdim": keepdim})


LinalgVectorNormBackward0 = node(
    "LinalgVectorNormBackward0",
    self=lambda grad, self, ord, result, dim, keepdim:  # noqa: A006 - torch's saved name
    _norm_grad(grad, self, ord, result, dim, keepdim))


def _norm_grad(grad, self, p, norm, dim, keepdim):
    """torch's norm_backward, case by case in the order p."""
    if self.ndim:
        grad = _unsqueeze_dims(grad, dim, keepdim)
        norm = _unsqueeze_dims(norm, dim, keepdim)
    if p == 0:
        return None  # a count of nonzeros: no gradient at all
    if p == 1:
        return self.sign() * grad
    if p == 2:
        return grad * (self / norm).masked_fill(norm == 0, 0)
    if p in (np.inf, -np.inf):
        # the derivative of amax(|x|) that respects nans: shared by the elements at the max
        a = self.abs()
        mask = (a == norm).logical_or(a.isnan())
        return self.sign() * ((grad / (mask.sum(dim, True) if dim else mask.sum())) * mask)
    if p < 1:
        scaled = self.sign() * self.abs().pow(p - 1).masked_fill(self == 0, 0)
        return scaled * grad * norm.pow(1 - p)
    scaled = self.sign() * self.abs().pow(p - 1) if p < 2 else self * self.abs().pow(p - 2)
    return scaled * (grad / norm.pow(p - 1)).masked_fill(norm == 0, 0)


def _ord_text(p):
    return str(int(p)) if np.isfinite(p) and p == int(p) else str(p)


def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None):  # noqa: A002 - torch's name
    """torch.linalg.vector_norm: (sum |x|^ord)^(1/ord); inf/-inf: max/min |x|; 0: nonzeros."""
    if not (x._dtype.is_floating_point or x._dtype.is_complex):
        raise RuntimeError("linalg.vector_norm: Expected a floating point or complex tensor as "
                           f"input. Got {x._dtype._legacy}")
    p = float(ord)
    dims = _dims(x, dim, None)
    a = x._data if dtype is None else x._data.astype(dtype._np)
    if a.size == 0 and (p < 0 or p == np.inf):
        if dims is None:
            raise RuntimeError(f"linalg.vector_norm cannot compute the {_ord_text(p)} norm on an "
                               "empty tensor because the operation does not have an identity")
        for d in dims:
            if a.shape[d] == 0:
                raise RuntimeError(f"linalg.vector_norm cannot compute the {_ord_text(p)} norm "
                                   f"on the dimension {d}because this dimension is empty and "
                                   "the operation does not have an identity")
    keep = keepdim and dims is not None
    with quiet():
        a = np.abs(a)
        if p == np.inf:
            r = np.maximum.reduce(a, axis=dims, keepdims=keep)
        elif p == -np.inf:
            r = np.minimum.reduce(a, axis=dims, keepdims=keep)
        elif p == 0:
            r = np.add.reduce(a != 0, axis=dims, keepdims=keep, dtype=a.dtype)
        elif p == 1:
            r = np.add.reduce(a, axis=dims, keepdims=keep)
        elif p == 2:
            r = np.sqrt(np.add.reduce(a * a, axis=dims, keepdims=keep))
        else:
            r = np.add.reduce(a ** p, axis=dims, keepdims=keep) ** (1.0 / p)
    dt = dtype or (x._dtype.to_real() if x._dtype.is_complex else x._dtype)
    out = make(np.asarray(r, dtype=dt._np), dt)
    return record(out, LinalgVectorNormBackward0, (x,),
                  {"self": x, "ord": ord, "result": RESULT, "dim": dims, "keepdim": keepdim})


def norm(input, p="fro", dim=None, keepdim=False, out=None, dtype=None):
    """torch.norm: vector norms through linalg.vector_norm ('fro' is the 2-norm over at most
    two dims); matrix norms are not supported."""
    if isinstance(p, str):
        if p == "fro" and (dim is None or isinstance(dim, int) or len(dim) <= 2):
            return vector_norm(input, 2, dim, keepdim, dtype=dtype)
        if p not in ("fro", "nuc"):
            raise RuntimeError(f"only valid string values are 'fro' and 'nuc', found {p}")
        raise NotImplementedError(f"norm(p={p!r}) (a matrix norm) is not supported by "
                                  "minitorch_compat yet")
    return vector_norm(input, 2.0 if p is None else p, dim, keepdim, dtype=dtype)

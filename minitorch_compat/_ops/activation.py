"""Activations beyond the pointwise basics: softmax and log_softmax along a dim (torch's nodes).
One function serves torch.softmax, Tensor.softmax and F.softmax, so it also takes F.softmax's
deprecated implicit dim (dim=None) and its ``_stacklevel``."""
import warnings

import numpy as np

from ._core import RESULT, make, node, record, wrap_dim

__all__ = ["softmax", "log_softmax"]

SoftmaxBackward0 = node("SoftmaxBackward0", self=lambda grad, result, dim:
                        result * (grad - (grad * result).sum(dim, keepdim=True)))
LogSoftmaxBackward0 = node("LogSoftmaxBackward0", self=lambda grad, result, dim:
                           grad - result.exp() * grad.sum(dim, keepdim=True))


def _implicit_dim(name, ndim, stacklevel):
    """F.softmax without dim: torch warns and picks 0 for 0-, 1- and 3-D input, 1 otherwise."""
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call to "
                  "include dim=X as an argument.", UserWarning, stacklevel=stacklevel)
    return 0 if ndim in (0, 1, 3) else 1


def _prep(name, input, dim, dtype, stacklevel):
    """(converted input, array, wrapped dim); dtype= converts first (ToCopyBackward0 in the
    graph, under the softmax node), as torch does."""
    if dim is None:
        dim = _implicit_dim(name, input._data.ndim, stacklevel)
    if dtype is not None and dtype is not input._dtype:
        input = input.to(dtype)
    d = wrap_dim(dim, input._data.ndim)
    dt = input._dtype
    if not dt.is_floating_point:
        last = "lastdim_" if d == max(input._data.ndim - 1, 0) else ""
        raise NotImplementedError(f'"{name}_{last}kernel_impl" not implemented for '
                                  f"'{dt._legacy}'")
    x = input._data
    # a 0-d tensor is one element along dim 0 (or -1)
    return input, (x.reshape(1) if x.ndim == 0 else x), (0 if x.ndim == 0 else d)


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    # torch's _stacklevel counts _get_softmax_dim, F.softmax, the caller; here one frame more
    input, x, d = _prep("softmax", input, dim, dtype, _stacklevel + 1)
    with np.errstate(invalid="ignore", over="ignore"):
        e = np.exp(x - np.max(x, axis=d, keepdims=True))
        r = make((e / np.sum(e, axis=d, keepdims=True)).reshape(input._data.shape), input._dtype)
    return record(r, SoftmaxBackward0, (input,), {"result": RESULT, "dim": d})


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    input, x, d = _prep("log_softmax", input, dim, dtype, _stacklevel + 1)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        s = x - np.max(x, axis=d, keepdims=True)
        r = s - np.log(np.sum(np.exp(s), axis=d, keepdims=True))
    r = make(r.reshape(input._data.shape), input._dtype)
    return record(r, LogSoftmaxBackward0, (input,), {"result": RESULT, "dim": d})

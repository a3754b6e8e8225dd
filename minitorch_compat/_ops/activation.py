"""Activations beyond the pointwise basics: softmax and log_softmax along a dim (torch's nodes)."""
import numpy as np

from .. import _dtype as D
from ._core import make, node, record, wrap_dim

__all__ = ["softmax", "log_softmax"]

SoftmaxBackward0 = node("SoftmaxBackward0", self=lambda grad, result, dim:
                        result * (grad - (grad * result).sum(dim, keepdim=True)))
LogSoftmaxBackward0 = node("LogSoftmaxBackward0", self=lambda grad, result, dim:
                           grad - result.exp() * grad.sum(dim, keepdim=True))


def _prep(input, dim, dtype):
    if dim is None:
        raise TypeError("softmax() missing required argument 'dim'")
    d = wrap_dim(dim, input._data.ndim)
    dt = dtype or input._dtype
    if not dt.is_floating_point:
        raise RuntimeError(f'"softmax_lastdim_kernel_impl" not implemented for \'{dt._legacy}\'')
    x = input._data if input._dtype is dt else input._data.astype(dt._np)
    if x.ndim == 0:
        x = x.reshape(1)
        d = 0
    return x, d, dt


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    x, d, dt = _prep(input, dim, dtype)
    e = np.exp(x - np.max(x, axis=d, keepdims=True))
    r = make((e / np.sum(e, axis=d, keepdims=True)).reshape(input._data.shape), dt)
    return record(r, SoftmaxBackward0, (input,), {"result": _result(), "dim": d})


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    x, d, dt = _prep(input, dim, dtype)
    s = x - np.max(x, axis=d, keepdims=True)
    r = make((s - np.log(np.sum(np.exp(s), axis=d, keepdims=True))).reshape(input._data.shape), dt)
    return record(r, LogSoftmaxBackward0, (input,), {"result": _result(), "dim": d})


def _result():
    from ._core import RESULT
    return RESULT


D  # noqa: B018

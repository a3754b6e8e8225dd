"""Normalisation: batch_norm (training statistics with running-stat updates, or eval with
running stats) and layer_norm, with torch's fused nodes; formulas are Tensor expressions."""
import numpy as np

from ..autograd.grad_mode import _state
from ._core import RESULT, make, node, record
from .pointwise import RsqrtBackward0
from .reduction import MeanBackward1

__all__ = ["batch_norm", "layer_norm"]


def _bn_dims(x):
    return (0,) + tuple(range(2, x.ndim))


def _bn_shape(x):
    return (1, -1) + (1,) * (x.ndim - 2)


def _live_stats(input, mean, invstd, dims, shape):
    """The saved ``mean`` and ``invstd`` (same values, keepdim shape over ``dims``) as
    differentiable functions of ``input``, for a backward that builds a graph.

    The forward computes the statistics from arrays and saves them as constants, which is all
    a first-order backward needs; a double backward must also see how they move with the
    input. The values stay the saved ones bit for bit (so create_graph=True changes no
    first-order number); only the graph is new: mean is a MeanBackward1 node on ``input``, and
    invstd = rsqrt(var + eps) an RsqrtBackward0 node on ``input.var(dims, correction=0)``
    (whose value its formula never reads; eps only shifts the value, not the derivative).
    Every formula on the way is a Tensor expression, so third and higher derivatives are
    exact too. torch names this double backward NativeBatchNormBackwardBackward0 /
    NativeLayerNormBackwardBackward0, with save_mean/save_invstd held constant in it: its
    third derivative with respect to the input misses their dependence; this one does not."""
    m = int(np.prod([input.shape[d] for d in dims], dtype=np.int64))
    dt = input._dtype
    mean = record(make(mean._data.reshape(shape), dt), MeanBackward1, (input,),
                  {"self_sym_sizes": tuple(input.shape), "dim": dims, "keepdim": True,
                   "count": m})
    var = input.var(dims, correction=0, keepdim=True)
    invstd = record(make(invstd._data.reshape(shape), dt), RsqrtBackward0, (var,),
                    {"result": RESULT})
    return mean, invstd


def _stats(input, mean, invstd, dims, from_input=True):
    """The saved statistics in keepdim shape over ``dims``. Grad mode is on inside a formula
    only under create_graph=True (the engine's rule): then statistics computed from the input
    (batch norm in training, layer norm) must carry their dependence on it; a plain backward,
    or running statistics, keep the cheap constants."""
    shape = tuple(n if d not in dims else 1 for d, n in enumerate(input._data.shape))
    if from_input and _state.grad and input._requires_grad:
        return _live_stats(input, mean, invstd, dims, shape)
    return mean.reshape(shape), invstd.reshape(shape)


def _bn_input_grad(grad, input, weight, mean, invstd, training, dims):
    mean, inv = _stats(input, mean, invstd, dims, from_input=training)
    scale = inv if weight is None else inv * weight.reshape(_bn_shape(input._data))
    if not training:
        return grad * scale
    m = input.numel() // input.shape[1]
    xhat = (input - mean) * inv
    gsum = grad.sum(dims, keepdim=True)
    gx = (grad * xhat).sum(dims, keepdim=True)
    return scale * (grad - gsum / m - xhat * gx / m)


NativeBatchNormBackward0 = node(
    "NativeBatchNormBackward0",
    input=lambda grad, input, weight, save_mean, save_invstd, training, dims:
    _bn_input_grad(grad, input, weight, save_mean, save_invstd, training, dims),
    weight=lambda grad, input, save_mean, save_invstd, training, dims:
    _bn_weight_grad(grad, input, save_mean, save_invstd, training, dims),
    bias=lambda grad, dims: grad.sum(dims))


def _bn_weight_grad(grad, input, mean, invstd, training, dims):
    mean, invstd = _stats(input, mean, invstd, dims, from_input=training)
    return (grad * (input - mean) * invstd).sum(dims)


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False,
               momentum=0.1, eps=1e-5):
    x = input._data
    if x.ndim < 2:
        raise ValueError(f"Expected 2D or 3D input (got {x.ndim}D input)")
    dims = _bn_dims(x)
    if training:
        count = x.size // x.shape[1]
        if count <= 1:
            raise ValueError("Expected more than 1 value per channel when training, got input "
                             f"size {list(x.shape)}")
        mean = x.mean(dims, dtype=np.float64)
        var = x.var(dims, dtype=np.float64)
        # torch updates the running mean in the tensor's precision and the running variance
        # from double statistics (measured: the mean matches bit for bit, the variance to 1 ulp)
        if running_mean is not None:
            rm = running_mean._data
            f = rm.dtype.type
            rm[...] = f(momentum) * mean.astype(rm.dtype) + f(1 - momentum) * rm
            running_mean._vc[0] += 1
        if running_var is not None:
            rv = running_var._data
            rv[...] = momentum * (var * count / (count - 1)) + (1 - momentum) * rv
            running_var._vc[0] += 1
    else:
        mean = running_mean._data.astype(np.float64)
        var = running_var._data.astype(np.float64)
    invstd = 1.0 / np.sqrt(var + eps)
    shape = _bn_shape(x)
    out = (x - mean.reshape(shape)) * invstd.reshape(shape)
    if weight is not None:
        out = out * weight._data.reshape(shape)
    if bias is not None:
        out = out + bias._data.reshape(shape)
    dt = input._dtype
    save_mean = make(mean.astype(dt._np), dt)
    save_invstd = make(invstd.astype(dt._np), dt)
    return record(make(out.astype(dt._np), dt), NativeBatchNormBackward0, (input, weight, bias),
                  {"input": input, "weight": weight, "save_mean": save_mean,
                   "save_invstd": save_invstd, "training": training, "dims": dims})


def _ln_input_grad(grad, input, weight, mean, rstd, dims):
    mean, rstd = _stats(input, mean, rstd, dims)
    xhat = (input - mean) * rstd
    g = grad if weight is None else grad * weight
    m = int(np.prod([input.shape[d] for d in dims]))
    return rstd * (g - g.sum(dims, keepdim=True) / m
                   - xhat * (g * xhat).sum(dims, keepdim=True) / m)


def _ln_weight_grad(grad, input, mean, rstd, dims, lead):
    mean, rstd = _stats(input, mean, rstd, dims)
    g = grad * ((input - mean) * rstd)
    return g.sum(lead) if lead else g


NativeLayerNormBackward0 = node(
    "NativeLayerNormBackward0",
    input=lambda grad, input, weight, mean, rstd, dims:
    _ln_input_grad(grad, input, weight, mean, rstd, dims),
    weight=lambda grad, input, mean, rstd, dims, lead: _ln_weight_grad(grad, input, mean, rstd,
                                                                        dims, lead),
    bias=lambda grad, lead: grad.sum(lead) if lead else grad)


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    x = input._data
    if isinstance(normalized_shape, int):
        normalized_shape = (normalized_shape,)
    k = len(normalized_shape)
    if tuple(x.shape[x.ndim - k:]) != tuple(normalized_shape):
        raise RuntimeError(f"Given normalized_shape={list(normalized_shape)}, expected input "
                           f"with shape [*, {', '.join(map(str, normalized_shape))}], but got "
                           f"input of size{list(x.shape)}")
    dims = tuple(range(x.ndim - k, x.ndim))
    mean = x.mean(dims, keepdims=True, dtype=np.float64)
    var = x.var(dims, keepdims=True, dtype=np.float64)
    rstd = 1.0 / np.sqrt(var + eps)
    out = (x - mean) * rstd
    if weight is not None:
        out = out * weight._data
    if bias is not None:
        out = out + bias._data
    dt = input._dtype
    return record(make(out.astype(dt._np), dt), NativeLayerNormBackward0, (input, weight, bias),
                  {"input": input, "weight": weight, "mean": make(mean.astype(dt._np), dt),
                   "rstd": make(rstd.astype(dt._np), dt), "dims": dims,
                   "lead": tuple(range(x.ndim - k))})

"""Loss functions with torch's single fused nodes (the reduction happens inside the node):
binary_cross_entropy(_with_logits), mse_loss, l1_loss, nll_loss, cross_entropy."""
import warnings

import numpy as np

from .._tensor import Tensor
from ._core import make, node, record

__all__ = ["binary_cross_entropy_with_logits", "binary_cross_entropy", "mse_loss", "l1_loss",
           "nll_loss", "cross_entropy"]

_REDUCTIONS = ("none", "mean", "sum")


def _reduction(size_average, reduce, reduction):
    if size_average is not None or reduce is not None:
        warnings.warn("size_average and reduce args will be deprecated, please use "
                      "reduction='{}' instead.", UserWarning, stacklevel=3)
        size_average = True if size_average is None else size_average
        reduce = True if reduce is None else reduce
        return "none" if not reduce else ("mean" if size_average else "sum")
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return reduction


def _reduce_array(x, reduction):
    if reduction == "mean":
        return np.mean(x, dtype=x.dtype) if x.size else np.array(np.nan, x.dtype)
    if reduction == "sum":
        return np.sum(x, dtype=x.dtype)
    return x


def _reduce_grad(grad, shape, numel, reduction):
    # d(reduced)/d(elementwise): the incoming gradient spread back over the elements
    if reduction == "mean":
        return grad.expand(shape) / numel
    if reduction == "sum":
        return grad.expand(shape)
    return grad


def _check_same_size(input, target, name):
    if target._data.shape != input._data.shape:
        raise ValueError(f"Target size ({target.shape}) must be the same as input size "
                         f"({input.shape})")


def _bce_logits_grads(grad, self, target, weight, pos_weight, reduction):
    g = _reduce_grad(grad, self.shape, self.numel(), reduction)
    s = self.sigmoid()
    if pos_weight is None:
        d = s - target
    else:
        d = ((pos_weight - 1) * target + 1) * s - pos_weight * target
    return d * g if weight is None else d * g * weight


def _bce_logits_target_grad(grad, self, target, weight, pos_weight, reduction):
    g = _reduce_grad(grad, self.shape, self.numel(), reduction)
    if pos_weight is None:
        d = -self
    else:
        d = (pos_weight - 1) * (-self).exp().log1p() - self  # not numerically hardened
    return d * g if weight is None else d * g * weight


BinaryCrossEntropyWithLogitsBackward0 = node(
    "BinaryCrossEntropyWithLogitsBackward0",
    self=_bce_logits_grads, target=_bce_logits_target_grad)


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None,
                                     reduction="mean", pos_weight=None):
    reduction = _reduction(size_average, reduce, reduction)
    _check_same_size(input, target, "bce")
    x = input._data
    t = target._data.astype(x.dtype, copy=False)
    # log(1 + exp(-|x|)) + max(-x, 0): stable for large |x|
    sp = np.log1p(np.exp(-np.abs(x))) + np.maximum(-x, 0)
    if pos_weight is not None:
        pw = pos_weight._data
        loss = (1 - t) * x + (1 + (pw - 1) * t) * sp
    else:
        loss = (1 - t) * x + sp
    if weight is not None:
        loss = loss * weight._data
    r = make(np.asarray(_reduce_array(loss.astype(x.dtype, copy=False), reduction)), input._dtype)
    return record(r, BinaryCrossEntropyWithLogitsBackward0, (input, target),
                  {"self": input, "target": target, "weight": weight, "pos_weight": pos_weight,
                   "reduction": reduction})


BinaryCrossEntropyBackward0 = node(
    "BinaryCrossEntropyBackward0",
    self=lambda grad, self, target, weight, reduction: _bce_grad(grad, self, target, weight,
                                                                 reduction),
    target=lambda grad, self, target, weight, reduction: _reduce_grad(
        grad, self.shape, self.numel(), reduction) * ((1 - self).log() - self.log()))


def _bce_grad(grad, self, target, weight, reduction):
    g = _reduce_grad(grad, self.shape, self.numel(), reduction)
    eps = 1e-12
    d = (self - target) / ((1 - self) * self).clamp(min=eps)
    return d * g if weight is None else d * g * weight


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None,
                         reduction="mean"):
    reduction = _reduction(size_average, reduce, reduction)
    _check_same_size(input, target, "bce")
    x = input._data
    if np.any((x < 0) | (x > 1)):
        raise RuntimeError("all elements of input should be between 0 and 1")
    t = target._data
    with np.errstate(divide="ignore"):
        loss = -(t * np.maximum(np.log(x), -100) + (1 - t) * np.maximum(np.log1p(-x), -100))
    if weight is not None:
        loss = loss * weight._data
    r = make(np.asarray(_reduce_array(loss.astype(x.dtype, copy=False), reduction)), input._dtype)
    return record(r, BinaryCrossEntropyBackward0, (input, target),
                  {"self": input, "target": target, "weight": weight, "reduction": reduction})


MseLossBackward0 = node(
    "MseLossBackward0",
    self=lambda grad, self, target, reduction:
    _reduce_grad(grad, self.shape, self.numel(), reduction) * 2 * (self - target),
    target=lambda grad, self, target, reduction:
    _reduce_grad(grad, self.shape, self.numel(), reduction) * -2 * (self - target))


def _broadcast_warn(input, target, name):
    if target._data.shape != input._data.shape:
        warnings.warn(f"Using a target size ({target.shape}) that is different to the input size "
                      f"({input.shape}). This will likely lead to incorrect results due to "
                      "broadcasting. Please ensure they have the same size.", UserWarning,
                      stacklevel=3)


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    reduction = _reduction(size_average, reduce, reduction)
    _broadcast_warn(input, target, "mse")
    if target._data.shape != input._data.shape:
        input, target = input.expand_as(input + target), target.expand_as(input + target)
    d = input._data - target._data.astype(input._data.dtype, copy=False)
    r = make(np.asarray(_reduce_array(d * d, reduction)), input._dtype)
    return record(r, MseLossBackward0, (input, target),
                  {"self": input, "target": target, "reduction": reduction})


L1LossBackward0 = node(
    "L1LossBackward0",
    self=lambda grad, self, target, reduction:
    _reduce_grad(grad, self.shape, self.numel(), reduction) * (self - target).sign(),
    target=lambda grad, self, target, reduction:
    _reduce_grad(grad, self.shape, self.numel(), reduction) * -(self - target).sign())


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    reduction = _reduction(size_average, reduce, reduction)
    _broadcast_warn(input, target, "l1")
    d = np.abs(input._data - target._data)
    r = make(np.asarray(_reduce_array(d.astype(input._data.dtype, copy=False), reduction)),
             input._dtype)
    return record(r, L1LossBackward0, (input, target),
                  {"self": input, "target": target, "reduction": reduction})


NllLossBackward0 = node(
    "NllLossBackward0",
    self=lambda grad, self, target, weight, reduction, ignore_index, total_weight:
    _nll_grad(grad, self, target, weight, reduction, ignore_index, total_weight),
    target=None)


def _nll_picks(n, target, ignore_index):
    t = target._data
    valid = t != ignore_index
    return t, valid


def _nll_grad(grad, self, target, weight, reduction, ignore_index, total_weight):
    x = self._data
    t, valid = _nll_picks(x.shape[0], target, ignore_index)
    scale = np.zeros(t.shape, dtype=x.dtype)
    w = weight._data[np.where(valid, t, 0)] if weight is not None else np.ones(t.shape, x.dtype)
    scale[valid] = -w[valid]
    if reduction == "mean":
        scale = scale / total_weight
    g = grad._data
    if reduction == "none":
        scale = scale * g
    else:
        scale = scale * g.reshape(())
    out = np.zeros_like(x)
    cls_axis = 1 if x.ndim > 1 else 0
    idx = np.expand_dims(np.where(valid, t, 0), cls_axis)
    np.put_along_axis(out, idx, np.expand_dims(scale, cls_axis), cls_axis)
    return make(out, self._dtype)


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
             reduction="mean"):
    reduction = _reduction(size_average, reduce, reduction)
    x = input._data
    t = target._data
    if x.ndim < 1:
        raise ValueError(f"Expected 2 or more dimensions (got {x.ndim})")
    if target._dtype.is_floating_point:
        raise RuntimeError(f"expected scalar type Long but found {target._dtype._legacy}")
    if x.ndim > 1 and x.shape[0] != t.shape[0]:
        raise ValueError(f"Expected input batch_size ({x.shape[0]}) to match target batch_size "
                         f"({t.shape[0]}).")
    valid = t != ignore_index
    safe = np.where(valid, t, 0)
    ncls = x.shape[1] if x.ndim > 1 else x.shape[0]
    if np.any(valid & ((t < 0) | (t >= ncls))):
        bad = t[valid & ((t < 0) | (t >= ncls))].flat[0]
        raise IndexError(f"Target {bad} is out of bounds.")
    cls_axis = 1 if x.ndim > 1 else 0
    picked = np.take_along_axis(x, np.expand_dims(safe, cls_axis), cls_axis).squeeze(cls_axis)
    w = weight._data[safe] if weight is not None else np.ones(t.shape, x.dtype)
    w = np.where(valid, w, 0).astype(x.dtype)
    losses = -picked * w
    total = np.sum(w, dtype=x.dtype)
    if reduction == "mean":
        out = np.asarray(np.sum(losses, dtype=x.dtype) / total, dtype=x.dtype)
    elif reduction == "sum":
        out = np.asarray(np.sum(losses, dtype=x.dtype))
    else:
        out = losses
    r = make(out, input._dtype)
    return record(r, NllLossBackward0, (input, None),
                  {"self": input, "target": target, "weight": weight, "reduction": reduction,
                   "ignore_index": ignore_index, "total_weight": total})


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
                  reduction="mean", label_smoothing=0.0):
    from .activation import log_softmax
    if isinstance(target, Tensor) and target._dtype.is_floating_point:
        logp = log_softmax(input, 1 if input._data.ndim > 1 else 0)
        losses = -(logp * target).sum(1 if input._data.ndim > 1 else 0)
        reduction = _reduction(size_average, reduce, reduction)
        return losses.mean() if reduction == "mean" else (
            losses.sum() if reduction == "sum" else losses)
    if label_smoothing:
        raise NotImplementedError("label_smoothing is not supported by minitorch_compat yet")
    return nll_loss(log_softmax(input, 1 if input._data.ndim > 1 else 0), target, weight,
                    size_average, ignore_index, reduce, reduction)

"""Loss functions as torch builds them: single fused nodes where torch has one (the reduction
happens inside the node: binary_cross_entropy(_with_logits), mse_loss, nll_loss/nll_loss2d), and
torch's compositions elsewhere (l1_loss, cross_entropy with class probabilities or label
smoothing)."""
import warnings

import numpy as np

from .._tensor import Tensor
from .. import _dtype as D
from ._core import broadcast_shape, make, node, record, zeros_of

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


# tensor (op) Python number inside torch's C++ compositions: the Scalar overloads' nodes
MulBackward1 = node("MulBackward1", self=lambda grad, other: grad * other)
DivBackward1 = node("DivBackward1", self=lambda grad, other: grad / other)


def _mul_scalar(t, s):
    return record(make(np.asarray(t._data * s, dtype=t._data.dtype), t._dtype), MulBackward1,
                  (t,), {"other": s})


def _div_scalar(t, s):
    with np.errstate(invalid="ignore", divide="ignore"):  # an empty batch: nan, as torch
        r = np.asarray(t._data / s, dtype=t._data.dtype)
    return record(make(r, t._dtype), DivBackward1, (t,), {"other": s})


def _broadcast(input, target):
    """torch.broadcast_tensors as F.mse_loss/l1_loss use it: only an operand whose shape
    changes is expanded (ExpandBackward0)."""
    a, b = input._data.shape, target._data.shape
    if a == b:
        return input, target
    shape = broadcast_shape(a, b)
    return (input if a == shape else input.expand(shape),
            target if b == shape else target.expand(shape))


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
    target=lambda grad, self, weight, reduction: _bce_target_grad(grad, self, weight, reduction))


def _bce_target_grad(grad, self, weight, reduction):
    g = _reduce_grad(grad, self.shape, self.numel(), reduction) * ((1 - self).log() - self.log())
    return g if weight is None else g * weight


def _bce_grad(grad, self, target, weight, reduction):
    g = _reduce_grad(grad, self.shape, self.numel(), reduction)
    eps = 1e-12
    d = (self - target) / ((1 - self) * self).clamp(min=eps)
    return d * g if weight is None else d * g * weight


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None,
                         reduction="mean"):
    reduction = _reduction(size_average, reduce, reduction)
    if target._data.shape != input._data.shape:
        raise ValueError(f"Using a target size ({target.shape}) that is different to the input "
                         f"size ({input.shape}) is deprecated. Please ensure they have the same "
                         "size.")
    if target._dtype is not input._dtype:
        raise RuntimeError(f"Found dtype {target._dtype._legacy} but expected "
                           f"{input._dtype._legacy}")
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
    input, target = _broadcast(input, target)
    if weight is not None:  # torch composes the weighted form
        if weight._data.shape != input._data.shape:
            raise ValueError("Weights and input must have the same size.")
        loss = (input - target).pow(2) * weight
        if reduction == "mean":
            return loss.sum() / weight.sum()
        return loss.sum() if reduction == "sum" else loss
    d = input._data - target._data.astype(input._data.dtype, copy=False)
    r = make(np.asarray(_reduce_array(d * d, reduction)), input._dtype)
    return record(r, MseLossBackward0, (input, target),
                  {"self": input, "target": target, "reduction": reduction})


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """torch composes it: |input - target|, then mean or sum (AbsBackward0 under the reduction)."""
    reduction = _reduction(size_average, reduce, reduction)
    _broadcast_warn(input, target, "l1")
    input, target = _broadcast(input, target)
    loss = (input - target).abs()
    if weight is not None:
        if weight._data.shape != input._data.shape:
            raise ValueError("Weights and input must have the same size.")
        loss = loss * weight
        if reduction == "mean":
            return loss.sum() / weight.sum()
    return loss.mean() if reduction == "mean" else (loss.sum() if reduction == "sum" else loss)


def _nll_node(name):
    return node(name, self=lambda grad, self, target, weight, reduction, ignore_index,
                total_weight: _nll_grad(grad, self, target, weight, reduction, ignore_index,
                                        total_weight),
                target=None)


NllLossBackward0 = _nll_node("NllLossBackward0")      # 1-D or 2-D input
NllLoss2DBackward0 = _nll_node("NllLoss2DBackward0")  # (N, C, H, W) input


def _nll_backward_node(name, forward):
    """torch's node for nll_loss(2d)_backward itself (create_graph=True): linear in
    grad_output, whose gradient is nll_loss of the incoming gradient; self only gives the
    shape (a zero gradient, as torch)."""
    return node(name,
                grad_output=lambda grad, target, weight, reduction, ignore_index:
                _nll(grad, target, weight, ignore_index, reduction, forward),
                self=zeros_of,
                target=None)


_NLL_BACKWARD = {
    NllLossBackward0: _nll_backward_node("NllLossBackwardBackward0", NllLossBackward0),
    NllLoss2DBackward0: _nll_backward_node("NllLoss2DBackwardBackward0", NllLoss2DBackward0)}


def _nll_grad(grad, self, target, weight, reduction, ignore_index, total_weight):
    x = self._data
    t = target._data
    valid = t != ignore_index
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
    cls = _NLL_BACKWARD[NllLoss2DBackward0 if x.ndim == 4 else NllLossBackward0]
    return record(make(out, self._dtype), cls, (grad, self, target),
                  {"target": target, "weight": weight, "reduction": reduction,
                   "ignore_index": ignore_index})


def _nll(input, target, weight, ignore_index, reduction, cls):
    """The fused nll_loss/nll_loss2d: classes along dim 1 (dim 0 for a 1-D input)."""
    x = input._data
    t = target._data
    valid = t != ignore_index
    safe = np.where(valid, t, 0)
    cls_axis = 1 if x.ndim > 1 else 0
    ncls = x.shape[cls_axis]
    if np.any(valid & ((t < 0) | (t >= ncls))):
        bad = t[valid & ((t < 0) | (t >= ncls))].flat[0]
        raise IndexError(f"Target {bad} is out of bounds.")
    picked = np.take_along_axis(x, np.expand_dims(safe, cls_axis), cls_axis).squeeze(cls_axis)
    w = weight._data[safe] if weight is not None else np.ones(t.shape, x.dtype)
    w = np.where(valid, w, 0).astype(x.dtype)
    losses = -picked * w
    total = np.sum(w, dtype=x.dtype)
    with np.errstate(invalid="ignore", divide="ignore"):
        if reduction == "mean":
            out = np.asarray(np.sum(losses, dtype=x.dtype) / total, dtype=x.dtype)
        elif reduction == "sum":
            out = np.asarray(np.sum(losses, dtype=x.dtype))
        else:
            out = losses
    return record(make(out, input._dtype), cls, (input, None),
                  {"self": input, "target": target, "weight": weight, "reduction": reduction,
                   "ignore_index": ignore_index, "total_weight": total})


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
             reduction="mean"):
    reduction = _reduction(size_average, reduce, reduction)
    x = input._data
    t = target._data
    if x.ndim < 1:
        raise ValueError(f"Expected 2 or more dimensions (got {x.ndim})")
    if target._dtype not in (D.int64, D.uint8):
        raise RuntimeError("expected target dtype to be Long or Byte, but got "
                           f"{target._dtype._legacy}")
    if x.ndim > 1 and x.shape[0] != t.shape[0]:
        raise ValueError(f"Expected input batch_size ({x.shape[0]}) to match target batch_size "
                         f"({t.shape[0]}).")
    if x.ndim <= 2:
        return _nll(input, target, weight, ignore_index, reduction, NllLossBackward0)
    if x.ndim == 4:
        return _nll(input, target, weight, ignore_index, reduction, NllLoss2DBackward0)
    # torch's nll_loss_nd: other shapes go through nll_loss2d on an (N, C, 1, -1) view
    n, c = x.shape[:2]
    flat_in = input.reshape(n, c, 1, -1) if x.size else input.reshape(n, c, 0, 0)
    flat_t = target.reshape(n, 1, -1) if t.size else target.reshape(n, 0, 0)
    out = _nll(flat_in, flat_t, weight, ignore_index, reduction, NllLoss2DBackward0)
    return out.view((n,) + x.shape[2:]) if reduction == "none" else out


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
                  reduction="mean", label_smoothing=0.0):
    """torch's cross_entropy_loss: log_softmax over the class dim, then nll_loss for class
    indices (plus the smoothing term for label_smoothing), or the composed sum for class
    probabilities."""
    from .activation import log_softmax
    reduction = _reduction(size_average, reduce, reduction)
    class_dim = 0 if input._data.ndim == 1 else 1
    n_classes = input._data.shape[class_dim]
    logp = log_softmax(input, class_dim)
    bshape = [1] * input._data.ndim
    bshape[class_dim] = -1
    if isinstance(target, Tensor) and target._dtype.is_floating_point:
        if label_smoothing > 0:
            target = target * (1 - label_smoothing) + label_smoothing / n_classes
        prod = logp * target
        if weight is not None:
            prod = prod * weight.view(bshape)
        if reduction == "none":
            return -prod.sum(class_dim)
        total = -prod.sum()
        if reduction == "sum":
            return total
        return _div_scalar(total, input._data.size // n_classes if input._data.size else 0)
    nll = nll_loss(logp, target, weight, None, ignore_index, None, reduction)
    if not label_smoothing:
        return nll
    ignored = target == ignore_index
    smooth = -(logp * weight.view(bshape) if weight is not None else logp).sum(class_dim)
    smooth = smooth.masked_fill(ignored, 0.0)
    if reduction == "mean":
        keep = ~ignored._data
        if weight is not None:
            denom = make(np.asarray(np.sum(weight._data[target._data[keep]])), weight._dtype)
        else:
            denom = make(np.asarray(np.count_nonzero(keep), dtype=np.int64), D.int64)
        smooth = smooth.sum() / denom
    elif reduction == "sum":
        smooth = smooth.sum()
    return _mul_scalar(nll, 1 - label_smoothing) + _mul_scalar(smooth,
                                                               label_smoothing / n_classes)

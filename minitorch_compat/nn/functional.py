"""torch.nn.functional: the functional forms of layers, activations and losses (the ops
themselves live in ``minitorch_compat._ops``)."""
from .. import random as _random
from .._ops import (adaptive_avg_pool2d, avg_pool2d, batch_norm, binary_cross_entropy,
                    binary_cross_entropy_with_logits, conv1d, conv2d, cross_entropy, embedding,
                    l1_loss, layer_norm, linear, log_softmax, max_pool2d, mse_loss, nll_loss,
                    relu, sigmoid, softmax, tanh)
from .._ops import pointwise as _pw
from ..autograd.grad_mode import no_grad

__all__ = ["linear", "relu", "relu_", "sigmoid", "tanh", "softmax", "log_softmax", "dropout",
           "conv1d", "conv2d", "max_pool2d", "avg_pool2d", "adaptive_avg_pool2d", "batch_norm",
           "layer_norm", "embedding",
           "binary_cross_entropy_with_logits", "binary_cross_entropy", "mse_loss", "l1_loss",
           "nll_loss", "cross_entropy", "leaky_relu", "softplus", "silu", "one_hot", "normalize"]


def relu_(input):
    return input.relu_()


def dropout(input, p=0.5, training=True, inplace=False):
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0 or input.numel() == 0:
        return input
    if p == 1:
        return input.mul_(0) if inplace else input * 0
    with no_grad():
        noise = _random.bernoulli_(input.new_empty(input.shape), 1 - p)
        noise = noise / (1 - p)
    return input.mul_(noise) if inplace else input * noise


def leaky_relu(input, negative_slope=0.01, inplace=False):
    if inplace:
        return _pw.leaky_relu_(input, negative_slope)
    return _pw.leaky_relu(input, negative_slope)


def softplus(input, beta=1.0, threshold=20.0):
    return _pw.softplus(input, beta, threshold)


def silu(input, inplace=False):
    return _pw.silu_(input) if inplace else _pw.silu(input)


def one_hot(tensor, num_classes=-1):
    import numpy as np
    from .. import _dtype as D
    from .._tensor import Tensor
    if tensor._dtype is not D.int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    n = int(tensor._data.max()) + 1 if num_classes == -1 else num_classes
    data = (tensor._data[..., None] == np.arange(n)).astype(np.int64)
    return Tensor._make(data, D.int64)


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    denom = input.norm(p, dim, keepdim=True).clamp(min=eps).expand_as(input)
    return input / denom

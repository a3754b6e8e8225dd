"""torch.* spellings of functional ops whose argument order is ATen's, not torch.nn.functional's
(torch.embedding(weight, indices), torch.batch_norm(input, weight, bias, running_mean, ...),
torch.layer_norm, torch.dropout(input, p, train), torch.max_pool2d)."""
from . import _ops

__all__ = ["batch_norm", "layer_norm", "embedding", "dropout", "max_pool2d", "conv1d", "conv2d"]

conv1d = _ops.conv1d
conv2d = _ops.conv2d


def batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps,
               cudnn_enabled):
    return _ops.batch_norm(input, running_mean, running_var, weight, bias, training, momentum,
                           eps)


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5, cudnn_enable=True):
    return _ops.layer_norm(input, normalized_shape, weight, bias, eps)


def embedding(weight, indices, padding_idx=-1, scale_grad_by_freq=False, sparse=False):
    return _ops.embedding(indices, weight, None if padding_idx == -1 else padding_idx)


def dropout(input, p, train):
    from .nn.functional import dropout as f_dropout
    return f_dropout(input, p, train)


def max_pool2d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    return _ops.max_pool2d(input, kernel_size, stride if stride != () else None, padding,
                           dilation, ceil_mode)

"""Pickling of tensors and parameters (what copy, deepcopy and pickle use)."""
import numpy as np

from . import _dtype as D

__all__ = []


def _rebuild_tensor(array, dtype_name, requires_grad):
    from ._tensor import Tensor
    t = Tensor._make(np.array(array, copy=True), D._dtype_by_name(dtype_name))
    t._requires_grad = requires_grad
    return t


def _rebuild_parameter(data, requires_grad):
    from .nn.parameter import Parameter
    return Parameter(data, requires_grad)

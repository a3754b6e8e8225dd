"""nn.Parameter: a leaf Tensor that Modules register, printed as "Parameter containing:"."""
from .._tensor import Tensor, _rewrap

__all__ = ["Parameter", "Buffer"]


class Parameter(Tensor):
    """A Tensor that is a module parameter; shares memory with the data it wraps."""
    __slots__ = ()
    __module__ = "torch.nn.parameter"

    def __new__(cls, data=None, requires_grad=True):
        from .._creation import empty
        if data is None:
            data = empty(0)
        p = _rewrap(cls, Tensor._make(data._data, data._dtype), data)
        p._vc = data._vc
        p.requires_grad_(requires_grad)
        return p

    def __init__(self, data=None, requires_grad=True):
        pass

    def __repr__(self):
        return "Parameter containing:\n" + Tensor.__repr__(self)

    def __reduce_ex__(self, protocol):
        from .._serialization import _rebuild_parameter
        return (_rebuild_parameter, (Tensor.detach(self), self._requires_grad))

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        out = Parameter(Tensor.__deepcopy__(Tensor.detach(self), {}), self._requires_grad)
        if self._grad is not None:
            out._grad = self._grad.clone()
        memo[id(self)] = out
        return out


class Buffer:
    """nn.Buffer marker: assigning one to a Module attribute registers a buffer."""

    def __init__(self, data=None, *, persistent=True):
        self.data = data
        self.persistent = persistent

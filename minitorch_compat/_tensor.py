"""Tensor: a backend array plus dtype, autograd metadata and version counter. The operators and
methods forward to the ops in ``_ops``; no math lives here."""
import warnings
import weakref

from . import _dtype as D
from ._backend import to_numpy
from ._device import CPU, Size, check_device
from . import autograd as _autograd
from .autograd import grad_mode
from .autograd.graph import _HookDict, RemovableHandle

__all__ = ["Tensor"]

_grad_state = grad_mode._state  # the thread-local state object (fixed): read by every new tensor

_NON_LEAF_GRAD = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
    "attribute won't be populated during autograd.backward(). If you indeed want the .grad field "
    "to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you "
    "access the non-leaf Tensor by mistake, make sure you access the leaf Tensor instead. See "
    "github.com/pytorch/pytorch/pull/30531 for more information. (Triggered internally at "
    "/__w/pytorch/pytorch/build/aten/src/ATen/core/TensorBody.h:493.)")
_T_DEPRECATED = (
    "The use of `x.T` on tensors of dimension other than 2 to reverse their shape is deprecated "
    "and it will throw an error in a future release. Consider `x.mT` to transpose batches of "
    "matrices or `x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a "
    "tensor. (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/"
    "TensorShape.cpp:4314.)")
_ONLY_FLOAT = "only Tensors of floating point and complex dtype can require gradients"
_NON_LEAF_FLAG = (
    "you can only change requires_grad flags of leaf variables. If you want to use a computed "
    "variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().")


def _legacy_type_name(dtype):
    return f"torch.{dtype._legacy}Tensor"


class Tensor:
    """torch.Tensor over a backend array (NumPy by default)."""

    __slots__ = ("_data", "_dtype", "_requires_grad", "_grad", "grad_fn", "_output_nr", "_vc",
                 "_base", "_grad_acc", "_hooks", "_post_acc_hooks", "_retains_grad",
                 "_inference", "__weakref__", "__dict__")

    __module__ = "torch"
    __array_priority__ = 1000  # NumPy defers `ndarray * tensor` to the Tensor's reflected dunder

    def __new__(cls, *args, **kwargs):
        # legacy constructor: torch.Tensor([1, 2]) (float32 data) or torch.Tensor(2, 3) (shape)
        from ._creation import _legacy_new
        return _legacy_new(cls, args, kwargs)

    @classmethod
    def _make(cls, data, dtype, requires_grad=False):
        """Wrap a backend array (already of ``dtype``): the one internal constructor."""
        t = object.__new__(cls)
        t._data = data
        t._dtype = dtype
        t._requires_grad = requires_grad
        t._grad = t.grad_fn = t._base = t._grad_acc = t._hooks = t._post_acc_hooks = None
        t._output_nr = 0
        t._vc = [0]
        t._retains_grad = False
        t._inference = _grad_state.inference
        return t

    # ------------------------------------------------------------------ metadata
    @property
    def dtype(self):
        return self._dtype

    @property
    def shape(self):
        return Size(self._data.shape)

    def size(self, dim=None):
        if dim is None:
            return Size(self._data.shape)
        return self._data.shape[_F._wrap_dim(dim, self._data.ndim)]

    def dim(self):
        return self._data.ndim

    ndimension = dim

    @property
    def ndim(self):
        return self._data.ndim

    def numel(self):
        return self._data.size

    nelement = numel

    def element_size(self):
        return self._dtype.itemsize

    @property
    def device(self):
        return CPU

    @property
    def is_cuda(self):
        return False

    @property
    def is_cpu(self):
        return True

    def get_device(self):
        return -1

    def is_floating_point(self):
        return self._dtype.is_floating_point

    def is_complex(self):
        return self._dtype.is_complex

    def is_contiguous(self, memory_format=None):
        return self._data.flags.c_contiguous if self._data.size > 1 else True

    def is_inference(self):
        return self._inference

    @property
    def _version(self):
        if self._inference:
            raise RuntimeError("Inference tensors do not track version counter.")
        return self._vc[0]

    def _is_view(self):
        return self._base is not None

    def stride(self, dim=None):
        a = self._data
        if a.size == 0:  # torch reports contiguous strides (each size counted as at least 1)
            strides, step = [], 1
            for n in reversed(a.shape):
                strides.append(step)
                step *= max(n, 1)
            strides = tuple(reversed(strides))
        else:
            strides = tuple(s // a.itemsize for s in a.strides)
        return strides if dim is None else strides[_F._wrap_dim(dim, a.ndim)]

    def storage_offset(self):
        base = self._base
        if base is None:
            return 0
        return (self._data.__array_interface__["data"][0]
                - base._data.__array_interface__["data"][0]) // self._data.itemsize

    def data_ptr(self):
        return self._data.__array_interface__["data"][0]

    def type(self, dtype=None, non_blocking=False, **kwargs):
        if dtype is None:
            return _legacy_type_name(self._dtype)
        if isinstance(dtype, str):
            dtype = _LEGACY_BY_NAME[dtype]
        return self.to(dtype)

    # ------------------------------------------------------------------ autograd state
    @property
    def requires_grad(self):
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, flag):
        self.requires_grad_(flag)

    def requires_grad_(self, requires_grad=True):
        if self.grad_fn is not None:
            if not requires_grad:
                raise RuntimeError(_NON_LEAF_FLAG)
            return self
        if requires_grad and not (self._dtype.is_floating_point or self._dtype.is_complex):
            raise RuntimeError(_ONLY_FLOAT)
        if requires_grad and self._inference and not grad_mode._state.inference:
            raise RuntimeError("Setting requires_grad=True on inference tensor outside "
                               "InferenceMode is not allowed.")
        self._requires_grad = bool(requires_grad)
        return self

    @property
    def is_leaf(self):
        return self.grad_fn is None

    @property
    def grad(self):
        if self.grad_fn is not None and not self._retains_grad:
            warnings.warn(_NON_LEAF_GRAD, UserWarning, stacklevel=2)
        return self._grad

    @grad.setter
    def grad(self, value):
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError("assigned grad expected to be a Tensor or None but got grad of "
                                f"type {type(value).__name__}")
            if value._dtype is not self._dtype:
                raise RuntimeError(
                    f"attempting to assign a gradient with dtype '{_C_NAMES[value._dtype]}' to a "
                    f"tensor with grad_dtype '{self._dtype._legacy}'. The gradient must match the "
                    "tensor's grad_dtype (defaults to the tensor's dtype). You can set the "
                    "tensor's grad_dtype attribute with a specific dtype, or None to allow any "
                    "dtype. Set grad_dtype with caution. Diverging the dtypes of a tensor and its "
                    "gradient may break downstream systems that assume they match.")
            if value._data.shape != self._data.shape:
                raise RuntimeError(
                    f"attempting to assign a gradient of size '{list(value.shape)}' to a tensor "
                    f"of size '{list(self.shape)}'. Please ensure that the gradient and the "
                    "tensor are the same size")
        self._grad = value

    @grad.deleter
    def grad(self):
        self._grad = None

    @property
    def retains_grad(self):
        return self._retains_grad

    def retain_grad(self):
        if not self._requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self.grad_fn is None or self._retains_grad:
            return
        node = self.grad_fn
        if node._retains is None:
            node._retains = {}
        node._retains[self._output_nr] = weakref.ref(self)
        self._retains_grad = True

    def register_hook(self, hook):
        if not self._requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self.grad_fn is not None:
            return self.grad_fn._register_tensor_pre_hook(self._output_nr, hook)
        if self._hooks is None:
            self._hooks = _HookDict()
        handle = RemovableHandle(self._hooks)
        self._hooks[handle.id] = hook
        return handle

    def register_post_accumulate_grad_hook(self, hook):
        if not self._requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self.grad_fn is not None:
            raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf "
                               "tensors")
        if self._post_acc_hooks is None:
            self._post_acc_hooks = _HookDict()
        handle = RemovableHandle(self._post_acc_hooks)
        self._post_acc_hooks[handle.id] = hook
        return handle

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        _autograd.backward(self, gradient, retain_graph, create_graph, inputs=inputs)

    def detach(self):
        out = Tensor._make(self._data, self._dtype)
        out._vc = self._vc  # a detached tensor shares the version counter (and memory)
        out._inference = self._inference
        return out

    def detach_(self):
        if self._base is not None:
            raise RuntimeError(
                "Can't detach views in-place. Use detach() instead. If you are using "
                "DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set "
                "as True, gradients are views of DDP buckets, and hence detach_() cannot be called "
                "on these gradients. To fix this error, please refer to the Optimizer.zero_grad() "
                "function in torch/optim/optimizer.py as the solution.")
        self.grad_fn = None
        self._requires_grad = False
        return self

    @property
    def data(self):
        out = Tensor._make(self._data, self._dtype)  # shares memory, not history or version
        out._inference = self._inference
        return out

    @data.setter
    def data(self, value):
        self._data = value._data
        self._dtype = value._dtype

    # ------------------------------------------------------------------ conversion
    def numpy(self, *, force=False):
        if self._requires_grad and not force:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use "
                               "tensor.detach().numpy() instead.")
        return to_numpy(self._data)

    def __array__(self, dtype=None, copy=None):
        # NumPy's view of the data. torch refuses it for a tensor that requires grad; the shim
        # allows it, because nested construction (torch.tensor([t0, t1])) goes through here.
        a = to_numpy(self._data)
        return a if dtype is None else a.astype(dtype, copy=False)

    def item(self):
        if self._data.size != 1:
            raise RuntimeError(f"a Tensor with {self._data.size} elements cannot be converted "
                               "to Scalar")
        return to_numpy(self._data).reshape(()).item()

    def tolist(self):
        return to_numpy(self._data).tolist()

    def __float__(self):
        if self._data.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return float(self.item())

    def __int__(self):
        if self._data.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return int(self.item())

    def __complex__(self):
        return complex(self.item())

    def __index__(self):
        if self._dtype.is_floating_point or self._dtype.is_complex or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an "
                            "index")
        return int(self.item())

    def __bool__(self):
        if self._data.size != 1:
            if self._data.size == 0:
                raise RuntimeError("Boolean value of Tensor with no values is ambiguous")
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return bool(self.item())

    def __len__(self):
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return iter(self.unbind(0))

    def __hash__(self):
        return id(self)

    def __contains__(self, element):
        return bool((self == element).any())

    def __reduce_ex__(self, protocol):
        from ._serialization import _rebuild_tensor
        return (_rebuild_tensor, (to_numpy(self._data), self._dtype._name, self._requires_grad))

    def __deepcopy__(self, memo):
        if self.grad_fn is not None:
            raise RuntimeError("Only Tensors created explicitly by the user (graph leaves) "
                               "support the deepcopy protocol at the moment.  If you were "
                               "attempting to deepcopy a module, this may be because of a "
                               "torch.nn.utils.weight_norm usage, see "
                               "https://github.com/pytorch/pytorch/pull/103001")
        new = type(self).__new__(type(self)) if type(self) is not Tensor else None
        out = Tensor._make(self._data.copy(), self._dtype, self._requires_grad)
        if new is not None:
            new = _rewrap(type(self), out, self)
            out = new
        if self._grad is not None:
            out._grad = self._grad.__deepcopy__(memo)
        out.__dict__.update({k: v for k, v in self.__dict__.items()})
        memo[id(self)] = out
        return out

    # ------------------------------------------------------------------ printing
    def __repr__(self, *, tensor_contents=None):
        from ._tensor_str import tensor_repr
        return tensor_repr(self, tensor_contents=tensor_contents)

    def __format__(self, format_spec):
        from ._tensor_str import format_scalar_tensor
        return format_scalar_tensor(self, format_spec)

    # ------------------------------------------------------------------ devices and dtypes
    def to(self, *args, **kwargs):
        return _F.to(self, *args, **kwargs)

    def cpu(self, memory_format=None):
        return self

    def cuda(self, device=None, non_blocking=False, memory_format=None):
        check_device("cuda")

    def float(self):
        return _F.to(self, D.float32)

    def double(self):
        return _F.to(self, D.float64)

    def half(self):
        return _F.to(self, D.float16)

    def long(self):
        return _F.to(self, D.int64)

    def int(self):
        return _F.to(self, D.int32)

    def short(self):
        return _F.to(self, D.int16)

    def char(self):
        return _F.to(self, D.int8)

    def byte(self):
        return _F.to(self, D.uint8)

    def bool(self):
        return _F.to(self, D.bool)

    def as_subclass(self, cls):
        """The same data and history viewed as an instance of a Tensor subclass."""
        return _rewrap(cls, self, self)

    def type_as(self, other):
        return _F.to(self, other._dtype)

    def new_tensor(self, data, dtype=None, device=None, requires_grad=False):
        from ._creation import tensor
        return tensor(data, dtype=dtype or self._dtype, requires_grad=requires_grad)

    def new_zeros(self, *size, dtype=None, device=None, requires_grad=False):
        from ._creation import zeros
        return zeros(*size, dtype=dtype or self._dtype, requires_grad=requires_grad)

    def new_ones(self, *size, dtype=None, device=None, requires_grad=False):
        from ._creation import ones
        return ones(*size, dtype=dtype or self._dtype, requires_grad=requires_grad)

    def new_full(self, size, fill_value, dtype=None, device=None, requires_grad=False):
        from ._creation import full
        return full(size, fill_value, dtype=dtype or self._dtype, requires_grad=requires_grad)

    def new_empty(self, *size, dtype=None, device=None, requires_grad=False):
        from ._creation import empty
        return empty(*size, dtype=dtype or self._dtype, requires_grad=requires_grad)

    # ------------------------------------------------------------------ operators
    def __iadd__(self, other):
        return _F.add_(self, other)

    def __rsub__(self, other):
        return _F.rsub(self, other)

    def __isub__(self, other):
        return _F.sub_(self, other)

    def __imul__(self, other):
        return _F.mul_(self, other)

    def __rtruediv__(self, other):
        return _F.reciprocal(self) * other

    def __itruediv__(self, other):
        return _F.div_(self, other)

    def __floordiv__(self, other):
        return _F.floor_divide(self, other)

    def __rfloordiv__(self, other):
        return _F.floor_divide(_F._scalar_tensor(other, self), self)

    def __mod__(self, other):
        return _F.remainder(self, other)

    def __rmod__(self, other):
        return _F.remainder(_F._scalar_tensor(other, self), self)

    def __pow__(self, exponent):
        return _F.pow(self, exponent)

    def __rpow__(self, base):
        return _F._rpow(self, base)

    def __ipow__(self, exponent):
        return _F.pow_(self, exponent)

    def __matmul__(self, other):
        return _F.matmul(self, other)

    def __rmatmul__(self, other):
        return _F.matmul(other, self)

    def __neg__(self):
        return _F.neg(self)

    def __pos__(self):
        return _F.positive(self)

    def __abs__(self):
        return _F.abs(self)

    def __invert__(self):
        if self._dtype.is_floating_point or self._dtype.is_complex:
            raise TypeError("~ (operator.invert) is only implemented on integer and Boolean-type "
                            "tensors")
        return _F.bitwise_not(self)

    def __and__(self, other):
        return _F.bitwise_and(self, other)

    __rand__ = __and__

    def __or__(self, other):
        return _F.bitwise_or(self, other)

    __ror__ = __or__

    def __xor__(self, other):
        return _F.bitwise_xor(self, other)

    __rxor__ = __xor__

    def __eq__(self, other):
        return _F.eq(self, other)

    def __ne__(self, other):
        return _F.ne(self, other)

    def __lt__(self, other):
        return _F.lt(self, other)

    def __le__(self, other):
        return _F.le(self, other)

    def __gt__(self, other):
        return _F.gt(self, other)

    def __ge__(self, other):
        return _F.ge(self, other)

    def __getitem__(self, index):
        return _F.getitem(self, index)

    def __setitem__(self, index, value):
        _F.setitem(self, index, value)

    # ------------------------------------------------------------------ methods
    # Each forwards to the op of the same name; the op owns the math and the graph node.
    def add(self, other, *, alpha=1):
        return _F.add(self, other, alpha=alpha)

    def add_(self, other, *, alpha=1):
        return _F.add_(self, other, alpha=alpha)

    def sub(self, other, *, alpha=1):
        return _F.sub(self, other, alpha=alpha)

    def sub_(self, other, *, alpha=1):
        return _F.sub_(self, other, alpha=alpha)

    def mul(self, other):
        return _F.mul(self, other)

    def mul_(self, other):
        return _F.mul_(self, other)

    def div(self, other, *, rounding_mode=None):
        return _F.div(self, other, rounding_mode=rounding_mode)

    def div_(self, other, *, rounding_mode=None):
        return _F.div_(self, other, rounding_mode=rounding_mode)

    def pow(self, exponent):
        return _F.pow(self, exponent)

    def pow_(self, exponent):
        return _F.pow_(self, exponent)

    def zero_(self):
        return _F.zero_(self)

    def fill_(self, value):
        return _F.fill_(self, value)

    def copy_(self, src, non_blocking=False):
        return _F.copy_(self, src)

    def clone(self, *, memory_format=None):
        return _F.clone(self)

    @property
    def T(self):  # noqa: N802 - torch's name
        if self._data.ndim != 2:
            warnings.warn(_T_DEPRECATED, UserWarning, stacklevel=2)
        return _F.permute(self, tuple(range(self._data.ndim - 1, -1, -1)))

    @property
    def mT(self):  # noqa: N802 - torch's name
        return _F.transpose(self, -2, -1)

    def where(self, condition, other):
        return _F.where(condition, self, other)

    # random sampling in place (torch's CPU streams; see random.py)
    def uniform_(self, from_=0.0, to=1.0, *, generator=None):
        return _random().uniform_(self, from_, to, generator=generator)

    def normal_(self, mean=0.0, std=1.0, *, generator=None):
        return _random().normal_(self, mean, std, generator=generator)

    def random_(self, *args, generator=None, **kwargs):
        return _random().random_(self, *args, generator=generator, **kwargs)

    def bernoulli_(self, p=0.5, *, generator=None):
        return _random().bernoulli_(self, p, generator=generator)

    def exponential_(self, lambd=1.0, *, generator=None):
        return _random().exponential_(self, lambd, generator=generator)

    def bernoulli(self, p=None, *, generator=None):
        return _random().bernoulli(self, p, generator=generator)

    def multinomial(self, num_samples, replacement=False, *, generator=None):
        return _random().multinomial(self, num_samples, replacement, generator=generator)

    def contiguous(self, memory_format=None):
        return self if self.is_contiguous() else _F.clone(self)


def _tensor_repr_of_array(array, dtype):
    """repr of a NumPy array as a tensor of ``dtype`` (for messages that embed tensors)."""
    import numpy as np
    return repr(Tensor._make(np.asarray(array, dtype=dtype._np), dtype))


def _random():
    from . import random
    return random


def _rewrap(cls, out, like):
    new = object.__new__(cls)
    for slot in Tensor.__slots__:
        if slot in ("__weakref__", "__dict__"):
            continue
        setattr(new, slot, getattr(out, slot))
    return new


_C_NAMES = {D.float64: "double", D.float32: "float", D.float16: "c10::Half",
            D.int64: "long int", D.int32: "int", D.int16: "short int", D.int8: "signed char",
            D.uint8: "unsigned char", D.bool: "bool", D.complex64: "c10::complex<float>",
            D.complex128: "c10::complex<double>"}
_LEGACY_BY_NAME = {_legacy_type_name(d): d for d in D._ALL}

from . import _ops as _F  # noqa: E402  (the ops import Tensor; methods resolve _F at call time)

# The unary and reduction methods are generated from the ops namespace: each is the op itself,
# called as a method (``t.exp()`` is ``torch.exp(t)``), so there is one definition per op.
for _name in _F.TENSOR_METHODS:
    if _name not in Tensor.__dict__:
        setattr(Tensor, _name, getattr(_F, _name))
del _name

# The arithmetic operators are the ops themselves too (a Python call less on the hottest path;
# each op answers NotImplemented for an operand it does not take, as a dunder must).
Tensor.__add__ = Tensor.__radd__ = _F.add
Tensor.__sub__ = _F.sub
Tensor.__mul__ = Tensor.__rmul__ = _F.mul
Tensor.__truediv__ = _F.div

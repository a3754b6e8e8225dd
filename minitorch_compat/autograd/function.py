"""torch.autograd.Function: custom ops with a hand-written backward. The context object is the
graph node itself (``<Name>Backward``), as in torch."""
import functools
import warnings

from . import anomaly_mode, grad_mode
from .graph import _FREED, _FREED_MARK, Node, SavedTensor, edge_of

__all__ = ["Function", "FunctionCtx", "BackwardCFunction", "once_differentiable"]


class FunctionCtx:
    """What ``forward``/``setup_context`` use to pass state to ``backward``."""

    def save_for_backward(self, *tensors):
        self._to_save = tensors

    def save_for_forward(self, *tensors):
        self._to_save_forward = tensors

    def mark_dirty(self, *args):
        self._dirty = args

    def mark_non_differentiable(self, *args):
        self._non_differentiable = args

    def set_materialize_grads(self, value):
        self._materialize = bool(value)

    @property
    def saved_tensors(self):
        saved = self._saved_list
        if saved is None:
            return ()
        out = []
        for s in saved:
            if s is _FREED_MARK:
                raise RuntimeError(_FREED)
            out.append(s.unpack(self) if type(s) is SavedTensor else s)
        return tuple(out)


class BackwardCFunction(Node, FunctionCtx):
    """The node of a custom Function: calls the Function's ``backward`` with itself as ctx."""
    _forward_cls = None

    def __init__(self):
        Node.__init__(self)
        self._to_save = ()
        self._saved_list = None
        self._dirty = ()
        self._non_differentiable = ()
        self._materialize = True
        self.next_functions = ()
        self._input_meta = ()
        self._output_meta = ()
        self._tensor_positions = ()
        self._n_args = 0

    def __repr__(self):
        return f"<{type(self).__module__}.{type(self).__qualname__} object at {hex(id(self))}>"

    def _release(self):
        if self._saved_list:
            self._saved_list = [_FREED_MARK if type(s) is SavedTensor else s
                                for s in self._saved_list]

    def apply(self, grads):
        from .._creation import zeros
        if self._materialize:
            grads = [g if g is not None else zeros(shape, dtype=dtype)
                     for g, (shape, dtype) in zip(grads, self._output_meta)]
        result = self._forward_cls.backward(self, *grads)
        if not isinstance(result, tuple):
            result = (result,)
        name = type(self).__name__
        if len(result) != self._n_args:
            if len(result) > self._n_args and all(r is None for r in result[self._n_args:]):
                result = result[:self._n_args]  # torch tolerates trailing Nones
            else:
                raise RuntimeError(f"function {name} returned an incorrect number of gradients "
                                   f"(expected {self._n_args}, got {len(result)})")
        out = [result[i] for i in self._tensor_positions]
        for k, (g, meta) in enumerate(zip(out, self._input_meta)):
            if g is not None and g._data.shape != meta[0]:
                import numpy as np
                try:
                    np.broadcast_shapes(g._data.shape, meta[0])
                    ok = len(g._data.shape) >= len(meta[0])
                except ValueError:
                    ok = False
                if not ok:
                    raise RuntimeError(
                        f"Function {name} returned an invalid gradient at index {k} - got "
                        f"{list(g._data.shape)} but expected shape compatible with "
                        f"{list(meta[0])}")
        return out


class FunctionMeta(type):
    """Gives each Function subclass its node class ``<Name>Backward``."""

    def __init__(cls, name, bases, attrs):
        backward_cls = type(name + "Backward", (BackwardCFunction,),
                            {"_forward_cls": cls, "__module__": "torch.autograd.function"})
        cls._backward_cls = backward_cls
        super().__init__(name, bases, attrs)


class Function(metaclass=FunctionMeta):
    """Base class for custom autograd operations: define ``forward`` and ``backward`` as
    staticmethods and call ``YourFunction.apply(*args)``."""

    def __init__(self, *args, **kwargs):
        warnings.warn(f"{type(self)} should not be instantiated. Methods on autograd functions "
                      "are all static, so you should invoke them on the class itself. "
                      "Instantiating an autograd function will raise an error in a future "
                      "version of PyTorch.", DeprecationWarning, stacklevel=2)

    @staticmethod
    def forward(*args, **kwargs):
        raise NotImplementedError("You must implement the forward function for custom "
                                  "autograd.Function.")

    @staticmethod
    def setup_context(ctx, inputs, output):
        raise NotImplementedError("setup_context is not implemented.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("You must implement either the backward or vjp method for "
                                  "your custom autograd.Function to use it with backward mode "
                                  "AD.")

    vjp = backward

    @staticmethod
    def jvp(ctx, *grad_inputs):
        raise NotImplementedError("You must implement the jvp function for custom "
                                  "autograd.Function to use it with forward mode AD.")

    @classmethod
    def apply(cls, *args, **kwargs):
        from .._tensor import Tensor
        ctx = cls._backward_cls()
        ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a._requires_grad for a in args)
        separate = cls.setup_context is not Function.setup_context
        with grad_mode.no_grad():
            if separate:
                output = cls.forward(*args, **kwargs)
                cls.setup_context(ctx, args, output)
            else:
                output = cls.forward(ctx, *args, **kwargs)
        positions = tuple(i for i, a in enumerate(args) if isinstance(a, Tensor))
        tensors = [args[i] for i in positions]
        record = grad_mode._state.grad and any(t._requires_grad for t in tensors)
        single = not isinstance(output, tuple)
        outputs = (output,) if single else output
        outputs = tuple(_wrap_output(o, args, ctx, record) for o in outputs)
        if record:
            ctx.next_functions = tuple(edge_of(t) for t in tensors)
            ctx._input_meta = tuple((t._data.shape, t._dtype) for t in tensors)
            ctx._tensor_positions = positions
            ctx._n_args = len(args)
            ctx._num_outputs = len(outputs)
            ctx._output_meta = tuple((o._data.shape, o._dtype) if isinstance(o, Tensor)
                                     else ((), None) for o in outputs)
            if anomaly_mode._state["enabled"]:
                ctx.metadata["traceback_"] = anomaly_mode.forward_stack()
            non_diff = {id(t) for t in ctx._non_differentiable}
            for i, o in enumerate(outputs):
                if isinstance(o, Tensor) and id(o) not in non_diff and (
                        o._dtype.is_floating_point or o._dtype.is_complex):
                    o._requires_grad = True
                    o.grad_fn = ctx
                    o._output_nr = i
        ctx._saved_list = [SavedTensor(t, any(t is o for o in outputs)) if isinstance(t, Tensor)
                           else t for t in ctx._to_save]
        ctx._to_save = ()
        return outputs[0] if single else outputs


def _wrap_output(o, args, ctx, record):
    """An output that is an input (and not marked dirty) becomes a new alias tensor."""
    from .._tensor import Tensor
    if not isinstance(o, Tensor):
        return o
    if any(o is a for a in args) and not any(o is d for d in ctx._dirty):
        alias = o.detach()
        alias._base = o._base
        return alias
    if any(o is d for d in ctx._dirty) and record and o._requires_grad and o.grad_fn is None:
        raise RuntimeError("a leaf Variable that requires grad has been used in an in-place "
                           "operation.")
    return o


def once_differentiable(fn):
    """Run a custom backward without recording a graph (its result is not differentiable)."""
    @functools.wraps(fn)
    def wrapper(ctx, *args):
        with grad_mode.no_grad():
            return fn(ctx, *args)
    return wrapper

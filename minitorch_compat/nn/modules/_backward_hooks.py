"""Module full backward hooks: identity autograd Functions around a module's tensor inputs and
outputs (torch's BackwardHookFunction) deliver grad_output to the pre-hooks and
(grad_input, grad_output) to the hooks."""
import warnings

from ..._tensor import Tensor
from ...autograd.function import Function

__all__ = ["BackwardHook"]

_NO_INPUT_GRAD = (
    "Full backward hook is firing when gradients are computed with respect to module outputs "
    "since no inputs require gradients. See https://docs.pytorch.org/docs/main/generated/"
    "torch.nn.Module.html#torch.nn.Module.register_full_backward_hook for more details.")


class BackwardHookFunction(Function):
    """Identity on tensors; its backward is where the hooks see the gradients."""

    @staticmethod
    def forward(ctx, callback, *tensors):
        ctx.callback = callback
        ctx.mark_non_differentiable(*[t for t in tensors if not t.requires_grad])
        return tuple(t.detach() for t in tensors)

    @staticmethod
    def backward(ctx, *grads):
        new = ctx.callback(grads)
        return (None,) + tuple(new if new is not None else grads)


class BackwardHook:
    """One forward call's bookkeeping: wraps inputs and outputs, then fires the hooks."""

    def __init__(self, module, hooks, pre_hooks):
        self.module, self.hooks, self.pre_hooks = module, hooks, pre_hooks
        self.grad_output = None
        self.n_inputs = 0
        self.inputs_need_grad = False

    def _wrap(self, values, callback):
        idx = [i for i, v in enumerate(values) if isinstance(v, Tensor)]
        if not idx:
            return values
        out = BackwardHookFunction.apply(callback, *[values[i] for i in idx])
        values = list(values)
        for i, t in zip(idx, out if isinstance(out, tuple) else (out,)):
            values[i] = t
        return values

    def setup_inputs(self, args):
        tensors = [a for a in args if isinstance(a, Tensor)]
        self.n_inputs = len(tensors)
        self.inputs_need_grad = any(t.requires_grad for t in tensors)
        if not self.inputs_need_grad:
            return args
        return tuple(self._wrap(args, self._on_input_grads))

    def setup_outputs(self, result):
        single = isinstance(result, Tensor)
        values = self._wrap([result] if single else list(result), self._on_output_grads)
        return values[0] if single else type(result)(values)

    def _on_output_grads(self, grad_output):
        for hook in list(self.pre_hooks.values()):
            new = hook(self.module, grad_output)
            if new is not None:
                grad_output = tuple(new)
        self.grad_output = grad_output
        if not self.inputs_need_grad:
            warnings.warn(_NO_INPUT_GRAD, UserWarning, stacklevel=2)
            self._fire((None,) * self.n_inputs)
        return grad_output

    def _on_input_grads(self, grad_input):
        return self._fire(grad_input)

    def _fire(self, grad_input):
        for hook in list(self.hooks.values()):
            new = hook(self.module, grad_input, self.grad_output)
            if new is not None:
                grad_input = tuple(new)
        return grad_input

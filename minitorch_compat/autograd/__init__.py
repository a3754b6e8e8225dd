"""torch.autograd: backward, grad, and the grad-mode controls."""
import numpy as np

from .. import _tensor  # partly initialised while it imports us: read Tensor at call time
from . import anomaly_mode, function, functional, grad_mode, graph  # noqa: F401
from .anomaly_mode import detect_anomaly, set_detect_anomaly
from .engine import run_backward
from .function import Function
from .gradcheck import gradcheck, gradgradcheck
from .grad_mode import (enable_grad, inference_mode, is_grad_enabled,  # noqa: F401
                        is_inference_mode_enabled, no_grad, set_grad_enabled)
from .graph import edge_of

__all__ = ["backward", "grad", "Function", "detect_anomaly", "set_detect_anomaly", "gradcheck",
           "gradgradcheck", "functional", "no_grad", "enable_grad", "set_grad_enabled",
           "inference_mode", "is_grad_enabled", "is_inference_mode_enabled"]


def _as_tuple(x):
    if x is None:
        return ()
    if isinstance(x, (tuple, list)):
        return tuple(x)
    return (x,)


def _make_grads(outputs, grads):
    Tensor = _tensor.Tensor
    result = []
    for i, (out, g) in enumerate(zip(outputs, grads)):
        if g is None:
            if out._requires_grad and out._data.size != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            if not (out._dtype.is_floating_point or out._dtype.is_complex):
                raise RuntimeError("grad can be implicitly created only for real scalar outputs "
                                   f"but got {out._dtype}")
            # torch.ones_like(out), without the factory's argument handling (every backward);
            # np.array for the usual 0-d loss is ~10x faster than np.ones
            shape, np_dtype = out._data.shape, out._dtype._np
            g = Tensor._make(np.array(1, np_dtype) if shape == () else np.ones(shape, np_dtype),
                             out._dtype)
        else:
            if not isinstance(g, Tensor):
                raise TypeError("gradients can be either Tensors or None, but got "
                                + type(g).__name__)
            if g._data.shape != out._data.shape:
                from .._device import Size
                raise RuntimeError(f"Mismatch in shape: grad_output[{i}] has a shape of "
                                   f"{Size(g._data.shape)} and output[{i}] has a shape of "
                                   f"{Size(out._data.shape)}.")
        result.append(g)
    return result


def _roots(tensors):
    for i, t in enumerate(tensors):
        if not t._requires_grad:
            raise RuntimeError(f"element {i} of tensors does not require grad and does not have "
                               "a grad_fn")
    return [edge_of(t) for t in tensors]


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False,
             grad_variables=None, inputs=None):
    """Accumulate gradients of ``tensors`` into the leaves' ``.grad`` (or only ``inputs``')."""
    tensors = _as_tuple(tensors)
    if inputs is not None and len(_as_tuple(inputs)) == 0:
        raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
    grads = _as_tuple(grad_tensors) or (None,) * len(tensors)
    if len(grads) != len(tensors):
        raise RuntimeError(f"got {len(grads)} gradients but {len(tensors)} outputs")
    grads = _make_grads(tensors, grads)
    if retain_graph is None:
        retain_graph = create_graph
    roots = _roots(tensors)
    accumulate = capture = None
    nonleaf = []
    if inputs is not None:
        accumulate = set()
        capture = {}
        for t in _as_tuple(inputs):
            edge = edge_of(t)
            if t.grad_fn is None:
                accumulate.add(edge[0])
            else:
                capture[edge] = None
                nonleaf.append((t, edge))
    run_backward(roots, grads, retain_graph, create_graph, accumulate, capture)
    for t, edge in nonleaf:
        g = capture[edge]
        if g is not None:
            t._grad = g.detach() if t._grad is None else t._grad + g.detach()


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         only_inputs=True, allow_unused=None, is_grads_batched=False, materialize_grads=False):
    """Gradients of ``outputs`` with respect to ``inputs``, returned rather than accumulated."""
    outputs = _as_tuple(outputs)
    inputs_t = _as_tuple(inputs)
    if allow_unused is None:
        allow_unused = materialize_grads
    if materialize_grads and allow_unused is False:
        raise ValueError("Expected allow_unused to be True or not passed when materialize_grads="
                         "True, but got: allow_unused=False.")
    grads = _as_tuple(grad_outputs) or (None,) * len(outputs)
    grads = _make_grads(outputs, grads)
    if retain_graph is None:
        retain_graph = create_graph
    for t in inputs_t:
        if not t._requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    roots = _roots(outputs)
    capture = {edge_of(t): None for t in inputs_t}
    run_backward(roots, grads, retain_graph, create_graph, accumulate=set(), capture=capture)
    result = []
    for i, t in enumerate(inputs_t):
        g = capture[edge_of(t)]
        if g is None:
            if materialize_grads:
                from .._creation import zeros_like
                g = zeros_like(t)
            elif not allow_unused:
                raise RuntimeError(f"The differentiated Tensor at index {i} appears to not have "
                                   "been used in the graph. Set allow_unused=True if this is the "
                                   "desired behavior.")
        elif not create_graph:
            g = g.detach()
        result.append(g)
    return tuple(result)

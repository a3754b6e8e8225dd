"""The backward engine: iterative (no recursion), dependency-counted, ready nodes run latest-created
first as in torch; the only place that undoes broadcasting and casts gradients to input dtypes."""
import heapq
import sys

import numpy as np

from . import anomaly_mode as anomaly
from . import grad_mode
from .graph import AccumulateGrad

__all__ = ["run_backward", "input_grads"]


def _sum_to(grad, shape):
    # undo broadcasting: sum the leading dims away, then the dims that were 1
    if grad.shape == shape:
        return grad
    lead = grad.ndim - len(shape)
    dims = tuple(range(lead)) + tuple(i + lead for i, n in enumerate(shape)
                                      if n == 1 and grad.shape[i + lead] != 1)
    if dims:
        grad = grad.sum(dims, keepdim=True)
    if lead:
        grad = grad.reshape(shape)
    return grad


def input_grads(node, grads):
    """Run ``node``'s backward and shape each input's gradient to that input (shape, dtype)."""
    out = node.apply(grads)
    meta = node._input_meta
    for i, g in enumerate(out):
        if g is not None:
            shape, dtype = meta[i]
            if g._data.shape != shape:  # (the array's tuple: .shape would build a Size)
                g = _sum_to(g, shape)
            if g._dtype is not dtype:
                g = g.to(dtype)
            out[i] = g
    return out


def _checked_input_grads(node, grads):
    """input_grads under anomaly mode: a failure or NaN reports the node's forward traceback."""
    try:
        out = input_grads(node, grads)
        if anomaly._state["check_nan"]:
            anomaly.check_nan(node, out)
    except Exception:
        anomaly.report(node)
        raise
    return out


def _run_tensor_pre_hooks(node, grads):
    hooks = node._tensor_pre_hooks
    if hooks:
        for output_nr, fn in list(hooks.values()):
            g = grads[output_nr]
            if g is not None:
                new = fn(g)
                if new is not None:
                    grads[output_nr] = new
    retains = node._retains
    if retains:
        for output_nr, ref in list(retains.items()):
            t = ref()
            g = grads[output_nr]
            if t is not None and g is not None:
                t._grad = g.detach().clone() if t._grad is None else t._grad + g.detach()
    hooks = node._pre_hooks
    if hooks:
        for fn in list(hooks.values()):
            new = fn(tuple(grads))
            if new is not None:
                grads[:] = list(new)
    return grads


def _unshared(grad):
    """True when only the engine's own bookkeeping refers to ``grad`` and its memory: no
    other tensor, view, buffer or user variable could observe the leaf's .grad changing.
    The array may be a whole-array C-contiguous view of a fresh result (a reshape, or the
    transpose of a transpose, as matrix-product and broadcast-undoing gradients are) as long
    as nothing else holds that result. (Reference counts are read without a local name for
    the array, which would count as one more holder.)"""
    if (sys.getrefcount(grad._data) != _HELD_BY_ONE or sys.getrefcount(grad) > _OWNED_REFS
            or not grad._data.flags.writeable):
        return False
    b = grad._data.base
    if b is None:
        return grad._data.flags.owndata
    if not (type(b) is np.ndarray and b.base is None and b.flags.owndata
            and grad._data.flags.c_contiguous and grad._data.nbytes == b.nbytes):
        return False
    holders = _HELD_BY_ONE + 1  # the view's base pointer (and the local name b)
    if grad._base is not None:  # the tensor the view was made from: held by the view alone
        if grad._base._data is not b or sys.getrefcount(grad._base) != _HELD_BY_ONE:
            return False
        holders += 1
    return sys.getrefcount(b) == holders


def _accumulate_into_leaf(node, grad, create_graph):
    var = node.variable
    hooks = var._hooks
    if hooks:
        for fn in list(hooks.values()):
            new = fn(grad)
            if new is not None:
                grad = new
    old = var._grad
    if old is None:
        # the leaf must own its gradient: take the incoming one over when nothing else can see
        # it (torch's use_count check), else copy it (pass-through gradients may be shared)
        if create_graph:
            var._grad = grad.clone()
        elif _unshared(grad):
            # a fresh tensor unless the incoming one is a plain one (a view's tensor would
            # show its base: a leaf's .grad is never a view)
            var._grad = grad if (grad.grad_fn is None and not grad._requires_grad
                                 and grad._base is None) else \
                type(grad)._make(grad._data, grad._dtype)
        else:
            var._grad = type(grad)._make(grad._data.copy(), grad._dtype)
    elif create_graph or grad_mode._state.grad or old._data.shape != grad._data.shape:
        var._grad = old + grad
    else:
        # torch accumulates in place when no graph is being built
        np.add(old._data, grad._data, out=old._data, casting="unsafe")
        old._vc[0] += 1
    post = var._post_acc_hooks
    if post:
        for fn in list(post.values()):
            fn(var)


def run_backward(roots, root_grads, retain_graph, create_graph, accumulate=None, capture=None):
    """Backpropagate ``root_grads`` from the ``roots`` edges into the leaves' ``.grad``; with
    ``accumulate`` (a set of AccumulateGrad nodes) only into those. ``capture`` (a dict keyed by
    (node, output_nr)) also collects the gradients that reach those edges (autograd.grad)."""
    # 1. dependencies: how many edges point at each node (explicit stack, no recursion)
    deps = {}
    stack = []
    for node, _ in roots:
        if node not in deps:
            deps[node] = 0
            stack.append(node)
    while stack:
        node = stack.pop()
        for child, _ in node.next_functions:
            if child is None:
                continue
            if child in deps:
                deps[child] += 1
            else:
                deps[child] = 1
                stack.append(child)

    buffers = {}
    for (node, nr), g in zip(roots, root_grads):
        buf = buffers.get(node)
        if buf is None:
            buf = buffers[node] = [None] * node._num_outputs
        buf[nr] = g if buf[nr] is None else buf[nr] + g

    ready = [(-node._seq, id(node), node) for node in buffers if deps[node] == 0]
    heapq.heapify(ready)
    state = grad_mode._state
    # locals for the loop below, which runs once per node
    pop, push, anomaly_state = heapq.heappop, heapq.heappush, anomaly._state
    previous, state.grad = state.grad, bool(create_graph)
    try:
        while ready:
            _, _, node = pop(ready)
            grads = buffers.pop(node)
            if node._tensor_pre_hooks or node._retains or node._pre_hooks:
                grads = _run_tensor_pre_hooks(node, grads)
            if capture is not None:
                for nr, g in enumerate(grads):
                    key = (node, nr)
                    if key in capture and g is not None:
                        old = capture[key]
                        capture[key] = g if old is None else old + g
            if type(node) is AccumulateGrad:
                if (accumulate is None or node in accumulate) and grads[0] is not None:
                    _accumulate_into_leaf(node, grads[0], create_graph)
                continue
            if grads[0] is None and all(g is None for g in grads):
                out = [None] * len(node.next_functions)
            elif anomaly_state["enabled"]:
                out = _checked_input_grads(node, grads)
            else:
                out = input_grads(node, grads)
            hooks = node._hooks
            if hooks:
                for fn in list(hooks.values()):
                    new = fn(tuple(out), tuple(grads))
                    if new is not None:
                        out = list(new)
            if not retain_graph:
                node._release()
            for (child, nr), g in zip(node.next_functions, out):
                if child is None:
                    continue
                buf = buffers.get(child)
                if buf is None:
                    buf = buffers[child] = [None] * child._num_outputs
                if g is not None:
                    old = buf[nr]
                    buf[nr] = g if old is None else old + g
                left = deps[child] - 1
                deps[child] = left
                if left == 0:
                    push(ready, (-child._seq, id(child), child))
            out = g = old = None  # drop our references: a leaf may take its gradient over
    finally:
        state.grad = previous


def _measure_owned_refs():
    # the count _unshared sees for an object held only by a buffer list and the same call
    # chain (run_backward -> _accumulate_into_leaf -> _unshared), on this interpreter
    seen = []

    def unshared(g):
        seen.append(sys.getrefcount(g))

    def accumulate_into_leaf(g):
        unshared(g)
    grads = [object()]
    accumulate_into_leaf(grads[0])
    return seen[0]


def _measure_held_by_one():
    # sys.getrefcount of an attribute whose object nothing else holds, read directly
    class Holder:
        __slots__ = ("value",)
    h = Holder()
    h.value = object()
    return sys.getrefcount(h.value)


_OWNED_REFS = _measure_owned_refs()
_HELD_BY_ONE = _measure_held_by_one()

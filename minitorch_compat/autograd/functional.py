"""torch.autograd.functional: jacobian, hessian, vjp, jvp, built on autograd.grad."""
from .grad_mode import enable_grad

__all__ = ["jacobian", "hessian", "vjp", "jvp", "vhp", "hvp"]


def _tuple(x):
    return (tuple(x), True) if isinstance(x, (tuple, list)) else ((x,), False)


def zeros_like(t):
    from .._creation import zeros_like as make  # imported late: autograd loads before factories
    return make(t)


def _prepare(inputs, create_graph):
    return tuple(i.detach().requires_grad_(True) if not create_graph or not i.requires_grad
                 else i for i in inputs)


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    from . import grad
    inputs, was_tuple = _tuple(inputs)
    with enable_grad():
        ins = _prepare(inputs, create_graph)
        outs, out_tuple = _tuple(func(*ins))
        vs = _tuple(v)[0] if v is not None else tuple(None for _ in outs)
        grads = grad(outs, ins, vs, create_graph=create_graph, allow_unused=True)
    grads = tuple(g if g is not None else zeros_like(i) for g, i in zip(grads, ins))
    outs = tuple(o if create_graph else o.detach() for o in outs)
    return (outs if out_tuple else outs[0]), (grads if was_tuple else grads[0])


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """J·v by the double-vjp trick (reverse mode twice), as torch's implementation does."""
    from . import grad
    inputs, was_tuple = _tuple(inputs)
    vs = _tuple(v)[0] if v is not None else tuple(None for _ in inputs)
    with enable_grad():
        ins = _prepare(inputs, create_graph)
        outs, out_tuple = _tuple(func(*ins))
        dummies = tuple(zeros_like(o).requires_grad_(True) for o in outs)
        g = grad(outs, ins, dummies, create_graph=True, allow_unused=True)
        pairs = [(gi, vi) for gi, vi in zip(g, vs) if gi is not None]
        res = grad([p[0] for p in pairs], dummies, [p[1] for p in pairs],
                   create_graph=create_graph, allow_unused=True)
    res = tuple(r if r is not None else zeros_like(o) for r, o in zip(res, outs))
    outs = tuple(o if create_graph else o.detach() for o in outs)
    return (outs if out_tuple else outs[0]), (res if out_tuple else res[0])


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False,
             strategy="reverse-mode"):
    """d(outputs)/d(inputs): shape output.shape + input.shape, nested as torch nests tuples."""
    from .._ops import stack
    from . import grad
    inputs, in_tuple = _tuple(inputs)
    with enable_grad():
        ins = _prepare(inputs, create_graph)
        outs, out_tuple = _tuple(func(*ins))
        result = []
        for out in outs:
            rows = [[] for _ in ins]
            flat = out.reshape(-1)
            for j in range(flat.numel()):
                gs = grad(flat[j], ins, retain_graph=True, create_graph=create_graph,
                          allow_unused=True)
                for k, (g, i) in enumerate(zip(gs, ins)):
                    rows[k].append(g if g is not None else zeros_like(i))
            per_input = tuple(
                (stack(r) if r else zeros_like(i).reshape(0, *i.shape)).reshape(
                    tuple(out.shape) + tuple(i.shape)) for r, i in zip(rows, ins))
            result.append(per_input if in_tuple else per_input[0])
    if not create_graph:
        result = [tuple(t.detach() for t in r) if in_tuple else r.detach() for r in result]
    return tuple(result) if out_tuple else result[0]


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False,
            outer_jacobian_strategy="reverse-mode"):
    inputs_t, in_tuple = _tuple(inputs)

    def gradient(*args):
        return jacobian(func, args if in_tuple else args[0], create_graph=True)
    return jacobian(gradient, inputs, create_graph=create_graph)


def _scalar_output(func, ins, name):
    outs, _ = _tuple(func(*ins))
    if len(outs) != 1 or outs[0].numel() != 1:
        raise RuntimeError(f"The Tensor returned by the function given to {name} should contain "
                           "a single element")
    return outs[0]


def _product(func, inputs, v, create_graph, name, transpose):
    """v^T H (vhp) or H v (hvp) of a scalar function, by differentiating its gradient."""
    from . import grad
    inputs, was_tuple = _tuple(inputs)
    if v is None:
        if len(inputs) != 1 or inputs[0].numel() != 1:
            raise RuntimeError("The vector v can only be None if the input to the user-provided "
                               "function is a single Tensor with a single element.")
        from .._creation import ones_like
        vs = (ones_like(inputs[0]),)
    else:
        vs = _tuple(v)[0]
    with enable_grad():
        ins = _prepare(inputs, create_graph)
        out = _scalar_output(func, ins, name)
        g = grad(out, ins, create_graph=True, allow_unused=True)
        g = tuple(x if x is not None else zeros_like(i) for x, i in zip(g, ins))
        if transpose:  # vhp: d(g . v)/d(inputs)
            res = grad(g, ins, vs, create_graph=create_graph, allow_unused=True)
        else:  # hvp through the double-vjp trick (H is symmetric for smooth functions, but
            # torch computes it this way, so rounding follows the same path)
            dummies = tuple(zeros_like(x).requires_grad_(True) for x in g)
            gd = grad(g, ins, dummies, create_graph=True, allow_unused=True)
            pairs = [(a, b) for a, b in zip(gd, vs) if a is not None]
            res = grad([p[0] for p in pairs], dummies, [p[1] for p in pairs],
                       create_graph=create_graph, allow_unused=True)
    res = tuple(r if r is not None else zeros_like(i) for r, i in zip(res, ins))
    if not create_graph:
        res = tuple(r.detach() for r in res)
        out = out.detach()
    return out, (res if was_tuple else res[0])


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), v^T H) for a scalar ``func``."""
    return _product(func, inputs, v, create_graph, "vhp", True)


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), H v) for a scalar ``func``."""
    return _product(func, inputs, v, create_graph, "hvp", False)

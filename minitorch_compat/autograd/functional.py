"""torch.autograd.functional: jacobian, hessian, vjp, jvp, built on autograd.grad."""
from .grad_mode import enable_grad

__all__ = ["jacobian", "hessian", "vjp", "jvp"]


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

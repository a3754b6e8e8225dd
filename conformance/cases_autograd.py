"""Autograd cases beyond single ops: leaves and non-leaves, accumulation, retain_graph and
create_graph, torch.autograd.grad, hooks, retain_grad, detach and in-place rules, version
counters, the engine's errors, custom Functions and graphs with shared or unused inputs."""
from harness.case import case, catch


def _x(torch, rng, *shape, grad=True, dtype="float32"):
    return torch.tensor(rng.standard_normal(shape).astype(dtype), requires_grad=grad)


# ---------------------------------------------------------------- leaves and grad_fn


@case("autograd", api=("Tensor.is_leaf", "Tensor.requires_grad", "Tensor.grad_fn", "Tensor.detach"))
def leaf_flags(torch, rng):
    a = _x(torch, rng, 3)
    b = torch.tensor([1.0, 2.0])
    c = a * 2
    return {"a": [a.is_leaf, a.requires_grad, a.grad_fn], "b": [b.is_leaf, b.requires_grad],
            "c": [c.is_leaf, c.requires_grad], "c.grad_fn": c.grad_fn,
            "detached": [c.detach().is_leaf, c.detach().requires_grad]}


@case("autograd", api=("Tensor.grad_fn", "behavior:grad_fn_class_names"))
def grad_fn_names_of_expressions(torch, rng):
    a, b = _x(torch, rng, 2, 3), _x(torch, rng, 3)
    exprs = {"a*2": a * 2, "2*a": 2 * a, "a+b": a + b, "1-a": 1 - a, "a-1": a - 1, "a/2": a / 2,
             "2/a": 2 / a, "a**2": a ** 2, "a**b": a.abs() ** b, "2**a": 2 ** a,
             "a.sum()": a.sum(), "a.sum(0)": a.sum(0), "a.mean()": a.mean(),
             "a.mean(1)": a.mean(1), "a.max()": a.max(), "a.t()": a.t(), "a.T": a.T,
             "a.transpose(0,1)": a.transpose(0, 1), "a.permute(1,0)": a.permute(1, 0),
             "a.reshape(6)": a.reshape(6), "a.view(6)": a.view(6), "a.flatten()": a.flatten(),
             "a[0]": a[0], "a[:,1]": a[:, 1], "a[[0,1]]": a[[0, 1]], "a@b": a @ b,
             "b@b": b @ b, "-a": -a, "a.exp()": a.exp(), "a.relu()": a.relu()}
    return {k: (v.grad_fn, v.grad_fn.next_functions) for k, v in exprs.items()}


@case("autograd", api=("Tensor.grad_fn", "behavior:grad_fn.next_functions"))
def next_functions_structure(torch, rng):
    a, b = _x(torch, rng, 3), _x(torch, rng, 3)
    y = (a * b + a).sum()
    fn = y.grad_fn
    acc = fn.next_functions[0][0].next_functions[0][0].next_functions[0][0]
    return {"names": [fn.name(), type(fn).__name__], "acc": type(acc).__name__,
            "variable_is_a": acc.variable is a, "len": len(fn.next_functions)}


@case("autograd")
def accumulate_grad_is_cached_per_leaf(torch, rng):
    a = _x(torch, rng, 3)
    n1 = (a * 2).grad_fn.next_functions[0][0]
    n2 = (a + 1).grad_fn.next_functions[0][0]
    return n1 is n2


# ---------------------------------------------------------------- backward


@case("autograd", api=("Tensor.backward", "Tensor.grad"))
def backward_scalar(torch, rng):
    a, b = _x(torch, rng, 2, 3), _x(torch, rng, 3)
    (a * b).sum().backward()
    return {"a.grad": a.grad, "b.grad": b.grad}


@case("autograd", api=("Tensor.backward", "Tensor.grad", "behavior:grad_accumulates"))
def backward_accumulates(torch, rng):
    a = _x(torch, rng, 3)
    (a * a).sum().backward()
    first = a.grad.clone()
    (a * 3).sum().backward()
    return {"first": first, "second": a.grad}


@case("autograd", api=("Tensor.backward",))
def backward_nonscalar_needs_gradient(torch, rng):
    a = _x(torch, rng, 3)
    return catch(lambda: (a * 2).backward())


@case("autograd", api=("Tensor.backward", "behavior:backward_gradient_arg"))
def backward_with_gradient_argument(torch, rng):
    a = _x(torch, rng, 2, 3)
    y = a * a
    y.backward(torch.ones_like(y) * 0.5)
    return a.grad


@case("autograd")
def backward_gradient_wrong_shape(torch, rng):
    a = _x(torch, rng, 3)
    return catch(lambda: (a * 2).backward(torch.ones(4)))


@case("autograd")
def backward_on_tensor_without_grad(torch, rng):
    return catch(lambda: torch.tensor([1.0, 2.0]).sum().backward())


@case("autograd", api=("Tensor.backward",))
def backward_twice_without_retain(torch, rng):
    a = _x(torch, rng, 3)
    y = (a.exp() * 2).sum()
    y.backward()
    return catch(y.backward)


@case("autograd", api=("Tensor.backward", "behavior:grad_accumulates"))
def backward_twice_with_retain(torch, rng):
    a = _x(torch, rng, 3)
    y = (a.exp() * 2).sum()
    y.backward(retain_graph=True)
    y.backward()
    return a.grad


@case("autograd")
def saved_tensor_access_after_free(torch, rng):
    a = _x(torch, rng, 3)
    y = a.exp()
    y.sum().backward()
    return catch(lambda: y.grad_fn._saved_result)


@case("autograd")
def saved_tensors_names(torch, rng):
    a, b = _x(torch, rng, 3), _x(torch, rng, 3)
    m = a * b
    e = a.exp()
    p = a ** 2
    return {"mul_self": m.grad_fn._saved_self, "mul_other": m.grad_fn._saved_other,
            "exp_result": e.grad_fn._saved_result, "pow_self": p.grad_fn._saved_self,
            "pow_exponent": p.grad_fn._saved_exponent}


@case("autograd")
def backward_through_shared_subgraph(torch, rng):
    a = _x(torch, rng, 4)
    h = a.sin()
    y = (h * h + h.exp()).sum()
    y.backward()
    return a.grad


@case("autograd")
def backward_unused_input_grad_is_none(torch, rng):
    a, b = _x(torch, rng, 3), _x(torch, rng, 3)
    (a * 2).sum().backward()
    return {"a": a.grad, "b": b.grad}


@case("autograd")
def backward_int_leaf_refused(torch, rng):
    return catch(lambda: torch.tensor([1, 2], requires_grad=True))


@case("autograd")
def requires_grad_on_non_leaf(torch, rng):
    a = _x(torch, rng, 3)
    y = a * 2
    return {"false": catch(lambda: y.requires_grad_(False)), "true": y.requires_grad_(True)}


@case("autograd")
def backward_inputs_argument(torch, rng):
    a, b = _x(torch, rng, 3), _x(torch, rng, 3)
    (a * b).sum().backward(inputs=[a])
    return {"a": a.grad, "b": b.grad}


@case("autograd")
def deep_chain_backward(torch, rng):
    a = _x(torch, rng, 2)
    y = a
    for _ in range(3000):
        y = y * 1.0001
    y.sum().backward()
    return a.grad


@case("autograd")
def wide_graph_backward(torch, rng):
    a = _x(torch, rng, 2)
    y = sum((a * (i % 7)) for i in range(500))
    y.sum().backward()
    return a.grad


# ---------------------------------------------------------------- autograd.grad, higher order


@case("autograd", api=("autograd",))
def autograd_grad_basic(torch, rng):
    a = _x(torch, rng, 3)
    (g,) = torch.autograd.grad((a ** 3).sum(), a)
    return {"g": g, "a.grad": a.grad}


@case("autograd", api=("autograd",))
def autograd_grad_create_graph(torch, rng):
    a = _x(torch, rng, 3)
    (g,) = torch.autograd.grad((a ** 3).sum(), a, create_graph=True)
    (gg,) = torch.autograd.grad(g.sum(), a)
    return {"g": g, "gg": gg}


@case("autograd")
def autograd_grad_unused_input(torch, rng):
    a, b = _x(torch, rng, 3), _x(torch, rng, 3)
    return {"error": catch(lambda: torch.autograd.grad((a * 2).sum(), [a, b])),
            "allowed": torch.autograd.grad((a * 2).sum(), [a, b], allow_unused=True)}


@case("autograd")
def autograd_grad_outputs_argument(torch, rng):
    a = _x(torch, rng, 2, 2)
    y = a * a
    return torch.autograd.grad(y, a, grad_outputs=torch.full((2, 2), 2.0))


@case("autograd")
def double_backward_tanh(torch, rng):
    a = _x(torch, rng, 4, dtype="float64")
    y = a.tanh().sum()
    (g,) = torch.autograd.grad(y, a, create_graph=True)
    g.sum().backward()
    return {"g": g, "a.grad": a.grad}


def _derivatives(torch, fn, x, v):
    """Values of the first three derivatives of ``fn`` at ``x``, each contracted with ``v``:
    grad, then grad of sum(v * grad), then grad of sum(v * that) (create_graph all the way)."""
    out = []
    y = fn(x)
    for order in range(3):
        (g,) = torch.autograd.grad(y, x, create_graph=order < 2, allow_unused=True)
        out.append(g.detach() if g is not None else None)
        if g is None or not g.requires_grad:
            break
        y = (g * v).sum()
    return out


def _third_derivative_fns(torch):
    F = torch.nn.functional
    w = torch.linspace(-1.0, 1.0, 18, dtype=torch.float64).reshape(2, 1, 3, 3)
    table = torch.linspace(-2.0, 2.0, 12, dtype=torch.float64).reshape(6, 2)
    target = torch.tensor([0, 2, 1, 2])

    def inplace_row(x):
        y = x * 1.0
        y[1].mul_(x[0])          # in-place on a view: CopySlices
        return (y ** 2).sum()

    def inplace_block(x):
        y = x * 2.0
        y[:, 1:3].sin_()
        y[1:, :2].mul_(x[0, 2:])
        return (y * x).sum()

    return {
        "tanh": lambda x: x.tanh().sum(),
        "conv2d": lambda x: (F.conv2d(x.reshape(1, 1, 3, 4), w * x.sum()) ** 2).sum(),
        "max_pool2d": lambda x: (F.max_pool2d(x.reshape(1, 1, 3, 4), 2, 1) ** 3).sum(),
        "avg_pool2d": lambda x: (F.avg_pool2d(x.reshape(1, 1, 3, 4), 2, 1) ** 3).sum(),
        "cross_entropy": lambda x: F.cross_entropy(x.reshape(4, 3), target),
        "gather": lambda x: (x.gather(1, torch.tensor([[0, 3], [1, 1], [2, 0]])) ** 3).sum(),
        "embedding": lambda x: (F.embedding(torch.tensor([1, 4, 4]), table * x[0, 0]) ** 3).sum(),
        "inplace_row": inplace_row,
        "inplace_block": inplace_block,
    }


@case("autograd", api=("autograd",))
def third_derivatives(torch, rng):
    """Backward formulas are differentiable to any order: conv, pooling, losses, indexing
    and in-place writes into views (CopySlices)."""
    x0 = rng.standard_normal((3, 4))
    v = torch.tensor(rng.standard_normal((3, 4)))
    return {name: _derivatives(torch, fn, torch.tensor(x0, requires_grad=True), v)
            for name, fn in _third_derivative_fns(torch).items()}


@case("autograd", api=("autograd",))
def third_derivatives_normalization(torch, rng):
    F = torch.nn.functional
    x0 = rng.standard_normal((4, 3))
    v = torch.tensor(rng.standard_normal((4, 3)))
    fns = {"batch_norm": lambda x: (F.batch_norm(x, None, None, training=True) ** 3).sum(),
           "layer_norm": lambda x: (F.layer_norm(x, (3,)) ** 3).sum()}
    return {name: _derivatives(torch, fn, torch.tensor(x0, requires_grad=True), v)
            for name, fn in fns.items()}


@case("autograd", api=("autograd", "Tensor.grad_fn"))
def double_backward_nodes(torch, rng):
    """torch's own double-backward nodes, where the backward is one kernel."""
    F = torch.nn.functional
    x = _x(torch, rng, 1, 2, 4, 4, dtype="float64")
    w = _x(torch, rng, 3, 2, 3, 3, dtype="float64")
    logits = _x(torch, rng, 4, 3, dtype="float64")
    go = _x(torch, rng, 3, 4, dtype="float64")
    outs = {
        "conv2d": (F.conv2d(x, w), (x, w)),
        "max_pool2d": (F.max_pool2d(x, 2), (x,)),
        "avg_pool2d": (F.avg_pool2d(x, 2), (x,)),
        "adaptive_avg_pool2d": (F.adaptive_avg_pool2d(x, (3, 2)), (x,)),
        "nll_loss": (F.nll_loss(logits, torch.tensor([0, 2, 1, 1])), (logits,)),
    }
    res = {}
    for name, (y, ins) in outs.items():
        gs = torch.autograd.grad(y.sum(), ins, create_graph=True)
        res[name] = [(g.grad_fn, g.grad_fn.next_functions) for g in gs]
    (gg,) = torch.autograd.grad(logits.gather(1, torch.tensor([[0, 1], [2, 2], [1, 0], [0, 0]])),
                                logits, grad_outputs=go[:, :2].reshape(4, 2).contiguous(),
                                create_graph=True)
    res["gather"] = (gg.grad_fn, gg.grad_fn.next_functions)
    return res


@case("autograd", api=("Tensor.grad", "Tensor.stride", "nn.functional.linear"))
def matrix_product_gradient_layout(torch, rng):
    """mm/addmm gradients come out in the operand's layout (F.linear's transposed weight):
    the graph of the gradient shows how, and the leaf's .grad is row-major."""
    w, b, x = _x(torch, rng, 3, 4), _x(torch, rng, 3), _x(torch, rng, 5, 4)
    xt = _x(torch, rng, 4, 5)
    out = torch.nn.functional.linear(x, w, b)
    gw, gx = torch.autograd.grad(out.sum(), (w, x), create_graph=True)
    g1, g2 = torch.autograd.grad((xt.t() @ w.t()).sum(), (xt, w), create_graph=True)
    torch.nn.functional.linear(x, w, b).sum().backward()
    return {"graphs": {name: _tree(g.grad_fn) for name, g in
                       (("gw", gw), ("gx", gx), ("g1", g1), ("g2", g2))},
            "w.grad": (w.grad, w.grad.stride(), w.grad.is_contiguous()),
            "x.grad": (x.grad, x.grad.stride())}


def _tree(fn, depth=5):
    """A gradient's graph as nested [node name, [inputs...]] (None for no edge)."""
    if fn is None or depth == 0:
        return None if fn is None else fn.name()
    return [fn.name(), [_tree(n, depth - 1) for n, _ in fn.next_functions]]


@case("autograd")
def backward_create_graph_grad_has_graph(torch, rng):
    a = _x(torch, rng, 3)
    (a * a).sum().backward(create_graph=True)
    return {"grad": a.grad, "requires_grad": a.grad.requires_grad}


@case("autograd")
def torch_autograd_backward_function(torch, rng):
    a = _x(torch, rng, 3)
    y = (a * 3).sum()
    torch.autograd.backward(y)
    return a.grad


# ---------------------------------------------------------------- retain_grad, hooks


@case("autograd")
def non_leaf_grad_warns(torch, rng):
    a = _x(torch, rng, 3)
    y = a * 2
    y.sum().backward()
    return y.grad


@case("autograd", api=("Tensor.retain_grad",))
def retain_grad_non_leaf(torch, rng):
    a = _x(torch, rng, 3)
    y = a * 2
    y.retain_grad()
    (y * y).sum().backward()
    return {"y.grad": y.grad, "retains": y.retains_grad, "a.grad": a.grad}


@case("autograd")
def retain_grad_without_requires_grad(torch, rng):
    return catch(torch.tensor([1.0]).retain_grad)


@case("autograd")
def tensor_hook_modifies_grad(torch, rng):
    a = _x(torch, rng, 3)
    seen = []
    a.register_hook(lambda g: seen.append(g.clone()) or g * 10)
    (a * 2).sum().backward()
    return {"seen": seen, "a.grad": a.grad}


@case("autograd")
def hook_on_non_leaf_and_removal(torch, rng):
    a = _x(torch, rng, 3)
    y = a * 2
    h = y.register_hook(lambda g: g + 1)
    h.remove()
    y.register_hook(lambda g: g * 3)
    y.sum().backward()
    return a.grad


@case("autograd")
def hook_on_tensor_without_grad(torch, rng):
    return catch(lambda: torch.ones(2).register_hook(lambda g: g))


@case("autograd")
def node_hooks(torch, rng):
    a = _x(torch, rng, 3)
    y = a * 2
    calls = []
    y.grad_fn.register_hook(lambda gin, gout: calls.append((len(gin), len(gout))))
    y.grad_fn.register_prehook(lambda gout: calls.append(("pre", len(gout))))
    y.sum().backward()
    return calls


@case("autograd")
def post_accumulate_grad_hook(torch, rng):
    a = _x(torch, rng, 3)
    seen = []
    a.register_post_accumulate_grad_hook(lambda t: seen.append(t.grad.clone()))
    (a * 4).sum().backward()
    return seen


# ---------------------------------------------------------------- detach, in-place, versions


@case("autograd", api=("Tensor.detach",))
def detach_shares_memory_and_version(torch, rng):
    a = _x(torch, rng, 3)
    d = a.detach()
    with torch.no_grad():
        a.mul_(2)
    return {"d": d, "a._version": a._version, "d._version": d._version}


@case("autograd")
def inplace_on_leaf_requiring_grad(torch, rng):
    a = _x(torch, rng, 3)
    return {"add_": catch(lambda: a.add_(1)), "iadd": catch(lambda: a.__iadd__(1)),
            "setitem": catch(lambda: a.__setitem__(0, 1.0))}


@case("autograd", api=("Tensor.__isub__", "behavior:inplace_update_under_no_grad"))
def inplace_on_leaf_under_no_grad(torch, rng):
    a = _x(torch, rng, 3)
    with torch.no_grad():
        a -= 0.5 * torch.ones(3)
        a[0] = 7.0
    return {"a": a, "leaf": a.is_leaf, "grad_fn": a.grad_fn, "version": a._version}


@case("autograd")
def inplace_modifies_saved_tensor(torch, rng):
    a = _x(torch, rng, 3)
    b = a * 1
    y = b.sin()  # saves its input b
    b.mul_(2)
    return catch(y.sum().backward)


@case("autograd")
def inplace_version_error_message(torch, rng):
    a = _x(torch, rng, 3)
    b = a.sigmoid()
    c = b * b
    b.add_(1)
    return catch(c.sum().backward)


@case("autograd")
def inplace_non_leaf_graph(torch, rng):
    a = _x(torch, rng, 3)
    b = a * 2
    b.add_(1)
    b.mul_(3)
    b.sum().backward()
    return {"grad_fn": b.grad_fn, "a.grad": a.grad, "version": b._version}


@case("autograd", api=("Tensor.data",))
def data_attribute_escapes_graph(torch, rng):
    a = _x(torch, rng, 3)
    d = a.data
    d.mul_(0)
    return {"a": a, "d.requires_grad": d.requires_grad, "a._version": a._version}


@case("autograd")
def detach_inplace(torch, rng):
    a = _x(torch, rng, 3)
    y = a * 2
    y.detach_()
    return {"leaf": y.is_leaf, "rg": y.requires_grad, "fn": y.grad_fn}


@case("autograd", api=("Tensor.numpy",))
def numpy_of_tensor_requiring_grad(torch, rng):
    a = _x(torch, rng, 3)
    return {"error": catch(a.numpy), "ok": a.detach().numpy()}


@case("autograd")
def grad_assignment_checks(torch, rng):
    a = _x(torch, rng, 3)
    return {"dtype": catch(lambda: setattr(a, "grad", torch.zeros(3, dtype=torch.float64))),
            "shape": catch(lambda: setattr(a, "grad", torch.zeros(4))),
            "type": catch(lambda: setattr(a, "grad", [1.0, 2.0, 3.0])),
            "ok": catch(lambda: setattr(a, "grad", torch.ones(3))) or a.grad}


@case("autograd", api=("Tensor.__isub__", "Tensor.zero_", "Tensor.grad", "no_grad"))
def zero_grad_manual_sgd(torch, rng):
    w = _x(torch, rng, 3)
    x = torch.tensor(rng.standard_normal((5, 3)).astype("float32"))
    for _ in range(3):
        loss = ((x @ w) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            w -= 0.1 * w.grad
        w.grad.zero_()
    return {"w": w, "grad": w.grad, "loss": loss}


@case("autograd", api=("autograd.Function", "behavior:custom_autograd_function"))
def custom_function(torch, rng):
    class Square(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 2 * x * g

    a = _x(torch, rng, 3)
    y = Square.apply(a)
    y.sum().backward()
    return {"y": y, "grad": a.grad}


@case("autograd")
def autograd_functional_jacobian(torch, rng):
    a = torch.tensor(rng.standard_normal(3).astype("float32"))
    return torch.autograd.functional.jacobian(lambda x: x.exp() * 2, a)


@case("autograd")
def backward_broadcast_reduces_to_input_shape(torch, rng):
    a, b, c = _x(torch, rng, 2, 1, 3), _x(torch, rng, 4, 1), _x(torch, rng)
    ((a * b + c) ** 2).sum().backward()
    return {"a": a.grad, "b": b.grad, "c": c.grad}


@case("autograd")
def backward_dtype_promotion(torch, rng):
    a = _x(torch, rng, 3)
    b = _x(torch, rng, 3, dtype="float64")
    y = a * b
    y.sum().backward()
    return {"y": y, "a.grad": a.grad, "b.grad": b.grad}


@case("autograd")
def matmul_shapes_node_names(torch, rng):
    out = {}
    for sa, sb in [((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 2)), ((2, 3), (3, 4)),
                   ((2, 2, 3), (2, 3, 4)), ((2, 2, 3), (3, 4)), ((3,), (2, 3, 4))]:
        a, b = _x(torch, rng, *sa), _x(torch, rng, *sb)
        y = a @ b
        y.sum().backward()
        out[f"{sa}@{sb}"] = (y.grad_fn, a.grad, b.grad)
    return out



# ---------------------------------------------------------------- custom Functions, more


@case("autograd", api=("autograd.Function", "behavior:custom_autograd_function"))
def custom_function_multiple_inputs_outputs(torch, rng):
    class MulAdd(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, y, scale):
            ctx.save_for_backward(x, y)
            ctx.scale = scale
            return x * y * scale, x + y

        @staticmethod
        def backward(ctx, g1, g2):
            x, y = ctx.saved_tensors
            flags = ctx.needs_input_grad
            gx = g1 * y * ctx.scale + g2 if flags[0] else None
            gy = g1 * x * ctx.scale + g2 if flags[1] else None
            return gx, gy, None

    a, b = _x(torch, rng, 3), _x(torch, rng, 3, grad=False)
    p, s = MulAdd.apply(a, b, 2.0)
    (p.sum() + (s * s).sum()).backward()
    return {"p": p, "s": s, "grad": a.grad, "b.grad": b.grad,
            "name": type(p.grad_fn).__name__, "same_node": p.grad_fn is s.grad_fn,
            "no_grad_in": MulAdd.apply(b, b, 1.0)[0].requires_grad}


@case("autograd", api=("autograd.Function",))
def custom_function_wrong_number_of_grads(torch, rng):
    class Bad(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, y):
            return x + y

        @staticmethod
        def backward(ctx, g):
            return g

    a, b = _x(torch, rng, 2), _x(torch, rng, 2)
    return catch(Bad.apply(a, b).sum().backward)


@case("autograd", api=("autograd.Function",))
def custom_function_wrong_grad_shape(torch, rng):
    class BadShape(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g.sum()

    return catch(BadShape.apply(_x(torch, rng, 3)).sum().backward)


@case("autograd", api=("autograd.Function",))
def custom_function_mark_non_differentiable_and_dirty(torch, rng):
    class DoubleAndFloor(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            v, i = x * 2, x.floor()
            ctx.mark_non_differentiable(i)
            return v, i

        @staticmethod
        def backward(ctx, gv, gi):
            return gv * 2 + (0 if gi is None else gi)

    class AddOneInplace(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            x.add_(1)
            ctx.mark_dirty(x)
            return x

        @staticmethod
        def backward(ctx, g):
            return g

    a = _x(torch, rng, 4)
    v, i = DoubleAndFloor.apply(a)
    (v * torch.arange(4.0)).sum().backward()
    c = a.detach().clone().requires_grad_()
    d = c * 1
    e = AddOneInplace.apply(d)
    e.sum().backward()
    return {"v": v, "i": i, "i.rg": i.requires_grad, "grad": a.grad, "e_is_d": e is d,
            "e": e, "c.grad": c.grad, "e.fn": type(e.grad_fn).__name__}


@case("autograd", api=("autograd.Function",))
def custom_function_once_differentiable_and_double_backward(torch, rng):
    from_fn = torch.autograd.function.once_differentiable

    class Cube(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 3

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 3 * x ** 2 * g

    class CubeOnce(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 3

        @staticmethod
        @from_fn
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 3 * x ** 2 * g

    a = _x(torch, rng, 3, dtype="float64")
    (g,) = torch.autograd.grad(Cube.apply(a).sum(), a, create_graph=True)
    (gg,) = torch.autograd.grad(g.sum(), a)
    (g1,) = torch.autograd.grad(CubeOnce.apply(a).sum(), a, create_graph=True)
    return {"g": g, "gg": gg, "g1": g1.detach(),
            "again": catch(lambda: torch.autograd.grad(g1.sum(), a))}


@case("autograd", api=("autograd",))
def autograd_grad_errors(torch, rng):
    a = _x(torch, rng, 3)
    b = torch.ones(3)
    y = (a * 2).exp()
    y2 = a.exp().sum()
    torch.autograd.grad(y2, a)
    return {"non_scalar": catch(torch.autograd.grad, y, a),
            "no_grad_input": catch(torch.autograd.grad, (a * b).sum(), b),
            "freed": catch(torch.autograd.grad, y2, a),
            "no_grad_output": catch(torch.autograd.grad, b.sum(), a),
            "multi": torch.autograd.grad([(a * 2).sum(), (a * a).sum()], [a]),
            "tuple_inputs": torch.autograd.grad((a ** 2).sum(), (a,), retain_graph=True)}


@case("autograd", api=("autograd",))
def autograd_grad_twice_through_scalar_mul(torch, rng):
    a = _x(torch, rng, 3)
    y = (a * 3).sum()
    torch.autograd.grad(y, a)
    return catch(torch.autograd.grad, y, a)


@case("autograd", api=("autograd",))
def autograd_grad_materialize_and_non_leaf(torch, rng):
    a = _x(torch, rng, 3)
    h = a.sin()
    y = (h * h).sum()
    gh, ga = torch.autograd.grad(y, [h, a])
    b = _x(torch, rng, 3)
    mat = torch.autograd.grad((a * 2).sum(), [a, b], materialize_grads=True)
    return {"gh": gh, "ga": ga, "mat": mat, "h.grad": h.grad, "a.grad": a.grad}


@case("autograd")
def tensor_hooks_order_and_none(torch, rng):
    a = _x(torch, rng, 3)
    calls = []
    a.register_hook(lambda g: calls.append(("first", g.clone())))
    a.register_hook(lambda g: g * 2)
    a.register_hook(lambda g: calls.append(("third", g.clone())))
    y = a * 3
    y.register_hook(lambda g: g + 1)
    y.sum().backward()
    return {"calls": calls, "grad": a.grad}


@case("autograd", api=("nn.Module",))
def module_forward_hooks(torch, rng):
    torch.manual_seed(50)
    lin = torch.nn.Linear(3, 2)
    log = []
    h1 = lin.register_forward_pre_hook(lambda m, inp: log.append(("pre", inp[0].shape)))
    lin.register_forward_hook(lambda m, inp, out: out * 2)
    lin.register_forward_pre_hook(lambda m, inp: (inp[0] + 1,))
    x = _x(torch, rng, 4, 3).requires_grad_()
    y = lin(x)
    y.sum().backward()
    h1.remove()
    return {"y": y, "again": lin(x), "log": log, "x.grad": x.grad, "w.grad": lin.weight.grad}


@case("autograd", api=("nn.Module",))
def module_full_backward_hooks(torch, rng):
    torch.manual_seed(51)
    lin = torch.nn.Linear(3, 2)
    log = []
    lin.register_full_backward_hook(
        lambda m, gin, gout: log.append(("bwd", [None if g is None else g.clone()
                                                 for g in gin], gout[0].clone())))
    lin.register_full_backward_pre_hook(lambda m, gout: log.append(("bwd_pre", len(gout))))
    x = _x(torch, rng, 4, 3).requires_grad_()
    lin(x).sum().backward()
    return {"log": log, "x.grad": x.grad}


@case("autograd")
def anomaly_mode_nan_in_backward(torch, rng):
    import warnings
    a = torch.tensor([0.0, 1.0], requires_grad=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with torch.autograd.detect_anomaly():
            inside = torch.is_anomaly_enabled()
            y = (a.sqrt() * 0).sum()
            err = catch(y.backward)
    first_lines = [str(w.message).splitlines()[0] for w in caught]
    return {"err": err, "inside": inside, "after": torch.is_anomaly_enabled(),
            "warnings": [(w.category.__name__, line) for w, line in zip(caught, first_lines)]}


@case("autograd")
def anomaly_mode_forward_nan_is_fine_and_flags(torch, rng):
    a = torch.tensor([-1.0, 4.0], requires_grad=True)
    with torch.autograd.detect_anomaly(check_nan=False):
        y = a.sqrt()
        flags = [torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled()]
        (y * 0 + 1).sum().backward()
    torch.autograd.set_detect_anomaly(True)
    on = torch.is_anomaly_enabled()
    torch.autograd.set_detect_anomaly(False)
    return {"y": y, "grad": a.grad, "flags": flags, "on": on, "off": torch.is_anomaly_enabled()}


@case("autograd")
def anomaly_mode_without_nan(torch, rng):
    import warnings
    a = _x(torch, rng, 3)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with torch.autograd.detect_anomaly():
            (a.exp() * a).sum().backward()
    return {"grad": a.grad, "n_warnings": len(caught)}


@case("autograd")
def gradcheck_passes_and_fails(torch, rng):
    class WrongGrad(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g * 3

    x = torch.tensor(rng.standard_normal((2, 3)), requires_grad=True)
    y = torch.tensor(rng.standard_normal(3), requires_grad=True)
    gc = torch.autograd.gradcheck
    ok = gc(lambda a, b: (a * b).tanh(), (x, y))
    bad = gc(WrongGrad.apply, (x,), raise_exception=False)
    err = catch(gc, WrongGrad.apply, (x,))
    f32 = catch(gc, lambda a: a * 2, (x.float(),))
    return {"ok": ok, "bad": bad, "err_type": type(err).__name__,
            "err_first_line": str(err).splitlines()[0],
            "f32_type": type(f32).__name__,
            "gradgrad": torch.autograd.gradgradcheck(lambda a: (a ** 3).sum(), (x,)),
            "fast": gc(lambda a: a.exp(), (x,), fast_mode=True)}


@case("autograd", api=("autograd",))
def functional_jacobian_variants(torch, rng):
    J = torch.autograd.functional.jacobian
    a = torch.tensor(rng.standard_normal(3))
    b = torch.tensor(rng.standard_normal(2))
    return {"multi_in": J(lambda x, y: x.sum() * y, (a, b)),
            "multi_out": J(lambda x: (x.sin(), x.sum()), a),
            "matrix": J(lambda x: x.reshape(3, 1) @ x.reshape(1, 3), a),
            "create_graph": J(lambda x: x ** 2, a, create_graph=True).detach(),
            "create_graph_rg": J(lambda x: x ** 2, a.requires_grad_(), create_graph=True)
            .requires_grad,
            "unused": J(lambda x, y: x * 2, (a.detach(), b))}


@case("autograd", api=("autograd",))
def functional_jacobian_vectorized(torch, rng):
    import warnings
    J = torch.autograd.functional.jacobian
    a = torch.tensor(rng.standard_normal(3))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch: torch.jit.script deprecation inside vmap
        return {"vectorize": J(lambda x: x.exp() * x, a, vectorize=True),
                "fwd": J(lambda x: x.cos(), a, vectorize=True, strategy="forward-mode")}


@case("autograd", api=("autograd",))
def functional_hessian_vjp_jvp(torch, rng):
    F = torch.autograd.functional
    a = torch.tensor(rng.standard_normal(3))
    b = torch.tensor(rng.standard_normal(2))
    v = torch.tensor(rng.standard_normal(3))

    def f(x):
        return (x ** 3).sum() + x.prod()

    return {"hessian": F.hessian(f, a),
            "hessian2": F.hessian(lambda x, y: (x.sum() * y ** 2).sum(), (a, b)),
            "vjp": F.vjp(lambda x: x.exp(), a, v), "jvp": F.jvp(lambda x: x.exp(), a, v)}


@case("autograd", api=("autograd",))
def functional_argument_errors(torch, rng):
    F = torch.autograd.functional
    a = torch.tensor(rng.standard_normal(3))
    b = torch.tensor(rng.standard_normal(2))
    return {"strict": catch(F.jacobian, lambda x, y: x * 2, (a, b), strict=True),
            "hessian_non_scalar": catch(F.hessian, lambda x: x * 2, a),
            "vjp_no_v": catch(F.vjp, lambda x: x * 2, a)}


@case("autograd", api=("autograd",))
def functional_hvp_vhp(torch, rng):
    F = torch.autograd.functional
    a = torch.tensor(rng.standard_normal(3))
    v = torch.tensor(rng.standard_normal(3))

    def f(x):
        return (x ** 3).sum() + x.prod()

    return {"hvp": F.hvp(f, a, v), "vhp": F.vhp(f, a, v)}

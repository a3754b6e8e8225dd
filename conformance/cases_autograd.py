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


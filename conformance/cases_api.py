"""Probes of the core API surface named by ../shared/api tiers 0 and 1 that are not single ops:
the torch.Tensor class, the torch.nn and torch.nn.functional namespaces, is_leaf semantics,
Tensor.add_ (alpha, broadcasting, dtype rules, autograd) and max(dim) returning
(values, indices)."""
from harness.case import case, catch


def _x(torch, rng, *shape, grad=False):
    return torch.tensor(rng.standard_normal(shape).astype("float32"), requires_grad=grad)


# ---------------------------------------------------------------- torch.Tensor


@case("api", api=("Tensor",))
def tensor_class_identity(torch, rng):
    t = torch.tensor([1.0, 2.0])
    p = torch.nn.Parameter(torch.ones(1))
    return {"isinstance": [isinstance(t, torch.Tensor), isinstance(p, torch.Tensor),
                           isinstance(torch.arange(3), torch.Tensor),
                           isinstance(1.0, torch.Tensor)],
            "type": [type(t).__name__, type(t).__module__, torch.Tensor.__name__],
            "issubclass": issubclass(torch.nn.Parameter, torch.Tensor),
            "is_tensor": [torch.is_tensor(t), torch.is_tensor([1])]}


@case("api", api=("Tensor",))
def tensor_legacy_constructor(torch, rng):
    return {"sizes": torch.Tensor(2, 3).shape, "data": torch.Tensor([1, 2, 3]),
            "nested": torch.Tensor([[1, 2], [3, 4]]), "empty": torch.Tensor(),
            "dtype": torch.Tensor([1]).dtype, "ints_to_float": torch.Tensor([True, False]),
            "bad": catch(torch.Tensor, "x")}


@case("api", api=("Tensor",))
def tensor_as_subclass(torch, rng):
    class Mine(torch.Tensor):
        pass

    m = torch.tensor([1.0, -2.0]).as_subclass(Mine)
    return {"sub_type": type(m).__name__, "op_type": type(m * 2).__name__}


@case("api", api=("Tensor",))
def tensor_unbound_methods(torch, rng):
    t = torch.tensor([1.0, -2.0])
    return {"unbound": torch.Tensor.abs(t), "add": torch.Tensor.add(t, t, alpha=2),
            "method_is_callable": callable(torch.Tensor.add),
            "attrs": [hasattr(torch.Tensor, n) for n in ("backward", "grad", "shape",
                                                          "requires_grad_", "is_leaf")]}


# ---------------------------------------------------------------- namespaces


@case("api", api=("nn", "nn.functional"))
def nn_namespaces(torch, rng):
    x = _x(torch, rng, 2, 5)
    F = torch.nn.functional
    return {"same": torch.nn.functional is F,
            "attr_names": [torch.nn.__name__.rsplit(".", 1)[-1], F.__name__.rsplit(".", 1)[-1]],
            "relu": F.relu(x), "softmax": F.softmax(x, dim=1),
            "linear": F.linear(x, torch.ones(3, 5), torch.zeros(3)),
            "mse": F.mse_loss(x, torch.zeros(2, 5)),
            "classes": [isinstance(getattr(torch.nn, n), type) for n in
                        ("Module", "Linear", "Conv2d", "ReLU", "Sequential", "Parameter")]}


@case("api", api=("nn.functional", "nn.functional.max_pool2d"))
def nn_functional_conv_pool(torch, rng):
    F = torch.nn.functional
    x = _x(torch, rng, 1, 2, 6, 6, grad=True)
    w = _x(torch, rng, 3, 2, 3, 3, grad=True)
    y = F.max_pool2d(F.relu(F.conv2d(x, w, padding=1)), 2)
    flat = torch.flatten(y, 1)
    flat.sum().backward()
    return {"y": y, "flat": flat.shape, "x.grad": x.grad, "w.grad": w.grad,
            "avg": F.avg_pool2d(x.detach(), 3),
            "drop_eval": F.dropout(x.detach(), 0.5, training=False)}


@case("api", api=("nn", "nn.Module"))
def nn_module_subclass_training(torch, rng):
    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1 = torch.nn.Linear(4, 6)
            self.fc2 = torch.nn.Linear(6, 2)

        def forward(self, x):
            return self.fc2(torch.nn.functional.relu(self.fc1(x)))

    torch.manual_seed(60)
    net = Net()
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    x, t = _x(torch, rng, 8, 4), torch.tensor(rng.integers(0, 2, 8))
    losses = []
    for _ in range(3):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(x), t)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return {"losses": losses, "pred": net(x).argmax(1), "repr": repr(net)}


# ---------------------------------------------------------------- is_leaf


@case("api", api=("behavior:is_leaf_semantics", "Tensor.is_leaf"))
def is_leaf_semantics(torch, rng):
    a = _x(torch, rng, 3, grad=True)
    b = torch.ones(3)
    c = a * 2
    d = b * 2
    with torch.no_grad():
        e = a * 2
    f = a.detach()
    g = torch.ones(3).requires_grad_()
    h = a[0]
    i = a.clone()
    p = torch.nn.Parameter(torch.ones(2))
    return {"leaf_requires_grad": a.is_leaf, "plain": b.is_leaf, "op_on_leaf": c.is_leaf,
            "op_without_grad": d.is_leaf, "under_no_grad": e.is_leaf, "detach": f.is_leaf,
            "requires_grad_": g.is_leaf, "index": h.is_leaf, "clone": i.is_leaf,
            "param": p.is_leaf, "param_op": (p + 1).is_leaf,
            "to_same": a.to(torch.float32).is_leaf, "to_other": a.to(torch.float64).is_leaf,
            "float_of_int": torch.arange(3).float().requires_grad_().is_leaf}


@case("api", api=("behavior:is_leaf_semantics", "Tensor.is_leaf", "Tensor.grad"))
def is_leaf_decides_grad_population(torch, rng):
    a = _x(torch, rng, 3, grad=True)
    b = a.to(torch.float64)
    c = a * 1
    (b.sum() + c.sum()).backward()
    return {"a.grad": a.grad, "b.grad": b.grad, "c.grad": c.grad,
            "leaf_after_inplace_detach": c.detach_().is_leaf}


# ---------------------------------------------------------------- Tensor.add_


@case("api", api=("Tensor.add_",))
def tensor_add_inplace(torch, rng):
    a = _x(torch, rng, 2, 3)
    b = _x(torch, rng, 3)
    r = a.add_(b)
    same = r is a
    a.add_(b, alpha=-2)
    a.add_(1.5)
    i = torch.arange(4)
    i.add_(2)
    i.add_(torch.tensor([1, 1, 1, 1], dtype=torch.int32))
    return {"a": a, "same": same, "version": a._version, "i": i,
            "int_plus_float": catch(lambda: torch.arange(3).add_(0.5)),
            "broadcast_out": catch(lambda: torch.ones(3).add_(torch.ones(2, 3))),
            "float_into_int": catch(lambda: torch.arange(3).add_(torch.ones(3)))}


@case("api", api=("Tensor.add_",))
def tensor_add_inplace_bool_alpha_refused(torch, rng):
    return catch(lambda: torch.ones(2).add_(torch.ones(2), alpha=True))


@case("api", api=("Tensor.add_", "behavior:inplace_update_under_no_grad"))
def tensor_add_inplace_autograd(torch, rng):
    w = _x(torch, rng, 3, grad=True)
    y = w * 2
    y.add_(w, alpha=3)
    y.sum().backward()
    leaf_err = catch(lambda: w.add_(1))
    with torch.no_grad():
        w.add_(w.grad, alpha=-0.1)
    return {"y": y, "w.grad": w.grad, "leaf_err": leaf_err, "w": w, "w_leaf": w.is_leaf}


# ---------------------------------------------------------------- max(dim)


@case("api", api=("behavior:max_dim_returns_values_indices", "max"))
def max_dim_returns_values_indices(torch, rng):
    x = _x(torch, rng, 3, 4)
    r = torch.max(x, dim=1)
    values, indices = r
    k = x.max(0, keepdim=True)
    return {"r": r, "type": type(r).__name__, "fields": [r.values is r[0], r.indices is r[1]],
            "values": values, "indices": indices, "k": k, "len": len(r),
            "repr": repr(torch.max(torch.tensor([[1.0, 3.0], [2.0, 0.0]]), 1)),
            "plain": torch.max(x), "binary": torch.max(x, torch.zeros(3, 4)),
            "min": torch.min(x, -1), "argmax": x.argmax(1)}


@case("api", api=("behavior:max_dim_returns_values_indices", "max"))
def max_dim_ties_and_grad(torch, rng):
    x = torch.tensor([[1.0, 5.0, 5.0], [2.0, 2.0, 0.0]], requires_grad=True)
    v, i = x.max(dim=1)
    v.sum().backward()
    return {"v": v, "i": i, "grad": x.grad, "i.dtype": i.dtype,
            "i.rg": i.requires_grad, "err": catch(torch.max, x, 2),
            "empty": catch(torch.max, torch.empty(0, 3), 0),
            "named": torch.max(x.detach(), dim=-1, keepdim=False).indices}

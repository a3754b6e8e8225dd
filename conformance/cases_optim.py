"""torch.optim cases: SGD (plain, momentum, dampening, nesterov, weight decay, maximize), Adam and
AdamW (weight decay, amsgrad) over a few steps on seeded models, zero_grad, param groups,
closures, the state_dict layout and load_state_dict round trips, reprs and argument errors."""
from harness.case import case, catch

OPT_API = ("optim", "optim.Optimizer.step", "optim.Optimizer.zero_grad")


def _data(torch, rng, n=6, d=3):
    x = torch.tensor(rng.standard_normal((n, d)).astype("float32"))
    y = torch.tensor(rng.standard_normal((n, 1)).astype("float32"))
    return x, y


def _train(torch, model, opt, x, y, steps=4):
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        opt.step()
        losses.append(loss.detach())
    return losses


def _sgd_run(torch, rng, seed, **kw):
    torch.manual_seed(seed)
    model = torch.nn.Linear(3, 1)
    x = torch.tensor(rng.standard_normal((6, 3)).astype("float32"))
    y = torch.tensor(rng.standard_normal((6, 1)).astype("float32"))
    opt = torch.optim.SGD(model.parameters(), **kw)
    losses = []
    for _ in range(4):
        opt.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        opt.step()
        losses.append(loss.detach())
    return {"losses": losses, "weight": model.weight, "bias": model.bias,
            "state": [sorted(s) for s in opt.state.values()],
            "momentum_buffer": [s.get("momentum_buffer") for s in opt.state.values()]}


@case("optim", api=OPT_API + ("optim.SGD",))
def sgd_plain_steps(torch, rng):
    return _sgd_run(torch, rng, 0, lr=0.1)


@case("optim", api=OPT_API + ("optim.SGD",))
def sgd_momentum_weight_decay(torch, rng):
    return _sgd_run(torch, rng, 1, lr=0.05, momentum=0.9, weight_decay=0.01)


@case("optim", api=OPT_API + ("optim.SGD",))
def sgd_nesterov(torch, rng):
    return _sgd_run(torch, rng, 2, lr=0.05, momentum=0.8, nesterov=True)


@case("optim", api=OPT_API + ("optim.SGD",))
def sgd_dampening_maximize(torch, rng):
    return _sgd_run(torch, rng, 3, lr=0.01, momentum=0.5, dampening=0.3, maximize=True)


def _adam_run(torch, rng, seed, cls="Adam", **kw):
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 1))
    x = torch.tensor(rng.standard_normal((6, 3)).astype("float32"))
    y = torch.tensor(rng.standard_normal((6, 1)).astype("float32"))
    opt = getattr(torch.optim, cls)(model.parameters(), **kw)
    losses = []
    for _ in range(5):
        opt.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        opt.step()
        losses.append(loss.detach())
    first = opt.state[model[0].weight]
    return {"losses": losses, "params": list(model.parameters()),
            "state_keys": sorted(first), "step": first["step"],
            "exp_avg": first["exp_avg"], "exp_avg_sq": first["exp_avg_sq"]}


@case("optim", api=OPT_API)
def adam_steps(torch, rng):
    return _adam_run(torch, rng, 4, lr=0.01)


@case("optim", api=OPT_API)
def adam_weight_decay_amsgrad(torch, rng):
    out = _adam_run(torch, rng, 5, lr=0.02, betas=(0.8, 0.99), weight_decay=0.1, amsgrad=True)
    return out


@case("optim", api=OPT_API)
def adamw_steps(torch, rng):
    return _adam_run(torch, rng, 6, cls="AdamW", lr=0.01, weight_decay=0.05)


@case("optim", api=("optim.Optimizer.zero_grad", "optim.SGD"))
def zero_grad_set_to_none_and_zeros(torch, rng):
    w = torch.nn.Parameter(torch.tensor(rng.standard_normal(3).astype("float32")))
    opt = torch.optim.SGD([w], lr=0.1)
    (w * w).sum().backward()
    before = w.grad.clone()
    opt.zero_grad()
    after_none = w.grad
    (w * 3).sum().backward()
    opt.zero_grad(set_to_none=False)
    return {"before": before, "none": after_none, "zeros": w.grad}


@case("optim", api=("optim.Optimizer.step", "optim.SGD"))
def step_skips_params_without_grad(torch, rng):
    a = torch.nn.Parameter(torch.ones(2))
    b = torch.nn.Parameter(torch.ones(2))
    opt = torch.optim.SGD([a, b], lr=0.5, momentum=0.9)
    (a * 2).sum().backward()
    opt.step()
    return {"a": a, "b": b, "n_state": len(opt.state), "b_in_state": b in opt.state}


@case("optim", api=("optim.Optimizer.step", "optim.SGD"))
def step_with_closure_returns_loss(torch, rng):
    w = torch.nn.Parameter(torch.tensor([1.0, -2.0]))
    opt = torch.optim.SGD([w], lr=0.1)

    def closure():
        opt.zero_grad()
        loss = (w ** 2).sum()
        loss.backward()
        return loss

    losses = [opt.step(closure) for _ in range(3)]
    return {"losses": losses, "w": w}


@case("optim", api=("optim", "optim.SGD", "optim.Optimizer.step"))
def param_groups_with_own_options(torch, rng):
    torch.manual_seed(7)
    net = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Linear(2, 1))
    opt = torch.optim.SGD([{"params": net[0].parameters()},
                           {"params": net[1].parameters(), "lr": 0.5, "momentum": 0.9}],
                          lr=0.1)
    x = torch.tensor(rng.standard_normal((4, 2)).astype("float32"))
    for _ in range(2):
        opt.zero_grad()
        net(x).pow(2).mean().backward()
        opt.step()
    groups = [{k: v for k, v in g.items() if k != "params"} for g in opt.param_groups]
    opt.param_groups[0]["lr"] = 0.01
    return {"groups": groups, "params": list(net.parameters()),
            "lr_now": [g["lr"] for g in opt.param_groups]}


@case("optim", api=("optim.Optimizer.state_dict", "optim.SGD"))
def sgd_state_dict_layout(torch, rng):
    torch.manual_seed(8)
    model = torch.nn.Linear(3, 1)
    x, y = _data(torch, rng)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    empty = opt.state_dict()
    _train(torch, model, opt, x, y, steps=2)
    sd = opt.state_dict()
    return {"empty": empty, "keys": list(sd), "state": sd["state"],
            "param_groups": sd["param_groups"]}


@case("optim", api=("optim.Optimizer.state_dict", "optim"))
def adam_state_dict_layout(torch, rng):
    torch.manual_seed(9)
    model = torch.nn.Linear(2, 2)
    x = torch.tensor(rng.standard_normal((3, 2)).astype("float32"))
    opt = torch.optim.Adam(model.parameters(), lr=0.01, weight_decay=0.1)
    for _ in range(2):
        opt.zero_grad()
        model(x).sum().backward()
        opt.step()
    sd = opt.state_dict()
    return {"state": sd["state"], "param_groups": sd["param_groups"],
            "step_type": [type(s["step"]).__name__ for s in sd["state"].values()]}


@case("optim", api=("optim.Optimizer.load_state_dict", "optim.Optimizer.state_dict",
                    "optim.Optimizer.step"))
def load_state_dict_resumes_training(torch, rng):
    x, y = _data(torch, rng)

    def make():
        torch.manual_seed(10)
        m = torch.nn.Linear(3, 1)
        return m, torch.optim.Adam(m.parameters(), lr=0.05)

    m1, o1 = make()
    _train(torch, m1, o1, x, y, steps=2)
    m2, o2 = make()
    m2.load_state_dict(m1.state_dict())
    o2.load_state_dict(o1.state_dict())
    l1 = _train(torch, m1, o1, x, y, steps=2)
    l2 = _train(torch, m2, o2, x, y, steps=2)
    return {"l1": l1, "l2": l2, "same_w": bool((m1.weight == m2.weight).all()),
            "w": m2.weight, "lr": o2.param_groups[0]["lr"],
            "state_is_copy": o2.state[m2.weight]["exp_avg"] is o1.state[m1.weight]["exp_avg"]}


@case("optim", api=("optim.Optimizer.load_state_dict",))
def load_state_dict_errors(torch, rng):
    a, b = torch.nn.Parameter(torch.ones(2)), torch.nn.Parameter(torch.ones(3))
    o1 = torch.optim.SGD([a, b], lr=0.1)
    o2 = torch.optim.SGD([a], lr=0.1)
    o3 = torch.optim.SGD([{"params": [a]}, {"params": [b]}], lr=0.1)
    return {"sizes": catch(o2.load_state_dict, o1.state_dict()),
            "groups": catch(o3.load_state_dict, o1.state_dict())}


@case("optim", api=("optim", "optim.SGD"))
def optimizer_reprs(torch, rng):
    p = torch.nn.Parameter(torch.ones(1))
    return {"sgd": repr(torch.optim.SGD([p], lr=0.1, momentum=0.9)),
            "adam": repr(torch.optim.Adam([p])),
            "adamw": repr(torch.optim.AdamW([p], lr=0.01)),
            "defaults": torch.optim.SGD([p], lr=0.1).defaults}


@case("optim", api=("optim", "optim.SGD"))
def optimizer_argument_errors(torch, rng):
    p = torch.nn.Parameter(torch.ones(1))
    return {"neg_lr": catch(torch.optim.SGD, [p], lr=-0.1),
            "neg_momentum": catch(torch.optim.SGD, [p], lr=0.1, momentum=-1),
            "nesterov": catch(torch.optim.SGD, [p], lr=0.1, nesterov=True),
            "empty": catch(torch.optim.SGD, [], lr=0.1),
            "tensor": catch(torch.optim.SGD, p, lr=0.1),
            "bad_beta": catch(torch.optim.Adam, [p], betas=(1.0, 0.9)),
            "neg_eps": catch(torch.optim.Adam, [p], eps=-1.0),
            "dup": catch(torch.optim.SGD, [p, p], lr=0.1),
            "non_leaf": catch(torch.optim.SGD, [p * 2], lr=0.1)}

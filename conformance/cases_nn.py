"""torch.nn cases: modules built under a seed (so their initial weights are torch's), forward
and backward through them, parameters and their names, state_dict, train/eval, zero_grad,
containers, loss modules and nn.init."""
from harness.case import case, catch


def _x(torch, rng, *shape):
    return torch.tensor(rng.standard_normal(shape).astype("float32"))


@case("nn", api=("nn.Linear", "nn.Linear.weight", "nn.Linear.bias", "manual_seed"))
def linear_seeded_init(torch, rng):
    torch.manual_seed(0)
    lin = torch.nn.Linear(3, 2)
    return {"weight": lin.weight, "bias": lin.bias, "in": lin.in_features,
            "out": lin.out_features}


@case("nn", api=("nn.Linear", "nn.Module.__call__", "nn.Module.forward",
           "behavior:module_call_runs_forward"))
def linear_forward_backward(torch, rng):
    torch.manual_seed(1)
    lin = torch.nn.Linear(4, 3)
    x = _x(torch, rng, 5, 4)
    y = lin(x)
    y.sum().backward()
    return {"y": y, "w.grad": lin.weight.grad, "b.grad": lin.bias.grad}


@case("nn")
def linear_without_bias(torch, rng):
    torch.manual_seed(2)
    lin = torch.nn.Linear(3, 2, bias=False)
    return {"bias": lin.bias, "y": lin(_x(torch, rng, 3)), "n": len(list(lin.parameters()))}


@case("nn", api=("nn.Sequential", "nn.ReLU", "nn.CrossEntropyLoss", "nn.Module.parameters",
           "nn.Module.zero_grad"))
def sequential_mlp_training_step(torch, rng):
    torch.manual_seed(3)
    net = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3))
    x, target = _x(torch, rng, 6, 4), torch.tensor(rng.integers(0, 3, 6))
    loss = torch.nn.CrossEntropyLoss()(net(x), target)
    loss.backward()
    with torch.no_grad():
        for p in net.parameters():
            p -= 0.1 * p.grad
    net.zero_grad()
    return {"loss": loss, "after": net(x), "grads": [p.grad for p in net.parameters()]}


@case("nn", api=("nn.Module.named_parameters", "nn.Module.state_dict"))
def named_parameters_and_state_dict(torch, rng):
    torch.manual_seed(4)
    net = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Tanh(), torch.nn.Linear(3, 1))
    return {"names": [n for n, _ in net.named_parameters()],
            "shapes": [tuple(p.shape) for p in net.parameters()],
            "state_dict": list(net.state_dict().keys()),
            "children": [type(m).__name__ for m in net.children()],
            "modules": [type(m).__name__ for m in net.modules()],
            "len": len(net), "index": type(net[1]).__name__}


@case("nn", api=("nn.Module", "nn.Parameter", "behavior:module_registers_children"))
def custom_module_registration(torch, rng):
    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = torch.nn.Linear(2, 2)
            self.scale = torch.nn.Parameter(torch.ones(1))
            self.plain = torch.ones(1)
            self.register_buffer("running", torch.zeros(2))

        def forward(self, x):
            return self.fc(x) * self.scale + self.running

    torch.manual_seed(5)
    net = Net()
    y = net(_x(torch, rng, 3, 2))
    return {"params": [n for n, _ in net.named_parameters()],
            "buffers": [n for n, _ in net.named_buffers()],
            "state": list(net.state_dict()), "y": y, "training": net.training}


@case("nn", api=("nn.Module.eval", "nn.Module.train"))
def train_eval_flags(torch, rng):
    net = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU())
    r1 = [m.training for m in net.modules()]
    out = net.eval()
    r2 = [m.training for m in net.modules()]
    net.train()
    return {"before": r1, "eval": r2, "returns_self": out is net,
            "after": [m.training for m in net.modules()]}


@case("nn")
def parameter_behaviour(torch, rng):
    p = torch.nn.Parameter(torch.tensor([1.0, 2.0]))
    y = p * 2
    return {"rg": p.requires_grad, "leaf": p.is_leaf, "type": type(p).__name__,
            "is_tensor": isinstance(p, torch.Tensor), "y_type": type(y).__name__,
            "no_grad": torch.nn.Parameter(torch.ones(1), requires_grad=False).requires_grad}


@case("nn", api=("nn.MSELoss", "nn.CrossEntropyLoss"))
def loss_modules(torch, rng):
    x, t = _x(torch, rng, 4, 3), _x(torch, rng, 4, 3)
    idx = torch.tensor(rng.integers(0, 3, 4))
    p = x.sigmoid()
    return {"mse": torch.nn.MSELoss()(x, t), "mse_sum": torch.nn.MSELoss(reduction="sum")(x, t),
            "l1": torch.nn.L1Loss()(x, t), "ce": torch.nn.CrossEntropyLoss()(x, idx),
            "nll": torch.nn.NLLLoss()(x.log_softmax(1), idx),
            "bce": torch.nn.BCELoss()(p, t.sigmoid()),
            "bcel": torch.nn.BCEWithLogitsLoss()(x, t.sigmoid())}


@case("nn", api=("nn.ReLU", "nn.Softmax"))
def activation_modules(torch, rng):
    x = _x(torch, rng, 2, 3)
    return {"relu": torch.nn.ReLU()(x), "sigmoid": torch.nn.Sigmoid()(x),
            "tanh": torch.nn.Tanh()(x), "softmax": torch.nn.Softmax(dim=1)(x),
            "logsoftmax": torch.nn.LogSoftmax(dim=0)(x), "leaky": torch.nn.LeakyReLU(0.2)(x),
            "identity": torch.nn.Identity()(x)}


@case("nn")
def module_containers(torch, rng):
    ml = torch.nn.ModuleList([torch.nn.Linear(2, 2), torch.nn.ReLU()])
    md = torch.nn.ModuleDict({"a": torch.nn.Linear(2, 1), "b": torch.nn.Tanh()})
    ml.append(torch.nn.Tanh())
    return {"ml": [type(m).__name__ for m in ml], "len": len(ml), "md": list(md.keys()),
            "md_params": [n for n, _ in md.named_parameters()],
            "ml_params": [n for n, _ in ml.named_parameters()]}


@case("nn")
def zero_grad_set_to_none(torch, rng):
    lin = torch.nn.Linear(2, 1)
    lin(_x(torch, rng, 3, 2)).sum().backward()
    lin.zero_grad()
    a = lin.weight.grad
    lin(_x(torch, rng, 3, 2)).sum().backward()
    lin.zero_grad(set_to_none=False)
    return {"none": a, "zeros": lin.weight.grad}


@case("nn", api=("nn.Module.apply",))
def module_apply_and_init(torch, rng):
    torch.manual_seed(6)
    net = torch.nn.Sequential(torch.nn.Linear(3, 3), torch.nn.Linear(3, 2))

    def init(m):
        if isinstance(m, torch.nn.Linear):
            torch.nn.init.xavier_uniform_(m.weight)
            torch.nn.init.zeros_(m.bias)

    net.apply(init)
    return [p for p in net.parameters()]


@case("nn")
def nn_init_functions(torch, rng):
    torch.manual_seed(7)
    w = torch.empty(3, 4)
    return {"ones": torch.nn.init.ones_(w.clone()), "zeros": torch.nn.init.zeros_(w.clone()),
            "constant": torch.nn.init.constant_(w.clone(), 0.5),
            "eye": torch.nn.init.eye_(w.clone()),
            "uniform": torch.nn.init.uniform_(w.clone(), -1, 1),
            "normal": torch.nn.init.normal_(w.clone(), 0, 2),
            "kaiming_u": torch.nn.init.kaiming_uniform_(w.clone()),
            "kaiming_n": torch.nn.init.kaiming_normal_(w.clone()),
            "xavier_n": torch.nn.init.xavier_normal_(w.clone()),
            "trunc": torch.nn.init.trunc_normal_(w.clone()),
            "gain": [torch.nn.init.calculate_gain(n) for n in ("relu", "tanh", "linear",
                                                              "sigmoid")]}


@case("nn")
def module_errors(torch, rng):
    lin = torch.nn.Linear(3, 2)
    return {"shape": catch(lin, torch.ones(2, 4)),
            "missing_attr": catch(lambda: lin.nope),
            "requires_grad_": [p.requires_grad for p in lin.requires_grad_(False).parameters()]}


@case("nn")
def module_repr(torch, rng):
    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.body = torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.ReLU())
            self.head = torch.nn.Linear(4, 1, bias=False)

    return {"net": repr(Net()), "linear": repr(torch.nn.Linear(2, 3)),
            "leaky": repr(torch.nn.LeakyReLU(0.1)), "softmax": repr(torch.nn.Softmax(dim=1))}

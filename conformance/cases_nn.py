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


# ---------------------------------------------------------------- conv, pooling, flatten


@case("nn", api=("nn.Conv2d", "nn", "manual_seed"))
def conv2d_seeded_init_forward_backward(torch, rng):
    torch.manual_seed(40)
    conv = torch.nn.Conv2d(2, 3, kernel_size=3, padding=1)
    x = _x(torch, rng, 2, 2, 5, 5)
    y = conv(x)
    y.pow(2).mean().backward()
    return {"weight": conv.weight, "bias": conv.bias, "y": y, "w.grad": conv.weight.grad,
            "b.grad": conv.bias.grad, "params": [n for n, _ in conv.named_parameters()]}


@case("nn", api=("nn.Conv2d",))
def conv2d_options(torch, rng):
    torch.manual_seed(41)
    convs = {"stride": torch.nn.Conv2d(1, 2, 3, stride=2),
             "dilation": torch.nn.Conv2d(1, 2, (2, 3), dilation=2, bias=False),
             "groups": torch.nn.Conv2d(4, 2, 1, groups=2),
             "same": torch.nn.Conv2d(1, 1, 3, padding="same"),
             "valid": torch.nn.Conv2d(1, 1, 2, padding="valid", padding_mode="zeros")}
    x1, x4 = _x(torch, rng, 1, 1, 7, 7), _x(torch, rng, 1, 4, 3, 3)
    return {k: (c(x4 if k == "groups" else x1), c.weight.shape, repr(c)) for k, c in
            convs.items()}


@case("nn", api=("nn.Conv2d",))
def conv2d_attributes_and_errors(torch, rng):
    c = torch.nn.Conv2d(3, 8, 5, stride=(2, 1), padding=2)
    return {"attrs": [c.in_channels, c.out_channels, c.kernel_size, c.stride, c.padding,
                      c.dilation, c.groups, c.padding_mode],
            "channels": catch(c, torch.ones(1, 2, 8, 8)),
            "groups": catch(torch.nn.Conv2d, 3, 4, 1, groups=2),
            "unbatched": c(torch.ones(3, 6, 6)).shape}


@case("nn", api=("nn.Conv2d",))
def conv2d_same_padding_with_stride_refused(torch, rng):
    return catch(torch.nn.Conv2d, 1, 1, 3, stride=2, padding="same")


@case("nn", api=("nn.MaxPool2d", "nn.functional.max_pool2d"))
def maxpool2d_module(torch, rng):
    x = _x(torch, rng, 1, 2, 6, 6).requires_grad_()
    p = torch.nn.MaxPool2d(2)
    y = p(x)
    y.sum().backward()
    p3 = torch.nn.MaxPool2d(3, stride=2, padding=1, return_indices=True)
    y3, idx = p3(x.detach())
    return {"y": y, "grad": x.grad, "y3": y3, "idx": idx, "repr": [repr(p), repr(p3)],
            "ceil": torch.nn.MaxPool2d(2, ceil_mode=True)(x.detach()[..., :5, :5]),
            "dil": torch.nn.MaxPool2d(2, dilation=2)(x.detach())}


@case("nn", api=("nn.Flatten",))
def flatten_module(torch, rng):
    x = _x(torch, rng, 2, 3, 4, 5)
    f = torch.nn.Flatten()
    return {"default": f(x).shape, "values": f(x[:, :1, :1]), "repr": repr(f),
            "dims": torch.nn.Flatten(0, 2)(x).shape, "neg": torch.nn.Flatten(-2)(x).shape,
            "unflatten": torch.nn.Unflatten(1, (2, 30))(f(x)).shape,
            "1d": catch(lambda: f(torch.ones(3)).shape)}


@case("nn", api=("nn.Conv2d", "nn.MaxPool2d", "nn.Flatten", "nn.Sequential", "optim.SGD",
                 "nn.functional"))
def small_cnn_training_steps(torch, rng):
    torch.manual_seed(42)
    net = torch.nn.Sequential(torch.nn.Conv2d(1, 4, 3, padding=1), torch.nn.ReLU(),
                              torch.nn.MaxPool2d(2), torch.nn.Flatten(),
                              torch.nn.Linear(4 * 4 * 4, 3))
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
    x, t = _x(torch, rng, 5, 1, 8, 8), torch.tensor(rng.integers(0, 3, 5))
    losses = []
    for _ in range(3):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(x), t)
        loss.backward()
        opt.step()
        losses.append(loss.detach())
    return {"losses": losses, "conv_w": net[0].weight, "out": net(x), "repr": repr(net)}


@case("nn", api=("nn.functional", "nn.functional.max_pool2d"))
def avgpool2d_and_adaptive(torch, rng):
    x = _x(torch, rng, 1, 2, 5, 7).requires_grad_()
    a = torch.nn.AvgPool2d(2)(x)
    b = torch.nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False)(x)
    c = torch.nn.AdaptiveAvgPool2d((2, 3))(x)
    d = torch.nn.AdaptiveAvgPool2d(1)(x)
    (a.sum() + b.sum() + c.sum() + d.sum()).backward()
    return {"a": a, "b": b, "c": c.detach(), "d": d, "grad": x.grad,
            "reprs": [repr(torch.nn.AvgPool2d(2)), repr(torch.nn.AdaptiveAvgPool2d((2, 3)))],
            "ceil": torch.nn.AvgPool2d(2, ceil_mode=True)(x.detach()),
            "none": torch.nn.AdaptiveAvgPool2d((None, 2))(x.detach()).shape}


@case("nn")
def adaptive_avgpool2d_grad_fn(torch, rng):
    x = _x(torch, rng, 1, 2, 5, 7).requires_grad_()
    return {"uneven": torch.nn.AdaptiveAvgPool2d((2, 3))(x).grad_fn,
            "global": torch.nn.AdaptiveAvgPool2d(1)(x).grad_fn}


# ---------------------------------------------------------------- normalization, embedding, dropout


@case("nn", api=("nn.Module.train", "nn.Module.eval"))
def batchnorm1d_train_eval_running_stats(torch, rng):
    bn = torch.nn.BatchNorm1d(3, momentum=0.2)
    x1, x2 = _x(torch, rng, 4, 3) * 2 + 1, _x(torch, rng, 5, 3)
    y1 = bn(x1)
    y2 = bn(x2)
    stats = [bn.running_mean.clone(), bn.running_var.clone(), bn.num_batches_tracked.clone()]
    bn.eval()
    y3 = bn(x1)
    return {"y1": y1, "y2": y2, "stats": stats, "eval": y3, "repr": repr(bn),
            "buffers": [n for n, _ in bn.named_buffers()],
            "params": [n for n, _ in bn.named_parameters()],
            "3d": torch.nn.BatchNorm1d(2)(_x(torch, rng, 3, 2, 4))}


@case("nn")
def batchnorm_single_value_per_channel_error(torch, rng):
    return catch(torch.nn.BatchNorm1d(3), torch.ones(1, 3))


@case("nn", api=("nn.Module.train",))
def batchnorm2d_backward_and_options(torch, rng):
    bn = torch.nn.BatchNorm2d(2)
    x = _x(torch, rng, 3, 2, 2, 2).requires_grad_()
    y = bn(x)
    (y * torch.arange(24.0).reshape(3, 2, 2, 2)).sum().backward()
    cum = torch.nn.BatchNorm2d(2, momentum=None)
    for _ in range(3):
        cum(_x(torch, rng, 2, 2, 3, 3))
    nt = torch.nn.BatchNorm2d(2, affine=False, track_running_stats=False)
    nt.eval()
    return {"y": y, "x.grad": x.grad, "w.grad": bn.weight.grad, "b.grad": bn.bias.grad,
            "cum_mean": cum.running_mean, "cum_var": cum.running_var,
            "nt": nt(x.detach()), "nt_buffers": [n for n, _ in nt.named_buffers()],
            "nt_mean": nt.running_mean, "dim": catch(bn, torch.ones(2, 2))}


@case("nn")
def layernorm_module(torch, rng):
    ln = torch.nn.LayerNorm(4)
    x = _x(torch, rng, 2, 3, 4).requires_grad_()
    y = ln(x)
    (y ** 3).sum().backward()
    ln2 = torch.nn.LayerNorm([3, 4], eps=1e-3, elementwise_affine=False)
    ln3 = torch.nn.LayerNorm(4, bias=False)
    return {"y": y, "x.grad": x.grad, "w.grad": ln.weight.grad, "b.grad": ln.bias.grad,
            "y2": ln2(x.detach()), "reprs": [repr(ln), repr(ln3)],
            "params3": [n for n, _ in ln3.named_parameters()],
            "shape": catch(ln, torch.ones(2, 3))}


@case("nn")
def layernorm_repr_without_affine(torch, rng):
    return [repr(torch.nn.LayerNorm((3, 4), eps=1e-3, elementwise_affine=False)),
            repr(torch.nn.LayerNorm(2, elementwise_affine=False, bias=False))]


@case("nn")
def embedding_padding_idx(torch, rng):
    torch.manual_seed(43)
    emb = torch.nn.Embedding(6, 3, padding_idx=0)
    idx = torch.tensor([[0, 2, 5], [2, 0, 1]])
    y = emb(idx)
    y.sum().backward()
    neg = torch.nn.Embedding(4, 2, padding_idx=-1)
    return {"weight": emb.weight.detach().clone(), "y": y, "grad": emb.weight.grad,
            "repr": [repr(emb), repr(neg)], "neg_idx": neg.padding_idx, "neg_row": neg.weight[3],
            "oob": catch(emb, torch.tensor([6])), "float": catch(emb, torch.tensor([1.0])),
            "bad_pad": catch(torch.nn.Embedding, 3, 2, padding_idx=3),
            "pretrained": torch.nn.Embedding.from_pretrained(torch.eye(3))(torch.tensor([2])),
            "frozen": torch.nn.Embedding.from_pretrained(torch.eye(3)).weight.requires_grad}


@case("nn", api=("nn.Module.train", "nn.Module.eval", "manual_seed"))
def dropout_train_eval_seeded(torch, rng):
    torch.manual_seed(44)
    d = torch.nn.Dropout(0.3)
    x = torch.ones(4, 5, requires_grad=True)
    y = d(x)
    y.sum().backward()
    d.eval()
    y_eval = d(x)
    torch.manual_seed(45)
    f = torch.nn.functional.dropout(torch.ones(8), p=0.5, training=True)
    return {"y": y, "grad": x.grad, "eval": y_eval, "eval_is_x": y_eval is x, "f": f,
            "repr": repr(d), "p1": torch.nn.Dropout(1.0)(torch.ones(3)),
            "bad": catch(torch.nn.Dropout, 1.5), "inplace": repr(torch.nn.Dropout(0.1, True))}

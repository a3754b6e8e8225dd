"""Device cases: torch.device objects (parsing, repr, str, type, index, equality, hashing,
errors), tensors' devices and .to(device), torch.cuda.is_available and torch.accelerator on a
CPU-only machine, set_default_device / get_default_device, and nn.Module.to (dtype and device)."""
from harness.case import case, catch


@case("device", api=("device",))
def device_objects(torch, rng):
    specs = ["cpu", "cuda", "cuda:1", "mps", "meta", "cpu:0"]
    out = {}
    for s in specs:
        d = torch.device(s)
        out[s] = [repr(d), str(d), d.type, d.index]
    out["pair"] = repr(torch.device("cuda", 2))
    out["eq"] = [torch.device("cpu") == torch.device("cpu"),
                 torch.device("cpu") == torch.device("cpu:0"),
                 torch.device("cuda:0") == torch.device("cuda", 0)]
    out["hash"] = hash(torch.device("cpu")) == hash(torch.device("cpu"))
    out["copy"] = repr(torch.device(torch.device("cuda:3")))
    out["type"] = type(torch.device("cpu")).__name__
    return out


@case("device", api=("device",))
def device_errors(torch, rng):
    return {"bad": catch(torch.device, "gpu"), "bad_index": catch(torch.device, "cuda:x"),
            "neg": catch(torch.device, "cuda:-1"), "twice": catch(torch.device, "cuda:0", 1)}


@case("device", api=("device",))
def device_string_edge_errors(torch, rng):
    return {"empty": catch(torch.device, ""), "colon": catch(torch.device, "cuda:"),
            "no_type": catch(torch.device, "0"),
            "int_without_accelerator": catch(torch.device, 0)}


@case("device", api=("cuda.is_available", "accelerator.is_available",
                     "accelerator.current_accelerator"))
def cpu_only_accelerators(torch, rng):
    return {"cuda": torch.cuda.is_available(), "count": torch.cuda.device_count(),
            "acc": torch.accelerator.is_available(),
            "current": torch.accelerator.current_accelerator(),
            "current_check": torch.accelerator.current_accelerator(check_available=True),
            "device_count": torch.accelerator.device_count()}


@case("device", api=("cuda.is_available", "device", "accelerator.current_accelerator",
                     "accelerator.is_available"))
def device_selection_idiom(torch, rng):
    dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    acc = torch.accelerator.current_accelerator()
    dev2 = acc if torch.accelerator.is_available() else torch.device("cpu")
    x = torch.ones(2, device=dev)
    return {"dev": dev, "dev_repr": repr(dev), "dev2": repr(dev2), "x_dev": repr(x.device),
            "x": x.to(dev), "same": x.to(dev) is x}


@case("device", api=("Tensor.device", "Tensor.to", "device"))
def tensor_devices_and_to(torch, rng):
    x = torch.tensor(rng.standard_normal(3).astype("float32"))
    y = x.to("cpu")
    z = x.to(torch.device("cpu"), dtype=torch.float64)
    return {"device": repr(x.device), "is_cpu": x.is_cpu, "same": y is x, "z": z,
            "z_dev": str(z.device), "cuda": catch(x.to, "cuda"), "cuda_t": catch(x.cuda),
            "new": catch(torch.zeros, 2, device="cuda:0"), "cpu": x.cpu() is x,
            "get_device": x.get_device()}


@case("device", api=("set_default_device",))
def set_default_device_cpu(torch, rng):
    try:
        before = torch.get_default_device()
        torch.set_default_device("cpu")
        inside = [repr(torch.get_default_device()), repr(torch.ones(2).device),
                  repr(torch.tensor([1.0]).device)]
        torch.set_default_device(torch.device("cpu"))
        again = repr(torch.arange(3).device)
        err = catch(torch.set_default_device, "cuda")
    finally:
        torch.set_default_device(None)
    return {"before": repr(before), "inside": inside, "again": again,
            "after": repr(torch.get_default_device()), "err_type": type(err).__name__}


@case("device", api=("nn.Module.to",))
def module_to_dtype(torch, rng):
    torch.manual_seed(30)
    m = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.BatchNorm1d(2))
    ret = m.to(torch.float64)
    x = torch.tensor(rng.standard_normal((4, 3)))
    out = m(x)
    m.half()
    half = [p.dtype for p in m.state_dict().values()]
    m.float()
    return {"returns_self": ret is m, "dtypes": [p.dtype for p in ret.state_dict().values()],
            "out": out, "half": half, "float": [p.dtype for p in m.parameters()],
            "is_param": type(m[0].weight).__name__, "leaf": m[0].weight.is_leaf}


@case("device", api=("nn.Module.to", "device"))
def module_to_device_and_errors(torch, rng):
    torch.manual_seed(31)
    m = torch.nn.Linear(2, 2)
    w = m.weight
    r1 = m.to("cpu")
    r2 = m.to(torch.device("cpu"), torch.float32)
    r3 = m.to(torch.zeros(1, dtype=torch.float64))
    return {"same": [r1 is m, r2 is m, r3 is m], "weight_same_obj": m.weight is w,
            "dtype": m.weight.dtype, "dev": repr(m.weight.device),
            "int": catch(m.to, torch.int64), "cuda": catch(m.to, "cuda"),
            "bad": catch(m.to, "nope")}


@case("device", api=("nn.Module.to",))
def module_to_keeps_grad_and_training(torch, rng):
    torch.manual_seed(32)
    m = torch.nn.Linear(2, 1)
    m(torch.ones(1, 2)).sum().backward()
    m.eval()
    m.to(torch.float64)
    return {"grad": m.weight.grad, "training": m.training, "rg": m.weight.requires_grad}

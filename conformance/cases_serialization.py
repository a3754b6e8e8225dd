"""torch.save / torch.load cases (round trips through io.BytesIO): tensors of several dtypes,
views sharing storage, containers, Parameters and requires_grad, module and optimizer
state_dicts, weights_only loading and its errors, and nn.Module.load_state_dict (strict and not)."""
from harness.case import case, catch

SER_API = ("save", "load")


def _roundtrip(torch, obj, **load_kw):
    import io
    buf = io.BytesIO()
    torch.save(obj, buf)
    buf.seek(0)
    return torch.load(buf, **load_kw)


@case("serialization", api=SER_API)
def save_load_tensors(torch, rng):
    objs = {"f32": torch.tensor(rng.standard_normal((2, 3)).astype("float32")),
            "f64": torch.tensor(rng.standard_normal(3)),
            "i64": torch.arange(5), "bool": torch.tensor([True, False]),
            "i8": torch.tensor([1, -2], dtype=torch.int8), "scalar": torch.tensor(3.5),
            "empty": torch.empty(0, 2), "t": torch.arange(6.0).reshape(2, 3).t()}
    back = _roundtrip(torch, objs)
    return {"back": back, "strides": {k: v.stride() for k, v in back.items()},
            "contig": back["t"].is_contiguous(), "type": type(back).__name__}


@case("serialization", api=SER_API)
def save_load_shared_storage(torch, rng):
    base = torch.arange(6.0)
    pair = _roundtrip(torch, [base, base[2:4], base])
    pair[1].fill_(-1.0)
    return {"base": pair[0], "view": pair[1], "same_object": pair[0] is pair[2]}


@case("serialization", api=SER_API)
def save_load_view_keeps_storage_offset(torch, rng):
    base = torch.arange(6.0)
    back = _roundtrip(torch, [base, base[2:4]])
    return {"offset": back[1].storage_offset(), "stride": back[1].stride(),
            "base_offset": back[0].storage_offset()}


@case("serialization", api=SER_API + ("nn.Parameter",))
def save_load_requires_grad_and_parameter(torch, rng):
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    p = torch.nn.Parameter(torch.ones(2))
    a2, p2, n = _roundtrip(torch, (a, p, None))
    return {"a": a2, "p": p2, "p_type": type(p2).__name__, "none": n,
            "container": type(_roundtrip(torch, (a, p))).__name__}


@case("serialization", api=SER_API)
def save_load_python_values(torch, rng):
    obj = {"int": 3, "float": 2.5, "str": "x", "list": [1, (2, 3)], "nested": {"k": [None]},
           "dtype": torch.float16, "size": torch.Size([2, 3])}
    return _roundtrip(torch, obj)


@case("serialization", api=SER_API + ("nn.Module.state_dict", "nn.Module.load_state_dict"))
def module_state_dict_roundtrip(torch, rng):
    torch.manual_seed(20)
    src = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    sd = _roundtrip(torch, src.state_dict())
    torch.manual_seed(21)
    dst = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    before = dst[0].weight.clone()
    res = dst.load_state_dict(sd)
    x = torch.tensor(rng.standard_normal((2, 3)).astype("float32"))
    return {"keys": list(sd), "sd_type": type(sd).__name__, "result": res,
            "result_repr": repr(res), "before": before, "after": dst[0].weight,
            "same_out": bool((src(x) == dst(x)).all()),
            "copied": dst[0].weight is not sd["0.weight"],
            "rg": dst[0].weight.requires_grad}


@case("serialization", api=SER_API + ("optim.Optimizer.state_dict",
                                      "optim.Optimizer.load_state_dict", "optim.SGD"))
def optimizer_state_dict_roundtrip(torch, rng):
    torch.manual_seed(22)
    m = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
    x = torch.tensor(rng.standard_normal((3, 2)).astype("float32"))
    m(x).sum().backward()
    opt.step()
    sd = _roundtrip(torch, opt.state_dict())
    opt2 = torch.optim.SGD(m.parameters(), lr=0.5)
    opt2.load_state_dict(sd)
    return {"sd": sd, "groups": [{k: v for k, v in g.items() if k != "params"}
                                 for g in opt2.param_groups],
            "buf": opt2.state[m.weight]["momentum_buffer"]}


@case("serialization", api=("nn.Module.load_state_dict",))
def load_state_dict_strict_errors(torch, rng):
    torch.manual_seed(23)
    m = torch.nn.Linear(3, 2)
    sd = m.state_dict()
    missing = {"weight": sd["weight"]}
    extra = dict(sd, extra=torch.ones(1))
    wrong = {"weight": torch.ones(3, 3), "bias": sd["bias"]}
    loose = m.load_state_dict(dict(missing, other=torch.zeros(1)), strict=False)
    return {"missing": catch(m.load_state_dict, missing),
            "unexpected": catch(m.load_state_dict, extra),
            "shape": catch(m.load_state_dict, wrong),
            "loose": loose, "loose_missing": loose.missing_keys,
            "loose_unexpected": loose.unexpected_keys}


@case("serialization", api=("nn.Module.load_state_dict", "nn.Module.state_dict"))
def state_dict_is_detached_and_ordered(torch, rng):
    torch.manual_seed(24)
    m = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.BatchNorm1d(2))
    sd = m.state_dict()
    kept = m.state_dict(keep_vars=True)
    return {"keys": list(sd), "rg": [v.requires_grad for v in sd.values()],
            "keep_vars_rg": [v.requires_grad for v in kept.values()],
            "type": type(sd).__name__, "bn_batches": sd["1.num_batches_tracked"],
            "prefix": list(m[0].state_dict(prefix="p.").keys())}


@case("serialization", api=SER_API)
def load_weights_only_rejects_arbitrary_objects(torch, rng):
    import fractions
    import io
    buf = io.BytesIO()
    torch.save({"t": fractions.Fraction(1, 3)}, buf)
    buf.seek(0)
    err = catch(torch.load, buf)
    buf.seek(0)
    ok = torch.load(buf, weights_only=False)
    return {"err_type": type(err).__name__, "ok": str(ok["t"]),
            "mentions_weights_only": "weights_only" in str(err)}


@case("serialization", api=SER_API)
def load_map_location(torch, rng):
    t = torch.arange(4.0)
    back = _roundtrip(torch, t, map_location="cpu")
    back2 = _roundtrip(torch, t, map_location=torch.device("cpu"))
    return {"back": back, "device": str(back.device), "back2": back2}

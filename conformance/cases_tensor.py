"""Tensor-object cases: metadata (shape, size, stride, contiguity), Python protocols (len, iter,
bool, float, int, index, contains, format), views sharing memory and version counters,
in-place methods (fill_, zero_, copy_, setitem), numpy interop and the legacy constructors."""
import numpy as np

from harness.case import case, catch


def _t(torch, rng, *shape):
    return torch.tensor(rng.standard_normal(shape).astype("float32"))


@case("tensor", api=("Tensor.shape", "Tensor.size", "Tensor.dtype", "Tensor.device"))
def metadata(torch, rng):
    t = _t(torch, rng, 2, 3, 4)
    return {"shape": t.shape, "size": t.size(), "size1": t.size(1), "size-1": t.size(-1),
            "dim": t.dim(), "ndim": t.ndim, "ndimension": t.ndimension(), "numel": t.numel(),
            "nelement": t.nelement(), "element_size": t.element_size(), "dtype": t.dtype,
            "device": t.device, "is_cuda": t.is_cuda, "is_cpu": t.is_cpu,
            "stride": t.stride(), "stride0": t.stride(0), "contiguous": t.is_contiguous(),
            "fp": t.is_floating_point(), "complex": t.is_complex(),
            "get_device": t.get_device(), "size_err": catch(t.size, 3)}


@case("tensor", api=("Size", "behavior:size_is_tuple"))
def size_is_a_tuple(torch, rng):
    s = _t(torch, rng, 2, 3).shape
    return {"tuple": isinstance(s, tuple), "eq": s == (2, 3), "repr": repr(s), "str": str(s),
            "numel": s.numel(), "slice": s[1:], "add": s + (4,), "type": type(s[1:]).__name__}


@case("tensor")
def views_and_contiguity(torch, rng):
    t = _t(torch, rng, 3, 4)
    views = {"t": t.t(), "T": t.T, "slice": t[:, ::2], "row": t[1], "col": t[:, 1],
             "expand": t[:1].expand(3, 4), "unsqueeze": t.unsqueeze(0),
             "transpose": t.transpose(0, 1), "view": t.view(12), "narrow": t.narrow(1, 1, 2),
             "permute": t.permute(1, 0)}
    return {k: (v.is_contiguous(), v.stride(), v._is_view(), v._base is t,
                v.storage_offset()) for k, v in views.items()}


@case("tensor")
def views_share_memory(torch, rng):
    t = torch.zeros(3, 4)
    t.view(12)[0] = 1.0
    t.t()[1, 0] = 2.0
    t[2].fill_(3.0)
    t[:, 3] += 4.0
    return {"t": t, "version": t._version}


@case("tensor")
def contiguous_copies_only_when_needed(torch, rng):
    t = _t(torch, rng, 3, 4)
    c = t.contiguous()
    tt = t.t().contiguous()
    return {"same": c is t, "tt": tt, "tt_contig": tt.is_contiguous(), "stride": tt.stride()}


@case("tensor")
def view_of_non_contiguous_fails(torch, rng):
    t = _t(torch, rng, 3, 4).t()
    return {"view": catch(lambda: t.view(12)), "reshape": t.reshape(12)}


@case("tensor", api=("Tensor.__len__", "Tensor.__iter__", "Tensor.__float__", "Tensor.__index__",
           "Tensor.__bool__", "Tensor.__format__", "behavior:scalar_tensor_python_protocols"))
def python_protocols(torch, rng):
    t = torch.tensor([1.5, -2.0, 3.0])
    s = torch.tensor(2.5)
    i = torch.tensor(3)
    return {"len": len(t), "iter": list(t), "float": float(s), "int": int(s),
            "int_of_int": int(i), "index": [10, 20, 30, 40][i], "bool": bool(s),
            "bool_zero": bool(torch.tensor(0.0)), "contains": 3.0 in t, "not_contains": 7 in t,
            "format": f"{s:.3f}", "format_int": f"{i:4d}", "str_format": f"{t}",
            "round": round(s.item(), 1), "abs": abs(t), "neg": -t, "pos": +t}


@case("tensor")
def python_protocol_errors(torch, rng):
    t = torch.tensor([1.0, 2.0])
    z = torch.tensor(1.0)
    return {"len0d": catch(len, z), "iter0d": catch(iter, z), "float": catch(float, t),
            "int": catch(int, t), "bool": catch(bool, t), "bool_empty": catch(bool, torch.zeros(0)),
            "index_float": catch(lambda: [1, 2][torch.tensor(1.0)]),
            "item": catch(t.item), "hash_distinct": hash(t) != hash(z)}


@case("tensor", api=("Tensor.item",))
def item_and_tolist(torch, rng):
    return {"item": torch.tensor([[2.5]]).item(), "tolist": torch.tensor([[1, 2], [3, 4]]).tolist(),
            "tolist0d": torch.tensor(1.5).tolist(), "bool": torch.tensor([True, False]).tolist()}


@case("tensor")
def inplace_methods(torch, rng):
    t = _t(torch, rng, 2, 3)
    a = t.clone().fill_(2.5)
    b = t.clone().zero_()
    c = t.clone().copy_(torch.tensor([1.0, 2.0, 3.0]))
    d = t.clone()
    d.add_(1).mul_(2).sub_(torch.ones(3)).div_(4)
    e = torch.zeros(3, dtype=torch.int64).copy_(torch.tensor([1.7, -2.5, 3.2]))
    return {"fill_": a, "zero_": b, "copy_": c, "chain": d, "copy_cast": e,
            "returns_self": t.zero_() is t, "fill_tensor": t.clone().fill_(torch.tensor(7.0))}


@case("tensor")
def setitem_forms(torch, rng):
    t = torch.zeros(3, 4)
    t[0] = 1.0
    t[1, 2] = 5
    t[:, 0] = torch.tensor([7.0, 8.0, 9.0])
    t[t > 4] = -1.0
    t[[2, 0], 3] = torch.tensor([0.5, 0.25])
    t[..., 1] = torch.tensor(3.0)
    t[2:, 1:3] = 6
    return t


@case("tensor")
def setitem_errors(torch, rng):
    t = torch.zeros(3, 4)
    return {"shape": catch(lambda: t.__setitem__(0, torch.ones(3))),
            "index": catch(lambda: t.__setitem__(5, 1.0)),
            "int_into_float": catch(lambda: t.__setitem__(0, torch.tensor([1, 2, 3, 4]))) or t}


@case("tensor")
def getitem_views_and_copies(torch, rng):
    t = torch.arange(12.0).reshape(3, 4)
    basic = t[1:, ::2]
    adv = t[[0, 2]]
    basic[0, 0] = 100.0
    adv[0, 0] = -100.0
    return {"t": t, "basic_is_view": basic._is_view(), "adv_is_view": adv._is_view()}


@case("tensor")
def getitem_with_tensors_as_indices(torch, rng):
    t = torch.arange(12).reshape(3, 4)
    return {"0d_long": t[torch.tensor(1)], "long": t[torch.tensor([0, 2])],
            "bool": t[torch.tensor([True, False, True])], "pair": t[torch.tensor([0, 1]),
                                                                 torch.tensor([2, 3])],
            "neg": t[-1, -2], "none": t[None].shape, "ellipsis": t[..., 0],
            "step": t[::2, 1::2], "empty": t[3:], "bool_scalar": t[True].shape}


@case("tensor", api=("from_numpy", "Tensor.numpy"))
def numpy_interop(torch, rng):
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    t = torch.from_numpy(a)
    a[0, 0] = 100.0  # from_numpy shares memory
    n = t.numpy()
    n[1, 1] = -1.0  # so does .numpy()
    return {"t": t, "asarray": np.asarray(torch.tensor([1.5, 2.5])),
            "array_dtype": np.asarray(torch.tensor([1, 2])).dtype.name,
            "np_plus_tensor": type(np.float64(2.0) * torch.tensor([1.0])).__name__,
            "tensor_from_np_scalar": torch.tensor(np.float32(2.0))}


@case("tensor")
def legacy_constructors(torch, rng):
    return {"Tensor_list": torch.Tensor([1, 2]), "Tensor_shape": torch.Tensor(2, 3).shape,
            "FloatTensor": catch(lambda: torch.FloatTensor([1, 2])),
            "LongTensor": catch(lambda: torch.LongTensor([1, 2]))}


@case("tensor", api=("Tensor.new_ones",))
def new_factories(torch, rng):
    t = torch.tensor([1, 2], dtype=torch.int16)
    return {"new_zeros": t.new_zeros(2, 3), "new_ones": t.new_ones((2,)),
            "new_full": t.new_full((2,), 7), "new_tensor": t.new_tensor([1.5]),
            "new_empty": t.new_empty(3).shape,
            "new_zeros_dtype": t.new_zeros(2, dtype=torch.float64)}


@case("tensor")
def clone_and_detach_copy_semantics(torch, rng):
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    c = a.clone()
    d = a.detach().clone()
    return {"clone": c, "detach_clone": d}


@case("tensor")
def version_counter_bumps(torch, rng):
    t = torch.zeros(3)
    v = [t._version]
    t.add_(1)
    v.append(t._version)
    t[0] = 2
    v.append(t._version)
    t.view(3).mul_(2)
    v.append(t._version)
    return v


@case("tensor")
def requires_grad_setter(torch, rng):
    t = torch.zeros(3)
    t.requires_grad = True
    r1 = t.requires_grad
    t.requires_grad_(False)
    return {"r1": r1, "r2": t.requires_grad, "chain": torch.ones(2).requires_grad_() is not None}


@case("tensor")
def cpu_cuda_device_stubs(torch, rng):
    t = torch.ones(2)
    return {"cpu": t.cpu() is t, "device": str(t.device), "device_obj": torch.device("cpu"),
            "to_same": t.to(t.device) is t, "cuda": catch(t.cuda)}


@case("tensor")
def no_numpy_warnings_leak(torch, rng):
    a = torch.tensor([-1.0, 0.0, 2.0])
    return {"pow": a ** 0.5, "log": a.log(), "div": a / 0, "sqrt": a.sqrt(),
            "int_pow": torch.tensor([2]) ** 70}

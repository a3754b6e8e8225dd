"""Dtype cases: torch's promotion table (tensor-tensor, tensor-0-d, tensor-Python scalar) for
arithmetic, division and comparison; dtype inference of factories; the default dtype; dtype
objects' attributes; conversions with .to / .type / .float ..."""
from harness.case import case, catch

DTYPES = ("bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64",
          "complex64", "complex128")
SCALARS = {"True": True, "2": 2, "2.5": 2.5, "1j": 1j}


def _make(torch, name, shape=(2,)):
    return torch.ones(shape, dtype=getattr(torch, name))


def _promotion(op):
    """One case per left dtype: the result dtype of ``op`` against every right operand."""
    def body(left):
        def fn(torch, rng):
            a = _make(torch, left)
            out = {}
            for right in DTYPES:
                b1, b0 = _make(torch, right), _make(torch, right, ())
                out[f"t:{right}"] = catch(lambda b=b1: op(a, b).dtype)
                out[f"0d:{right}"] = catch(lambda b=b0: op(a, b).dtype)
            for label, s in SCALARS.items():
                out[f"s:{label}"] = catch(lambda b=s: op(a, b).dtype)
            return out
        fn.__name__ = f"promotion_{op.__name__}_{left}"
        return fn
    return body


def _add(a, b):
    return a + b


def _div(a, b):
    return a / b


def _lt(a, b):
    return a < b


def _floordiv(a, b):
    return a // b


_SYMBOL = {"_add": "+", "_div": "/", "_lt": "<", "_floordiv": "//"}
for _op in (_add, _div, _lt, _floordiv):
    for _left in DTYPES:
        _sym = _SYMBOL[_op.__name__]
        case("dtypes", f"promotion{_op.__name__}/{_left}", snippet=(
            f"import torch\na = torch.ones(2, dtype=torch.{_left})\n"
            f"for right in {list(DTYPES)}:\n"
            f"    b = torch.ones(2, dtype=getattr(torch, right))\n"
            f"    print(right, (a {_sym} b).dtype, (a {_sym} b[0]).dtype)\n"
            f"for s in {list(SCALARS.values())}:\n    print(s, (a {_sym} s).dtype)"))(
            _promotion(_op)(_left))


@case("dtypes")
def bfloat16_arithmetic(torch, rng):
    out = {}
    for name in DTYPES:
        out[name] = catch(lambda n=name: (torch.ones(2, dtype=torch.bfloat16)
                                          + torch.ones(2, dtype=getattr(torch, n))).dtype)
    out["value"] = catch(lambda: torch.tensor([1.5, 2.25], dtype=torch.bfloat16) * 3)
    return out


@case("dtypes")
def promote_types_table(torch, rng):
    names = DTYPES + ("bfloat16",)
    return {f"{a},{b}": torch.promote_types(getattr(torch, a), getattr(torch, b))
            for a in names for b in names}


@case("dtypes")
def tensor_dtype_inference(torch, rng):
    import numpy as np
    data = {"floats": [1.0, 2.0], "ints": [1, 2], "bools": [True], "mixed": [1, 2.5],
            "complex": [1j], "float_scalar": 2.5, "int_scalar": 3, "bool_scalar": False,
            "nested": [[1, 2], [3, 4]], "np_f64": np.zeros(2), "np_f32": np.zeros(2, np.float32),
            "np_i32": np.zeros(2, np.int32), "np_scalar": np.float64(1.5),
            "list_of_np": [np.float32(1.0)]}
    return {k: torch.tensor(v).dtype for k, v in data.items()}


@case("dtypes")
def factory_default_dtypes(torch, rng):
    return {"zeros": torch.zeros(2).dtype, "arange_int": torch.arange(3).dtype,
            "arange_float": torch.arange(3.0).dtype, "arange_mixed": torch.arange(0, 1, 0.5).dtype,
            "full_int": torch.full((2,), 3).dtype, "full_bool": torch.full((2,), True).dtype,
            "full_float": torch.full((2,), 1.5).dtype, "linspace": torch.linspace(0, 1, 3).dtype,
            "eye": torch.eye(2).dtype, "ones_like_int": torch.ones_like(torch.tensor([1])).dtype,
            "randn": torch.randn(2).dtype, "randint": torch.randint(0, 3, (2,)).dtype,
            "empty": torch.empty(2).dtype}


@case("dtypes")
def set_default_dtype_float64(torch, rng):
    torch.set_default_dtype(torch.float64)
    out = {"default": torch.get_default_dtype(), "tensor": torch.tensor([1.5]).dtype,
           "zeros": torch.zeros(1).dtype, "arange": torch.arange(2.0).dtype,
           "int_div": (torch.tensor([3]) / 2).dtype, "float32_plus_scalar":
           (torch.ones(1, dtype=torch.float32) * 2.5).dtype,
           "int_plus_float": (torch.tensor([1]) + 1.5).dtype}
    torch.set_default_dtype(torch.float32)
    return out


@case("dtypes")
def set_default_dtype_refuses_int(torch, rng):
    return catch(torch.set_default_dtype, torch.int64)


@case("dtypes", api=("dtype",))
def dtype_attributes(torch, rng):
    out = {}
    for name in DTYPES:
        d = getattr(torch, name)
        out[name] = (str(d), repr(d), d.is_floating_point, d.is_complex, d.is_signed, d.itemsize)
    return out


@case("dtypes")
def dtype_aliases_are_same_objects(torch, rng):
    return {"float": torch.float is torch.float32, "double": torch.double is torch.float64,
            "half": torch.half is torch.float16, "long": torch.long is torch.int64,
            "int": torch.int is torch.int32, "short": torch.short is torch.int16,
            "cfloat": torch.cfloat is torch.complex64, "cdouble": torch.cdouble is torch.complex128}


@case("dtypes", api=("Tensor.to", "Tensor.float", "Tensor.type", "long", "double", "float"))
def tensor_conversions(torch, rng):
    t = torch.tensor([1.7, -2.2, 0.0])
    return {"float": t.float(), "double": t.double(), "long": t.long(), "int": t.int(),
            "bool": t.bool(), "half": t.half(), "short": t.short(), "byte": t.abs().byte(),
            "char": t.char(), "to_dtype": t.to(torch.int64), "to_kw": t.to(dtype=torch.float64),
            "to_like": t.to(torch.tensor([1])), "type_str": t.type(),
            "type_conv": t.type(torch.float64),
            "type_as": t.type_as(torch.tensor([1], dtype=torch.int16)),
            "to_device": t.to("cpu"), "to_device_dtype": t.to("cpu", torch.float64)}


@case("dtypes")
def to_same_dtype_returns_self(torch, rng):
    t = torch.tensor([1.0])
    return {"same": t.to(torch.float32) is t, "copy": t.to(torch.float32, copy=True) is t,
            "float": t.float() is t}


@case("dtypes")
def to_keeps_grad_graph(torch, rng):
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    y = a.to(torch.float64)
    y.sum().backward()
    return {"y": y, "grad": a.grad}


@case("dtypes")
def int_overflow_wraps(torch, rng):
    a = torch.tensor([2 ** 62], dtype=torch.int64)
    b = torch.tensor([250], dtype=torch.uint8)
    return {"int64": a * 4, "uint8": b + 10, "int8": torch.tensor([127], dtype=torch.int8) + 1}


@case("dtypes")
def integer_division_and_modulo(torch, rng):
    a = torch.tensor([-7, 7, -8, 9])
    b = torch.tensor([2, -2, 3, 4])
    return {"div": a / b, "floor": a // b, "mod": a % b, "fmod": torch.fmod(a, b),
            "div_floor": torch.div(a, b, rounding_mode="floor"),
            "div_trunc": torch.div(a, b, rounding_mode="trunc"),
            "by_zero_int": catch(lambda: a // torch.zeros(4, dtype=torch.int64)),
            "by_zero_float": torch.tensor([1.0, -1.0, 0.0]) / 0}


@case("dtypes")
def inplace_promotion_rules(torch, rng):
    i = torch.tensor([1, 2])
    f = torch.tensor([1.0, 2.0])
    return {"int_iadd_float": catch(lambda: i.add_(1.5)), "float_iadd_int": f.add_(1),
            "int_imul_int": i.clone().mul_(3),
            "float32_iadd_float64": f.clone().add_(torch.tensor([1.0], dtype=torch.float64)),
            "bool_iadd": catch(lambda: torch.tensor([True]).add_(1))}


@case("dtypes")
def result_type_and_can_cast(torch, rng):
    return {"rt": torch.result_type(torch.tensor([1]), 1.0),
            "rt2": torch.result_type(torch.tensor([1], dtype=torch.uint8), torch.tensor(-1)),
            "cc": [torch.can_cast(torch.float32, torch.int32), torch.can_cast(torch.int32,
                                                                              torch.float32)]}


@case("dtypes")
def item_and_python_number_types(torch, rng):
    return {"float": torch.tensor(1.5).item(), "int": torch.tensor(3).item(),
            "bool": torch.tensor(True).item(),
            "float64": torch.tensor(0.1, dtype=torch.float64).item(),
            "float32_item": torch.tensor(0.1).item(), "tolist": torch.tensor([[1, 2]]).tolist(),
            "tolist_f": torch.tensor([0.1, 0.2]).tolist()}

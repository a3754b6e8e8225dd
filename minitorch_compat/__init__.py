"""minitorch_compat: the ``torch`` namespace over NumPy. ``import minitorch_compat as torch``, or
run ``python -m minitorch_compat script.py`` for scripts that ``import torch``."""
from . import _dtype
from ._creation import (BoolTensor, ByteTensor, CharTensor, DoubleTensor, FloatTensor,
                        HalfTensor, IntTensor, LongTensor, ShortTensor, arange, as_tensor, asarray,
                        empty, empty_like, eye, from_numpy, full, full_like, is_complex,
                        is_floating_point, is_nonzero, is_tensor, linspace, logspace, numel, ones,
                        ones_like, range, scalar_tensor, tensor, zeros, zeros_like)
from ._device import Size, device, get_default_device, set_default_device
from ._dtype import (bfloat16, bool, can_cast, cdouble, cfloat, complex64, complex128, double,
                     dtype, float, float16, float32, float64, get_default_dtype, half, int,
                     int8, int16, int32, int64, long, promote_types, result_type,
                     set_default_dtype, short, uint8, uint16, uint32, uint64)
from ._ops import gather, positive, repeat_interleave, scatter, scatter_add
from ._torch_functions import (batch_norm, conv1d, conv2d, dropout, embedding, layer_norm,
                               max_pool2d)
from ._ops import (abs, absolute, acos, add, addmm, all, amax, amin, any, argmax, argmin, asin,
                   atan, atan2, bitwise_and, bitwise_not, bitwise_or, bitwise_xor, bmm, cat,
                   ceil, chunk, clamp, clip, clone, concat, concatenate, cos, cosh,
                   count_nonzero, cumsum, div, divide, dot, einsum, eq, exp, expm1, flatten,
                   flip, floor, floor_divide, fmod, ge, ger, greater, greater_equal, gt,
                   index_select, inner, isfinite, isinf, isnan, le, lerp, less, less_equal, log,
                   log10, log1p, log2, log_softmax, logical_and, logical_not, logical_or,
                   logical_xor, logsumexp, lt, masked_fill, matmul, max, maximum, mean, min,
                   minimum, mm, movedim, mul, multiply, mv, narrow, ne, neg, negative, nonzero,
                   norm, not_equal, outer, permute, pow, prod, reciprocal, relu, remainder,
                   reshape, return_types, round, rsqrt, rsub,
                   select, sigmoid, sign, sin, sinh, softmax, split, sqrt, square, squeeze,
                   stack, std, sub, subtract, sum, swapaxes, swapdims, t, tan, tanh, tile,
                   transpose, true_divide, trunc, unbind, unflatten, unsqueeze, var, vdot,
                   where)
# the in-place functions torch also has at top level (torch.sin_(t) is t.sin_())
from ._ops import (abs_, acos_, asin_, atan_, ceil_, clamp_, clip_, cos_, cosh_, exp_, expm1_,
                   floor_, log_, log10_, log1p_, log2_, neg_, negative_, reciprocal_, relu_,
                   round_, rsqrt_, sigmoid_, sin_, sinh_, sqrt_, square_, tan_, tanh_, trunc_)
from ._tensor import Tensor
from ._tensor_str import set_printoptions
from .autograd.grad_mode import (enable_grad, inference_mode, is_grad_enabled,
                                 is_inference_mode_enabled, no_grad, set_grad_enabled)
from .random import (Generator, bernoulli, default_generator, get_rng_state, initial_seed,
                     manual_seed, multinomial, normal, rand, rand_like, randint, randint_like,
                     randn, randn_like, randperm, seed, set_rng_state)
from . import autograd, nn, random  # noqa: E402
from .autograd.anomaly_mode import (is_anomaly_check_nan_enabled, is_anomaly_enabled,
                                    set_anomaly_enabled)
from ._torch_alias import install_as_torch

# Loaded on first use, to keep `import minitorch_compat` fast: name -> (module, attribute)
_LAZY = {
    "optim": ("optim", None), "utils": ("utils", None), "cuda": ("cuda", None),
    "accelerator": ("accelerator", None), "backends": ("backends", None),
    "serialization": ("serialization", None), "save": ("serialization", "save"),
    "load": ("serialization", "load"), "autocast": ("cuda", "autocast"),
    "OutOfMemoryError": ("cuda", "OutOfMemoryError"), "amp": ("cuda", "_torch_amp"),
}


def __getattr__(name):
    if name not in _LAZY:
        raise AttributeError(f"module 'torch' has no attribute '{name}'")
    import importlib
    module, attr = _LAZY[name]
    value = importlib.import_module("." + module, __name__)
    value = value if attr is None else getattr(value, attr)
    globals()[name] = value
    return value

__version__ = "2.13.0"
_dtype  # noqa: B018

__all__ = [
    # types
    "Tensor", "Size", "device", "dtype", "Generator",
    # dtypes
    "float16", "float32", "float64", "bfloat16", "complex64", "complex128", "uint8", "uint16",
    "uint32", "uint64", "int8", "int16", "int32", "int64", "bool", "half", "float", "double",
    "cfloat", "cdouble", "short", "int", "long",
    "get_default_dtype", "set_default_dtype", "promote_types", "result_type", "can_cast",
    # creation
    "tensor", "as_tensor", "asarray", "from_numpy", "zeros", "ones", "full", "empty",
    "zeros_like", "ones_like", "full_like", "empty_like", "arange", "range", "linspace",
    "logspace", "eye", "scalar_tensor", "is_tensor", "numel", "is_floating_point", "is_complex",
    "is_nonzero",
    # random
    "manual_seed", "seed", "initial_seed", "get_rng_state", "set_rng_state",
    "default_generator", "rand", "randn", "randint", "randperm", "normal", "rand_like",
    "randn_like", "randint_like", "bernoulli", "multinomial",
    # grad mode
    "no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled", "inference_mode",
    "is_inference_mode_enabled",
    # ops
    "abs_", "acos_", "asin_", "atan_", "ceil_", "clamp_", "clip_", "cos_", "cosh_", "exp_",
    "expm1_", "floor_", "log_", "log10_", "log1p_", "log2_", "neg_", "negative_", "reciprocal_",
    "relu_", "round_", "rsqrt_", "sigmoid_", "sin_", "sinh_", "sqrt_", "square_", "tan_",
    "tanh_", "trunc_",
    "abs", "absolute", "acos", "add", "addmm", "all", "amax", "amin", "any", "argmax", "argmin",
    "asin", "atan", "atan2", "bitwise_and", "bitwise_not", "bitwise_or", "bitwise_xor", "bmm",
    "cat", "ceil", "chunk", "clamp", "clip", "clone", "concat", "concatenate", "cos", "cosh",
    "count_nonzero", "cumsum", "div", "divide", "dot", "dropout", "einsum", "eq", "exp",
    "expm1", "flatten", "flip", "floor", "floor_divide", "fmod", "ge", "ger", "greater",
    "greater_equal", "gt", "index_select", "inner", "isfinite", "isinf", "isnan", "le", "lerp",
    "less", "less_equal", "log", "log10", "log1p", "log2", "log_softmax", "logical_and",
    "logical_not", "logical_or", "logical_xor", "logsumexp", "lt", "masked_fill", "matmul",
    "max", "maximum", "mean", "min", "minimum", "mm", "movedim", "mul", "multiply", "mv",
    "narrow", "ne", "neg", "negative", "nonzero", "norm", "not_equal", "outer", "permute",
    "pow", "prod", "reciprocal", "relu", "remainder", "reshape", "return_types", "round",
    "rsqrt", "rsub", "select", "sigmoid", "sign", "sin", "sinh", "softmax", "split", "sqrt",
    "square", "squeeze", "stack", "std", "sub", "subtract", "sum", "swapaxes", "swapdims", "t",
    "tan", "tanh", "tile", "transpose", "true_divide", "trunc", "unbind", "unflatten",
    "unsqueeze", "var", "vdot", "where",
    # anomaly mode, serialization, devices
    "is_anomaly_enabled", "is_anomaly_check_nan_enabled", "set_anomaly_enabled", "save", "load",
    "autocast", "OutOfMemoryError", "typename",
    "batch_norm", "conv1d", "conv2d", "embedding", "gather", "layer_norm", "max_pool2d",
    "repeat_interleave", "scatter", "scatter_add", "positive", "FloatTensor", "DoubleTensor",
    "HalfTensor",
    "LongTensor", "IntTensor", "ShortTensor", "CharTensor", "ByteTensor", "BoolTensor",
    "set_default_device",
    "get_default_device",
    # printing and submodules
    "set_printoptions", "autograd", "nn", "random", "optim", "utils", "cuda", "accelerator",
    "backends", "serialization", "amp", "install_as_torch",
]


def typename(obj):
    """torch.typename: 'torch.FloatTensor' for tensors, the qualified class name otherwise."""
    if isinstance(obj, Tensor):
        return obj.type()
    module = getattr(type(obj), "__module__", "") or ""
    name = getattr(type(obj), "__qualname__", type(obj).__name__)
    return name if module in ("", "builtins") else f"{module}.{name}"

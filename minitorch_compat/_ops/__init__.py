"""Every op, by family; this package is the namespace the Tensor methods and ``torch.*`` use."""
from . import activation, conv, linalg, loss, normalization, pointwise, reduction, shape  # noqa: F401,E501
from ._core import wrap_dim as _wrap_dim  # noqa: F401 - Tensor.size(dim) uses it
from .activation import *  # noqa: F401,F403
from .conv import *  # noqa: F401,F403
from .linalg import *  # noqa: F401,F403
from .loss import *  # noqa: F401,F403
from .normalization import *  # noqa: F401,F403
from .pointwise import *  # noqa: F401,F403
from .reduction import *  # noqa: F401,F403
from .shape import *  # noqa: F401,F403

# Ops that are also Tensor methods with the same signature (``t.exp()`` is ``torch.exp(t)``).
TENSOR_METHODS = (
    # pointwise
    "subtract", "multiply", "divide", "true_divide", "reciprocal", "floor_divide",
    "remainder", "fmod", "neg", "negative", "eq", "ne", "lt", "le", "gt", "ge", "greater", "less",
    "greater_equal", "less_equal", "not_equal", "exp", "log", "log2", "log10", "log1p", "expm1",
    "sqrt", "rsqrt", "abs", "absolute", "sin", "cos", "tan", "tanh", "sigmoid", "relu", "sinh",
    "cosh", "asin", "acos", "atan", "floor", "ceil", "round", "trunc", "sign", "square",
    "maximum", "minimum", "clamp", "clip", "clamp_", "bitwise_not", "bitwise_and", "bitwise_or",
    "bitwise_xor", "logical_not", "logical_and", "logical_or", "logical_xor", "isnan", "isinf",
    "isfinite", "exp_", "neg_", "sqrt_", "abs_", "relu_", "sigmoid_", "tanh_", "log_", "lerp",
    "atan2", "positive",
    "sin_", "cos_", "tan_", "sinh_", "cosh_", "asin_", "acos_", "atan_", "expm1_",
    "log2_", "log10_", "log1p_", "rsqrt_", "reciprocal_", "floor_", "ceil_", "round_", "trunc_",
    "sign_", "square_", "atan2_", "fmod_", "remainder_", "floor_divide_", "lerp_", "absolute_",
    "negative_",
    "clip_", "divide_", "true_divide_", "multiply_", "subtract_",
    # reductions
    "sum", "mean", "prod", "max", "min", "amax", "amin", "argmax", "argmin", "var", "std", "any",
    "all", "cumsum", "nonzero", "count_nonzero", "logsumexp", "norm",
    # shape
    "view", "reshape", "flatten", "unflatten", "transpose", "swapaxes", "swapdims", "t",
    "permute", "unsqueeze", "squeeze", "expand", "expand_as", "view_as", "reshape_as", "select",
    "narrow", "unbind", "split", "chunk", "movedim", "flip", "repeat", "tile", "index_select",
    "masked_fill", "masked_fill_", "gather", "scatter", "scatter_", "scatter_add", "scatter_add_",
    "eq_", "ne_", "not_equal_", "lt_", "less_", "le_", "less_equal_", "gt_", "greater_", "ge_",
    "greater_equal_",
    "repeat_interleave", "unsqueeze_", "squeeze_", "t_", "transpose_", "swapaxes_", "swapdims_",
    # linalg and activations
    "dot", "vdot", "inner", "mv", "mm", "bmm", "matmul", "outer", "ger", "softmax", "log_softmax",
)

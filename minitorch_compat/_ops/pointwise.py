"""Elementwise ops: arithmetic with torch's promotion and node names, comparisons (no graph),
and the unary math functions. Backward formulas are Tensor expressions (double backward works)."""
import numpy as np

from .. import _dtype as D
from .._tensor import Tensor
from ._core import (RESULT, inplace, is_operand, make, node,
                    operands, record, scalar_value, tensor_like, xp)

__all__ = ["add", "add_", "sub", "sub_", "subtract", "rsub", "mul", "mul_", "multiply", "div",
           "div_", "divide", "true_divide", "reciprocal", "pow", "pow_", "floor_divide",
           "remainder", "fmod", "neg", "negative", "eq", "ne", "lt", "le", "gt", "ge", "greater",
           "less", "greater_equal", "less_equal", "not_equal", "exp", "log", "log2", "log10",
           "log1p", "expm1", "sqrt", "rsqrt", "abs", "absolute", "sin", "cos", "tan", "tanh",
           "sigmoid", "relu", "sinh", "cosh", "asin", "acos", "atan", "floor", "ceil", "round",
           "trunc", "sign", "square", "maximum", "minimum", "clamp", "clip", "clamp_", "where",
           "bitwise_not", "bitwise_and", "bitwise_or", "bitwise_xor", "logical_not",
           "logical_and", "logical_or", "logical_xor", "isnan", "isinf", "isfinite", "exp_",
           "neg_", "sqrt_", "abs_", "relu_", "sigmoid_", "tanh_", "log_", "zero_", "fill_",
           "clamp_",
           "_rpow", "_scalar_tensor", "lerp", "atan2"]


def _not_operand(x):
    return not is_operand(x)


# ---------------------------------------------------------------- arithmetic
AddBackward0 = node("AddBackward0", self=lambda grad: grad,
                    other=lambda grad, alpha: grad if alpha == 1 else grad * alpha)
SubBackward0 = node("SubBackward0", self=lambda grad: grad,
                    other=lambda grad, alpha: -grad if alpha == 1 else grad * -alpha)
RsubBackward1 = node("RsubBackward1",
                     self=lambda grad, alpha: -grad if alpha == 1 else grad * -alpha)
MulBackward0 = node("MulBackward0", self=lambda grad, other: grad * other,
                    other=lambda grad, self: grad * self)
DivBackward0 = node("DivBackward0", self=lambda grad, other: grad / other,
                    other=lambda grad, self, other: -grad * self / (other * other))
ReciprocalBackward0 = node("ReciprocalBackward0",
                           self=lambda grad, result: -grad * (result * result))
PowBackward0 = node("PowBackward0",
                    self=lambda grad, self, exponent: _pow_scalar_grad(grad, self, exponent))
PowBackward1 = node("PowBackward1",
                    self=lambda grad, self, exponent: grad * exponent * pow(self, exponent - 1),
                    exponent=lambda grad, self, result: grad * result * _log_masked(self))
PowBackward2 = node("PowBackward2",
                    exponent=lambda grad, self, result: grad * result * np.log(self))
RemainderBackward0 = node("RemainderBackward0", self=lambda grad: grad,
                          other=lambda grad, self, other: -grad * floor_divide(self, other))


def _pow_scalar_grad(grad, self, exponent):
    if exponent == 0:
        return grad * 0
    return grad * (exponent * pow(self, exponent - 1))


def _log_masked(self):
    # torch: d(a**b)/db is defined as 0 where a == 0 and b >= 0
    return where(self == 0, 0.0, log(self))


def _bool_check(a, b, op):
    ta = isinstance(a, Tensor) and a._dtype is D.bool
    tb = isinstance(b, Tensor) and b._dtype is D.bool
    if op == "-" and (ta or tb or isinstance(a, bool) and tb or isinstance(b, bool) and ta):
        if (ta or isinstance(a, bool)) and (tb or isinstance(b, bool)):
            raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not "
                               "supported. Use the `^` or `logical_xor()` operator instead.")
        raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. "
                           "If you are trying to invert a mask, use the `~` or `logical_not()` "
                           "operator instead.")


def add(input, other, *, alpha=1, out=None):
    if _not_operand(other):
        return NotImplemented
    x, y, dt, ta, tb = operands(input, other)
    if alpha != 1:
        y = y * alpha
    r = make(xp.add(x, y), dt)
    return _out(record(r, AddBackward0, (ta, tb), {"alpha": alpha}), out)


def sub(input, other, *, alpha=1, out=None):
    if _not_operand(other):
        return NotImplemented
    _bool_check(input, other, "-")
    x, y, dt, ta, tb = operands(input, other)
    if alpha != 1:
        y = y * alpha
    r = make(xp.subtract(x, y), dt)
    return _out(record(r, SubBackward0, (ta, tb), {"alpha": alpha}), out)


subtract = sub


def rsub(input, other, *, alpha=1):
    """``other - alpha * input``; with a Python number ``other`` this is torch's RsubBackward1."""
    if _not_operand(other):
        return NotImplemented
    if isinstance(other, Tensor):
        return sub(other, input, alpha=alpha)
    _bool_check(other, input, "-")
    y, x, dt, tb, _ = operands(input, other)
    if alpha != 1:
        y = y * alpha
    return record(make(xp.subtract(x, y), dt), RsubBackward1, (tb,), {"alpha": alpha})


def mul(input, other, *, out=None):
    if _not_operand(other):
        return NotImplemented
    x, y, dt, ta, tb = operands(input, other)
    r = make(xp.multiply(x, y), dt)
    return _out(record(r, MulBackward0, (ta, tb), {"self": input, "other": other}), out)


multiply = mul


def _float_operands(input, other):
    x, y, dt, ta, tb = operands(input, other)
    if not (dt.is_floating_point or dt.is_complex):
        dt = D.get_default_dtype()  # true division of integers gives the default float dtype
        x = x.astype(dt._np) if isinstance(x, np.ndarray) else float(x)
        y = y.astype(dt._np) if isinstance(y, np.ndarray) else float(y)
    return x, y, dt, ta, tb


def div(input, other, *, rounding_mode=None, out=None):
    if _not_operand(other):
        return NotImplemented
    if rounding_mode is not None:
        if rounding_mode not in ("floor", "trunc"):
            raise RuntimeError("div expected rounding_mode to be one of None, 'trunc', or 'floor' "
                               f"but found '{rounding_mode}'")
        x, y, dt, ta, tb = operands(input, other)
        with np.errstate(divide="ignore", invalid="ignore"):
            if rounding_mode == "floor":
                r = xp.floor_divide(x, y) if not dt.is_floating_point else np.floor(x / y)
            else:
                r = np.trunc(x / y).astype(dt._np) if not dt.is_floating_point else np.trunc(x / y)
        return _out(make(np.asarray(r, dtype=dt._np), dt), out)
    x, y, dt, ta, tb = _float_operands(input, other)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = make(xp.divide(x, y), dt)
    return _out(record(r, DivBackward0, (ta, tb), {"self": input, "other": other}), out)


divide = true_divide = div


def reciprocal(input):
    x = input._data
    dt = input._dtype
    if not (dt.is_floating_point or dt.is_complex):
        dt = D.get_default_dtype()
        x = x.astype(dt._np)
    with np.errstate(divide="ignore"):
        r = make(xp.divide(1, x), dt)
    return record(r, ReciprocalBackward0, (input,), {"result": RESULT})


def pow(input, exponent):  # noqa: A001 - torch's name
    if not isinstance(input, Tensor):
        return _rpow(exponent, input)
    if _not_operand(exponent):
        return NotImplemented
    if isinstance(exponent, Tensor):
        x, y, dt, ta, tb = operands(input, exponent)
        _check_int_pow(dt, y)
        r = make(xp.pow(x, y), dt)
        return record(r, PowBackward1, (ta, tb), {"self": input, "exponent": exponent,
                                                  "result": RESULT})
    e = scalar_value(exponent)
    x, y, dt, ta, _ = operands(input, e)
    _check_int_pow(dt, y)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = make(xp.pow(x, y), dt)
    return record(r, PowBackward0, (ta,), {"self": input, "exponent": e})


def _check_int_pow(dt, y):
    if not (dt.is_floating_point or dt.is_complex) and np.any(np.asarray(y) < 0):
        raise RuntimeError("Integers to negative integer powers are not allowed.")


def _rpow(self, base):
    """``base ** self`` for a Python number ``base`` (torch's PowBackward2)."""
    if _not_operand(base):
        return NotImplemented
    b = scalar_value(base)
    y, x, dt, ta, _ = operands(self, b)
    _check_int_pow(dt, y)
    r = make(xp.pow(x, y), dt)
    return record(r, PowBackward2, (ta,), {"self": b, "result": RESULT})


def floor_divide(input, other):
    if _not_operand(other):
        return NotImplemented
    x, y, dt, _, _ = operands(input, other)
    with np.errstate(divide="ignore", invalid="ignore"):
        return make(np.asarray(xp.floor_divide(x, y), dtype=dt._np), dt)


def remainder(input, other):
    if _not_operand(other):
        return NotImplemented
    x, y, dt, ta, tb = operands(input, other)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = make(np.asarray(xp.remainder(x, y), dtype=dt._np), dt)
    return record(r, RemainderBackward0, (ta, tb), {"self": input, "other": other})


def fmod(input, other):
    x, y, dt, _, _ = operands(input, other)
    with np.errstate(divide="ignore", invalid="ignore"):
        return make(np.asarray(np.fmod(x, y), dtype=dt._np), dt)


def _scalar_tensor(value, like):
    return tensor_like(value)


def _out(result, out):
    if out is None or result is NotImplemented:
        return result
    out._data = result._data
    out._dtype = result._dtype
    return out


# ---------------------------------------------------------------- comparisons (no graph)
def _compare(fn):
    def op(input, other):
        if _not_operand(other):
            if other is None and fn is xp.equal:
                return False
            if other is None and fn is xp.not_equal:
                return True
            return NotImplemented
        x, y, _, _, _ = operands(input, other)
        return make(fn(x, y), D.bool)
    op.__name__ = fn.__name__
    return op


eq = _compare(xp.equal)
ne = not_equal = _compare(xp.not_equal)
lt = less = _compare(xp.less)
le = less_equal = _compare(xp.less_equal)
gt = greater = _compare(xp.greater)
ge = greater_equal = _compare(xp.greater_equal)


def _bitwise(fn, name):
    def op(input, other):
        if _not_operand(other):
            return NotImplemented
        x, y, dt, _, _ = operands(input, other)
        if dt.is_floating_point or dt.is_complex:
            raise RuntimeError(f'"{name}_cpu" not implemented for \'{dt._legacy}\'')
        return make(fn(x, y), dt)
    op.__name__ = name
    return op


bitwise_and = _bitwise(np.bitwise_and, "bitwise_and")
bitwise_or = _bitwise(np.bitwise_or, "bitwise_or")
bitwise_xor = _bitwise(np.bitwise_xor, "bitwise_xor")


def bitwise_not(input):
    if input._dtype.is_floating_point:
        raise TypeError("ufunc 'invert' not supported for the input types")
    return make(np.invert(input._data), input._dtype)


def logical_not(input):
    return make(np.logical_not(input._data), D.bool)


def _logical(fn):
    def op(input, other):
        t = tensor_like(other)
        return make(fn(input._data, t._data), D.bool)
    op.__name__ = fn.__name__
    return op


logical_and = _logical(np.logical_and)
logical_or = _logical(np.logical_or)
logical_xor = _logical(np.logical_xor)


def isnan(input):
    return make(np.isnan(input._data), D.bool)


def isinf(input):
    return make(np.isinf(input._data), D.bool)


def isfinite(input):
    return make(np.isfinite(input._data), D.bool)


# ---------------------------------------------------------------- unary math
def _unary(name, fn, cls, saved, to_float=True):
    """A unary op: ``fn`` on the array; integer inputs become the default float dtype when
    ``to_float`` (torch.exp(int tensor) is float32)."""
    def op(input, *, out=None):
        x = input._data
        dt = input._dtype
        if to_float and not (dt.is_floating_point or dt.is_complex):
            dt = D.get_default_dtype()
            x = x.astype(dt._np)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            r = make(fn(x), dt)
        if cls is not None:
            record(r, cls, (input,), {"self": input, "result": RESULT} if saved else None)
        return _out(r, out)
    op.__name__ = name
    op.__qualname__ = name
    return op


NegBackward0 = node("NegBackward0", self=lambda grad: -grad)
ExpBackward0 = node("ExpBackward0", self=lambda grad, result: grad * result)
LogBackward0 = node("LogBackward0", self=lambda grad, self: grad / self)
Log2Backward0 = node("Log2Backward0", self=lambda grad, self: grad / (self * 0.6931471805599453))
Log10Backward0 = node("Log10Backward0", self=lambda grad, self: grad / (self * 2.302585092994046))
Log1PBackward0 = node("Log1PBackward0", self=lambda grad, self: grad / (self + 1))
Expm1Backward0 = node("Expm1Backward0", self=lambda grad, result: grad * (result + 1))
SqrtBackward0 = node("SqrtBackward0", self=lambda grad, result: grad / (result * 2))
RsqrtBackward0 = node("RsqrtBackward0",
                      self=lambda grad, result: grad * pow(result, 3) * -0.5)
AbsBackward0 = node("AbsBackward0", self=lambda grad, self: grad * sign(self))
SinBackward0 = node("SinBackward0", self=lambda grad, self: grad * cos(self))
CosBackward0 = node("CosBackward0", self=lambda grad, self: grad * -sin(self))
TanBackward0 = node("TanBackward0", self=lambda grad, result: grad * (result * result + 1))
TanhBackward0 = node("TanhBackward0", self=lambda grad, result: grad * (1 - result * result))
SigmoidBackward0 = node("SigmoidBackward0",
                        self=lambda grad, result: grad * (result * (1 - result)))
ReluBackward0 = node("ReluBackward0", self=lambda grad, result: grad * (result > 0))
SinhBackward0 = node("SinhBackward0", self=lambda grad, self: grad * cosh(self))
CoshBackward0 = node("CoshBackward0", self=lambda grad, self: grad * sinh(self))
AsinBackward0 = node("AsinBackward0", self=lambda grad, self: grad / sqrt(1 - self * self))
AcosBackward0 = node("AcosBackward0", self=lambda grad, self: -grad / sqrt(1 - self * self))
AtanBackward0 = node("AtanBackward0", self=lambda grad, self: grad / (self * self + 1))
FloorBackward0 = node("FloorBackward0", self=lambda grad: grad * 0)
CeilBackward0 = node("CeilBackward0", self=lambda grad: grad * 0)
RoundBackward0 = node("RoundBackward0", self=lambda grad: grad * 0)
TruncBackward0 = node("TruncBackward0", self=lambda grad: grad * 0)
SignBackward0 = node("SignBackward0", self=lambda grad: grad * 0)


def _sigmoid_array(x):
    # stable on both tails: exp of a non-positive number only
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)


def _relu_array(x):
    return np.maximum(x, 0).astype(x.dtype, copy=False)


def _neg_array(x):
    return xp.negative(x)


def neg(input, *, out=None):
    if input._dtype is D.bool:
        raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. If you "
                           "are trying to invert a mask, use the `~` or `logical_not()` operator "
                           "instead.")
    return _neg(input, out=out)


_neg = _unary("neg", _neg_array, NegBackward0, False, to_float=False)
negative = neg
exp = _unary("exp", xp.exp, ExpBackward0, True)
log = _unary("log", xp.log, LogBackward0, True)
log2 = _unary("log2", xp.log2, Log2Backward0, True)
log10 = _unary("log10", xp.log10, Log10Backward0, True)
log1p = _unary("log1p", xp.log1p, Log1PBackward0, True)
expm1 = _unary("expm1", xp.expm1, Expm1Backward0, True)
sqrt = _unary("sqrt", xp.sqrt, SqrtBackward0, True)
rsqrt = _unary("rsqrt", lambda x: 1 / np.sqrt(x), RsqrtBackward0, True)
abs = _unary("abs", xp.abs, AbsBackward0, True, to_float=False)  # noqa: A001
absolute = abs
sin = _unary("sin", xp.sin, SinBackward0, True)
cos = _unary("cos", xp.cos, CosBackward0, True)
tan = _unary("tan", xp.tan, TanBackward0, True)
tanh = _unary("tanh", xp.tanh, TanhBackward0, True)
sigmoid = _unary("sigmoid", _sigmoid_array, SigmoidBackward0, True)
relu = _unary("relu", _relu_array, ReluBackward0, True, to_float=False)
sinh = _unary("sinh", xp.sinh, SinhBackward0, True)
cosh = _unary("cosh", xp.cosh, CoshBackward0, True)
asin = _unary("asin", xp.asin, AsinBackward0, True)
acos = _unary("acos", xp.acos, AcosBackward0, True)
atan = _unary("atan", xp.atan, AtanBackward0, True)
floor = _unary("floor", np.floor, FloorBackward0, False, to_float=False)
ceil = _unary("ceil", np.ceil, CeilBackward0, False, to_float=False)
trunc = _unary("trunc", np.trunc, TruncBackward0, False, to_float=False)
sign = _unary("sign", np.sign, SignBackward0, False, to_float=False)


def round(input, *, decimals=0):  # noqa: A001 - torch's name
    if decimals:
        r = make(np.round(input._data, decimals), input._dtype)
        return record(r, RoundBackward0, (input,))
    return _round(input)


_round = _unary("round", np.round, RoundBackward0, False, to_float=False)


def square(input):
    return pow(input, 2)


exp_ = inplace(exp)
neg_ = inplace(neg)
sqrt_ = inplace(sqrt)
abs_ = inplace(abs)
relu_ = inplace(relu)
sigmoid_ = inplace(sigmoid)
tanh_ = inplace(tanh)
log_ = inplace(log)
add_ = inplace(add)
sub_ = inplace(sub)
mul_ = inplace(mul)
div_ = inplace(div)
pow_ = inplace(pow)


ZeroBackward0 = node("ZeroBackward0", self=lambda grad: grad * 0)
FillBackward0 = node("FillBackward0", self=lambda grad: grad * 0)


def _zeros_of(input):
    return record(make(np.zeros_like(input._data), input._dtype), ZeroBackward0, (input,))


def _filled(input, value):
    v = value.item() if isinstance(value, Tensor) else scalar_value(value)
    r = make(np.full_like(input._data, v), input._dtype)
    return record(r, FillBackward0, (input,))


zero_ = inplace(_zeros_of)
fill_ = inplace(_filled)


# ---------------------------------------------------------------- selection
MaximumBackward0 = node("MaximumBackward0",
                        self=lambda grad, self, other: grad * _mask_share(self, other, gt),
                        other=lambda grad, self, other: grad * _mask_share(other, self, gt))
MinimumBackward0 = node("MinimumBackward0",
                        self=lambda grad, self, other: grad * _mask_share(self, other, lt),
                        other=lambda grad, self, other: grad * _mask_share(other, self, lt))


def _mask_share(a, b, cmp):
    # the winner takes the gradient; ties split it evenly, as torch does
    return cmp(a, b) + (a == b) * 0.5


def maximum(input, other):
    x, y, dt, ta, tb = operands(input, other)
    r = make(np.maximum(x, y), dt)
    return record(r, MaximumBackward0, (ta, tb), {"self": input, "other": other})


def minimum(input, other):
    x, y, dt, ta, tb = operands(input, other)
    r = make(np.minimum(x, y), dt)
    return record(r, MinimumBackward0, (ta, tb), {"self": input, "other": other})


ClampBackward1 = node("ClampBackward1",
                      self=lambda grad, self, min, max: grad * _in_range(self, min, max))


def _in_range(x, lo, hi):
    m = None
    if lo is not None:
        m = x >= lo
    if hi is not None:
        m = (x <= hi) if m is None else logical_and(m, x <= hi)
    return m


def clamp(input, min=None, max=None):  # noqa: A002 - torch's names
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        r = input
        if min is not None:
            r = maximum(r, min)
        if max is not None:
            r = minimum(r, max)
        return r
    lo, hi = scalar_value(min), scalar_value(max)
    dt = D.result_type(input, *(v for v in (lo, hi) if v is not None))
    x = input._data if input._dtype is dt else input._data.astype(dt._np)
    r = make(np.clip(x, lo, hi).astype(dt._np, copy=False), dt)
    return record(r, ClampBackward1, (input,), {"self": input, "min": lo, "max": hi})


clip = clamp
clamp_ = inplace(clamp)

WhereBackward0 = node("WhereBackward0", condition=None,
                      self=lambda grad, condition: where(condition, grad, 0.0),
                      other=lambda grad, condition: where(condition, 0.0, grad))


def where(condition, input=None, other=None):
    if input is None and other is None:
        from .reduction import nonzero
        return nonzero(condition, as_tuple=True)
    if isinstance(input, Tensor) or isinstance(other, Tensor):
        x, y, dt, ta, tb = operands(input, other)
    else:
        dt = D.result_type(scalar_value(input), scalar_value(other))
        x, y, ta, tb = input, other, None, None
    r = make(np.where(condition._data, x, y).astype(dt._np, copy=False), dt)
    return record(r, WhereBackward0, (None, ta, tb), {"condition": condition})


LerpBackward0 = node("LerpBackward0", self=lambda grad, weight: grad * (1 - weight),
                     end=lambda grad, weight: grad * weight)


def lerp(input, end, weight):
    return input + (end - input) * weight


def atan2(input, other):
    x, y, dt, _, _ = _float_operands(input, other)
    return make(np.arctan2(x, y), dt)

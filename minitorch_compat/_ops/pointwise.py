"""Elementwise ops: arithmetic with torch's promotion and node names, comparisons (no graph),
and the unary math functions. Backward formulas are Tensor expressions (double backward works)."""
import numpy as np

from .. import _dtype as D
from .._backend import quiet, quietly
from .._tensor import Tensor
from ..autograd.graph import not_implemented_class
from ._core import (_OPERANDS, RESULT, _state, check_inplace, commit_inplace, inplace, make,
                    node, operands, record, scalar_value, tensor_like, xp, zeros_of)

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
           "clamp_", "positive",
           "_rpow", "_scalar_tensor", "lerp", "atan2",
           # the other in-place forms: each the out-of-place op's node, written into self
           "sin_", "cos_", "tan_", "sinh_", "cosh_", "asin_", "acos_", "atan_",
           "expm1_", "log2_", "log10_", "log1p_", "rsqrt_", "reciprocal_", "floor_", "ceil_",
           "round_", "trunc_", "sign_", "square_", "atan2_", "fmod_", "remainder_", "floor_divide_",
           "lerp_", "absolute_", "negative_", "clip_", "divide_", "true_divide_", "multiply_",
           "subtract_", "eq_", "ne_", "not_equal_", "lt_", "less_", "le_", "less_equal_", "gt_",
           "greater_", "ge_", "greater_equal_"]


def _no_kernel(kernel, dt):
    """torch's error for a dtype its CPU kernel is not built for."""
    return NotImplementedError(f'"{kernel}" not implemented for \'{dt._legacy}\'')


def _tensor_arg(op, x, position, name):
    """torch's argument parser refusing a Python number where only a Tensor is accepted."""
    if not isinstance(x, Tensor):
        raise TypeError(f"{op}(): argument '{name}' (position {position}) must be Tensor, not "
                        f"{type(x).__name__}")


def _check_int_divisor(dt, y):
    # torch's integer division kernels refuse a zero divisor; float ones give inf/nan
    if dt._category == 1 and np.any(np.asarray(y) == 0):
        raise RuntimeError("ZeroDivisionError")


# ---------------------------------------------------------------- arithmetic
# torch's pointwise kernels are silent on overflow, 0/0 and inf - inf: NumPy's warnings are off

AddBackward0 = node("AddBackward0", self=lambda grad: grad,
                    other=lambda grad, alpha: grad if alpha == 1 else grad * alpha)
SubBackward0 = node("SubBackward0", self=lambda grad: grad,
                    other=lambda grad, alpha: -grad if alpha == 1 else grad * -alpha)
RsubBackward0 = node("RsubBackward0",
                     self=lambda grad, alpha: -grad if alpha == 1 else grad * -alpha,
                     other=lambda grad: grad)
RsubBackward1 = node("RsubBackward1",
                     self=lambda grad, alpha: -grad if alpha == 1 else grad * -alpha)
MulBackward0 = node("MulBackward0", self=lambda grad, other: grad * other,
                    other=lambda grad, self: grad * self)
DivBackward0 = node("DivBackward0", self=lambda grad, other: grad / other,
                    other=lambda grad, self, other: -grad * (self / other / other))
# div with a rounding mode is piecewise constant: zero gradients for both inputs
DivBackward2 = node("DivBackward2",
                    self=lambda grad, other, rounding_mode: zeros_of(grad),
                    other=lambda grad, self, rounding_mode: zeros_of(grad))
ReciprocalBackward0 = node("ReciprocalBackward0",
                           self=lambda grad, result: -grad * (result * result))
PowBackward0 = node("PowBackward0",
                    self=lambda grad, self, exponent: _pow_scalar_grad(grad, self, exponent))
PowBackward1 = node("PowBackward1",
                    self=lambda grad, self, exponent: _pow_self_grad(grad, self, exponent),
                    exponent=lambda grad, self, exponent, result:
                        _pow_exponent_grad(grad, self, exponent, result))
PowBackward2 = node("PowBackward2",
                    exponent=lambda grad, self, exponent, result:
                        _pow_exponent_grad(grad, self, exponent, result))
RemainderBackward0 = node("RemainderBackward0", self=lambda grad: grad)
RemainderBackward1 = node("RemainderBackward1", self=lambda grad: grad,
                          other=lambda grad, self, other:
                              -grad * div(self, other, rounding_mode="floor"))
FmodBackward0 = node("FmodBackward0", self=lambda grad: grad)
FmodBackward1 = node("FmodBackward1", self=lambda grad: grad,
                     other=lambda grad, self, other:
                         -grad * div(self, other, rounding_mode="trunc"))
Atan2Backward0 = node("Atan2Backward0",
                      self=lambda grad, self, other: grad * other * _atan2_recip(self, other),
                      other=lambda grad, self, other: grad * -self * _atan2_recip(self, other))
# ops torch has no derivative for: results require grad, backward raises
FloorDivideNotImplemented = not_implemented_class("floor_divide")
FloorDivideInplaceNotImplemented = not_implemented_class("floor_divide_")
RemainderNotImplemented = not_implemented_class("remainder", ("self",))


def _pow_scalar_grad(grad, self, exponent):
    if exponent == 0:
        return zeros_of(grad)
    return grad * (exponent * pow(self, exponent - 1))


def _pow_self_grad(grad, self, exponent):
    # torch: the gradient is 0 where the exponent is 0 (also at 0 ** 0)
    return where(exponent == 0, 0.0, grad * (exponent * pow(self, exponent - 1)))


def _pow_exponent_grad(grad, self, exponent, result):
    # torch: d(a**b)/db is defined as 0 where a == 0 and b >= 0 (a Python-number base: only
    # when it is 0)
    if not isinstance(self, Tensor):
        if self == 0:
            return grad * where(exponent >= 0, 0.0, result * float("-inf"))
        return grad * (result * np.log(self))
    cond = logical_and(self == 0, exponent >= 0)
    return grad * where(cond, 0.0, result * log(self))


def _atan2_recip(self, other):
    # torch: no gradient at the origin, where atan2 is not differentiable
    d = self * self + other * other
    return where(d == 0, 0.0, reciprocal(d))


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


def _check_alpha(alpha, dt):
    if alpha.__class__ is bool and dt is not D.bool:
        raise RuntimeError("Boolean alpha only supported for Boolean results.")


def add(input, other, *, alpha=1, out=None):
    if not isinstance(other, _OPERANDS):
        return NotImplemented
    x, y, dt, ta, tb = operands(input, other)
    if alpha != 1 or alpha is True:
        _check_alpha(alpha, dt)
    if alpha != 1:
        with quiet():  # y may be a Python number: it must stay one (NumPy's weak scalars)
            y = y * alpha
    r = make(quietly(xp.add, x, y), dt)
    if _state.grad:  # record's own first test, here so that no_grad builds no saved dict
        r = record(r, AddBackward0, (ta, tb), {"alpha": alpha})
    return r if out is None else _out(r, out)


def sub(input, other, *, alpha=1, out=None):
    if not isinstance(other, _OPERANDS):
        return NotImplemented
    _bool_check(input, other, "-")
    x, y, dt, ta, tb = operands(input, other)
    if alpha != 1 or alpha is True:
        _check_alpha(alpha, dt)
    if alpha != 1:
        with quiet():  # y may be a Python number: it must stay one (NumPy's weak scalars)
            y = y * alpha
    r = make(quietly(xp.subtract, x, y), dt)
    if _state.grad:
        r = record(r, SubBackward0, (ta, tb), {"alpha": alpha})
    return r if out is None else _out(r, out)


subtract = sub


def rsub(input, other, *, alpha=1):
    """``other - alpha * input``: torch's RsubBackward0 (RsubBackward1 for a Python number)."""
    if not isinstance(other, _OPERANDS):
        return NotImplemented
    _bool_check(other, input, "-")
    if isinstance(other, Tensor):
        x, y, dt, ta, tb = operands(input, other)
        with quiet():
            r = make(xp.subtract(y, x if alpha == 1 else x * alpha), dt)
        return record(r, RsubBackward0, (ta, tb), {"alpha": alpha})
    y, x, dt, tb, _ = operands(input, other)
    with quiet():
        if alpha != 1:
            y = y * alpha
        r = make(xp.subtract(x, y), dt)
    return record(r, RsubBackward1, (tb,), {"alpha": alpha})


def mul(input, other, *, out=None):
    if not isinstance(other, _OPERANDS):
        return NotImplemented
    x, y, dt, ta, tb = operands(input, other)
    r = make(quietly(xp.multiply, x, y), dt)
    if _state.grad:
        r = record(r, MulBackward0, (ta, tb), {"self": input, "other": other})
    return r if out is None else _out(r, out)


multiply = mul


def _float_operands(input, other):
    x, y, dt, ta, tb = operands(input, other)
    if not (dt.is_floating_point or dt.is_complex):
        dt = D.get_default_dtype()  # true division of integers gives the default float dtype
        x = x.astype(dt._np) if isinstance(x, np.ndarray) else float(x)
        y = y.astype(dt._np) if isinstance(y, np.ndarray) else float(y)
    return x, y, dt, ta, tb


def _floor_divide_array(x, y, dt, kernel="div_floor_cpu"):
    if dt.is_complex or dt is D.bool:
        raise _no_kernel(kernel, dt)
    _check_int_divisor(dt, y)
    with quiet():
        return np.asarray(xp.floor_divide(x, y), dtype=dt._np)


def div(input, other, *, rounding_mode=None, out=None):
    if not isinstance(other, _OPERANDS):
        return NotImplemented
    if rounding_mode is not None:
        if rounding_mode not in ("floor", "trunc"):
            raise RuntimeError("div expected rounding_mode to be one of None, 'trunc', or 'floor' "
                               f"but found '{rounding_mode}'")
        x, y, dt, ta, tb = operands(input, other)
        if rounding_mode == "floor":
            r = _floor_divide_array(x, y, dt)
        else:
            if dt.is_complex or dt is D.bool:
                raise _no_kernel("div_trunc_cpu", dt)
            _check_int_divisor(dt, y)
            with quiet():
                if dt.is_floating_point:
                    r = np.trunc(x / y)
                else:  # exact integer truncation (a float quotient loses bits near 2**63)
                    r = np.floor_divide(x, y)
                    signs_differ = (np.asarray(x) < 0) != (np.asarray(y) < 0)
                    r = r + ((np.remainder(x, y) != 0) & signs_differ)
        r = make(np.asarray(r, dtype=dt._np), dt)
        return _out(record(r, DivBackward2, (ta, tb), {"self": input, "other": other,
                                                       "rounding_mode": rounding_mode}), out)
    x, y, dt, ta, tb = _float_operands(input, other)
    r = make(quietly(xp.divide, x, y), dt)
    if _state.grad:
        r = record(r, DivBackward0, (ta, tb), {"self": input, "other": other})
    return r if out is None else _out(r, out)


divide = true_divide = div


def reciprocal(input):
    x = input._data
    dt = input._dtype
    if not (dt.is_floating_point or dt.is_complex):
        dt = D.get_default_dtype()
        x = x.astype(dt._np)
    with quiet():
        r = make(xp.divide(1, x), dt)
    return record(r, ReciprocalBackward0, (input,), {"result": RESULT})


def pow(input, exponent):  # noqa: A001 - torch's name
    if not isinstance(input, Tensor):
        return _rpow(exponent, input)
    if not isinstance(exponent, _OPERANDS):
        return NotImplemented
    if isinstance(exponent, Tensor):
        x, y, dt, ta, tb = operands(input, exponent)
        r = make(_pow_array(x, y, dt), dt)
        return record(r, PowBackward1, (ta, tb), {"self": input, "exponent": exponent,
                                                  "result": RESULT})
    e = scalar_value(exponent)
    x, y, dt, ta, _ = operands(input, e)
    if not (dt.is_floating_point or dt.is_complex) and y < 0:
        # only a Python-number exponent is refused; tensor exponents follow the rule below
        raise RuntimeError("Integers to negative integer powers are not allowed.")
    r = make(_pow_array(x, y, dt), dt)
    return record(r, PowBackward0, (ta,), {"self": input, "exponent": e})


def _pow_array(x, y, dt):
    with quiet():
        if dt.is_floating_point or dt.is_complex or not np.any(np.asarray(y) < 0):
            return xp.pow(x, y)
        # torch's integer power with a negative exponent: 1 ** n = 1, (-1) ** n = +-1, else 0
        y = np.asarray(y)
        r = np.asarray(xp.pow(x, np.where(y < 0, 0, y)), dtype=dt._np)
        unit = np.where(x == 1, 1, np.where(x == -1, np.where(y % 2 == 0, 1, -1), 0))
        return np.where(y < 0, unit, r).astype(dt._np, copy=False)


def _rpow(self, base):
    """``base ** self`` for a Python number ``base`` (torch's PowBackward2)."""
    if not isinstance(base, _OPERANDS):
        return NotImplemented
    b = scalar_value(base)
    y, x, dt, ta, _ = operands(self, b)
    r = make(_pow_array(x, y, dt), dt)
    return record(r, PowBackward2, (ta,), {"self": b, "exponent": self, "result": RESULT})


def floor_divide(input, other):
    if not isinstance(other, _OPERANDS):
        return NotImplemented
    return _floor_divide(input, other, FloorDivideNotImplemented)


def _floor_divide(input, other, not_implemented):
    x, y, dt, ta, tb = operands(input, other)
    r = make(_floor_divide_array(x, y, dt), dt)
    # floor_divide has no derivative in torch; its NotImplemented node has edges for the
    # tensors of differentiable (floating or complex) dtype only
    edges = [t for t in (ta, tb) if t is not None and (t._dtype.is_floating_point
                                                       or t._dtype.is_complex)]
    return record(r, not_implemented, edges)


def floor_divide_(input, other):
    # its own NotImplemented node: torch's message names aten::floor_divide_
    check_inplace(input)
    return commit_inplace(input, _floor_divide(input, other, FloorDivideInplaceNotImplemented))


def remainder(input, other):
    if not isinstance(other, _OPERANDS):
        return NotImplemented
    x, y, dt, ta, tb = operands(input, other)
    if dt.is_complex or dt is D.bool:
        raise _no_kernel("remainder_cpu", dt)
    _check_int_divisor(dt, y)
    with quiet():
        r = make(np.asarray(xp.remainder(x, y), dtype=dt._np), dt)
    if not isinstance(input, Tensor):  # remainder(number, tensor): no derivative in torch
        return record(r, RemainderNotImplemented, (tb,))
    if tb is None:
        return record(r, RemainderBackward0, (ta,))
    return record(r, RemainderBackward1, (ta, tb), {"self": input, "other": other})


def fmod(input, other):
    x, y, dt, ta, tb = operands(input, other)
    if dt.is_complex or dt is D.bool:
        raise _no_kernel("fmod_cpu", dt)
    _check_int_divisor(dt, y)
    with quiet():
        r = make(np.asarray(np.fmod(x, y), dtype=dt._np), dt)
    if tb is None:
        return record(r, FmodBackward0, (ta,))
    return record(r, FmodBackward1, (ta, tb), {"self": input, "other": other})


def atan2(input, other):
    _tensor_arg("atan2", other, 2, "other")
    x, y, dt, ta, tb = _float_operands(input, other)
    with quiet():
        r = make(np.arctan2(x, y), dt)
    return record(r, Atan2Backward0, (ta, tb), {"self": input, "other": other})


def _scalar_tensor(value, like):
    """The left operand of ``number // tensor`` and ``number % tensor``: torch keeps the number
    a Scalar (remainder.Scalar_Tensor has no derivative, and no edge for the number)."""
    return value


def _out(result, out):
    if out is None or result is NotImplemented:
        return result
    out._data = result._data
    out._dtype = result._dtype
    return out


# ---------------------------------------------------------------- comparisons (no graph)
def _compare(fn, name, ordered):
    def op(input, other):
        if not isinstance(other, _OPERANDS):
            if other is None and fn is xp.equal:
                return False
            if other is None and fn is xp.not_equal:
                return True
            return NotImplemented
        x, y, dt, _, _ = operands(input, other)
        if ordered and dt.is_complex:  # complex numbers have no order: no kernel in torch
            raise _no_kernel(f"{name}_cpu", dt)
        with quiet():
            return make(fn(x, y), D.bool)
    op.__name__ = name
    return op


eq = _compare(xp.equal, "eq", False)
ne = not_equal = _compare(xp.not_equal, "ne", False)
lt = less = _compare(xp.less, "lt", True)
le = less_equal = _compare(xp.less_equal, "le", True)
gt = greater = _compare(xp.greater, "gt", True)
ge = greater_equal = _compare(xp.greater_equal, "ge", True)


def _compare_inplace(compare):
    """``t.lt_(other)``: the comparison written into self as 0/1 in self's dtype. Unlike the
    comparison itself it stays in the graph, with zero gradients, under torch's nodes
    (LtBackward0 for a number, LtBackward1 with an edge for a tensor ``other``)."""
    name = compare.__name__.capitalize()
    by_number = node(f"{name}Backward0", self=lambda grad: zeros_of(grad))
    by_tensor = node(f"{name}Backward1", self=lambda grad: zeros_of(grad),
                     other=lambda grad: zeros_of(grad))

    def op(input, other):
        check_inplace(input)
        r = compare(input, other)
        if r is NotImplemented:
            raise TypeError(f"{compare.__name__}_(): argument 'other' (position 1) must be "
                            f"Tensor, not {type(other).__name__}")
        result = make(r._data.astype(input._data.dtype), input._dtype)
        if isinstance(other, Tensor):
            record(result, by_tensor, (input, other))
        else:
            record(result, by_number, (input,))
        return commit_inplace(input, result)
    op.__name__ = compare.__name__ + "_"
    return op


eq_ = _compare_inplace(eq)
ne_ = not_equal_ = _compare_inplace(ne)
lt_ = less_ = _compare_inplace(lt)
le_ = less_equal_ = _compare_inplace(le)
gt_ = greater_ = _compare_inplace(gt)
ge_ = greater_equal_ = _compare_inplace(ge)


def _bitwise(fn, name):
    def op(input, other):
        if not isinstance(other, _OPERANDS):
            return NotImplemented
        x, y, dt, _, _ = operands(input, other)
        if dt.is_floating_point or dt.is_complex:
            raise _no_kernel(f"{name}_cpu", dt)
        return make(fn(x, y), dt)
    op.__name__ = name
    return op


bitwise_and = _bitwise(np.bitwise_and, "bitwise_and")
bitwise_or = _bitwise(np.bitwise_or, "bitwise_or")
bitwise_xor = _bitwise(np.bitwise_xor, "bitwise_xor")


def bitwise_not(input):
    if input._dtype.is_floating_point or input._dtype.is_complex:
        raise _no_kernel("bitwise_not_cpu", input._dtype)
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
def _unary(name, fn, cls, saved, to_float=True, bool_error=None):
    """A unary op: ``fn`` on the array; integer inputs become the default float dtype when
    ``to_float`` (torch.exp(int tensor) is float32); ``bool_error`` is torch's refusal of a bool
    input, for ops with no bool kernel."""
    def op(input, *, out=None):
        x = input._data
        dt = input._dtype
        if bool_error is not None and dt is D.bool:
            raise bool_error
        if to_float and not (dt.is_floating_point or dt.is_complex):
            dt = D.get_default_dtype()
            x = x.astype(dt._np)
        with quiet():
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
# torch's threshold_backward: zero where result <= 0, so a nan input passes its gradient on
ReluBackward0 = node("ReluBackward0", self=lambda grad, result: where(result <= 0, 0.0, grad))
SinhBackward0 = node("SinhBackward0", self=lambda grad, self: grad * cosh(self))
CoshBackward0 = node("CoshBackward0", self=lambda grad, self: grad * sinh(self))
AsinBackward0 = node("AsinBackward0", self=lambda grad, self: grad / sqrt(1 - self * self))
AcosBackward0 = node("AcosBackward0", self=lambda grad, self: -grad / sqrt(1 - self * self))
AtanBackward0 = node("AtanBackward0", self=lambda grad, self: grad / (self * self + 1))
FloorBackward0 = node("FloorBackward0", self=lambda grad: zeros_of(grad))
CeilBackward0 = node("CeilBackward0", self=lambda grad: zeros_of(grad))
RoundBackward0 = node("RoundBackward0", self=lambda grad: zeros_of(grad))
RoundBackward1 = node("RoundBackward1", self=lambda grad: zeros_of(grad))
TruncBackward0 = node("TruncBackward0", self=lambda grad: zeros_of(grad))
SignBackward0 = node("SignBackward0", self=lambda grad: zeros_of(grad))


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
abs = _unary("abs", xp.abs, AbsBackward0, True, to_float=False,  # noqa: A001
             bool_error=_no_kernel("abs_cpu", D.bool))
absolute = abs
sin = _unary("sin", xp.sin, SinBackward0, True)
cos = _unary("cos", xp.cos, CosBackward0, True)
tan = _unary("tan", xp.tan, TanBackward0, True)
tanh = _unary("tanh", xp.tanh, TanhBackward0, True)
sigmoid = _unary("sigmoid", _sigmoid_array, SigmoidBackward0, True)
relu = _unary("relu", _relu_array, ReluBackward0, True, to_float=False,
              bool_error=RuntimeError("Boolean inputs not supported for relu"))
sinh = _unary("sinh", xp.sinh, SinhBackward0, True)
cosh = _unary("cosh", xp.cosh, CoshBackward0, True)
asin = _unary("asin", xp.asin, AsinBackward0, True)
acos = _unary("acos", xp.acos, AcosBackward0, True)
atan = _unary("atan", xp.atan, AtanBackward0, True)
floor = _unary("floor", np.floor, FloorBackward0, False, to_float=False,
               bool_error=_no_kernel("floor_vml_cpu", D.bool))
ceil = _unary("ceil", np.ceil, CeilBackward0, False, to_float=False,
              bool_error=_no_kernel("ceil_vml_cpu", D.bool))
trunc = _unary("trunc", np.trunc, TruncBackward0, False, to_float=False,
               bool_error=_no_kernel("trunc_vml_cpu", D.bool))
# sign of a bool tensor is the tensor itself (NumPy has no bool sign)
sign = _unary("sign", lambda x: x.copy() if x.dtype == np.bool_ else np.sign(x), SignBackward0,
              False, to_float=False)


_NO_DECIMALS = object()  # round(x) and round(x, decimals=0) are different overloads in torch


def round(input, *, decimals=_NO_DECIMALS):  # noqa: A001 - torch's name
    # round(decimals=...) is its own overload in torch, with its own node even for decimals=0
    if decimals is not _NO_DECIMALS:
        if input._dtype is D.bool:
            raise _no_kernel("round_cpu", D.bool)
        with quiet():
            r = make(np.round(input._data, decimals), input._dtype)
        return record(r, RoundBackward1, (input,))
    return _round(input)


_round = _unary("round", np.round, RoundBackward0, False, to_float=False,
                bool_error=_no_kernel("round_vml_cpu", D.bool))


def positive(input):
    """``+input``: the tensor itself (torch refuses bool)."""
    if input._dtype is D.bool:
        raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
    return input


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
    return record(zeros_of(input), ZeroBackward0, (input,))


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
    _tensor_arg("maximum", input, 1, "input")
    _tensor_arg("maximum", other, 2, "other")
    x, y, dt, ta, tb = operands(input, other)
    r = make(np.maximum(x, y), dt)
    return record(r, MaximumBackward0, (ta, tb), {"self": input, "other": other})


def minimum(input, other):
    _tensor_arg("minimum", input, 1, "input")
    _tensor_arg("minimum", other, 2, "other")
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


# clamp with tensor bounds (an absent bound still has its (None, 0) edge, as in torch)
ClampBackward0 = node("ClampBackward0",
                      self=lambda grad, self, min, max: where(_in_range(self, min, max), grad, 0.0),
                      min=lambda grad, self, min, max: where(_below(self, min, max), grad, 0.0),
                      max=lambda grad, self, min, max: where(_above(self, min, max), grad, 0.0))


def _below(x, lo, hi):
    # torch's clamp_backward_min_max: with both bounds, min gets no gradient where min > max
    m = x < lo
    return m if hi is None else logical_and(m, lo < hi)


def _above(x, lo, hi):
    m = x > hi
    return m if lo is None else logical_or(m, hi < lo)


def _clamp_tensors(input, lo, hi):
    for name, v in (("min", lo), ("max", hi)):
        if v is not None and not isinstance(v, Tensor):
            raise TypeError(f"clamp() received an invalid combination of arguments: {name} is "
                            f"a {type(v).__name__}, the other bound a Tensor")
    dt = D.result_type(*(v for v in (input, lo, hi) if v is not None))
    r = input._data.astype(dt._np, copy=False)
    with quiet():
        if lo is not None:  # torch: min(max(self, min), max), nan bounds propagate
            r = np.maximum(r, lo._data.astype(dt._np, copy=False))
        if hi is not None:
            r = np.minimum(r, hi._data.astype(dt._np, copy=False))
    r = make(np.array(r, dtype=dt._np), dt)
    return record(r, ClampBackward0, (input, lo, hi), {"self": input, "min": lo, "max": hi})


def clamp(input, min=None, max=None):  # noqa: A002 - torch's names
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        return _clamp_tensors(input, min, max)
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
LerpBackward1 = node("LerpBackward1", self=lambda grad, weight: grad * (1 - weight),
                     end=lambda grad, weight: grad * weight,
                     weight=lambda grad, self, end: grad * (end - self))


def _lerp_array(x, e, w):
    # torch's kernel: the form that stays exact at the end nearer to the weight
    with quiet():
        return np.where(np.abs(w) < 0.5, x + w * (e - x), e - (e - x) * (1 - w))


def lerp(input, end, weight):
    dt = input._dtype
    _tensor_arg("lerp", end, 2, "end")
    if end._dtype is not dt:
        raise RuntimeError(f"expected dtype {_c_name(dt)} for `end` but got dtype "
                           f"{_c_name(end._dtype)}")
    if not isinstance(weight, Tensor):
        w = np.asarray(scalar_value(weight), dtype=dt._np)
        r = make(np.asarray(_lerp_array(input._data, end._data, w), dtype=dt._np), dt)
        return record(r, LerpBackward0, (input, end), {"weight": scalar_value(weight)})
    if weight._dtype is not dt and weight.ndim:
        raise RuntimeError(f"expected dtype {_c_name(dt)} for `weight` but got dtype "
                           f"{_c_name(weight._dtype)}")
    w = weight._data.astype(dt._np, copy=False)
    r = make(np.asarray(_lerp_array(input._data, end._data, w), dtype=dt._np), dt)
    return record(r, LerpBackward1, (input, end, weight),
                  {"self": input, "end": end, "weight": weight})


def _c_name(dt):
    # the C type name torch's dtype checks print ('float', 'double', 'long int'...)
    return {"float32": "float", "float64": "double", "float16": "c10::Half",
            "int64": "long int", "int32": "int", "bool": "bool"}.get(dt._name, dt._name)



# ---------------------------------------------------------------- activations with their own
# nodes in torch (torch.nn.functional's leaky_relu, softplus and silu; float inputs only)
def _float_only(kernel, input):
    dt = input._dtype
    if not (dt.is_floating_point or dt.is_complex):
        raise _no_kernel(kernel, dt)
    return input._data


LeakyReluBackward0 = node("LeakyReluBackward0",
                          self=lambda grad, self, negative_slope:
                              where(self > 0, grad, grad * negative_slope))
LeakyReluBackward1 = node("LeakyReluBackward1",  # the in-place form saves the result
                          self=lambda grad, result, negative_slope:
                              where(result > 0, grad, grad * negative_slope))
SoftplusBackward0 = node("SoftplusBackward0",
                         self=lambda grad, self, beta, threshold:
                             _softplus_grad(grad, self, beta, threshold))
SiluBackward0 = node("SiluBackward0", self=lambda grad, self: _silu_grad(grad, self))


def _leaky_relu_array(x, negative_slope):
    with quiet():
        return np.where(x > 0, x, x * negative_slope).astype(x.dtype, copy=False)


def leaky_relu(input, negative_slope=0.01):
    x = _float_only("leaky_relu_cpu", input)
    r = make(_leaky_relu_array(x, negative_slope), input._dtype)
    return record(r, LeakyReluBackward0, (input,),
                  {"self": input, "negative_slope": negative_slope})


def leaky_relu_(input, negative_slope=0.01):
    check_inplace(input)
    x = _float_only("leaky_relu_cpu", input)
    r = make(_leaky_relu_array(x, negative_slope), input._dtype)
    record(r, LeakyReluBackward1, (input,), {"result": RESULT, "negative_slope": negative_slope})
    return commit_inplace(input, r)


def softplus(input, beta=1.0, threshold=20.0):
    # torch: the input itself where input * beta > threshold, else log1p(exp(input * beta)) / beta
    x = _float_only("softplus_cpu", input)
    with quiet():
        z = x * beta
        r = np.where(z > threshold, x, np.log1p(np.exp(z)) / beta).astype(x.dtype, copy=False)
    return record(make(r, input._dtype), SoftplusBackward0, (input,),
                  {"self": input, "beta": beta, "threshold": threshold})


def _softplus_grad(grad, self, beta, threshold):
    z = exp(self * beta)
    return where(self * beta > threshold, grad, grad * z / (z + 1))


def silu(input):
    x = _float_only("silu_cpu", input)
    with quiet():
        r = (x / (1 + np.exp(-x))).astype(x.dtype, copy=False)
    return record(make(r, input._dtype), SiluBackward0, (input,), {"self": input})


def _silu_grad(grad, self):
    s = sigmoid(self)
    return grad * s * (1 + self * (1 - s))


silu_ = inplace(silu)


# In-place forms of the ops above (``t.sin_()``): the out-of-place op's graph node, its result
# written into self (torch's in-place checks and version bump included).
sin_ = inplace(sin)
cos_ = inplace(cos)
tan_ = inplace(tan)
sinh_ = inplace(sinh)
cosh_ = inplace(cosh)
asin_ = inplace(asin)
acos_ = inplace(acos)
atan_ = inplace(atan)
expm1_ = inplace(expm1)
log2_ = inplace(log2)
log10_ = inplace(log10)
log1p_ = inplace(log1p)
rsqrt_ = inplace(rsqrt)
reciprocal_ = inplace(reciprocal)
floor_ = inplace(floor)
ceil_ = inplace(ceil)
round_ = inplace(round)
trunc_ = inplace(trunc)
sign_ = inplace(sign)
square_ = inplace(square)
atan2_ = inplace(atan2)
fmod_ = inplace(fmod)
remainder_ = inplace(remainder)
lerp_ = inplace(lerp)
absolute_ = abs_
negative_ = neg_
clip_ = clamp_
divide_ = div_
true_divide_ = div_
multiply_ = mul_
subtract_ = sub_

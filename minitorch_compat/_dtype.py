"""torch dtype objects, the default dtype, and torch's type-promotion rules (not NumPy's)."""
import numpy as np

__all__ = [
    "dtype", "float16", "float32", "float64", "bfloat16", "complex64", "complex128",
    "uint8", "int8", "int16", "int32", "int64", "bool", "uint16", "uint32", "uint64",
    "half", "float", "double", "cfloat", "cdouble", "short", "int", "long",
    "get_default_dtype", "set_default_dtype", "promote_types", "result_type", "can_cast",
]

_py_bool, _py_int, _py_float, _py_complex = bool, int, float, complex


class dtype:
    """A torch dtype: compared by identity, printed as ``torch.float32``."""

    __slots__ = ("_name", "_np", "is_floating_point", "is_complex", "is_signed", "itemsize",
                 "_category", "_legacy")

    def __init__(self, name, np_dtype, category, itemsize, is_signed, legacy):
        self._name = name
        self._np = np.dtype(np_dtype) if np_dtype is not None else None
        # categories order torch's promotion: bool < integer < floating < complex
        self._category = category
        self.is_floating_point = category == 2
        self.is_complex = category == 3
        self.is_signed = is_signed
        self.itemsize = itemsize
        self._legacy = legacy  # 'Float' in "torch.FloatTensor" and in error messages

    def __repr__(self):
        return "torch." + self._name

    __str__ = __repr__

    def __reduce__(self):
        return (_dtype_by_name, (self._name,))

    def to_real(self):
        return {complex64: float32, complex128: float64}.get(self, self)

    def to_complex(self):
        return {float32: complex64, float64: complex128, float16: complex64}.get(self, self)


float16 = dtype("float16", np.float16, 2, 2, True, "Half")
float32 = dtype("float32", np.float32, 2, 4, True, "Float")
float64 = dtype("float64", np.float64, 2, 8, True, "Double")
bfloat16 = dtype("bfloat16", None, 2, 2, True, "BFloat16")  # no NumPy storage: a name only
complex64 = dtype("complex64", np.complex64, 3, 8, True, "ComplexFloat")
complex128 = dtype("complex128", np.complex128, 3, 16, True, "ComplexDouble")
uint8 = dtype("uint8", np.uint8, 1, 1, False, "Byte")
uint16 = dtype("uint16", np.uint16, 1, 2, False, "UInt16")
uint32 = dtype("uint32", np.uint32, 1, 4, False, "UInt32")
uint64 = dtype("uint64", np.uint64, 1, 8, False, "UInt64")
int8 = dtype("int8", np.int8, 1, 1, True, "Char")
int16 = dtype("int16", np.int16, 1, 2, True, "Short")
int32 = dtype("int32", np.int32, 1, 4, True, "Int")
int64 = dtype("int64", np.int64, 1, 8, True, "Long")
bool = dtype("bool", np.bool_, 0, 1, False, "Bool")  # noqa: A001 - torch.bool is torch's name

half, float, double = float16, float32, float64  # noqa: A001
cfloat, cdouble = complex64, complex128
short, int, long = int16, int32, int64  # noqa: A001

_ALL = (float16, float32, float64, bfloat16, complex64, complex128,
        uint8, int8, int16, int32, int64, bool, uint16, uint32, uint64)
_BARELY_SUPPORTED = (uint16, uint32, uint64)
_BY_NAME = {d._name: d for d in _ALL}
_BY_NP = {d._np: d for d in _ALL if d._np is not None}


def _dtype_by_name(name):
    return _BY_NAME[name]


def from_numpy_dtype(np_dtype):
    """The torch dtype of a NumPy dtype; TypeError for those torch has no dtype for."""
    try:
        return _BY_NP[np_dtype]
    except KeyError:
        raise TypeError(
            f"can't convert np.ndarray of type numpy.{np.dtype(np_dtype).type.__name__}. The only "
            "supported types are: float64, float32, float16, complex64, complex128, int64, int32, "
            "int16, int8, uint64, uint32, uint16, uint8, and bool.") from None


# ---------------------------------------------------------------- default dtype
_default = float32  # process-wide, as torch's is


def get_default_dtype():
    return _default


def set_default_dtype(d):
    global _default
    if not isinstance(d, dtype) or not d.is_floating_point or d is bfloat16:
        if isinstance(d, dtype):
            raise TypeError(
                "only floating-point types are supported as the default type")
        raise TypeError(f"set_default_dtype(): argument 'd' (position 1) must be torch.dtype, "
                        f"not {type(d).__name__}")
    _default = d


def default_complex():
    return complex128 if _default is float64 else complex64


# ---------------------------------------------------------------- promotion
def promote_types(type1, type2):
    """torch.promote_types: the smallest dtype both can be cast to, by torch's lattice."""
    if type1 is type2:
        return type1
    c1, c2 = type1._category, type2._category
    if c1 != c2:
        hi, lo = (type1, type2) if c1 > c2 else (type2, type1)
        if hi.is_complex and lo is float64:
            return complex128
        return hi  # int + float16 is float16; bool + anything is the other
    if type1 in _BARELY_SUPPORTED or type2 in _BARELY_SUPPORTED:
        raise RuntimeError(f"Promotion for uint16, uint32, uint64 types is not supported, "
                           f"attempted to promote {type1._legacy} and {type2._legacy}")
    if type1 is bfloat16 or type2 is bfloat16:
        other = type2 if type1 is bfloat16 else type1
        return float32 if other is float16 else other
    return _BY_NP[np.promote_types(type1._np, type2._np)]


def _scalar_dtype(value):
    # torch: a Python number is a "wrapped number": bool, int64, the default float or complex dtype
    if isinstance(value, _py_bool):
        return bool
    if isinstance(value, _py_int):
        return int64
    if isinstance(value, _py_float):
        return _default
    if isinstance(value, _py_complex):
        return default_complex()
    raise TypeError(f"result_type(): unsupported operand {type(value).__name__}")


def _combine(higher, lower):
    # torch's combine_categories: a lower-priority participant only raises the category
    if higher is None:
        return lower
    if lower is None or higher.is_complex:
        return higher
    if lower.is_complex:
        return higher.to_complex() if higher.is_floating_point else lower
    if higher.is_floating_point:
        return higher
    if higher is bool or lower.is_floating_point:
        return promote_types(higher, lower)
    return higher


def result_type(*operands):
    """torch.result_type over tensors and Python scalars: dim>0 tensors, then 0-dim tensors,
    then Python scalars, each group promoting only by category over the ones before it."""
    dim = zero = wrapped = None
    for x in operands:
        d = getattr(x, "dtype", None)
        if isinstance(d, dtype):
            if x.ndim:
                dim = d if dim is None else promote_types(dim, d)
            else:
                zero = d if zero is None else promote_types(zero, d)
        else:
            s = _scalar_dtype(x)
            wrapped = s if wrapped is None else promote_types(wrapped, s)
    return _combine(dim, _combine(zero, wrapped))


def can_cast(from_, to):
    """torch.can_cast: no float->integral, complex->non-complex, or non-bool->bool casts."""
    if from_._category > to._category:
        return False
    return not (to is bool and from_ is not bool)

"""The one boundary to array libraries. NumPy arrays are the native storage and the ops call
NumPy directly (the fast path); any other array-API array is resolved through array-api-compat,
imported only when such an array shows up (importing its NumPy namespace costs ~100 ms)."""
import numpy as np

__all__ = ["namespace_of", "as_array", "to_numpy", "from_foreign", "quiet"]


def namespace_of(array):
    """The array-API namespace of a backend array."""
    import array_api_compat
    return array_api_compat.array_namespace(array)


def as_array(value):
    """Normalise an op's result to a backend array: NumPy returns scalars for 0-d results."""
    if type(value) is np.ndarray:
        return value
    return np.asarray(value)


def to_numpy(array):
    """A NumPy view of a backend array (no copy for NumPy arrays)."""
    if type(array) is np.ndarray:
        return array
    return np.asarray(array)


def from_foreign(obj):
    """A NumPy array from another library's array (CuPy, JAX, array_api_strict...), or None
    when ``obj`` is not an array-API array."""
    import array_api_compat
    if not array_api_compat.is_array_api_obj(obj):
        return None
    try:
        return np.asarray(obj)
    except (TypeError, ValueError):
        return np.from_dlpack(obj)  # arrays without __array__ still speak DLPack


# NumPy's floating-point warnings, silenced where torch is silent (overflow to inf, nan from
# inf - inf...). np.errstate costs ~2 us per use, a large share of a small op, so the quiet
# state is built once and set directly on NumPy's context variable (public np.errstate is the
# fallback for NumPy versions without it). ``quietly(f, ...)`` is the same for one call, for the
# hottest ops: it skips the with-statement's two Python-level method calls (~0.3 us of a ~3 us
# op).
try:
    from numpy._core._ufunc_config import _extobj_contextvar, _make_extobj

    _QUIET_EXTOBJ = _make_extobj(all="ignore")
    _set_extobj, _reset_extobj = _extobj_contextvar.set, _extobj_contextvar.reset

    class quiet:
        """``with quiet():`` NumPy floating-point warnings off for the block."""
        __slots__ = ("_token",)

        def __enter__(self):
            self._token = _set_extobj(_QUIET_EXTOBJ)

        def __exit__(self, *exc_info):
            _reset_extobj(self._token)

    def quietly(fn, *args, **kwargs):
        """``fn(*args, **kwargs)`` with NumPy floating-point warnings off."""
        token = _set_extobj(_QUIET_EXTOBJ)
        try:
            return fn(*args, **kwargs)
        finally:
            _reset_extobj(token)
except ImportError:  # pragma: no cover - other NumPy layouts
    def quiet():
        return np.errstate(all="ignore")

    def quietly(fn, *args, **kwargs):
        with np.errstate(all="ignore"):
            return fn(*args, **kwargs)

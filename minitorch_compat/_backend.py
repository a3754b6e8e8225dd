"""The one boundary to array libraries: the array namespace of a backend array (resolved once per
tensor, through array-api-compat), conversion of incoming data, and 0-d normalisation."""
import numpy as np
import array_api_compat
import array_api_compat.numpy as numpy_xp

__all__ = ["numpy_xp", "namespace_of", "as_array", "to_numpy"]


def namespace_of(array):
    """The array-api namespace for a backend array (NumPy arrays get the compat NumPy namespace)."""
    if type(array) is np.ndarray:
        return numpy_xp
    return array_api_compat.array_namespace(array)


def as_array(value):
    """Normalise an op's result to a backend array: NumPy returns scalars for 0-d results."""
    if type(value) is np.ndarray:
        return value
    if isinstance(value, np.generic):
        return np.asarray(value)
    return value


def to_numpy(array):
    """A NumPy view of a backend array (no copy for NumPy arrays)."""
    if type(array) is np.ndarray:
        return array
    return np.asarray(array)

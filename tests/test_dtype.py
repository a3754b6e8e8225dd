"""dtypes and torch's promotion rules (values recorded from torch 2.13)."""
import numpy as np
import pytest

import minitorch_compat as torch

t = torch.tensor


@pytest.mark.parametrize("make, expected", [
    (lambda: t([1, 2]) * 2.5, torch.float32),
    (lambda: t([1, 2]) / 2, torch.float32),
    (lambda: t([1, 2]) // 2, torch.int64),
    (lambda: t([1, 2], dtype=torch.int8) + t(300), torch.int8),
    (lambda: t([1, 2]) + t(2.0, dtype=torch.float64), torch.float64),
    (lambda: t([1.0, 2]) + t(2.0, dtype=torch.float64), torch.float32),
    (lambda: t([True]) + True, torch.bool),
    (lambda: t([True]) + 1, torch.int64),
    (lambda: t([True]) * 1.5, torch.float32),
    (lambda: t([1], dtype=torch.uint8) + t([1], dtype=torch.int8), torch.int16),
    (lambda: t([1], dtype=torch.int64) + t([1], dtype=torch.float16), torch.float16),
    (lambda: t([1]) ** 2, torch.int64),
    (lambda: t([1]) ** 2.0, torch.float32),
    (lambda: 2 ** t([1]), torch.int64),
    (lambda: t([1.0]).sum(), torch.float32),
    (lambda: t([1]).sum(), torch.int64),
    (lambda: t([True]).sum(), torch.int64),
    (lambda: t([1, 2], dtype=torch.int32).sum(), torch.int64),
    (lambda: t([1, 2]).exp(), torch.float32),
    (lambda: t([1, 2]).sigmoid(), torch.float32),
    (lambda: torch.ones(2) == 1, torch.bool),
    (lambda: t([1, 2.5]), torch.float32),
    (lambda: t([1, True]), torch.int64),
    (lambda: t(3), torch.int64),
    (lambda: t([]), torch.float32),
    (lambda: torch.arange(5), torch.int64),
    (lambda: torch.arange(0, 1, 0.25), torch.float32),
    (lambda: torch.full((2,), 3), torch.int64),
    (lambda: torch.full((2,), 3.0), torch.float32),
    (lambda: torch.full((2,), True), torch.bool),
    (lambda: t(np.array([1.5])), torch.float64),
    (lambda: torch.from_numpy(np.zeros(2, np.int32)), torch.int32),
])
def test_result_dtypes(make, expected):
    assert make().dtype is expected


def test_promote_types_and_result_type():
    assert torch.promote_types(torch.int64, torch.float16) is torch.float16
    assert torch.promote_types(torch.uint8, torch.int8) is torch.int16
    assert torch.promote_types(torch.bool, torch.int32) is torch.int32
    assert torch.result_type(t([1]), 1.0) is torch.float32
    assert torch.result_type(t([1.0], dtype=torch.float16), t(1.0)) is torch.float16
    assert torch.result_type(t([1]), t(1.0, dtype=torch.float64)) is torch.float64
    assert torch.result_type(2, 3.0) is torch.float32


def test_can_cast():
    assert not torch.can_cast(torch.float32, torch.int32)
    assert torch.can_cast(torch.int32, torch.float32)
    assert not torch.can_cast(torch.int32, torch.bool)
    assert torch.can_cast(torch.bool, torch.bool)
    assert not torch.can_cast(torch.complex64, torch.float64)


def test_default_dtype():
    assert torch.get_default_dtype() is torch.float32
    torch.set_default_dtype(torch.float64)
    try:
        assert t([1.5]).dtype is torch.float64
        assert (t([1]) * 2.5).dtype is torch.float64
        assert torch.ones(1).dtype is torch.float64
    finally:
        torch.set_default_dtype(torch.float32)
    with pytest.raises(TypeError, match="only floating-point types are supported as the default "
                                        "type"):
        torch.set_default_dtype(torch.int64)


def test_dtype_objects():
    assert repr(torch.float32) == "torch.float32" and str(torch.int64) == "torch.int64"
    assert torch.float is torch.float32 and torch.double is torch.float64
    assert torch.long is torch.int64 and torch.int is torch.int32 and torch.half is torch.float16
    assert torch.float32.is_floating_point and not torch.int64.is_floating_point
    assert torch.float64.itemsize == 8
    import pickle
    assert pickle.loads(pickle.dumps(torch.float16)) is torch.float16


def test_errors_for_bad_arithmetic():
    with pytest.raises(RuntimeError, match="^Integers to negative integer powers are not "
                                           "allowed.$"):
        t([1]) ** -1
    with pytest.raises(RuntimeError, match="Subtraction, the `-` operator, with a bool tensor is "
                                           "not supported."):
        t([1]) - t([True])
    with pytest.raises(RuntimeError, match="Negation, the `-` operator, on a bool tensor is not "
                                           "supported."):
        -t([True])
    with pytest.raises(RuntimeError, match=r"^mean\(\): could not infer output dtype. Input dtype "
                                           "must be either a floating point or complex dtype. "
                                           "Got: Long$"):
        t([1, 2]).mean()
    with pytest.raises(TypeError, match=r"unsupported operand type\(s\) for \+: 'Tensor' and "
                                        "'str'"):
        torch.ones(2) + "a"
    assert (torch.ones(2) == None) is False  # noqa: E711

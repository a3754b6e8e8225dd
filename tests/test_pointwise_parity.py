"""Pointwise behaviours checked against torch 2.13 by hand (the conformance suite checks them
live): graph edges, node names, dtype refusals and values at the extremes."""
import warnings

import pytest

import minitorch_compat as torch
import minitorch_compat.nn.functional as F


def _x(*shape):
    return torch.randn(*shape, requires_grad=True)


def test_non_differentiable_inputs_get_no_edge():
    x = _x(3)
    w = torch.where(x > 0, x, torch.zeros(3))
    assert len(w.grad_fn.next_functions) == 2
    assert (x * 2).grad_fn.next_functions[1] == (None, 0)  # a number keeps its (None, 0) edge


@pytest.mark.parametrize("fn, name, edges", [
    (lambda x: torch.remainder(x, 2.0), "RemainderBackward0", 1),
    (lambda x: torch.remainder(x, torch.ones(3)), "RemainderBackward1", 2),
    (lambda x: torch.rsub(x, torch.ones(3)), "RsubBackward0", 2),
    (lambda x: torch.round(x, decimals=1), "RoundBackward1", 1),
    (lambda x: torch.lerp(x, torch.ones(3), 0.3), "LerpBackward0", 2),
    (lambda x: torch.lerp(x, torch.ones(3), torch.ones(3)), "LerpBackward1", 3),
    (lambda x: torch.clamp(x, torch.zeros(3)), "ClampBackward0", 3),
    (lambda x: F.leaky_relu(x), "LeakyReluBackward0", 1),
    (lambda x: F.softplus(x), "SoftplusBackward0", 1),
    (lambda x: F.silu(x), "SiluBackward0", 1),
    (lambda x: torch.atan2(x, torch.ones(3)), "Atan2Backward0", 2),
    (lambda x: torch.fmod(x, 2.0), "FmodBackward0", 1),
    (lambda x: x // 2, "torch::autograd::NotImplemented", 1),
    (lambda x: 2 % x, "torch::autograd::NotImplemented", 1),
    (lambda x: torch.div(x, 2, rounding_mode="floor"), "DivBackward2", 2),
])
def test_node_names_and_edges(fn, name, edges):
    r = fn(_x(3))
    assert r.grad_fn.name() == name
    assert len(r.grad_fn.next_functions) == edges


def test_not_implemented_backward_raises():
    with pytest.raises(RuntimeError, match="derivative for aten::floor_divide is not implemented"):
        (_x(3) // 2).sum().backward()
    with pytest.raises(RuntimeError, match="derivative for aten::remainder is not implemented"):
        (2 % _x(3)).sum().backward()


def test_dtype_refusals():
    b = torch.tensor([True, False])
    with pytest.raises(NotImplementedError, match="abs_cpu"):
        b.abs()
    with pytest.raises(RuntimeError, match="Boolean inputs not supported for relu"):
        torch.relu(b)
    assert b.sign().dtype == torch.bool and b.sign().tolist() == [True, False]
    with pytest.raises(NotImplementedError, match="lt_cpu"):
        torch.tensor([1j]) < torch.tensor([2j])  # noqa: B015 - the comparison must raise
    with pytest.raises(NotImplementedError, match="div_floor_cpu"):
        b // b
    with pytest.raises(NotImplementedError, match="bitwise_and_cpu"):
        torch.ones(2) & torch.ones(2)
    with pytest.raises(TypeError, match="must be Tensor, not float"):
        torch.maximum(torch.ones(3), 2.5)
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        torch.tensor([1, 2]) // torch.zeros(2, dtype=torch.int64)


def test_values_at_extremes():
    x = torch.tensor([float("nan"), -1.0, 2.0], requires_grad=True)
    torch.relu(x).sum().backward()
    assert x.grad.tolist()[1:] == [0.0, 1.0] and x.grad.tolist()[0] == 1.0
    b = torch.tensor([0.0], requires_grad=True)
    (b ** torch.tensor([0.0])).sum().backward()
    assert b.grad.tolist() == [0.0]
    assert (torch.tensor([1, 2, -1]) ** torch.tensor([-1, -2, -3])).tolist() == [1, 0, -1]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        torch.tensor([1e30]) * torch.tensor([1e30])
        torch.tensor([float("inf")]) + torch.tensor([float("-inf")])

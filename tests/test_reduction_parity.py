"""Parity fixes in reductions, softmax, losses, linalg and conv (checked against torch 2.13 by the
live conformance suite); these pin the behaviours without torch."""
import warnings

import numpy as np
import pytest

import minitorch_compat as torch
import minitorch_compat.nn.functional as F


def _leaf(*shape, dtype=None):
    rng = np.random.default_rng(0)
    return torch.tensor(rng.standard_normal(shape), dtype=dtype or torch.float64,
                        requires_grad=True)


@pytest.mark.parametrize("op", ["sum", "mean", "prod", "amax", "amin", "logsumexp", "cumsum"])
@pytest.mark.parametrize("dim", [0, -1])
def test_zero_dim_tensor_reduces_along_dim_0(op, dim):
    x = torch.tensor(2.0, requires_grad=True)
    y = getattr(torch, op)(x, dim)
    assert y.shape == ()
    y.backward()
    assert x.grad.item() == pytest.approx(1.0)


def test_zero_dim_max_nonzero_any_count():
    x = torch.tensor(2.0, requires_grad=True)
    v, i = torch.max(x, 0)
    v.backward()
    assert (v.item(), i.item(), x.grad.item()) == (2.0, 0, 1.0)
    assert torch.nonzero(x).shape == (1, 0)
    assert torch.nonzero(torch.tensor(0.0)).shape == (0, 0)
    assert torch.any(x, 0).item() and torch.count_nonzero(x, 0).item() == 1
    assert torch.softmax(x, 0).item() == 1.0


def test_var_refuses_int_and_warns_on_no_degrees_of_freedom():
    with pytest.raises(RuntimeError, match="std and var only support floating point"):
        torch.var(torch.arange(3))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = torch.std(torch.zeros(0, 3), 0)
    assert [w.category for w in caught] == [UserWarning]
    assert str(caught[0].message).startswith("std(): degrees of freedom is <= 0.")
    assert np.isnan(r.numpy()).all()


def test_reductions_are_quiet_about_nan_and_empty():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isnan(torch.tensor([np.inf, -np.inf]).sum().item())
        assert np.isnan(torch.zeros(0, 3).mean(0).numpy()).all()


def test_empty_extremes_and_bool_argmax_messages():
    e = torch.zeros(4, 0, 4)
    with pytest.raises(IndexError, match=r"amax\(\): Expected reduction dim -2 to have non-zero"):
        torch.amax(e, -2)
    with pytest.raises(IndexError, match=r"argmax\(\): Expected reduction dim 1 to have non-zero"):
        torch.argmax(e, -2)
    with pytest.raises(RuntimeError, match=r"argmin\(\): does not support bool input"):
        torch.argmin(torch.tensor([True, False]))


def test_prod_gradient_with_a_zero_uses_the_product_of_the_others():
    x = torch.tensor([[0.0, 2.0], [-np.inf, 3.0], [2.0, 1.0]], requires_grad=True)
    x.prod(0).sum().backward()
    g = x.grad.numpy()
    assert g[:2, 0].tolist() == [-np.inf, 0.0] and np.isnan(g[2, 0])  # torch's values
    assert g[:, 1].tolist() == [3.0, 2.0, 6.0]
    y = torch.tensor([0.0, -2.0, 2.0], requires_grad=True)
    y.prod().backward()
    assert y.grad.tolist() == [-4.0, 0.0, 0.0]


def test_norm_is_one_vector_norm_node():
    x = torch.tensor([[1.0, -3.0, 0.0], [2.0, 2.0, 0.0]], requires_grad=True)
    assert torch.norm(x, float("inf"), 1).tolist() == [3.0, 2.0]
    assert torch.norm(x, 0, 1).tolist() == [2.0, 2.0]
    y = torch.norm(x, dim=1, keepdim=True)
    assert y.grad_fn.name() == "LinalgVectorNormBackward0" and y.shape == (2, 1)
    with pytest.raises(RuntimeError, match="cannot compute the -2 norm on an empty tensor"):
        torch.norm(torch.zeros(0, 3), -2)


def test_logsumexp_is_one_node():
    x = _leaf(3, 4)
    y = torch.logsumexp(x, 1)
    assert y.grad_fn.name() == "LogsumexpBackward0"
    y.sum().backward()
    assert np.allclose(x.grad.numpy().sum(1), 1.0)


def test_softmax_without_dim_warns_and_picks_torchs_dim():
    x = _leaf(3, 4)
    with pytest.warns(UserWarning, match="Implicit dimension choice for softmax"):
        y = F.softmax(x)
    assert np.allclose(y.detach().numpy().sum(1), 1.0)
    y = F.log_softmax(x, 1, dtype=torch.float32)
    assert y.grad_fn.next_functions[0][0].name() == "ToCopyBackward0"


def test_losses_compose_like_torch():
    x, t = _leaf(4, 3), torch.tensor([0, 1, 2, 1])
    assert F.l1_loss(x, x.detach()).grad_fn.name() == "MeanBackward0"
    p = torch.softmax(_leaf(4, 3).detach(), 1)
    assert F.cross_entropy(x, p).grad_fn.name() == "DivBackward1"
    smooth = F.cross_entropy(x, t, label_smoothing=0.1)
    assert smooth.grad_fn.name() == "AddBackward0"
    smooth.backward()
    assert np.allclose(x.grad.numpy().sum(1), 0.0)
    x3 = _leaf(2, 3, 4)
    assert F.nll_loss(x3, torch.tensor([[0, 1, 2, 1], [2, 2, 0, 1]])).grad_fn.name() == \
        "NllLoss2DBackward0"


def test_linalg_nodes():
    a, b = _leaf(4), _leaf(4)
    assert torch.vdot(a, b).grad_fn.name() == "VdotBackward0"
    assert torch.inner(_leaf(2, 4), _leaf(3, 4)).shape == (2, 3)
    with pytest.raises(RuntimeError, match="outer: Expected 1-D argument self, but got 2-D"):
        torch.outer(_leaf(3, 1), _leaf(2))
    out = torch.matmul(_leaf(3), _leaf(2, 3, 4))
    assert out.grad_fn.name() == "UnsafeViewBackward0" and out.shape == (2, 4)
    A, B = _leaf(2, 3), _leaf(3, 4)
    torch.einsum("ij,jk->ik", A, B).sum().backward()
    assert np.allclose(A.grad.numpy(), np.broadcast_to(B.detach().numpy().sum(1), (2, 3)))


def test_conv1d_is_one_convolution_node():
    x, w = _leaf(2, 3, 7), _leaf(4, 3, 3)
    y = F.conv1d(x, w, stride=2, padding=1)
    assert y.grad_fn.name() == "ConvolutionBackward0" and y.shape == (2, 4, 4)
    ref = F.conv2d(x.unsqueeze(2), w.unsqueeze(2), stride=(1, 2), padding=(0, 1)).squeeze(2)
    assert np.allclose(y.detach().numpy(), ref.detach().numpy())
    y = F.adaptive_avg_pool2d(_leaf(1, 2, 5, 7), (2, 3))
    assert y.grad_fn.name() == "AdaptiveAvgPool2DBackward0"

"""nn layers beyond Linear: Conv2d, BatchNorm, pooling, Dropout, Flatten, Embedding, LayerNorm,
scatter/gather. Reprs and a seeded CNN step recorded from torch 2.13 (no torch needed)."""
import numpy as np
import pytest

import minitorch_compat as torch

nn = torch.nn
F = torch.nn.functional


def test_reprs():
    assert repr(nn.Conv2d(3, 4, 3, padding=1)) == \
        "Conv2d(3, 4, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))"
    assert repr(nn.Conv2d(3, 4, (3, 5), stride=2, padding=(1, 2), bias=False)) == \
        "Conv2d(3, 4, kernel_size=(3, 5), stride=(2, 2), padding=(1, 2), bias=False)"
    assert repr(nn.MaxPool2d(2)) == \
        "MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)"
    assert repr(nn.BatchNorm2d(3)) == ("BatchNorm2d(3, eps=1e-05, momentum=0.1, affine=True, "
                                       "bias=True, track_running_stats=True)")
    assert repr(nn.Flatten()) == "Flatten(start_dim=1, end_dim=-1)"
    assert repr(nn.Embedding(10, 3)) == "Embedding(10, 3)"
    assert repr(nn.Dropout()) == "Dropout(p=0.5, inplace=False)"
    assert repr(nn.AvgPool2d(2)) == "AvgPool2d(kernel_size=2, stride=2, padding=0)"
    assert repr(nn.AdaptiveAvgPool2d((1, 1))) == "AdaptiveAvgPool2d(output_size=(1, 1))"
    assert repr(nn.LayerNorm(8)) == \
        "LayerNorm((8,), eps=1e-05, elementwise_affine=True, bias=True)"
    assert list(nn.BatchNorm2d(3).state_dict()) == [
        "weight", "bias", "running_mean", "running_var", "num_batches_tracked"]


def test_seeded_cnn_step_matches_torch():
    torch.manual_seed(0)
    m = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(),
                      nn.MaxPool2d(2), nn.Dropout(0.25), nn.Flatten(), nn.Linear(4 * 4 * 4, 10))
    e = nn.Embedding(7, 3, padding_idx=1)
    x = torch.randn(5, 1, 8, 8)
    y = torch.randint(0, 10, (5,))
    out = m(x)
    loss = F.cross_entropy(out, y) + e(torch.tensor([1, 2, 3])).sum()
    loss.backward()
    # recorded from torch 2.13 with the same seed
    assert out.grad_fn.name() == "AddmmBackward0"
    assert m[0].weight.flatten()[:4].tolist() == pytest.approx(
        [-0.0025, 0.17881, -0.27435, -0.24531], abs=1e-5)
    assert loss.item() == pytest.approx(-0.11797857284545898, abs=1e-6)
    sums = {n: float(p.grad.abs().sum()) for n, p in m.named_parameters()}
    expected = {"0.weight": 5.455063, "0.bias": 0.0, "1.weight": 0.622447, "1.bias": 0.490411,
                "6.weight": 82.477798, "6.bias": 1.14912}
    for k, v in expected.items():
        assert sums[k] == pytest.approx(v, abs=2e-5), k
    assert e.weight.grad.tolist() == [[0.0] * 3, [0.0] * 3, [1.0] * 3, [1.0] * 3, [0.0] * 3,
                                      [0.0] * 3, [0.0] * 3]
    assert m[1].running_var.tolist() == pytest.approx([0.919974, 0.924636, 0.926573, 0.93793],
                                                      abs=1e-6)
    assert m[1].num_batches_tracked.item() == 1


def test_batchnorm_eval_uses_running_stats():
    bn = nn.BatchNorm1d(2)
    bn.eval()
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_allclose(bn(x).detach().numpy(), x.numpy() / np.sqrt(1 + 1e-5), rtol=1e-6)
    with pytest.raises(ValueError, match=r"expected 2D or 3D input \(got 4D input\)"):
        bn(torch.ones(1, 2, 1, 1))


def test_pool_and_conv_shapes_and_nodes():
    x = torch.randn(2, 3, 7, 8, requires_grad=True)
    assert F.max_pool2d(x, 3, 2, 1).shape == (2, 3, 4, 4)
    assert F.max_pool2d(x, 2).grad_fn.name() == "MaxPool2DWithIndicesBackward0"
    assert F.avg_pool2d(x, 2).grad_fn.name() == "AvgPool2DBackward0"
    assert F.adaptive_avg_pool2d(x, 1).grad_fn.name() == "MeanBackward1"
    w = torch.randn(4, 3, 3, 3)
    assert F.conv2d(x, w, padding=1).shape == (2, 4, 7, 8)
    assert F.conv2d(x, w, padding=1).grad_fn.name() == "ConvolutionBackward0"
    with pytest.raises(RuntimeError, match=r"Given groups=1, weight of size \[4, 2, 3, 3\], "
                                           r"expected input\[2, 3, 7, 8\] to have 2 channels, "
                                           r"but got 3 channels instead"):
        F.conv2d(x, torch.randn(4, 2, 3, 3))


def test_scatter_gather_embedding():
    z = torch.zeros(3, 4).scatter_(1, torch.tensor([[1, 2]]), torch.arange(1.0, 3).reshape(1, 2))
    assert z.tolist() == [[0, 1, 2, 0], [0, 0, 0, 0], [0, 0, 0, 0]]
    assert torch.zeros(3).scatter_add(0, torch.tensor([1, 1]), torch.ones(2)).tolist() == \
        [0, 2, 0]
    a = torch.arange(6.0, requires_grad=True).reshape(2, 3)
    g = torch.gather(a, 1, torch.tensor([[0, 0], [2, 1]]))
    assert g.tolist() == [[0, 0], [5, 4]] and g.grad_fn.name() == "GatherBackward0"
    with pytest.raises(RuntimeError, match=r"gather\(\): Expected dtype int32/int64 for index"):
        torch.gather(torch.ones(2, 2), 1, torch.tensor([[0.0]]))
    with pytest.raises(IndexError, match="index out of range in self"):
        F.embedding(torch.tensor([7]), torch.ones(5, 2))


def test_full_backward_hooks():
    # order and contents as torch 2.13 calls them
    lin = nn.Linear(3, 2)
    log = []
    lin.register_full_backward_pre_hook(lambda m, gout: log.append(("pre", len(gout))))
    handle = lin.register_full_backward_hook(
        lambda m, gin, gout: log.append(("hook", gin[0].shape, gout[0].shape)))
    x = torch.ones(4, 3, requires_grad=True)
    y = lin(x)
    assert y.grad_fn.name() == "BackwardHookFunctionBackward"
    y.sum().backward()
    assert log == [("pre", 1), ("hook", (4, 3), (4, 2))]
    handle.remove()
    log.clear()
    with pytest.warns(UserWarning, match="Full backward hook is firing when gradients are "
                                         "computed with respect to module outputs"):
        lin.register_full_backward_hook(lambda m, gin, gout: log.append(gin))
        lin(torch.ones(4, 3)).sum().backward()
    assert log[-1] == (None,)

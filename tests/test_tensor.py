"""Tensor creation, conversion, metadata, views and indexing, with torch's errors (messages
recorded from torch 2.13)."""
import numpy as np
import pytest

import minitorch_compat as torch


def test_factories():
    assert torch.zeros(2, 3).shape == (2, 3) == torch.zeros((2, 3)).shape
    assert torch.ones([2]).tolist() == [1.0, 1.0]
    assert torch.full((2,), 7).tolist() == [7, 7]
    assert torch.empty(2, 3).shape == torch.Size([2, 3])
    assert torch.arange(5).tolist() == [0, 1, 2, 3, 4]
    assert torch.arange(1, 4, dtype=torch.float32).tolist() == [1.0, 2.0, 3.0]
    assert torch.eye(2, 3).tolist() == [[1, 0, 0], [0, 1, 0]]
    assert torch.linspace(0, 1, 7).tolist() == [0.0, 0.1666666716337204, 0.3333333432674408, 0.5,
                                                0.6666666269302368, 0.8333333134651184, 1.0]
    assert torch.linspace(0, 10, steps=5, dtype=torch.int64).tolist() == [0, 2, 5, 7, 10]
    assert torch.zeros_like(torch.ones(2, dtype=torch.long), dtype=torch.float64).dtype is \
        torch.float64
    assert torch.full_like(torch.ones(2), 7).tolist() == [7.0, 7.0]
    assert torch.tensor([[]]).shape == (1, 0)


def test_factory_errors():
    with pytest.raises(ValueError, match=r"^expected sequence of length 2 at dim 1 \(got 1\)$"):
        torch.tensor([[1, 2], [3]])
    with pytest.raises(TypeError, match=r"^new\(\): invalid data type 'str'$"):
        torch.tensor("a")
    with pytest.raises(ValueError, match="^Overflow when unpacking long long$"):
        torch.tensor(2 ** 70)
    with pytest.raises(RuntimeError, match=r"^Trying to create tensor with negative dimension -1: "
                                           r"\[-1\]$"):
        torch.ones(-1)
    with pytest.raises(RuntimeError, match="^step must be nonzero$"):
        torch.arange(0, 10, 0)
    with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
        torch.ones(2, device="cuda")


def test_from_numpy_shares_memory_and_numpy_roundtrip():
    a = np.arange(3.0)
    t = torch.from_numpy(a)
    assert t.dtype is torch.float64
    a[0] = 9
    assert t[0].item() == 9.0
    t.numpy()[1] = 7
    assert a[1] == 7
    with pytest.raises(RuntimeError, match=r"Can't call numpy\(\) on Tensor that requires grad. "
                                           r"Use tensor.detach\(\).numpy\(\) instead."):
        torch.ones(2, requires_grad=True).numpy()
    with pytest.raises(TypeError, match="can't convert np.ndarray of type numpy.object_"):
        torch.from_numpy(np.array([None]))


def test_python_protocols():
    assert torch.tensor([1.5]).item() == 1.5 and type(torch.tensor([1]).item()) is int
    with pytest.raises(RuntimeError, match="^a Tensor with 2 elements cannot be converted to "
                                           "Scalar$"):
        torch.ones(2).item()
    assert float(torch.tensor([2.5])) == 2.5 and int(torch.tensor(2.7)) == 2
    assert [1, 2, 3][torch.tensor(1)] == 2
    with pytest.raises(TypeError, match="only integer tensors of a single element can be "
                                        "converted to an index"):
        [1][torch.tensor(0.0)]
    assert len(torch.ones(3, 2)) == 3
    with pytest.raises(TypeError, match="len\\(\\) of a 0-d tensor"):
        len(torch.tensor(1.0))
    with pytest.raises(RuntimeError, match="Boolean value of Tensor with more than one value is "
                                           "ambiguous"):
        bool(torch.ones(2))
    assert [t.item() for t in torch.arange(3)] == [0, 1, 2]
    assert f"{torch.tensor(3.0)}" == "3.0" and f"{torch.tensor(3.0):.2f}" == "3.00"
    assert hash(torch.ones(1)) != hash(torch.ones(1))


def test_metadata():
    x = torch.ones(2, 3)
    assert x.size() == torch.Size([2, 3]) and x.size(-1) == 3 and x.dim() == 2 == x.ndim
    assert x.numel() == 6 and x.element_size() == 4
    assert str(x.device) == "cpu" and repr(x.device) == "device(type='cpu')"
    assert x.type() == "torch.FloatTensor" and x.long().type() == "torch.LongTensor"
    assert isinstance(x.shape, tuple) and repr(x.shape) == "torch.Size([2, 3])"
    assert x.is_contiguous() and not x.t().is_contiguous()
    assert type(x).__module__ == "torch" and type(x).__name__ == "Tensor"
    with pytest.raises(IndexError, match=r"Dimension out of range \(expected to be in range of "
                                         r"\[-2, 1\], but got 2\)"):
        x.sum(2)


def test_views_share_memory_and_version():
    base = torch.zeros(3, 4)
    for view in (base[1], base[:, 1:3], base.t(), base.view(12), base.reshape(2, 6),
                 base.unsqueeze(0), base.transpose(0, 1), base.T, base[None, ..., 0]):
        before = base._version
        view.fill_(1.0)
        assert base._version == before + 1
        assert view._base is base
    assert base.sum().item() == 12.0


def test_indexing_errors_and_values():
    m = torch.arange(12).reshape(3, 4)
    assert m[1, 2].item() == 6 and m[-1].tolist() == [8, 9, 10, 11]
    assert m[1:, ::2].tolist() == [[4, 6], [8, 10]]
    assert m[[0, 2]].tolist() == [[0, 1, 2, 3], [8, 9, 10, 11]]
    assert m[m > 9].tolist() == [10, 11]
    assert m[..., 0].tolist() == [0, 4, 8]
    with pytest.raises(IndexError, match="^index 5 is out of bounds for dimension 0 with size 3$"):
        m[5]
    with pytest.raises(IndexError, match="^too many indices for tensor of dimension 2$"):
        m[0, 0, 0]
    with pytest.raises(RuntimeError, match=r"^shape '\[5\]' is invalid for input of size 12$"):
        m.view(5)
    with pytest.raises(RuntimeError, match="^only one dimension can be inferred$"):
        m.view(-1, -1)
    with pytest.raises(RuntimeError, match="view size is not compatible with input tensor's size "
                                           "and stride"):
        m.t().view(12)


def test_setitem():
    x = torch.zeros(3, 3)
    x[0] = 1
    x[1, 1:] = torch.tensor([2.0, 3.0])
    x[x == 0] = -1
    assert x.tolist() == [[1, 1, 1], [-1, 2, 3], [-1, -1, -1]]
    assert x._version == 3


def test_inplace_errors_leave_data_intact():
    x = torch.ones(2, dtype=torch.long)
    with pytest.raises(RuntimeError, match="^result type Float can't be cast to the desired "
                                           "output type Long$"):
        x.add_(1.5)
    y = torch.ones(2)
    with pytest.raises(RuntimeError, match=r"^output with shape \[2\] doesn't match the broadcast "
                                           r"shape \[2, 2\]$"):
        y.add_(torch.ones(2, 2))
    assert x.tolist() == [1, 1] and y.tolist() == [1.0, 1.0]
    assert x._version == 0 and y._version == 0


def test_matmul_errors():
    with pytest.raises(RuntimeError, match=r"^mat1 and mat2 shapes cannot be multiplied \(2x3 and "
                                           r"2x3\)$"):
        torch.ones(2, 3) @ torch.ones(2, 3)
    with pytest.raises(RuntimeError, match=r"^inconsistent tensor size, expected tensor \[2\] and "
                                           r"src \[3\] to have the same number of elements, but "
                                           r"got 2 and 3 elements respectively$"):
        torch.dot(torch.ones(2), torch.ones(3))
    with pytest.raises(RuntimeError, match="^1D tensors expected, but got 2D and 1D tensors$"):
        torch.dot(torch.ones(2, 2), torch.ones(2))
    with pytest.raises(RuntimeError, match=r"^dot : expected both vectors to have same dtype, but "
                                           r"found Float and Double$"):
        torch.dot(torch.ones(1), torch.ones(1, dtype=torch.float64))
    with pytest.raises(RuntimeError, match=r"^The size of tensor a \(3\) must match the size of "
                                           r"tensor b \(4\) at non-singleton dimension 1$"):
        torch.ones(2, 3) + torch.ones(2, 4)


def test_max_with_dim_returns_values_and_indices():
    m = torch.tensor([[1.0, 5.0], [7.0, 2.0]])
    out = m.max(1)
    assert out.values.tolist() == [5.0, 7.0] and out.indices.tolist() == [1, 0]
    values, indices = torch.max(m, 0)
    assert values.tolist() == [7.0, 5.0] and indices.tolist() == [1, 0]
    assert repr(out).startswith("torch.return_types.max(\nvalues=tensor([5., 7.]),")
    assert m.argmax().item() == 2
    assert m.sum(axis=0, keepdims=True).shape == (1, 2)


def test_parameter_and_module_basics():
    nn = torch.nn
    lin = nn.Linear(3, 2)
    assert repr(lin) == "Linear(in_features=3, out_features=2, bias=True)"
    assert [n for n, _ in lin.named_parameters()] == ["weight", "bias"]
    assert isinstance(lin.weight, torch.Tensor) and lin.weight.is_leaf
    assert repr(lin.bias).startswith("Parameter containing:\ntensor([")
    seq = nn.Sequential(nn.Linear(2, 2), nn.ReLU())
    assert repr(seq) == ("Sequential(\n  (0): Linear(in_features=2, out_features=2, bias=True)\n"
                         "  (1): ReLU()\n)")
    assert seq.training and not seq.eval().training and not seq[0].training
    out = seq(torch.ones(4, 2)).sum()
    out.backward()
    assert seq[0].weight.grad.shape == (2, 2)
    seq.zero_grad()
    assert seq[0].weight.grad is None
    with pytest.raises(AttributeError, match="'Linear' object has no attribute 'nope'"):
        lin.nope


def test_legacy_typed_constructors_and_messages():
    # recorded from torch 2.13
    assert torch.FloatTensor([1, 2]).dtype is torch.float32
    assert torch.LongTensor([1, 2]).tolist() == [1, 2] and torch.LongTensor(3).shape == (3,)
    assert isinstance(torch.ones(2), torch.FloatTensor)
    assert not isinstance(torch.ones(1, dtype=torch.long), torch.FloatTensor)
    assert repr(torch.LongTensor) == "<class 'torch.LongTensor'>"
    with pytest.raises(TypeError, match='^zeros\\(\\) missing 1 required positional arguments: '
                                        '"size"$'):
        torch.zeros()
    with pytest.raises(RuntimeError, match="^zeros: Dimension size must be non-negative.$"):
        torch.zeros(-1)
    with pytest.raises(RuntimeError, match="^n must be greater or equal to 0, got -1$"):
        torch.eye(-1)
    with pytest.raises(ValueError, match="^only one element tensors can be converted to Python "
                                         "scalars$"):
        float(torch.ones(2))
    with pytest.warns(UserWarning, match="The use of `x.T` on tensors of dimension other than 2"):
        torch.ones(3).T
    assert not hasattr(torch, "avg_pool2d")  # torch has it only in torch.nn.functional
    out = torch.embedding(torch.ones(5, 2), torch.tensor([1]))  # ATen's order: weight, indices
    assert out.tolist() == [[1.0, 1.0]]


def test_expand_matches_numpy_broadcast_for_every_layout():
    # expand builds its view with the ndarray constructor for contiguous arrays (a fast path)
    import numpy as np
    base = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    cases = [(base[:1, :1, :], (2, 3, 4)), (base[0, 0], (5, 4)), (base[..., :1], (2, 3, 4)),
             (base.transpose(2, 0, 1)[:, :1], (4, 6, 3)), (np.float32(7.0), (2, 2)),
             (base[:0], (0, 3, 4)), (base[:1, :1, :1], (1, 0, 1))]
    for a, shape in cases:
        a = np.asarray(a)
        t = torch.from_numpy(np.ascontiguousarray(a) if a.ndim else a.copy())
        got = t.expand(*shape)
        want = np.broadcast_to(a, shape)
        assert tuple(got.shape) == shape and np.array_equal(got.numpy(), want)
        assert not got._data.flags.writeable
    strided = torch.arange(24.0).reshape(2, 3, 4).transpose(0, 2)[:, :1]  # not contiguous
    assert np.array_equal(strided.expand(4, 5, 2).numpy(),
                          np.broadcast_to(strided.numpy(), (4, 5, 2)))

"""torch 2.13's behaviour for indexing and shape ops (checked against real torch when written)."""
import pytest

import minitorch_compat as torch


def _x(*shape):
    n = 1
    for s in shape:
        n *= s
    return torch.arange(float(n)).reshape(*shape).requires_grad_()


def test_int_next_to_advanced_index_selects_first():
    y = _x(2, 3, 4)[0, :, [1, 2]]
    assert list(y.shape) == [3, 2]
    assert type(y.grad_fn).__name__ == "IndexBackward0"
    assert type(y.grad_fn.next_functions[0][0]).__name__ == "SelectBackward0"


def test_nested_list_index_is_a_tuple_with_a_warning():
    x = _x(3, 4)
    with pytest.warns(UserWarning, match="non-tuple sequence for multidimensional indexing"):
        y = x[[[0, 1], [1, 2]]]
    assert y.tolist() == [1.0, 6.0]


@pytest.mark.parametrize("index,name", [((slice(None),), "SliceBackward0"),
                                        ((slice(None), slice(None)), "AliasBackward0"),
                                        ((slice(0, 5), slice(0, 4)), "AliasBackward0"),
                                        ((slice(-3, None), slice(0, 4)), "SliceBackward0")])
def test_slice_optimization(index, name):
    x = _x(3, 4)
    y = x[index[0]] if len(index) == 1 else x[index]
    assert type(y.grad_fn).__name__ == name


@pytest.mark.parametrize("index,value,name", [
    ("mask", 0.0, "IndexPutBackward0"), ("ints", "v4", "IndexPutBackward0"),
    (Ellipsis, "v0", "FillBackward3"), (Ellipsis, "v4", "CopyBackwards"), (1, "v4", "CopySlices")])
def test_setitem_nodes(index, value, name):
    x = _x(3, 4)
    vals = {"v4": torch.ones(4, requires_grad=True), "v0": torch.tensor(2.0, requires_grad=True)}
    out = x.clone()
    idx = {"mask": x > 3, "ints": torch.tensor([0, 2])}.get(index, index) \
        if isinstance(index, str) else index
    out[idx] = vals.get(value, value)
    assert type(out.grad_fn).__name__ == name
    out.sum().backward()
    assert x.grad is not None


def test_setitem_on_leaf_through_a_view():
    x = torch.zeros(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="^a view of a leaf Variable"):
        x[0] = 1.0
    with pytest.raises(RuntimeError, match="^a leaf Variable"):
        x[...] = 1.0


@pytest.mark.parametrize("fn,exc,msg", [
    (lambda s, x: s.narrow(0, 0, 0), RuntimeError, "narrow() cannot be applied to a 0-dim tensor."),
    (lambda s, x: x.narrow(0, 2, 2), RuntimeError,
     "start (2) + length (2) exceeds dimension size (3)."),
    (lambda s, x: s.split(1), RuntimeError, "split expects at least a 1-dimensional tensor"),
    (lambda s, x: s.chunk(1), RuntimeError, "chunk expects at least a 1-dimensional tensor"),
    (lambda s, x: x.chunk(0), RuntimeError, "chunk expects `chunks` to be greater than 0, got: 0"),
    (lambda s, x: s.unbind(), IndexError, "Dimension specified as 0 but tensor has no dimensions"),
    (lambda s, x: torch.cat([s, s]), RuntimeError,
     "zero-dimensional tensor (at position 0) cannot be concatenated"),
    (lambda s, x: torch.cat([]), ValueError, "torch.cat(): expected a non-empty list of Tensors"),
    (lambda s, x: torch.stack([]), RuntimeError, "stack expects a non-empty TensorList"),
    (lambda s, x: x.select(0, 3), IndexError,
     "select(): index 3 out of range for tensor of size [3, 4] at dimension 0"),
    (lambda s, x: x.permute(0, 0), RuntimeError, "permute(): duplicate dims are not allowed."),
    (lambda s, x: x[[0, 5]], IndexError, "index 5 is out of bounds for dimension 0 with size 3"),
    (lambda s, x: x.index_select(0, torch.tensor([0, 3])), IndexError,
     "index out of range in self"),
    (lambda s, x: s.index_select(0, torch.tensor([], dtype=torch.int64)), RuntimeError,
     "index_select(): Index to scalar can have only 1 value, got 0 value(s)"),
])
def test_messages(fn, exc, msg):
    with pytest.raises(exc) as info:
        fn(torch.tensor(2.0), _x(3, 4))
    assert str(info.value) == msg


def test_zero_dim_accepts_dim_zero():
    s = torch.tensor(2.0, requires_grad=True)
    assert type(s.transpose(0, -1).grad_fn).__name__ == "TransposeBackward0"
    assert type(torch.movedim(s, 0, -1).grad_fn).__name__ == "AliasBackward0"
    assert s.flip(0).item() == 2.0


def test_split_nodes():
    x = _x(5, 2)
    assert type(x.split([1, 4])[0].grad_fn).__name__ == "SplitWithSizesBackward0"
    assert type(x.split(2)[0].grad_fn).__name__ == "SplitBackward0"
    assert type(_x(0, 2).chunk(2)[0].grad_fn).__name__ == "SplitWithSizesBackward0"


def test_cat_legacy_empty_backward():
    a, e = _x(2, 3), torch.zeros(0, requires_grad=True)
    torch.cat([a, e]).sum().backward()
    assert list(e.grad.shape) == [0] and a.grad.sum().item() == 6.0

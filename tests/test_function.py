"""Custom autograd.Function: ctx, saved tensors, node names, setup_context style, errors
(messages recorded from torch 2.13)."""
import warnings

import pytest

import minitorch_compat as torch


class Exp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, k):
        y = x.exp() * k
        ctx.save_for_backward(y)
        ctx.k = k
        ctx.seen_needs = ctx.needs_input_grad
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        return g * y, None


def test_forward_backward_and_node():
    x = torch.ones(2, requires_grad=True)
    y = Exp.apply(x, 2.0)
    node = y.grad_fn
    assert type(node).__name__ == "ExpBackward" and node.name() == "ExpBackward"
    assert repr(node).startswith("<torch.autograd.function.ExpBackward object at 0x")
    assert node.seen_needs == (True, False) and node.k == 2.0
    assert len(node.next_functions) == 1 and node.next_functions[0][0].variable is x
    y.sum().backward()
    assert x.grad.tolist() == pytest.approx([5.4365636, 5.4365636])
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        node.saved_tensors


def test_no_graph_without_grad():
    with torch.no_grad():
        assert not Exp.apply(torch.ones(2, requires_grad=True), 1.0).requires_grad
    assert Exp.apply(torch.ones(2), 1.0).grad_fn is None


def test_setup_context_style_and_non_differentiable_outputs():
    class Split(torch.autograd.Function):
        @staticmethod
        def forward(x):
            return x * 2, (x > 0)

        @staticmethod
        def setup_context(ctx, inputs, output):
            ctx.mark_non_differentiable(output[1])

        @staticmethod
        def backward(ctx, g1, g2):
            assert g2.tolist() == [False, False]  # materialised as zeros of the output
            return g1 * 2

    x = torch.ones(2, requires_grad=True)
    a, b = Split.apply(x)
    assert a.grad_fn.name() == "SplitBackward" and not b.requires_grad
    a.sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]


def test_errors():
    x = torch.ones(2, requires_grad=True)

    class Bad(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g, g
    with pytest.raises(RuntimeError, match=r"^function BadBackward returned an incorrect number "
                                           r"of gradients \(expected 1, got 2\)$"):
        Bad.apply(x).sum().backward()

    class NoBack(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x.clone()
    with pytest.raises(NotImplementedError, match="You must implement either the backward or "
                                                  "vjp method"):
        NoBack.apply(x).sum().backward()

    class WrongShape(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return torch.ones(3)
    with pytest.raises(RuntimeError, match=r"^Function WrongShapeBackward returned an invalid "
                                           r"gradient at index 0 - got \[3\] but expected shape "
                                           r"compatible with \[2\]$"):
        WrongShape.apply(x).sum().backward()
    with pytest.warns(DeprecationWarning, match="should not be instantiated"):
        Exp()


def test_mark_dirty_and_once_differentiable():
    class Double(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            x.mul_(2)
            ctx.mark_dirty(x)
            return x

        @staticmethod
        @torch.autograd.function.once_differentiable
        def backward(ctx, g):
            assert not torch.is_grad_enabled()
            return g * 2

    x = torch.ones(2, requires_grad=True)
    z = x * 1
    w = Double.apply(z)
    assert w is z and w.grad_fn.name() == "DoubleBackward" and z.tolist() == [2.0, 2.0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        w.sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]


def test_higher_order_through_function():
    class Square(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 2 * x * g

    x = torch.tensor([3.0], requires_grad=True)
    (g,) = torch.autograd.grad(Square.apply(x).sum(), x, create_graph=True)
    assert g.tolist() == [6.0]
    (gg,) = torch.autograd.grad(g.sum(), x)
    assert gg.tolist() == [2.0]

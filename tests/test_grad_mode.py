"""Grad mode controls: context managers, decorators (bare and called) on functions, methods and
generators, plain calls, nesting, exceptions, and thread-locality."""
import threading

import pytest

import minitorch_compat as torch
from minitorch_compat.autograd import grad_mode


def x():
    return torch.tensor([1.0], requires_grad=True)


def test_no_grad_context():
    a = x()
    with torch.no_grad():
        assert not torch.is_grad_enabled()
        b = a * 2
    assert torch.is_grad_enabled()
    assert not b.requires_grad and b.grad_fn is None


@pytest.mark.parametrize("bare", [True, False])
def test_no_grad_decorator(bare):
    deco = torch.no_grad if bare else torch.no_grad()

    @deco
    def doubler(t):
        assert not torch.is_grad_enabled()
        return t * 2
    assert not doubler(x()).requires_grad
    assert torch.is_grad_enabled()
    assert doubler.__name__ == "doubler"


def test_enable_grad_inside_no_grad():
    with torch.no_grad():
        with torch.enable_grad():
            assert torch.is_grad_enabled()
            y = x() * 2
        assert not torch.is_grad_enabled()
    assert y.requires_grad
    y.backward()


@pytest.mark.parametrize("bare", [True, False])
def test_enable_grad_decorator_in_no_grad(bare):
    deco = torch.enable_grad if bare else torch.enable_grad()

    @deco
    def doubler(t):
        return t * 2
    with torch.no_grad():
        z = doubler(x())
    assert z.requires_grad


def test_set_grad_enabled_plain_call_and_context():
    torch.set_grad_enabled(False)
    try:
        assert not torch.is_grad_enabled()
        assert not (x() * 2).requires_grad
    finally:
        torch.set_grad_enabled(True)
    with torch.set_grad_enabled(False):
        assert not torch.is_grad_enabled()
    assert torch.is_grad_enabled()
    mode = False
    with torch.set_grad_enabled(mode):
        y = torch.tensor(2.0, requires_grad=True) ** 2
    assert not y.requires_grad


def test_set_grad_enabled_decorator_does_not_leak():
    @torch.set_grad_enabled(False)
    def f():
        return torch.is_grad_enabled()
    assert torch.is_grad_enabled()  # constructing the decorator restored the mode
    assert f() is False
    assert torch.is_grad_enabled()


def test_set_grad_enabled_rejects_non_bool():
    with pytest.raises(TypeError, match=r"set_grad_enabled\(\): argument 'enabled' \(position 1\) "
                                        r"must be bool, not str"):
        torch.set_grad_enabled("a")
    assert torch.is_grad_enabled()


def test_repr_of_set_grad_enabled():
    with torch.set_grad_enabled(True) as _:
        pass
    assert repr(torch.set_grad_enabled(True)) == \
        "torch.autograd.grad_mode.set_grad_enabled(mode=True)"


def test_nesting_follows_innermost():
    a = x()
    with torch.enable_grad():
        torch.set_grad_enabled(False)
        y = a * 2
        assert not y.requires_grad
        torch.set_grad_enabled(True)
        with torch.no_grad():
            z = a * 2
        assert not z.requires_grad
    assert torch.is_grad_enabled()


def test_restored_after_exception():
    with pytest.raises(ValueError):
        with torch.no_grad():
            raise ValueError
    assert torch.is_grad_enabled()

    @torch.no_grad()
    def boom():
        raise KeyError
    with pytest.raises(KeyError):
        boom()
    assert torch.is_grad_enabled()


def test_methods_can_be_decorated():
    class M:
        @torch.no_grad()
        def f(self, t):
            return t * 2
    assert not M().f(x()).requires_grad


def test_generator_function_keeps_mode_per_step():
    @torch.no_grad()
    def gen():
        for _ in range(3):
            got = yield torch.is_grad_enabled()
            assert got == "ping"

    g = gen()
    assert next(g) is False
    assert torch.is_grad_enabled()  # the caller's mode between steps
    assert g.send("ping") is False
    assert torch.is_grad_enabled()
    g.close()
    assert torch.is_grad_enabled()


def test_generator_throw_restores():
    @torch.no_grad
    def gen():
        try:
            yield 1
        except ValueError:
            yield torch.is_grad_enabled()
    g = gen()
    next(g)
    assert g.throw(ValueError) is False
    assert torch.is_grad_enabled()


def test_thread_local_and_new_threads_start_enabled():
    seen = {}

    def worker():
        seen["start"] = torch.is_grad_enabled()
        torch.set_grad_enabled(False)
        seen["after"] = torch.is_grad_enabled()

    with torch.no_grad():
        t = threading.Thread(target=worker)
        t.start()
        t.join()
        assert not torch.is_grad_enabled()
    assert seen == {"start": True, "after": False}
    assert torch.is_grad_enabled()


def test_factories_ignore_grad_mode():
    with torch.no_grad():
        a = torch.zeros(2, requires_grad=True)
        b = torch.tensor([1.0], requires_grad=True)
    assert a.requires_grad and a.is_leaf and b.requires_grad and b.is_leaf


def test_inplace_update_under_no_grad_keeps_leaf():
    w = torch.ones(3, requires_grad=True)
    (w * 2).sum().backward()
    lr, batch_size = 0.1, 2
    with torch.no_grad():
        for param in [w]:
            param -= lr * param.grad / batch_size
            param.grad.zero_()
    assert w.is_leaf and w.requires_grad and w.grad_fn is None
    assert w._version == 1
    assert w.tolist() == pytest.approx([0.9, 0.9, 0.9])
    assert w.grad.tolist() == [0.0, 0.0, 0.0]


def test_inplace_on_leaf_outside_no_grad_raises():
    w = torch.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used in "
                                           "an in-place operation."):
        w -= 1
    assert w.tolist() == [1.0, 1.0, 1.0] and w._version == 0


def test_aliases_are_the_same_objects():
    assert torch.autograd.no_grad is torch.no_grad
    assert torch.autograd.grad_mode.no_grad is torch.no_grad
    assert torch.autograd.grad_mode.set_grad_enabled is torch.set_grad_enabled
    assert torch.autograd.enable_grad is torch.enable_grad
    assert torch.autograd.is_grad_enabled is torch.is_grad_enabled


def test_inference_mode_forms():
    a = x()
    with torch.inference_mode():
        assert not torch.is_grad_enabled() and torch.is_inference_mode_enabled()
        y = a * 2
    assert not y.requires_grad and y.is_inference()
    assert not a.is_inference()

    @torch.inference_mode
    def f():
        return torch.is_inference_mode_enabled()
    assert f() is True

    @torch.inference_mode(False)
    def g():
        return torch.is_inference_mode_enabled(), torch.is_grad_enabled()
    with torch.no_grad():
        assert g() == (False, True)
    assert grad_mode.is_inference_mode_enabled() is False

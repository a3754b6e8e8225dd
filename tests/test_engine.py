"""The backward engine: leaves and nodes, accumulation, retain_graph, deep chains, torch's errors,
version counters, hooks, retain_grad, and that saved tensors are freed."""
import gc
import warnings
import weakref

import pytest

import minitorch_compat as torch


def test_leaf_and_node_names():
    x = torch.ones(5, requires_grad=True)
    y = 2 * torch.dot(x, x)
    z = y + 6
    assert x.is_leaf and not y.is_leaf
    assert x.grad_fn is None
    assert type(y.grad_fn).__name__ == "MulBackward0"
    assert z.grad_fn.name() == "AddBackward0"
    assert repr(y.grad_fn).startswith("<MulBackward0 object at 0x")
    (dot_edge, _), (none, nr) = y.grad_fn.next_functions
    assert dot_edge.name() == "DotBackward0" and none is None and nr == 0
    acc = dot_edge.next_functions[0][0]
    assert type(acc).__name__ == "AccumulateGrad" and acc.variable is x
    assert acc.name() == "torch::autograd::AccumulateGrad"
    z.backward()
    assert x.grad.tolist() == [4.0] * 5


@pytest.mark.parametrize("expr, names", [
    (lambda a: 1 - a, ["RsubBackward1"]),
    (lambda a: 2 / a, ["MulBackward0", "ReciprocalBackward0"]),
    (lambda a: a - 1, ["SubBackward0"]),
    (lambda a: a / 2, ["DivBackward0"]),
    (lambda a: a ** 2, ["PowBackward0"]),
    (lambda a: 2 ** a, ["PowBackward2"]),
    (lambda a: a ** a, ["PowBackward1"]),
    (lambda a: -a, ["NegBackward0"]),
    (lambda a: a.sum(), ["SumBackward0"]),
    (lambda a: a.sum(0), ["SumBackward1"]),
    (lambda a: a.mean(), ["MeanBackward0"]),
    (lambda a: a.exp(), ["ExpBackward0"]),
    (lambda a: a.T, ["PermuteBackward0"]),
    (lambda a: a.t(), ["TBackward0"]),
    (lambda a: a.reshape(4), ["ViewBackward0"]),
    (lambda a: a.view(4), ["ViewBackward0"]),
    (lambda a: a.t().reshape(4), ["UnsafeViewBackward0", "CloneBackward0", "TBackward0"]),
    (lambda a: a[0], ["SelectBackward0"]),
    (lambda a: a[0:1], ["SliceBackward0"]),
    (lambda a: a[:, :], ["AliasBackward0"]),
    (lambda a: a[[0, 1]], ["IndexBackward0"]),
    (lambda a: a @ a, ["MmBackward0"]),
    (lambda a: a @ a[0], ["MvBackward0"]),
    (lambda a: a[0] @ a, ["SqueezeBackward4", "MmBackward0", "UnsqueezeBackward0",
                          "SelectBackward0"]),
])
def test_node_names_follow_torch(expr, names):
    a = torch.ones(2, 2, requires_grad=True)
    out = expr(a)
    got, node = [], out.grad_fn
    while node is not None and node.name() != "torch::autograd::AccumulateGrad":
        got.append(node.name())
        node = node.next_functions[0][0]
    assert got == names


def test_backward_errors():
    with pytest.raises(RuntimeError, match="^element 0 of tensors does not require grad and does "
                                           "not have a grad_fn$"):
        torch.ones(2).sum().backward()
    x = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="^grad can be implicitly created only for scalar "
                                           "outputs$"):
        (x * 2).backward()
    with pytest.raises(RuntimeError, match=r"Mismatch in shape: grad_output\[0\] has a shape of "
                                           r"torch.Size\(\[3\]\) and output\[0\] has a shape of "
                                           r"torch.Size\(\[2\]\)."):
        (x * 2).backward(torch.ones(3))
    y = (x * x).sum()
    y.backward()
    with pytest.raises(RuntimeError, match="^Trying to backward through the graph a second time "
                                           r"\(or directly access saved tensors after they have "
                                           r"already been freed\)"):
        y.backward()
    assert x.grad.tolist() == [2.0, 2.0]  # the failed second backward changed nothing


def test_node_without_saved_tensors_can_run_twice():
    x = torch.ones(2, requires_grad=True)
    y = (x + 1).sum()
    y.backward()
    y.backward()
    assert x.grad.tolist() == [2.0, 2.0]


def test_accumulation_and_retain_graph():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward(retain_graph=True)
    y.backward()
    assert x.grad.tolist() == [4.0, 8.0]
    g = x.grad
    (x * 3).sum().backward()
    assert x.grad is g  # accumulated in place, as torch does without create_graph
    assert g.tolist() == [7.0, 11.0]


def test_backward_with_gradient_and_inputs():
    x = torch.ones(3, requires_grad=True)
    w = torch.ones(3, requires_grad=True)
    y = x * w * 2
    y.backward(torch.tensor([1.0, 2.0, 3.0]), inputs=[x])
    assert x.grad.tolist() == [2.0, 4.0, 6.0]
    assert w.grad is None


def test_leaf_backward_copies_gradient():
    x = torch.ones(2, requires_grad=True)
    g = torch.ones(2)
    x.backward(g)
    assert x.grad is not g and x.grad.tolist() == [1.0, 1.0]


def test_shared_pass_through_grads_are_not_aliased():
    a = torch.ones(2, requires_grad=True)
    b = torch.ones(2, requires_grad=True)
    (a + b).sum().backward()
    a.grad.zero_()
    assert b.grad.tolist() == [1.0, 1.0]


def test_broadcast_gradients_sum_back():
    a = torch.ones(2, 3, requires_grad=True)
    b = torch.ones(3, requires_grad=True)
    c = torch.tensor(2.0, requires_grad=True)
    (a * b * c).sum().backward()
    assert b.grad.tolist() == [4.0, 4.0, 4.0]
    assert c.grad.item() == 6.0
    assert b.grad.shape == (3,) and c.grad.shape == ()


def test_deep_chain_is_iterative():
    x = torch.tensor([1.0], requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y * 1.0
    y.sum().backward()
    assert x.grad.tolist() == [1.0]


def test_saved_tensors_are_freed_after_backward():
    x = torch.ones(3, requires_grad=True)
    y = x.exp()
    ref = weakref.ref(y.grad_fn)
    z = (y * y).sum()
    z.backward()
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        z.grad_fn.next_functions[0][0]._saved_self
    del y, z
    gc.collect()
    assert ref() is None  # the graph goes away with its outputs


def test_retain_grad_and_non_leaf_warning():
    x = torch.ones(2, requires_grad=True)
    y = x * 2
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        assert y.grad is None
    assert w and w[0].category is UserWarning
    assert str(w[0].message).startswith("The .grad attribute of a Tensor that is not a leaf "
                                        "Tensor is being accessed.")
    y.retain_grad()
    (y * 3).sum().backward()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert y.grad.tolist() == [3.0, 3.0]
    with pytest.raises(RuntimeError, match="can't retain_grad on Tensor that has "
                                           "requires_grad=False"):
        torch.ones(2).retain_grad()


def test_requires_grad_rules():
    with pytest.raises(RuntimeError, match="^Only Tensors of floating point and complex dtype can "
                                           "require gradients$"):
        torch.tensor([1, 2], requires_grad=True)
    t = torch.zeros(2, dtype=torch.int64)
    with pytest.raises(RuntimeError, match="only Tensors of floating point"):
        t.requires_grad = True
    y = torch.ones(2, requires_grad=True) * 2
    with pytest.raises(RuntimeError, match="you can only change requires_grad flags of leaf "
                                           "variables."):
        y.requires_grad = False
    x = torch.ones(2).requires_grad_()
    assert x.requires_grad and x.is_leaf


def test_detach():
    x = torch.ones(2, requires_grad=True)
    y = x * 2
    d = y.detach()
    assert not d.requires_grad and d.is_leaf and d.grad_fn is None
    d[0] = 5.0
    assert y.tolist() == [5.0, 2.0]  # shares memory
    assert y._version == 1           # and the version counter
    y.detach_()
    assert y.grad_fn is None and not y.requires_grad


def test_modified_saved_tensor_is_detected():
    x = torch.ones(2, requires_grad=True)
    y = x.exp()
    z = y * y
    with torch.no_grad():
        y.add_(1)
    with pytest.raises(RuntimeError, match=r"one of the variables needed for gradient "
                                           r"computation has been modified by an inplace "
                                           r"operation: \[torch.FloatTensor \[2\]\]"):
        z.sum().backward()


def test_inplace_on_non_leaf_rebases_history():
    x = torch.ones(2, requires_grad=True)
    y = x * 2
    y += 1
    assert y.grad_fn.name() == "AddBackward0" and y._version == 1
    y *= 3
    y.sum().backward()
    assert x.grad.tolist() == [6.0, 6.0]
    w = torch.full((2,), 2.0, requires_grad=True)
    z = x * 1
    z *= w  # the node saved the old z: backward still sees it (a snapshot)
    z.sum().backward()
    assert w.grad.tolist() == [1.0, 1.0] and x.grad.tolist() == [8.0, 8.0]


def test_setitem_records_copyslices():
    a = torch.ones(3, requires_grad=True)
    b = a * 1
    v = torch.tensor(5.0, requires_grad=True)
    b[0] = v
    assert b.grad_fn.name() == "CopySlices" and b._version == 1
    (b * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
    assert a.grad.tolist() == [0.0, 2.0, 3.0]
    assert v.grad.item() == 1.0


def test_hooks():
    x = torch.ones(2, requires_grad=True)
    seen = []
    h = x.register_hook(lambda g: g * 10)
    y = x * 2
    y.register_hook(lambda g: seen.append(g.tolist()))
    y.sum().backward()
    assert seen == [[1.0, 1.0]]
    assert x.grad.tolist() == [20.0, 20.0]
    h.remove()
    x.grad = None
    (x * 2).sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]


def test_autograd_grad_and_higher_order():
    x = torch.tensor([2.0], requires_grad=True)
    y = x ** 3
    (g,) = torch.autograd.grad(y.sum(), x, create_graph=True)
    assert g.tolist() == [12.0] and g.requires_grad
    (g2,) = torch.autograd.grad(g.sum(), x)
    assert g2.tolist() == [12.0]
    assert x.grad is None
    u = torch.ones(1, requires_grad=True)
    with pytest.raises(RuntimeError, match="The differentiated Tensor at index 1 appears to not "
                                           "have been used in the graph. Set allow_unused=True"):
        torch.autograd.grad((x * 2).sum(), [x, u])


def test_gradient_is_cast_to_the_input_dtype():
    x = torch.ones(3, dtype=torch.float64, requires_grad=True)
    x.float().sum().backward()
    assert x.grad.dtype is torch.float64 and x.grad.tolist() == [1.0, 1.0, 1.0]
    assert (x * 2).to(torch.float32).grad_fn.name() == "ToCopyBackward0"


def test_grad_assignment_checks():
    x = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match=r"attempting to assign a gradient of size '\[3\]' to a "
                                           r"tensor of size '\[2\]'"):
        x.grad = torch.ones(3)
    with pytest.raises(TypeError, match="assigned grad expected to be a Tensor or None but got "
                                        "grad of type int"):
        x.grad = 3
    x.grad = torch.ones(2)
    assert x.grad.tolist() == [1.0, 1.0]


@pytest.mark.parametrize("case, which", [
    ("output", ", which is output 0 of Exp,"),
    ("input_leaf", ""),
    ("input_rebased", ", which is output 0 of Add,"),
])
def test_modified_saved_tensor_messages(case, which):
    x = torch.ones(2, requires_grad=True)
    if case == "output":
        y = x.exp()
        y.add_(1)
        z = y
    elif case == "input_leaf":
        w = torch.ones(2, requires_grad=True)
        z = w * w
        with torch.no_grad():
            w.add_(1)
    else:
        y = x * 2
        z = y * y
        y.add_(1)
    expected = ("one of the variables needed for gradient computation has been modified by an "
                f"inplace operation: [torch.FloatTensor [2]]{which} is at version 1; expected "
                "version 0 instead. Hint: enable anomaly detection to find the operation that "
                "failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, "
                "check_nan=False).")
    with pytest.raises(RuntimeError) as info:
        z.sum().backward()
    assert str(info.value) == expected


def test_inference_tensor_rules():
    x = torch.ones(2, requires_grad=True)
    with torch.inference_mode():
        it = torch.ones(2)
    assert it.is_inference() and not (it * 2).is_inference()
    with pytest.raises(RuntimeError, match="^Inference tensors cannot be saved for backward."):
        x * it
    with pytest.raises(RuntimeError, match="^Inplace update to inference tensor outside "
                                           "InferenceMode is not allowed."):
        it.add_(1)
    with pytest.raises(RuntimeError, match="^Setting requires_grad=True on inference tensor "
                                           "outside InferenceMode is not allowed.$"):
        it.requires_grad_()
    with pytest.raises(RuntimeError, match="^Inference tensors do not track version counter.$"):
        it._version
    assert (x + it).requires_grad  # add saves nothing, so it may use an inference tensor


def test_inplace_on_view_rebases_base_through_copyslices():
    # values recorded from torch 2.13
    a = torch.ones(2, 3, requires_grad=True)
    b = a * 1
    v = b[0]
    w = torch.full((3,), 2.0, requires_grad=True)
    v.mul_(w)
    assert b.grad_fn.name() == "CopySlices" and v.grad_fn.name() == "AsStridedBackward0"
    assert [n.name() for n, _ in b.grad_fn.next_functions] == [
        "MulBackward0", "torch::autograd::AccumulateGrad"]
    assert v.grad_fn.next_functions[0][0] is b.grad_fn
    assert b._version == v._version == 1
    (b * torch.arange(6.0).reshape(2, 3)).sum().backward()
    assert a.grad.tolist() == [[0.0, 2.0, 4.0], [3.0, 4.0, 5.0]]
    assert w.grad.tolist() == [0.0, 1.0, 2.0]

    a2 = torch.ones(2, 3, requires_grad=True)
    b2 = a2 * 1
    b2.t()[1] = 7.0
    b2.sum().backward()
    assert a2.grad.tolist() == [[1.0, 0.0, 1.0], [1.0, 0.0, 1.0]]

    a3 = torch.ones(4, requires_grad=True)
    b3 = a3 * 1
    b3[1:3].exp_()
    (b3 * torch.tensor([1.0, 2, 3, 4])).sum().backward()
    assert a3.grad.tolist() == pytest.approx([1.0, 5.4365637, 8.1548452, 4.0])


def test_inplace_on_view_of_leaf_is_refused():
    a = torch.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="^a view of a leaf Variable that requires grad is "
                                           "being used in an in-place operation.$"):
        a[0].mul_(2)
    assert a.tolist() == [1.0, 1.0, 1.0]


def test_gradient_takeover_never_aliases_visible_tensors():
    # the engine takes an incoming gradient over only when nothing else can see it
    x = torch.ones(3, requires_grad=True)
    seen = []
    x.register_hook(lambda g: seen.append(g))
    (x * 2).sum().backward()
    assert x.grad is not seen[0]
    x.grad.add_(1)
    assert seen[0].tolist() == [2.0, 2.0, 2.0]
    w = torch.ones(3, requires_grad=True)
    y = w * 3
    y.retain_grad()
    (y * 1).sum().backward()
    (w * 5).sum().backward()  # accumulates in place into w.grad
    assert y.grad.tolist() == [1.0, 1.0, 1.0] and w.grad.tolist() == [8.0, 8.0, 8.0]


def _gradient_function(make_grad, kept):
    """A Function whose backward returns make_grad(g), recording a weak reference to the
    array it made (and, in ``kept``, whatever make_grad wants to keep visible)."""
    import weakref

    class Through(torch.autograd.Function):
        made = []

        @staticmethod
        def forward(ctx, x):
            return x.clone()

        @staticmethod
        def backward(ctx, g):
            out = make_grad(g, kept)
            owner = out._data if out._data.base is None else out._data.base
            Through.made.append(weakref.ref(owner))
            return out
    return Through


def test_gradient_takeover_keeps_fresh_results_without_a_copy():
    # a gradient nothing else holds becomes the leaf's .grad as it is (torch's use_count rule):
    # a fresh array, or a whole-array view of one (the transpose of a transpose, a reshape)
    for make_grad in (lambda g, kept: g * 2, lambda g, kept: (g * 2).t().t(),
                      lambda g, kept: (g * 2).reshape(-1).reshape(g.shape)):
        fn = _gradient_function(make_grad, [])
        w = torch.ones(2, 3, requires_grad=True)
        fn.apply(w).sum().backward()
        owner = w.grad._data if w.grad._data.base is None else w.grad._data.base
        assert fn.made[0]() is owner  # the very array backward made: no copy
        assert w.grad._base is None and w.grad.is_contiguous()
        assert w.grad.tolist() == [[2.0] * 3] * 2


def test_gradient_takeover_never_aliases_a_visible_base():
    def make_grad(g, kept):
        base = g * 2
        kept.append(base)  # still visible: the leaf must get a copy
        return base.t().t()
    kept = []
    w = torch.ones(2, 3, requires_grad=True)
    _gradient_function(make_grad, kept).apply(w).sum().backward()
    w.grad.add_(1)
    assert kept[0].tolist() == [[2.0] * 3] * 2 and w.grad.tolist() == [[3.0] * 3] * 2

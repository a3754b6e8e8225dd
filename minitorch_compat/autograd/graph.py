"""Graph nodes: ``Node`` (torch's grad_fn surface: name(), next_functions, _saved_*, hooks),
``AccumulateGrad`` for leaves, saved tensors with version checks, and per-op node classes."""
import itertools
import weakref

__all__ = ["Node", "AccumulateGrad", "node_class", "not_implemented_class", "grad_accumulator",
           "edge_of"]

_FREED = ("Trying to backward through the graph a second time (or directly access saved tensors "
          "after they have already been freed). Saved intermediate values of the graph are freed "
          "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
          "backward through the graph a second time or if you need to access saved tensors after "
          "calling backward.")

_FREED_MARK = object()  # a saved tensor released after backward

# torch orders ready nodes by creation: later nodes run first
_sequence = itertools.count()


class RemovableHandle:
    """Returned by register_hook: ``remove()`` unregisters the hook."""
    _ids = itertools.count()

    def __init__(self, hooks):
        self._hooks = weakref.ref(hooks) if hooks is not None else None
        self.id = next(RemovableHandle._ids)

    def remove(self):
        hooks = self._hooks() if self._hooks is not None else None
        if hooks is not None:
            hooks.pop(self.id, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


class _HookDict(dict):
    """A dict that a weakref can point to (RemovableHandle holds its dict weakly)."""
    __slots__ = ("__weakref__",)


class SavedTensor:
    """A tensor saved for backward, with the version it had; an output is saved without its
    grad_fn (no reference cycle) and gets it back from the node on unpacking."""
    __slots__ = ("data", "dtype", "requires_grad", "vc", "version", "is_output", "tensor")

    def __init__(self, tensor, is_output):
        self.version = tensor._vc[0]
        self.vc = tensor._vc
        self.is_output = is_output
        self.tensor = None if is_output else tensor
        self.data = tensor._data if is_output else None
        self.dtype = tensor._dtype
        self.requires_grad = is_output or tensor._requires_grad  # a recorded output requires grad

    def _modified_message(self, node):
        from .._tensor import _legacy_type_name
        t = self.tensor
        shape = list(t.shape) if t is not None else list(self.data.shape)
        # a saved output names the node that made it; a saved input its current history
        producer = node if self.is_output else t.grad_fn
        which = "" if producer is None else \
            f", which is output {0 if self.is_output else t._output_nr} of {_short_name(producer)},"
        return ("one of the variables needed for gradient computation has been modified by an "
                f"inplace operation: [{_legacy_type_name(self.dtype)} {shape}]{which} is at "
                f"version {self.vc[0]}; expected version {self.version} instead. Hint: enable "
                "anomaly detection to find the operation that failed to compute its gradient, "
                "with torch.autograd.set_detect_anomaly(True, check_nan=False).")

    def unpack(self, node):
        if self.vc[0] != self.version:
            raise RuntimeError(self._modified_message(node))
        if self.tensor is not None:
            return self.tensor
        from .._tensor import Tensor
        out = Tensor._make(self.data, self.dtype)
        out._vc = self.vc
        if self.requires_grad:
            out._requires_grad = True
            out.grad_fn = node
        return out


def _short_name(node):
    # torch names the producing op without its "Backward<N>" suffix: ExpBackward0 -> Exp
    name = node.name()
    cut = name.rfind("Backward")
    return name[:cut] if cut > 0 else name


class Node:
    """A backward function in the graph. Subclasses made by ``node_class`` carry torch's node
    name as their class name and a per-input table of backward formulas."""

    __slots__ = ("next_functions", "_saved", "_input_meta", "_seq", "_hooks", "_pre_hooks",
                 "_tensor_pre_hooks", "_retains", "_metadata", "__weakref__")
    _formulas = ()      # ((input name, formula, names it needs), ...) per edge, in input order
    _no_edge = ()       # positions of the op's inputs declared non-differentiable: no edge
    _multi_output = False
    _num_outputs = 1

    def __init__(self):
        self._seq = next(_sequence)
        self._saved = None
        self._hooks = self._pre_hooks = self._tensor_pre_hooks = self._retains = None
        self._metadata = None

    @property
    def metadata(self):
        """A dict for user data (made on first use: most nodes never need one)."""
        if self._metadata is None:
            self._metadata = {}
        return self._metadata

    def name(self):
        return type(self).__name__

    def __repr__(self):
        return f"<{type(self).__name__} object at {hex(id(self))}>"

    def _sequence_nr(self):
        return self._seq

    @property
    def requires_grad(self):
        return True

    def __getattr__(self, attr):
        if attr.startswith("_saved_"):
            saved = object.__getattribute__(self, "_saved")
            key = attr[7:]
            if saved is not None and key in saved:
                value = saved[key]
                if value is _FREED_MARK:
                    raise RuntimeError(_FREED)
                return value.unpack(self) if type(value) is SavedTensor else value
            if any(key in names for _, _, names in self._formulas):
                return None  # torch: saved only when an input that needs it requires grad
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{attr}'")

    def _unpacked(self):
        saved = self._saved
        if not saved:
            return {}
        out = {}
        for k, v in saved.items():
            if v is _FREED_MARK:
                raise RuntimeError(_FREED)
            out[k] = v.unpack(self) if type(v) is SavedTensor else v
        return out

    def _release(self):
        # torch frees the saved tensors only; saved scalars and sizes stay readable. A Python
        # number given as a binary op's ``other`` (x * 3) is a wrapped 0-d tensor in torch, so
        # it is freed too.
        saved = self._saved
        if saved:
            for k, v in saved.items():
                if type(v) is SavedTensor or (k == "other" and isinstance(v, (int, float,
                                                                              complex))):
                    saved[k] = _FREED_MARK

    def apply(self, grads):
        """Gradients for each input edge, given the gradients of this node's outputs."""
        saved = self._unpacked()
        grad = grads if self._multi_output else grads[0]
        out = []
        for (_, formula, names), (node, _) in zip(self._formulas, self.next_functions):
            if node is None or formula is None:
                out.append(None)
            else:
                out.append(formula(grad, *map(saved.__getitem__, names)))
        return out

    def __call__(self, *grads):
        from .engine import input_grads
        return tuple(input_grads(self, list(grads)))

    # ----------------------------------------------------------- hooks
    def register_hook(self, fn):
        if self._hooks is None:
            self._hooks = _HookDict()
        handle = RemovableHandle(self._hooks)
        self._hooks[handle.id] = fn
        return handle

    def register_prehook(self, fn):
        if self._pre_hooks is None:
            self._pre_hooks = _HookDict()
        handle = RemovableHandle(self._pre_hooks)
        self._pre_hooks[handle.id] = fn
        return handle

    def _register_tensor_pre_hook(self, output_nr, fn):
        if self._tensor_pre_hooks is None:
            self._tensor_pre_hooks = _HookDict()
        handle = RemovableHandle(self._tensor_pre_hooks)
        self._tensor_pre_hooks[handle.id] = (output_nr, fn)
        return handle


class AccumulateGrad(Node):
    """The sink for a leaf: adds the incoming gradient into ``variable.grad``."""
    __slots__ = ("variable",)

    def __init__(self, variable):
        Node.__init__(self)
        self._seq = float("inf")  # torch: accumulate as soon as ready
        self.variable = variable
        self.next_functions = ()

    def name(self):
        return "torch::autograd::AccumulateGrad"

    def _release(self):
        pass


_classes = {}


def node_class(name, formulas=(), multi_output=False):
    """The node class for torch's node ``name`` (e.g. 'MulBackward0'): ``formulas`` lists, per
    input, (input name, fn(grad, *saved), saved names it reads); an input whose fn is None is
    not differentiable and, as in torch (where's condition, nll_loss's target), gets no edge."""
    key = (name, tuple(f[0] for f in formulas))  # cat/stack: one class per arity
    cls = _classes.get(key)
    if cls is None:
        slots = ("_num_outputs",) if multi_output else ()
        edges = tuple(f for f in formulas if f[1] is not None)
        no_edge = tuple(i for i, f in enumerate(formulas) if f[1] is None)
        cls = type(name, (Node,), {"__slots__": slots, "_formulas": edges, "_no_edge": no_edge,
                                   "_multi_output": multi_output, "__module__": "builtins"})
        _classes[key] = cls
    return cls


def not_implemented_class(op, inputs=("self", "other")):
    """torch's ``torch::autograd::NotImplemented`` node for ``aten::<op>``, an op without a
    derivative formula: its result still requires grad, and backward through it raises."""
    def fail(grad):
        raise RuntimeError(f"derivative for aten::{op} is not implemented")
    # not cached by name in node_class: every op keeps its own message
    return type("NotImplemented", (Node,), {
        "__slots__": (), "_formulas": tuple((n, fail, ()) for n in inputs),
        "__module__": "builtins", "name": lambda self: "torch::autograd::NotImplemented"})


def grad_accumulator(tensor):
    """The leaf's AccumulateGrad, cached weakly on the tensor as torch does."""
    ref = tensor._grad_acc
    node = ref() if ref is not None else None
    if node is None:
        node = AccumulateGrad(tensor)
        tensor._grad_acc = weakref.ref(node)
    return node


def edge_of(tensor):
    """The (node, output_nr) edge a gradient for ``tensor`` flows into, or (None, 0)."""
    if tensor is None or not tensor._requires_grad:
        return (None, 0)
    fn = tensor.grad_fn
    if fn is not None:
        return (fn, tensor._output_nr)
    return (grad_accumulator(tensor), 0)

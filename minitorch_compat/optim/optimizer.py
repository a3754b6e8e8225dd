"""torch.optim.Optimizer: parameter groups, per-parameter state, hooks, state_dict in torch's
layout, and the float arithmetic helpers the optimizers share (torch's CPU kernels: ``add`` with
alpha and ``addcmul`` are fused multiply-adds on the AVX2 build, so they are emulated exactly)."""
import functools
import warnings
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from copy import deepcopy
from itertools import chain

import numpy as np

from .._tensor import Tensor
from ..autograd import grad_mode
from ..autograd.graph import RemovableHandle

__all__ = ["Optimizer", "register_optimizer_step_pre_hook", "register_optimizer_step_post_hook"]

_global_optimizer_pre_hooks = OrderedDict()
_global_optimizer_post_hooks = OrderedDict()


class _RequiredParameter:
    """Marks an optimizer default that every parameter group must give."""

    def __repr__(self):
        return "<required parameter>"


required = _RequiredParameter()


def _typename(obj):
    # torch.typename: "torch.FloatTensor" for tensors, the qualified class name otherwise
    if isinstance(obj, Tensor):
        return obj.type()
    cls = type(obj)
    module = cls.__module__
    if module in ("builtins", "__builtin__", None):
        return cls.__qualname__
    return f"{module}.{cls.__qualname__}"


def _use_grad_for_differentiable(func):
    """Run ``step`` with grad mode set to the optimizer's ``differentiable`` default."""
    @functools.wraps(func)
    def _use_grad(self, *args, **kwargs):
        prev = grad_mode.is_grad_enabled()
        try:
            grad_mode._set_grad(bool(self.defaults["differentiable"]))
            return func(self, *args, **kwargs)
        finally:
            grad_mode._set_grad(prev)
    return _use_grad


def _get_value(x):
    return x.item() if isinstance(x, Tensor) else x


def _to_scalar(x):
    if isinstance(x, Tensor) and x.dim() != 0:
        return x.squeeze()
    return x


def _get_scalar_dtype(is_fused=None):
    from .. import _dtype as D
    if is_fused:
        return D.float32
    return D.float64 if D.get_default_dtype() is D.float64 else D.float32


def register_optimizer_step_pre_hook(hook):
    """Register a pre hook common to all optimizers: ``hook(optimizer, args, kwargs)``."""
    handle = RemovableHandle(_global_optimizer_pre_hooks)
    _global_optimizer_pre_hooks[handle.id] = hook
    return handle


def register_optimizer_step_post_hook(hook):
    """Register a post hook common to all optimizers: ``hook(optimizer, args, kwargs)``."""
    handle = RemovableHandle(_global_optimizer_post_hooks)
    _global_optimizer_post_hooks[handle.id] = hook
    return handle


class _HookDict(OrderedDict):
    """An OrderedDict that RemovableHandle can hold weakly."""


class Optimizer:
    """Base class for all optimizers (torch.optim.Optimizer)."""

    __module__ = "torch.optim.optimizer"

    def __init__(self, params, defaults):
        self.defaults = defaults
        self._optimizer_step_pre_hooks = _HookDict()
        self._optimizer_step_post_hooks = _HookDict()
        self._optimizer_state_dict_pre_hooks = _HookDict()
        self._optimizer_state_dict_post_hooks = _HookDict()
        self._optimizer_load_state_dict_pre_hooks = _HookDict()
        self._optimizer_load_state_dict_post_hooks = _HookDict()

        self._patch_step_function()

        if isinstance(params, Tensor):
            raise TypeError("params argument given to the optimizer should be an iterable of "
                            "Tensors or dicts, but got " + _typename(params))

        self.state = defaultdict(dict)
        self.param_groups = []

        param_groups = list(params)
        if len(param_groups) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(param_groups[0], dict):
            param_groups = [{"params": param_groups}]

        for param_group in param_groups:
            self.add_param_group(param_group)

        self._warned_capturable_if_run_uncaptured = True

    def __getstate__(self):
        return {"defaults": self.defaults, "state": self.state,
                "param_groups": self.param_groups}

    def __setstate__(self, state):
        self.__dict__.update(state)
        for name in ("_optimizer_step_pre_hooks", "_optimizer_step_post_hooks",
                     "_optimizer_state_dict_pre_hooks", "_optimizer_state_dict_post_hooks",
                     "_optimizer_load_state_dict_pre_hooks",
                     "_optimizer_load_state_dict_post_hooks"):
            if name not in self.__dict__:
                setattr(self, name, _HookDict())
        self._patch_step_function()
        self.defaults.setdefault("differentiable", False)

    def __repr__(self):
        out = self.__class__.__name__ + " ("
        for i, group in enumerate(self.param_groups):
            out += "\n"
            out += f"Parameter Group {i}\n"
            for key in sorted(group.keys()):
                if key != "params":
                    out += f"    {key}: {group[key]}\n"
        out += ")"
        return out

    # ------------------------------------------------------------------ step hooks
    @staticmethod
    def profile_hook_step(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            self = args[0]
            for pre_hook in chain(_global_optimizer_pre_hooks.values(),
                                  self._optimizer_step_pre_hooks.values()):
                result = pre_hook(self, args, kwargs)
                if result is not None:
                    if isinstance(result, tuple) and len(result) == 2:
                        args, kwargs = result
                    else:
                        raise RuntimeError(f"{func} must return None or a tuple of (new_args, "
                                           f"new_kwargs), but got {result}.")
            out = func(*args, **kwargs)
            self._optimizer_step_code()
            for post_hook in chain(self._optimizer_step_post_hooks.values(),
                                   _global_optimizer_post_hooks.values()):
                post_hook(self, args, kwargs)
            return out
        return wrapper

    def _optimizer_step_code(self):
        """Called after ``step()`` (torch's profiler entry point); does nothing."""

    def _patch_step_function(self):
        # torch wraps the class's step once, at the first instantiation, to run the step hooks
        self._zero_grad_profile_name = f"Optimizer.zero_grad#{self.__class__.__name__}.zero_grad"
        hooked = getattr(self.__class__.step, "hooked", None)
        if not hooked:
            self.__class__.step = self.profile_hook_step(self.__class__.step)
            self.__class__.step.hooked = True

    def register_step_pre_hook(self, hook):
        handle = RemovableHandle(self._optimizer_step_pre_hooks)
        self._optimizer_step_pre_hooks[handle.id] = hook
        return handle

    def register_step_post_hook(self, hook):
        handle = RemovableHandle(self._optimizer_step_post_hooks)
        self._optimizer_step_post_hooks[handle.id] = hook
        return handle

    @staticmethod
    def _register(hooks, hook, prepend):
        handle = RemovableHandle(hooks)
        hooks[handle.id] = hook
        if prepend:
            hooks.move_to_end(handle.id, last=False)
        return handle

    def register_state_dict_pre_hook(self, hook, prepend=False):
        return self._register(self._optimizer_state_dict_pre_hooks, hook, prepend)

    def register_state_dict_post_hook(self, hook, prepend=False):
        return self._register(self._optimizer_state_dict_post_hooks, hook, prepend)

    def register_load_state_dict_pre_hook(self, hook, prepend=False):
        return self._register(self._optimizer_load_state_dict_pre_hooks, hook, prepend)

    def register_load_state_dict_post_hook(self, hook, prepend=False):
        return self._register(self._optimizer_load_state_dict_post_hooks, hook, prepend)

    # ------------------------------------------------------------------ state dict
    def state_dict(self):
        """The state as ``{"state": {id: {...}}, "param_groups": [{..., "params": [ids]}]}``;
        parameters are replaced by integer ids in group order; state tensors are not copied."""
        for pre_hook in self._optimizer_state_dict_pre_hooks.values():
            pre_hook(self)

        param_mappings = {}
        start_index = 0

        def pack_group(group):
            nonlocal start_index
            packed = {k: v for k, v in group.items() if k != "params"}
            param_mappings.update({id(p): i for i, p in enumerate(group["params"], start_index)
                                   if id(p) not in param_mappings})
            packed["params"] = [param_mappings[id(p)] for p in group["params"]]
            start_index += len(packed["params"])
            return packed

        param_groups = [pack_group(g) for g in self.param_groups]
        packed_state = {(param_mappings[id(k)] if isinstance(k, Tensor) else k): v
                        for k, v in self.state.items()}
        state_dict = {"state": packed_state, "param_groups": param_groups}

        for post_hook in self._optimizer_state_dict_post_hooks.values():
            result = post_hook(self, state_dict)
            if result is not None:
                state_dict = result
        return state_dict

    @staticmethod
    def _process_value_according_to_param_policy(param, value, param_id, param_groups,
                                                 key=None):
        if key == "step":
            return value  # neither fused nor capturable on this backend
        if param.is_floating_point():
            return value.to(dtype=param.dtype)
        return value

    def load_state_dict(self, state_dict):
        """Load a state from :meth:`state_dict`; ids are matched to this optimizer's
        parameters by position."""
        state_dict = state_dict.copy()

        for pre_hook in self._optimizer_load_state_dict_pre_hooks.values():
            result = pre_hook(self, state_dict)
            if result is not None:
                state_dict = result

        groups = self.param_groups
        saved_groups = deepcopy(state_dict["param_groups"])

        if len(groups) != len(saved_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        param_lens = (len(g["params"]) for g in groups)
        saved_lens = (len(g["params"]) for g in saved_groups)
        if any(p_len != s_len for p_len, s_len in zip(param_lens, saved_lens)):
            raise ValueError("loaded state dict contains a parameter group that doesn't match "
                             "the size of optimizer's group")

        id_map = dict(zip(chain.from_iterable(g["params"] for g in saved_groups),
                          chain.from_iterable(g["params"] for g in groups)))

        def _cast(param, value, param_id=None, param_groups=None, key=None):
            if isinstance(value, Tensor):
                return Optimizer._process_value_according_to_param_policy(
                    param, value, param_id, param_groups, key)
            if isinstance(value, dict):
                return {k: _cast(param, v, param_id=param_id, param_groups=param_groups, key=k)
                        for k, v in value.items()}
            if isinstance(value, Iterable) and not isinstance(value, (str, bytes)):
                return type(value)(_cast(param, v, param_id=param_id, param_groups=param_groups)
                                   for v in value)
            return value

        state = defaultdict(dict)
        for k, v in state_dict["state"].items():
            if k in id_map:
                param = id_map[k]
                state[param] = _cast(param, v, param_id=k,
                                     param_groups=state_dict["param_groups"])
            else:
                state[k] = v

        def update_group(group, new_group):
            new_group["params"] = group["params"]
            if "param_names" in group and "param_names" not in new_group:
                new_group["param_names"] = group["param_names"]
            return new_group

        param_groups = [update_group(g, ng) for g, ng in zip(groups, saved_groups)]
        self.__setstate__({"state": state, "param_groups": param_groups})

        for post_hook in self._optimizer_load_state_dict_post_hooks.values():
            post_hook(self)

    # ------------------------------------------------------------------ gradients and groups
    def zero_grad(self, set_to_none=True):
        """Set every parameter's ``.grad`` to None (default), or zero it in place."""
        for group in self.param_groups:
            for p in group["params"]:
                g = p._grad
                if g is not None:
                    if set_to_none:
                        p._grad = None
                    else:
                        if g.grad_fn is not None:
                            g.detach_()
                        else:
                            g.requires_grad_(False)
                        g.zero_()

    def step(self, closure=None):
        """Perform a single optimization step (subclasses implement it)."""
        raise NotImplementedError

    @staticmethod
    def _closure_loss(closure):
        """The loss a step's closure returns, evaluated with grad enabled (None without one)."""
        if closure is None:
            return None
        with grad_mode.enable_grad():
            return closure()

    def add_param_group(self, param_group):
        """Add a parameter group; missing options are taken from the defaults."""
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group)}")

        params = param_group["params"]
        if isinstance(params, Tensor):
            param_group["params"] = [params]
        elif isinstance(params, set):
            raise TypeError("optimizer parameters need to be organized in ordered collections, "
                            "but the ordering of tensors in sets will change between runs. "
                            "Please use a list instead.")
        else:
            param_group["params"] = list(params)

        tensors, names = [], []
        for param in param_group["params"]:
            if isinstance(param, tuple):
                names.append(param[0])
                tensors.append(param[1])
            else:
                tensors.append(param)
        param_group["params"] = tensors
        if names:
            if len(names) == len(tensors):
                param_group["param_names"] = names
            else:
                raise ValueError("all optimizer params should be with/without names. Some param "
                                 "names are missing")

        for param in param_group["params"]:
            if not isinstance(param, Tensor):
                raise TypeError("optimizer can only optimize Tensors, but one of the params is "
                                + _typename(param))
            if not self.defaults.get("differentiable", None) and not (
                    param.is_leaf or param.retains_grad):
                raise ValueError("can't optimize a non-leaf Tensor")

        for name, default in self.defaults.items():
            if default is required and name not in param_group:
                raise ValueError("parameter group didn't specify a value of required "
                                 f"optimization parameter {name}")
            param_group.setdefault(name, default)

        params = param_group["params"]
        if len(params) != len(set(params)):
            warnings.warn("optimizer contains a parameter group with duplicate parameters; in "
                          "future, this will cause an error; see "
                          "github.com/pytorch/pytorch/issues/40967 for more information",
                          stacklevel=3)

        param_set = set()
        for group in self.param_groups:
            param_set.update(set(group["params"]))
            if ("param_names" in param_group) != ("param_names" in group):
                txt = "with names" if "param_names" in param_group else "without names"
                raise ValueError("all optimizer param groups should be with/without names. "
                                 f"cannot add param group {txt} to the optimizer")

        if not param_set.isdisjoint(set(param_group["params"])):
            raise ValueError("some parameters appear in more than one parameter group")

        self.param_groups.append(param_group)


# ---------------------------------------------------------------------------------------------
# Float arithmetic as torch's CPU kernels do it. Every helper takes and returns NumPy arrays in
# the parameter's dtype; Python scalars are rounded to the kernel's compute type first, as
# torch converts a Scalar argument to ``opmath_t`` (float for float32/float16, double for
# float64).

_F32, _F64 = np.dtype(np.float32), np.dtype(np.float64)


def _opmath(dt):
    return _F64 if dt == _F64 else (_F32 if dt.kind == "f" else dt)


def _scalar(x, dt):
    return _opmath(dt).type(float(x) if not isinstance(x, complex) else x)


def _fma32(a, b, c):
    """float32 fma(a, b, c): a*b + c rounded once. The product of two float32 values is exact in
    float64, so only the float64 sum rounds before the cast to float32; that double rounding can
    only go wrong when the float64 sum lies exactly halfway between two float32 values, which
    is detected from its bits and fixed with the exact residual of the sum. One float64 buffer,
    reused in place (fresh large buffers cost page faults), and a scalar ``b`` never broadcast."""
    a, b, c = np.asarray(a, _F32), np.asarray(b, _F32), np.asarray(c, _F32)
    s = np.asarray(np.multiply(a, b, dtype=_F64))
    s = np.add(s, c, out=s) if s.shape == np.broadcast_shapes(s.shape, c.shape) else s + c
    r = s.astype(_F32)
    bits = s.view(np.uint64)
    np.bitwise_and(bits, np.uint64(0x1FFFFFFF), out=bits)
    tie = bits == np.uint64(0x10000000)
    if tie.any():
        idx = np.nonzero(tie.reshape(-1))[0]
        full = s.shape
        pp = (np.broadcast_to(a, full).reshape(-1)[idx].astype(_F64)
              * np.broadcast_to(b, full).reshape(-1)[idx].astype(_F64))
        cc = np.broadcast_to(c, full).reshape(-1)[idx].astype(_F64)
        ss = pp + cc
        bb = ss - pp
        err = (pp - (ss - bb)) + (cc - bb)  # TwoSum: p + c == s + err exactly
        flat = r.reshape(-1)
        rr = flat[idx]
        r64 = rr.astype(_F64)
        up = (err > 0) & (r64 < ss)
        down = (err < 0) & (r64 > ss)
        rr[up] = np.nextafter(rr[up], np.float32(np.inf))
        rr[down] = np.nextafter(rr[down], np.float32(-np.inf))
        flat[idx] = rr
        r = flat.reshape(full)
    return r


_SPLIT = 134217729.0  # 2**27 + 1, Veltkamp's splitter for float64


def _two_prod_err(a, b, p):
    a1 = a * _SPLIT
    ah = a1 - (a1 - a)
    al = a - ah
    b1 = b * _SPLIT
    bh = b1 - (b1 - b)
    bl = b - bh
    return ((ah * bh - p) + ah * bl + al * bh) + al * bl


def _fma64(a, b, c):
    """float64 fma(a, b, c) from error-free transformations (double-double)."""
    a, b, c = np.broadcast_arrays(np.asarray(a, _F64), np.asarray(b, _F64), np.asarray(c, _F64))
    with np.errstate(all="ignore"):
        p = a * b
        e = _two_prod_err(a, b, p)
        s = p + c
        bb = s - p
        t = (p - (s - bb)) + (c - bb)
        out = s + (t + e)
    # where the error terms are not finite (overflow, inf or nan inputs), the plain sum is right
    return np.where(np.isfinite(out), out, s)


def fma(a, b, c, dt):
    """a*b + c with one rounding, in dtype ``dt`` (the compute type for reduced floats)."""
    dt = np.dtype(dt)
    if dt == _F64:
        return _fma64(a, b, c)
    if dt.kind == "c":
        return (np.asarray(a) * b + c).astype(dt)
    return _fma32(a, b, c).astype(dt, copy=False)


def add(a, b, alpha, dt):
    """torch's ``a.add(b, alpha=alpha)``: fma(b, alpha, a), or a + b when alpha is 1."""
    if alpha == 1:
        return (np.asarray(a) + np.asarray(b)).astype(dt, copy=False)
    return fma(b, _scalar(alpha, dt), a, dt)


def mul(a, s, dt):
    """torch's ``a.mul(s)`` for a Python scalar s."""
    if np.dtype(dt) == _F32 or np.dtype(dt) == _F64:
        return np.multiply(a, _scalar(s, dt), dtype=dt)
    return (np.asarray(a, _opmath(np.dtype(dt))) * _scalar(s, dt)).astype(dt)


def lerp(start, end, weight, dt):
    """torch's ``start.lerp_(end, weight)`` for a scalar weight (its vectorised kernel)."""
    w = _scalar(weight, dt)
    op = _opmath(np.dtype(dt))
    start = np.asarray(start, op)
    end = np.asarray(end, op)
    diff = end - start
    if abs(w) < 0.5:
        return fma(diff, w, start, op).astype(dt, copy=False)
    return fma(diff, w - op.type(1), end, op).astype(dt, copy=False)


def addcmul(a, t1, t2, value, dt):
    """torch's ``a.addcmul_(t1, t2, value=value)``: fma(value*t1, t2, a)."""
    op = _opmath(np.dtype(dt))
    v = _scalar(value, dt)
    return fma(np.asarray(t1, op) * v, np.asarray(t2, op), np.asarray(a, op), op).astype(
        dt, copy=False)


def addcdiv(a, t1, t2, value, dt):
    """torch's ``a.addcdiv_(t1, t2, value=value)``: a + (value*t1)/t2."""
    op = _opmath(np.dtype(dt))
    v = _scalar(value, dt)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.asarray(a, op) + (v * np.asarray(t1, op)) / np.asarray(t2, op)
    return out.astype(dt, copy=False)


def write_(t, value):
    """Store ``value`` into tensor ``t`` in place and bump its version counter."""
    np.copyto(t._data, value, casting="unsafe")
    t._vc[0] += 1

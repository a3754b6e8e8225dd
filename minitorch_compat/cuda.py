"""torch.cuda as a CPU-only torch build has it: nothing is available, seeding is a no-op, device
queries raise torch's "Torch not compiled with CUDA enabled". Also the mixed-precision pieces:
``torch.cuda.amp`` (the ``amp`` attribute here) and the ``torch.amp`` namespace (``_torch_amp``:
``autocast``, ``GradScaler``, ``custom_fwd``, ``custom_bwd``).

autocast never changes dtypes on this backend: on CUDA torch disables it (no device) and warns,
as here; on the CPU an enabled region would run some ops in bfloat16 in torch, which this
float32/float64 NumPy backend does not emulate. GradScaler follows torch: disabled with a
warning for "cuda", fully working (scale, unscale_, inf checks, skipped steps, update) for
"cpu"."""
import functools
import sys
import types
import warnings
from collections import defaultdict
from enum import Enum

import numpy as np

from . import _dtype as D
from ._tensor import Tensor

__all__ = ["is_available", "device_count", "current_device", "is_initialized", "init",
           "is_bf16_supported", "is_tf32_supported", "get_device_name", "get_device_capability",
           "get_device_properties", "get_arch_list", "synchronize", "empty_cache",
           "memory_allocated", "max_memory_allocated", "memory_reserved", "max_memory_reserved",
           "memory_stats", "mem_get_info", "reset_peak_memory_stats", "set_device", "device",
           "device_of", "manual_seed", "manual_seed_all", "seed", "seed_all", "initial_seed",
           "get_rng_state", "get_rng_state_all", "set_rng_state", "set_rng_state_all",
           "current_stream", "default_stream", "stream", "Stream", "Event", "ipc_collect",
           "OutOfMemoryError", "amp"]

_NOT_COMPILED = "Torch not compiled with CUDA enabled"


def _lazy_init():
    raise AssertionError(_NOT_COMPILED)


def is_available():
    return False


def device_count():
    return 0


def is_initialized():
    return False


def _is_compiled():
    return False


def init():
    _lazy_init()


def current_device():
    _lazy_init()


def is_bf16_supported(including_emulation=True):
    return False


def is_tf32_supported():
    return False


def get_device_name(device=None):
    _lazy_init()


def get_device_capability(device=None):
    _lazy_init()


def get_device_properties(device=None):
    _lazy_init()


def get_arch_list():
    return []


def synchronize(device=None):
    _lazy_init()


def ipc_collect():
    _lazy_init()


def mem_get_info(device=None):
    _lazy_init()


def empty_cache():
    return None


def memory_allocated(device=None):
    return 0


def max_memory_allocated(device=None):
    return 0


def memory_reserved(device=None):
    return 0


def max_memory_reserved(device=None):
    return 0


def memory_stats(device=None):
    from collections import OrderedDict
    return OrderedDict()


def reset_peak_memory_stats(device=None):
    # torch's CPU build reaches a missing binding here
    raise AttributeError("module 'torch._C' has no attribute '_cuda_resetPeakMemoryStats'")


def set_device(device):
    raise AttributeError("module 'torch._C' has no attribute '_cuda_setDevice'")


def manual_seed(seed):
    """No-op without CUDA (torch queues it for a lazy init that never comes)."""
    return None


def manual_seed_all(seed):
    return None


def seed():
    return None


def seed_all():
    return None


def initial_seed():
    _lazy_init()


def get_rng_state(device="cuda"):
    _lazy_init()


def get_rng_state_all():
    return []


def set_rng_state(new_state, device="cuda"):
    return None


def set_rng_state_all(new_states):
    return None


def current_stream(device=None):
    _lazy_init()


def default_stream(device=None):
    _lazy_init()


class device:  # noqa: N801 - torch's name
    """Context manager that changes the selected CUDA device (a no-op for index -1)."""

    def __init__(self, device):
        from ._device import device as _dev
        if isinstance(device, _dev):
            device = -1 if device.type == "cpu" else (device.index or 0)
        self.idx = device
        self.prev_idx = -1

    def __enter__(self):
        if self.idx < 0:
            return None
        raise RuntimeError("PyTorch was compiled without CUDA support")

    def __exit__(self, type, value, traceback):  # noqa: A002
        return False


class device_of(device):  # noqa: N801 - torch's name
    """The device of a tensor; CPU tensors make it a no-op."""

    def __init__(self, obj):
        super().__init__(-1)


class stream:  # noqa: N801 - torch's name
    def __init__(self, stream):
        self.stream = stream

    def __enter__(self):
        if self.stream is None:
            return None
        _lazy_init()

    def __exit__(self, *exc):
        return False


class Stream:
    def __new__(cls, *args, **kwargs):
        raise RuntimeError("torch.cuda.Stream requires CUDA support")


class Event:
    def __new__(cls, *args, **kwargs):
        raise RuntimeError("Tried to instantiate dummy base class Event")


class OutOfMemoryError(RuntimeError):
    """torch.OutOfMemoryError (also torch.cuda.OutOfMemoryError)."""


OutOfMemoryError.__module__ = "torch"
OutOfMemoryError.__qualname__ = "OutOfMemoryError"


# ------------------------------------------------------------------------------ autocast
_AUTOCAST_DEVICES = ("cpu", "cuda", "xpu", "mps", "hpu", "xla", "mtia", "maia", "ipu")
_AUTOCAST_DTYPE = {"cuda": D.float16, "cpu": D.bfloat16, "mps": D.float16, "xpu": D.bfloat16,
                   "hpu": D.bfloat16, "xla": D.bfloat16, "mtia": D.bfloat16,
                   "maia": D.bfloat16, "ipu": D.float16}


def amp_definitely_not_available():
    return True


class autocast:  # noqa: N801 - torch's name
    """torch.autocast / torch.amp.autocast: a context manager and decorator. Disabled (with
    torch's warning) for CUDA; on the CPU it records the mode but runs ops unchanged."""

    __module__ = "torch.amp.autocast_mode"

    def __init__(self, device_type, dtype=None, enabled=True, cache_enabled=None):
        if not isinstance(device_type, str):
            raise ValueError(f"Expected `device_type` of type `str`, got: `{type(device_type)}`")
        from ._device import device as _dev
        _dev(device_type)  # torch's error for an unknown device string
        if device_type not in _AUTOCAST_DEVICES:
            raise RuntimeError(
                f"User specified an unsupported autocast device_type '{device_type}'")
        self.fast_dtype = _AUTOCAST_DTYPE[device_type] if dtype is None else dtype
        self.device = device_type
        self._cache_enabled = True if cache_enabled is None else cache_enabled
        if enabled:
            if device_type == "cuda":
                warnings.warn("CUDA is not available or torch_xla is imported. Disabling "
                              "autocast.", stacklevel=2)
                enabled = False
            elif self.fast_dtype not in (D.bfloat16, D.float16):
                name = device_type.upper()
                warnings.warn(f"In {name} autocast, but the target dtype is not supported. "
                              f"Disabling autocast.\n{name} Autocast only supports dtypes of "
                              "torch.bfloat16, torch.float16 currently.", stacklevel=2)
                enabled = False
        self._enabled = enabled

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        return False

    def __call__(self, func):
        if not callable(func):
            raise TypeError(
                f"autocast()(func) requires a callable, but got {type(func).__name__}. Did you "
                "mean to use autocast as a context manager? For example:\n    with "
                "torch.autocast(device_type=...):\n        output = model(input)")

        @functools.wraps(func)
        def decorate_autocast(*args, **kwargs):
            with self:
                return func(*args, **kwargs)
        return decorate_autocast


class _CudaAutocast(autocast):
    """torch.cuda.amp.autocast (deprecated)."""

    __module__ = "torch.cuda.amp.autocast_mode"

    def __init__(self, enabled=True, dtype=D.float16, cache_enabled=True):
        warnings.warn("`torch.cuda.amp.autocast(args...)` is deprecated. Please use "
                      "`torch.amp.autocast('cuda', args...)` instead.", FutureWarning,
                      stacklevel=2)
        # the nested warn's stacklevel is counted from here in torch too
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            super().__init__("cuda", enabled=enabled, dtype=dtype, cache_enabled=cache_enabled)
        if enabled:
            warnings.warn("CUDA is not available or torch_xla is imported. Disabling autocast.",
                          stacklevel=2)


_CudaAutocast.__name__ = _CudaAutocast.__qualname__ = "autocast"


def custom_fwd(fwd=None, *, device_type, cast_inputs=None):
    """torch.amp.custom_fwd: autocast is never active here, so the function runs as is."""
    if fwd is None:
        return functools.partial(custom_fwd, device_type=device_type, cast_inputs=cast_inputs)
    return fwd


def custom_bwd(bwd=None, *, device_type):
    if bwd is None:
        return functools.partial(custom_bwd, device_type=device_type)
    return bwd


def _cuda_custom_fwd(fwd=None, *, cast_inputs=None):
    warnings.warn("`torch.cuda.amp.custom_fwd(args...)` is deprecated. Please use "
                  "`torch.amp.custom_fwd(args..., device_type='cuda')` instead.", FutureWarning,
                  stacklevel=2)
    return custom_fwd(fwd, device_type="cuda", cast_inputs=cast_inputs)


def _cuda_custom_bwd(bwd=None):
    warnings.warn("`torch.cuda.amp.custom_bwd(args...)` is deprecated. Please use "
                  "`torch.amp.custom_bwd(args..., device_type='cuda')` instead.", FutureWarning,
                  stacklevel=2)
    return custom_bwd(bwd, device_type="cuda")


# ------------------------------------------------------------------------------ GradScaler
class OptState(Enum):
    READY = 0
    UNSCALED = 1
    STEPPED = 2


def _refresh_per_optimizer_state():
    return {"stage": OptState.READY, "found_inf_per_device": {}}


def _scalar_f32(value):
    return Tensor._make(np.array(value, dtype=np.float32), D.float32)


class GradScaler:
    """torch.amp.GradScaler: loss scaling with inf/NaN checks. For device "cuda" it disables
    itself with torch's warning (step() then just calls optimizer.step())."""

    __module__ = "torch.amp.grad_scaler"

    def __init__(self, device="cuda", init_scale=2.0 ** 16, growth_factor=2.0,
                 backoff_factor=0.5, growth_interval=2000, enabled=True):
        self._device = device
        self._enabled = enabled
        if self._device == "cuda" and enabled:
            warnings.warn("torch.cuda.amp.GradScaler is enabled, but CUDA is not available.  "
                          "Disabling.", stacklevel=2)
            self._enabled = False
        if self._enabled:
            if growth_factor <= 1.0:
                raise AssertionError("The growth factor must be > 1.0.")
            if backoff_factor >= 1.0:
                raise AssertionError("The backoff factor must be < 1.0.")
            self._init_scale = init_scale
            self._scale = None
            self._growth_factor = growth_factor
            self._backoff_factor = backoff_factor
            self._growth_interval = growth_interval
            self._init_growth_tracker = 0
            self._growth_tracker = None
            self._per_optimizer_states = defaultdict(_refresh_per_optimizer_state)

    def _check_scale_growth_tracker(self, funcname):
        fix = ("This may indicate your script did not use scaler.scale(loss or outputs) earlier "
               "in the iteration.")
        if self._scale is None:
            raise AssertionError(f"Attempted {funcname} but _scale is None.  " + fix)
        if self._growth_tracker is None:
            raise AssertionError(f"Attempted {funcname} but _growth_tracker is None.  " + fix)
        return self._scale, self._growth_tracker

    def _lazy_init_scale_growth_tracker(self):
        self._scale = _scalar_f32(self._init_scale)
        self._growth_tracker = Tensor._make(np.array(self._init_growth_tracker, np.int32),
                                            D.int32)

    def scale(self, outputs):
        """Multiply outputs (a tensor or nested lists/tuples of tensors) by the scale."""
        if not self._enabled:
            return outputs

        def apply_scale(val):
            if isinstance(val, Tensor):
                if self._scale is None:
                    self._lazy_init_scale_growth_tracker()
                return val * self._scale
            if isinstance(val, (list, tuple)):
                return type(val)(map(apply_scale, val))
            if hasattr(val, "__iter__"):
                return map(apply_scale, val)
            raise ValueError("outputs must be a Tensor or an iterable of Tensors")

        return apply_scale(outputs)

    def unscale_(self, optimizer):
        """Divide the optimizer's gradients by the scale, recording whether any is inf/NaN."""
        if not self._enabled:
            return
        self._check_scale_growth_tracker("unscale_")
        state = self._per_optimizer_states[id(optimizer)]
        if state["stage"] is OptState.UNSCALED:
            raise RuntimeError("unscale_() has already been called on this optimizer since the "
                               "last update().")
        if state["stage"] is OptState.STEPPED:
            raise RuntimeError("unscale_() is being called after step().")
        # torch: inv_scale = scale.double().reciprocal().float()
        inv_scale = np.float32(1.0 / np.float64(self._scale._data))
        found = False
        for group in optimizer.param_groups:
            for param in group["params"]:
                g = param._grad
                if g is None:
                    continue
                if g._dtype is D.float16:
                    raise ValueError("Attempting to unscale FP16 gradients.")
                if not np.all(np.isfinite(g._data)):
                    found = True
                g._data[...] = g._data * g._data.dtype.type(inv_scale)
                g._vc[0] += 1
        state["found_inf_per_device"] = {"cpu": _scalar_f32(1.0 if found else 0.0)}
        state["stage"] = OptState.UNSCALED

    def step(self, optimizer, *args, **kwargs):
        """Unscale (if not done yet) and run optimizer.step() unless a gradient is inf/NaN."""
        if not self._enabled:
            return optimizer.step(*args, **kwargs)
        if "closure" in kwargs:
            raise RuntimeError("Closure use is not currently supported if GradScaler is "
                               "enabled.")
        self._check_scale_growth_tracker("step")
        state = self._per_optimizer_states[id(optimizer)]
        if state["stage"] is OptState.STEPPED:
            raise RuntimeError("step() has already been called since the last update().")
        if state["stage"] is OptState.READY:
            self.unscale_(optimizer)
        if len(state["found_inf_per_device"]) == 0:
            raise AssertionError("No inf checks were recorded for this optimizer.")
        retval = None
        if not sum(v.item() for v in state["found_inf_per_device"].values()):
            retval = optimizer.step(*args, **kwargs)
        state["stage"] = OptState.STEPPED
        return retval

    def update(self, new_scale=None):
        """Back the scale off after a skipped step; grow it after growth_interval good ones."""
        if not self._enabled:
            return
        scale, tracker = self._check_scale_growth_tracker("update")
        if new_scale is not None:
            if isinstance(new_scale, float):
                scale._data[...] = np.float32(new_scale)
            else:
                reason = ("new_scale should be a float or a 1-element torch.cuda.FloatTensor or "
                          "torch.FloatTensor with requires_grad=False.")
                if new_scale.numel() != 1 or new_scale.requires_grad is True:
                    raise AssertionError(reason)
                scale._data[...] = np.float32(new_scale.item())
        else:
            found_infs = [f for st in self._per_optimizer_states.values()
                          for f in st["found_inf_per_device"].values()]
            if len(found_infs) == 0:
                raise AssertionError("No inf checks were recorded prior to update.")
            if sum(f.item() for f in found_infs):
                scale._data[...] = scale._data * np.float32(self._backoff_factor)
                tracker._data[...] = 0
            else:
                successful = int(tracker._data) + 1
                if successful == self._growth_interval:
                    grown = scale._data * np.float32(self._growth_factor)
                    if np.isfinite(grown):
                        scale._data[...] = grown
                    tracker._data[...] = 0
                else:
                    tracker._data[...] = successful
        self._per_optimizer_states = defaultdict(_refresh_per_optimizer_state)

    def get_scale(self):
        if self._enabled:
            return self._init_scale if self._scale is None else float(self._scale.item())
        return 1.0

    def get_growth_factor(self):
        return self._growth_factor

    def set_growth_factor(self, new_factor):
        self._growth_factor = new_factor

    def get_backoff_factor(self):
        return self._backoff_factor

    def set_backoff_factor(self, new_factor):
        self._backoff_factor = new_factor

    def get_growth_interval(self):
        return self._growth_interval

    def set_growth_interval(self, new_interval):
        self._growth_interval = new_interval

    def _get_growth_tracker(self):
        if self._enabled:
            return (self._init_growth_tracker if self._growth_tracker is None
                    else int(self._growth_tracker.item()))
        return 0

    def is_enabled(self):
        return self._enabled

    def state_dict(self):
        if self._enabled:
            return {"scale": self.get_scale(), "growth_factor": self._growth_factor,
                    "backoff_factor": self._backoff_factor,
                    "growth_interval": self._growth_interval,
                    "_growth_tracker": self._get_growth_tracker()}
        return {}

    def load_state_dict(self, state_dict):
        if not self._enabled:
            return
        if len(state_dict) == 0:
            raise RuntimeError("The source state dict is empty, possibly because it was saved "
                               "from a disabled instance of GradScaler.")
        self._init_scale = state_dict["scale"]
        if self._scale is not None:
            self._scale._data[...] = np.float32(state_dict["scale"])
        self._growth_factor = state_dict["growth_factor"]
        self._backoff_factor = state_dict["backoff_factor"]
        self._growth_interval = state_dict["growth_interval"]
        self._init_growth_tracker = state_dict["_growth_tracker"]
        if self._growth_tracker is not None:
            self._growth_tracker._data[...] = state_dict["_growth_tracker"]

    def __getstate__(self):
        state = self.__dict__.copy()
        if self._enabled:
            if len(self._per_optimizer_states) != 0:
                raise AssertionError("A GradScaler instance may only be pickled at the beginning "
                                     "of an iteration, or at the end after scaler.update().")
            state["_init_scale"] = self.get_scale()
            state["_init_growth_tracker"] = self._get_growth_tracker()
            state["_scale"] = None
            state["_growth_tracker"] = None
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)


class _CudaGradScaler(GradScaler):
    """torch.cuda.amp.GradScaler (deprecated)."""

    __module__ = "torch.cuda.amp.grad_scaler"

    def __init__(self, init_scale=2.0 ** 16, growth_factor=2.0, backoff_factor=0.5,
                 growth_interval=2000, enabled=True):
        warnings.warn("`torch.cuda.amp.GradScaler(args...)` is deprecated. Please use "
                      "`torch.amp.GradScaler('cuda', args...)` instead.", FutureWarning,
                      stacklevel=2)
        self._device = "cuda"
        self._enabled = enabled
        if enabled:
            warnings.warn("torch.cuda.amp.GradScaler is enabled, but CUDA is not available.  "
                          "Disabling.", stacklevel=2)
            self._enabled = False


_CudaGradScaler.__name__ = _CudaGradScaler.__qualname__ = "GradScaler"


def _module(name, doc, register, **members):
    mod = types.ModuleType(name, doc)
    for key, value in members.items():
        setattr(mod, key, value)
    mod.__all__ = [k for k in members if not k.startswith("_")]
    if register:
        sys.modules.setdefault(name, mod)
    return mod


# torch.cuda.amp (importable as minitorch_compat.cuda.amp) and, for the lead to wire up as
# torch.amp, the torch.amp namespace
amp = _module(__name__ + ".amp", "torch.cuda.amp: deprecated aliases of torch.amp for CUDA.",
              True,
              autocast=_CudaAutocast, GradScaler=_CudaGradScaler, custom_fwd=_cuda_custom_fwd,
              custom_bwd=_cuda_custom_bwd,
              common=types.SimpleNamespace(
                  amp_definitely_not_available=amp_definitely_not_available))
_torch_amp = _module("torch.amp", "torch.amp: autocast, GradScaler, custom_fwd, custom_bwd.",
                     False,
                     autocast=autocast, GradScaler=GradScaler, custom_fwd=custom_fwd,
                     custom_bwd=custom_bwd,
                     is_autocast_available=lambda device_type: device_type in _AUTOCAST_DEVICES)

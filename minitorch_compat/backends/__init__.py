"""torch.backends on a CPU-only build: mps and cuda/cudnn report not available, their flags
are plain settable attributes; cpu, mkldnn, openmp, mkl answer as torch's CPU wheel does."""
import types
from contextlib import contextmanager

from . import cpu, cudnn, mkl, mkldnn, mps, openmp  # noqa: F401

__all__ = ["cpu", "cuda", "cudnn", "mkl", "mkldnn", "mps", "openmp"]


class cuBLASModule:  # noqa: N801 - torch's name
    """torch.backends.cuda.matmul: TF32 / reduced-precision flags (no effect without CUDA)."""

    __module__ = "torch.backends.cuda"
    _FLAGS = ("allow_tf32", "allow_fp16_reduced_precision_reduction",
              "allow_bf16_reduced_precision_reduction", "allow_fp16_accumulation",
              "fp32_precision")

    def __init__(self):
        object.__setattr__(self, "_values", {
            "allow_tf32": False, "allow_fp16_reduced_precision_reduction": True,
            "allow_bf16_reduced_precision_reduction": True, "allow_fp16_accumulation": False,
            "fp32_precision": "none"})

    def __getattr__(self, name):
        values = object.__getattribute__(self, "_values")
        if name in values:
            return values[name]
        raise AttributeError("Unknown attribute " + name)

    def __setattr__(self, name, value):
        if name not in self._FLAGS:
            raise AttributeError("Unknown attribute " + name)
        self._values[name] = value


class _SDP:
    def __init__(self):
        self.flash = self.mem_efficient = self.math = self.cudnn = True


_sdp = _SDP()


def _flag(attr):
    def get():
        return getattr(_sdp, attr)

    def setter(enabled):
        setattr(_sdp, attr, bool(enabled))
    return get, setter


flash_sdp_enabled, enable_flash_sdp = _flag("flash")
mem_efficient_sdp_enabled, enable_mem_efficient_sdp = _flag("mem_efficient")
math_sdp_enabled, enable_math_sdp = _flag("math")
cudnn_sdp_enabled, enable_cudnn_sdp = _flag("cudnn")


@contextmanager
def sdp_kernel(enable_flash=True, enable_math=True, enable_mem_efficient=True,
               enable_cudnn=True):
    prev = (_sdp.flash, _sdp.math, _sdp.mem_efficient, _sdp.cudnn)
    _sdp.flash, _sdp.math, _sdp.mem_efficient, _sdp.cudnn = (
        enable_flash, enable_math, enable_mem_efficient, enable_cudnn)
    try:
        yield
    finally:
        _sdp.flash, _sdp.math, _sdp.mem_efficient, _sdp.cudnn = prev


cuda = types.ModuleType("torch.backends.cuda", "torch.backends.cuda: CUDA flags (no CUDA here).")
cuda.matmul = cuBLASModule()
cuda.cuBLASModule = cuBLASModule
cuda.is_built = lambda: False
for _name in ("flash_sdp_enabled", "enable_flash_sdp", "mem_efficient_sdp_enabled",
              "enable_mem_efficient_sdp", "math_sdp_enabled", "enable_math_sdp",
              "cudnn_sdp_enabled", "enable_cudnn_sdp", "sdp_kernel"):
    setattr(cuda, _name, globals()[_name])
del _name

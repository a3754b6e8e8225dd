"""Making this package importable as ``torch``: ``install_as_torch()`` maps ``torch`` and its
submodules in ``sys.modules`` to this package's modules (the same module objects)."""
import importlib
import sys

__all__ = ["install_as_torch", "SUBMODULES"]

# torch submodule path -> this package's module that serves it
SUBMODULES = {
    "": "minitorch_compat",
    "nn": "minitorch_compat.nn",
    "nn.functional": "minitorch_compat.nn.functional",
    "nn.init": "minitorch_compat.nn.init",
    "nn.modules": "minitorch_compat.nn.modules",
    "nn.parameter": "minitorch_compat.nn.parameter",
    "autograd": "minitorch_compat.autograd",
    "autograd.grad_mode": "minitorch_compat.autograd.grad_mode",
    "autograd.graph": "minitorch_compat.autograd.graph",
    "autograd.function": "minitorch_compat.autograd.function",
    "random": "minitorch_compat.random",
}


def install_as_torch():
    """Make ``import torch`` (and ``torch.nn``, ``torch.nn.functional``, ``torch.autograd``...)
    resolve to minitorch_compat in this process, even where real torch is installed. Returns
    the package. Call it before the first ``import torch``."""
    for sub, target in SUBMODULES.items():
        name = "torch" + ("." + sub if sub else "")
        sys.modules[name] = importlib.import_module(target)
    return sys.modules["torch"]

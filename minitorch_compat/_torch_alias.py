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
    "autograd.anomaly_mode": "minitorch_compat.autograd.anomaly_mode",
    "autograd.functional": "minitorch_compat.autograd.functional",
    "autograd.gradcheck": "minitorch_compat.autograd.gradcheck",
    "nn.modules.module": "minitorch_compat.nn.modules.module",
    "nn.modules.linear": "minitorch_compat.nn.modules.linear",
    "nn.modules.activation": "minitorch_compat.nn.modules.activation",
    "nn.modules.container": "minitorch_compat.nn.modules.container",
    "nn.modules.loss": "minitorch_compat.nn.modules.loss",
    "nn.modules.conv": "minitorch_compat.nn.modules.conv",
    "nn.modules.pooling": "minitorch_compat.nn.modules.pooling",
    "nn.modules.batchnorm": "minitorch_compat.nn.modules.batchnorm",
    "nn.modules.normalization": "minitorch_compat.nn.modules.normalization",
    "nn.modules.sparse": "minitorch_compat.nn.modules.sparse",
    "nn.modules.dropout": "minitorch_compat.nn.modules.dropout",
    "nn.modules.flatten": "minitorch_compat.nn.modules.flatten",
    "optim": "minitorch_compat.optim",
    "optim.optimizer": "minitorch_compat.optim.optimizer",
    "optim.sgd": "minitorch_compat.optim.sgd",
    "optim.adam": "minitorch_compat.optim.adam",
    "optim.adamw": "minitorch_compat.optim.adam",
    "optim.lr_scheduler": "minitorch_compat.optim.lr_scheduler",
    "utils": "minitorch_compat.utils",
    "utils.data": "minitorch_compat.utils.data",
    "utils.data.dataset": "minitorch_compat.utils.data.dataset",
    "utils.data.sampler": "minitorch_compat.utils.data.sampler",
    "utils.data.dataloader": "minitorch_compat.utils.data.dataloader",
    "utils.data._utils.collate": "minitorch_compat.utils.data._collate",
    "cuda": "minitorch_compat.cuda",
    "cuda.amp": "minitorch_compat.cuda.amp",
    "accelerator": "minitorch_compat.accelerator",
    "backends": "minitorch_compat.backends",
    "backends.cudnn": "minitorch_compat.backends.cudnn",
    "backends.mps": "minitorch_compat.backends.mps",
    "backends.cpu": "minitorch_compat.backends.cpu",
    "backends.mkl": "minitorch_compat.backends.mkl",
    "backends.mkldnn": "minitorch_compat.backends.mkldnn",
    "backends.openmp": "minitorch_compat.backends.openmp",
    "backends.cuda": "minitorch_compat.backends:cuda",
    "amp": "minitorch_compat.cuda:_torch_amp",
    "serialization": "minitorch_compat.serialization",
}


def install_as_torch():
    """Make ``import torch`` (and ``torch.nn``, ``torch.nn.functional``, ``torch.autograd``...)
    resolve to minitorch_compat in this process, even where real torch is installed. Returns
    the package. Call it before the first ``import torch``."""
    for sub, target in SUBMODULES.items():
        name = "torch" + ("." + sub if sub else "")
        module, _, attr = target.partition(":")  # "module:attr" names a module object inside
        obj = importlib.import_module(module)
        sys.modules[name] = getattr(obj, attr) if attr else obj
    return sys.modules["torch"]

"""The two namespaces a case runs on: real torch and minitorch_compat, each behind a thin proxy
so that a name the shim lacks fails its case with "X is not defined in minitorch_compat" instead
of breaking collection (array-api-tests' _UndefinedStub idea)."""
from __future__ import annotations

import importlib
import sys
import types
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SHIM = "minitorch_compat"


class NotDefined(AttributeError):
    """A public name the module under test does not provide."""


class Namespace:
    """Attribute access on a module; submodules come back wrapped, missing names raise NotDefined.

    Everything else (functions, classes, dtypes) is the module's own object, so ``isinstance(x,
    torch.Tensor)`` and ``class M(torch.nn.Module)`` behave as with a plain ``import``."""

    __slots__ = ("_module", "_path", "_label", "_cache")

    def __init__(self, module, label, path=""):
        object.__setattr__(self, "_module", module)
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_label", label)
        object.__setattr__(self, "_cache", {})

    def __getattr__(self, name):
        cache = self._cache
        if name in cache:
            return cache[name]
        try:
            value = getattr(self._module, name)
        except AttributeError:
            if name.startswith("__"):
                raise
            raise NotDefined(f"{self._path}{name} is not defined in {self._label}") from None
        if isinstance(value, types.ModuleType):
            value = Namespace(value, self._label, f"{self._path}{name}.")
        cache[name] = value
        return value

    def __setattr__(self, name, value):  # e.g. torch.backends.cudnn.allow_tf32 = False
        setattr(self._module, name, value)

    def __dir__(self):
        return dir(self._module)

    def __repr__(self):
        return f"<namespace {self._label}{'.' + self._path[:-1] if self._path else ''}>"


_loaded: dict[str, Namespace] = {}


def load(which: str) -> Namespace:
    """``"torch"`` (real PyTorch) or ``"shim"`` (minitorch_compat), imported once per process."""
    if which not in _loaded:
        if which == "shim":
            if str(REPO_ROOT) not in sys.path:
                sys.path.insert(0, str(REPO_ROOT))
            module = importlib.import_module(SHIM)
            _loaded[which] = Namespace(module, SHIM)
        elif which == "torch":
            module = importlib.import_module("torch")
            if getattr(module, "__name__", "") != "torch" or module.__file__ is None or \
                    Path(module.__file__).resolve().is_relative_to(REPO_ROOT):
                raise ImportError("`import torch` does not give real PyTorch here")
            importlib.import_module("torch.nn.functional")
            # TORCH_WARN_ONCE warnings (x.T on 3-D, ...) would depend on which case ran first in
            # the process; with warn_always every case sees its own warnings, in any order
            module.set_warn_always(True)
            _loaded[which] = Namespace(module, "torch")
        else:
            raise ValueError(which)
    return _loaded[which]


def raw(ns: Namespace):
    """The module behind a namespace proxy."""
    return ns._module


def torch_available() -> str | None:
    """The version of a real torch importable here, without importing it; None if absent."""
    import importlib.metadata
    import importlib.util
    try:
        spec = importlib.util.find_spec("torch")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin or Path(spec.origin).resolve().is_relative_to(REPO_ROOT):
        return None
    try:
        return importlib.metadata.version("torch")
    except importlib.metadata.PackageNotFoundError:
        return None

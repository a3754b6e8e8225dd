"""What a case is, the registry of all cases, and running one case on one namespace: a seeded
NumPy generator in, a neutral outcome out (result record, warnings, printed text)."""
from __future__ import annotations

import contextlib
import importlib
import inspect
import io
import re
import sys
import textwrap
import warnings
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from .namespaces import Namespace, raw
from .records import Observer, error, normalize

CONFORMANCE_DIR = Path(__file__).resolve().parents[1]

KINDS = ("fwd", "bwd", "graph", "dtype", "err", "case")


@dataclass
class Case:
    id: str                                   # "op/exp/fwd/3x4", "autograd/accumulate_twice"
    fn: Callable                              # fn(torch_namespace, rng) -> anything observable
    kind: str = "case"                        # fwd / bwd / graph / dtype / err (op table), case
    op: str | None = None                     # the op table row it comes from (for the report)
    values: bool = True                       # graph cases compare metadata, not numbers
    tol: dict | None = None                   # {"float32": (rtol, atol)} overrides
    expect_error: bool = False                # error inputs: torch must raise
    snippet: Callable[[], str] | None = None  # a copy-pasteable repro
    source: str = ""                          # file that declares it
    meta: dict = field(default_factory=dict)

    @property
    def group(self) -> str:
        return self.id.split("/", 1)[0]

    @property
    def seed(self) -> int:
        return zlib.crc32(self.id.encode())

    def rng(self) -> np.random.Generator:
        return np.random.default_rng(self.seed)

    def repro(self) -> str:
        if self.snippet is not None:
            return self.snippet()
        src = textwrap.dedent(inspect.getsource(self.fn))
        lines = src.splitlines()
        while lines and not lines[0].startswith("def "):  # the @case(...) decorator
            lines.pop(0)
        src = "\n".join(lines)
        helper = _CATCH_SOURCE if "catch(" in src else ""
        for name in dict.fromkeys(re.findall(r"\b([A-Z][A-Z0-9_]+)\b", src)):  # constants
            obj = self.fn.__globals__.get(name)
            if isinstance(obj, (tuple, list, dict, str, int, float)):
                helper += f"{name} = {obj!r}\n\n"
        for name in dict.fromkeys(re.findall(r"\b(_\w+)\(", src)):  # the module's helpers
            obj = self.fn.__globals__.get(name)
            if inspect.isfunction(obj):
                helper += textwrap.dedent(inspect.getsource(obj)) + "\n\n"
        return (f"import numpy as np\nimport torch  # or: import minitorch_compat as torch\n\n"
                f"{helper}{src}\n\n"
                f"print({self.fn.__name__}(torch, np.random.default_rng({self.seed})))")


_CATCH_SOURCE = """def catch(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except Exception as exc:
        return exc


"""


_REGISTRY: dict[str, Case] = {}


def register(c: Case) -> Case:
    if c.id in _REGISTRY:
        raise ValueError(f"duplicate case id {c.id!r} ({c.source} and {_REGISTRY[c.id].source})")
    _REGISTRY[c.id] = c
    return c


def case(group: str, name: str | None = None, *, tol=None, expect_error=False, snippet=None,
         api=()):
    """Declare a hand-written case: ``@case("autograd")`` over ``def name(torch, rng)``;
    ``snippet`` (text) replaces the function's source as the repro; ``api`` names the public
    names it exercises (api_surface spellings: "Tensor.backward", "no_grad"), for the report."""
    def deco(fn):
        c = Case(f"{group}/{name or fn.__name__}", fn, tol=tol, expect_error=expect_error,
                 source=inspect.getsourcefile(fn) or "", meta={"api": tuple(api)})
        if snippet is not None:
            c.snippet = lambda: snippet
        register(c)
        return fn
    return deco


def case_modules() -> list[str]:
    """The op table plus every ``cases_*.py`` next to it."""
    names = ["optable"] + sorted(p.stem for p in CONFORMANCE_DIR.glob("cases_*.py"))
    return names


def all_cases() -> dict[str, Case]:
    """Every case, in declaration order (imports the case modules once)."""
    if str(CONFORMANCE_DIR) not in sys.path:
        sys.path.insert(0, str(CONFORMANCE_DIR))
    for name in case_modules():
        importlib.import_module(name)
    return _REGISTRY


# ---------------------------------------------------------------- running


def _state(lib):
    return lib.is_grad_enabled(), lib.get_default_dtype()


def _restore(lib, state):
    grad, dtype = state
    lib.set_grad_enabled(grad)
    if lib.get_default_dtype() is not dtype:
        lib.set_default_dtype(dtype)


_OBSERVERS: dict[int, Observer] = {}


def observer(ns: Namespace) -> Observer:
    lib = raw(ns)
    obs = _OBSERVERS.get(id(lib))
    if obs is None:
        obs = _OBSERVERS[id(lib)] = Observer(lib)
    return obs


def run(c: Case, ns: Namespace, rng: np.random.Generator | None = None) -> dict:
    """Run case ``c`` on ``ns``: {"result": record, "warnings": [...], "stdout": text}."""
    lib = raw(ns)
    obs = observer(ns)
    state = _state(lib)
    printed = io.StringIO()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with contextlib.redirect_stdout(printed):
                result = c.fn(ns, rng if rng is not None else c.rng())
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                rec = obs(result, values=c.values)
        except Exception as exc:  # noqa: BLE001 - the exception is the observed behaviour
            rec = error(exc)
        finally:
            _restore(lib, state)
            if hasattr(lib, "set_printoptions"):
                lib.set_printoptions(profile="default")
    warns = [{"category": w.category.__name__, "message": normalize(str(w.message))}
             for w in caught]
    return {"result": rec, "warnings": warns, "stdout": normalize(printed.getvalue())}


def catch(fn, *args, **kwargs):
    """``fn(*args, **kwargs)``, or the exception it raises (observed as type + message), so one
    case can check several failures."""
    try:
        return fn(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - the exception is the observation
        return exc

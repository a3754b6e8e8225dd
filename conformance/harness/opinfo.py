"""The op-table model (OpInfo's data model without its machinery): an ``Op`` row names one public
op and its samples; ``expand`` turns each row into forward, backward, graph, dtype and error
cases whose code is generated once and runs unchanged on both namespaces."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .case import Case, register
from .inputs import FLOATS, L, T, build, describe, draw, render_args, render_input

# Operator dunders and the Python syntax that reaches them ({0} is self, {1} the other operand).
OPERATORS = {
    "__add__": "{0} + {1}", "__radd__": "{1} + {0}", "__sub__": "{0} - {1}",
    "__rsub__": "{1} - {0}", "__mul__": "{0} * {1}", "__rmul__": "{1} * {0}",
    "__truediv__": "{0} / {1}", "__rtruediv__": "{1} / {0}", "__floordiv__": "{0} // {1}",
    "__rfloordiv__": "{1} // {0}", "__mod__": "{0} % {1}", "__rmod__": "{1} % {0}",
    "__pow__": "{0} ** {1}", "__rpow__": "{1} ** {0}", "__matmul__": "{0} @ {1}",
    "__rmatmul__": "{1} @ {0}", "__and__": "{0} & {1}", "__rand__": "{1} & {0}",
    "__or__": "{0} | {1}", "__ror__": "{1} | {0}", "__xor__": "{0} ^ {1}",
    "__rxor__": "{1} ^ {0}", "__eq__": "{0} == {1}", "__ne__": "{0} != {1}",
    "__lt__": "{0} < {1}", "__le__": "{0} <= {1}", "__gt__": "{0} > {1}", "__ge__": "{0} >= {1}",
    "__neg__": "-{0}", "__pos__": "+{0}", "__abs__": "abs({0})", "__invert__": "~{0}",
    "__getitem__": "{0}[{1}]",
}
# in-place operators are statements: they run on a clone (a leaf that requires grad refuses them)
INPLACE_OPERATORS = {
    "__iadd__": "+=", "__isub__": "-=", "__imul__": "*=", "__itruediv__": "/=",
    "__ifloordiv__": "//=", "__imod__": "%=", "__ipow__": "**=", "__iand__": "&=",
    "__ior__": "|=", "__ixor__": "^=", "__imatmul__": "@=",
}

TOTAL = '''def total(out):
    # weighted sum of every output that requires grad (weights 1..n: permuted grads show)
    outs = out if isinstance(out, (tuple, list)) else (out,)
    parts = [(o * torch.arange(1, o.numel() + 1, dtype=o.dtype).reshape(o.shape)).sum()
             for o in outs if o.requires_grad]
    if not parts:
        raise RuntimeError("no output requires grad")
    return sum(parts[1:], parts[0])'''


class S:
    """One sample: positional and keyword arguments (specs from ``inputs``); ``label`` replaces
    the generated description in case ids; ``in_dtype`` the row's dtype for its tensors."""

    __slots__ = ("args", "kwargs", "label", "dtype")

    def __init__(self, *args, label=None, in_dtype=None, **kwargs):
        self.args, self.kwargs, self.label, self.dtype = args, kwargs, label, in_dtype

    def desc(self):
        return self.label or describe(self.args, self.kwargs)


@dataclass
class Op:
    name: str                    # "exp" (torch.exp), "Tensor.view", "F.relu", "Tensor.__add__"
    samples: list                # S(...) list; the first one also runs every dtype of `dtypes`
    dtypes: tuple = ("float64", "int64", "bool")  # further dtypes the first sample runs in
    dtype: str = "float32"       # dtype of the samples
    grad: bool = True            # differentiable: backward and graph cases
    errors: list = field(default_factory=list)  # S(...) inputs on which torch raises
    also: tuple = ()             # other spellings of the same op: forward + graph of sample 0
    domain: str = "real"         # real / pos / unit / prob / nonzero: where inputs are drawn
    expr: str | None = None      # call template ({0}, {1}... args, {args} all, {kw} keywords)
    inplace: bool = False        # runs on a clone of the first argument
    tol: dict | None = None
    gradcheck: bool = True       # include in the shim's numerical gradcheck (tests/)
    seed: int | None = None      # torch.manual_seed(seed) first (ops that draw random numbers)
    values: bool = True          # False: compare metadata only (torch.empty's memory is junk)
    family: str = ""             # set by the table: pointwise, reduction, shape...


def call_source(op_name: str, args, kwargs, expr: str | None, inplace: bool) -> list[str]:
    """Source lines that compute ``out`` for this op from rendered arguments."""
    rargs = [render_args([a], {}) for a in args]
    kw = render_args([], kwargs)
    if inplace and rargs:
        rargs[0] = f"{rargs[0]}.clone()"
    if expr is not None:
        text = expr.format(*rargs, args=", ".join(rargs + ([kw] if kw else [])), kw=kw)
        return text.split("\n") if "\n" in text else [f"out = {text}"]
    owner, _, attr = op_name.rpartition(".")
    if owner == "Tensor" and attr in INPLACE_OPERATORS:
        first = rargs[0] if inplace else f"{rargs[0]}.clone()"
        return [f"out = {first}", f"out {INPLACE_OPERATORS[attr]} {rargs[1]}"]
    if owner == "Tensor" and attr in OPERATORS:
        return [f"out = {OPERATORS[attr].format(*rargs)}"]
    all_args = ", ".join(rargs[1 if owner == "Tensor" else 0:] + ([kw] if kw else []))
    if owner == "Tensor":
        return [f"out = {rargs[0]}.{attr}({all_args})"]
    prefix = {"": "torch.", "F": "F."}.get(owner, f"torch.{owner}.")
    return [f"out = {prefix}{attr}({all_args})"]


class OpCase:
    """Generated code of one (row, sample, kind): draws inputs, runs, shapes the result."""

    def __init__(self, row: Op, call_name: str, sample: S, kind: str, dtype: str):
        self.row, self.call_name, self.sample, self.kind, self.dtype = (
            row, call_name, sample, kind, dtype)
        self._code = None

    def _draw(self, rng):
        grad = self.kind in ("bwd", "graph")
        return draw(self.sample.args, self.sample.kwargs, self.dtype, self.row.domain, rng, grad)

    def lines(self, drawn, args, kwargs) -> list[str]:
        body = []
        if self.row.seed is not None:
            body.append(f"torch.manual_seed({self.row.seed})")
        body += call_source(self.call_name, args, kwargs, self.row.expr, self.row.inplace)
        if self.kind == "bwd":
            body.append("total(out).backward()")
            grads = ", ".join(f'"{d.name}.grad": {d.name}.grad' for d in drawn if d.grad)
            body.append(f"result = {{{grads}}}")
        else:
            body.append("result = out")
        return body

    def inputs(self, ns, rng) -> tuple[list, dict]:
        """(drawn inputs, environment with torch, F, np and the built tensors x0, x1...)."""
        drawn, args, kwargs = self._draw(rng)
        if self._code is None:
            src = "\n".join(self.lines(drawn, args, kwargs))
            self._code = compile(src, f"<{self.call_name}>", "exec")
        env = {"torch": ns, "F": ns.nn.functional, "np": np}
        if self.kind == "bwd":
            exec(TOTAL, env)  # noqa: S102 - generated from the table
        for d in drawn:
            env[d.name] = build(ns, d)
        return drawn, env

    def evaluate(self, env):
        """Run the generated code in ``env`` (from ``inputs``); its ``result``."""
        exec(self._code, env)  # noqa: S102
        return env["result"]

    def __call__(self, ns, rng):
        _, env = self.inputs(ns, rng)
        return self.evaluate(env)

    def snippet(self, seed) -> str:
        drawn, args, kwargs = self._draw(np.random.default_rng(seed))
        head = ["import numpy as np", "import torch  # or: import minitorch_compat as torch",
                "import torch.nn.functional as F", ""]
        if self.kind == "bwd":
            head += TOTAL.split("\n") + [""]
        inputs = [render_input(d) for d in drawn]
        return "\n".join(head + inputs + self.lines(drawn, args, kwargs) + ["print(result)"])


def _unique(seen: set, cid: str) -> str:
    if cid not in seen:
        seen.add(cid)
        return cid
    k = 2
    while f"{cid}#{k}" in seen:
        k += 1
    seen.add(f"{cid}#{k}")
    return f"{cid}#{k}"


def differentiable(row: Op, sample: S) -> bool:
    """Whether a sample of a differentiable row has a floating input that can require grad."""
    dtype = sample.dtype or row.dtype

    def has_float(a):
        if isinstance(a, T):
            return (a.dtype or dtype) in FLOATS and a.grad is not False
        if isinstance(a, L):
            return any(has_float(i) for i in a.items)
        return False
    return row.grad and any(has_float(a) for a in list(sample.args) + list(sample.kwargs.values()))


def expand(row: Op, source: str = "") -> list[Case]:
    """Cases of one row: fwd (every sample), bwd and graph (every differentiable sample), dtype
    (sample 0 in each further dtype), err (every error input), and fwd + graph of sample 0 for
    each other spelling in ``also``."""
    out, seen = [], set()

    def add(call_name, sample, kind, dtype, label=None):
        oc = OpCase(row, call_name, sample, kind, dtype)
        cid = _unique(seen, f"op/{call_name}/{kind}/{label or sample.desc()}")
        c = Case(cid, oc, kind=kind, op=row.name, values=kind != "graph" and row.values,
                 tol=row.tol, expect_error=kind == "err", source=source,
                 meta={"row": row, "sample": sample, "dtype": dtype, "opcase": oc})
        c.snippet = lambda oc=oc, c=c: oc.snippet(c.seed)
        out.append(c)

    for s in row.samples:
        add(row.name, s, "fwd", s.dtype or row.dtype)
    for s in row.samples:
        if differentiable(row, s):
            add(row.name, s, "bwd", s.dtype or row.dtype)
            add(row.name, s, "graph", s.dtype or row.dtype)
    if row.samples:
        for dt in row.dtypes:
            add(row.name, row.samples[0], "dtype", dt, label=dt)
    for s in row.errors:
        add(row.name, s, "err", s.dtype or row.dtype)
    for alias in row.also:
        s = row.samples[0]
        add(alias, s, "fwd", s.dtype or row.dtype)
        if differentiable(row, s):
            add(alias, s, "graph", s.dtype or row.dtype)
    return out


def register_table(rows: list[Op], source: str = "") -> list[Case]:
    cases = []
    for row in rows:
        for c in expand(row, source):
            cases.append(register(c))
    return cases

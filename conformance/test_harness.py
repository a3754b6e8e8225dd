"""Tests of the suite itself (no torch needed): every public op has a row, the data files are
consistent (goldens complete and not stale, divergences with reasons and no dead patterns), the
comparator and records behave, a missing name fails its case with a clear message, and the
repro snippets reproduce what their cases compute."""
from __future__ import annotations

import inspect
import re

import numpy as np
import pytest

import optable
from harness import divergences, golden
from harness.case import Case, all_cases, run
from harness.compare import compare_outcomes, missing_name
from harness.namespaces import NotDefined, load, raw
from harness.opinfo import INPLACE_OPERATORS, OPERATORS
from harness.records import graph_signature, normalize
from harness.sweeps import SWEEPS

CASES = all_cases()

# modules whose public functions are ops (they need a row); other public functions are state,
# configuration, RNG or I/O and are covered by their own cases or tests
OP_MODULES = ("minitorch_compat._ops", "minitorch_compat._creation", "minitorch_compat._dtype",
              "minitorch_compat.nn.functional")


def _covered() -> set[str]:
    names = set()
    for row in optable.ROWS:
        names.add(row.name)
        names.update(row.also)
    return names


def public_ops(shim) -> list[str]:
    """Row names the shim's public op surface needs: torch.* ops, Tensor methods that are ops,
    Tensor operators, torch.nn.functional."""
    import minitorch_compat as m
    from minitorch_compat import _ops
    need = []
    for name in m.__all__:
        obj = getattr(m, name)
        if isinstance(obj, type) or not callable(obj) or isinstance(obj, m.dtype):
            continue
        if (getattr(obj, "__module__", "") or "").startswith(OP_MODULES) \
                and name not in optable.NOT_OPS:
            need.append(name)
    need += [f"Tensor.{n}" for n in _ops.TENSOR_METHODS]
    dunders = set(OPERATORS) | set(INPLACE_OPERATORS) | {"__setitem__"}
    need += [f"Tensor.{n}" for n in sorted(dunders) if n in vars(m.Tensor)]
    need += [f"F.{n}" for n in m.nn.functional.__all__]
    return need


def test_every_public_op_has_a_row():
    shim = load("shim")
    missing = sorted(set(public_ops(shim)) - _covered())
    assert not missing, (
        f"{len(missing)} public ops of minitorch_compat have no row in conformance/optable.py "
        f"(add an Op(...) row, or a spelling to a row's `also`): {missing}")


def test_not_ops_are_still_public():
    import minitorch_compat as m
    stale = sorted(n for n in optable.NOT_OPS if n not in m.__all__)
    assert not stale, f"optable.NOT_OPS names that the shim no longer exports: {stale}"


def test_rows_are_well_formed():
    names = [r.name for r in optable.ROWS]
    dup = sorted({n for n in names if names.count(n) > 1})
    assert not dup, f"rows declared twice: {dup}"
    for r in optable.ROWS:
        assert r.samples, f"row {r.name} has no samples"
        assert r.family, f"row {r.name} has no family"


def test_every_case_has_a_golden_and_no_golden_is_stale():
    missing = [cid for cid, c in CASES.items() if cid not in golden.load(c.group)["cases"]]
    known = set(CASES)
    stale = [cid for g in golden.groups() if g != "sweep" for cid in golden.load(g)["cases"]
             if cid not in known]
    sweeps = golden.load("sweep")["cases"]
    missing += [sid for sid in SWEEPS if sid not in sweeps]
    stale += [sid for sid in sweeps if sid not in SWEEPS]
    hint = "re-record with `/work/venv-torch/bin/python conformance/harness/refresh.py`"
    assert not missing, f"{len(missing)} cases have no golden ({hint}): {missing[:20]}"
    assert not stale, f"{len(stale)} goldens belong to no case ({hint}): {stale[:20]}"


def test_goldens_were_recorded_with_torch_2_13():
    for g in golden.groups():
        version = golden.load(g)["meta"].get("torch", "")
        assert version.startswith("2.13."), f"golden/{g}.json.gz was recorded with torch {version}"


def test_divergences_file_is_valid_and_has_no_dead_patterns():
    from harness.triage import all_ids
    entries = divergences.load()
    index = divergences.Index(entries)
    dead = index.unused(all_ids())
    assert not dead, (f"divergences.json lists ids that are no case or sweep (renamed? fixed "
                      f"and pruned?): {dead}")


def test_golden_size_is_modest():
    total = sum(golden.path(g).stat().st_size for g in golden.groups())
    assert total < 15 * 2 ** 20, f"goldens take {total / 2 ** 20:.1f} MiB"


# ---------------------------------------------------------------- comparator and records


def _tensor_rec(values, dtype="float32", shape=None, **kw):
    rec = {"t": "tensor", "dtype": dtype, "shape": shape if shape is not None else [len(values)],
           "value": values, "requires_grad": False, "is_leaf": True, "grad_fn": None}
    rec.update(kw)
    return {"result": rec, "warnings": [], "stdout": ""}


@pytest.mark.parametrize("dtype, a, b, same", [
    ("float32", [1.0], [1.0 + 1e-7], True), ("float32", [1.0], [1.001], False),
    ("float64", [1.0], [1.0 + 1e-9], True), ("float64", [1.0], [1.0 + 1e-6], False),
    ("int64", [3], [3], True), ("int64", [3], [4], False), ("bool", [True], [False], False),
    ("float32", ["nan"], ["nan"], True), ("float32", ["inf"], ["-inf"], False),
    ("float32", ["inf"], [3e38], False), ("float32", [0.0], [-0.0], True),
])
def test_comparator_tolerances(dtype, a, b, same):
    problems = compare_outcomes(_tensor_rec(a, dtype), _tensor_rec(b, dtype))
    assert (not problems) == same, problems


def test_comparator_reports_each_field():
    ref = _tensor_rec([1.0, 2.0], grad_fn="MulBackward0", graph="MulBackward0(AccumulateGrad)")
    got = _tensor_rec([1.0, 2.5], dtype="float64", grad_fn="AddBackward0",
                      graph="AddBackward0(AccumulateGrad)")
    fields = [p.field for p in compare_outcomes(ref, got)]
    assert fields == ["result.dtype", "result.grad_fn", "result.graph", "result.value"]


def test_comparator_messages_and_warnings_are_exact():
    err = lambda m: {"result": {"t": "error", "type": "RuntimeError", "message": m},  # noqa: E731
                     "warnings": [], "stdout": ""}
    assert compare_outcomes(err("a b"), err("a b")) == []
    assert [p.field for p in compare_outcomes(err("a b"), err("a c"))] == ["result.exception"]
    w = {"result": None, "warnings": [{"category": "UserWarning", "message": "x"}], "stdout": ""}
    assert [p.field for p in compare_outcomes(w, {**w, "warnings": []})] == ["warnings"]


def test_missing_names_are_reported_as_not_defined():
    shim = load("shim")
    with pytest.raises(NotDefined, match="nn.functional.no_such_op is not defined in "
                                         "minitorch_compat"):
        shim.nn.functional.no_such_op  # noqa: B018
    case = Case("meta/missing", lambda torch, rng: torch.nn.functional.no_such_op(1))
    got = run(case, shim)
    ref = {"result": 1, "warnings": [], "stdout": ""}
    assert missing_name(ref["result"], got["result"]) == \
        "nn.functional.no_such_op is not defined in minitorch_compat"
    tensor_attr = {"t": "error", "type": "AttributeError",
                   "message": "'Tensor' object has no attribute 'frobnicate'"}
    assert missing_name(1, tensor_attr) == "Tensor.frobnicate is not defined in minitorch_compat"


def test_graph_signature_is_iterative_and_names_edges():
    class Node:
        def __init__(self, edges):
            self.next_functions = edges

    node = Node(())
    for _ in range(20000):  # deeper than any recursion limit
        node = Node(((node, 0), (None, 0)))
    sig = graph_signature(node, limit=3)
    assert sig == "Node(Node(Node(..., None), None), None)"
    branch = Node(((Node(()), 1),))
    assert graph_signature(branch) == "Node(Node@1)"


def test_addresses_are_normalized():
    assert normalize("<MulBackward0 object at 0x7f1fc3c0e5f0>") == "<MulBackward0 object at 0x...>"
    assert normalize("0xff and 0x10") == "0xff and 0x10"


# ---------------------------------------------------------------- repro snippets


def _exec_snippet(text, shim):
    lib = raw(shim)
    body = "\n".join(line for line in text.splitlines()
                     if not re.match(r"\s*(import|print\()", line))
    env = {"torch": shim, "F": shim.nn.functional, "np": np}
    exec(compile(body, "<snippet>", "exec"), env)  # noqa: S102 - our own generated text
    return env.get("result"), lib


SNIPPET_CASES = [cid for i, (cid, c) in enumerate(CASES.items())
                 if c.kind in ("fwd", "bwd", "dtype") and i % 37 == 0]


@pytest.mark.parametrize("case_id", SNIPPET_CASES)
def test_repro_snippet_reproduces_the_case(case_id):
    """A snippet runs as printed and computes what the case computed (values included)."""
    shim = load("shim")
    case = CASES[case_id]
    expected = run(case, shim)
    snippet_case = Case(case_id + "#snippet",
                        lambda torch, rng: _exec_snippet(case.repro(), torch)[0],
                        values=case.values)
    got = run(snippet_case, shim)
    assert compare_outcomes(expected, got) == [], case.repro()


def test_hand_written_cases_have_sources():
    for cid, c in CASES.items():
        if c.kind == "case":
            assert inspect.getsource(c.fn) or c.snippet, cid


HAND_CASES = [cid for cid, c in CASES.items() if c.kind == "case" and c.snippet is None][::4]


@pytest.mark.parametrize("case_id", HAND_CASES)
def test_hand_written_repro_runs_standalone(case_id):
    """A hand-written case's repro carries its helpers and computes what the case computes."""
    shim = load("shim")
    case = CASES[case_id]
    body = "\n".join(line for line in case.repro().splitlines()
                     if not line.startswith(("import torch", "print(")))
    env = {"torch": shim}
    exec(compile(body, "<repro>", "exec"), env)  # noqa: S102 - our own generated text
    fn = env[case.fn.__name__]
    expected = run(case, shim)
    got = run(Case(case_id + "#repro", fn), shim, rng=case.rng())
    assert compare_outcomes(expected, got) == [], case.repro()

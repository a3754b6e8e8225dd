"""The differential engine of the conformance suite: one case, two namespaces (real torch 2.13
and minitorch_compat), neutral records compared field by field.

Commands (from the repository root):

    .venv/bin/python -m pytest conformance -n 2                      golden run: the shim against
                                                                     the committed torch records
    /work/venv-torch/bin/python -m pytest conformance --live -n 2    live run: against torch here
        (without --live/--golden: live where torch 2.13 is importable, golden elsewhere)
    /work/venv-torch/bin/python conformance/harness/refresh.py       re-record the goldens
        (or: pytest conformance --live --refresh-goldens;
         in tox: tox -e conformance -- --refresh-goldens)
    .venv/bin/python conformance/report.py                           report/conformance.{md,html}
    .venv/bin/python conformance/harness/triage.py [--prune]         new failures, fixed ones
    CONFORMANCE_HYPOTHESIS_PROFILE=conformance-dev pytest conformance --live -k sweep
                                                                     explore with random sweeps

Modules:
    namespaces   the torch / shim namespaces; a missing name raises "X is not defined in ..."
    case         Case, the registry, running a case (seeded rng in, outcome record out)
    records      neutral records: tensors, errors, nodes and graph signatures as JSON values
    compare      per-dtype tolerances; mismatches name the field and both values
    failure      the failure text with its repro snippet
    inputs       argument specs of op-table samples (T, I, M, V, L, Code, Dt)
    opinfo       the op-table model (Op, S) and its expansion into fwd/bwd/graph/dtype/err cases
    sweeps       hypothesis sweeps as cases, and their recorded examples
    golden       conformance/golden/<group>.json.gz
    divergences  conformance/divergences.json: known divergences, run as strict xfails
    gradcheck    numerical gradient check of the shim driven by the op table (tests/)
    refresh      re-recording the goldens from real torch
    triage       keeping divergences.json true as the shim changes

Adding a case: an ``Op(...)`` row in conformance/optable.py, or ``@case("group")`` over
``def name(torch, rng)`` in a conformance/cases_*.py module; then refresh the goldens. A
difference that is the shim's fault and cannot be fixed now goes to divergences.json with a
reason (what torch does, what the shim does)."""

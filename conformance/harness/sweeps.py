"""Hypothesis sweeps as cases: a sweep draws JSON specs (op, shape, dims, values with extremes)
and runs each on a namespace. Live, hypothesis draws and compares torch with the shim (and
shrinks a difference); for the goldens, the examples that the derandomized profile draws are
recorded with torch's outcomes and replayed without torch."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable

from hypothesis import given, settings

from .case import Case, run

PROFILE = "conformance-ci"


@dataclass
class Sweep:
    id: str                      # "sweep/pointwise/exp"
    strategy: object             # hypothesis strategy of JSON-able spec dicts
    fn: Callable                 # fn(namespace, spec) -> observable result
    tol: dict | None = None

    def case(self, spec) -> Case:
        text = json.dumps(spec)
        c = Case(f"{self.id}[{text}]", lambda ns, rng: self.fn(ns, spec), kind="sweep",
                 op=self.id.rsplit("/", 1)[-1], tol=self.tol)
        c.snippet = lambda: (f"# sweep {self.id}, spec:\nspec = {text}\n"
                             f"# see conformance/cases_sweeps.py for how the spec runs")
        return c

    def run(self, ns, spec) -> dict:
        return run(self.case(spec), ns)


SWEEPS: dict[str, Sweep] = {}


def sweep(sid: str, strategy, fn, tol=None) -> Sweep:
    if sid in SWEEPS:
        raise ValueError(f"duplicate sweep {sid}")
    SWEEPS[sid] = Sweep(sid, strategy, fn, tol)
    return SWEEPS[sid]


def examples(sw: Sweep, profile=None) -> list:
    """The specs a profile draws for a sweep (deduplicated, in drawing order)."""
    import hypothesis
    seen, out = set(), []

    @settings(profile or hypothesis.settings.get_profile(PROFILE))
    @given(spec=sw.strategy)
    def collect(spec):
        key = json.dumps(spec, sort_keys=True)
        if key not in seen:
            seen.add(key)
            out.append(spec)

    collect()
    return out


def record_sweeps(torch) -> dict:
    """{sweep id: [[spec, torch's outcome], ...]} for the goldens."""
    from .case import all_cases
    all_cases()  # imports cases_sweeps.py, which declares the sweeps
    _ensure_profile()
    return {sid: [[spec, sw.run(torch, spec)] for spec in examples(sw)]
            for sid, sw in SWEEPS.items()}


def register_profiles():
    """"conformance-ci": derandomized (CI and the goldens); "conformance-dev": random, more."""
    from hypothesis import HealthCheck
    settings.register_profile(PROFILE, derandomize=True, deadline=None, max_examples=25,
                              database=None, print_blob=False,
                              suppress_health_check=list(HealthCheck))
    settings.register_profile("conformance-dev", deadline=None, max_examples=200,
                              suppress_health_check=list(HealthCheck))


def _ensure_profile():
    import hypothesis
    try:
        hypothesis.settings.get_profile(PROFILE)
    except hypothesis.errors.InvalidArgument:  # outside pytest
        register_profiles()

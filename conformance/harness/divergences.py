"""Known divergences as data: conformance/divergences.json lists groups of case ids (``*``
wildcards allowed) with the reason each differs from torch; those cases run as strict xfails.
Only ``*`` is special in a pattern: case ids contain brackets (``op/cat/fwd/[2x3,1x3]``)."""
from __future__ import annotations

import json
import re
from pathlib import Path

DIVERGENCES = Path(__file__).resolve().parents[1] / "divergences.json"


def load(path: Path = DIVERGENCES) -> list[dict]:
    """[{"reason": str, "cases": [pattern, ...]}, ...]"""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    entries = data["divergences"]
    for e in entries:
        if not isinstance(e.get("reason"), str) or not e["reason"].strip():
            raise ValueError(f"divergence without a reason: {e}")
        if not e.get("cases"):
            raise ValueError(f"divergence without cases: {e['reason']!r}")
    return entries


class Index:
    """Case id -> reason, for exact ids and wildcard patterns."""

    def __init__(self, entries: list[dict]):
        self.exact: dict[str, str] = {}
        self.patterns: list[tuple[str, str]] = []
        for e in entries:
            for p in e["cases"]:
                if is_pattern(p):
                    self.patterns.append((p, e["reason"]))
                else:
                    self.exact[p] = e["reason"]

    def reason(self, case_id: str) -> str | None:
        r = self.exact.get(case_id)
        if r is not None:
            return r
        for p, reason in self.patterns:
            if matches(p, case_id):
                return reason
        return None

    def unused(self, ids) -> list[str]:
        ids = list(ids)
        idset = set(ids)
        dead = [p for p in self.exact if p not in idset]
        dead += [p for p, _ in self.patterns if not expand(p, ids)]
        return dead


def is_pattern(p: str) -> bool:
    return "*" in p


_compiled: dict[str, re.Pattern] = {}


def matches(pattern: str, case_id: str) -> bool:
    rx = _compiled.get(pattern)
    if rx is None:
        rx = _compiled[pattern] = re.compile(
            ".*".join(re.escape(part) for part in pattern.split("*")) + r"\Z")
    return rx.match(case_id) is not None


def expand(pattern: str, ids) -> list[str]:
    """The ids a pattern (or exact id) stands for."""
    if not is_pattern(pattern):
        return [pattern] if pattern in set(ids) else []
    return [i for i in ids if matches(pattern, i)]

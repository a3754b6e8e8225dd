"""The text of a failed case: which case, which fields differ (torch's value, the shim's), and a
repro snippet that runs as is under torch and, with ``import minitorch_compat as torch``, on
the shim (array-api-tests' format_snippet idea)."""
from __future__ import annotations

import textwrap

from .compare import Mismatch, missing_name


def explain(case, ref: dict, got: dict, problems: list[Mismatch], label: str) -> str:
    lines = [f"[{case.id}] the shim differs from torch ({label}):"]
    missing = missing_name(ref.get("result"), got.get("result"))
    if missing:
        lines.append(f"  {missing}")
    for p in problems[:12]:
        lines.append(textwrap.indent(str(p), "  "))
    if len(problems) > 12:
        lines.append(f"  ... and {len(problems) - 12} more fields")
    lines.append("repro:")
    try:
        lines.append(textwrap.indent(case.repro(), "    "))
    except (OSError, TypeError) as exc:  # source not available
        lines.append(f"    (no snippet: {exc})")
    return "\n".join(lines)

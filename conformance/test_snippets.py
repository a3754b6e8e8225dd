"""Every seed snippet (conformance/snippets/*.py), run through the shim as
`python -m minitorch_compat SNIPPET`, must print what real torch 2.13 prints: the same exit code,
stdout, final exception (type and message) and warnings (category and message).

What it is compared with (environment variable SNIPPETS_MODE):
  golden  conformance/snippets/expected.json, recorded from real torch by record_snippets.py;
  live    a fresh run of the plain script (`python SNIPPET`) under real torch;
  both    both of them;
  auto    (default) both when real torch of the recorded version is importable here, or when
          SNIPPETS_TORCH_PYTHON names an interpreter that imports it; golden otherwise.
SNIPPETS_TORCH_PYTHON=/path/to/python runs the live side with that interpreter (default: this one).
Known divergences are data: conformance/snippets/xfail.json (file name -> reason), run as
strict xfails.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import record_snippets as rs  # noqa: E402  (shared record/compare code, defined once)

SNIPPETS = rs.snippet_files()

# Collection never fails: a broken xfail.json is reported by test_xfail_json, not here.
try:
    XFAIL = rs.load_xfail()
    XFAIL_ERROR = None
except (OSError, ValueError) as exc:
    XFAIL, XFAIL_ERROR = {}, f"{type(exc).__name__}: {exc}"


def _param(path: Path):
    reason = XFAIL.get(path.name)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(path, id=path.stem, marks=marks)


@dataclass
class Reference:
    golden: bool = True
    expected: dict = field(default_factory=dict)  # file name -> record
    recorded_with: str = "?"
    live_python: str | None = None
    live_version: str | None = None
    error: str | None = None  # expected.json could not be read, or the mode cannot be served


def _torch_here() -> str | None:
    """Version of a real torch importable by this interpreter (not imported: only looked up)."""
    try:
        spec = importlib.util.find_spec("torch")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin or Path(spec.origin).resolve().is_relative_to(rs.REPO_ROOT):
        return None
    try:
        return importlib.metadata.version("torch")
    except importlib.metadata.PackageNotFoundError:
        return None


@pytest.fixture(scope="session")
def reference() -> Reference:
    ref = Reference()
    mode = os.environ.get("SNIPPETS_MODE", "auto").strip().lower() or "auto"
    if mode not in ("auto", "golden", "live", "both"):
        ref.error = f"SNIPPETS_MODE={mode!r}: use auto, golden, live or both"
        return ref
    try:
        data = rs.load_expected()
        ref.expected = data["snippets"]
        ref.recorded_with = data.get("recorded_with", {}).get("torch", "?")
    except (OSError, ValueError) as exc:
        if mode != "live":
            ref.error = f"cannot read {rs.EXPECTED_PATH}: {type(exc).__name__}: {exc}"
            return ref

    torch_python = os.environ.get("SNIPPETS_TORCH_PYTHON")
    if torch_python:
        version = rs.real_torch_version(torch_python)
    else:
        torch_python, version = sys.executable, _torch_here()

    if mode == "golden":
        return ref
    if mode == "auto":
        # live only where it is the same torch as the recording: another version would fail
        # every snippet for reasons that are not the shim's
        if version and rs.base_version(version) == rs.base_version(ref.recorded_with):
            ref.live_python, ref.live_version = torch_python, version
        return ref
    if not version:
        ref.error = (
            f"SNIPPETS_MODE={mode}: {torch_python} does not import real torch "
            "(set SNIPPETS_TORCH_PYTHON)"
        )
        return ref
    ref.golden = mode == "both"
    ref.live_python, ref.live_version = torch_python, version
    return ref


def _tail(text: str, lines: int = 40) -> str:
    kept = text.rstrip("\n").splitlines()
    if len(kept) > lines:
        kept = [f"[... {len(kept) - lines} earlier lines]"] + kept[-lines:]
    return "\n".join(kept) if kept else "(empty)"


@pytest.mark.parametrize("snippet", [_param(p) for p in SNIPPETS])
def test_snippet_matches_torch(snippet: Path, reference: Reference):
    if reference.error:
        pytest.fail(reference.error, pytrace=False)
    shim, shim_stderr = rs.run_snippet(snippet, sys.executable, shim=True)
    sections = []
    expected = reference.expected.get(snippet.name)
    if reference.golden:
        if expected is None:
            sections.append(
                f"== against expected.json ==\nno record for {snippet.name}: "
                "run `python conformance/record_snippets.py` with real torch"
            )
        else:
            problems = rs.compare(
                expected, shim, f"torch {reference.recorded_with} (expected.json)", "shim"
            )
            if problems:
                sections.append("== against expected.json ==\n" + "\n".join(problems))
    if reference.live_python:
        live, _ = rs.run_snippet(snippet, reference.live_python, shim=False)
        problems = rs.compare(live, shim, f"torch {reference.live_version} (live)", "shim")
        if problems:
            sections.append("== against a live run of real torch ==\n" + "\n".join(problems))
        if reference.golden and expected is not None and rs.compare(expected, live, "a", "b"):
            sections.append(
                "note: expected.json disagrees with live torch for this snippet: "
                "re-record it with `python conformance/record_snippets.py`"
            )
    if sections:
        command = " ".join(rs.snippet_command(snippet, sys.executable, shim=True))
        pytest.fail(
            f"{snippet.name}: the shim's output differs from real torch's\n"
            f"command: {command}  (cwd: an empty temp dir, PYTHONPATH={rs.REPO_ROOT})\n\n"
            + "\n\n".join(sections)
            + f"\n\n== shim stderr ==\n{_tail(shim_stderr)}",
            pytrace=False,
        )


# --------------------------------------------------------------------------- the data files


def test_expected_json_has_every_snippet():
    recorded = set(rs.load_expected()["snippets"])
    files = {p.name for p in SNIPPETS}
    missing, stale = sorted(files - recorded), sorted(recorded - files)
    assert not missing and not stale, (
        "expected.json is out of date (run `python conformance/record_snippets.py` with real "
        "torch): "
        f"no record for {missing}, records for missing files {stale}"
    )


def test_xfail_json():
    assert XFAIL_ERROR is None, XFAIL_ERROR
    unknown = sorted(set(XFAIL) - {p.name for p in SNIPPETS})
    assert not unknown, f"xfail.json names snippets that do not exist: {unknown}"
    empty = sorted(name for name, reason in XFAIL.items() if not reason.strip())
    assert not empty, f"xfail.json entries need a reason: {empty}"


def test_readme_lists_every_snippet():
    readme = (rs.SNIPPETS_DIR / "README.md").read_text(encoding="utf-8")
    unlisted = [p.name for p in SNIPPETS if p.name not in readme]
    assert not unlisted, f"conformance/snippets/README.md does not list {unlisted}"


# --------------------------------------------------------------------------- the record parser

TRACEBACK = """\
Traceback (most recent call last):
  File "/tmp/x.py", line 3, in <module>
    y.backward()
    ^^^^^^^^^^^^
RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn
"""


def test_parse_exception_last_traceback_multiline_and_chained():
    assert rs.parse_exception(TRACEBACK) == {
        "type": "RuntimeError",
        "message": "element 0 of tensors does not require grad and does not have a grad_fn",
    }
    chained = (
        "Traceback (most recent call last):\n  File \"a.py\", line 1\nKeyError: 'a'\n\n"
        "During handling of the above exception, another exception occurred:\n\n"
        'Traceback (most recent call last):\n  File "a.py", line 3\n'
        "torch._C._LinAlgError: first line\nsecond line at 0x7f00deadbeef\n"
    )
    assert rs.parse_exception(chained) == {
        "type": "torch._C._LinAlgError",
        "message": "first line\nsecond line at 0x...",
    }
    assert rs.parse_exception(
        'Traceback (most recent call last):\n  File "a.py"\nStopIteration\n'
    ) == {"type": "StopIteration", "message": ""}
    assert rs.parse_exception("/usr/bin/python3: No module named minitorch_compat\n") == {
        "type": None,
        "message": "/usr/bin/python3: No module named minitorch_compat",
    }
    assert rs.parse_exception("") is None


def test_parse_warnings_category_and_message_only():
    stderr = (
        "/tmp/s.py:32: UserWarning: The .grad attribute of a Tensor\n  b.grad\n"
        "/x/torch/nn/f.py:10: FutureWarning: two\nlines\n  warnings.warn(msg)\n"
        "sys:1: DeprecationWarning: no source line\n" + TRACEBACK
    )
    assert rs.parse_warnings(stderr) == [
        {"category": "UserWarning", "message": "The .grad attribute of a Tensor"},
        {"category": "FutureWarning", "message": "two\nlines"},
        {"category": "DeprecationWarning", "message": "no source line"},
    ]


def test_normalize_only_addresses():
    text = "<MulBackward0 object at 0x7f1fc3c0e5f0> <function f at 0x10> 0xff 0x00000180E0DF3550"
    assert rs.normalize(text) == "<MulBackward0 object at 0x...> <function f at 0x...> 0xff 0x..."


def test_make_record_ignores_stderr_exception_on_success():
    record = rs.make_record(0, "ok\n", TRACEBACK)
    assert record == {"exit_code": 0, "exception": None, "warnings": [], "stdout": "ok\n"}

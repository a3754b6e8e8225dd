"""Record what real torch prints for each seed snippet; also the record/compare code shared by
test_snippets.py and run_snippets.py (defined once, here).

    python conformance/record_snippets.py [--python PATH] [--runs N] [--check] [NAME ...]

runs every snippet of conformance/snippets/ with PATH (default: this interpreter, which must import
real torch) and writes conformance/snippets/expected.json. A record is what a user of the script
observes: the exit code, stdout, the final exception (type and message) and the warnings (category
and message), with object addresses normalised (0x7f3a... -> 0x...). Nothing else is normalised.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CONFORMANCE_DIR = Path(__file__).resolve().parent
REPO_ROOT = CONFORMANCE_DIR.parent
SNIPPETS_DIR = CONFORMANCE_DIR / "snippets"
EXPECTED_PATH = SNIPPETS_DIR / "expected.json"
XFAIL_PATH = SNIPPETS_DIR / "xfail.json"

# <article>_<nn>_<short_name>.py; anything else in snippets/ (README, json) is not a snippet.
SNIPPET_NAME_RE = re.compile(r"^\d{3}_\d{2}_\w+\.py$")
TIMEOUT_S = 120


# --------------------------------------------------------------------------- running a snippet


def snippet_files(names=None) -> list[Path]:
    """The snippet files, sorted; `names` (file names, paths, or prefixes such as 004 or 004_07)
    selects some of them."""
    files = sorted(p for p in SNIPPETS_DIR.glob("*.py") if SNIPPET_NAME_RE.match(p.name))
    if names:
        selectors = [Path(n).name for n in names]
        unknown = [s for s in selectors if not any(p.name.startswith(s) for p in files)]
        if unknown:
            raise SystemExit(f"no snippet named {', '.join(unknown)}")
        files = [p for p in files if any(p.name.startswith(s) for s in selectors)]
    return files


# Inherited variables that change what a script prints (tracebacks, warnings, colours, asserts,
# interactive mode after the script...). They are dropped; the ones below are set instead.
_DROPPED_ENV = {
    "PYTHONINSPECT",
    "PYTHONDEVMODE",
    "PYTHONSTARTUP",
    "PYTHONOPTIMIZE",
    "PYTHONVERBOSE",
    "PYTHONDEBUG",
    "PYTHONSAFEPATH",
    "PYTHONTRACEMALLOC",
    "PYTHONPROFILEIMPORTTIME",
    "PYTHONASYNCIODEBUG",
    "PYTHONMALLOC",
    "PYTHONBREAKPOINT",
    "PYTHONNODEBUGRANGES",
    "FORCE_COLOR",
    "PY_COLORS",
    "TORCH_SHOW_CPP_STACKTRACES",
    "TORCH_CPP_LOG_LEVEL",
    "TORCH_LOGS",
}
_FIXED_ENV = {
    "PYTHONHASHSEED": "0",
    # Every warning category is shown, once per (message, category, module, line): a fresh
    # process per snippet starts with an empty registry, so the same script gives the same list,
    # whatever filters the caller's environment (pytest, -W, PYTHONWARNINGS) had.
    "PYTHONWARNINGS": "default",
    "PYTHONIOENCODING": "utf-8",
    "PYTHONUTF8": "1",
    "PYTHON_COLORS": "0",
    "NO_COLOR": "1",
    "OMP_NUM_THREADS": "1",  # same reduction order on every machine
}


def _same_path(entry: str, path: Path) -> bool:
    try:
        return Path(entry or ".").resolve() == path
    except OSError:
        return False


def subprocess_env(shim: bool) -> dict[str, str]:
    """The environment a snippet runs in. For the shim the repository root is importable (the
    package may not be installed); for real torch it is kept off the path."""
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED_ENV}
    env.update(_FIXED_ENV)
    path = [
        p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p and not _same_path(p, REPO_ROOT)
    ]
    if shim:
        path.insert(0, str(REPO_ROOT))
    if path:
        env["PYTHONPATH"] = os.pathsep.join(path)
    else:
        env.pop("PYTHONPATH", None)
    return env


def snippet_command(snippet: Path, python: str, shim: bool) -> list[str]:
    if shim:
        return [python, "-m", "minitorch_compat", str(snippet)]
    return [python, str(snippet)]


def run_snippet(snippet: Path, python: str | None = None, shim: bool = True) -> tuple[dict, str]:
    """Run one snippet in a fresh process (cwd: an empty temporary directory).
    Returns (record, raw stderr)."""
    cmd = snippet_command(Path(snippet).resolve(), python or sys.executable, shim)
    with tempfile.TemporaryDirectory(prefix="snippet-") as cwd:
        try:
            proc = subprocess.run(
                cmd,
                cwd=cwd,
                env=subprocess_env(shim),
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=TIMEOUT_S,
            )
        except subprocess.TimeoutExpired as exc:
            stdout = _decode(exc.stdout)
            stderr = _decode(exc.stderr)
            record = make_record(None, stdout, stderr)
            record["exception"] = {
                "type": "TimeoutExpired",
                "message": f"no exit after {TIMEOUT_S} s",
            }
            return record, stderr
        except OSError as exc:  # the interpreter itself could not be started
            return {
                "exit_code": None,
                "exception": {"type": type(exc).__name__, "message": str(exc)},
                "warnings": [],
                "stdout": "",
            }, str(exc)
    stderr = _decode(proc.stderr)
    return make_record(proc.returncode, _decode(proc.stdout), stderr), stderr


def _decode(data) -> str:
    if data is None:
        return ""
    if isinstance(data, str):
        return data
    return data.decode("utf-8", errors="replace").replace("\r\n", "\n")


# --------------------------------------------------------------------------- the record

_ADDRESS_RE = re.compile(r"(?<= at )0x[0-9a-fA-F]+|\b0x[0-9a-fA-F]{8,}\b")


def normalize(text: str) -> str:
    """Object addresses (`<X object at 0x7f...>`, long hex ids) become 0x...; nothing else."""
    return _ADDRESS_RE.sub("0x...", text)


# warnings.formatwarning: "{file}:{line}: {Category}: {message}\n  {source line}\n"
_WARNING_RE = re.compile(
    r"^(?P<file>\S.*?):(?P<line>\d+): (?P<category>[A-Za-z_]\w*Warning): (?P<message>.*)$"
)
_TRACEBACK_HEAD = "Traceback (most recent call last):"


def parse_warnings(stderr: str) -> list[dict]:
    """Category and message of each warning printed on stderr, in order (file and line dropped)."""
    lines = stderr.splitlines()
    found = []
    i = 0
    while i < len(lines):
        m = _WARNING_RE.match(lines[i])
        if not m:
            i += 1
            continue
        message = [m["message"]]
        i += 1
        # A multi-line message goes on until the indented source line (or the next warning or
        # traceback, where the source line is unavailable).
        while i < len(lines):
            line = lines[i]
            if line.startswith("  "):
                i += 1
                break
            if _WARNING_RE.match(line) or line.startswith(_TRACEBACK_HEAD):
                break
            message.append(line)
            i += 1
        found.append({"category": m["category"], "message": normalize("\n".join(message))})
    return found


_EXCEPTION_RE = re.compile(r"^(?P<type>[A-Za-z_][\w.]*)(?:: (?P<message>.*))?$", re.S)


def parse_exception(stderr: str) -> dict | None:
    """Type and message of the exception that ended the script: the text after the frames of the
    last traceback on stderr (several lines for a multi-line message). Without a traceback (a
    SyntaxError, a runner that could not start), the last non-empty line of stderr."""
    lines = stderr.rstrip("\n").splitlines()
    heads = [i for i, line in enumerate(lines) if line.startswith(_TRACEBACK_HEAD)]
    if heads:
        i = heads[-1] + 1
        while i < len(lines) and (lines[i].startswith(" ") or not lines[i]):
            i += 1
        text = "\n".join(lines[i:]).rstrip()
    else:
        nonempty = [line for line in lines if line.strip()]
        text = nonempty[-1] if nonempty else ""
    if not text:
        return None
    m = _EXCEPTION_RE.match(text)
    if not m:
        return {"type": None, "message": normalize(text)}
    return {"type": m["type"], "message": normalize(m["message"] or "")}


def make_record(exit_code: int | None, stdout: str, stderr: str) -> dict:
    return {
        "exit_code": exit_code,
        "exception": parse_exception(stderr) if exit_code != 0 else None,
        "warnings": parse_warnings(stderr),
        "stdout": normalize(stdout),
    }


# --------------------------------------------------------------------------- comparing


def _fmt_exception(exc: dict | None) -> str:
    if exc is None:
        return "(none)"
    return f"{exc['type']}: {exc['message']}" if exc["type"] else exc["message"]


def _fmt_warnings(warnings: list[dict]) -> list[str]:
    return [f"{w['category']}: {w['message']}" for w in warnings]


def compare(expected: dict, actual: dict, expected_label: str, actual_label: str) -> list[str]:
    """Field-by-field differences between two records, each a readable paragraph; [] = same."""
    problems = []
    if expected.get("exit_code") != actual.get("exit_code"):
        problems.append(
            f"exit code: {expected_label} {expected.get('exit_code')!r}, "
            f"{actual_label} {actual.get('exit_code')!r}"
        )
    if expected.get("exception") != actual.get("exception"):
        problems.append(
            f"exception:\n  {expected_label}: {_fmt_exception(expected.get('exception'))}\n"
            f"  {actual_label}: {_fmt_exception(actual.get('exception'))}"
        )
    if expected.get("warnings") != actual.get("warnings"):
        diff = difflib.unified_diff(
            _fmt_warnings(expected.get("warnings", [])),
            _fmt_warnings(actual.get("warnings", [])),
            f"warnings ({expected_label})",
            f"warnings ({actual_label})",
            lineterm="",
        )
        problems.append("warnings (one per line, category: message):\n" + "\n".join(diff))
    if expected.get("stdout") != actual.get("stdout"):
        diff = difflib.unified_diff(
            expected.get("stdout", "").splitlines(keepends=True),
            actual.get("stdout", "").splitlines(keepends=True),
            f"stdout ({expected_label})",
            f"stdout ({actual_label})",
        )
        text = "".join(
            line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
            for line in diff
        )
        problems.append("stdout:\n" + text.rstrip("\n"))
    return problems


# --------------------------------------------------------------------------- data files


def load_expected(path: Path = EXPECTED_PATH) -> dict:
    """{"recorded_with": {...}, "snippets": {file name: record}}; an empty one if absent."""
    if not path.exists():
        return {"recorded_with": {}, "snippets": {}}
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("snippets"), dict):
        raise ValueError(f"{path}: expected an object with a 'snippets' object")
    return data


def load_xfail(path: Path = XFAIL_PATH) -> dict[str, str]:
    """{snippet file name: reason}; {} if absent."""
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise ValueError(f"{path}: expected an object mapping snippet file name -> reason")
    return data


def dump_json(data, path: Path) -> None:
    path.write_text(
        json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
    )


def real_torch_version(python: str) -> str | None:
    """The version of the real torch that `python` imports (None: none, or it is the shim)."""
    code = "import torch; print(torch.__version__); print(torch.__file__)"
    try:
        out = subprocess.run(
            [python, "-c", code],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            env=subprocess_env(shim=False),
            stdin=subprocess.DEVNULL,
            cwd=tempfile.gettempdir(),
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = out.stdout.splitlines()
    if out.returncode != 0 or len(lines) < 2:
        return None
    version, location = lines[0], lines[1]
    if "minitorch" in location or Path(location).resolve().is_relative_to(REPO_ROOT):
        return None
    return version


def base_version(version: str | None) -> str | None:
    """'2.13.0+cpu' -> '2.13.0'."""
    return version.split("+")[0] if version else version


# --------------------------------------------------------------------------- CLI


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "names", nargs="*", help="snippet file names or prefixes, e.g. 004_07 (default: all)"
    )
    parser.add_argument(
        "--python",
        default=sys.executable,
        help="interpreter that imports real torch (default: this one)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=2,
        help="run each snippet this many times and refuse a record that changes (default 2)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="compare with expected.json instead of writing it; exit 1 on a difference",
    )
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)

    version = real_torch_version(args.python)
    if version is None:
        print(f"error: {args.python} does not import real torch", file=sys.stderr)
        return 2
    if base_version(version) != "2.13.0":
        print(
            f"warning: recording with torch {version}; the reference is torch 2.13.0",
            file=sys.stderr,
        )
    files = snippet_files(args.names)
    jobs = [(f, run) for f in files for run in range(max(args.runs, 1))]
    with ThreadPoolExecutor(max(args.jobs, 1)) as pool:
        results = list(pool.map(lambda job: run_snippet(job[0], args.python, shim=False)[0], jobs))
    records: dict[str, list[dict]] = {}
    for (f, _), record in zip(jobs, results):
        records.setdefault(f.name, []).append(record)

    failed = False
    for name, runs in records.items():
        for other in runs[1:]:
            problems = compare(runs[0], other, "run 1", "run N")
            if problems:
                failed = True
                print(
                    f"{name}: NOT DETERMINISTIC under real torch\n" + "\n".join(problems),
                    file=sys.stderr,
                )
                break
    if failed:
        print("nothing written: make the snippets above deterministic first", file=sys.stderr)
        return 1

    old = load_expected()
    if args.check:
        differing = 0
        for name, runs in records.items():
            if name not in old["snippets"]:
                print(f"{name}: not in expected.json")
                differing += 1
                continue
            problems = compare(old["snippets"][name], runs[0], "expected.json", f"torch {version}")
            if problems:
                differing += 1
                print(f"{name}: differs\n" + "\n".join(problems))
        print(
            f"{len(records)} snippets checked against expected.json with torch {version}: ", end=""
        )
        print(f"{differing} differ")
        return 1 if differing else 0

    snippets = (
        {}
        if not args.names
        else {k: v for k, v in old["snippets"].items() if (SNIPPETS_DIR / k).exists()}
    )
    snippets.update({name: runs[0] for name, runs in records.items()})
    data = {
        "recorded_with": {"torch": version, "python": _python_version(args.python)},
        "snippets": snippets,
    }
    dump_json(data, EXPECTED_PATH)
    where = EXPECTED_PATH.relative_to(REPO_ROOT)
    print(f"recorded {len(records)} snippet(s) with torch {version} into {where}")
    for name in sorted(records):
        r = records[name][0]
        note = f"exit {r['exit_code']}"
        if r["exception"]:
            note += f", {_fmt_exception(r['exception'])}"
        if r["warnings"]:
            note += f", {len(r['warnings'])} warning(s)"
        print(f"  {name}: {note}")
    return 0


def _python_version(python: str) -> str | None:
    out = subprocess.run(
        [python, "-c", "import platform; print(platform.python_version())"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    return out.stdout.strip() or None


if __name__ == "__main__":
    sys.exit(main())

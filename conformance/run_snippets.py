"""Run every seed snippet through the shim and say which print what real torch printed.

    python conformance/run_snippets.py [NAME ...] [-q] [-j N] [--python PATH]

Each snippet of conformance/snippets/ runs as `python -m minitorch_compat SNIPPET` (cwd: an empty
temp dir, the repository root importable); its stdout and stderr are printed under a header line,
then whether its record (exit code, stdout, final exception, warnings) matches the one recorded
from real torch 2.13 in conformance/snippets/expected.json. Exit status 0 when every snippet
matches or differs only where conformance/snippets/xfail.json lists it, else 1.
"""

from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import record_snippets as rs  # noqa: E402  (shared record/compare code, defined once)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "names", nargs="*", help="snippet file names or prefixes, e.g. 004_07 (default: all)"
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="no snippet output, only results"
    )
    parser.add_argument(
        "-j", "--jobs", type=int, default=os.cpu_count() or 1, help="snippets run at once"
    )
    parser.add_argument(
        "--python", default=sys.executable, help="interpreter to run them with (default: this one)"
    )
    # Checks the harness itself: run the plain scripts (real torch with --python), not the shim.
    parser.add_argument("--no-shim", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    files = rs.snippet_files(args.names)
    expected_data = rs.load_expected()
    expected, recorded_with = (
        expected_data["snippets"],
        expected_data.get("recorded_with", {}).get("torch", "?"),
    )
    xfail = rs.load_xfail()
    shim = not args.no_shim
    runner = "python -m minitorch_compat" if shim else f"{args.python} (no shim)"

    differing, unexpected, now_passing = [], [], []
    with ThreadPoolExecutor(max(args.jobs, 1)) as pool:
        runs = pool.map(lambda f: rs.run_snippet(f, args.python, shim=shim), files)
        for i, (snippet, (record, stderr)) in enumerate(zip(files, runs), 1):
            head = f"[{i}/{len(files)}] {snippet.name}  ({runner}, exit {record['exit_code']})"
            print(f"==== {head} ====")
            if not args.quiet:
                if record["stdout"]:
                    sys.stdout.write(
                        record["stdout"]
                        if record["stdout"].endswith("\n")
                        else record["stdout"] + "\n"
                    )
                if stderr.strip():
                    print("---- stderr ----")
                    print(stderr.rstrip("\n"))
            if snippet.name not in expected:
                problems = [
                    "no record in expected.json: "
                    "run `python conformance/record_snippets.py` with real torch"
                ]
            else:
                problems = rs.compare(
                    expected[snippet.name],
                    record,
                    f"torch {recorded_with}",
                    "shim" if shim else "run",
                )
            if problems:
                differing.append(snippet.name)
                known = xfail.get(snippet.name)
                if known:
                    print(f"---- differs from real torch (known, xfail.json: {known})")
                else:
                    unexpected.append(snippet.name)
                    print("---- DIFFERS from real torch:")
                for problem in problems:
                    print(problem)
            else:
                print("---- matches real torch")
                if snippet.name in xfail:
                    now_passing.append(snippet.name)
            sys.stdout.flush()

    print()
    if unexpected:
        print(f"differ, not in xfail.json: {', '.join(unexpected)}")
    if len(differing) > len(unexpected):
        known = ", ".join(n for n in differing if n not in unexpected)
        print(f"differ, listed in xfail.json: {known}")
    if now_passing:
        print(f"match now, remove from xfail.json: {', '.join(now_passing)}")
    n, k = len(files), len(differing)
    print(f"{n} snippets: {n - k} match real torch's recorded output, {k} differ")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())

"""The conformance report: runs the suite (golden mode unless --live), then writes
report/conformance.md and report/conformance.html:

    python conformance/report.py                 # golden run on 2 workers, then the report
    python conformance/report.py --live          # live against torch (needs torch 2.13 here)
    python conformance/report.py --no-run        # reuse report/results.json of an earlier run

Sections: totals; API coverage per tier of ../shared/api (names present, and behaving: present
with every conformance case of the name passing); per op the passing checks of each kind
(forward, backward, graph, dtypes, errors, sweep); every known divergence with its reason;
any unexpected failure."""
from __future__ import annotations

import argparse
import html
import importlib.util
import json
import os
import subprocess
import sys
import time
import warnings
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from harness import divergences  # noqa: E402
from harness.case import all_cases  # noqa: E402
from harness.sweeps import SWEEPS  # noqa: E402

KINDS = [("fwd", "forward"), ("bwd", "backward"), ("graph", "graph"), ("dtype", "dtypes"),
         ("err", "errors"), ("sweep", "sweep"), ("gradcheck", "gradcheck"),
         ("gradgradcheck", "gradgradcheck")]
GRADCHECK_FILE = "test_numerical_gradcheck.py"
HOW_TO_READ = """\
How to read this report. Every check runs the same case on real torch 2.13 and on
minitorch_compat and compares the neutral records (values within per-dtype tolerances; dtypes,
shapes, grad_fn names, graph signatures, exception types and messages, warnings and printed
text exactly); the gradcheck and gradgradcheck columns are the shim's own first- and
second-order numerical derivative checks (float64 central differences, no torch involved). "pass"
counts checks that match; "xfail" counts known divergences, each listed with its reason below
(strict: a fix makes it fail until its entry is removed from conformance/divergences.json);
"fail" is anything else and needs attention. In the API table, "present" means the name exists
(and is callable where torch's is, per ../shared/api's api_coverage.py), "with checks" counts
the names some conformance check exercises (op-table rows by spelling, hand-written cases by
their api= tags), and "behaving" means present with no exercising check differing from torch
(names without checks count on presence alone)."""


# ---------------------------------------------------------------- running


def run_suite(results: Path, live: bool, workers: int) -> int:
    cmd = [sys.executable, "-m", "pytest", str(HERE), str(REPO / "tests" / GRADCHECK_FILE),
           "-q", "-p", "no:cacheprovider", f"--results-json={results}"]
    if workers > 1 and importlib.util.find_spec("xdist"):
        cmd += ["-n", str(workers)]
    cmd.append("--live" if live else "--golden")
    print("running:", " ".join(cmd), flush=True)
    return subprocess.call(cmd, cwd=REPO)


def case_outcomes(results: dict) -> dict[str, dict]:
    """{case or sweep id: result entry} from pytest node ids."""
    out = {}
    for nodeid, entry in results["tests"].items():
        if ("::test_case[" in nodeid or "::test_sweep[" in nodeid
                or "::test_gradient_matches_central_differences[" in nodeid):
            cid = nodeid.split("[", 1)[1][:-1]
            out[cid] = entry
    return out


# ---------------------------------------------------------------- API tiers


def api_tiers(api_dir: Path, by_name: dict[str, list[str]]) -> list[dict] | str:
    script = api_dir / "api_coverage.py"
    if not script.exists():
        return f"{script} not found: API coverage skipped"
    spec = importlib.util.spec_from_file_location("api_coverage", script)
    cov = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cov)
    tiers = json.loads((api_dir / "api_surface.json").read_text())
    meta_path = api_dir / "api_surface_meta.json"
    meta = json.loads(meta_path.read_text()).get("names", {}) if meta_path.exists() else {}
    sys.path.insert(0, str(REPO))
    import minitorch_compat
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        checked = cov.check(minitorch_compat, tiers, meta)
    rows = []
    for tier, names in checked.items():
        present = behaving = tested = 0
        missing, misbehaving = [], []
        for r in names:
            outcomes = by_name.get(_row_name(r["name"]), [])
            ok = r["ok"]
            present += ok
            if outcomes:
                tested += 1
            good = ok and all(o == "passed" for o in outcomes)
            behaving += good
            if not ok:
                missing.append(r["name"])
            elif not good:
                misbehaving.append(r["name"])
        rows.append({"tier": tier, "names": len(names), "present": present, "tested": tested,
                     "behaving": behaving, "missing": missing, "misbehaving": misbehaving})
    return rows


def _row_name(api_name: str) -> str:
    """api_surface names -> op-table spellings (nn.functional.relu -> F.relu)."""
    if api_name.startswith("nn.functional."):
        return "F." + api_name[len("nn.functional."):]
    return api_name


# ---------------------------------------------------------------- tables


def op_table(outcomes: dict[str, dict]) -> tuple[list[dict], dict[str, list[str]]]:
    """Per op row: {kind: [passed, total]}; and {spelling: [outcomes]} for the API table."""
    cases = all_cases()
    rows: dict[str, dict] = {}
    by_name: dict[str, list[str]] = defaultdict(list)
    for cid, c in cases.items():
        for name in c.meta.get("api", ()):
            by_name[name].append(outcomes.get(cid, {}).get("outcome", "not run"))
        if c.op is None:
            continue
        row = rows.setdefault(c.op, {"op": c.op, **{k: [0, 0] for k, _ in KINDS}})
        state = outcomes.get(cid, {}).get("outcome", "not run")
        row[c.kind][1] += 1
        row[c.kind][0] += state == "passed"
        by_name[cid.split("/")[1]].append(state)
    for gid, entry in outcomes.items():
        kind, _, rest = gid.partition("/")
        if kind in ("gradcheck", "gradgradcheck"):
            row = rest.split("/")[0]
            if row in rows:
                rows[row][kind][1] += 1
                rows[row][kind][0] += entry.get("outcome") == "passed"
    for sid in SWEEPS:
        name = sid.rsplit("/", 1)[-1]
        state = outcomes.get(sid, {}).get("outcome", "not run")
        target = name if name in rows else None
        if target:
            rows[target]["sweep"][1] += 1
            rows[target]["sweep"][0] += state == "passed"
        by_name[name].append(state)
    return sorted(rows.values(), key=lambda r: r["op"]), by_name


def xfail_groups(outcomes: dict[str, dict]) -> list[dict]:
    index_ids = defaultdict(list)
    entries = divergences.load()
    idx = divergences.Index(entries)
    for cid, entry in outcomes.items():
        if entry.get("outcome") in ("xfailed", "xpassed"):
            index_ids[idx.reason(cid) or entry.get("reason", "?")].append(
                (cid, entry["outcome"]))
    return sorted(({"reason": r, "cases": v} for r, v in index_ids.items()),
                  key=lambda g: -len(g["cases"]))


# ---------------------------------------------------------------- rendering


def build(results: dict, api_dir: Path) -> dict:
    outcomes = case_outcomes(results)
    ops, by_name = op_table(outcomes)
    counts = Counter(e["outcome"] for e in results["tests"].values())
    return {"results": results, "counts": counts, "ops": ops, "outcomes": outcomes,
            "api": api_tiers(api_dir, by_name), "xfails": xfail_groups(outcomes),
            "failures": sorted((k, v.get("message", "")) for k, v in results["tests"].items()
                               if v["outcome"] in ("failed", "xpassed")),
            "cases": len(all_cases()), "sweeps": len(SWEEPS)}


def _cell(pair):
    ok, total = pair
    return "" if not total else f"{ok}/{total}"


def to_markdown(r: dict) -> str:
    res, c = r["results"], r["counts"]
    lines = ["# minitorch_compat conformance report", "",
             f"Mode: **{'live torch' if res['live'] else 'goldens (torch 2.13 records)'}**, "
             f"{res.get('workers') or 1} worker(s), wall time {res['wall_s']} s, generated "
             f"{time.strftime('%Y-%m-%d %H:%M')}.", "", HOW_TO_READ, "", "## Totals", "",
             "| checks | passed | xfailed (known) | failed | xpassed (fixed, remove entry) |"
             " skipped |", "|---|---|---|---|---|---|",
             f"| {sum(c.values())} | {c['passed']} | {c['xfailed']} | {c['failed']} | "
             f"{c['xpassed']} | {c['skipped']} |", "",
             f"{r['cases']} cases ({len(r['ops'])} op rows), {r['sweeps']} hypothesis sweeps.",
             "", "## API coverage by tier (../shared/api)", ""]
    if isinstance(r["api"], str):
        lines.append(r["api"])
    else:
        lines += ["| tier | names | present | with checks | behaving | present % | behaving % |",
                  "|---|---|---|---|---|---|---|"]
        for t in r["api"]:
            n = t["names"] or 1
            lines.append(f"| {t['tier']} | {t['names']} | {t['present']} | {t['tested']} | "
                         f"{t['behaving']} | {100 * t['present'] / n:.0f}% | "
                         f"{100 * t['behaving'] / n:.0f}% |")
        for t in r["api"]:
            if t["missing"]:
                lines.append(f"\n{t['tier']} missing: " + ", ".join(f"`{m}`" for m in
                                                                      t["missing"]))
            if t["misbehaving"]:
                lines.append(f"\n{t['tier']} present but a check differs: " +
                             ", ".join(f"`{m}`" for m in t["misbehaving"]))
    lines += ["", "## Per op (passing / total checks of each kind)", "",
              "| op | " + " | ".join(label for _, label in KINDS) + " |",
              "|---|" + "---|" * len(KINDS)]
    for row in r["ops"]:
        lines.append(f"| `{row['op']}` | " + " | ".join(_cell(row[k]) for k, _ in KINDS) + " |")
    lines += ["", f"## Known divergences ({sum(len(g['cases']) for g in r['xfails'])} "
                  "strict xfails)", ""]
    for g in r["xfails"]:
        lines.append(f"- **{len(g['cases'])}** × {g['reason']}")
        lines.append("  <br>" + ", ".join(f"`{cid}`" for cid, _ in g["cases"][:40])
                     + (" ..." if len(g["cases"]) > 40 else ""))
    lines += ["", f"## Unexpected failures ({len(r['failures'])})", ""]
    for nodeid, msg in r["failures"]:
        lines += [f"### `{nodeid}`", "", "```", msg.strip()[-1500:], "```", ""]
    return "\n".join(lines) + "\n"


CSS = """body{font:14px/1.4 system-ui,sans-serif;margin:2em;max-width:1200px}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:2px 8px;
text-align:right}td:first-child,th:first-child{text-align:left}.full{background:#dfd}
.part{background:#ffd}.none{background:#fdd}pre{background:#f6f6f6;padding:8px;overflow:auto}
details{margin:4px 0}code{font-size:12px}"""


def to_html(r: dict) -> str:
    res, c = r["results"], r["counts"]
    e = html.escape
    out = [f"<!doctype html><meta charset=utf-8><title>minitorch_compat conformance</title>"
           f"<style>{CSS}</style><h1>minitorch_compat conformance report</h1>",
           f"<p>Mode: <b>{'live torch' if res['live'] else 'goldens (torch 2.13 records)'}</b>, "
           f"{res.get('workers') or 1} worker(s), wall time {res['wall_s']} s.</p>",
           f"<p>{e(HOW_TO_READ)}</p><h2>Totals</h2><table><tr><th>checks<th>passed<th>xfailed"
           f"<th>failed<th>xpassed<th>skipped<tr><td>{sum(c.values())}<td>{c['passed']}"
           f"<td>{c['xfailed']}<td>{c['failed']}<td>{c['xpassed']}<td>{c['skipped']}</table>",
           f"<p>{r['cases']} cases ({len(r['ops'])} op rows), {r['sweeps']} sweeps.</p>",
           "<h2>API coverage by tier</h2>"]
    if isinstance(r["api"], str):
        out.append(f"<p>{e(r['api'])}</p>")
    else:
        out.append("<table><tr><th>tier<th>names<th>present<th>with checks<th>behaving"
                   "<th>missing<th>present, a check differs")
        for t in r["api"]:
            out.append(f"<tr><td>{t['tier']}<td>{t['names']}<td>{t['present']}<td>{t['tested']}"
                       f"<td>{t['behaving']}<td style='text-align:left'>"
                       f"{e(', '.join(t['missing']))}<td style='text-align:left'>"
                       f"{e(', '.join(t['misbehaving']))}")
        out.append("</table>")
    out.append("<h2>Per op</h2><table><tr><th>op" + "".join(f"<th>{label}" for _, label in KINDS))
    for row in r["ops"]:
        cells = []
        for k, _ in KINDS:
            ok, total = row[k]
            cls = "" if not total else ("full" if ok == total else ("none" if not ok else "part"))
            cells.append(f"<td class='{cls}'>{_cell(row[k])}")
        out.append(f"<tr><td><code>{e(row['op'])}</code>" + "".join(cells))
    out.append("</table>")
    out.append(f"<h2>Known divergences ({sum(len(g['cases']) for g in r['xfails'])})</h2>")
    for g in r["xfails"]:
        ids = "<br>".join(f"<code>{e(cid)}</code>" for cid, _ in g["cases"])
        out.append(f"<details><summary><b>{len(g['cases'])}</b> × {e(g['reason'])}</summary>"
                   f"{ids}</details>")
    out.append(f"<h2>Unexpected failures ({len(r['failures'])})</h2>")
    for nodeid, msg in r["failures"]:
        out.append(f"<details><summary><code>{e(nodeid)}</code></summary><pre>"
                   f"{e(msg.strip()[-3000:])}</pre></details>")
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--live", action="store_true", help="compare with live torch")
    ap.add_argument("--no-run", action="store_true", help="reuse an existing results file")
    ap.add_argument("--results", default=str(REPO / "report" / "results.json"))
    ap.add_argument("--out", default=str(REPO / "report"))
    ap.add_argument("--workers", type=int, default=int(os.environ.get("CONFORMANCE_WORKERS", 2)))
    ap.add_argument("--api-dir", default=str(REPO.parent / "shared" / "api"))
    args = ap.parse_args(argv)
    results_path = Path(args.results)
    rc = 0 if args.no_run else run_suite(results_path, args.live, args.workers)
    results = json.loads(results_path.read_text(encoding="utf-8"))
    report = build(results, Path(args.api_dir))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "conformance.md").write_text(to_markdown(report), encoding="utf-8")
    (out / "conformance.html").write_text(to_html(report), encoding="utf-8")
    c = report["counts"]
    print(f"wrote {out / 'conformance.md'} and {out / 'conformance.html'}: {c['passed']} "
          f"passed, {c['xfailed']} xfailed, {c['failed']} failed, {c['xpassed']} xpassed")
    return rc


if __name__ == "__main__":
    sys.exit(main())

"""Profile the shim on one benchmark workload (cProfile), or its import (-X importtime).

    python bench/profile_shim.py mlp_step --reps 200
    python bench/profile_shim.py chain_1e5 --reps 1 --top 30
    python bench/profile_shim.py import

Prints the functions with the most own time (tottime) and their share of the profiled total, then
the same sorted by cumulative time. The profiler inflates Python-call-heavy code; read shares, not
absolute times.
"""
import argparse
import cProfile
import io
import os
import pstats
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import bench  # noqa: E402  (sets the BLAS thread variables before NumPy loads)


def short(fn):
    path, line, name = fn
    path = re.sub(r".*/(minitorch_compat/)", r"\1", path)
    path = re.sub(r".*/site-packages/", "", path)
    return f"{path}:{line}({name})"


def report(prof, top):
    st = pstats.Stats(prof)
    total = st.total_tt
    rows = [(fn, cc, nc, tt, ct) for fn, (cc, nc, tt, ct, _) in st.stats.items()]
    print(f"total profiled time {total:.3f} s")
    for title, key in (("own time (tottime)", 3), ("cumulative time (cumtime)", 4)):
        print(f"\n-- top {top} by {title}")
        print(f"{'share':>6} {'seconds':>8} {'calls':>9}  function")
        for fn, _, nc, tt, ct in sorted(rows, key=lambda r: -r[key])[:top]:
            v = tt if key == 3 else ct
            print(f"{100 * v / total:5.1f}% {v:8.3f} {nc:9d}  {short(fn)}")


def profile_import(top):
    env = bench.child_env()
    r = subprocess.run([sys.executable, "-X", "importtime", "-c", "import minitorch_compat"],
                       capture_output=True, text=True, env=env, cwd=bench.ROOT)
    rows = []
    for line in r.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if m:
            rows.append((int(m.group(1)), int(m.group(2)), len(m.group(3)), m.group(4)))
    total = max(c for _, c, _, _ in rows)
    print(f"total {total / 1e3:.1f} ms (cumulative of the top-level import)")
    print(f"\n-- top {top} modules by self time")
    for self_us, cum, _, name in sorted(rows, key=lambda r: -r[0])[:top]:
        print(f"{100 * self_us / total:5.1f}% self {self_us / 1e3:7.1f} ms  cum "
              f"{cum / 1e3:7.1f} ms  {name}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("workload", help="a workload key of bench.py, or 'import'")
    ap.add_argument("--reps", type=int, default=None, help="repetitions profiled")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--quick", action="store_true", help="the quick-mode size")
    ap.add_argument("--sgd", choices=("auto", "optim", "manual"), default="auto",
                    help="mlp_step's update, as in bench.py")
    args = ap.parse_args()
    if args.workload == "import":
        profile_import(args.top)
        return
    import minitorch_compat
    use_optim = args.sgd == "optim" or (args.sgd == "auto" and bench.shim_has_sgd())
    spec = {s.key: s for s in bench.specs(use_optim)}[args.workload]
    size = spec.quick_size if args.quick else spec.size
    impl = spec.make("shim", minitorch_compat, size)
    impl.run(1)
    k, t = bench.calibrate(impl, 0.5)
    reps = args.reps or k
    print(f"workload {spec.key} ({spec.title}), size {size}, {reps} repetitions, "
          f"{t * 1e6:.1f} us each unprofiled")
    prof = cProfile.Profile()
    prof.enable()
    impl.run(reps)
    prof.disable()
    out = io.StringIO()
    sys.stdout, old = out, sys.stdout
    try:
        report(prof, args.top)
    finally:
        sys.stdout = old
    print(out.getvalue())


if __name__ == "__main__":
    main()

"""minitorch_compat benchmark: the shim against real torch (one thread), a hand-written NumPy floor
and, when installed, the peers MyGrad and HIPS autograd, in interleaved paired rounds.

    python bench/bench.py              # everything (torch and peers when importable)
    python bench/bench.py --quick      # smoke test: small sizes, few repetitions, checks only
    python bench/bench.py --json out.json --only 'mlp|chain'

Each workload is set up once per library, checked against the NumPy floor, warmed up and
calibrated (k repetitions per sample), then sampled in rounds: shim, torch, numpy, peers, shim,
torch, numpy, ... Reported: the median time per repetition of each library, and for the shim the
median over rounds of the paired ratios shim/torch and shim/numpy. See bench/README.md.
"""
import argparse
import gc
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time

# One BLAS thread for the NumPy-backed libraries, as torch gets set_num_threads(1); must be set
# before NumPy is imported.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
for _p in (HERE, ROOT):
    if _p not in sys.path:
        sys.path.insert(0, _p)

import numpy as np  # noqa: E402

import workloads as W  # noqa: E402

LIBS = ("shim", "torch", "numpy", "mygrad", "autograd")
PEERS = ("mygrad", "autograd")
IMPORT_NAME = {"shim": "minitorch_compat", "torch": "torch", "numpy": "numpy",
               "mygrad": "mygrad", "autograd": "autograd"}
MB = 2 ** 20


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- libraries
def load_libs(use_torch=True, use_peers=True):
    mods, versions = {}, {}
    import minitorch_compat
    mods["shim"], versions["shim"] = minitorch_compat, minitorch_compat.__version__
    if use_torch:
        try:
            import torch
            torch.set_num_threads(1)
            mods["torch"], versions["torch"] = torch, torch.__version__
        except ImportError:
            pass
    mods["numpy"], versions["numpy"] = np, np.__version__
    if use_peers:
        for name in PEERS:
            try:
                m = __import__(name)
            except ImportError:
                continue
            mods[name] = m
            try:
                from importlib.metadata import version
                versions[name] = version(name)
            except Exception:
                versions[name] = getattr(m, "__version__", "?")
    return mods, versions


# --------------------------------------------------------------------------- workloads
class Spec:
    def __init__(self, key, title, make=None, size=None, quick_size=None, rounds=21,
                 target=0.02, goals=(), peer_rounds=None, kind="time"):
        self.key, self.title, self.make = key, title, make
        self.size, self.quick_size = size, quick_size if quick_size is not None else size
        self.rounds, self.target, self.goals = rounds, target, tuple(goals)
        self.peer_rounds, self.kind = peer_rounds, kind


def specs(use_optim):
    mlp = ((784, 256, 10), 64)
    return [
        Spec("import", "import time (fresh process)", kind="import", rounds=15,
             goals=[("torch", 0.1)]),
        Spec("eager_fwd_bwd_n5", "eager (x*w+b).sum() fwd+bwd, n=5", W.make_eager(True), 5,
             rounds=31, goals=[("torch", 1.0)]),
        Spec("eager_fwd_bwd_n100", "eager (x*w+b).sum() fwd+bwd, n=100", W.make_eager(True), 100,
             rounds=31, goals=[("torch", 1.0)]),
        Spec("eager_nograd_n5", "eager forward under no_grad, n=5", W.make_eager(False), 5,
             rounds=31, goals=[("torch", 1.5)]),
        Spec("eager_nograd_n100", "eager forward under no_grad, n=100", W.make_eager(False), 100,
             rounds=31, goals=[("torch", 1.5)]),
        Spec("mlp_step", "MLP 784-256-10 train step, batch 64"
             + (" (optim.SGD)" if use_optim else " (SGD by hand)"),
             W.make_mlp(use_optim), mlp, rounds=21, target=0.05,
             goals=[("torch", 1.0), ("numpy", 1.3)]),
        Spec("elementwise_fwd", "(a*b+c).sum() forward, 10^7 float32", W.make_elementwise(False),
             10 ** 7, 10 ** 5, rounds=11, target=0.0, goals=[("numpy", 1.2)]),
        Spec("elementwise_fwd_bwd", "(a*b+c).sum() fwd+bwd, 10^7 float32",
             W.make_elementwise(True), 10 ** 7, 10 ** 5, rounds=11, target=0.0,
             goals=[("numpy", 1.2)]),
        Spec("memory_grad", "retained after forward, 10x2048 MLP, batch 512, grad", kind="memory",
             size=(10, 2048, 512), quick_size=(3, 512, 128), rounds=3, goals=[("torch", 1.0)]),
        Spec("memory_nograd", "retained after forward, same, no_grad", kind="memory",
             size=(10, 2048, 512), quick_size=(3, 512, 128), rounds=3, goals=[("numpy+MB", 2.0)]),
        Spec("chain_1e4", "chain x=x*1.0001, 10^4 ops + backward", W.make_chain, 10 ** 4, 300,
             rounds=11, target=0.1, peer_rounds=5),
        Spec("chain_1e5", "chain x=x*1.0001, 10^5 ops + backward", W.make_chain, 10 ** 5, 3000,
             rounds=7, target=0.0, peer_rounds=2, goals=[("torch", 1.0)]),
        Spec("repr_1000", "repr of a 1,000-element float32 tensor", W.make_repr, 1000,
             rounds=21, goals=[("torch", 3.0)]),
        Spec("rand_1e6", "rand(10^6)", W.make_rng("rand"), 10 ** 6, 10 ** 4, rounds=21,
             goals=[("torch", 2.0)]),
        Spec("randn_1e6", "randn(10^6) float32", W.make_rng("randn"), 10 ** 6, 10 ** 4,
             rounds=21, goals=[("torch", 10.0)]),
        Spec("randperm_1e6", "randperm(10^6)", W.make_rng("randperm"), 10 ** 6, 10 ** 4,
             rounds=21, goals=[("torch", 10.0)]),
    ]


# --------------------------------------------------------------------------- checks
def compare(got, ref, rtol=1e-4):
    """'' when every array of ``ref`` matches ``got`` (relative to ref's scale), else why not."""
    for key, r in ref.items():
        if key not in got:
            return f"{key}: missing"
        g = np.asarray(got[key], dtype=np.float64)
        r = np.asarray(r, dtype=np.float64)
        if g.shape != r.shape and g.size != r.size:
            return f"{key}: shape {g.shape} vs {r.shape}"
        g = g.reshape(r.shape)
        scale = max(float(np.max(np.abs(r))) if r.size else 0.0, 1e-30)
        err = float(np.max(np.abs(g - r))) / scale if r.size else 0.0
        if not err <= rtol:
            return f"{key}: relative error {err:.2e}"
    return ""


def run_checks(impls):
    """Each library's check() against the NumPy floor's: {lib: 'ok' | 'MISMATCH ...'}."""
    out = {}
    ref_impl = impls.get("numpy")
    if ref_impl is None or not hasattr(ref_impl, "check"):
        return out
    ref = ref_impl.check()
    for lib, impl in impls.items():
        if lib == "numpy" or not hasattr(impl, "check"):
            continue
        try:
            why = compare(impl.check(), ref)
        except Exception as e:
            why = f"{type(e).__name__}: {e}"
        out[lib] = "ok" if not why else "MISMATCH " + why
    return out


def cross_checks(spec, impls):
    """Shim against torch where the NumPy floor is not comparable (printing, RNG streams)."""
    out = {}
    shim, torch = impls.get("shim"), impls.get("torch")
    if shim is None or torch is None:
        return out
    if spec.key == "repr_1000":
        shim.run(1)
        torch.run(1)
        out["shim repr == torch repr"] = "ok" if shim.s == torch.s else "MISMATCH"
    elif spec.key.startswith("rand"):
        # informational: does the shim draw torch's stream (first call after manual_seed(0))?
        shim.run(1)
        torch.run(1)
        same = np.array_equal(W.to_np(shim.r), W.to_np(torch.r))
        out["info: same stream as torch"] = "yes" if same else "no"
    return out


# --------------------------------------------------------------------------- timing
def calibrate(impl, target):
    """Warm up and pick k so that one sample of k repetitions takes about ``target`` seconds."""
    t0 = time.perf_counter()
    impl.run(1)
    t = time.perf_counter() - t0
    if t >= target:
        return 1, t
    k = 1
    while t < target / 4 and k < 10 ** 6:
        k *= 4
        t0 = time.perf_counter()
        impl.run(k)
        t = time.perf_counter() - t0
    per_rep = t / k
    k = max(1, min(10 ** 6, int(math.ceil(target / max(per_rep, 1e-9)))))
    impl.run(k)  # warm-up at the final k
    return k, per_rep


def time_rounds(impls, rounds, target, peer_rounds):
    ks = {}
    for lib, impl in impls.items():
        ks[lib], _ = calibrate(impl, target)
    samples = {lib: [] for lib in impls}
    for r in range(rounds):
        for lib, impl in impls.items():
            if lib in PEERS and peer_rounds is not None and r >= peer_rounds:
                continue
            k = ks[lib]
            gc.collect()
            t0 = time.perf_counter()
            impl.run(k)
            samples[lib].append((time.perf_counter() - t0) / k)
    return samples, ks


def paired_ratio(samples, a, b):
    xs, ys = samples.get(a) or [], samples.get(b) or []
    n = min(len(xs), len(ys))
    if not n:
        return None
    pairs = [xs[i] / ys[i] for i in range(n) if ys[i] > 0]
    return statistics.median(pairs) if pairs else None


# --------------------------------------------------------------------------- import time
IMPORT_CODE = ("import time; t = time.perf_counter(); import {name}; "
               "print(time.perf_counter() - t)")


PYCACHE = os.path.join(tempfile.gettempdir(), "minitorch_compat_bench_pycache")


def child_env():
    """The environment of the import and memory children: the working tree on sys.path, and
    bytecode caching on (in a cache of our own, so the tree is not written to): an installed
    package imports from .pyc files, and PYTHONDONTWRITEBYTECODE would make every import of the
    shim compile its sources again."""
    env = dict(os.environ)
    env["PYTHONPATH"] = ROOT + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    if not QUICK:  # quick mode: no cache warm-up (a first torch import would compile it all)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = PYCACHE
    return env


def import_seconds(lib):
    code = IMPORT_CODE.format(name=IMPORT_NAME[lib])
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       env=child_env(), cwd=ROOT, timeout=120)
    if r.returncode:
        raise RuntimeError(r.stderr.strip().splitlines()[-1] if r.stderr else "failed")
    return float(r.stdout.strip().splitlines()[-1])


def run_import(libs, rounds, warmup=True):
    errors = {}
    for lib in libs:  # warm-up (.pyc files, the OS page cache); a library that fails is dropped
        if not warmup and lib != "shim":
            continue
        try:
            import_seconds(lib)
        except (RuntimeError, ValueError, subprocess.SubprocessError) as e:
            errors[lib] = f"import {e}"
    libs = [lib for lib in libs if lib not in errors]
    samples = {lib: [] for lib in libs}
    for _ in range(rounds):
        for lib in libs:
            samples[lib].append(import_seconds(lib))
    return samples, errors


# --------------------------------------------------------------------------- retained memory
def _rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def memory_child(lib, size):
    """In a fresh process: bytes still allocated after a forward whose output is kept, with and
    without grad; RSS delta for every library, tracemalloc too for the NumPy-backed ones."""
    import tracemalloc
    layers, width, batch = size
    mods, _ = load_libs(use_torch=(lib == "torch"), use_peers=False)
    mod = mods[lib] if lib != "numpy" else np
    out = {}
    for mode in ("nograd", "grad"):
        fwd = W.mlp_forward(lib, mod, layers, width, batch, mode == "grad")
        for _ in range(2):  # warm-up: lazy buffers (BLAS, allocator pools) allocated once
            y = fwd()
            del y
        gc.collect()
        before = _rss()
        y = fwd()
        gc.collect()
        rss = _rss() - before
        del y
        gc.collect()
        traced = None
        if lib != "torch":
            tracemalloc.start()
            base = tracemalloc.get_traced_memory()[0]
            y = fwd()
            gc.collect()
            traced = tracemalloc.get_traced_memory()[0] - base
            tracemalloc.stop()
            del y
            gc.collect()
        out[mode] = {"rss": rss, "traced": traced}
        del fwd
        gc.collect()
    return out


def run_memory(libs, size, reps):
    env = child_env()
    # a fixed mmap threshold: every buffer >= 64 KiB is its own mapping, unmapped on free, so
    # RSS follows live buffers (glibc's adaptive threshold would keep freed memory in the heap)
    env["MALLOC_MMAP_THRESHOLD_"] = "65536"
    res = {lib: [] for lib in libs}
    errors = {}
    for _ in range(reps):
        for lib in libs:
            if lib in errors:
                continue
            cmd = [sys.executable, os.path.abspath(__file__), "--memory-child", lib,
                   "--memory-size", ",".join(map(str, size))]
            r = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT,
                               timeout=600)
            if r.returncode:
                errors[lib] = (r.stderr.strip().splitlines() or ["failed"])[-1]
                continue
            res[lib].append(json.loads(r.stdout.strip().splitlines()[-1]))
    return res, errors


# --------------------------------------------------------------------------- formatting
def fmt_time(s):
    if s is None:
        return "—"
    if s < 1e-3:
        return f"{s * 1e6:.1f} µs"
    if s < 1:
        return f"{s * 1e3:.2f} ms"
    return f"{s:.2f} s"


def fmt_mb(b):
    return "—" if b is None else f"{b / MB:.1f} MB"


def fmt_ratio(r):
    return "—" if r is None else f"{r:.2f}x"


def goal_text(goal):
    vs, limit = goal
    if vs == "numpy+MB":
        return f"<= numpy + {limit:g} MB"
    return f"<= {limit:g}x {vs}"


def evaluate_goal(goal, result):
    vs, limit = goal
    if vs == "numpy+MB":
        s, n = result["median"].get("shim"), result["median"].get("numpy")
        if s is None or n is None:
            return None
        return (s - n) / MB <= limit
    r = result["ratios"].get(vs)
    return None if r is None else r <= limit


# --------------------------------------------------------------------------- main
QUICK = False


def spec_size(spec):
    return spec.quick_size if QUICK else spec.size


def bench_time_spec(spec, mods, rounds, target):
    impls, errors = {}, {}
    size = spec_size(spec)
    for lib, mod in mods.items():
        try:
            impl = spec.make(lib, mod, size)
        except Exception as e:
            errors[lib] = f"setup {type(e).__name__}: {e}"
            continue
        if impl is not None:
            impls[lib] = impl
    checks = run_checks(impls)
    checks.update(cross_checks(spec, impls))
    samples, ks = {}, {}
    live = dict(impls)
    for lib in list(live):  # drop libraries whose run fails, keep the others
        try:
            live[lib].run(1)
        except Exception as e:
            errors[lib] = f"run {type(e).__name__}: {e}"
            del live[lib]
    gc.collect()
    gc.freeze()  # setup objects out of the collector's way: each sample's gc.collect() is cheap
    if live:
        samples, ks = time_rounds(live, rounds, target, spec.peer_rounds)
    return samples, ks, checks, errors


def summarize(spec, samples, unit):
    med = {lib: statistics.median(v) for lib, v in samples.items() if v}
    ratios = {}
    if "shim" in samples:
        for other in ("torch", "numpy"):
            if other in samples:
                ratios[other] = paired_ratio(samples, "shim", other)
    return {"key": spec.key, "title": spec.title, "unit": unit, "median": med,
            "ratios": ratios, "samples": samples, "rounds": {k: len(v) for k, v in
                                                            samples.items()}}


def main(argv=None):
    global QUICK
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true",
                    help="smoke test: small sizes, few repetitions, no timing claims")
    ap.add_argument("--json", metavar="FILE", help="write all results (samples too) as JSON")
    ap.add_argument("--only", metavar="REGEX", help="run the workloads whose key matches")
    ap.add_argument("--no-torch", action="store_true", help="leave real torch out")
    ap.add_argument("--no-peers", action="store_true", help="leave MyGrad and autograd out")
    ap.add_argument("--sgd", choices=("auto", "optim", "manual"), default="auto",
                    help="MLP update: torch.optim.SGD (auto: when the shim has it) or by hand")
    ap.add_argument("--rounds-scale", type=float, default=1.0,
                    help="multiply every workload's number of rounds")
    ap.add_argument("--memory-child", help=argparse.SUPPRESS)
    ap.add_argument("--memory-size", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.memory_child:
        size = tuple(int(v) for v in args.memory_size.split(","))
        print(json.dumps(memory_child(args.memory_child, size)))
        return 0

    QUICK = args.quick
    started = time.time()
    load0 = os.getloadavg()
    mods, versions = load_libs(use_torch=not args.no_torch, use_peers=not args.no_peers)
    use_optim = args.sgd == "optim" or (args.sgd == "auto" and shim_has_sgd())
    all_specs = specs(use_optim)
    if args.only:
        all_specs = [s for s in all_specs if re.search(args.only, s.key)]
    libs = [lib for lib in LIBS if lib in mods]
    gc.collect()
    gc.freeze()  # the libraries' own objects (torch's are many) are never scanned again
    results = []
    failures = []
    memory_cache = {}
    for spec in all_specs:
        rounds = 1 if QUICK else max(3, int(round(spec.rounds * args.rounds_scale)))
        if QUICK and spec.kind == "time":
            rounds = 2
        log(f"[{time.time() - started:6.1f}s] {spec.key} ({rounds} rounds)")
        if spec.kind == "import":
            samples, errors = run_import(libs, rounds, warmup=not QUICK)
            res = summarize(spec, samples, "s")
            res.update(checks={}, errors=errors, k={})
        elif spec.kind == "memory":
            mode = "grad" if spec.key == "memory_grad" else "nograd"
            mem_libs = [lib for lib in libs if lib not in PEERS]
            key = (tuple(mem_libs), spec_size(spec), rounds)
            if key not in memory_cache:  # one set of children serves both memory rows
                memory_cache[key] = run_memory(mem_libs, spec_size(spec), rounds)
            raw, errors = memory_cache[key]
            samples = {lib: [r[mode]["rss"] for r in v] for lib, v in raw.items() if v}
            res = summarize(spec, samples, "bytes")
            res["traced"] = {lib: statistics.median(r[mode]["traced"] for r in v)
                             for lib, v in raw.items() if v and v[0][mode]["traced"] is not None}
            res.update(checks={}, errors=errors, k={})
        else:
            target = 0.002 if QUICK and spec.target else spec.target
            samples, ks, checks, errors = bench_time_spec(spec, mods, rounds, target)
            res = summarize(spec, samples, "s")
            res.update(checks=checks, errors=errors, k=ks)
        if QUICK and spec.quick_size != spec.size:
            res["title"] += f" [quick: {spec.quick_size}]"
        res["goals"] = [{"goal": goal_text(g), "met": evaluate_goal(g, res)} for g in spec.goals]
        results.append(res)
        for lib, c in res["checks"].items():
            if (c.startswith("MISMATCH") or c.startswith("Error")) and lib not in PEERS:
                failures.append(f"{spec.key}: {lib} {c}")
        for lib, e in res["errors"].items():
            if lib not in PEERS:
                failures.append(f"{spec.key}: {lib} {e}")
            else:
                log(f"  note: {lib} {e}")
    meta = machine_info(versions, started)
    meta.update(quick=QUICK, seconds=round(time.time() - started, 1), loadavg_start=load0,
                loadavg_end=os.getloadavg(), sgd="torch.optim.SGD" if use_optim else "by hand",
                blas_threads=os.environ.get("OPENBLAS_NUM_THREADS"))
    print(render(results, libs, meta))
    if failures:
        print("\nFAILED checks / errors:")
        for f in failures:
            print("  " + f)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"meta": meta, "results": results, "failures": failures}, f, indent=1)
    return 1 if failures else 0


def shim_has_sgd():
    """Whether ``torch.optim.SGD`` works on the shim (``import torch.optim`` included)."""
    try:
        import importlib
        optim = importlib.import_module("minitorch_compat.optim")
    except ImportError:
        return False
    return hasattr(optim, "SGD")


def shim_fingerprint():
    """A hash of the shim's sources: which code was measured (the tree changes under us)."""
    import hashlib
    h = hashlib.sha1()
    pkg = os.path.join(ROOT, "minitorch_compat")
    for dirpath, dirnames, filenames in os.walk(pkg):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith(".py"):
                path = os.path.join(dirpath, name)
                h.update(os.path.relpath(path, pkg).encode())
                with open(path, "rb") as f:
                    h.update(f.read())
    return h.hexdigest()[:12]


def git_head():
    try:
        r = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                           text=True, cwd=ROOT, timeout=10)
        return r.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def machine_info(versions, started):
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"date": time.strftime("%Y-%m-%d %H:%M:%S %Z", time.localtime(started)),
            "nproc": os.cpu_count(), "cpu": cpu,
            "python": platform.python_version(), "platform": platform.platform(),
            "versions": versions, "git_head": git_head(), "shim_sources": shim_fingerprint()}


def render(results, libs, meta):
    cols = ["workload"] + [("numpy floor" if lib == "numpy" else lib) for lib in libs]
    cols += ["shim/torch", "shim/numpy", "goal", "met?"]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for res in results:
        fmt = fmt_mb if res["unit"] == "bytes" else fmt_time
        row = [res["title"]]
        for lib in libs:
            if lib in res["median"]:
                row.append(fmt(res["median"][lib]))
            elif lib in res.get("errors", {}):
                row.append("error")
            else:
                row.append("—")
        row += [fmt_ratio(res["ratios"].get("torch")), fmt_ratio(res["ratios"].get("numpy"))]
        goals = res["goals"]
        row.append("; ".join(g["goal"] for g in goals) or "—")
        row.append("; ".join({True: "yes", False: "**NO**", None: "n/a"}[g["met"]]
                             for g in goals) or "—")
        lines.append("| " + " | ".join(row) + " |")
    v = meta["versions"]
    lines.append("")
    lines.append(f"{meta['date']}; {meta['nproc']} CPUs ({meta['cpu']}); Python "
                 f"{meta['python']}; " + ", ".join(f"{k} {v[k]}" for k in v)
                 + f"; SGD {meta['sgd']}; load average {meta['loadavg_start'][0]:.2f} -> "
                 f"{meta['loadavg_end'][0]:.2f}; {meta['seconds']} s; git HEAD "
                 f"{meta['git_head']}, shim sources {meta['shim_sources']}"
                 + ("; QUICK MODE (timings meaningless)" if meta["quick"] else ""))
    notes = []
    for res in results:
        for lib, c in res.get("checks", {}).items():
            if c != "ok":
                notes.append(f"- {res['key']}: {lib}: {c}")
        for lib, e in res.get("errors", {}).items():
            notes.append(f"- {res['key']}: {lib} error: {e}")
        if res.get("traced"):
            notes.append(f"- {res['key']}: tracemalloc (NumPy-backed): " + ", ".join(
                f"{lib} {fmt_mb(b)}" for lib, b in res["traced"].items()))
    if notes:
        lines.append("")
        lines.extend(notes)
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())

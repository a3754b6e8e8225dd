"""The benchmark's quick mode runs every workload (small sizes, a few repetitions) and the shim's
numbers match the hand-written NumPy floor's (and torch's, when installed). No timing claims."""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench", "bench.py")

TIME_KEYS = {"eager_fwd_bwd_n5", "eager_fwd_bwd_n100", "eager_nograd_n5", "eager_nograd_n100",
             "mlp_step", "elementwise_fwd", "elementwise_fwd_bwd", "chain_1e4", "chain_1e5",
             "repr_1000", "rand_1e6", "randn_1e6", "randperm_1e6"}
CHECKED = {"eager_fwd_bwd_n5", "eager_fwd_bwd_n100", "eager_nograd_n5", "eager_nograd_n100",
           "mlp_step", "elementwise_fwd", "elementwise_fwd_bwd", "chain_1e4", "chain_1e5"}


def test_quick_mode_runs_and_matches_numpy_floor(tmp_path):
    out = tmp_path / "quick.json"
    r = subprocess.run([sys.executable, BENCH, "--quick", "--no-peers", "--json", str(out)],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    data = json.loads(out.read_text())
    assert data["meta"]["quick"] is True
    assert data["failures"] == []
    results = {res["key"]: res for res in data["results"]}
    assert TIME_KEYS | {"import", "memory_grad", "memory_nograd"} <= set(results)
    for key in TIME_KEYS | {"import"}:
        assert results[key]["median"].get("shim", 0) > 0, key
        assert results[key]["median"].get("numpy", 0) > 0, key
    for key in CHECKED:
        assert results[key]["checks"].get("shim") == "ok", (key, results[key]["checks"])
    # retained memory: the shim keeps what the NumPy floor keeps (tracemalloc, within 1 MiB)
    for key in ("memory_grad", "memory_nograd"):
        traced = results[key]["traced"]
        assert abs(traced["shim"] - traced["numpy"]) < 2 ** 20, (key, traced)
    assert "| workload |" in r.stdout

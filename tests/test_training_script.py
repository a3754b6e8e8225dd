"""The end-to-end training script (conformance/training/mlp_quickstart.py) run through
`python -m minitorch_compat`: its printed model, losses and accuracy equal what torch 2.13
printed from the same seed (expected_torch_2.13.txt; refresh it by running the script under real
torch), numbers to float32 tolerance."""
import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.join(ROOT, "conformance", "training")
NUMBER = re.compile(r"-?\d+\.\d+")


def test_mlp_quickstart_matches_torch():
    env = dict(os.environ, PYTHONPATH=ROOT)
    run = subprocess.run([sys.executable, "-m", "minitorch_compat", "mlp_quickstart.py"],
                         capture_output=True, text=True, cwd=HERE, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    with open(os.path.join(HERE, "expected_torch_2.13.txt")) as f:
        expected = f.read()
    got_lines, exp_lines = run.stdout.splitlines(), expected.splitlines()
    assert len(got_lines) == len(exp_lines)
    for got, exp in zip(got_lines, exp_lines):
        assert NUMBER.sub("#", got) == NUMBER.sub("#", exp)  # same text around the numbers
        for g, e in zip(NUMBER.findall(got), NUMBER.findall(exp)):
            assert float(g) == pytest.approx(float(e), rel=1e-4, abs=2e-6), (got, exp)

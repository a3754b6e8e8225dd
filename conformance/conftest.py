"""Options and fixtures of the conformance suite.

    --live             compare the shim with real torch imported here
    --golden           compare the shim with the goldens (recorded torch outcomes)
                       (neither: live where torch 2.13 is importable here, golden otherwise)
    --refresh-goldens  first re-record conformance/golden/ from real torch (implies --live)
    --results-json F   write every test's outcome to F (conformance/report.py reads it)

Hypothesis profiles for the sweeps: "conformance-ci" (derandomized, the default) and
"conformance-dev" (random, more examples), chosen by CONFORMANCE_HYPOTHESIS_PROFILE. They are
applied per test, so the profile that tests/conftest.py loads is left alone."""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest
from hypothesis import settings

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from harness.sweeps import register_profiles  # noqa: E402

register_profiles()


def pytest_addoption(parser):
    group = parser.getgroup("conformance", "minitorch_compat conformance against torch 2.13")
    group.addoption("--live", action="store_true", default=None,
                    help="compare with real torch imported here instead of the goldens")
    group.addoption("--golden", action="store_false", dest="live",
                    help="compare with the goldens even where torch is importable")
    group.addoption("--refresh-goldens", action="store_true",
                    help="re-record conformance/golden/ from real torch first (implies --live)")
    group.addoption("--results-json", metavar="PATH",
                    help="write every test's outcome to PATH (read by conformance/report.py)")


def _is_worker(config) -> bool:
    return hasattr(config, "workerinput")


def pytest_configure(config):
    from harness.namespaces import torch_available
    refresh_first = config.getoption("--refresh-goldens")
    if refresh_first:
        config.option.live = True
    if config.option.live is None:  # auto: live against the torch the goldens come from
        config.option.live = (torch_available() or "").startswith("2.13.")
    if config.option.live and not torch_available():
        raise pytest.UsageError("--live needs real torch importable by this interpreter: run it "
                                "with /work/venv-torch/bin/python (or tox -e conformance), or "
                                "drop --live to compare with the goldens")
    if refresh_first and not _is_worker(config):  # the controller records once, before workers
        from harness.refresh import refresh
        refresh()
    path = config.getoption("--results-json")
    if path and not _is_worker(config):  # xdist relays every report to the controller
        config.pluginmanager.register(Results(config, path), "conformance-results")


class Reference:
    """Where torch's outcomes come from: a live torch, or the goldens."""

    def __init__(self, live: bool):
        self.live = live
        self.label = "golden"
        self.error = None
        if live:
            from harness.namespaces import load, raw
            try:
                self.torch = load("torch")
                self.label = f"torch {raw(self.torch).__version__}, live"
            except ImportError as exc:
                self.error = (f"--live needs real torch importable here ({exc}); "
                              f"run with /work/venv-torch/bin/python or drop --live")

    def outcome(self, case):
        from harness import golden
        from harness.case import run
        if self.live:
            return run(case, self.torch)
        return golden.load(case.group)["cases"].get(case.id)


@pytest.fixture(scope="session")
def reference(pytestconfig) -> Reference:
    ref = Reference(pytestconfig.getoption("--live"))
    if ref.error:
        pytest.fail(ref.error, pytrace=False)
    return ref


@pytest.fixture(scope="session")
def shim():
    from harness.namespaces import load
    return load("shim")


@pytest.fixture(scope="session")
def hypothesis_profile():
    return settings.get_profile(os.environ.get("CONFORMANCE_HYPOTHESIS_PROFILE", "conformance-ci"))


# ---------------------------------------------------------------- results file for the report


class Results:
    """Collects every test's outcome (a plugin object, so tests outside conformance/ that run
    in the same session, such as tests/test_numerical_gradcheck.py, are included)."""

    def __init__(self, config, path):
        self.config, self.path, self.tests, self.t0 = config, Path(path), {}, time.time()

    def pytest_runtest_logreport(self, report):
        entry = self.tests.setdefault(report.nodeid, {"outcome": "passed", "duration": 0.0})
        entry["duration"] += report.duration
        if report.when == "call" or report.outcome != "passed":
            if hasattr(report, "wasxfail"):
                entry["outcome"] = "xfailed" if report.skipped else "xpassed"
                entry["reason"] = report.wasxfail
            else:
                entry["outcome"] = report.outcome
            if report.failed:
                entry["message"] = str(report.longrepr)[-2000:]

    def pytest_sessionfinish(self, session, exitstatus):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"live": bool(self.config.getoption("--live")),
                "wall_s": round(time.time() - self.t0, 2),
                "workers": getattr(self.config.option, "numprocesses", None),
                "exitstatus": int(exitstatus), "tests": self.tests}
        self.path.write_text(json.dumps(data, indent=0), encoding="utf-8")

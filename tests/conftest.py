"""Shared test settings: hypothesis profiles, and a guard that fails any test leaving grad mode
(or inference mode, or the default dtype) changed."""
import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", derandomize=True, deadline=None, max_examples=60,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None, max_examples=30)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _grad_mode_restored():
    import minitorch_compat as torch
    from minitorch_compat.autograd import grad_mode
    before = (torch.is_grad_enabled(), grad_mode.is_inference_mode_enabled(),
              torch.get_default_dtype())
    yield
    after = (torch.is_grad_enabled(), grad_mode.is_inference_mode_enabled(),
             torch.get_default_dtype())
    if after != before:
        torch.set_grad_enabled(before[0])
        grad_mode._state.inference = before[1]
        torch.set_default_dtype(before[2])
        pytest.fail(f"test left (grad mode, inference mode, default dtype) changed: {before} -> "
                    f"{after}")

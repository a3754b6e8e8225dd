"""Anomaly detection: nodes remember the forward traceback that made them, and backward checks
each node's gradients for NaN, as torch does when anomaly mode is on."""
import os
import traceback
import warnings

__all__ = ["detect_anomaly", "set_detect_anomaly", "is_anomaly_enabled",
           "is_anomaly_check_nan_enabled", "set_anomaly_enabled"]

_state = {"enabled": False, "check_nan": True}
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def is_anomaly_enabled():
    return _state["enabled"]


def is_anomaly_check_nan_enabled():
    return _state["check_nan"]


def set_anomaly_enabled(enabled, check_nan=True):
    _state["enabled"] = bool(enabled)
    _state["check_nan"] = bool(check_nan)


class detect_anomaly:  # noqa: N801 - torch's name
    """Context manager (and decorator) turning anomaly detection on."""

    def __init__(self, check_nan=True):
        self.prev = is_anomaly_enabled()
        self.check_nan = check_nan
        self.prev_check_nan = is_anomaly_check_nan_enabled()
        warnings.warn("Anomaly Detection has been enabled. This mode will increase the runtime "
                      "and should only be enabled for debugging.", stacklevel=2)

    def __enter__(self):
        set_anomaly_enabled(True, self.check_nan)

    def __exit__(self, *args):
        set_anomaly_enabled(self.prev, self.prev_check_nan)

    def __call__(self, func):
        import functools

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self.__class__(self.check_nan):
                return func(*args, **kwargs)
        return wrapper


class set_detect_anomaly:  # noqa: N801 - torch's name
    """Sets anomaly detection on construction (a plain call works) and restores it on exit."""

    def __init__(self, mode, check_nan=True):
        self.prev = is_anomaly_enabled()
        self.prev_check_nan = is_anomaly_check_nan_enabled()
        set_anomaly_enabled(mode, check_nan)

    def __enter__(self):
        pass

    def __exit__(self, *args):
        set_anomaly_enabled(self.prev, self.prev_check_nan)


def forward_stack():
    """The user's frames of the current forward call, formatted as torch prints them."""
    frames = [f for f in traceback.extract_stack()[:-1]
              if not os.path.abspath(f.filename).startswith(_PACKAGE)]
    return "".join(traceback.format_list(frames))


def report(node):
    """torch's warning naming the node whose backward failed, with its forward traceback."""
    stack = node.metadata.get("traceback_")
    if stack is None:
        return
    warnings.warn(f"Error detected in {node.name()}. Traceback of forward call that caused the "
                  f"error:\n{stack} (Triggered internally at /__w/pytorch/pytorch/torch/csrc/"
                  "autograd/python_anomaly_mode.cpp:122.)", UserWarning, stacklevel=4)


def check_nan(node, grads):
    import numpy as np
    for i, g in enumerate(grads):
        if g is not None and g._dtype.is_floating_point and np.isnan(g._data).any():
            raise RuntimeError(f"Function '{node.name()}' returned nan values in its {i}th "
                               "output.")

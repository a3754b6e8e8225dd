"""torch.accelerator on a machine without an accelerator: nothing is available, the current
accelerator is None, and everything that needs a device raises torch's RuntimeError."""

__all__ = ["current_accelerator", "current_device_idx", "current_device_index",
           "current_stream", "device_count", "device_index", "empty_cache", "get_memory_info",
           "is_available", "max_memory_allocated", "max_memory_reserved", "memory_allocated",
           "memory_reserved", "memory_stats", "reset_accumulated_memory_stats",
           "reset_peak_memory_stats", "set_device_idx", "set_device_index", "set_stream",
           "synchronize", "get_device_capability", "empty_host_cache"]

_NONE = "Cannot access accelerator device when none is available."


def _none(*args, **kwargs):
    raise RuntimeError(_NONE)


def is_available():
    return False


def device_count():
    return 0


def current_accelerator(check_available=False):
    """The accelerator device, or None: there is none."""
    return None


current_device_index = current_device_idx = _none
set_device_index = set_device_idx = _none
current_stream = set_stream = synchronize = _none
empty_cache = empty_host_cache = _none
memory_allocated = max_memory_allocated = memory_reserved = max_memory_reserved = _none
memory_stats = reset_peak_memory_stats = reset_accumulated_memory_stats = _none
get_memory_info = get_device_capability = _none


class device_index:  # noqa: N801 - torch's name
    """Context manager selecting an accelerator device index; None is a no-op."""

    def __init__(self, device, /):
        self.idx = device

    def __enter__(self):
        if self.idx is not None:
            raise RuntimeError(_NONE)
        return None

    def __exit__(self, *exc):
        return False

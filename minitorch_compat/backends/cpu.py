"""torch.backends.cpu: the CPU capability torch's dispatcher would report. This backend runs
NumPy, so the answer is "DEFAULT" (torch's wheel says e.g. "AVX2" on x86-64)."""

__all__ = ["get_cpu_capability"]


def get_cpu_capability():
    return "DEFAULT"

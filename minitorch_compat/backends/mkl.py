"""torch.backends.mkl: MKL is not used by this backend."""

__all__ = ["is_available"]


def is_available():
    return False

"""torch.backends.mkldnn: oneDNN is not used by this backend."""

__all__ = ["is_available"]

enabled = False


def is_available():
    return False

"""torch.utils: the data subpackage (datasets, samplers, DataLoader)."""
from . import data

__all__ = ["data"]

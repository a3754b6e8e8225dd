"""torch.optim: the Optimizer base, SGD, Adam, AdamW, and the lr_scheduler submodule. Steps follow
torch's single-tensor ("for-loop") implementations, which torch itself uses for CPU tensors;
``foreach=True`` and ``fused=True`` are accepted and run the same for-loop code here."""
from . import lr_scheduler
from .adam import Adam, AdamW
from .optimizer import Optimizer
from .sgd import SGD

# torch.optim deletes its implementation submodules from the namespace
# (``torch.optim.sgd`` is an AttributeError until imported explicitly)
del adam, optimizer, sgd  # noqa: F821

__all__ = ["Adam", "AdamW", "Optimizer", "SGD", "lr_scheduler"]

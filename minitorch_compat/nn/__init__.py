"""torch.nn: Module, Parameter, layers, losses, and the functional and init submodules."""
from . import functional, init, modules  # noqa: F401
from .modules import *  # noqa: F401,F403
from .modules import Module  # noqa: F401
from .parameter import Buffer, Parameter  # noqa: F401

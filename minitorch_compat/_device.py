"""torch.device and torch.Size: the small value types of the namespace."""

__all__ = ["device", "Size", "set_default_device", "get_default_device"]


class device:
    """A device description; only 'cpu' can hold tensors on this backend."""
    __slots__ = ("type", "index")

    def __init__(self, type, index=None):  # noqa: A002 - torch's parameter name
        if isinstance(type, device):
            self.type, self.index = type.type, type.index
            return
        if isinstance(type, int) and not isinstance(type, bool):
            # torch: a bare index means the current accelerator, and there is none here
            raise RuntimeError("Device index must not be negative" if type < 0 else
                               "Cannot access accelerator device when none is available.")
        if not isinstance(type, str):
            raise TypeError(f"device() received an invalid combination of arguments - got "
                            f"({_type_name(type)}), but expected one of:\n"
                            " * (torch.device device)\n * (str type, int index = -1)\n")
        if not type:
            raise RuntimeError("Device string must not be empty")
        name, colon, idx = type.partition(":")
        if colon:
            if not idx.isdigit() or not name:
                raise RuntimeError(f"Invalid device string: '{type}'")
            if index is not None:
                raise RuntimeError(f"type (string) must not include an index because index was "
                                   f"passed explicitly: {type}")
            index = int(idx)
        elif name.isdigit():
            raise RuntimeError(f"Invalid device string: '{type}'")
        if index is not None and index < 0:
            raise RuntimeError("Device index must not be negative")
        if name not in _KNOWN:
            raise RuntimeError("Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, "
                               "ideep, hip, ve, fpga, maia, xla, lazy, vulkan, mps, meta, hpu, "
                               "mtia, privateuseone device type at start of device string: "
                               + type)
        self.type, self.index = name, index

    def __repr__(self):
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other):
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self):
        return hash((self.type, self.index))

    def __reduce__(self):
        return (device, (self.type, self.index))


_KNOWN = ("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip", "ve", "fpga",
          "maia", "xla", "lazy", "vulkan", "mps", "meta", "hpu", "mtia", "privateuseone")


def _type_name(x):
    return type(x).__name__


CPU = device("cpu")
_default = {"device": CPU}


def set_default_device(dev):
    """torch.set_default_device: factories without device= use it (only cpu can hold data)."""
    _default["device"] = CPU if dev is None else device(dev)


def get_default_device():
    return _default["device"]


def check_device(dev):
    """The cpu device for ``dev`` (None, str, int or device); torch's error for others."""
    if dev is None:
        dev = _default["device"]
    if dev is CPU:
        return CPU
    d = device(dev) if not isinstance(dev, int) or isinstance(dev, bool) else device("cuda", dev)
    if d.type == "cuda":
        raise AssertionError("Torch not compiled with CUDA enabled")
    if d.type != "cpu":
        raise RuntimeError(f"Device type {d.type.upper()} is not supported on this build")
    return CPU


class Size(tuple):
    """torch.Size: a tuple of ints that prints as ``torch.Size([2, 3])``."""
    __slots__ = ()

    def __repr__(self):
        return f"torch.Size({list(self)})"

    __str__ = __repr__

    def numel(self):
        n = 1
        for s in self:
            n *= s
        return n

    def __getitem__(self, key):
        result = tuple.__getitem__(self, key)
        return Size(result) if isinstance(key, slice) else result

    def __add__(self, other):
        return Size(tuple.__add__(self, tuple(other)))

    def __reduce__(self):
        return (Size, (tuple(self),))

"""torch.save / torch.load, in torch's zip checkpoint format.

The file layout is torch's own (``<name>/data.pkl`` pickled with protocol 2, one
``<name>/data/<key>`` record per storage, ``version``, ``byteorder``...), and tensors pickle as
``torch._utils._rebuild_tensor_v2`` over persistent storages, so checkpoints written here load in
real PyTorch and checkpoints written by PyTorch (CPU tensors; CUDA ones with ``map_location``)
load here. Compatibility is a convenience, not a promise: torch's legacy non-zip format,
sparse/quantized/nested tensors and ``mmap=True`` are not supported, and bfloat16 tensors
cannot be loaded (no NumPy storage for them).

``weights_only=True`` (the default) unpickles with an allowlist (tensors, parameters, dtypes,
devices, Size, OrderedDict, Counter, set, complex, bytes/bytearray, plus
``add_safe_globals``) and refuses any other global with torch's ``_pickle.UnpicklingError``
message; ``weights_only=False`` loads anything (only for trusted files). Objects of this
package whose classes carry a ``torch...`` module name are saved under that name and resolved
back to this package on load."""
import _compat_pickle
import importlib
import io
import os
import pickle
import re
import struct
import sys
import uuid
import zipfile
from collections import Counter, OrderedDict
from codecs import encode as _codecs_encode

import numpy as np

from . import _dtype as D
from ._device import Size, device
from ._tensor import Tensor

__all__ = ["save", "load", "add_safe_globals", "clear_safe_globals", "get_safe_globals",
           "safe_globals", "DEFAULT_PROTOCOL"]

DEFAULT_PROTOCOL = 2

# ------------------------------------------------------------------------------ type tables
_STORAGE_NAMES = {  # torch's legacy typed-storage class of each dtype
    "float32": "FloatStorage", "float64": "DoubleStorage", "float16": "HalfStorage",
    "bfloat16": "BFloat16Storage", "int64": "LongStorage", "int32": "IntStorage",
    "int16": "ShortStorage", "int8": "CharStorage", "uint8": "ByteStorage",
    "bool": "BoolStorage", "complex64": "ComplexFloatStorage",
    "complex128": "ComplexDoubleStorage"}
_DTYPE_OF_STORAGE = {v: D._dtype_by_name(k) for k, v in _STORAGE_NAMES.items()}


class _StorageType:
    """What ``torch.FloatStorage`` (etc.) unpickles to: just the element dtype (None for
    ``UntypedStorage``, whose elements are bytes)."""
    __slots__ = ("dtype", "name")

    def __init__(self, name, dtype):
        self.name, self.dtype = name, dtype

    def __repr__(self):
        return f"<storage type {self.name}>"


class _Global:
    """A global written into the pickle by name (torch's names, not this package's)."""
    __slots__ = ("module", "name")

    def __init__(self, module, name):
        self.module, self.name = module, name

    def __call__(self, *args, **kwargs):  # pickle requires reduce functions to be callable
        raise TypeError(f"{self.module}.{self.name} is a name in a checkpoint, not a function")


_G_REBUILD_V2 = _Global("torch._utils", "_rebuild_tensor_v2")
_G_REBUILD_V3 = _Global("torch._utils", "_rebuild_tensor_v3")
_G_REBUILD_PARAM = _Global("torch._utils", "_rebuild_parameter")
_G_DEVICE = _Global("torch", "device")
_G_SIZE = _Global("torch", "Size")
_G_UNTYPED = _Global("torch.storage", "UntypedStorage")
_G_STORAGE = {name: _Global("torch", name) for name in _STORAGE_NAMES.values()}


# ------------------------------------------------------------------------------ rebuilders
def _view(storage, storage_offset, size, stride, dtype):
    if dtype._np is None:
        raise NotImplementedError(f"{dtype} tensors are not supported by minitorch_compat")
    arr = storage.array
    if arr.dtype != dtype._np:
        arr = arr.view(dtype._np)
    size, stride = tuple(size), tuple(stride)
    if any(s == 0 for s in size):
        return np.empty(size, dtype=dtype._np)
    itemsize = arr.itemsize
    return np.lib.stride_tricks.as_strided(arr[storage_offset:], shape=size,
                                           strides=tuple(s * itemsize for s in stride))


def _make_tensor(data, dtype, requires_grad):
    t = Tensor._make(data, dtype)
    if requires_grad:
        t.requires_grad_(True)
    return t


def _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks,
                       metadata=None):
    return _make_tensor(_view(storage, storage_offset, size, stride, storage.dtype),
                        storage.dtype, requires_grad)


def _rebuild_tensor_v3(storage, storage_offset, size, stride, requires_grad, backward_hooks,
                       dtype, metadata=None):
    return _make_tensor(_view(storage, storage_offset, size, stride, dtype), dtype,
                        requires_grad)


def _rebuild_tensor(storage, storage_offset, size, stride):
    return _make_tensor(_view(storage, storage_offset, size, stride, storage.dtype),
                        storage.dtype, False)


def _rebuild_parameter(data, requires_grad, backward_hooks):
    from .nn.parameter import Parameter
    return Parameter(data, requires_grad)


def _rebuild_parameter_with_state(data, requires_grad, backward_hooks, state):
    p = _rebuild_parameter(data, requires_grad, backward_hooks)
    _set_obj_state(p, state)
    return p


def _rebuild_from_type_v2(func, new_type, args, state):
    ret = func(*args)
    if type(ret) is not new_type and isinstance(new_type, type) and \
            issubclass(new_type, Tensor):
        from ._tensor import _rewrap
        ret = _rewrap(new_type, ret, ret)
    _set_obj_state(ret, state)
    return ret


def _set_obj_state(obj, state):
    if isinstance(state, tuple):
        dict_state, slots_state = state
    else:
        dict_state, slots_state = state, None
    if dict_state:
        for k, v in dict_state.items():
            setattr(obj, k, v)
    if slots_state:
        for k, v in slots_state.items():
            setattr(obj, k, v)
    return obj


def _get_layout(name):
    raise NotImplementedError(f"tensors of layout {name} are not supported by minitorch_compat")


class _StorageTypedWrapper:
    """Binds a loaded storage to its element dtype for the rebuild functions."""
    __slots__ = ("array", "dtype", "location")

    def __init__(self, array, dtype, location):
        self.array, self.dtype, self.location = array, dtype, location


# ------------------------------------------------------------------------------ allowlist
def _allowed_globals():
    from .nn.parameter import Parameter
    rc = {
        "collections.OrderedDict": OrderedDict,
        "collections.Counter": Counter,
        "torch.nn.parameter.Parameter": Parameter,
        "torch.serialization._get_layout": _get_layout,
        "torch.Size": Size,
        "torch.Tensor": Tensor,
        "torch.device": device,
        "_codecs.encode": _codecs_encode,
        "builtins.bytearray": bytearray,
        "builtins.set": set,
        "builtins.complex": complex,
        "torch._utils._rebuild_tensor": _rebuild_tensor,
        "torch._utils._rebuild_tensor_v2": _rebuild_tensor_v2,
        "torch._utils._rebuild_tensor_v3": _rebuild_tensor_v3,
        "torch._utils._rebuild_parameter": _rebuild_parameter,
        "torch._utils._rebuild_parameter_with_state": _rebuild_parameter_with_state,
        "torch._tensor._rebuild_from_type_v2": _rebuild_from_type_v2,
        "torch.storage.UntypedStorage": _StorageType("UntypedStorage", None),
        "torch.UntypedStorage": _StorageType("UntypedStorage", None),
    }
    for d in D._ALL:
        rc[f"torch.{d._name}"] = d
    for name, dt in _DTYPE_OF_STORAGE.items():
        rc[f"torch.{name}"] = _StorageType(name, dt)
        rc[f"torch.cuda.{name}"] = _StorageType(name, dt)
    return rc


_ALLOWED = None
_user_safe_globals = []


def _user_allowed():
    out = {}
    for entry in _user_safe_globals:
        if isinstance(entry, tuple):
            obj, path = entry
        else:
            obj, path = entry, f"{entry.__module__}.{entry.__qualname__}"
        out[path] = obj
    return out


def add_safe_globals(safe_globals):
    """Mark globals (objects, or ``(object, "module.qualname")`` pairs) as safe to load with
    ``weights_only=True``."""
    _user_safe_globals.extend(safe_globals)


def clear_safe_globals():
    _user_safe_globals.clear()


def get_safe_globals():
    return list(_user_safe_globals)


class safe_globals:  # noqa: N801 - torch's name
    """Context manager adding safe globals for ``weights_only`` loads inside it."""

    def __init__(self, safe_globals):
        self.safe_globals = safe_globals

    def __enter__(self):
        self._n = len(_user_safe_globals)
        add_safe_globals(self.safe_globals)

    def __exit__(self, *exc):
        del _user_safe_globals[self._n:]
        return False


_UNSAFE_MESSAGE = (
    "In PyTorch 2.6, we changed the default value of the `weights_only` argument in `torch.load` "
    "from `False` to `True`. Re-running `torch.load` with `weights_only` set to `False` will "
    "likely succeed, but it can result in arbitrary code execution. Do it only if you got the "
    "file from a trusted source.")
_DOCS_MESSAGE = (
    "\n\nCheck the documentation of torch.load to learn more about types accepted by default "
    "with weights_only https://pytorch.org/docs/stable/generated/torch.load.html.")


def _wo_message(message):
    if re.search(r"GLOBAL (\S+) was not an allowed global by default.", message):
        out = ("Weights only load failed. This file can still be loaded, to do so you have two "
               "options, \033[1mdo those steps only if you trust the source of the "
               f"checkpoint\033[0m. \n\t(1) {_UNSAFE_MESSAGE}\n\t(2) Alternatively, to load with "
               "`weights_only=True` please check the recommended steps in the following error "
               "message.\n\tWeightsUnpickler error: " + message)
    else:
        out = (f"Weights only load failed. {_UNSAFE_MESSAGE}\nPlease file an issue with the "
               "following so that we can make `weights_only=True` compatible with your use "
               "case: WeightsUnpickler error: \n\n" + message)
    return out + _DOCS_MESSAGE


class _WeightsOnlyError(Exception):
    pass


def _unsupported_global(full_path):
    if full_path.startswith("builtins"):
        rest = full_path[len("builtins"):]
        full_path = rest[1:] if rest.startswith(".") else "builtins" + rest
    return _WeightsOnlyError(
        f"Unsupported global: GLOBAL {full_path} was not an allowed global by default. Please "
        f"use `torch.serialization.add_safe_globals([{full_path}])` or the "
        f"`torch.serialization.safe_globals([{full_path}])` context manager to allowlist this "
        "global if you trust this class/function.")


def _resolve_torch_name(module, name):
    """A ``torch.x.y`` global (from a real torch checkpoint, or saved by this package under
    torch's name) as this package's object."""
    allowed = _allowed()
    if f"{module}.{name}" in allowed:
        return allowed[f"{module}.{name}"]
    mod_path = "minitorch_compat" + module[len("torch"):]
    try:
        obj = importlib.import_module(mod_path)
        for part in name.split("."):
            obj = getattr(obj, part)
        return obj
    except (ImportError, AttributeError):
        pass
    # fall back on the public namespace: torch.nn.modules.linear.Linear -> torch.nn.Linear
    parts = module.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(["minitorch_compat"] + parts[1:cut]))
            return getattr(obj, name)
        except (ImportError, AttributeError):
            continue
    raise AttributeError(f"minitorch_compat has no equivalent of {module}.{name}")


def _allowed():
    global _ALLOWED
    if _ALLOWED is None:
        _ALLOWED = _allowed_globals()
    return _ALLOWED


# ------------------------------------------------------------------------------ save
class _TorchPickler(pickle._Pickler):
    """The pure-Python pickler, so that globals can be written under torch's names."""

    def __init__(self, file, protocol):
        super().__init__(file, protocol)
        self.storages = {}   # key -> (root array, dtype)
        self._keys = {}      # id(root array) -> key
        self._keep = []      # keeps ids stable while pickling

    # storages -------------------------------------------------------------------------
    def _storage_of(self, arr, dtype):
        """(storage marker, offset, stride) for a NumPy array, sharing the storage of every
        array viewing the same memory."""
        root = arr
        while isinstance(root.base, np.ndarray):
            root = root.base
        shareable = (root.dtype == arr.dtype and root.flags.c_contiguous
                     and all(s >= 0 for s in arr.strides)
                     and all(s % arr.itemsize == 0 for s in arr.strides))
        if shareable:
            offset_bytes = (arr.__array_interface__["data"][0]
                            - root.__array_interface__["data"][0])
            shareable = offset_bytes % arr.itemsize == 0 and 0 <= offset_bytes
        if not shareable:
            root = np.ascontiguousarray(arr)
            offset_bytes = 0
        key = self._keys.get(id(root))
        if key is None:
            key = str(len(self.storages))
            self._keys[id(root)] = key
            self.storages[key] = (root, dtype)
            self._keep.append(root)
        src = arr if shareable else root
        stride = tuple(s // src.itemsize for s in src.strides)
        return _PersistentStorage(key, dtype, root.size), offset_bytes // arr.itemsize, stride

    def persistent_id(self, obj):
        if isinstance(obj, _PersistentStorage):
            if obj.dtype._name in _STORAGE_NAMES:
                return ("storage", _G_STORAGE[_STORAGE_NAMES[obj.dtype._name]], obj.key, "cpu",
                        obj.numel)
            return ("storage", _G_UNTYPED, obj.key, "cpu", obj.numel * obj.dtype.itemsize)
        return None

    # reductions -----------------------------------------------------------------------
    def reducer_override(self, obj):
        cls = type(obj)
        if cls is _Global:
            return obj.name  # a string: pickle calls save_global, which writes torch's name
        if isinstance(obj, Tensor):
            from .nn.parameter import Parameter
            if cls is Parameter:
                return (_G_REBUILD_PARAM,
                        (Tensor.detach(obj), obj.requires_grad, OrderedDict()))
            arr = np.asarray(obj._data)
            storage, offset, stride = self._storage_of(arr, obj._dtype)
            if obj._dtype._name in _STORAGE_NAMES:
                args = (storage, offset, tuple(arr.shape), stride, obj.requires_grad,
                        OrderedDict())
                rebuild = _G_REBUILD_V2
            else:
                args = (storage, offset, tuple(arr.shape), stride, obj.requires_grad,
                        OrderedDict(), obj._dtype)
                rebuild = _G_REBUILD_V3
            return (rebuild, args)
        if cls is D.dtype:
            return "torch." + obj._name  # written as GLOBAL 'torch <name>' by save_global
        if cls is device:
            args = (obj.type,) if obj.index is None else (obj.type, obj.index)
            return (_G_DEVICE, args)
        if cls is Size:
            return (_G_SIZE, (tuple(obj),))
        return NotImplemented

    def save_global(self, obj, name=None):
        if isinstance(obj, _Global):
            module, qualname = obj.module, obj.name
        elif isinstance(obj, D.dtype):
            module, qualname = "torch", obj._name
        else:
            module = getattr(obj, "__module__", None) or ""
            qualname = name or getattr(obj, "__qualname__", None) or obj.__name__
            if not (module == "torch" or module.startswith("torch.")):
                return super().save_global(obj, name)
        self.write(pickle.GLOBAL + module.encode("utf-8") + b"\n"
                   + qualname.encode("utf-8") + b"\n")
        self.memoize(obj)


class _PersistentStorage:
    __slots__ = ("key", "dtype", "numel")

    def __init__(self, key, dtype, numel):
        self.key, self.dtype, self.numel = key, dtype, numel


def _is_path(f):
    return isinstance(f, (str, os.PathLike))


def _record_prefix(f):
    if _is_path(f):
        return os.path.splitext(os.path.basename(os.fspath(f)))[0] or "archive"
    return "archive"


def _aligned_writestr(zf, name, data, alignment=64):
    # pad the local header's extra field so the record's bytes start at a multiple of 64,
    # as torch's writer does
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED
    start = zf.fp.tell() + 30 + len(name.encode("utf-8"))
    pad = (-start) % alignment
    if pad:
        if pad < 4:
            pad += alignment
        info.extra = struct.pack("<HH", 0x4246, pad - 4) + b"Z" * (pad - 4)
    zf.writestr(info, data)


def save(obj, f, pickle_module=pickle, pickle_protocol=DEFAULT_PROTOCOL,
         _use_new_zipfile_serialization=True, _disable_byteorder_record=False):
    """Save ``obj`` to ``f`` (a path, an os.PathLike, or a binary file object)."""
    if not _use_new_zipfile_serialization:
        raise NotImplementedError("minitorch_compat.save writes torch's zip format only "
                                  "(_use_new_zipfile_serialization=False is not supported)")
    data = io.BytesIO()
    pickler = _TorchPickler(data, pickle_protocol)
    pickler.dump(obj)
    prefix = _record_prefix(f)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        _aligned_writestr(zf, f"{prefix}/data.pkl", data.getvalue())
        _aligned_writestr(zf, f"{prefix}/.format_version", b"1")
        _aligned_writestr(zf, f"{prefix}/.storage_alignment", b"64")
        if not _disable_byteorder_record:
            _aligned_writestr(zf, f"{prefix}/byteorder", sys.byteorder.encode())
        for key, (root, _dtype) in pickler.storages.items():
            _aligned_writestr(zf, f"{prefix}/data/{key}", np.ascontiguousarray(root).tobytes())
        _aligned_writestr(zf, f"{prefix}/version", b"3\n")
        _aligned_writestr(zf, f"{prefix}/.data/serialization_id",
                          str(uuid.uuid4().int).zfill(40)[:40].encode())
    payload = out.getvalue()
    if _is_path(f):
        with open(f, "wb") as fh:
            fh.write(payload)
    else:
        f.write(payload)
        if hasattr(f, "flush"):
            f.flush()


# ------------------------------------------------------------------------------ load
class _TorchUnpickler(pickle.Unpickler):
    def __init__(self, file, zf, prefix, weights_only, map_location, byteorder, **kwargs):
        super().__init__(file, **kwargs)
        self._zf, self._prefix = zf, prefix
        self._weights_only = weights_only
        self._map_location = map_location
        self._byteorder = byteorder
        self._loaded = {}

    def find_class(self, module, name):
        # protocol 2 writes Python 2 names (__builtin__.set); map them as pickle does
        if (module, name) in _compat_pickle.NAME_MAPPING:
            module, name = _compat_pickle.NAME_MAPPING[(module, name)]
        elif module in _compat_pickle.IMPORT_MAPPING:
            module = _compat_pickle.IMPORT_MAPPING[module]
        full = f"{module}.{name}"
        allowed = _allowed()
        if full in allowed:
            return allowed[full]
        user = _user_allowed()
        if full in user:
            return user[full]
        if self._weights_only:
            raise _unsupported_global(full)
        if module == "torch" or module.startswith("torch."):
            return _resolve_torch_name(module, name)
        return super().find_class(module, name)

    def persistent_load(self, pid):
        typename = pid[0]
        if typename != "storage":
            raise pickle.UnpicklingError(
                f"Unknown typename for persistent_load, expected 'storage' but got '{typename}'")
        storage_type, key, location = pid[1], pid[2], pid[3]
        dtype = storage_type.dtype if isinstance(storage_type, _StorageType) else None
        if key in self._loaded:
            arr = self._loaded[key]
        else:
            raw = bytearray(self._zf.read(f"{self._prefix}/data/{key}"))
            np_dtype = np.uint8 if dtype is None else dtype._np
            if np_dtype is None:
                raise NotImplementedError(f"{dtype} tensors are not supported by minitorch_compat")
            arr = np.frombuffer(raw, dtype=np_dtype)
            if self._byteorder != sys.byteorder and arr.itemsize > 1:
                arr = arr.byteswap()
            self._loaded[key] = arr
        storage = _StorageTypedWrapper(arr, dtype, location)
        return self._restore_location(storage, location)

    def _restore_location(self, storage, location):
        ml = self._map_location
        if callable(ml) and not isinstance(ml, (str, device, dict)):
            result = ml(storage, location)
            if result is not None:
                return result
            target = location
        elif isinstance(ml, dict):
            target = ml.get(location, location)
        elif ml is None:
            target = location
        else:
            target = str(ml)
        _check_target(target)
        return storage


def _check_target(location):
    if isinstance(location, device):
        location = str(location)
    if location == "cpu" or location.startswith("cpu:") or location == "meta":
        return
    backend = location.split(":")[0]
    if backend in ("cuda", "mps", "xpu", "hpu", "mtia"):
        raise RuntimeError(
            f"Attempting to deserialize object on a {backend.upper()} device but "
            f"torch.{backend}.is_available() is False. If you are running on a CPU-only "
            "machine, please use torch.load with map_location=torch.device('cpu') to map your "
            "storages to the CPU.")
    raise RuntimeError(f"don't know how to restore data location of {location}")


def _read_all(f):
    if _is_path(f):
        with open(f, "rb") as fh:
            return fh.read()
    return f.read()


def load(f, map_location=None, pickle_module=None, *, weights_only=None, mmap=None,
         **pickle_load_args):
    """Load an object saved with :func:`save` (or by PyTorch, in its zip format) from a path,
    an os.PathLike, or a binary file object. ``weights_only`` defaults to True."""
    if weights_only is None:
        weights_only = pickle_module is None
    if weights_only and pickle_module is not None:
        raise RuntimeError("Can not safely load weights when explicit pickle_module is "
                           "specified")
    pickle_load_args.setdefault("encoding", "utf-8")
    data = _read_all(f)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        if len(data) == 0:
            raise EOFError("")
        if weights_only:
            raise pickle.UnpicklingError(_wo_message(f"Unsupported operand {data[0]}"))
        raise RuntimeError("minitorch_compat.load reads torch's zip checkpoint format only; "
                           "this file is not a zip archive (torch's legacy format, or not a "
                           "checkpoint)")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        pkl = [n for n in names if n.endswith("/data.pkl") and n.count("/") == 1]
        if not pkl:
            raise RuntimeError("PytorchStreamReader failed locating file data.pkl: file not "
                               "found")
        prefix = pkl[0][:-len("/data.pkl")]
        byteorder = "little"
        if f"{prefix}/byteorder" in names:
            byteorder = zf.read(f"{prefix}/byteorder").decode().strip() or "little"
        unpickler = _TorchUnpickler(io.BytesIO(zf.read(pkl[0])), zf, prefix, weights_only,
                                    map_location, byteorder, **pickle_load_args)
        try:
            return unpickler.load()
        except _WeightsOnlyError as e:
            raise pickle.UnpicklingError(_wo_message(str(e))) from None

"""Tensor printing: ``repr(tensor)``, print options, ``format(tensor, spec)``.

Reproduces the text of PyTorch 2.13's CPU tensor repr character for character.
The formatting decisions (integer-valued floats, fixed vs scientific notation,
column width) are made with NumPy reductions over the values that will be shown,
and element strings are produced in bulk by a single ``%`` formatting call.

The tensor contract used here (no import of the Tensor class):
``t._data`` (array-like, read with ``numpy.asarray``), ``t.dtype`` (``str`` gives
``'torch.float32'``; ``is_floating_point`` / ``is_complex`` attributes),
``t.requires_grad`` and ``t.grad_fn`` (``None`` or an object with ``.name()``).
"""
import contextlib
import dataclasses
import math

import numpy as np

__all__ = [
    "PRINT_OPTS", "set_printoptions", "get_printoptions", "printoptions",
    "tensor_repr", "parameter_repr", "format_scalar_tensor",
]


@dataclasses.dataclass
class _PrintOptions:
    precision: int = 4
    threshold: float = 1000
    edgeitems: int = 3
    linewidth: int = 80
    sci_mode: "bool | None" = None


PRINT_OPTS = _PrintOptions()

_PROFILES = {
    "default": dict(precision=4, threshold=1000, edgeitems=3, linewidth=80),
    "short": dict(precision=2, threshold=1000, edgeitems=2, linewidth=80),
    "full": dict(precision=4, threshold=math.inf, edgeitems=3, linewidth=80),
}


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None,
                     profile=None, sci_mode=None):
    """torch.set_printoptions: a profile first (unknown names are ignored, as in torch),
    then each explicit option. ``sci_mode`` is always assigned, so leaving it out resets it
    to ``None`` (automatic), exactly like torch."""
    if profile is not None and profile in _PROFILES:
        for name, value in _PROFILES[profile].items():
            setattr(PRINT_OPTS, name, value)
    if precision is not None:
        PRINT_OPTS.precision = precision
    if threshold is not None:
        PRINT_OPTS.threshold = threshold
    if edgeitems is not None:
        PRINT_OPTS.edgeitems = edgeitems
    if linewidth is not None:
        PRINT_OPTS.linewidth = linewidth
    PRINT_OPTS.sci_mode = sci_mode


def get_printoptions():
    """The current options as a dict that can be passed back to set_printoptions()."""
    return dataclasses.asdict(PRINT_OPTS)


@contextlib.contextmanager
def printoptions(**kwargs):
    """Temporarily apply set_printoptions(**kwargs); the previous options come back on exit."""
    saved = get_printoptions()
    set_printoptions(**kwargs)
    try:
        yield
    finally:
        set_printoptions(**saved)


# ----------------------------------------------------------------------------- dtype helpers
def _default_dtype():
    """The process default floating dtype (looked up lazily; tests may replace this)."""
    from minitorch_compat._dtype import get_default_dtype
    return get_default_dtype()


def _dtype_kind(dtype, arr):
    """'c' complex, 'f' floating, 'b' bool, 'i' integer."""
    if getattr(dtype, "is_complex", False):
        return "c"
    if getattr(dtype, "is_floating_point", False):
        return "f"
    if str(dtype) == "torch.bool" or arr.dtype.kind == "b":
        return "b"
    k = arr.dtype.kind
    if k == "c":
        return "c"
    if k == "f":
        return "f"
    return "i"


# ----------------------------------------------------------------------------- element formatting
def _bulk_format(fmt, values):
    """[fmt % v for v in values] done by one C-level formatting call."""
    n = len(values)
    if n == 0:
        return []
    if n == 1:
        return [fmt % values[0]]
    return ("\0".join([fmt] * n) % tuple(values)).split("\0")


class _FloatFormatter:
    """The layout decisions for one set of real floating values (torch's _Formatter)."""

    __slots__ = ("int_mode", "sci_mode", "width", "precision")

    def __init__(self, values, opts):
        # values: float64 ndarray of exactly the elements that will be displayed
        self.precision = opts.precision
        self.int_mode = True
        self.sci_mode = False
        self.width = 1
        finite = np.isfinite(values)
        shown = values[finite & (values != 0)]
        if shown.size == 0:
            return
        self.int_mode = bool(np.all(shown == np.ceil(shown)))
        mags = np.abs(shown)
        lo = mags.min()
        hi = mags.max()
        if opts.sci_mode is None:
            with np.errstate(over="ignore"):
                self.sci_mode = bool(hi / lo > 1000.0 or hi > 1.0e8 or lo < 1.0e-4)
        else:
            self.sci_mode = opts.sci_mode
        # The widest rendering comes from an extreme of each sign: fixed and integer layouts
        # grow with magnitude; in scientific layout only the exponent's digit count varies,
        # and it is largest at the smallest or largest magnitude.
        pos = shown[shown > 0]
        neg = shown[shown < 0]
        candidates = []
        if self.sci_mode:
            for part in (pos, neg):
                if part.size:
                    candidates += [float(part.min()), float(part.max())]
            fmt = "%%.%de" % self.precision
            self.width = max(len(fmt % v) for v in candidates)
        else:
            if pos.size:
                candidates.append(float(pos.max()))
            if neg.size:
                candidates.append(float(neg.min()))
            if self.int_mode:
                self.width = max(len("%.0f" % v) for v in candidates) + 1
            else:
                fmt = "%%.%df" % self.precision
                self.width = max(len(fmt % v) for v in candidates)

    def format_all(self, values, pad=True):
        """Strings for a float64 ndarray (flat), right-aligned to the width when pad."""
        vals = values.tolist()
        width = self.width if pad else 0
        w = str(width) if width > 0 else ""
        if self.sci_mode:
            return _bulk_format("%" + w + ".%de" % self.precision, vals)
        if self.int_mode:
            wi = str(width - 1) if width > 1 else ""
            out = _bulk_format("%" + wi + ".0f.", vals)
            bad = np.flatnonzero(~np.isfinite(values))
            for i in bad.tolist():
                out[i] = ("%.0f" % vals[i]).rjust(width)
            return out
        return _bulk_format("%" + w + ".%df" % self.precision, vals)


class _PlainFormatter:
    """Integers and booleans: str() of each value, right-aligned to the widest."""

    __slots__ = ("width",)

    def __init__(self, values, kind):
        self.width = 1
        if values.size == 0:
            return
        if kind == "b":
            self.width = 5 if not values.all() else 4
        else:
            self.width = max(self.width, len(str(values.min().item())),
                             len(str(values.max().item())))

    def format_all(self, values, pad=True):
        fmt = "%" + str(self.width) + "s" if pad else "%s"
        return _bulk_format(fmt, values.tolist())


def _element_strings(arr, kind, opts):
    """(flat list of element strings of arr in C order, element width incl. separators)."""
    flat = arr.reshape(-1)
    if kind == "c":
        flat = flat.astype(np.complex128, copy=False)
        re = np.ascontiguousarray(flat.real)
        im = np.ascontiguousarray(flat.imag)
        f_re = _FloatFormatter(re, opts)
        f_im = _FloatFormatter(im, opts)
        rs = f_re.format_all(re)
        ims = f_im.format_all(im, pad=False)
        out = [r + i + "j" if i[0] == "-" else r + "+" + i + "j" for r, i in zip(rs, ims)]
        return out, f_re.width + 2 + f_im.width + 1
    if kind == "f":
        flat = flat.astype(np.float64, copy=False)
        fmt = _FloatFormatter(flat, opts)
        return fmt.format_all(flat), fmt.width + 2
    if kind == "b":
        flat = flat.astype(np.bool_, copy=False)
    elif flat.dtype.kind not in "iu":
        flat = flat.astype(np.int64)
    fmt = _PlainFormatter(flat, kind)
    return fmt.format_all(flat), fmt.width + 2


# ----------------------------------------------------------------------------- layout
def _layout(strs, shape, cut, edge, indent, elem_len, opts):
    """Nest the flat strings of an array of `shape` into torch's bracketed text. `cut[d]` says
    dimension d was summarised (only `edge` leading and trailing entries are present)."""
    linewidth = opts.linewidth

    def rows(start, d, ind):
        n = shape[d]
        if d == len(shape) - 1:
            row = strs[start:start + n]
            if cut[d]:
                row = row[:edge] + [" ..."] + row[edge:]
            per_line = max(1, math.floor((linewidth - ind) / elem_len))
            if len(row) <= per_line:
                return "[" + ", ".join(row) + "]"
            lines = [", ".join(row[i:i + per_line]) for i in range(0, len(row), per_line)]
            return "[" + (",\n" + " " * (ind + 1)).join(lines) + "]"
        step = 1
        for s in shape[d + 1:]:
            step *= s
        parts = [rows(start + i * step, d + 1, ind + 1) for i in range(n)]
        if cut[d]:
            parts.insert(edge, "...")
        sep = "," + "\n" * (len(shape) - 1 - d) + " " * (ind + 1)
        return "[" + sep.join(parts) + "]"

    return rows(0, 0, indent)


def _contents(arr, kind, indent, opts):
    """The bracketed body for a non-empty array (torch's _tensor_str)."""
    summarize = arr.size > opts.threshold
    edge = opts.edgeitems
    if arr.ndim == 0:
        strs, _ = _element_strings(arr, kind, opts)
        return strs[0]
    if summarize and not edge:
        return "[...]"
    shape = arr.shape
    if summarize:
        cut = tuple(n > 2 * edge for n in shape)
        if any(cut):
            index = tuple(
                np.r_[0:edge, n - edge:n] if c else slice(None) for n, c in zip(shape, cut))
            # select dimension by dimension (orthogonal indexing, as torch's stacking does)
            for d, ix in enumerate(index):
                if not isinstance(ix, slice):
                    arr = np.take(arr, ix, axis=d)
            shape = arr.shape
    else:
        cut = (False,) * arr.ndim
    strs, elem_len = _element_strings(arr, kind, opts)
    return _layout(strs, shape, cut, edge, indent, elem_len, opts)


def _join_suffixes(text, suffixes, indent, linewidth):
    pieces = [text]
    # torch counts the last line this way (two more than its length when there is no newline)
    last = len(text) - text.rfind("\n") + 1
    for suffix in suffixes:
        n = len(suffix)
        if last + n + 2 > linewidth:
            pieces.append(",\n" + " " * indent + suffix)
            last = indent + n
        else:
            pieces.append(", " + suffix)
            last += n + 2
    pieces.append(")")
    return "".join(pieces)


def _grad_fn_name(t):
    node = getattr(t, "grad_fn", None)
    if node is None:
        return None
    name = node.name() if hasattr(node, "name") else type(node).__name__
    return name.rsplit("::", 1)[-1]


def tensor_repr(t, *, tensor_contents=None):
    """The text torch 2.13 shows for repr()/str()/print() of a dense CPU tensor."""
    opts = PRINT_OPTS
    arr = np.asarray(t._data)
    dtype = t.dtype
    dtype_name = str(dtype)
    prefix = "tensor("
    indent = len(prefix)
    suffixes = []
    default_name = str(_default_dtype())
    if arr.size == 0:
        if arr.ndim != 1:
            suffixes.append("size=" + str(tuple(arr.shape)))
        if dtype_name != default_name:
            suffixes.append("dtype=" + dtype_name)
        body = "[]" if tensor_contents is None else tensor_contents
    else:
        if not opts.edgeitems:
            suffixes.append("size=" + str(tuple(arr.shape)))
        default_complex = ("torch.complex128" if default_name == "torch.float64"
                           else "torch.complex64")
        if dtype_name not in (default_name, default_complex, "torch.int64", "torch.bool"):
            suffixes.append("dtype=" + dtype_name)
        if tensor_contents is None:
            body = _contents(arr, _dtype_kind(dtype, arr), indent, opts)
        else:
            body = tensor_contents
    grad_fn = _grad_fn_name(t)
    if grad_fn is not None:
        suffixes.append("grad_fn=<" + grad_fn + ">")
    elif getattr(t, "requires_grad", False):
        suffixes.append("requires_grad=True")
    return _join_suffixes(prefix + body, suffixes, indent, opts.linewidth)


def parameter_repr(t):
    """repr(nn.Parameter(...)) in torch 2.13."""
    return "Parameter containing:\n" + tensor_repr(t)


def _is_parameter(t):
    return any(cls.__name__ == "Parameter" for cls in type(t).__mro__)


def format_scalar_tensor(t, format_spec, *, is_parameter=None):
    """format(t, format_spec) as torch's Tensor.__format__: a 0-d plain tensor formats its
    Python number; anything else behaves as object.__format__ (str(t) for an empty spec,
    TypeError otherwise). Parameters always take the second route; is_parameter=None
    recognises them by a class named ``Parameter`` in the tensor's type's MRO."""
    if is_parameter is None:
        is_parameter = _is_parameter(t)
    if not is_parameter:
        arr = np.asarray(t._data)
        if arr.ndim == 0:
            value = arr.item()
            if str(t.dtype) == "torch.bool":
                value = bool(value)
            return format(value, format_spec)
    if format_spec:
        raise TypeError(
            f"unsupported format string passed to {type(t).__name__}.__format__")
    return str(t)

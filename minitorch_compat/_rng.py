"""torch's CPU random streams over MT19937, bit for bit (spec: shared/design/rng.md).

This module reproduces the values that torch 2.13 (Linux x86-64 CPU wheel, AVX2 or
AVX512 capability) produces for its CPU random kernels, bit for bit, using NumPy
only.  It knows nothing about the Tensor class: every kernel takes an
:class:`Engine` (one ``torch.Generator``) and fills a NumPy array in place.  The
torch dtype is identified by the array's NumPy dtype (float16, float32, float64,
int8, int16, int32, int64, uint8, bool; complex64/complex128 for ``uniform_`` and
``normal_``; uint16/uint32/uint64 where torch accepts them).

Element order: torch fills an output in TensorIterator order, which for the
(non-overlapping) arrays handled here is *memory* order: dimensions sorted by
decreasing stride.  ``out`` may therefore be any strided view (a transpose, a
stepped slice); the kernels write to it in its memory order.  NumPy views with
negative strides (torch has none) are filled in ascending address order too.

Floating-point details that matter for bit-exactness (all from the spec):

* float32/float16 uniforms use the low 24 bits of one 32-bit word; float64 uses
  the low 53 bits of ``random64()`` (first word high).
* ``a*b+c`` expressions that GCC contracted into fused multiply-adds are
  emulated exactly (``_fma32`` / ``_fma64``).
* double ``log``/``log1p``/``sin``/``cos``/``tan``/``exp`` come from the platform
  libm through Python's ``math`` module (NumPy's own SIMD ``log`` differs from
  glibc in the last bit).  ``np.sin``/``np.cos`` are used only after a one-time
  self-check against ``math``.
* float32 ``normal_`` on contiguous arrays of 16 or more elements replays the
  AVX2 Cephes-style ``log256_ps``/``sincos256_ps`` operation by operation.
  Each fused multiply-add of those polynomials is evaluated as a float64
  multiply-add rounded once to float32; that shortcut was checked to equal the
  exactly rounded FMA for all 2**24 possible inputs of each function
  (``tests/test_rng.py`` keeps the exact reference and a sampled check).

Not reproduced: the ``ATEN_CPU_CAPABILITY=default`` (non-AVX2, ARM) float32 block
normal kernel, which calls the platform's float ``logf``/``sinf``/``cosf``;
bfloat16 (NumPy has no such dtype); ``trunc_normal_`` (needs torch's ``erfinv``).
"""

import math
import os
import struct
import warnings

import numpy as np

__all__ = [
    "Engine",
    "DEFAULT_SEED",
    "STATE_SIZE",
    "uniform_",
    "normal_",
    "random_",
    "randint",
    "randperm",
    "bernoulli_",
    "dropout_noise_",
    "dropout_mask",
    "exponential_",
    "log_normal_",
    "cauchy_",
    "geometric_",
    "multinomial",
    "rand",
    "randn",
]

DEFAULT_SEED = 67280421310721  # seed of a freshly constructed torch.Generator()
STATE_SIZE = 5056  # bytes of torch.get_rng_state() for a CPU generator

_N = 624
_U64_MASK = (1 << 64) - 1
_MASK24 = 0xFFFFFF
_MASK53 = (1 << 53) - 1
_TWO_PI = 2.0 * math.pi  # "2 * c10::pi<double>" (exact doubling of the double pi)
_RANDPERM_SMALL = 0xFFFFFFFF // 20  # 214748364: below it randperm uses 32-bit draws


# --------------------------------------------------------------------------------------
# MT19937 engine
# --------------------------------------------------------------------------------------

def _init_genrand(seed32):
    """Key of std::mt19937 seeded with a 32-bit value (torch's init_genrand)."""
    key = [0] * _N
    x = seed32 & 0xFFFFFFFF
    key[0] = x
    for i in range(1, _N):
        x = (1812433253 * (x ^ (x >> 30)) + i) & 0xFFFFFFFF
        key[i] = x
    return np.array(key, dtype=np.uint32)


def _temper(y):
    """MT19937 output tempering of a uint32 array."""
    y = y.astype(np.uint32, copy=True)
    y ^= y >> np.uint32(11)
    y ^= (y << np.uint32(7)) & np.uint32(0x9D2C5680)
    y ^= (y << np.uint32(15)) & np.uint32(0xEFC60000)
    y ^= y >> np.uint32(18)
    return y


def _seed_to_u64(seed):
    """torch.manual_seed's conversion: int(seed), range [-2**63, 2**64-1], two's complement."""
    s = int(seed)
    if s < -(1 << 63) or s > _U64_MASK:
        raise ValueError("Overflow when unpacking long long")
    return s & _U64_MASK


_FAST_U32 = None  # Generator.integers(0, 2**32, uint32) yields raw MT words (checked lazily)
_FAST_U64 = None  # Generator.integers(0, 2**64, uint64) yields (w0 << 32) | w1 (checked lazily)


def _check_fast_paths():
    global _FAST_U32, _FAST_U64
    ref = np.random.MT19937(12345).random_raw(64)
    try:
        g = np.random.Generator(np.random.MT19937(12345))
        a = g.integers(0, 1 << 32, size=32, dtype=np.uint32)
        b = g.integers(0, 1 << 64, size=16, dtype=np.uint64)
        _FAST_U32 = bool(np.array_equal(a.astype(np.uint64), ref[:32]))
        _FAST_U64 = bool(np.array_equal(b, (ref[32::2] << np.uint64(32)) | ref[33::2]))
    except Exception:  # pragma: no cover - defensive: old/odd NumPy builds
        _FAST_U32 = _FAST_U64 = False


class Engine:
    """One CPU generator as torch keeps it: an MT19937 engine, its seed and the
    cached double normal sample of the scalar Box-Muller kernel.

    The words come from ``numpy.random.MT19937`` whose key is loaded the way torch
    seeds it.  torch's ``left``/``next`` counters map onto NumPy's ``pos``; the
    states NumPy cannot express directly (a freshly seeded engine reports
    ``next = 0``; hand-edited states with ``left + next != 625``) are kept in
    ``_pend`` = (words still to be served before the next twist, ``next`` value).
    """

    __slots__ = ("_bg", "_gen", "_seed", "_pend",
                 "next_double_normal_sample", "next_float_normal_sample")

    def __init__(self, seed=DEFAULT_SEED):
        self._bg = np.random.MT19937(0)
        self._gen = np.random.Generator(self._bg)
        self._seed = 0
        self._pend = None
        #: torch's next_double_normal_sample (float) or None
        self.next_double_normal_sample = None
        #: torch's next_float_normal_sample (np.float32) or None; no kernel here uses
        #: it, it is only carried through get_state/set_state
        self.next_float_normal_sample = None
        self.manual_seed(seed)

    # ---- seeding -------------------------------------------------------------------
    def manual_seed(self, seed):
        """Seed like ``torch.manual_seed``/``Generator.manual_seed`` (returns None).

        Only the low 32 bits reach MT19937; ``initial_seed()`` reports the full
        unsigned 64-bit value.  Clears both cached normal samples."""
        s = _seed_to_u64(seed)
        self._load(_init_genrand(s & 0xFFFFFFFF), _N)
        self._pend = (np.empty(0, np.uint32), 0)  # fresh: left = 1, next = 0
        self._seed = s
        self.next_double_normal_sample = None
        self.next_float_normal_sample = None

    def initial_seed(self):
        """The seed as given, as an unsigned 64-bit int."""
        return self._seed

    def seed(self):
        """Reseed from 64 bits of os.urandom (like ``Generator.seed()``); return the seed."""
        s = int.from_bytes(os.urandom(8), "little")
        self.manual_seed(s)
        return s

    def copy(self):
        """An independent engine with the same state (same seed, position and cache)."""
        e = Engine.__new__(Engine)
        e._bg = np.random.MT19937(0)
        e._gen = np.random.Generator(e._bg)
        e._bg.state = self._bg.state
        e._seed = self._seed
        e._pend = None if self._pend is None else (self._pend[0].copy(), self._pend[1])
        e.next_double_normal_sample = self.next_double_normal_sample
        e.next_float_normal_sample = self.next_float_normal_sample
        return e

    def _load(self, key, pos):
        self._bg.state = {"bit_generator": "MT19937",
                          "state": {"key": np.asarray(key, dtype=np.uint32), "pos": int(pos)}}

    # ---- state bytes ---------------------------------------------------------------
    def get_state(self):
        """torch's 5056-byte CPUGeneratorImplState (``torch.get_rng_state()`` bytes)."""
        st = self._bg.state["state"]
        key = np.asarray(st["key"], dtype=np.uint32)
        pos = int(st["pos"])
        if self._pend is not None:
            left = len(self._pend[0]) + 1
            nxt = self._pend[1]
        elif pos >= _N:
            left, nxt = 1, _N
        else:
            left, nxt = _N + 1 - pos, pos
        buf = bytearray(STATE_SIZE)
        struct.pack_into("<QiiQ", buf, 0, self._seed, left, 1, nxt)
        buf[24:24 + 8 * _N] = key.astype("<u8").tobytes()
        if self.next_double_normal_sample is not None:
            struct.pack_into("<d", buf, 5024, float(self.next_double_normal_sample))
            struct.pack_into("<i", buf, 5040, 1)
        if self.next_float_normal_sample is not None:
            struct.pack_into("<f", buf, 5048, float(self.next_float_normal_sample))
            buf[5052] = 1
        return bytes(buf)

    def set_state(self, data):
        """Load a state produced by ``get_state`` or by ``torch.get_rng_state()``.

        Raises torch's RuntimeErrors for a wrong size or an invalid MT19937 state.
        Hand-edited states with ``left + next != 625`` are served exactly as torch
        would, except when they would make torch read past the 624-word key
        (undefined behaviour there): those raise ValueError."""
        if isinstance(data, np.ndarray):
            data = data.tobytes()
        data = bytes(data)
        if len(data) != STATE_SIZE:
            raise RuntimeError(
                "Expected a CPUGeneratorImplState of size %d but found the input RNG "
                "state size to be %d" % (STATE_SIZE, len(data)))
        seed, left, seeded, nxt = struct.unpack_from("<QiiQ", data, 0)
        nxt &= 0xFFFFFFFF  # torch stores next as uint32
        if seeded == 0 or not (0 < left <= _N) or nxt > _N:
            raise RuntimeError("Invalid mt19937 state")
        key = np.frombuffer(data, dtype="<u8", count=_N, offset=24).astype(np.uint32)
        if left == 1:
            pend = None if nxt == _N else (np.empty(0, np.uint32), nxt)
            pos = _N
        elif left + nxt == _N + 1:
            pend, pos = None, nxt
        elif nxt + left - 1 <= _N:
            pend, pos = (_temper(key[nxt:nxt + left - 1]), nxt), _N
        else:
            raise ValueError(
                "RNG state with left=%d, next=%d would read past the MT19937 key in "
                "torch (undefined behaviour); not reproducible" % (left, nxt))
        (normal_y,) = struct.unpack_from("<d", data, 5024)
        (normal_valid,) = struct.unpack_from("<i", data, 5040)
        (float_normal,) = struct.unpack_from("<f", data, 5048)
        float_valid = data[5052]
        self._load(key, pos)
        self._pend = pend
        self._seed = seed
        self.next_double_normal_sample = float(normal_y) if normal_valid else None
        self.next_float_normal_sample = np.float32(float_normal) if float_valid else None

    # ---- raw words -----------------------------------------------------------------
    def _u32(self, n):
        """n raw 32-bit words (uint32 array), as torch's ``random()``."""
        if n <= 0:
            return np.empty(0, np.uint32)
        if self._pend is not None:
            return self._u32_pending(n)
        return self._draw32(n)

    def _draw32(self, n):
        if n >= 256:
            if _FAST_U32 is None:
                _check_fast_paths()
            if _FAST_U32:
                return self._gen.integers(0, 1 << 32, size=n, dtype=np.uint32)
        return self._bg.random_raw(n).astype(np.uint32)

    def _u32_pending(self, n):
        words, nxt = self._pend
        k = min(n, len(words))
        if k == n:
            self._pend = (words[k:], nxt + k)
            return words[:k].copy()
        self._pend = None
        return np.concatenate([words[:k], self._draw32(n - k)])

    def _u64(self, n):
        """n values of torch's ``random64()`` (two words, first word high), uint64."""
        if n <= 0:
            return np.empty(0, np.uint64)
        if self._pend is None and n >= 128:
            if _FAST_U64 is None:
                _check_fast_paths()
            if _FAST_U64:
                return self._gen.integers(0, 1 << 64, size=n, dtype=np.uint64)
        w = self._u32(2 * n).astype(np.uint64)
        hi = w[0::2]
        hi <<= np.uint64(32)
        hi |= w[1::2]
        return hi

    def random32(self, n):
        """Draw n words of ``random()`` (np.uint32 array)."""
        return self._u32(int(n))

    def random64(self, n):
        """Draw n values of ``random64()`` (np.uint64 array, first word high)."""
        return self._u64(int(n))

    def __repr__(self):
        return "Engine(initial_seed=%d)" % self._seed


# --------------------------------------------------------------------------------------
# dtype helpers, element order, messages
# --------------------------------------------------------------------------------------

class _DT:
    __slots__ = ("name", "cname", "kind", "digits")

    def __init__(self, name, cname, kind, digits=0):
        self.name, self.cname, self.kind, self.digits = name, cname, kind, digits


_DTYPES = {
    np.dtype(np.float16): _DT("Half", "c10::Half", "f", 11),
    np.dtype(np.float32): _DT("Float", "float", "f", 24),
    np.dtype(np.float64): _DT("Double", "double", "f", 53),
    np.dtype(np.int8): _DT("Char", "signed char", "i"),
    np.dtype(np.uint8): _DT("Byte", "unsigned char", "i"),
    np.dtype(np.int16): _DT("Short", "short int", "i"),
    np.dtype(np.int32): _DT("Int", "int", "i"),
    np.dtype(np.int64): _DT("Long", "long int", "i"),
    np.dtype(np.bool_): _DT("Bool", "bool", "b"),
    np.dtype(np.uint16): _DT("UInt16", "short unsigned int", "u"),
    np.dtype(np.uint32): _DT("UInt32", "unsigned int", "u"),
    np.dtype(np.uint64): _DT("UInt64", "long unsigned int", "u"),
    np.dtype(np.complex64): _DT("ComplexFloat", "c10::complex<float>", "c"),
    np.dtype(np.complex128): _DT("ComplexDouble", "c10::complex<double>", "c"),
}


def _dt(dtype):
    try:
        return _DTYPES[np.dtype(dtype).newbyteorder("=")]
    except KeyError:
        raise TypeError("unsupported dtype for a torch random kernel: %s"
                        % np.dtype(dtype)) from None


def _check_out(out):
    if not isinstance(out, np.ndarray):
        raise TypeError("out must be a numpy.ndarray, got %s" % type(out).__name__)
    if not out.flags.writeable:
        raise ValueError("out is read-only")
    for size, stride in zip(out.shape, out.strides):
        if size > 1 and stride == 0 and out.size > 1:
            raise RuntimeError(
                "unsupported operation: more than one element of the written-to tensor "
                "refers to a single memory location. Please clone() the tensor before "
                "performing the operation.")
    return _dt(out.dtype)


def _fmt(x):
    """A double as C++ ``operator<<`` prints it (what torch puts in messages)."""
    x = float(x)
    if math.isnan(x):
        return "-nan" if math.copysign(1.0, x) < 0 else "nan"
    return "%g" % x


def _iter_axes(a):
    """(index, axes) such that ``a[index].transpose(axes)`` read in C order is a's memory order."""
    index = tuple(slice(None, None, -1) if (st < 0 and sz > 1) else slice(None)
                  for sz, st in zip(a.shape, a.strides))
    strides = [abs(st) for st in a.strides]
    axes = sorted(range(a.ndim), key=lambda d: -strides[d])
    return index, axes


def _ordered(a):
    """View of ``a`` whose C order is torch's TensorIterator order."""
    if a.flags.c_contiguous:
        return a
    index, axes = _iter_axes(a)
    return a[index].transpose(axes)


def _write(out, vals):
    """Store ``vals`` (1-D, iteration order) into ``out``."""
    v = _ordered(out)
    v[...] = vals.reshape(v.shape)


def _as_real(out):
    """torch.view_as_real of a complex array: a float view of shape ``out.shape + (2,)``."""
    re_part = out.real  # same strides as out, real dtype
    return np.lib.stride_tricks.as_strided(
        re_part, shape=out.shape + (2,), strides=out.strides + (re_part.itemsize,),
        writeable=True)


# --------------------------------------------------------------------------------------
# exact fused multiply-add and libm access
# --------------------------------------------------------------------------------------

_SPLIT = 134217729.0  # 2**27 + 1 (Veltkamp)


def _split(x):
    t = _SPLIT * x
    hi = t - (t - x)
    return hi, x - hi


def _fma_scalar(a, b, c):
    """Correctly rounded a*b+c for Python floats (exact rational arithmetic)."""
    from fractions import Fraction
    if not (math.isfinite(a) and math.isfinite(b) and math.isfinite(c)):
        if math.isfinite(a) and math.isfinite(b):
            return c  # finite product plus an infinity / nan
        return a * b + c
    if a == 0.0 or b == 0.0:
        return a * b + c
    exact = Fraction(a) * Fraction(b) + Fraction(c)
    if exact == 0:
        return 0.0
    try:
        return exact.numerator / exact.denominator
    except OverflowError:
        return math.inf if exact > 0 else -math.inf


def _fma64(a, b, c):
    """Correctly rounded fma(a, b, c) for a float64 array ``a`` and Python floats b, c.

    Boldo-Melquiond: exact product (Veltkamp/Dekker), exact sum with c, the two
    error terms added with round-to-odd, one final rounding.  Elements outside
    the safe exponent range go through exact rational arithmetic."""
    a = np.asarray(a, dtype=np.float64)
    b = float(b)
    c = float(c)
    with np.errstate(all="ignore"):
        if b == 0.0 or b == 1.0 or b == -1.0:
            return a * b + c  # exact product: a single rounding
        if not (math.isfinite(b) and math.isfinite(c)):
            # an infinite/nan operand: the product is exact where it matters, except
            # that a finite a*b never cancels an infinite c (a*b may overflow here)
            out = a * b + c
            if math.isfinite(b) and math.isinf(c):
                out[np.isfinite(a)] = c
            return out
        if abs(b) > 2.0 ** 995 or abs(c) > 2.0 ** 1000:
            out = a * b + c
            flat = out.reshape(-1)
            af = a.reshape(-1)
            for i in range(flat.size):
                flat[i] = _fma_scalar(float(af[i]), b, c)
            return out
        p = a * b
        ah, al = _split(a)
        bh, bl = _split(b)
        pl = ((ah * bh - p) + ah * bl + al * bh) + al * bl
        th = c + p
        bv = th - c
        tl = (c - (th - bv)) + (p - bv)
        v = tl + pl
        bv = v - tl
        err = (tl - (v - bv)) + (pl - bv)
        fix = (err != 0) & ((v.view(np.uint64) & np.uint64(1)) == 0)
        if fix.any():
            v[fix] = np.nextafter(v[fix], np.copysign(np.inf, err[fix]))
        res = th + v
        ap = np.abs(p)
        bad = ~((ap >= 2.0 ** -960) & (ap <= 2.0 ** 1000) & (np.abs(a) <= 2.0 ** 995))
        if bad.any():
            zero = bad & (a == 0.0)
            res[zero] = p[zero] + c
            rest = np.nonzero(bad & ~zero)
            for i in zip(*rest):
                res[i] = _fma_scalar(float(a[i]), b, c)
    return res


def _fma32(a, b, c):
    """Correctly rounded float32 fma(a, b, c): float32 array a, float32 scalars b, c.

    a*b is exact in float64; a*b+c rounded to float64 can round wrongly to float32
    only when it lands exactly on a float32 midpoint (or in the float32 subnormal
    range).  Those elements are re-rounded to odd at 53 bits first."""
    bf = float(np.float32(b))
    cf = float(np.float32(c))
    with np.errstate(all="ignore"):
        p = a.astype(np.float64) * bf
        s = p + cf
        bits = s.view(np.uint64)
        cand = ((bits & np.uint64(0x1FFFFFFF)) == np.uint64(0x10000000)) | (np.abs(s) < 2.0 ** -125)
        if cand.any():
            idx = np.nonzero(cand)
            ps = p[idx]
            ss = s[idx]
            bv = ss - ps
            err = (ps - (ss - bv)) + (cf - bv)
            fix = (err != 0) & ((ss.view(np.uint64) & np.uint64(1)) == 0)
            ss[fix] = np.nextafter(ss[fix], np.copysign(np.inf, err[fix]))
            s[idx] = ss
        return s.astype(np.float32)


def _libm(fn, x):
    """Apply a ``math`` (platform libm) function elementwise to a float64 array."""
    x = np.asarray(x, dtype=np.float64)
    return np.fromiter(map(fn, x.ravel().tolist()), dtype=np.float64, count=x.size).reshape(x.shape)


_NP_TRIG_OK = None


def _np_trig_ok():
    """One-time check that np.sin/np.cos match libm (they do on common builds)."""
    global _NP_TRIG_OK
    if _NP_TRIG_OK is None:
        x = np.random.Generator(np.random.MT19937(7)).random(20000) * _TWO_PI
        x = np.concatenate([x, np.linspace(0.0, _TWO_PI, 4097)])
        _NP_TRIG_OK = bool(np.array_equal(np.sin(x), _libm(math.sin, x))
                           and np.array_equal(np.cos(x), _libm(math.cos, x)))
    return _NP_TRIG_OK


def _sin(x):
    return np.sin(x) if _np_trig_ok() else _libm(math.sin, x)


def _cos(x):
    return np.cos(x) if _np_trig_ok() else _libm(math.cos, x)


# --------------------------------------------------------------------------------------
# base uniforms
# --------------------------------------------------------------------------------------

_F32_2M24 = np.float32(2.0 ** -24)
_F64_2M53 = 2.0 ** -53


def _unit24(words, dst=None):
    """float32 uniforms in [0,1): (w & 0xFFFFFF) * 2**-24 (``words`` is consumed;
    written into ``dst`` when it is a float32 array)."""
    words &= np.uint32(_MASK24)
    w = words.view(np.int32)
    if dst is not None and dst.dtype == np.float32:
        return np.multiply(w, _F32_2M24, out=dst, dtype=np.float32, casting="unsafe")
    return np.multiply(w, _F32_2M24, dtype=np.float32, casting="unsafe")


def _unit53(r, dst=None):
    """float64 uniforms in [0,1): (r & (2**53-1)) * 2**-53 (``r`` is consumed)."""
    r &= np.uint64(_MASK53)
    w = r.view(np.int64)
    if dst is not None and dst.dtype == np.float64:
        return np.multiply(w, _F64_2M53, out=dst, dtype=np.float64, casting="unsafe")
    return np.multiply(w, _F64_2M53, dtype=np.float64, casting="unsafe")


_FILL = 1 << 16  # elements per chunk: small temporaries are reused by malloc (no page faults)


def _fill(out, make):
    """Fill ``out`` in torch's iteration order, chunk by chunk.

    ``make(m, dst)`` draws for the next m elements and returns their values; it
    may write them straight into ``dst`` (a 1-D slice of the destination) and
    return it."""
    n = out.size
    v = _ordered(out)
    direct = v.flags.c_contiguous
    flat = v.reshape(-1) if direct else np.empty(n, out.dtype)
    for a in range(0, n, _FILL):
        b = min(n, a + _FILL)
        d = flat[a:b]
        r = make(b - a, d)
        if r is not d:
            d[...] = r
    if not direct:
        v[...] = flat.reshape(v.shape)
    return out


# --------------------------------------------------------------------------------------
# uniform_
# --------------------------------------------------------------------------------------

def uniform_(engine, out, low=0.0, high=1.0):
    """``out.uniform_(low, high)`` (also ``torch.rand`` = uniform_(0, 1) and
    ``nn.init.uniform_``).  Fills ``out`` in place and returns it.

    float32/float16: one word per element, opmath float32; float64: one
    random64() per element.  ``v = fma(x, to - from, from)``; a value that equals
    ``to`` after conversion to the output dtype is replaced by ``from``."""
    info = _check_out(out)
    if info.kind == "c":
        uniform_(engine, _as_real(out), low, high)
        return out
    if info.kind != "f":
        raise NotImplementedError('"check_uniform_bounds" not implemented for \'%s\'' % info.name)
    frm = float(low)
    to = float(high)
    fi = np.finfo(out.dtype)
    lo, hi = float(fi.min), float(fi.max)
    if not (lo <= frm <= hi):
        raise RuntimeError("from is out of bounds for %s" % info.cname)
    if not (lo <= to <= hi):
        raise RuntimeError("to is out of bounds for %s" % info.cname)
    if not frm <= to:
        raise RuntimeError("uniform_ expects to return a [from, to) range, but found from=%s > "
                           "to=%s" % (_fmt(frm), _fmt(to)))
    if not (to - frm) <= hi:
        raise RuntimeError(
            "uniform_ expects to-from <= std::numeric_limits<%s>::max(), but found to=%s and "
            "from=%s which result in to-from to exceed the limit"
            % (info.name, _fmt(to), _fmt(frm)))
    n = out.size
    if n == 0:
        return out
    dtype = out.dtype
    if dtype == np.float64:
        width = to - frm
        if frm == 0.0 and width == 1.0:  # fma(x, 1, 0) == x, and x < 1: no clamp
            return _fill(out, lambda m, d: _unit53(engine._u64(m), d))

        def make(m, d):
            v = _fma64(_unit53(engine._u64(m)), width, frm)
            v[v == to] = frm
            return v
        return _fill(out, make)
    f32 = np.float32(frm)
    with np.errstate(all="ignore"):
        width = np.float32(np.float32(to) - f32)
    unit = f32 == 0 and width == 1
    if unit and dtype == np.float32:  # x < 1: no clamp
        return _fill(out, lambda m, d: _unit24(engine._u32(m), d))
    to_o = np.float32(to).astype(dtype)
    from_o = np.float32(frm).astype(dtype)

    def make(m, d):
        v = _unit24(engine._u32(m))
        if not unit:
            v = _fma32(v, width, f32)
        if dtype != np.float32:
            with np.errstate(all="ignore"):
                v = v.astype(dtype)
        v[v == to_o] = from_o
        return v
    return _fill(out, make)


# --------------------------------------------------------------------------------------
# normal_
# --------------------------------------------------------------------------------------

def _f32bits(b):
    return np.array([b], dtype=np.uint32).view(np.float32)[0]


# Cephes-style float32 constants of avx_mathfun.h (bit patterns from the spec)
_LOG_P = [float(_f32bits(b)) for b in (0x3d9021bb, 0xbdebd1b8, 0x3def251a, 0xbdfe5d4f, 0x3e11e9bf,
                                       0xbe2aae50, 0x3e4cceac, 0xbe7ffffc, 0x3eaaaaaa)]
_LOG_Q1 = _f32bits(0xb95e8083)
_LOG_Q2 = _f32bits(0x3f318000)
_SQRTHF = _f32bits(0x3f3504f3)
_FOPI = _f32bits(0x3fa2f983)
_DP1 = _f32bits(0xbf490000)
_DP2 = _f32bits(0xb97da000)
_DP3 = float(_f32bits(0xb3222169))
_SIN_P = [float(_f32bits(b)) for b in (0xb94ca1f9, 0x3c08839e, 0xbe2aaaa3)]
_COS_P = [float(_f32bits(b)) for b in (0x37ccf5ce, 0xbab6061a, 0x3d2aaaa5)]
_TWO_PI_F32 = _f32bits(0x40c90fdb)
_F32_ONE = np.float32(1.0)
_F32_HALF = np.float32(0.5)
_F32_M2 = np.float32(-2.0)
_CHUNK = 65536  # words per block-kernel chunk


def _cephes_radius(k1):
    """sqrt(-2*log256_ps(u1)) for u1 = 1 - k1*2**-24 (k1: 24-bit ints), float32."""
    u1 = np.float32(16777216.0) - k1.astype(np.float32)  # exact integers
    u1 *= _F32_2M24
    m, e = np.frexp(u1)  # m in [0.5, 1): the same e, m as the bit manipulation
    small = m < _SQRTHF
    t = np.where(small, m + m, m)
    t -= _F32_ONE  # exact: t = 2m-1 or m-1
    ef = e.astype(np.float32)
    ef -= small
    z = t * t
    t64 = t.astype(np.float64)
    buf = t64 * _LOG_P[0]
    buf += _LOG_P[1]
    y = buf.astype(np.float32)
    for pk in _LOG_P[2:]:  # y = fma(y, t, pk)
        np.multiply(y, t64, out=buf)
        np.add(buf, pk, out=y)
    y *= t
    np.multiply(y, z.astype(np.float64), out=buf)  # y = fma(y, z, RN(e*Q1))
    np.add(buf, ef * _LOG_Q1, out=y)
    y -= z * _F32_HALF
    t += y
    t += ef * _LOG_Q2  # fma(e, Q2, t): e*Q2 is exact in float32
    t *= _F32_M2
    return np.sqrt(t)


# sincos256_ps lookup tables by octant index j in {0, 2, 4, 6, 8}
_J_YDP3 = np.arange(9, dtype=np.float64) * _DP3  # y*DP3 is exact in float64
_J_SWAP = (np.arange(9) & 2) != 0  # use the cosine polynomial for sin
_J_SGN_S = np.where((np.arange(9) & 4) != 0, -1.0, 1.0).astype(np.float32)
_J_SGN_C = np.where(((np.arange(9) - 2) & 4) == 0, -1.0, 1.0).astype(np.float32)
_THETA_SCALE = np.float32(float(_TWO_PI_F32) * 2.0 ** -24)  # exact: power-of-two scaling


def _cephes_sincos(k2):
    """sincos256_ps(2pi_f32 * k2*2**-24) -> (sin, cos, j), float32; the octant signs
    are *not* applied: sin = sin_mag * _J_SGN_S[j], cos = cos_mag * _J_SGN_C[j]."""
    theta = k2.astype(np.float32)
    theta *= _THETA_SCALE  # = RN(TWO_PI * u2): the exact product rounded once
    j = (theta * _FOPI).astype(np.int32)
    j += 1
    j &= ~1
    y = j.astype(np.float32)
    r = y * _DP1  # y*DP1 and y*DP2 are exact in float32: fma == one rounded add
    r += theta
    y *= _DP2
    r += y
    np.add(_J_YDP3.take(j), r, out=r)  # fma(y, DP3, r)
    z = r * r
    z64 = z.astype(np.float64)
    buf = z64 * _COS_P[0]
    pc = np.add(buf, _COS_P[1], out=theta)  # reuse theta's memory
    np.multiply(pc, z64, out=buf)
    np.add(buf, _COS_P[2], out=pc)
    pc *= z
    np.multiply(pc, z64, out=buf)  # fma(z, pc, -RN(0.5*z))
    np.subtract(buf, z * _F32_HALF, out=pc)
    pc += _F32_ONE
    np.multiply(z64, _SIN_P[0], out=buf)
    ps = np.add(buf, _SIN_P[1], out=y)  # reuse y's memory
    np.multiply(ps, z64, out=buf)
    np.add(buf, _SIN_P[2], out=ps)
    ps *= z
    np.multiply(ps, r.astype(np.float64), out=buf)  # fma(r, ps, r)
    np.add(buf, r, out=ps)
    swap = _J_SWAP.take(j)
    return np.where(swap, pc, ps), np.where(swap, ps, pc), j


def _affine32(v, std32, mean32, out):
    """out[...] = fma(v, std, mean) in float32 (v is 1-D, reshaped to out.shape)."""
    if std32 == 1 or std32 == 0:
        if std32 == 0:
            v *= std32
        np.add(v.reshape(out.shape), mean32, out=out)  # exact product: one rounding
    else:
        out[...] = _fma32(v, std32, mean32).reshape(out.shape)


def _blocks_f32(k, mean32, std32, dst):
    """AVX2 normal_fill_16 over blocks of 16 float32 uniforms given as their 24-bit
    ints k (u1 = 1 - x from k[16b:16b+8], u2 = x from k[16b+8:16b+16]); writes dst."""
    kb = k.reshape(-1, 2, 8)
    db = dst.reshape(-1, 2, 8)
    step = _CHUNK // 8
    with np.errstate(all="ignore"):
        for a in range(0, kb.shape[0], step):
            b = min(kb.shape[0], a + step)
            radius = _cephes_radius(kb[a:b, 0, :].ravel())
            s, c, j = _cephes_sincos(kb[a:b, 1, :].ravel())
            c *= radius
            c *= _J_SGN_C.take(j)
            s *= radius
            s *= _J_SGN_S.take(j)
            _affine32(c, std32, mean32, db[a:b, 0, :])
            _affine32(s, std32, mean32, db[a:b, 1, :])


def _blocks_f64(x, mean, std):
    blk = x.reshape(-1, 2, 8)
    u1 = 1.0 - blk[:, 0, :].ravel()
    u2 = blk[:, 1, :].ravel()
    with np.errstate(all="ignore"):
        radius = np.sqrt(-2.0 * _libm(math.log, u1))
        theta = _TWO_PI * u2
        c = radius * _cos(theta)
        s = radius * _sin(theta)
        res = np.empty(blk.shape, np.float64)
        res[:, 0, :] = _fma64(c, std, mean).reshape(-1, 8)
        res[:, 1, :] = _fma64(s, std, mean).reshape(-1, 8)
    return res.reshape(-1)


def _normal_block(engine, dst, mean, std):
    """torch's normal_fill (contiguous, n >= 16) into the flat array ``dst``.

    float32/float64: n uniforms in order, 16-element blocks transformed in place,
    then (n % 16 != 0) 16 fresh uniforms for the last 16 elements (the previous
    n % 16 uniforms are drawn but unused).  float16: each block, the tail block
    included, draws its own 16 float32 uniforms."""
    n = dst.size
    full = (n // 16) * 16
    tail = n % 16
    step = _CHUNK
    if dst.dtype == np.float64:
        for a in range(0, full, step):
            b = min(full, a + step)
            dst[a:b] = _blocks_f64(_unit53(engine._u64(b - a)), mean, std)
        if tail:
            engine._u64(tail)
            dst[n - 16:] = _blocks_f64(_unit53(engine._u64(16)), mean, std)
        return
    mean32 = np.float32(mean)
    std32 = np.float32(std)
    direct = dst.dtype == np.float32
    tmp = None if direct else np.empty(min(step, full) if full else 16, np.float32)
    for a in range(0, full, step):
        b = min(full, a + step)
        k = engine._u32(b - a)
        k &= np.uint32(_MASK24)
        if direct:
            _blocks_f32(k, mean32, std32, dst[a:b])
        else:
            t = tmp[:b - a]
            _blocks_f32(k, mean32, std32, t)
            dst[a:b] = t
    if tail:
        if direct:
            engine._u32(tail)
        k = engine._u32(16)
        k &= np.uint32(_MASK24)
        if direct:
            _blocks_f32(k, mean32, std32, dst[n - 16:])
        else:
            t = np.empty(16, np.float32)
            _blocks_f32(k, mean32, std32, t)
            dst[n - 16:] = t


def _normal_scalar(engine, n, mean, std):
    """Scalar Box-Muller in double with the generator's cached sample (float64 values)."""
    vals = np.empty(n, np.float64)
    i = 0
    if n and engine.next_double_normal_sample is not None:
        vals[0] = engine.next_double_normal_sample
        engine.next_double_normal_sample = None
        i = 1
    m = n - i
    pairs = (m + 1) // 2
    if pairs:
        u = _unit53(engine._u64(2 * pairs))
        u1 = u[0::2]
        u2 = u[1::2]
        with np.errstate(all="ignore"):
            r = np.sqrt(-2.0 * _libm(math.log1p, -u2))
            theta = _TWO_PI * u1
            c = r * _cos(theta)
            s = r * _sin(theta)
        inter = np.empty(2 * pairs, np.float64)
        inter[0::2] = c
        inter[1::2] = s
        vals[i:] = inter[:m]
        if m % 2:
            engine.next_double_normal_sample = float(s[-1])
    return _fma64(vals, std, mean)


def _from_double(vals, dtype):
    """static_cast from double as torch does it (half goes through float)."""
    with np.errstate(all="ignore"):
        if dtype == np.float16:
            return vals.astype(np.float32).astype(np.float16)
        return vals.astype(dtype)


def normal_(engine, out, mean=0.0, std=1.0):
    """``out.normal_(mean, std)`` (also ``randn`` = normal_(0, 1), ``torch.normal(m, s, size)``,
    ``nn.init.normal_``).  Fills in place and returns ``out``.

    Contiguous outputs with at least 16 elements use the block kernel (float32:
    AVX2 Cephes replay; float64: glibc log/sin/cos; float16: float32 blocks);
    anything else (fewer elements, or any non-contiguous view) uses the scalar
    double Box-Muller kernel with the engine's cached sample."""
    info = _check_out(out)
    mean = float(mean)
    std = float(std)
    if not std >= 0.0:
        raise RuntimeError("normal expects std >= 0.0, but found std %s" % _fmt(std))
    if info.kind == "c":
        normal_(engine, _as_real(out), mean, std / math.sqrt(2))
        return out
    if info.kind != "f":
        raise NotImplementedError('"normal_kernel_cpu" not implemented for \'%s\'' % info.name)
    n = out.size
    if n == 0:
        return out
    if n >= 16 and out.flags.c_contiguous:
        _normal_block(engine, out.reshape(-1), mean, std)
    else:
        _write(out, _from_double(_normal_scalar(engine, n, mean, std), out.dtype))
    return out


# --------------------------------------------------------------------------------------
# random_ / randint
# --------------------------------------------------------------------------------------

_I64_MIN = -(1 << 63)
_I64_MAX = (1 << 63) - 1


def _to_i64(v):
    """int64 -> float -> int64 conversion result of x86 (cvtt: out of range -> INT64_MIN)."""
    if not math.isfinite(v) or v >= 2.0 ** 63 or v < -2.0 ** 63:
        return _I64_MIN
    return int(v)


def _round_float(value, dtype):
    """static_cast<scalar_t>(int64) for a floating dtype, as a Python float."""
    with np.errstate(all="ignore"):
        if dtype == np.float16:
            return float(np.float16(np.float32(value)))
        return float(np.asarray(value, dtype=np.int64).astype(dtype))


def _update_from(frm, dtype, digits):
    plus1 = _to_i64(_round_float(frm + 1, dtype))
    if plus1 < frm:
        f = abs(frm + 1)
        nb = f.bit_length() - 1 if f else 0
        frm = plus1 + (1 << (nb - digits + 1))
    return frm


def _update_to(to, dtype, digits):
    minus1 = _to_i64(_round_float(to - 1, dtype))
    if minus1 >= to:
        t = abs(to - 1)
        nb = t.bit_length() - 1 if t else 0
        to = minus1 - (1 << (nb - digits + 1))
    return to


def _check_from_to_in_range(frm, to_inc, dtype, info):
    if info.kind == "f":
        fi = np.finfo(dtype)
        lo, hi = float(fi.min), float(fi.max)
        if not (lo <= frm <= hi):
            raise RuntimeError("from is out of bounds for %s" % info.cname)
        if not (lo <= to_inc <= hi):
            raise RuntimeError("to - 1 is out of bounds for %s" % info.cname)
        d = info.digits
        for var, name in ((frm, "from"), (to_inc, "to - 1")):
            if var < -(1 << d) or var > (1 << d):
                warnings.warn(
                    "%s is out of bounds [-(2^%d), 2^%d]. Due to precision limitations %s can "
                    "support discrete uniform distribution only within this range. This warning "
                    "will become an error in version 1.7 release, please fix the code in advance"
                    % (name, d, d, info.cname), UserWarning, stacklevel=4)
    elif dtype == np.uint64:
        if not (0 <= frm <= _I64_MAX):
            raise RuntimeError("from is out of bounds for %s" % info.cname)
        if not (0 <= to_inc <= _I64_MAX):
            raise RuntimeError("to - 1 is out of bounds for %s" % info.cname)
    else:
        if info.kind == "b":
            lo, hi = 0, 1
        else:
            ii = np.iinfo(dtype)
            lo, hi = int(ii.min), int(ii.max)
        if not (lo <= frm <= hi):
            raise RuntimeError("from is out of bounds for %s" % info.cname)
        if not (lo <= to_inc <= hi):
            raise RuntimeError("to - 1 is out of bounds for %s" % info.cname)


def _cast_i64(vals, dtype):
    """static_cast<scalar_t>(int64 values) (vals: int64 array)."""
    with np.errstate(all="ignore"):
        if dtype == np.float16:
            return vals.astype(np.float32).astype(np.float16)
        return vals.astype(dtype)


def _from_to(engine, n, rng, base):
    """(draw mod range) + base in uint64 arithmetic, as int64 values."""
    if rng >= (1 << 28):
        d = engine._u64(n)
    else:
        d = engine._u32(n).astype(np.uint64)
    d %= np.uint64(rng)
    d += np.uint64(base & _U64_MASK)
    return d.view(np.int64)


def _as_int(v, what):
    if isinstance(v, (bool, np.bool_)):
        return int(v)
    try:
        return int(np.int64(v)) if not isinstance(v, int) else v
    except Exception:
        raise TypeError("%s must be an integer, got %r" % (what, v)) from None


def random_(engine, out, low=None, high=None):
    """torch's ``random_`` overloads, filling ``out`` in place (returns ``out``):

    * ``random_(engine, out)``: ``t.random_()`` (full non-negative range of the dtype);
    * ``random_(engine, out, low, high)``: ``t.random_(low, high)`` = values in [low, high)
      (also ``torch.randint(low, high)``; ``low=None`` means 0, i.e. ``t.random_(high)``);
    * ``random_(engine, out, low)`` (high None): ``t.random_(low, None)``, i.e.
      [low, max of the dtype]; ``low = -2**63`` gives the full 64-bit range.

    Draws use ``random64()`` when the range is >= 2**28, ``random()`` otherwise;
    ``value = (draw % range) + low`` in uint64 arithmetic, then cast."""
    info = _check_out(out)
    dtype = out.dtype
    n = out.size
    if info.kind == "c":
        raise NotImplementedError(
            '"random_from_to_range_calc" not implemented for \'%s\'' % info.name)
    if low is None and high is None:
        if info.kind == "u":
            raise NotImplementedError('"random_kernel_cpu" not implemented for \'%s\'' % info.name)
        if n == 0:
            return out
        if info.kind == "b":
            def make(m, d):
                return (engine._u32(m) & np.uint32(1)).astype(np.bool_)
        elif dtype == np.int64:
            def make(m, d):
                return (engine._u64(m) % np.uint64(1 << 63)).astype(np.int64)
        elif dtype == np.float64:
            def make(m, d):
                return (engine._u64(m) % np.uint64((1 << 53) + 1)).astype(np.float64)
        elif info.kind == "f":
            def make(m, d):
                return (engine._u32(m) % np.uint32((1 << info.digits) + 1)).astype(dtype)
        else:
            mod = np.uint32(int(np.iinfo(dtype).max) + 1)

            def make(m, d):
                return (engine._u32(m) % mod).astype(dtype)
        return _fill(out, make)
    if high is not None:
        frm = 0 if low is None else _as_int(low, "from")
        to = _as_int(high, "to")
        if not frm < to:
            raise RuntimeError("random_ expects 'from' to be less than 'to', but got from=%d >= "
                               "to=%d" % (frm, to))
        if info.kind == "f":
            frm = _update_from(frm, dtype, info.digits)
            to = _update_to(to, dtype, info.digits)
            if not frm < to:
                raise RuntimeError(
                    "random_ expects 'from' casted to dtype to be less than 'to' casted to dtype, "
                    "but got from=%d >= to=%d" % (frm, to))
        _check_from_to_in_range(frm, to - 1, dtype, info)
        if n == 0:
            return out
        rng = (to - frm) & _U64_MASK
        return _fill(out, lambda m, d: _cast_i64(_from_to(engine, m, rng, frm), dtype))
    else:
        frm = _as_int(low, "from")
        if frm != _I64_MIN:
            if info.kind == "f":
                to_inc = min(1 << info.digits, _I64_MAX)
                frm = _update_from(frm, dtype, info.digits)
                if not frm < to_inc:
                    raise RuntimeError(
                        "random_ expects 'from' casted to dtype to be less than or equal to "
                        "'to_inc' casted to dtype, but got from=%d > to_inc=%d" % (frm, to_inc))
            elif info.kind == "b":
                to_inc = 1
            else:
                to_inc = int(np.iinfo(dtype).max)
                if dtype == np.uint64:
                    to_inc = _U64_MASK
            _check_from_to_in_range(frm, to_inc, dtype, info)
            if n == 0:
                return out
            rng = (to_inc - frm + 1) & _U64_MASK
            return _fill(out, lambda m, d: _cast_i64(_from_to(engine, m, rng, frm), dtype))
        else:
            if n == 0:
                return out
            if info.kind in ("b", "u") or dtype == np.float16:
                raise NotImplementedError(
                    '"random_full_64_bits_range_kernel_cpu" not implemented for \'%s\'' % info.name)
            if dtype != np.int64 and info.kind == "i":
                raise RuntimeError("random_full_64_bits_range_kernel_cpu handles only int64, "
                                   "double, float and bfloat16")
            return _fill(out, lambda m, d: _cast_i64(engine._u64(m).view(np.int64), dtype))


def randint(engine, low, high, size, dtype=np.int64):
    """``torch.randint(low, high, size, dtype=...)``: a new C-contiguous array."""
    out = np.empty(size, dtype=dtype)
    random_(engine, out, low, high)
    return out


# --------------------------------------------------------------------------------------
# randperm
# --------------------------------------------------------------------------------------

def _split_sorted(keys, n):
    """Sort packed ``group << 32 | step`` keys (n < 2**31) in place and return the
    sorted (steps, groups) as int32 arrays; the keys' memory is then free for reuse
    as two int32 scratch arrays."""
    keys.sort()
    halves = keys.view(np.int32)
    lo, hi = (0, 1) if np.little_endian else (1, 0)
    return halves[lo::2].copy(), halves[hi::2].copy(), halves[:n], halves[n:]


def _resolve_roots(link, root, n, block=1 << 15):
    """root[i] = root[link[i]] for links with link[i] <= i (link[i] == i: a root).

    ``root`` must hold arange(n) on entry.  Processed in blocks of increasing i:
    links into earlier blocks are final already; links inside a block (rare) are
    relaxed until stable."""
    for a in range(0, n, block):
        b = min(n, a + block)
        p = link[a:b]
        rb = root[a:b]
        rb[...] = root.take(p)
        inb = np.flatnonzero(p >= a)
        if inb.size:
            ppl = p[inb] - a
            cur = rb[inb]
            while True:
                nv = rb[ppl]
                if np.array_equal(nv, cur):
                    break
                rb[inb] = nv
                cur = nv
    return root


_PERM_CHUNK = 1 << 16


def _fisher_yates_forward(w, n):
    """randperm for n < 214748364: a = arange(n); for i in 0..n-2:
    z = w[i] % (n - i); swap(a[i], a[i + z]).  ``w``: the n-1 uint32 words.
    Returns int32 values.

    Step i finalises position i with what position t_i = i + z_i holds then: the
    value that the latest earlier step j with t_j = t_i put there (which is what
    position j held just before step j), or t_i itself if there is no such step.
    "What position j held just before step j" follows the same rule through the
    latest step targeting j (its parent) down to a root.  One sort by (target,
    step) gives those links; the parent chains are resolved blockwise.  Large
    arrays are reused (fresh pages are expensive)."""
    keys = np.empty(n, np.int64)
    with np.errstate(all="ignore"):
        for a in range(0, n - 1, _PERM_CHUNK):
            b = min(n - 1, a + _PERM_CHUNK)
            # z = w mod d exactly in float64 (w < 2**32, d < 2**28: floor(w/d) is exact)
            z = w[a:b].astype(np.float64)
            d = np.arange(n - a, n - b, -1, dtype=np.float64)
            q = z / d
            np.floor(q, out=q)
            q *= d
            z -= q
            i = np.arange(a, b, dtype=np.int64)
            k = keys[a:b]
            np.add(z, i, out=k, casting="unsafe")  # target t_i
            k <<= np.int64(32)
            k |= i
    keys[n - 1] = ((n - 1) << 32) | (n - 1)  # no step n-1: it "targets" itself
    si, st, b1, b2 = _split_sorted(keys, n)
    idx = np.arange(n, dtype=np.int32)
    # b1[j]: sorted position of the last step whose target is <= j
    b1.fill(0)
    np.maximum.at(b1, st, idx)
    np.maximum.accumulate(b1, out=b1)
    # parent(j) = last step of group j other than j itself, if its target is j
    np.take(si, b1, out=b2, mode="clip")
    b1 -= b2 == idx
    np.take(si, b1, out=b2, mode="clip")
    keep = (st.take(b1) == idx).view(np.int8)  # else no parent: link to itself
    b2 -= idx
    b2 *= keep
    b2 += idx
    del keep
    np.copyto(b1, idx)
    root = _resolve_roots(b2, b1, n)
    # sorted position k > 0 receives root[previous step of its group], or its target
    vals = root.take(si[:-1])
    st1 = st[1:]
    vals -= st1
    vals *= (st1 == st[:-1]).view(np.int8)
    vals += st1
    res = b2
    res[si[1:]] = vals
    res[si[0]] = st[0]
    return res


def _fisher_yates_inside_out(r, n):
    """randperm for n >= 214748364: for i in 0..n-1: z = r[i] % (i + 1);
    a[i] = a[z]; a[z] = i.  ``r``: the n uint64 values of random64().  int64 result.

    Value i lands at z_i; a later step j with z_j equal to its current position p
    moves it to position j, where only a later step with z == j moves it again.
    One sort by (z, step) gives "next step with the same z"; the chains are
    resolved like the forward shuffle's (with indices reversed)."""
    if n >= (1 << 31):  # pragma: no cover - needs > 30 GB
        raise MemoryError("randperm(n) with n >= 2**31 is not supported")
    keys = np.empty(n, np.int64)
    z = np.empty(n, np.int32)
    for a in range(0, n, _PERM_CHUNK):
        b = min(n, a + _PERM_CHUNK)
        zz = r[a:b] % np.arange(a + 1, b + 1, dtype=np.uint64)
        z[a:b] = zz
        k = keys[a:b]
        k[...] = zz.view(np.int64)
        k <<= np.int64(32)
        k |= np.arange(a, b, dtype=np.int64)
    del r
    si, sz, nxt, succ = _split_sorted(keys, n)
    differs = sz[1:] != sz[:-1]  # differs[k]: sorted position k+1 starts a group
    nxt.fill(-1)  # next step with the same z
    vals = si[1:].copy()
    vals[differs] = -1
    nxt[si[:-1]] = vals
    del vals
    idx = np.arange(n, dtype=np.int32)
    # first step with z == j (or -1): from the group starts
    succ.fill(-1)
    starts = np.flatnonzero(differs)
    starts += 1
    succ[sz[starts]] = si[starts]
    succ[sz[0]] = si[0]
    del starts, differs
    # successor of position j: the first later step taking from position j
    np.copyto(succ, nxt, where=z == idx)
    # resolve chain ends with reversed indices (links must point downwards)
    link = succ[::-1].copy()
    has = link >= 0
    link[has] = (n - 1) - link[has]
    link[~has] = idx[~has]
    del has
    root = _resolve_roots(link, idx.copy(), n)
    del link
    end = (n - 1) - root[::-1]
    pos = np.where(nxt >= 0, end.take(np.maximum(nxt, 0)), z)
    res = np.empty(n, np.int64)
    res[pos] = np.arange(n, dtype=np.int64)
    return res


_RANDPERM_INT_NAMES = {np.dtype(np.int8): "int8_t", np.dtype(np.uint8): "uint8_t",
                       np.dtype(np.int16): "int16_t", np.dtype(np.int32): "int32_t"}


def randperm(engine, n, dtype=np.int64):
    """``torch.randperm(n, dtype=...)``: a new array.

    n < 214748364: forward swap Fisher-Yates with ``random() % (n - i)`` (n-1 words);
    otherwise the inside-out shuffle with ``random64() % (i + 1)`` (2n words)."""
    n = int(n)
    dtype = np.dtype(dtype)
    info = _dt(dtype)
    if n < 0:
        raise RuntimeError("Trying to create tensor with negative dimension %d: [%d]" % (n, n))
    if info.kind in ("b", "u", "c"):
        raise NotImplementedError('"randperm" not implemented for \'%s\'' % info.name)
    top = n - 1 if n > 0 else n
    if info.kind == "i" and top > int(np.iinfo(dtype).max):
        raise RuntimeError("value cannot be converted to type %s without overflow"
                           % _RANDPERM_INT_NAMES[dtype])
    if dtype == np.float16:
        if n > (1 << 11) + 1:
            raise RuntimeError("n cannot be greater than 2049 for Half type.")
    elif dtype == np.float32 and n > (1 << 24) + 1:
        raise RuntimeError("n cannot be greater than 2^24+1 for Float type.")
    elif dtype == np.float64 and n > (1 << 53) + 1:
        raise RuntimeError("n cannot be greater than 2^53+1 for Double type.")
    if n < _RANDPERM_SMALL:
        if n <= 1:
            return np.arange(n).astype(dtype)
        w = engine._u32(n - 1)
        if n <= 32:
            a = list(range(n))
            for i, wi in enumerate(w.tolist()):
                j = i + wi % (n - i)
                a[i], a[j] = a[j], a[i]
            return np.array(a, dtype=np.int64).astype(dtype)
        return _fisher_yates_forward(w, n).astype(dtype)
    return _fisher_yates_inside_out(engine._u64(n), n).astype(dtype)


# --------------------------------------------------------------------------------------
# bernoulli / dropout
# --------------------------------------------------------------------------------------

def bernoulli_(engine, out, p=0.5):
    """``out.bernoulli_(p)``; returns ``out``.

    * p a Python/NumPy scalar: one 53-bit double uniform per element, ``u < p``.
    * p an array (broadcast to ``out.shape``; torch.bernoulli(p) is
      ``bernoulli_(engine, empty_like(p), p)``): float64 p uses 53-bit doubles,
      float32/float16 p uses 24-bit float32 uniforms compared with float(p).
    Elements are visited in ``out``'s memory order."""
    info = _check_out(out)
    if info.kind in ("c", "u"):
        raise NotImplementedError('"bernoulli_scalar_cpu_" not implemented for \'%s\'' % info.name)
    if isinstance(p, (np.ndarray, list, tuple)):
        p = np.asarray(p)
        pinfo = _dt(p.dtype)
        if pinfo.kind != "f":
            raise NotImplementedError(
                '"bernoulli_tensor_cpu_p_" not implemented for \'%s\'' % pinfo.name)
        if not bool(np.all((p >= 0) & (p <= 1))):
            raise RuntimeError(
                "Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error "
                "message be improved?  If so, please report an enhancement request to PyTorch.)")
        n = out.size
        if n == 0:
            return out
        pb = np.broadcast_to(p, out.shape)
        if not out.flags.c_contiguous:
            index, axes = _iter_axes(out)
            pb = pb[index].transpose(axes)
        pv = pb.reshape(-1)
        pos = [0]
        if p.dtype == np.float64:
            def make(m, d):
                a = pos[0]
                pos[0] = a + m
                return _unit53(engine._u64(m)) < pv[a:a + m]
        else:
            pv = pv.astype(np.float32)

            def make(m, d):
                a = pos[0]
                pos[0] = a + m
                return _unit24(engine._u32(m)) < pv[a:a + m]
    else:
        pf = float(p)
        if not (0.0 <= pf <= 1.0):
            raise RuntimeError("bernoulli_ expects p to be in [0, 1], but got p=%s" % _fmt(pf))
        n = out.size
        if n == 0:
            return out

        def make(m, d):
            return _unit53(engine._u64(m)) < pf
    return _fill(out, make)


def dropout_noise_(engine, noise, p):
    """Fill ``noise`` with the scaled mask of ``F.dropout(x, p, training=True)`` for
    0 < p < 1: ``noise.bernoulli_(1 - p)`` then ``noise.div_(1 - p)``.

    ``noise`` must be laid out like ``x`` (torch uses ``empty_like(x)``, which keeps
    x's strides, so the mask is drawn in x's memory order).  The caller returns
    ``x * noise``.  p == 0, p == 1, eval mode and empty x do not draw (handled by
    the caller: x unchanged / x * 0).  For float16 the division is done in float32
    with float(1 - p) and rounded to half."""
    p = float(p)
    if not (0.0 <= p <= 1.0):
        raise ValueError("dropout probability has to be between 0 and 1, but got %s" % _fmt(p))
    q = 1.0 - p
    bernoulli_(engine, noise, q)
    with np.errstate(all="ignore"):
        if noise.dtype == np.float16:
            noise[...] = (noise.astype(np.float32) / np.float32(q)).astype(np.float16)
        elif noise.dtype.kind == "f":
            noise /= noise.dtype.type(q)
        else:
            raise NotImplementedError("dropout noise needs a floating dtype")
    return noise


def dropout_mask(engine, shape, p, dtype=np.float32):
    """The scaled dropout mask for a C-contiguous input of ``shape`` (see dropout_noise_)."""
    noise = np.empty(shape, dtype=dtype)
    return dropout_noise_(engine, noise, p)


# --------------------------------------------------------------------------------------
# exponential, log_normal, cauchy, geometric, multinomial
# --------------------------------------------------------------------------------------

def _float_out(out, name):
    info = _check_out(out)
    if info.kind != "f":
        raise NotImplementedError('"%s" not implemented for \'%s\'' % (name, info.name))
    return info


def exponential_(engine, out, lambd=1.0):
    """``out.exponential_(lambd)``: ``(-1/lambd) * log1p(-u)`` in double with a 53-bit u."""
    _float_out(out, "exponential_cpu")
    lambd = float(lambd)
    if not lambd > 0.0:
        raise RuntimeError("exponential_ expects lambda > 0.0, but found lambda=%s" % _fmt(lambd))
    n = out.size
    if n == 0:
        return out
    scale = -1.0 / lambd

    def make(m, d):
        u = _unit53(engine._u64(m))
        with np.errstate(all="ignore"):
            return _from_double(scale * _libm(math.log1p, -u), out.dtype)
    return _fill(out, make)


def log_normal_(engine, out, mean=1.0, std=2.0):
    """``out.log_normal_(mean, std)``: exp of the scalar Box-Muller (uses the cache)."""
    _float_out(out, "log_normal_cpu")
    mean = float(mean)
    std = float(std)
    if not std > 0.0:
        raise RuntimeError("log_normal_ expects std > 0.0, but found std=%s" % _fmt(std))
    n = out.size
    if n == 0:
        return out
    v = _libm(_safe_exp, _normal_scalar(engine, n, mean, std))
    _write(out, _from_double(v, out.dtype))
    return out


def _safe_exp(x):
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def cauchy_(engine, out, median=0.0, sigma=1.0):
    """``out.cauchy_(median, sigma)``: ``median + sigma * tan(pi * (u - 0.5))`` in double."""
    _float_out(out, "cauchy_cpu")
    median = float(median)
    sigma = float(sigma)
    if not sigma > 0.0:
        raise RuntimeError("cauchy_ expects sigma > 0.0, but found sigma=%s" % _fmt(sigma))
    n = out.size
    if n == 0:
        return out
    def make(m, d):
        u = _unit53(engine._u64(m))
        with np.errstate(all="ignore"):
            tn = _libm(math.tan, math.pi * (u - 0.5))
            return _from_double(_fma64(tn, sigma, median), out.dtype)
    return _fill(out, make)


def geometric_(engine, out, p):
    """``out.geometric_(p)``: ``ceil(log(u) / log1p(-p))`` in double."""
    info = _check_out(out)
    if info.kind not in ("f", "i"):
        raise NotImplementedError('"geometric_cpu" not implemented for \'%s\'' % info.name)
    p = float(p)
    if not (0.0 < p < 1.0):
        raise RuntimeError("geometric_ expects p to be in (0, 1), but got p=%s" % _fmt(p))
    n = out.size
    if n == 0:
        return out
    denom = math.log1p(-p)

    def make(m, d):
        u = _unit53(engine._u64(m))
        with np.errstate(all="ignore"):
            v = np.ceil(_libm(_safe_log, u) / denom)
            if info.kind == "i":
                return v.astype(np.int64).astype(out.dtype)
            return _from_double(v, out.dtype)
    return _fill(out, make)


def _safe_log(x):
    return math.log(x) if x > 0.0 else -math.inf


def multinomial(engine, probs, num_samples, replacement=False):
    """``torch.multinomial(probs, num_samples, replacement)`` -> int64 array.

    Without replacement, or with num_samples == 1: ``q = exponential_(empty_like(p), 1)``,
    then ``argmax``/``topk`` of ``p / q`` (ties in topk: lower index first, which torch
    leaves implementation-defined).  With replacement (num_samples > 1): per row a
    sequential cumulative sum in the input dtype (float32 for float16), divided by
    the total, last entry forced to 1, then a lower-bound search per 53-bit uniform."""
    probs = np.asarray(probs)
    if probs.ndim < 1 or probs.ndim > 2:
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    pinfo = _dt(probs.dtype)
    if pinfo.kind != "f":
        raise RuntimeError("multinomial only supports floating-point dtypes for input, got: %s"
                           % pinfo.name)
    k = int(num_samples)
    if not k > 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    ncat = probs.shape[-1]
    if not (replacement or k <= ncat):
        raise RuntimeError(
            "cannot sample n_sample > prob_dist.size(-1) samples without replacement")
    if ncat > (1 << 24):
        raise RuntimeError("number of categories cannot exceed 2^24")
    rows = probs.reshape(1, ncat) if probs.ndim == 1 else probs
    out_shape = (k,) if probs.ndim == 1 else (rows.shape[0], k)
    if rows.shape[0] * k == 0:
        return np.empty(out_shape, np.int64)
    if not replacement or k == 1:
        with np.errstate(all="ignore"):
            if not (bool(np.max(probs) < np.inf) and bool(np.min(probs) >= 0)):
                raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
            if probs.ndim == 1:
                zero = bool(probs.sum() == 0)
            else:
                zero = bool((probs.sum(1) == 0).sum())
            if zero:
                raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
            q = np.empty_like(probs)
            exponential_(engine, q, 1.0)
            if probs.dtype == np.float16:
                q = (probs.astype(np.float32) / q.astype(np.float32)).astype(np.float16)
            else:
                q = probs / q
        q2 = q.reshape(rows.shape)
        if k == 1:
            res = np.argmax(q2, axis=-1).reshape(-1, 1)
        else:
            order = np.argsort(-q2.astype(np.float64), axis=-1, kind="stable")
            res = order[:, :k]
        return res.astype(np.int64).reshape(out_shape)
    acc = np.float32 if probs.dtype == np.float16 else probs.dtype
    res = np.empty((rows.shape[0], k), np.int64)
    for r in range(rows.shape[0]):
        row = rows[r].astype(acc)
        with np.errstate(all="ignore"):
            if not bool(np.all(row >= 0)):
                raise RuntimeError(
                    "invalid multinomial distribution (encountering probability entry < 0)")
            if not bool(np.all(np.isfinite(row))):
                raise RuntimeError("invalid multinomial distribution (encountering probability "
                                   "entry = infinity or NaN)")
            cum = np.cumsum(row, dtype=acc)
            total = cum[-1]
            if not total > 0:
                raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
            cum = cum / total
        cum[-1] = 1
        u = _unit53(engine._u64(k))
        res[r] = np.searchsorted(cum.astype(np.float64), u, side="left")
    return res.reshape(out_shape)


# --------------------------------------------------------------------------------------
# conveniences and nn.init bounds
# --------------------------------------------------------------------------------------

def rand(engine, size, dtype=np.float32):
    """``torch.rand(size, dtype=...)``: a new C-contiguous array."""
    return uniform_(engine, np.empty(size, dtype=dtype), 0.0, 1.0)


def randn(engine, size, dtype=np.float32):
    """``torch.randn(size, dtype=...)``: a new C-contiguous array."""
    return normal_(engine, np.empty(size, dtype=dtype), 0.0, 1.0)

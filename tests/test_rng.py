"""minitorch_compat._rng against goldens recorded from real torch 2.13 (no torch needed here).

tests/data/rng_golden.json comes from conformance/record_rng_golden.py: each case is a
recipe (seed + ops) and torch's output bytes (or exception, warnings) for every op.
The replay below runs the same recipe on ``_rng`` and compares raw bytes.
"""
import hashlib
import json
import math
import os
import struct
import warnings

import numpy as np
import pytest

from minitorch_compat import _rng

GOLDEN = os.path.join(os.path.dirname(__file__), "data", "rng_golden.json")
with open(GOLDEN) as _f:
    _DATA = json.load(_f)
CASES = _DATA["cases"]

STATE_FIELDS = {"seed": ("<Q", 0), "left": ("<i", 8), "seeded": ("<i", 12), "next": ("<Q", 16),
                "normal_x": ("<d", 5016), "normal_y": ("<d", 5024), "normal_rho": ("<d", 5032),
                "normal_valid": ("<i", 5040), "float_normal": ("<f", 5048),
                "float_valid": ("<B", 5052), "key0": ("<Q", 24), "pad": ("<B", 5044)}


# ------------------------------------------------------------------------------- replay
def alloc(p):
    shape = tuple(p["shape"])
    dt = np.dtype(p["dtype"])
    lay = p.get("layout", "c")
    if lay == "c":
        return np.empty(shape, dt)
    if lay == "t":
        return np.empty(shape[::-1], dt).transpose(tuple(reversed(range(len(shape)))))
    if lay == "s":
        return np.empty(shape[:-1] + (2 * shape[-1],), dt)[..., ::2]
    if lay == "cl":
        n, c, h, w = shape
        return np.empty((n, h, w, c), dt).transpose(0, 3, 1, 2)
    raise ValueError(lay)


def nbytes(a):
    return np.ascontiguousarray(a).tobytes()


def run_op(eng, name, p, raw):
    if name == "seed":
        eng.manual_seed(p["s"])
        return None
    if name == "initial_seed":
        return struct.pack("<Q", eng.initial_seed())
    if name == "state":
        return eng.get_state()
    if name == "load_output":
        eng.set_state(bytes.fromhex(raw[p["op"]]))
        return None
    if name == "edit_state":
        b = bytearray(eng.get_state())
        for field, value in p["fields"].items():
            if field == "size":
                b = b[:value] if value <= len(b) else b + bytearray(value - len(b))
                continue
            fmt, off = STATE_FIELDS[field]
            struct.pack_into(fmt, b, off, value)
        eng.set_state(bytes(b))
        return None
    if name == "uniform":
        t = alloc(p)
        _rng.uniform_(eng, t, p["a"], p["b"])
        return nbytes(t)
    if name == "normal":
        t = alloc(p)
        _rng.normal_(eng, t, p["mean"], p["std"])
        return nbytes(t)
    if name == "random":
        t = alloc(p)
        if p["frm"] is None and p["to"] is None:
            _rng.random_(eng, t)
        else:
            _rng.random_(eng, t, p["frm"], p["to"])
        return nbytes(t)
    if name == "randint":
        return nbytes(_rng.randint(eng, p["low"], p["high"], tuple(p["shape"]), p["dtype"]))
    if name == "randperm":
        return nbytes(_rng.randperm(eng, p["n"], p["dtype"]))
    if name == "bernoulli":
        t = alloc(p)
        _rng.bernoulli_(eng, t, p["p"])
        return nbytes(t)
    if name == "bernoulli_t":
        t = alloc(p)
        pn = int(np.prod(p["p_shape"]))
        pt = np.linspace(0.0, 1.0, pn).reshape(p["p_shape"]).astype(p["p_dtype"])
        _rng.bernoulli_(eng, t, pt)
        return nbytes(t)
    if name == "dropout":
        x = alloc(p)
        x.fill(1)
        q = p["p"]
        if not 0.0 <= q <= 1.0:
            raise ValueError("dropout probability has to be between 0 and 1, but got %s" % q)
        if q == 0.0 or x.size == 0:
            return nbytes(x)
        if q == 1.0:
            return nbytes(x * x.dtype.type(0))
        noise = np.empty_like(x)  # keeps x's memory layout, as torch's empty_like
        _rng.dropout_noise_(eng, noise, q)
        return nbytes(x * noise)
    if name == "exponential":
        t = alloc(p)
        _rng.exponential_(eng, t, p["lambd"])
        return nbytes(t)
    if name == "log_normal":
        t = alloc(p)
        _rng.log_normal_(eng, t, p["mean"], p["std"])
        return nbytes(t)
    if name == "cauchy":
        t = alloc(p)
        _rng.cauchy_(eng, t, p["median"], p["sigma"])
        return nbytes(t)
    if name == "geometric":
        t = alloc(p)
        _rng.geometric_(eng, t, p["p"])
        return nbytes(t)
    if name == "multinomial":
        probs = np.array(p["probs"], dtype=p["dtype"])
        return nbytes(_rng.multinomial(eng, probs, p["k"], p["repl"]))
    if name == "init":
        t = alloc(p)
        init_(eng, t, p["fn"], **p["kw"])
        return nbytes(t)
    if name == "dataloader":
        # torch: the iterator's base seed, then RandomSampler's seed (int64 random_()
        # draws), then randperm(n) on a new generator seeded with the latter
        _rng.random_(eng, np.empty((), np.int64))
        seed = _rng.random_(eng, np.empty((), np.int64))
        return nbytes(_rng.randperm(_rng.Engine(int(seed)), p["n"]).astype(np.int64))
    if name == "linear":
        # through nn.Linear itself, drawing from this case's engine as the default generator
        import minitorch_compat as torch
        saved = torch.random.default_generator._eng
        torch.random.default_generator._eng = eng
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # a zero-element weight warns, as in torch
                lin = torch.nn.Linear(p["fin"], p["fout"], dtype=getattr(torch, p["dtype"]))
        finally:
            torch.random.default_generator._eng = saved
        return nbytes(lin.weight.detach().numpy()) + nbytes(lin.bias.detach().numpy())
    raise ValueError(name)


def init_(eng, t, fn, **kw):
    """torch.nn.init.<fn> through the shim's own nn.init, drawing from this case's engine."""
    import minitorch_compat as torch
    g = torch.Generator()
    g._eng = eng
    getattr(torch.nn.init, fn)(torch.from_numpy(t), **kw, generator=g)


def _describe(b, limit=48):
    return b[:limit].hex() + ("..." if len(b) > limit else "")


def replay(case):
    eng = _rng.Engine()
    eng.manual_seed(case["seed"])
    raw = {}
    for i, ((name, p), exp) in enumerate(zip(case["ops"], case["results"])):
        where = "op %d %s %s" % (i, name, json.dumps(p)[:200])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if "err" in exp:
                with pytest.raises(Exception) as info:
                    run_op(eng, name, p, raw)
                assert type(info.value).__name__ == exp["err"], where
                assert str(info.value) == exp["msg"], where
                return
            b = run_op(eng, name, p, raw)
        if name in ("random", "randint"):
            got = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
            assert got == exp.get("warn", []), where
        if b is None:
            assert "hex" not in exp and "sha256" not in exp, where
            continue
        if p.get("full"):
            raw[i] = b.hex()
        if "hex" in exp:
            assert b.hex() == exp["hex"], "%s\n got %s\nwant %s" % (where, _describe(b),
                                                                     exp["hex"][:96])
        else:
            assert len(b) == exp["n"], where
            assert hashlib.sha256(b).hexdigest() == exp["sha256"], (
                "%s\n got %s\nwant %s..." % (where, _describe(b), exp["head"]))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_golden(case):
    replay(case)


def test_golden_count():
    assert len(CASES) >= 500
    assert _DATA["meta"]["torch"].startswith("2.13")


# ------------------------------------------------------------------------------- engine API
def test_engine_defaults_and_seed():
    e = _rng.Engine()
    assert e.initial_seed() == _rng.DEFAULT_SEED == 67280421310721
    assert len(e.get_state()) == _rng.STATE_SIZE == 5056
    s = e.seed()
    assert 0 <= s < 2 ** 64 and e.initial_seed() == s
    f = _rng.Engine(s)
    assert f.get_state() == e.get_state()
    assert e.manual_seed(-1) is None and e.initial_seed() == 2 ** 64 - 1
    with pytest.raises(ValueError, match="Overflow when unpacking long long"):
        e.manual_seed(2 ** 64)


def test_engine_words_and_copy():
    e = _rng.Engine(5)
    w32 = e.random32(6)
    assert w32.dtype == np.uint32 and w32.shape == (6,)
    e.manual_seed(5)
    w64 = e.random64(3)
    assert w64.dtype == np.uint64
    assert w64.tolist() == [(int(w32[2 * i]) << 32) | int(w32[2 * i + 1]) for i in range(3)]
    # first MT19937 output for seed 5489 (the reference implementation's default seed)
    assert _rng.Engine(5489).random32(1)[0] == 3499211612
    c = e.copy()
    assert c.get_state() == e.get_state()
    assert c.random32(700).tolist() == e.random32(700).tolist()
    e.random32(1)
    assert c.get_state() != e.get_state()
    big = _rng.Engine(9).random32(1000)
    eng = _rng.Engine(9)
    assert np.concatenate([eng.random32(k) for k in (1, 10, 300, 689)]).tolist() == big.tolist()


def test_set_state_accepts_numpy_and_roundtrips_cache():
    e = _rng.Engine(3)
    _rng.normal_(e, np.empty(5))
    assert e.next_double_normal_sample is not None
    st = np.frombuffer(e.get_state(), np.uint8)
    f = _rng.Engine()
    f.set_state(st)
    assert f.get_state() == e.get_state()
    assert f.next_double_normal_sample == e.next_double_normal_sample


def test_kernels_return_out_and_validate_arrays():
    e = _rng.Engine(0)
    a = np.empty(4, np.float32)
    assert _rng.uniform_(e, a) is a and _rng.normal_(e, a) is a
    assert _rng.exponential_(e, a) is a and _rng.bernoulli_(e, a, 0.5) is a
    ro = np.zeros(3)
    ro.flags.writeable = False
    with pytest.raises(ValueError):
        _rng.uniform_(e, ro)
    overlapping = np.lib.stride_tricks.as_strided(np.zeros(3), (2, 3), (0, 8), writeable=True)
    with pytest.raises(RuntimeError, match="more than one element of the written-to tensor"):
        _rng.uniform_(e, overlapping)
    with pytest.raises(TypeError):
        _rng.uniform_(e, [1.0, 2.0])


def test_random_warns_like_torch():
    e = _rng.Engine(0)
    with pytest.warns(UserWarning, match=r"to - 1 is out of bounds \[-\(2\^24\), 2\^24\]"):
        _rng.random_(e, np.empty(3, np.float32), 0, 2 ** 40)


def test_dropout_mask_is_scaled_bernoulli():
    e = _rng.Engine(8)
    m = _rng.dropout_mask(e, (4, 5), 0.25, np.float32)
    vals = set(m.ravel().tolist())
    assert vals <= {0.0, float(np.float32(1) / np.float32(0.75))}


def test_nn_init_gains_match_torch_formulas():
    from minitorch_compat.nn import init
    assert init.calculate_gain("relu") == math.sqrt(2.0)
    assert init.calculate_gain("tanh") == 5.0 / 3
    assert init.calculate_gain("leaky_relu", math.sqrt(5)) == math.sqrt(2.0 / (1 + 5.0))
    with pytest.raises(ValueError):
        init.calculate_gain("nope")


def test_fisher_yates_vectorisations_match_loops():
    rs = np.random.RandomState(0)
    for n in [2, 3, 5, 17, 40, 1000, 5000]:
        for _ in range(5):
            w = rs.randint(0, 2 ** 32, n - 1, dtype=np.uint64).astype(np.uint32)
            a = list(range(n))
            for i, wi in enumerate(w.tolist()):
                j = i + wi % (n - i)
                a[i], a[j] = a[j], a[i]
            assert _rng._fisher_yates_forward(w, n).tolist() == a
            r = rs.randint(0, 2 ** 63, n, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
            b = [0] * n
            for i, ri in enumerate(r.tolist()):
                z = ri % (i + 1)
                b[i] = b[z]
                b[z] = i
            assert _rng._fisher_yates_inside_out(r, n).tolist() == b


def test_fma_emulations_are_exact():
    from fractions import Fraction
    rs = np.random.RandomState(1)
    a = (rs.standard_normal(3000) * 2.0 ** rs.randint(-40, 40, 3000)).astype(np.float64)
    for b, c in [(0.1, 0.3), (-3.7e5, 2.5e-3), (1e-30, 1e-20), (7.0, -7.0), (1.0 / 3, 1e300)]:
        got = _rng._fma64(a, b, c)
        want = [float(Fraction(x) * Fraction(b) + Fraction(c)) for x in a.tolist()]
        assert got.tolist() == want
    a32 = a.astype(np.float32)
    for b, c in [(0.1, 0.3), (-3.7e5, 2.5e-3), (3.0, -1.0), (1e-20, 1e-30)]:
        b32, c32 = np.float32(b), np.float32(c)
        got = _rng._fma32(a32, b32, c32)
        for g, x in zip(got.tolist(), a32.tolist()):
            exact = Fraction(x) * Fraction(float(b32)) + Fraction(float(c32))
            assert g == _round_f32(exact)


def _round_f32(ex):
    """The float32 nearest to the rational ex (ties to even), as a Python float."""
    f = np.float32(float(ex))
    cands = {float(f), float(np.nextafter(f, np.float32(np.inf))),
             float(np.nextafter(f, np.float32(-np.inf)))}
    from fractions import Fraction
    best = min(cands, key=lambda v: (abs(Fraction(v) - ex),
                                     int(np.float32(v).view(np.uint32)) & 1))
    return best


# ------------------------------------------------------------------------------- Cephes replay
# The exact reference of the AVX2 log256_ps / sincos256_ps replay (spec section 5.1),
# every fused multiply-add rounded exactly once.  _rng evaluates those FMAs as a
# float64 multiply-add rounded to float32, which was checked to agree on all 2**24
# possible inputs of each function; set MINITORCH_RNG_EXHAUSTIVE=1 to re-run that.

def _fb(b):
    return np.array([b], np.uint32).view(np.float32)[0]


def _xfma32(a, b, c):
    a = np.asarray(a, np.float32).astype(np.float64)
    b = np.asarray(b, np.float32).astype(np.float64)
    c = np.asarray(c, np.float32).astype(np.float64)
    p = a * b
    s = np.array(p + c, np.float64)
    bv = s - p
    err = (p - (s - bv)) + (c - bv)
    fix = (err != 0) & ((s.view(np.uint64) & np.uint64(1)) == 0)
    s[fix] = np.nextafter(s[fix], np.copysign(np.inf, err[fix]))
    return s.astype(np.float32)


def _r(x):
    return np.asarray(x).astype(np.float32)


_P = [_fb(b) for b in (0x3d9021bb, 0xbdebd1b8, 0x3def251a, 0xbdfe5d4f, 0x3e11e9bf, 0xbe2aae50,
                       0x3e4cceac, 0xbe7ffffc, 0x3eaaaaaa)]
_S = [_fb(b) for b in (0xb94ca1f9, 0x3c08839e, 0xbe2aaaa3)]
_C = [_fb(b) for b in (0x37ccf5ce, 0xbab6061a, 0x3d2aaaa5)]


def ref_radius(k1):
    u1 = _r(np.float32(1) - _r(k1.astype(np.float32) * np.float32(2.0 ** -24)))
    x = np.maximum(u1, _fb(0x00800000))
    bits = x.view(np.uint32)
    e = _r(_r((bits >> 23).astype(np.int32) - 127) + np.float32(1))
    m = ((bits & np.uint32(0x807FFFFF)) | np.uint32(0x3F000000)).view(np.float32)
    mask = m < _fb(0x3f3504f3)
    e = np.where(mask, _r(e - np.float32(1)), e)
    t = np.where(mask, _r(_r(m - np.float32(1)) + m), _r(_r(m - np.float32(1)) + np.float32(0)))
    z = _r(t * t)
    y = np.full_like(t, _P[0])
    for pk in _P[1:]:
        y = _xfma32(y, t, pk)
    y = _r(t * y)
    y = _xfma32(y, z, _r(e * _fb(0xb95e8083)))
    y = _r(y - _r(z * np.float32(0.5)))
    t = _r(t + y)
    L = _xfma32(e, _fb(0x3f318000), t)
    return np.sqrt(_r(np.float32(-2) * L))


def ref_sincos(k2):
    u2 = _r(k2.astype(np.float32) * np.float32(2.0 ** -24))
    theta = _r(_fb(0x40c90fdb) * u2)
    k = _r(theta * _fb(0x3fa2f983)).astype(np.int32)
    k = (k + 1) & ~1
    y = k.astype(np.float32)
    r = _xfma32(y, _fb(0xbf490000), theta)
    r = _xfma32(_fb(0xb97da000), y, r)
    r = _xfma32(y, _fb(0xb3222169), r)
    z = _r(r * r)
    pc = _xfma32(_xfma32(_C[0], z, _C[1]), z, _C[2])
    pc = _r(z * pc)
    pc = _xfma32(z, pc, -_r(np.float32(0.5) * z))
    pc = _r(pc + np.float32(1))
    ps = _xfma32(_xfma32(_S[0], z, _S[1]), z, _S[2])
    ps = _r(z * ps)
    ps = _xfma32(r, ps, r)
    sw = (k & 2) != 0
    s = np.where(sw, pc, ps)
    c = np.where(sw, ps, pc)
    s = np.where((k & 4) != 0, -s, s)
    c = np.where(((k - 2) & 4) == 0, -c, c)
    return s.astype(np.float32), c.astype(np.float32)


def _check_cephes(k):
    with np.errstate(all="ignore"):
        r1 = _rng._cephes_radius(k)
        s1, c1, j = _rng._cephes_sincos(k)
        s1 = s1 * _rng._J_SGN_S.take(j)
        c1 = c1 * _rng._J_SGN_C.take(j)
        r2 = ref_radius(k)
        s2, c2 = ref_sincos(k)
    for got, want in ((r1, r2), (s1, s2), (c1, c2)):
        bad = np.flatnonzero(got.view(np.uint32) != want.view(np.uint32))
        assert bad.size == 0, k[bad[:5]]


def test_cephes_fast_path_matches_exact_reference_sample():
    k = np.concatenate([np.arange(0, 1 << 24, 251, dtype=np.uint32),
                        np.arange(0, 4096, dtype=np.uint32),
                        np.arange((1 << 24) - 4096, 1 << 24, dtype=np.uint32)])
    _check_cephes(k)


@pytest.mark.skipif(not os.environ.get("MINITORCH_RNG_EXHAUSTIVE"),
                    reason="exhaustive 2**24 check: set MINITORCH_RNG_EXHAUSTIVE=1 (~30 s)")
def test_cephes_fast_path_matches_exact_reference_exhaustive():
    for a in range(0, 1 << 24, 1 << 21):
        _check_cephes(np.arange(a, a + (1 << 21), dtype=np.uint32))

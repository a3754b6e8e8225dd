"""Record real torch's tensor repr for a fixed list of cases plus a seeded random sweep.

Run with an interpreter that has real torch (2.13) installed:

    python conformance/record_print_golden.py [--out tests/data/print_golden.json]

Every case stores its recipe (values as compressed raw bytes, dtype, shape, optional axis
permutation for non-contiguous views, autograd flags, print options, default dtype) next to
torch's text, so tests/test_tensor_str.py can rebuild the same values without torch.
"""
import argparse
import base64
import json
import math
import os
import sys
import zlib

import numpy as np
import torch

SEED = 20240613
N_SWEEP = 2200

FLOAT_DTYPES = ["float32", "float64", "float16", "bfloat16"]
INT_DTYPES = ["int8", "int16", "int32", "int64", "uint8"]
COMPLEX_DTYPES = ["complex64", "complex128"]
ALL_DTYPES = FLOAT_DTYPES + INT_DTYPES + ["bool"] + COMPLEX_DTYPES

# the NumPy dtype used to store each torch dtype's values (bfloat16 values are exact in float32)
STORAGE = {
    "float32": "<f4", "float64": "<f8", "float16": "<f2", "bfloat16": "<f4",
    "int8": "|i1", "int16": "<i2", "int32": "<i4", "int64": "<i8", "uint8": "|u1",
    "bool": "|b1", "complex64": "<c8", "complex128": "<c16",
}


def encode(arr):
    arr = np.array(arr, order="C")  # (ascontiguousarray would make 0-d arrays 1-d)
    raw = zlib.compress(arr.tobytes(), 9)
    return {"np": arr.dtype.str, "shape": list(arr.shape),
            "b64": base64.b64encode(raw).decode("ascii")}


def make_tensor(values, dtype_name, perm=None, requires_grad=False, grad_op=None):
    """Build the torch tensor for a recipe; return (tensor, stored base array)."""
    tdtype = getattr(torch, dtype_name)
    base = np.asarray(values)
    if dtype_name == "bfloat16":
        t = torch.tensor(base.astype(np.float64)).to(torch.bfloat16)
    elif dtype_name == "bool":
        t = torch.tensor(base.astype(bool))
    else:
        t = torch.tensor(base).to(tdtype)
    if requires_grad:
        t.requires_grad_(True)
    if grad_op == "mul":
        t = t * 1
    elif grad_op == "clone":
        t = t.clone()
    elif grad_op == "add":
        t = t + 0
    # the values as the final tensor holds them (t * 1 and t + 0 may change inf/-0. parts)
    plain = t.detach()
    stored = (plain.float() if dtype_name == "bfloat16" else plain).numpy().copy()
    if perm is not None:
        t = t.permute(*perm)
    return t, stored


def record(case):
    """Fill case['repr'] (and the stored data) by running torch."""
    torch.set_printoptions(profile="default")
    torch.set_default_dtype(getattr(torch, case["default_dtype"]))
    try:
        t, stored = make_tensor(case.pop("values"), case["dtype"], case.get("perm"),
                                case["requires_grad"], case.pop("grad_op", None))
        case["data"] = encode(stored)
        torch.set_printoptions(**case["options"])
        case["repr"] = repr(t)
        gf = t.grad_fn
        case["grad_fn"] = None if gf is None else type(gf).__name__
        case["requires_grad"] = bool(t.requires_grad)
        case["shape"] = list(t.shape)
    finally:
        torch.set_printoptions(profile="default")
        torch.set_default_dtype(torch.float32)
    return case


def case(name, values, dtype="float32", options=None, requires_grad=False, grad_op=None,
         perm=None, default_dtype="float32"):
    return {"id": name, "values": values, "dtype": dtype, "options": options or {},
            "requires_grad": requires_grad, "grad_op": grad_op, "perm": perm,
            "default_dtype": default_dtype}


def fixed_cases():
    nan, inf = math.nan, math.inf
    c = []
    add = c.append
    add(case("two_fours", [4.0, 4.0]))
    add(case("scalar", 6.155921936035156))
    add(case("scalar_int", 7, "int64"))
    add(case("scalar_bool", True, "bool"))
    add(case("scalar_nan", nan))
    add(case("scalar_neg_zero", -0.0))
    add(case("scalar_big", 1.5e12))
    add(case("scalar_tiny", 3.2e-9))
    add(case("scalar_complex", 1 + 2j, "complex64"))
    add(case("empty_0x3", np.zeros((0, 3))))
    add(case("empty_1d", np.zeros((0,))))
    add(case("empty_1d_int", np.zeros((0,), np.int64), "int64"))
    add(case("empty_1d_bool", np.zeros((0,), bool), "bool"))
    add(case("empty_2x0_f64", np.zeros((2, 0)), "float64"))
    add(case("empty_c64", np.zeros((0,), np.complex64), "complex64"))
    add(case("empty_f64_default64", np.zeros((0,)), "float64", default_dtype="float64"))
    add(case("empty_f32_default64", np.zeros((0, 2)), "float32", default_dtype="float64"))
    add(case("int32", [1, 2], "int32"))
    add(case("int64", [1, -2, 300], "int64"))
    add(case("uint8", [0, 255, 7], "uint8"))
    add(case("bools", [True, True], "bool"))
    add(case("bools_mixed", [True, False, True], "bool"))
    add(case("float16", [1.5, 2.25], "float16"))
    add(case("float64", [1.5, 2.25], "float64"))
    add(case("float64_default64", [1.5, 2.25], "float64", default_dtype="float64"))
    add(case("float32_default64", [1.5, 2.25], "float32", default_dtype="float64"))
    add(case("complex128_default64", [1.5 + 1j], "complex128", default_dtype="float64"))
    add(case("complex64_default64", [1.5 + 1j], "complex64", default_dtype="float64"))
    add(case("complex128_default32", [1.5 + 1j], "complex128"))
    add(case("bfloat16", [1.5, 3.140625], "bfloat16"))
    add(case("nonfinite", [1.0, nan, -inf, -0.0, inf]))
    add(case("nonfinite_frac", [1.5, nan, -inf, -0.0, inf]))
    add(case("all_nan", [nan, nan]))
    add(case("all_zero", [0.0, -0.0]))
    add(case("neg_zero_only", [-0.0]))
    add(case("sci_big", [1e9, 1.0]))
    add(case("sci_tiny", [1e-5, 1.0]))
    add(case("sci_ratio", [1001.0, 1.0]))
    add(case("fixed_ratio", [1000.0, 1.0]))
    add(case("fixed_ratio_frac", [1000.5, 1.5]))
    add(case("bound_1e8", [1e8, 1e7]))
    add(case("bound_1e-4", [1e-4, 1e-3], "float64"))
    add(case("round_carry", [9.99995, 0.5], "float64"))
    add(case("round_carry_sci", [9.99995e10, 1.0], "float64"))
    add(case("exp3", [1e-300, 1e300], "float64"))
    add(case("exp3_small_end", [1e-150, 2.0], "float64"))
    add(case("exp3_negative_small_end", [-1e-200, -3.0, 4.0], "float64"))
    add(case("exp3_big_end", [-5e200, 3.0], "float64"))
    add(case("subnormal", [5e-324, 1.0], "float64"))
    add(case("float16_extremes", [6e-8, 65504.0, -65504.0], "float16"))
    add(case("float32_extremes", [1e-45, 3.4e38], "float32"))
    add(case("ints_as_float_big", [123456789.0, 1.0]))
    add(case("mixed_magnitude", [1.23456e-7, 3.5, -2.2e5, 9.8e11]))
    add(case("neg_widths", [-1.0, 22.0, -333.0]))
    add(case("arange_100", np.arange(100, dtype=np.float32)))
    add(case("arange_100_int", np.arange(100), "int64"))
    add(case("arange_1000", np.arange(1000, dtype=np.float32) / 7))
    add(case("arange_1001", np.arange(1001, dtype=np.float32) / 7))
    add(case("arange_2000_2d", (np.arange(2000, dtype=np.float32) / 3).reshape(40, 50)))
    add(case("arange_2000_3d", np.arange(2000).reshape(10, 10, 20), "int32"))
    add(case("arange_4d", (np.arange(4 * 5 * 6 * 7, dtype=np.float64) - 400).reshape(4, 5, 6, 7)))
    add(case("arange_4d_big", (np.arange(8 * 7 * 6 * 5) * 1.5e-3).reshape(8, 7, 6, 5)))
    add(case("matrix", [[1.0, 2.5], [3.0, -4.0]]))
    add(case("matrix_int", [[1, 2], [30, -4]], "int16"))
    add(case("cube", np.arange(24.0).reshape(2, 3, 4)))
    add(case("wrap_width", np.linspace(-1, 1, 37)))
    add(case("requires_grad", [1.0, 2.0], requires_grad=True))
    add(case("grad_fn_mul", [1.0, 2.0], requires_grad=True, grad_op="mul"))
    add(case("grad_fn_f16", [1.0, 2.0], "float16", requires_grad=True, grad_op="mul"))
    add(case("grad_fn_scalar", 3.25, requires_grad=True, grad_op="mul"))
    add(case("grad_fn_permute", np.arange(6.0).reshape(2, 3), requires_grad=True, perm=[1, 0]))
    add(case("grad_fn_clone", [1.0, 2.0], "float64", requires_grad=True, grad_op="clone"))
    add(case("grad_fn_add_c64", [1 + 1j], "complex64", requires_grad=True, grad_op="add"))
    add(case("empty_requires_grad", np.zeros((0, 3)), requires_grad=True))
    add(case("empty_requires_grad_f16", np.zeros((0,)), "float16", requires_grad=True))
    # suffixes that wrap onto a new line
    for n in range(7, 13):
        add(case(f"suffix_wrap_{n}", np.arange(n, dtype=np.float64) + 0.5, "float16",
                 requires_grad=True, grad_op="mul"))
        add(case(f"suffix_wrap_int_{n}", np.arange(n) * 1000, "int16"))
    add(case("suffix_wrap_2d", np.arange(16.0).reshape(2, 8) + 0.25, "float64",
             requires_grad=True, grad_op="mul"))
    add(case("transpose_2d", np.arange(12.0).reshape(3, 4), perm=[1, 0]))
    add(case("transpose_3d", np.arange(60).reshape(3, 4, 5), "int64", perm=[2, 0, 1]))
    add(case("complex_mix", [1 + 2j, -3.5 - 0j, complex(nan, nan), complex(0, -0.0)], "complex64"))
    add(case("complex_sci", [1e-6 + 2j, 3e9 - 1j], "complex128"))
    add(case("complex_big", np.arange(1200).reshape(30, 40) * (1 + 0.5j), "complex64"))
    # print options
    add(case("precision_2", [1.12345, 2.0], options={"precision": 2}))
    add(case("precision_0", [1.5, 2.25, -3.75], options={"precision": 0}))
    add(case("precision_0_sci", [1.5e9, 2.25], options={"precision": 0}))
    add(case("precision_10", [1.12345, 2.0], "float64", options={"precision": 10}))
    add(case("threshold_5", np.arange(10), "int64", options={"threshold": 5}))
    add(case("threshold_5_2d", np.arange(100.0).reshape(10, 10), options={"threshold": 5}))
    add(case("edgeitems_1", np.arange(100.0).reshape(10, 10) / 3,
             options={"threshold": 5, "edgeitems": 1}))
    add(case("edgeitems_0", [1, 2, 3], "int64", options={"edgeitems": 0}))
    add(case("edgeitems_0_big", np.arange(2000).reshape(40, 50), "int64",
             options={"edgeitems": 0}))
    add(case("edgeitems_0_big1d", np.arange(2000.0), options={"edgeitems": 0}))
    add(case("edgeitems_0_scalar", 2.5, options={"edgeitems": 0, "threshold": 0}))
    add(case("linewidth_20", np.arange(30.0), options={"linewidth": 20}))
    add(case("linewidth_5", np.arange(10.0) + 0.5, options={"linewidth": 5},
             requires_grad=True, grad_op="mul"))
    add(case("linewidth_200", np.arange(60.0).reshape(3, 20) / 7, options={"linewidth": 200}))
    add(case("sci_true", [1.0, 2.0], options={"sci_mode": True}))
    add(case("sci_true_frac", [1.5, 2.0, -0.0, nan], options={"sci_mode": True}))
    add(case("sci_false", [1e-9, 1e12], "float64", options={"sci_mode": False}))
    add(case("sci_false_int", [1e30, 1.0], "float64", options={"sci_mode": False}))
    add(case("profile_short", np.arange(100.0) / 3, options={"profile": "short"}))
    add(case("profile_full", np.arange(1500), "int64", options={"profile": "full"}))
    add(case("profile_full_prec", np.arange(30.0) / 3,
             options={"profile": "full", "precision": 6}))
    return c


# ----------------------------------------------------------------------------- random sweep
def random_shape(rng):
    r = rng.random()
    if r < 0.07:
        nd = int(rng.integers(1, 5))
        shape = [int(rng.integers(0, 4)) for _ in range(nd)]
        shape[int(rng.integers(nd))] = 0
        return shape
    if r < 0.13:  # more than 1000 elements: summarised
        nd = int(rng.integers(1, 5))
        while True:
            shape = [int(rng.integers(1, {1: 3000, 2: 60, 3: 16, 4: 9}[nd])) for _ in range(nd)]
            n = int(np.prod(shape))
            if 1000 < n <= 4000:
                return shape
    nd = int(rng.choice([0, 1, 1, 2, 2, 3, 4]))
    if nd == 0:
        return []
    hi = {1: 40, 2: 9, 3: 5, 4: 4}[nd]
    return [int(rng.integers(1, hi)) for _ in range(nd)]


def random_floats(rng, n):
    style = rng.choice(["normal", "logmix", "ints", "round", "boundary", "const", "special",
                        "tiny_huge"])
    k = float(rng.integers(-9, 13))
    if style == "normal":
        v = rng.standard_normal(n) * 10.0 ** k
    elif style == "logmix":
        lo = float(rng.uniform(-9, 12))
        hi = float(rng.uniform(lo, 12))
        v = 10.0 ** rng.uniform(lo, hi, n) * rng.choice([-1.0, 1.0], n)
    elif style == "ints":
        v = np.round(rng.standard_normal(n) * 10.0 ** abs(k) / 10.0 ** int(rng.integers(0, 3)))
    elif style == "round":
        digits = int(rng.integers(0, 7))
        v = np.round(rng.standard_normal(n) * 10.0 ** int(rng.integers(-3, 5)), digits)
    elif style == "boundary":
        picks = np.array([1e8, 1e8 * 1.0000001, 1e-4, 0.99999e-4, 1000.0, 1000.5, 9.99995,
                          0.99995, 99999.5, 1.0, 0.5, 1e-4 * 1000, 1e-3, 5e-5, 12345678.0,
                          123456789.0, 0.00015, 999.99995])
        v = rng.choice(picks, n) * rng.choice([-1.0, 1.0], n)
    elif style == "const":
        v = np.full(n, float(rng.choice([0.0, -0.0, 1.0, 2.5, 1e10, -7.0])))
    elif style == "special":
        v = rng.choice(np.array([0.0, -0.0, np.nan, np.inf, -np.inf]), n)
    else:
        v = rng.choice(np.array([1e-9, 3.3e-9, 7e11, 1e12, 1.0, -2.5e-7]), n)
    if rng.random() < 0.25 and n:
        m = int(rng.integers(1, max(2, n // 4) + 1))
        idx = rng.integers(0, n, m)
        v[idx] = rng.choice(np.array([np.nan, np.inf, -np.inf, 0.0, -0.0]), m)
    return v


def random_values(rng, dtype, shape):
    n = int(np.prod(shape)) if shape else 1
    if dtype in FLOAT_DTYPES:
        v = random_floats(rng, n)
    elif dtype in COMPLEX_DTYPES:
        v = random_floats(rng, n) + 1j * random_floats(rng, n)
    elif dtype == "bool":
        v = rng.random(n) < float(rng.random())
    else:
        info = np.iinfo(dtype)
        style = rng.integers(3)
        if style == 0:
            v = rng.integers(info.min, info.max, n, endpoint=True, dtype=np.int64)
        elif style == 1:
            v = rng.integers(max(info.min, -20), 20, n, endpoint=True, dtype=np.int64)
        else:
            hi = min(info.max, 10 ** int(rng.integers(1, 19)))
            v = rng.integers(max(info.min, -hi), hi, n, endpoint=True, dtype=np.int64)
        v = v.astype(dtype)
    return v.reshape(shape)


def random_options(rng):
    if rng.random() < 0.6:
        return {}
    opts = {}
    if rng.random() < 0.2:
        opts["profile"] = str(rng.choice(["default", "short", "full"]))
    if rng.random() < 0.4:
        opts["precision"] = int(rng.integers(0, 9))
    if rng.random() < 0.35:
        opts["threshold"] = int(rng.choice([0, 1, 5, 10, 50, 200, 1000, 5000]))
    if rng.random() < 0.35:
        opts["edgeitems"] = int(rng.integers(0, 5))
    if rng.random() < 0.4:
        opts["linewidth"] = int(rng.choice([1, 10, 20, 40, 60, 79, 81, 100, 120, 200]))
    if rng.random() < 0.3:
        opts["sci_mode"] = bool(rng.random() < 0.5)
    return opts


def sweep_cases(rng, n_cases):
    out = []
    weights = np.array([6, 2, 2, 1.5, 1, 1, 1, 2, 1, 1.5, 1.5, 1.5])
    weights = weights / weights.sum()
    for i in range(n_cases):
        dtype = str(rng.choice(ALL_DTYPES, p=weights))
        shape = random_shape(rng)
        perm = None
        if len(shape) >= 2 and rng.random() < 0.2:
            perm = [int(x) for x in rng.permutation(len(shape))]
            if perm == sorted(perm):
                perm = perm[::-1]
        values = random_values(rng, dtype, shape)
        requires_grad = dtype in FLOAT_DTYPES + COMPLEX_DTYPES and rng.random() < 0.3
        grad_op = None
        if requires_grad and rng.random() < 0.5:
            grad_op = str(rng.choice(["mul", "clone", "add"]))
        default_dtype = "float64" if rng.random() < 0.12 else "float32"
        out.append(case(f"sweep_{i:04d}", values, dtype, random_options(rng), requires_grad,
                        grad_op, perm, default_dtype))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--out", default=os.path.join(here, "tests", "data",
                                                  "print_golden.json"))
    args = ap.parse_args(argv)
    import warnings
    warnings.simplefilter("ignore")  # float16 overflow while casting is intended
    rng = np.random.default_rng(SEED)
    fixed = [record(c) for c in fixed_cases()]
    sweep = [record(c) for c in sweep_cases(rng, N_SWEEP)]
    doc = {"torch_version": torch.__version__, "numpy_version": np.__version__,
           "seed": SEED, "fixed": fixed, "sweep": sweep}
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print(f"{len(fixed)} fixed cases, {len(sweep)} sweep tensors -> {args.out} "
          f"({os.path.getsize(args.out)} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()

"""Record torch's CPU random streams as goldens for tests/test_rng.py.

Run with real torch (2.13, CPU wheel):

    /work/venv-torch/bin/python conformance/record_rng_golden.py

Writes ``tests/data/rng_golden.json``: a list of cases.  A case is a recipe (a seed
and a sequence of ops, all plain JSON) plus what torch produced for each op: the
output bytes (hex when short, sha256 otherwise), or the exception type and
message, and any warnings.  ``tests/test_rng.py`` replays the same recipes on
``minitorch_compat._rng`` without torch and compares the raw bytes.

Ops (params in a dict):
  seed {s}                      torch.manual_seed(s)
  initial_seed                  8 bytes, little-endian uint64
  state {full?}                 the 5056 bytes of get_rng_state()
  load_output {op}              set_rng_state(bytes recorded by op number ``op`` of this case)
  edit_state {field: value}     patch fields of the current state, then set it
  uniform {shape,dtype,layout,a,b}        torch.empty(...).uniform_(a, b)
  normal {shape,dtype,layout,mean,std}    torch.empty(...).normal_(mean, std)
  random {shape,dtype,layout,frm,to}      random_() / random_(frm, to) / random_(frm, None)
  randint {low,high,shape,dtype}          torch.randint
  randperm {n,dtype}                      torch.randperm
  bernoulli {shape,dtype,layout,p}        torch.empty(...).bernoulli_(p: float)
  bernoulli_t {shape,dtype,layout,p_shape,p_dtype}  .bernoulli_(p tensor = linspace(0, 1))
  dropout {shape,dtype,layout,p}          F.dropout(torch.ones(...), p)
  exponential / log_normal / cauchy / geometric {shape,dtype,layout, params}
  multinomial {probs,dtype,k,repl}
  linear {fin,fout,dtype}                 nn.Linear(fin, fout): weight bytes + bias bytes
  init {fn,shape,dtype,kw}                torch.nn.init.<fn>(torch.empty(shape), **kw)
  dataloader {n}                          first-epoch order of DataLoader(range(n), shuffle=True)
Layouts: "c" contiguous, "t" all dims reversed (a transpose), "s" last dim stepped
(::2), "cl" channels-last (4-d).
"""
import hashlib
import json
import math
import re
import os
import struct
import sys
import warnings

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "data", "rng_golden.json")

TDT = {"float16": torch.float16, "float32": torch.float32, "float64": torch.float64,
       "int8": torch.int8, "uint8": torch.uint8, "int16": torch.int16, "int32": torch.int32,
       "int64": torch.int64, "bool": torch.bool, "uint16": torch.uint16,
       "uint32": torch.uint32, "uint64": torch.uint64, "complex64": torch.complex64,
       "complex128": torch.complex128}

TRIGGERED = re.compile(r" \(Triggered internally at [^)]*\)$")  # torch's C++ warning suffix
STATE_FIELDS = {"seed": ("<Q", 0), "left": ("<i", 8), "seeded": ("<i", 12), "next": ("<Q", 16),
                "normal_x": ("<d", 5016), "normal_y": ("<d", 5024), "normal_rho": ("<d", 5032),
                "normal_valid": ("<i", 5040), "float_normal": ("<f", 5048),
                "float_valid": ("<B", 5052), "key0": ("<Q", 24), "pad": ("<B", 5044)}


def alloc(p):
    shape = tuple(p["shape"])
    dt = TDT[p["dtype"]]
    lay = p.get("layout", "c")
    if lay == "c":
        return torch.empty(shape, dtype=dt)
    if lay == "t":
        return torch.empty(shape[::-1], dtype=dt).permute(*reversed(range(len(shape))))
    if lay == "s":
        return torch.empty(shape[:-1] + (2 * shape[-1],), dtype=dt)[..., ::2]
    if lay == "cl":
        n, c, h, w = shape
        return torch.empty((n, h, w, c), dtype=dt).permute(0, 3, 1, 2)
    raise ValueError(lay)


def tbytes(t):
    return np.ascontiguousarray(t.detach().contiguous().numpy()).tobytes()


def run_op(name, p, outputs):
    if name == "seed":
        torch.manual_seed(p["s"])
        return None
    if name == "initial_seed":
        return struct.pack("<Q", torch.initial_seed())
    if name == "state":
        return torch.get_rng_state().numpy().tobytes()
    if name == "load_output":
        data = bytes.fromhex(outputs[p["op"]])
        torch.set_rng_state(torch.frombuffer(bytearray(data), dtype=torch.uint8).clone())
        return None
    if name == "edit_state":
        b = bytearray(torch.get_rng_state().numpy().tobytes())
        for field, value in p["fields"].items():
            if field == "size":
                b = b[:value] if value <= len(b) else b + bytearray(value - len(b))
                continue
            fmt, off = STATE_FIELDS[field]
            struct.pack_into(fmt, b, off, value)
        torch.set_rng_state(torch.frombuffer(b, dtype=torch.uint8).clone())
        return None
    if name == "uniform":
        t = alloc(p)
        t.uniform_(p["a"], p["b"])
        return tbytes(t)
    if name == "normal":
        t = alloc(p)
        t.normal_(p["mean"], p["std"])
        return tbytes(t)
    if name == "random":
        t = alloc(p)
        if p["frm"] is None and p["to"] is None:
            t.random_()
        elif p["frm"] is None:
            t.random_(p["to"])
        else:
            t.random_(p["frm"], p["to"])
        return tbytes(t)
    if name == "randint":
        return tbytes(torch.randint(p["low"], p["high"], tuple(p["shape"]), dtype=TDT[p["dtype"]]))
    if name == "randperm":
        return tbytes(torch.randperm(p["n"], dtype=TDT[p["dtype"]]))
    if name == "bernoulli":
        t = alloc(p)
        t.bernoulli_(p["p"])
        return tbytes(t)
    if name == "bernoulli_t":
        t = alloc(p)
        pn = int(np.prod(p["p_shape"]))
        pt = torch.from_numpy(np.linspace(0.0, 1.0, pn).reshape(p["p_shape"]).astype(p["p_dtype"]))
        t.bernoulli_(pt)
        return tbytes(t)
    if name == "dropout":
        x = alloc(p)
        x.fill_(1)
        return tbytes(F.dropout(x, p["p"], training=True))
    if name == "exponential":
        t = alloc(p)
        t.exponential_(p["lambd"])
        return tbytes(t)
    if name == "log_normal":
        t = alloc(p)
        t.log_normal_(p["mean"], p["std"])
        return tbytes(t)
    if name == "cauchy":
        t = alloc(p)
        t.cauchy_(p["median"], p["sigma"])
        return tbytes(t)
    if name == "geometric":
        t = alloc(p)
        t.geometric_(p["p"])
        return tbytes(t)
    if name == "multinomial":
        probs = torch.tensor(p["probs"], dtype=TDT[p["dtype"]])
        return tbytes(torch.multinomial(probs, p["k"], p["repl"]))
    if name == "init":
        t = alloc(p)
        getattr(torch.nn.init, p["fn"])(t, **p["kw"])
        return tbytes(t)
    if name == "dataloader":
        from torch.utils.data import DataLoader
        order = [int(b) for b in DataLoader(range(p["n"]), shuffle=True)]
        return np.array(order, dtype=np.int64).tobytes()
    if name == "linear":
        lin = torch.nn.Linear(p["fin"], p["fout"], dtype=TDT[p["dtype"]])
        return tbytes(lin.weight) + tbytes(lin.bias)
    raise ValueError(name)


def encode(b, full=False):
    if full or len(b) <= 64:
        return {"hex": b.hex()}
    return {"n": len(b), "sha256": hashlib.sha256(b).hexdigest(), "head": b[:16].hex()}


def record(case):
    torch.manual_seed(case["seed"])
    results = []
    raw = {}
    for i, (name, p) in enumerate(case["ops"]):
        res = {}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                b = run_op(name, p, raw)
            except Exception as ex:  # recorded: the replay must raise the same
                res["err"] = type(ex).__name__
                res["msg"] = str(ex)
                b = None
        msgs = [TRIGGERED.sub("", str(w.message)) for w in caught
                if issubclass(w.category, UserWarning)]
        if msgs:
            res["warn"] = msgs
        if b is not None:
            raw[i] = b.hex() if p.get("full") else None
            res.update(encode(b, full=bool(p.get("full"))))
        results.append(res)
        if "err" in res:
            break  # torch's state after an error is not part of the contract
    case["results"] = results
    return case


# ----------------------------------------------------------------------------------- matrix
SEEDS = [0, 1, 20200910, 2 ** 32 + 5, -1, 2 ** 63]
SIZES = list(range(1, 18)) + [31, 33, 100, 1000, 10007]
FLOATS = ["float32", "float64", "float16"]
CASES = []


def add(cid, seed, ops):
    for name, p in ops:
        assert isinstance(p, dict), (cid, name)
    CASES.append({"id": cid, "seed": seed, "ops": [[n, p] for n, p in ops]})


def U(shape, dtype="float32", a=0.0, b=1.0, layout="c"):
    return ("uniform", {"shape": list(shape), "dtype": dtype, "a": a, "b": b, "layout": layout})


def N(shape, dtype="float32", mean=0.0, std=1.0, layout="c"):
    return ("normal", {"shape": list(shape), "dtype": dtype, "mean": mean, "std": std,
                       "layout": layout})


ST = ("state", {})


def build():
    # seeding
    for s in [0, 1, 5, 42, 20200910, 2 ** 32 + 5, 2 ** 32 + 7, -1, -2, 2 ** 63, -2 ** 63,
              2 ** 64 - 1, 67280421310721]:
        add(f"seed/{s}", s, [("initial_seed", {}), ST, U((5,))])
    add("seed/same-low-32-bits", 5, [U((8,)), ("seed", {"s": 2 ** 32 + 5}), U((8,)),
                                      ("initial_seed", {})])
    for s in [2 ** 64, -2 ** 63 - 1]:
        add(f"seed/overflow/{s}", 0, [("seed", {"s": s})])
    add("seed/float", 0, [("seed", {"s": 1.5}), ("initial_seed", {}), U((3,))])
    add("seed/str", 0, [("seed", {"s": "7"}), ("initial_seed", {}), U((3,))])
    add("seed/reseed-clears-cache", 3, [N((5,)), ("seed", {"s": 3}), ST, N((1,)), ST])

    # uniform / rand
    for dt in FLOATS:
        for n in SIZES:
            add(f"rand/{dt}/n={n}", 0, [U((n,), dt), U((3,), dt), ST])
        for s in SEEDS:
            for shape in [(3, 4), (5, 7, 3)]:
                add(f"rand/{dt}/shape={shape}/seed={s}", s, [U(shape, dt), ST])
        for a, b in [(-1.0, 1.0), (0.0, 0.0), (-0.0, 0.0), (-1e-3, 1e5), (2.0, 2.5), (0.0, 0.1),
                     (-3.0, -2.9999), (1.0, 1.0009765625), (0.1, 0.2), (-65504.0, 65504.0),
                     (1e30, 1e31), (-1e-40, 1e-40), (5.0, 7.0)]:
            for s in [0, 20200910]:
                add(f"uniform/{dt}/[{a},{b})/seed={s}", s, [U((2000,), dt, a, b), ST])
        for lay, shape in [("t", (5, 8)), ("t", (40, 30)), ("s", (50,)), ("cl", (2, 3, 4, 5))]:
            add(f"uniform/{dt}/layout={lay}/{shape}", 1, [U(shape, dt, -2.0, 3.0, lay), ST])
        add(f"uniform/{dt}/empty", 1, [U((0,), dt), U((3, 0), dt), ST])
    for a, b, dt in [(2.0, 1.0, "float32"), (2.5, 1.5, "float64"), (0.0, math.inf, "float32"),
                     (0.0, math.nan, "float32"), (math.nan, 1.0, "float32"),
                     (0.0, 1e39, "float32"), (0.0, 70000.0, "float16"),
                     (-3e38, 3e38, "float32"), (-1e308, 1e308, "float64"),
                     (-math.inf, 1.0, "float64"), (0.0, 1.0, "int64"), (0.0, 1.0, "bool"),
                     (-1e308, 1e307, "float64")]:
        add(f"uniform/check/{dt}/[{a},{b})", 0, [U((3,), dt, a, b)])
    for dt in ["complex64", "complex128"]:
        add(f"uniform/{dt}", 2, [U((3, 4), dt), U((20,), dt, -1.0, 2.0), ST])

    # normal / randn
    for dt in FLOATS:
        for n in SIZES:
            add(f"randn/{dt}/n={n}", 0, [N((n,), dt), N((3,), dt), ST])
        for s in SEEDS:
            for shape in [(3, 4), (5, 7, 3), (2, 3, 5), (16,), (17,)]:
                add(f"randn/{dt}/shape={shape}/seed={s}", s, [N(shape, dt), ST])
        for m, sd in [(2.5, 0.5), (-1.0, 3.0), (0.0, 0.0), (1e-3, 1e5), (0.0, 1e-30), (3.0, 1.0),
                      (-0.0, 1.0), (0.0, 2.0), (1e30, 1e-5), (0.0, math.inf)]:
            for n in [5, 16, 1000, 1001]:
                add(f"normal/{dt}/mean={m}/std={sd}/n={n}", 7, [N((n,), dt, m, sd), ST])
        for lay, shape in [("t", (8, 5)), ("t", (40, 30)), ("s", (60,)), ("cl", (2, 3, 4, 5)),
                           ("t", (3, 2))]:
            add(f"normal/{dt}/layout={lay}/{shape}", 4, [N(shape, dt, 0.5, 2.0, lay), ST])
        add(f"normal/{dt}/empty", 1, [N((0,), dt), N((2, 0, 3), dt), ST])
    add("randn/float32/n=1000003", 11, [N((1000003,)), ST])
    add("randn/float64/n=65537", 11, [N((65537,), "float64"), ST])
    add("randn/float16/n=4099", 11, [N((4099,), "float16"), ST])
    for dt, m, sd in [("float32", 0.0, -1.0), ("float32", 0.0, math.nan), ("int64", 0.0, 1.0),
                      ("float64", 1.0, -1e-300), ("bool", 0.0, 1.0)]:
        add(f"normal/check/{dt}/std={sd}", 0, [N((3,), dt, m, sd)])
        add(f"normal/check/{dt}/std={sd}/n=30", 0, [N((30,), dt, m, sd)])
    for dt in ["complex64", "complex128"]:
        add(f"randn/{dt}", 2, [N((4,), dt), N((100,), dt), N((3, 5), dt, 1.0, 2.0, "t"), ST])
    # the cached double normal
    for s in [0, 99]:
        add(f"normal/cache/seed={s}", s, [N((5,)), ST, N((1,)), ST, N((3,)), N((20,)), ST,
                                          N((3,), "float64"), N((1,), "float16"), ST,
                                          N((1,), "float64", 2.0, 3.0),
                                          N((7,), "float32", -1.0, 0.5), ST,
                                          N((2, 3), "float64", 0.0, 1.0, "t"), ST])
        add(f"interleaved/seed={s}", s, [
            N((5,)), U((3,)), N((20,)), N((3,), "float64"),
            ("randint", {"low": 0, "high": 10, "shape": [4], "dtype": "int64"}), N((1,)),
            ("randperm", {"n": 7, "dtype": "int64"}), N((33,), "float64"),
            ("bernoulli", {"shape": [6], "dtype": "float32", "layout": "c", "p": 0.5}),
            N((2,)), ("linear", {"fin": 3, "fout": 2, "dtype": "float32"}), N((1,)), ST])

    # randint / random_
    INTS = ["int64", "int32", "int16", "int8", "uint8", "float32", "float64", "float16", "bool"]
    for dt in INTS:
        for lo, hi in [(0, 2), (0, 10), (-5, 5), (0, 100), (0, 2 ** 28 - 1), (0, 2 ** 28),
                       (0, 2 ** 28 + 1), (0, 2 ** 31), (0, 2 ** 32), (0, 2 ** 32 + 1),
                       (-2 ** 40, 2 ** 40), (-2 ** 63, 2 ** 63 - 1), (0, 2 ** 24),
                       (2 ** 25, 2 ** 26), (-2 ** 30, 5), (0, 65504), (0, 2048), (5, 5), (5, 3),
                       (2 ** 60, 2 ** 60 + 1), (-129, 0), (0, 257)]:
            add(f"randint/{dt}/[{lo},{hi})", 0,
                [("randint", {"low": lo, "high": hi, "shape": [100], "dtype": dt}), ST])
        R = {"shape": [50], "dtype": dt, "layout": "c"}
        add(f"random/{dt}/()", 3, [("random", dict(R, frm=None, to=None)), ST])
        for frm in [0, 5, -2 ** 63, 100, 2 ** 20, -7, 127, 2000, 2 ** 25]:
            add(f"random/{dt}/from={frm}", 3, [("random", dict(R, frm=frm, to=None)), ST])
        for to in [1, 7, 300]:
            add(f"random/{dt}/to={to}", 3, [("random", dict(R, frm=None, to=to)), ST])
        add(f"random/{dt}/empty-full-range", 3,
            [("random", dict(R, shape=[0], frm=-2 ** 63, to=None)), ST])
    for dt in ["uint16", "uint32", "uint64"]:
        R = {"shape": [20], "dtype": dt, "layout": "c"}
        add(f"random/{dt}/()", 3, [("random", dict(R, frm=None, to=None))])
        add(f"random/{dt}/[0,100)", 3, [("random", dict(R, frm=0, to=100)), ST])
        add(f"random/{dt}/from=3", 3, [("random", dict(R, frm=3, to=None)), ST])
        add(f"random/{dt}/full", 3, [("random", dict(R, frm=-2 ** 63, to=None))])
    for lay, shape in [("t", (6, 7)), ("s", (30,))]:
        add(f"random/layout={lay}", 5, [("random", {"shape": list(shape), "dtype": "int64",
                                                    "layout": lay, "frm": -3, "to": 1000}), ST])

    # randperm
    for dt in ["int64", "int32", "float32", "float64", "float16", "int16", "uint8", "int8",
               "bool", "uint32"]:
        for n in [0, 1, 2, 3, 10, 33, 100, 127, 128, 129, 256, 257, 1000, 2049, 2050, 10007,
                  100003]:
            add(f"randperm/{dt}/n={n}", n, [("randperm", {"n": n, "dtype": dt}), U((3,)), ST])
    for s in SEEDS:
        add(f"randperm/int64/n=1000/seed={s}", s, [("randperm", {"n": 1000, "dtype": "int64"}),
                                                   ("randperm", {"n": 5, "dtype": "int64"}), ST])
    add("randperm/neg", 0, [("randperm", {"n": -1, "dtype": "int64"})])
    add("randperm/float32/n=2^24+2", 0, [("randperm", {"n": 2 ** 24 + 2, "dtype": "float32"})])

    # bernoulli
    for dt in ["float32", "float64", "float16", "bool", "int64", "uint8"]:
        for p in [0.0, 0.5, 0.3, 1.0, 1e-3]:
            add(f"bernoulli/{dt}/p={p}", 2, [("bernoulli", {"shape": [7, 9], "dtype": dt,
                                                             "layout": "c", "p": p}), ST])
        add(f"bernoulli/{dt}/layout=t", 2, [("bernoulli", {"shape": [7, 9], "dtype": dt,
                                                            "layout": "t", "p": 0.4}), ST])
    for p in [1.5, -0.5, math.nan]:
        add(f"bernoulli/check/p={p}", 0, [("bernoulli", {"shape": [3], "dtype": "float32",
                                                          "layout": "c", "p": p})])
    for pdt in ["float32", "float64", "float16"]:
        for dt in ["float32", "float64", "bool"]:
            add(f"bernoulli_t/p={pdt}/out={dt}", 6, [
                ("bernoulli_t", {"shape": [5, 11], "dtype": dt, "layout": "c",
                                 "p_shape": [5, 11], "p_dtype": pdt}), ST])
        add(f"bernoulli_t/p={pdt}/broadcast", 6, [
            ("bernoulli_t", {"shape": [3, 4], "dtype": "float32", "layout": "c", "p_shape": [4],
                             "p_dtype": pdt}), ST])
        add(f"bernoulli_t/p={pdt}/layout=t", 6, [
            ("bernoulli_t", {"shape": [6, 5], "dtype": "float32", "layout": "t",
                             "p_shape": [6, 5], "p_dtype": pdt}), ST])
    add("bernoulli_t/check/int-p", 6, [("bernoulli_t", {"shape": [4], "dtype": "float32",
                                                       "layout": "c", "p_shape": [4],
                                                       "p_dtype": "int64"})])

    # dropout
    for dt in FLOATS:
        for p in [0.1, 0.5, 0.9, 0.0, 1.0]:
            for shape in [(10,), (4, 5)]:
                add(f"dropout/{dt}/p={p}/{shape}", 8, [("dropout", {"shape": list(shape),
                                                                     "dtype": dt, "layout": "c",
                                                                     "p": p}), ST])
        add(f"dropout/{dt}/layout=t", 8, [("dropout", {"shape": [6, 7], "dtype": dt,
                                                        "layout": "t", "p": 0.3}), ST])

    # exponential, log_normal, cauchy, geometric
    for dt in FLOATS:
        for lam in [1.0, 0.5, 3.7, math.inf]:
            add(f"exponential/{dt}/lambd={lam}", 9, [("exponential", {"shape": [300], "dtype": dt,
                                                                       "layout": "c",
                                                                       "lambd": lam}), ST])
        for m, sd in [(1.0, 2.0), (0.0, 0.25)]:
            add(f"log_normal/{dt}/{m},{sd}", 9, [N((3,)), ("log_normal", {
                "shape": [41], "dtype": dt, "layout": "c", "mean": m, "std": sd}), ST])
        for med, sg in [(0.0, 1.0), (2.0, 0.5)]:
            add(f"cauchy/{dt}/{med},{sg}", 9, [("cauchy", {"shape": [100], "dtype": dt,
                                                            "layout": "c", "median": med,
                                                            "sigma": sg}), ST])
    for dt in ["float32", "float64", "int64", "int32"]:
        for p in [0.5, 0.01, 0.9]:
            add(f"geometric/{dt}/p={p}", 9, [("geometric", {"shape": [100], "dtype": dt,
                                                             "layout": "c", "p": p}), ST])
    for lam in [0.0, -1.0, math.nan]:
        add(f"exponential/check/{lam}", 0, [("exponential", {"shape": [3], "dtype": "float32",
                                                              "layout": "c", "lambd": lam})])
    add("exponential/layout=t", 9, [("exponential", {"shape": [5, 6], "dtype": "float32",
                                                     "layout": "t", "lambd": 2.0}), ST])

    # multinomial
    p1 = [0.1, 0.2, 0.3, 0.4]
    p2 = [[1.0, 2.0, 3.0, 4.0, 5.0], [0.0, 0.0, 1.0, 0.0, 0.5], [5.0, 1e-3, 0.0, 2.0, 2.0]]
    for dt in FLOATS:
        for k in [1, 2, 3, 4]:
            add(f"multinomial/{dt}/1d/k={k}", 10, [("multinomial", {"probs": p1, "dtype": dt,
                                                                      "k": k, "repl": False}), ST])
        for k in [1, 5, 100]:
            add(f"multinomial/{dt}/1d/repl/k={k}", 10, [("multinomial", {
                "probs": p1, "dtype": dt, "k": k, "repl": True}), ST])
            add(f"multinomial/{dt}/2d/repl/k={k}", 10, [("multinomial", {
                "probs": p2, "dtype": dt, "k": k, "repl": True}), ST])
        add(f"multinomial/{dt}/2d/k=2", 10, [("multinomial", {"probs": p2, "dtype": dt, "k": 2,
                                                              "repl": False}), ST])
        add(f"multinomial/{dt}/big/repl", 10, [("multinomial", {
            "probs": [float(i % 7) for i in range(50)], "dtype": dt, "k": 200, "repl": True}), ST])
    for probs, k, repl, tag in [([-1.0, 2.0], 1, False, "neg"), ([0.0, 0.0], 1, False, "zero"),
                                ([1.0, 2.0], 3, False, "too-many"),
                                ([math.inf, 1.0], 1, False, "inf"),
                                ([math.nan, 1.0], 1, False, "nan"),
                                ([-1.0, 2.0], 2, True, "repl-neg"),
                                ([math.inf, 2.0], 2, True, "repl-inf"),
                                ([math.nan, 2.0], 2, True, "repl-nan"),
                                ([0.0, 0.0], 2, True, "repl-zero"), ([1.0, 2.0], 0, True, "k=0"),
                                ([[1.0, 1.0], [0.0, 0.0]], 1, False, "2d-zero-row"),
                                ([[1.0, 1.0], [0.0, 0.0]], 3, True, "2d-repl-zero-row")]:
        add(f"multinomial/check/{tag}", 0, [("multinomial", {"probs": probs, "dtype": "float32",
                                                              "k": k, "repl": repl}), ST])
    add("multinomial/check/int", 0, [("multinomial", {"probs": [1, 2], "dtype": "int64", "k": 1,
                                                       "repl": False})])

    # nn.Linear default init
    for s in [0, 1, 20200910]:
        for fin, fout in [(4, 3), (20, 30), (1, 1), (784, 128), (3, 0), (0, 3)]:
            add(f"linear/{fin}x{fout}/seed={s}", s, [("linear", {"fin": fin, "fout": fout,
                                                                  "dtype": "float32"}), ST])
    add("linear/float64", 5, [("linear", {"fin": 7, "fout": 5, "dtype": "float64"}), ST])
    add("linear/sequential", 5, [("linear", {"fin": 10, "fout": 20, "dtype": "float32"}),
                                 ("linear", {"fin": 20, "fout": 2, "dtype": "float32"}), ST])

    # other nn.init initialisers (bounds computed in Python doubles, then uniform_/normal_)
    for fn, shape, kw in [("xavier_uniform_", (20, 30), {}),
                          ("xavier_uniform_", (7, 5), {"gain": 2.0}),
                          ("xavier_normal_", (20, 30), {"gain": 0.5}),
                          ("kaiming_uniform_", (16, 8, 3, 3), {"nonlinearity": "relu"}),
                          ("kaiming_uniform_", (30, 20), {"a": 0.1, "mode": "fan_out"}),
                          ("kaiming_normal_", (30, 20), {"mode": "fan_out",
                                                         "nonlinearity": "relu"}),
                          ("kaiming_normal_", (4, 6), {}),
                          ("normal_", (5, 5), {"mean": 1.0, "std": 2.0}),
                          ("uniform_", (5, 5), {"a": -3.0, "b": 3.0})]:
        tag = ",".join(f"{k}={v}" for k, v in kw.items())
        add(f"init/{fn}/{shape}/{tag}", 21, [("init", {"fn": fn, "shape": list(shape),
                                                       "dtype": "float32", "layout": "c",
                                                       "kw": kw}), ST])
    # DataLoader(range(n), shuffle=True): two int64 random_() draws, then randperm on a
    # fresh generator seeded with the second
    for s, n in [(0, 10), (11, 20), (5, 1000)]:
        add(f"dataloader/n={n}/seed={s}", s, [("dataloader", {"n": n}), ST])

    # raw engine positions around the 624-word block
    for n in [623, 624, 625, 1247, 1248, 1249]:
        add(f"block/rand={n}", 12, [U((n,)), ST, U((2,)), ST])
    add("block/random64-straddle", 12, [U((623,)), ("random", {"shape": [3], "dtype": "int64",
                                                              "layout": "c", "frm": None,
                                                              "to": None}), ST])

    # state bytes: load torch's bytes, edited states, validation
    add("state/load-recorded", 13, [N((5,)), U((10,)), dict_state_full(), U((4,)), N((3,)),
                                     ("load_output", {"op": 2}), U((4,)), N((3,)), ST])
    add("state/load-fresh", 13, [dict_state_full(), U((4,)), ("load_output", {"op": 0}), ST,
                                 U((4,))])
    for fields in [{"left": 10, "next": 0}, {"left": 1, "next": 5}, {"left": 624, "next": 0},
                   {"left": 300, "next": 100}, {"left": 1, "next": 624}, {"left": 2, "next": 623},
                   {"left": 1, "next": 2 ** 32 + 3}, {"normal_y": 1.25, "normal_valid": 1},
                   {"normal_y": -3.5, "normal_valid": 2, "normal_x": 0.1, "normal_rho": 2.0},
                   {"float_normal": 3.5, "float_valid": 1}, {"float_normal": 3.5, "float_valid": 2},
                   {"seeded": 2}, {"seeded": -1}, {"key0": 0xABCD00000005}, {"pad": 9},
                   {"seed": 12345}]:
        tag = ",".join(f"{k}={v}" for k, v in fields.items())
        add(f"state/edit/{tag}", 14, [U((7,)), ("edit_state", {"fields": fields}), ST,
                                      U((40,)), N((1,), "float64"), ST])
    for fields in [{"left": 0}, {"left": 625}, {"left": -1}, {"seeded": 0}, {"next": 625},
                   {"size": 5048}, {"size": 5057}]:
        tag = ",".join(f"{k}={v}" for k, v in fields.items())
        add(f"state/invalid/{tag}", 14, [("edit_state", {"fields": fields})])


def dict_state_full():
    return ("state", {"full": True})


def main():
    build()
    torch.set_num_threads(1)
    ids = set()
    out = []
    for case in CASES:
        assert case["id"] not in ids, case["id"]
        ids.add(case["id"])
        out.append(record(case))
    meta = {"torch": torch.__version__, "numpy": np.__version__,
            "cpu_capability": torch.backends.cpu.get_cpu_capability(),
            "python": sys.version.split()[0]}
    with open(OUT, "w") as f:
        json.dump({"meta": meta, "cases": out}, f, separators=(",", ":"))
        f.write("\n")
    nerr = sum(1 for c in out if any("err" in r for r in c["results"]))
    print(f"wrote {len(out)} cases ({nerr} expecting an error) to {os.path.normpath(OUT)} "
          f"({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()

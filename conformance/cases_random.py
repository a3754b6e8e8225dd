"""Seeded random values through the public API: after torch.manual_seed the shim must draw
torch's numbers (the bit-exact stream tests live in tests/test_rng.py; these are end-to-end
spot checks, plus shapes, dtypes and argument errors of the sampling functions)."""
from harness.case import case, catch


@case("random", api=("manual_seed", "rand", "randn", "randint",
                     "behavior:manual_seed_reproducible"))
def seeded_draws(torch, rng):
    torch.manual_seed(0)
    return {"rand": torch.rand(3), "randn": torch.randn(2, 3),
            "randint": torch.randint(0, 10, (5,)),
            "randperm": torch.randperm(6), "normal": torch.normal(0.0, 2.0, (3,)),
            "rand64": torch.rand(2, dtype=torch.float64), "randint_low": torch.randint(3, (4,))}


@case("random")
def generator_objects(torch, rng):
    g = torch.Generator().manual_seed(42)
    a = torch.randn(3, generator=g)
    g.manual_seed(42)
    b = torch.randn(3, generator=g)
    return {"a": a, "same": bool((a == b).all()), "initial_seed": g.initial_seed()}


@case("random")
def seed_reproducibility(torch, rng):
    torch.manual_seed(123)
    a = torch.rand(4)
    torch.manual_seed(123)
    return {"a": a, "same": torch.equal(a, torch.rand(4)) if hasattr(torch, "equal")
            else bool((a == torch.rand(4)).all()), "initial": torch.initial_seed()}


@case("random", api=("rand_like", "randn_like"))
def like_functions(torch, rng):
    torch.manual_seed(1)
    t = torch.zeros(2, 3, dtype=torch.float64)
    return {"rand_like": torch.rand_like(t), "randn_like": torch.randn_like(t),
            "randint_like": torch.randint_like(t, 5)}


@case("random")
def inplace_samplers(torch, rng):
    torch.manual_seed(2)
    t = torch.empty(4)
    return {"uniform_": t.clone().uniform_(-1, 1), "normal_": t.clone().normal_(1.0, 0.5),
            "bernoulli_": t.clone().bernoulli_(0.3), "exponential_": t.clone().exponential_(),
            "random_": torch.empty(4, dtype=torch.int64).random_(0, 10)}


@case("random")
def bernoulli_and_multinomial(torch, rng):
    torch.manual_seed(3)
    p = torch.tensor([0.1, 0.5, 0.9, 0.3])
    return {"bernoulli": torch.bernoulli(p), "multinomial": torch.multinomial(p, 2),
            "multinomial_repl": torch.multinomial(p, 6, replacement=True),
            "rows": torch.multinomial(torch.tensor([[0.2, 0.8], [0.9, 0.1]]), 1)}


@case("random")
def sampling_errors(torch, rng):
    return {"randint": catch(torch.randint, 5, 2, (3,)),
            "multinomial": catch(torch.multinomial, torch.tensor([0.5, 0.5]), 3),
            "normal_std": catch(torch.normal, 0.0, -1.0, (2,)),
            "rand_int_dtype": catch(torch.rand, 2, dtype=torch.int64)}


@case("random")
def dropout_under_seed(torch, rng):
    torch.manual_seed(4)
    x = torch.ones(4, 5)
    drop = torch.nn.Dropout(0.3)
    y = drop(x)
    drop.eval()
    return {"train": y, "eval": drop(x), "functional": torch.nn.functional.dropout(x, 0.5)}


@case("random")
def module_init_under_seed(torch, rng):
    torch.manual_seed(5)
    return [p for p in torch.nn.Linear(3, 4).parameters()]

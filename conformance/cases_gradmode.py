"""Grad-mode cases: no_grad, enable_grad, set_grad_enabled and inference_mode as context
managers, decorators (with and without parentheses) and plain calls; nesting, exceptions,
generators, threads, and what factories and ops record under each mode."""

from harness.case import case, catch


def _leaf(torch, rng, n=3):
    return torch.tensor(rng.standard_normal(n).astype("float32"), requires_grad=True)


@case("gradmode", api=("no_grad", "is_grad_enabled", "behavior:no_grad_forms"))
def no_grad_context(torch, rng):
    a = _leaf(torch, rng)
    with torch.no_grad():
        inside = torch.is_grad_enabled()
        y = a * 2
    return {"inside": inside, "after": torch.is_grad_enabled(), "y": y}


@case("gradmode", api=("no_grad", "behavior:no_grad_forms"))
def no_grad_decorator_parens_and_bare(torch, rng):
    a = _leaf(torch, rng)

    @torch.no_grad()
    def f(x):
        return x * 2, torch.is_grad_enabled()

    @torch.no_grad
    def g(x):
        return x * 3, torch.is_grad_enabled()

    return {"f": f(a), "g": g(a), "after": torch.is_grad_enabled(), "name": g.__name__}


@case("gradmode", api=("enable_grad", "behavior:enable_grad_forms"))
def enable_grad_inside_no_grad(torch, rng):
    a = _leaf(torch, rng)
    with torch.no_grad():
        with torch.enable_grad():
            y = a * 2
            inner = torch.is_grad_enabled()
        z = a * 2
    return {"y": y, "z": z, "inner": inner}


@case("gradmode", api=("enable_grad", "behavior:enable_grad_forms"))
def enable_grad_decorator(torch, rng):
    a = _leaf(torch, rng)

    @torch.enable_grad()
    def f(x):
        return x * 2

    with torch.no_grad():
        y = f(a)
    return y


@case("gradmode", api=("set_grad_enabled", "behavior:set_grad_enabled_forms"))
def set_grad_enabled_forms(torch, rng):
    a = _leaf(torch, rng)
    with torch.set_grad_enabled(False):
        y1 = a * 2
    torch.set_grad_enabled(False)
    off = torch.is_grad_enabled()
    y2 = a * 2
    torch.set_grad_enabled(True)

    @torch.set_grad_enabled(False)
    def f(x):
        return x * 2

    return {"cm": y1, "call": (off, y2), "deco": f(a), "after": torch.is_grad_enabled()}


@case("gradmode", api=("set_grad_enabled",))
def set_grad_enabled_restores_previous(torch, rng):
    with torch.no_grad():
        with torch.set_grad_enabled(True):
            inner = torch.is_grad_enabled()
        after_inner = torch.is_grad_enabled()
    return [inner, after_inner, torch.is_grad_enabled()]


@case("gradmode")
def set_grad_enabled_bad_argument(torch, rng):
    return catch(torch.set_grad_enabled, "yes")


@case("gradmode")
def exception_inside_no_grad_restores(torch, rng):
    try:
        with torch.no_grad():
            raise KeyError("x")
    except KeyError:
        pass
    return torch.is_grad_enabled()


@case("gradmode")
def nested_decorated_recursion(torch, rng):
    @torch.no_grad()
    def f(n):
        if n == 0:
            return torch.is_grad_enabled()
        with torch.enable_grad():
            inner = torch.is_grad_enabled()
        return (inner, f(n - 1))

    return {"result": f(3), "after": torch.is_grad_enabled()}


@case("gradmode")
def generator_keeps_mode_per_step(torch, rng):
    @torch.no_grad()
    def gen():
        for _ in range(3):
            yield torch.is_grad_enabled()

    seen = []
    for flag in gen():
        seen.append((flag, torch.is_grad_enabled()))
    return seen


@case("gradmode")
def new_thread_starts_enabled(torch, rng):
    import threading
    seen = []
    with torch.no_grad():
        t = threading.Thread(target=lambda: seen.append(torch.is_grad_enabled()))
        t.start()
        t.join()
        main = torch.is_grad_enabled()
    return {"thread": seen, "main": main}


@case("gradmode")
def no_grad_in_thread_does_not_leak(torch, rng):
    import threading
    seen = []

    def work():
        torch.set_grad_enabled(False)
        seen.append(torch.is_grad_enabled())

    t = threading.Thread(target=work)
    t.start()
    t.join()
    return {"thread": seen, "main": torch.is_grad_enabled()}


@case("gradmode")
def factories_ignore_grad_mode(torch, rng):
    with torch.no_grad():
        z = torch.zeros(2, requires_grad=True)
        t = torch.tensor([1.0], requires_grad=True)
        o = torch.ones(2, requires_grad=True) * 2
    return {"zeros": z, "tensor": t, "op": o}


@case("gradmode")
def no_grad_result_then_backward(torch, rng):
    a = _leaf(torch, rng)
    with torch.no_grad():
        y = (a * 2).sum()
    return catch(y.backward)


@case("gradmode", api=("is_grad_enabled",))
def is_grad_enabled_default(torch, rng):
    return torch.is_grad_enabled()


@case("gradmode", api=("inference_mode",))
def inference_mode_context(torch, rng):
    a = _leaf(torch, rng)
    with torch.inference_mode():
        y = a * 2
        flags = (torch.is_grad_enabled(), torch.is_inference_mode_enabled())
    return {"y": y, "flags": flags, "inference": y.is_inference(),
            "after": torch.is_inference_mode_enabled()}


@case("gradmode")
def inference_mode_false(torch, rng):
    a = _leaf(torch, rng)
    with torch.inference_mode(False):
        y = a * 2
    return {"y": y, "inference": y.is_inference()}


@case("gradmode")
def inference_mode_decorator(torch, rng):
    @torch.inference_mode()
    def f(x):
        return x * 2

    y = f(_leaf(torch, rng))
    return {"y": y, "inference": y.is_inference()}


@case("gradmode")
def inference_tensor_used_in_autograd(torch, rng):
    with torch.inference_mode():
        t = torch.ones(3)
    a = _leaf(torch, rng)
    return {"inplace": catch(lambda: t.add_(1)), "in_graph": catch(lambda: (a * t).sum()),
            "requires_grad": catch(lambda: t.requires_grad_())}


@case("gradmode")
def grad_mode_objects_repr_and_type(torch, rng):
    return {"no_grad": type(torch.no_grad()).__name__,
            "enable_grad": type(torch.enable_grad()).__name__,
            "set": type(torch.set_grad_enabled(True)).__name__}

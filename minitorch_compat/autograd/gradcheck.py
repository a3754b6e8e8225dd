"""gradcheck and gradgradcheck: analytical Jacobians (by backward) against finite differences,
with torch's signature and failure message."""
import warnings

import numpy as np

__all__ = ["gradcheck", "gradgradcheck", "GradcheckError"]


class GradcheckError(RuntimeError):
    """Raised by gradcheck and gradgradcheck when a check fails."""


def _as_tuple(x):
    return tuple(x) if isinstance(x, (tuple, list)) else (x,)


def _is_tensor(x):
    from .._tensor import Tensor
    return isinstance(x, Tensor)


def _numerical_jacobians(func, inputs, outputs, eps):
    """J[out][inp] of shape (inp.numel(), out.numel()): central differences, probing the
    inputs' own memory (restored after each probe). Grad mode stays as it is: gradgradcheck's
    function differentiates inside."""
    jac = [[np.zeros((i.numel(), o.numel())) for i in inputs] for o in outputs]
    for k, inp in enumerate(inputs):
        if not (_is_tensor(inp) and inp._requires_grad):
            continue
        flat = inp._data.reshape(-1) if inp._data.flags.c_contiguous else None
        view = flat if flat is not None else inp._data
        for j in range(inp.numel()):
            idx = j if flat is not None else np.unravel_index(j, inp._data.shape)
            orig = view[idx].copy()
            view[idx] = orig + eps
            plus = [o.detach()._data.copy() for o in _as_tuple(func(*inputs))]
            view[idx] = orig - eps
            minus = [o.detach()._data.copy() for o in _as_tuple(func(*inputs))]
            view[idx] = orig
            for m in range(len(outputs)):
                jac[m][k][j] = ((plus[m] - minus[m]) / (2 * eps)).reshape(-1)
    return jac


def _analytical_jacobians(inputs, outputs):
    from .._creation import zeros_like
    from . import grad
    diff = [i for i in inputs if _is_tensor(i) and i._requires_grad]
    jac = [[np.zeros((i.numel(), o.numel())) for i in inputs] for o in outputs]
    for m, out in enumerate(outputs):
        if not out._requires_grad:
            continue
        for j in range(out.numel()):
            g = zeros_like(out)
            g._data.reshape(-1)[j] = 1
            grads = grad(out, diff, g, retain_graph=True, allow_unused=True)
            it = iter(grads)
            for k, inp in enumerate(inputs):
                if _is_tensor(inp) and inp._requires_grad:
                    gk = next(it)
                    if gk is not None:
                        jac[m][k][:, j] = gk._data.reshape(-1)
    return jac


def gradcheck(func, inputs, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True,
              nondet_tol=0.0, check_undefined_grad=True, check_grad_dtypes=False,
              check_batched_grad=False, check_batched_forward_grad=False, check_forward_ad=False,
              check_backward_ad=True, fast_mode=False, masked=None):
    """True when the analytical Jacobian of ``func`` at ``inputs`` matches finite differences
    (|a - n| <= atol + rtol * |n|); otherwise raise GradcheckError (or return False)."""
    from .._tensor import _tensor_repr_of_array
    inputs = _as_tuple(inputs)
    for idx, inp in enumerate(inputs):
        if _is_tensor(inp) and inp._requires_grad and inp._dtype._name not in ("float64",
                                                                                "complex128"):
            warnings.warn(f"Input #{idx} requires gradient and is not a double precision "
                          "floating point or complex. This check will likely fail if all the "
                          "inputs are not of double precision floating point or complex. ",
                          stacklevel=2)
    if not any(_is_tensor(i) and i._requires_grad for i in inputs):
        raise ValueError("gradcheck expects at least one input tensor to require gradient, but "
                         "none of the them have requires_grad=True.")
    outputs = tuple(o for o in _as_tuple(func(*inputs)) if _is_tensor(o))
    analytical = _analytical_jacobians(inputs, outputs)
    numerical = _numerical_jacobians(func, inputs, outputs, eps)
    for m in range(len(outputs)):
        for k, inp in enumerate(inputs):
            if not (_is_tensor(inp) and inp._requires_grad):
                continue
            a, n = analytical[m][k], numerical[m][k]
            if not np.allclose(a, n, rtol=rtol, atol=atol):
                if not raise_exception:
                    return False
                dt = inp._dtype
                raise GradcheckError(
                    f"Jacobian mismatch for output {m} with respect to input {k},\n"
                    f"numerical:{_tensor_repr_of_array(n, dt)}\n"
                    f"analytical:{_tensor_repr_of_array(a, dt)}\n")
    return True


def gradgradcheck(func, inputs, grad_outputs=None, *, eps=1e-6, atol=1e-5, rtol=1e-3,
                  gen_non_contig_grad_outputs=False, raise_exception=True, nondet_tol=0.0,
                  check_undefined_grad=True, check_grad_dtypes=False, check_batched_grad=False,
                  check_fwd_over_rev=False, check_rev_over_rev=True, fast_mode=False,
                  masked=False):
    """gradcheck of the function that maps (inputs, grad_outputs) to the input gradients."""
    from .._creation import tensor
    from . import grad
    inputs = _as_tuple(inputs)
    outputs = tuple(o for o in _as_tuple(func(*inputs)) if _is_tensor(o))
    if grad_outputs is None:
        rng = np.random.default_rng(0)
        grad_outputs = tuple(tensor(rng.standard_normal(o.shape), dtype=o.dtype,
                                    requires_grad=True) for o in outputs)
    grad_outputs = _as_tuple(grad_outputs)
    n_in = len(inputs)

    def first_order(*args):
        ins, gos = args[:n_in], args[n_in:]
        outs = tuple(o for o in _as_tuple(func(*ins)) if _is_tensor(o))
        d = [i for i in ins if _is_tensor(i) and i._requires_grad]
        grads = grad(outs, d, gos, create_graph=True, allow_unused=True)
        return tuple(g for g in grads if g is not None)

    return gradcheck(first_order, inputs + grad_outputs, eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception)

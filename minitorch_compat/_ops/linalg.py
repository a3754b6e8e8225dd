"""Matrix products: dot, mv, mm, bmm, addmm, outer, and matmul composed from them by shapes as
torch composes it (so the graph shows MmBackward0, MvBackward0, DotBackward0, BmmBackward0...)."""
import numpy as np

from .. import _dtype as D
from .._tensor import Tensor
from ._core import make, node, record, view_of

__all__ = ["dot", "vdot", "inner", "mv", "mm", "bmm", "addmm", "matmul", "outer", "ger", "einsum",
           "linear"]

DotBackward0 = node("DotBackward0", self=lambda grad, tensor: grad * tensor,
                    tensor=lambda grad, self: grad * self)
MvBackward0 = node("MvBackward0", self=lambda grad, vec: outer(grad, vec),
                   vec=lambda grad, self: mv(self.t(), grad))
MmBackward0 = node("MmBackward0", self=lambda grad, mat2: mm(grad, mat2.t()),
                   mat2=lambda grad, self: mm(self.t(), grad))
BmmBackward0 = node("BmmBackward0", self=lambda grad, mat2: bmm(grad, mat2.transpose(1, 2)),
                    mat2=lambda grad, self: bmm(self.transpose(1, 2), grad))
AddmmBackward0 = node("AddmmBackward0", self=lambda grad, beta: grad if beta == 1 else grad * beta,
                      mat1=lambda grad, mat2, alpha: _scaled(mm(grad, mat2.t()), alpha),
                      mat2=lambda grad, mat1, alpha: _scaled(mm(mat1.t(), grad), alpha))


def _scaled(x, alpha):
    return x if alpha == 1 else x * alpha


def _same_dtype(name, a, b):
    if a._dtype is not b._dtype:
        raise RuntimeError(f"{name}expected both vectors to have same dtype, but found "
                           f"{a._dtype._legacy} and {b._dtype._legacy}" if name == "dot : " else
                           f"expected m1 and m2 to have the same dtype, but got: "
                           f"{_cname(a._dtype)} != {_cname(b._dtype)}")


def _cname(dt):
    from .._tensor import _C_NAMES
    return _C_NAMES[dt]


def dot(input, tensor):
    a, b = input._data, tensor._data
    if a.ndim != 1 or b.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {a.ndim}D and {b.ndim}D tensors")
    _same_dtype("dot : ", input, tensor)
    if a.shape[0] != b.shape[0]:
        raise RuntimeError(f"inconsistent tensor size, expected tensor [{a.shape[0]}] and src "
                           f"[{b.shape[0]}] to have the same number of elements, but got "
                           f"{a.shape[0]} and {b.shape[0]} elements respectively")
    r = make(np.asarray(np.dot(a, b), dtype=a.dtype), input._dtype)
    return record(r, DotBackward0, (input, tensor), {"self": input, "tensor": tensor})


vdot = inner = dot


def mv(input, vec):
    a, v = input._data, vec._data
    if a.ndim != 2 or v.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {a.ndim}, {v.ndim}")
    if a.shape[1] != v.shape[0]:
        raise RuntimeError(f"size mismatch, got input ({a.shape[0]}), mat "
                           f"({a.shape[0]}x{a.shape[1]}), vec ({v.shape[0]})")
    _same_dtype("", input, vec)
    return record(make(a @ v, input._dtype), MvBackward0, (input, vec), {"self": input, "vec": vec})


def mm(input, mat2):
    a, b = input._data, mat2._data
    if a.ndim != 2:
        raise RuntimeError("self must be a matrix")
    if b.ndim != 2:
        raise RuntimeError("mat2 must be a matrix")
    if a.shape[1] != b.shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({a.shape[0]}x{a.shape[1]} "
                           f"and {b.shape[0]}x{b.shape[1]})")
    _same_dtype("", input, mat2)
    return record(make(a @ b, input._dtype), MmBackward0, (input, mat2),
                  {"self": input, "mat2": mat2})


def bmm(input, mat2):
    a, b = input._data, mat2._data
    if a.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if b.ndim != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    if a.shape[0] != b.shape[0] or a.shape[2] != b.shape[1]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{a.shape[0]}, {a.shape[2]}] but got: [{b.shape[0]}, {b.shape[1]}].")
    _same_dtype("", input, mat2)
    return record(make(a @ b, input._dtype), BmmBackward0, (input, mat2),
                  {"self": input, "mat2": mat2})


def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    a, b = mat1._data, mat2._data
    if a.shape[1] != b.shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({a.shape[0]}x{a.shape[1]} "
                           f"and {b.shape[0]}x{b.shape[1]})")
    prod = a @ b
    if alpha != 1:
        prod = prod * alpha
    bias = input._data if beta == 1 else input._data * beta
    r = make(np.asarray(prod + bias, dtype=mat1._dtype._np), mat1._dtype)
    return record(r, AddmmBackward0, (input, mat1, mat2),
                  {"mat1": mat1, "mat2": mat2, "alpha": alpha, "beta": beta})


def outer(input, vec2):
    return input.unsqueeze(1) * vec2


ger = outer


def matmul(input, other):
    """torch.matmul: dispatches by dimensionality to dot/mv/mm/bmm with torch's reshapes."""
    if not isinstance(input, Tensor) or not isinstance(other, Tensor):
        raise TypeError(f"matmul(): argument 'other' (position 2) must be Tensor, not "
                        f"{type(other if isinstance(input, Tensor) else input).__name__}")
    da, db = input._data.ndim, other._data.ndim
    if da == 0 or db == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are {da}D "
                           f"and {db}D")
    if da == 1 and db == 1:
        return dot(input, other)
    if da == 2 and db == 1:
        return mv(input, other)
    if da == 1 and db == 2:
        out = mm(input.unsqueeze(0), other)
        # torch squeezes in place here, so its node is SqueezeBackward4
        return view_of(out._data[0], out, SqueezeBackward4, {"self_sym_sizes": out._data.shape})
    if da == 2 and db == 2:
        return mm(input, other)
    if da >= 3 and db <= 2:
        # fold the batch into the rows: (b..., n, k) @ (k, m) is one mm
        lead = input._data.shape[:-1]
        folded = input.reshape(-1, input._data.shape[-1])
        if db == 1:
            out = mv(folded, other)
            return _unsafe_view(out, lead)
        out = mm(folded, other)
        return _unsafe_view(out, lead + (other._data.shape[-1],))
    # general batched case: broadcast the batch dims, then one bmm
    a = input.unsqueeze(0) if da == 1 else input
    b = other.unsqueeze(-1) if db == 1 else other
    batch = np.broadcast_shapes(a._data.shape[:-2], b._data.shape[:-2])
    n, k = a._data.shape[-2:]
    k2, m = b._data.shape[-2:]
    if k != k2:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{int(np.prod(batch))}, {k}] but got: [{int(np.prod(batch))}, {k2}].")
    a3 = a.expand(batch + (n, k)).reshape(-1, n, k)
    b3 = b.expand(batch + (k, m)).reshape(-1, k, m)
    out = _unsafe_view(bmm(a3, b3), batch + (n, m))
    if da == 1:
        out = out.squeeze(-2)
    if db == 1:
        out = out.squeeze(-1)
    return out


SqueezeBackward4 = node("SqueezeBackward4",
                        self=lambda grad, self_sym_sizes: grad.reshape(self_sym_sizes))
UnsafeViewBackward0 = node("UnsafeViewBackward0",
                           self=lambda grad, self_sym_sizes: grad.reshape(self_sym_sizes))


def _unsafe_view(t, shape):
    out = make(t._data.reshape(shape), t._dtype)
    return record(out, UnsafeViewBackward0, (t,), {"self_sym_sizes": t._data.shape})


def linear(input, weight, bias=None):
    """F.linear as torch records it: addmm for 2-D input (with views around it otherwise)."""
    if bias is None:
        return matmul(input, weight.t())
    if input._data.ndim == 2:
        return addmm(bias, input, weight.t())
    if input._data.ndim == 1:
        return addmm(bias, input.view(1, -1), weight.t()).view(-1)
    lead = input._data.shape[:-1]
    out = addmm(bias, input.reshape(-1, input._data.shape[-1]), weight.t())
    return out.view(lead + (weight._data.shape[0],))


def einsum(equation, *operands):
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = operands[0]
    dt = operands[0]._dtype
    for o in operands[1:]:
        dt = D.promote_types(dt, o._dtype)
    data = np.einsum(equation, *[o._data for o in operands])
    if any(o._requires_grad for o in operands):
        raise NotImplementedError("einsum with autograd is not supported by minitorch_compat yet")
    return make(np.asarray(data, dtype=dt._np), dt)

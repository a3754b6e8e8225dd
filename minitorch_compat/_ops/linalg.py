"""Matrix products: dot, vdot, mv, mm, bmm, addmm, outer, inner, einsum, and matmul composed from
them by shapes as torch composes it (so the graph shows MmBackward0, MvBackward0, DotBackward0,
BmmBackward0...)."""
import numpy as np

from .. import _dtype as D
from .._tensor import Tensor
from ._core import make, node, record, view_of
from .shape import UnsafeViewBackward0

__all__ = ["dot", "vdot", "inner", "mv", "mm", "bmm", "addmm", "matmul", "outer", "ger", "einsum",
           "linear"]

DotBackward0 = node("DotBackward0", self=lambda grad, tensor: grad * tensor,
                    tensor=lambda grad, self: grad * self)
MvBackward0 = node("MvBackward0", self=lambda grad, vec: outer(grad, vec),
                   vec=lambda grad, self: mv(self.t(), grad))
MmBackward0 = node("MmBackward0", self=lambda grad, mat2, self_column_major:
                   _mat1_grad(grad, mat2, self_column_major),
                   mat2=lambda grad, self, mat2_column_major:
                   _mat2_grad(grad, self, mat2_column_major))
BmmBackward0 = node("BmmBackward0", self=lambda grad, mat2: bmm(grad, mat2.transpose(1, 2)),
                    mat2=lambda grad, self: bmm(self.transpose(1, 2), grad))
AddmmBackward0 = node("AddmmBackward0", self=lambda grad, beta: grad if beta == 1 else grad * beta,
                      mat1=lambda grad, mat2, alpha, mat1_column_major:
                      _scaled(_mat1_grad(grad, mat2, mat1_column_major), alpha),
                      mat2=lambda grad, mat1, alpha, mat2_column_major:
                      _scaled(_mat2_grad(grad, mat1, mat2_column_major), alpha))


# A matrix product's gradients come out in the memory layout of the operand they are for, as
# torch computes them (from the sizes and strides it saves): for a column-major operand (a
# transposed weight, as F.linear passes it) the product is taken the other way round and
# transposed back, so that the weight's own gradient is row-major and the leaf takes it over
# without a copy. The node keeps the one fact it needs, a flag per operand.
def _column_major(t):
    a = t._data
    return a.ndim == 2 and a.strides[0] == a.itemsize and a.strides[1] == a.shape[0] * a.itemsize


def _mat1_grad(grad, mat2, column_major):
    """grad @ mat2.t(), in mat1's layout."""
    if column_major:
        return mm(mat2, grad.t()).t()
    return mm(grad, mat2.t())


def _mat2_grad(grad, mat1, column_major):
    """mat1.t() @ grad, in mat2's layout."""
    if column_major:
        return mm(grad.t(), mat1).t()
    return mm(mat1.t(), grad)


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


# real formulas (torch conjugates other for self's gradient; the shim has no complex autograd)
VdotBackward0 = node("VdotBackward0", self=lambda grad, other: grad * other,
                     other=lambda grad, self: grad * self)


def _check_vectors(input, tensor):
    a, b = input._data, tensor._data
    if a.ndim != 1 or b.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {a.ndim}D and {b.ndim}D tensors")
    _same_dtype("dot : ", input, tensor)
    if a.shape[0] != b.shape[0]:
        raise RuntimeError(f"inconsistent tensor size, expected tensor [{a.shape[0]}] and src "
                           f"[{b.shape[0]}] to have the same number of elements, but got "
                           f"{a.shape[0]} and {b.shape[0]} elements respectively")


def dot(input, tensor):
    _check_vectors(input, tensor)
    a, b = input._data, tensor._data
    r = make(np.asarray(np.dot(a, b), dtype=a.dtype), input._dtype)
    return record(r, DotBackward0, (input, tensor), {"self": input, "tensor": tensor})


def vdot(input, other):
    """dot with the first vector conjugated (its own node, VdotBackward0)."""
    _check_vectors(input, other)
    a, b = input._data, other._data
    r = make(np.asarray(np.vdot(a, b), dtype=a.dtype), input._dtype)
    return record(r, VdotBackward0, (input, other), {"self": input, "other": other})


def inner(input, other):
    """torch.inner: a product for a 0-d operand, else tensordot over the last dims, which
    torch runs as permute + reshape + dot/mm + view."""
    a, b = input._data, other._data
    if a.ndim == 0 or b.ndim == 0:
        return input * other
    if a.shape[-1] != b.shape[-1]:
        raise RuntimeError(f"inner() the last dimension must match on both input tensors but got "
                           f"shapes {list(a.shape)} and {list(b.shape)}")
    k = a.shape[-1]
    lhs = input.permute(tuple(range(a.ndim)))
    rhs = other.permute((b.ndim - 1,) + tuple(range(b.ndim - 1)))
    if a.ndim == 1 and b.ndim == 1:
        return dot(lhs, rhs).view(())
    rows, cols = a.size // k if k else int(np.prod(a.shape[:-1])), \
        b.size // k if k else int(np.prod(b.shape[:-1]))
    out = mm(lhs.reshape(rows, k), rhs.reshape(k, cols))
    return out.view(a.shape[:-1] + b.shape[:-1])


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
                  {"self": input, "mat2": mat2, "self_column_major": _column_major(input),
                   "mat2_column_major": _column_major(mat2)})


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
                  {"mat1": mat1, "mat2": mat2, "alpha": alpha, "beta": beta,
                   "mat1_column_major": _column_major(mat1),
                   "mat2_column_major": _column_major(mat2)})


def outer(input, vec2):
    """The first vector viewed as a column (ViewBackward0), times the second."""
    for name, v in (("self", input), ("vec2", vec2)):
        if v._data.ndim != 1:
            raise RuntimeError(f"outer: Expected 1-D argument {name}, but got {v._data.ndim}-D")
    return input.reshape(input._data.shape[0], 1) * vec2


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
    if da <= 2 and db >= 3:
        # torch folds the batch of the larger operand into rows: (x @ B) = (B^T @ x^T)^T, one
        # mm/mv on the transposed batch (copied into rows), transposed back for a matrix
        t1 = other.transpose(-2, -1)
        t2 = input.t() if da == 2 else input
        lead = t1._data.shape[:-1]
        folded = t1.reshape(int(np.prod(lead)), t1._data.shape[-1])
        if da == 1:
            return _unsafe_view(mv(folded, t2), lead)
        out = _unsafe_view(mm(folded, t2), lead + (t2._data.shape[-1],))
        return out.transpose(-2, -1).contiguous()
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


def _einsum_parse(equation, shapes):
    """Explicit subscripts: '...' spelled out with fresh letters (right-aligned across the
    operands, as broadcasting does) and the implicit output made explicit."""
    eq = equation.replace(" ", "")
    lhs, arrow, rhs = eq.partition("->")
    subs = lhs.split(",")
    if len(subs) != len(shapes):
        raise RuntimeError("einsum(): more operands were provided than specified in the equation"
                           if len(shapes) > len(subs) else
                           "einsum(): fewer operands were provided than specified in the equation")
    used = set(c for c in eq if c.isalpha())
    fresh = [c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" if c not in used]
    n_ell = max([len(sh) - (len(sb) - 3) for sb, sh in zip(subs, shapes) if "..." in sb] or [0])
    ell = "".join(fresh[:n_ell])
    out = []
    for sb, sh in zip(subs, shapes):
        if "..." in sb:
            k = len(sh) - (len(sb) - 3)
            sb = sb.replace("...", ell[n_ell - k:] if k else "")
        out.append(sb)
    if arrow:
        rhs = rhs.replace("...", ell)
    else:
        letters = "".join(out)
        rhs = ell + "".join(sorted(c for c in set(letters) if letters.count(c) == 1
                                   and c not in ell))
    sizes = {}
    for i, (sb, sh) in enumerate(zip(out, shapes)):
        for c, n in zip(sb, sh):
            if c in sizes and sizes[c] != n and 1 not in (n, sizes[c]):
                raise RuntimeError(f"einsum(): subscript {c} has size {n} for operand {i} which "
                                   f"does not broadcast with previously seen size {sizes[c]}")
            sizes[c] = max(sizes.get(c, n), n)
    return out, rhs, sizes, fresh[n_ell:]


def _einsum_grad(grad, operands, subs, rhs, sizes, spare, k):
    """d(einsum)/d(operand k), itself an einsum: the gradient with the other operands, ones for
    the letters only operand k has, identities for its repeated letters (diagonals)."""
    own = subs[k]
    spare = list(spare)
    target, extra_ops, extra_subs = "", [], []
    seen = set()
    for c in own:
        if c in seen:  # a repeated letter: a fresh one tied to it by an identity matrix
            d = spare.pop(0)
            eye = np.eye(sizes[c], dtype=grad._data.dtype)
            extra_ops.append(make(eye, grad._dtype))
            extra_subs.append(c + d)
            target += d
        else:
            seen.add(c)
            target += c
    present = set(rhs).union(*[set(s) for i, s in enumerate(subs) if i != k])
    missing = "".join(c for c in dict.fromkeys(own) if c not in present)
    if missing:
        extra_ops.append(make(np.ones([sizes[c] for c in missing], grad._data.dtype),
                              grad._dtype))
        extra_subs.append(missing)
    others = [o for i, o in enumerate(operands) if i != k]
    other_subs = [s for i, s in enumerate(subs) if i != k]
    eq = ",".join([rhs] + other_subs + extra_subs) + "->" + target
    return einsum(eq, [grad] + others + extra_ops)


def _einsum_node(n):
    """EinsumBackward0 for n operands (torch decomposes einsum into permutes, views and bmm; the
    shim records one node whose formulas are einsums again, so double backward works)."""
    return node("EinsumBackward0", **{f"operand{k}": _einsum_formula(k) for k in range(n)})


def _einsum_formula(k):
    def formula(grad, operands, subs, rhs, sizes, spare):
        return _einsum_grad(grad, operands, subs, rhs, sizes, spare, k)
    return formula


_EINSUM_NODES = {}


def einsum(equation, *operands):
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = operands[0]
    operands = list(operands)
    dt = operands[0]._dtype
    for o in operands[1:]:
        dt = D.promote_types(dt, o._dtype)
    subs, rhs, sizes, spare = _einsum_parse(equation, [o._data.shape for o in operands])
    arrays = [o._data if o._dtype is dt else o._data.astype(dt._np) for o in operands]
    data = np.einsum(",".join(subs) + "->" + rhs, *arrays)
    out = make(np.asarray(data, dtype=dt._np), dt)
    cls = _EINSUM_NODES.get(len(operands))
    if cls is None:
        cls = _EINSUM_NODES[len(operands)] = _einsum_node(len(operands))
    return record(out, cls, tuple(operands),
                  {"operands": operands, "subs": subs, "rhs": rhs, "sizes": sizes,
                   "spare": spare})

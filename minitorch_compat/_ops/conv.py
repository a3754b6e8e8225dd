"""Convolution and pooling over NCHW arrays (conv1d, conv2d, max_pool2d, avg_pool2d,
adaptive_avg_pool2d) by strided windows, with torch's node names; conv1d runs as a 2-D
convolution over a height-1 view of its arrays, recorded as torch records it (one
ConvolutionBackward0 over the 3-D tensors).

Each backward is itself a recorded op on the same array kernels (torch's *BackwardBackward0
nodes), so gradients of gradients exist to any order: a convolution's three gradients are the
partial derivatives of one trilinear form, and a pooling backward is linear in its gradient,
with an adjoint that is the pooling forward (or, for max pooling, a gather at the argmax)."""
import numpy as np

from ._core import make, node, record, zeros_of

__all__ = ["conv2d", "max_pool2d", "avg_pool2d", "adaptive_avg_pool2d", "conv1d"]


def _pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def _windows(x, kh, kw, stride, dilation):
    """(N, C, OH, OW, kh, kw) strided view of the windows of a padded NCHW array."""
    n, c, h, w = x.shape
    sh, sw = stride
    dh, dw = dilation
    oh = (h - dh * (kh - 1) - 1) // sh + 1
    ow = (w - dw * (kw - 1) - 1) // sw + 1
    s = x.strides
    return np.lib.stride_tricks.as_strided(
        x, (n, c, oh, ow, kh, kw), (s[0], s[1], s[2] * sh, s[3] * sw, s[2] * dh, s[3] * dw),
        writeable=False)


def _pad(x, padding, value=0.0):
    ph, pw = padding
    if ph == 0 and pw == 0:
        return x
    return np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), constant_values=value)


def _scatter_windows(grad_win, shape, stride, dilation, padding):
    """Adjoint of _windows: add (N, C, OH, OW, kh, kw) values back into a padded NCHW array and
    crop the padding."""
    n, c, h, w = shape
    ph, pw = padding
    out = np.zeros((n, c, h + 2 * ph, w + 2 * pw), dtype=grad_win.dtype)
    _, _, oh, ow, kh, kw = grad_win.shape
    sh, sw = stride
    dh, dw = dilation
    for i in range(kh):
        for j in range(kw):
            out[:, :, i * dh:i * dh + sh * (oh - 1) + 1:sh,
                j * dw:j * dw + sw * (ow - 1) + 1:sw] += grad_win[:, :, :, :, i, j]
    return out[:, :, ph:ph + h, pw:pw + w]


def _check_conv(x, w, groups):
    if x.ndim != w.ndim:
        raise RuntimeError(f"Expected {w.ndim - 1}D (unbatched) or {w.ndim}D (batched) input to "
                           f"conv{w.ndim - 2}d, but got input of size: {list(x.shape)}")
    if x.shape[1] != w.shape[1] * groups:
        raise RuntimeError(f"Given groups={groups}, weight of size {list(w.shape)}, expected "
                           f"input{list(x.shape)} to have {w.shape[1] * groups} channels, but "
                           f"got {x.shape[1]} channels instead")


def _conv_forward(x, w, stride, padding, dilation, groups):
    o, cg, kh, kw = w.shape
    win = _windows(_pad(x, padding), kh, kw, stride, dilation)
    n, _, oh, ow = win.shape[:4]
    og = o // groups
    out = np.empty((n, o, oh, ow), dtype=x.dtype)
    for g in range(groups):
        cols = win[:, g * cg:(g + 1) * cg]  # (N, cg, OH, OW, kh, kw)
        wg = w[g * og:(g + 1) * og]          # (og, cg, kh, kw)
        out[:, g * og:(g + 1) * og] = np.tensordot(cols, wg, axes=([1, 4, 5], [1, 2, 3])) \
            .transpose(0, 3, 1, 2)
    return out


def _as_2d(x):
    """A 1-D convolution's (N, C, L) array as an (N, C, 1, L) view."""
    return x[:, :, None, :] if x.ndim == 3 else x


def _params_2d(stride, padding, dilation):
    if len(stride) == 1:
        return (1,) + tuple(stride), (0,) + tuple(padding), (1,) + tuple(dilation)
    return stride, padding, dilation


def _conv_grads(grad, input, weight, stride, padding, dilation, groups, which):
    one_d = input._data.ndim == 3
    stride, padding, dilation = _params_2d(stride, padding, dilation)
    g, x, w = _as_2d(grad._data), _as_2d(input._data), _as_2d(weight._data)
    r = _conv_grads_2d(g, x, w, stride, padding, dilation, groups, which)
    return make(r[:, :, 0] if one_d else r, input._dtype)


def _conv_grads_2d(g, x, w, stride, padding, dilation, groups, which):
    o, cg, kh, kw = w.shape
    og = o // groups
    if which == "input":
        gw = np.empty(g.shape[:1] + (x.shape[1],) + g.shape[2:] + (kh, kw), dtype=x.dtype)
        for k in range(groups):
            # (N, og, OH, OW) x (og, cg, kh, kw) -> (N, OH, OW, cg, kh, kw)
            part = np.tensordot(g[:, k * og:(k + 1) * og], w[k * og:(k + 1) * og], axes=([1], [0]))
            gw[:, k * cg:(k + 1) * cg] = part.transpose(0, 3, 1, 2, 4, 5)
        return _scatter_windows(gw, x.shape, stride, dilation, padding)
    win = _windows(_pad(x, padding), kh, kw, stride, dilation)
    out = np.empty_like(w)
    for k in range(groups):
        out[k * og:(k + 1) * og] = np.tensordot(g[:, k * og:(k + 1) * og],
                                                win[:, k * cg:(k + 1) * cg],
                                                axes=([0, 2, 3], [0, 2, 3]))
    return out


def _conv_grad(which, grad_output, input, weight, stride, padding, dilation, groups):
    """The gradient of T(grad_output, input, weight) = <conv(input, weight), grad_output> with
    respect to its slot ``which``, at the other two slots (the tensor in slot ``which`` gives
    only the result's shape, and its edge in torch's graph). For "grad_output" this is the
    convolution itself; for "input" and "weight", the convolution's backward, recorded as
    ConvolutionBackwardBackward0 so that it can be differentiated again."""
    if which == "grad_output":
        return _convolution(input, weight, None, stride, padding, dilation, groups,
                            weight._data.ndim - 2)
    out = _conv_grads(grad_output, input, weight, stride, padding, dilation, groups, which)
    return record(out, ConvolutionBackwardBackward0, (grad_output, input, weight),
                  {"grad_output": grad_output, "input": input, "weight": weight,
                   "stride": stride, "padding": padding, "dilation": dilation,
                   "groups": groups, "which": which})


def _conv_grad_grad(slot):
    """ConvolutionBackwardBackward0's formula for its input ``slot``. The node computed the
    gradient of the trilinear T for slot ``which``; its vector-Jacobian product with ``grad``
    for another slot is T's gradient for that slot, with ``grad`` in slot ``which``. It does
    not depend on slot ``which`` itself (None; torch keeps the edge all the same)."""
    def formula(grad, grad_output, input, weight, stride, padding, dilation, groups, which):
        if slot == which:
            return None
        slots = {"grad_output": grad_output, "input": input, "weight": weight, which: grad}
        return _conv_grad(slot, stride=stride, padding=padding, dilation=dilation,
                          groups=groups, **slots)
    return formula


ConvolutionBackward0 = node(
    "ConvolutionBackward0",
    input=lambda grad, input, weight, stride, padding, dilation, groups:
    _conv_grad("input", grad, input, weight, stride, padding, dilation, groups),
    weight=lambda grad, input, weight, stride, padding, dilation, groups:
    _conv_grad("weight", grad, input, weight, stride, padding, dilation, groups),
    bias=lambda grad: grad.sum((0,) + tuple(range(2, grad.ndim))))

# one node class serves the input and the weight gradients (node classes are cached by name
# and input names), told apart by the saved ``which``
ConvolutionBackwardBackward0 = node(
    "ConvolutionBackwardBackward0", grad_output=_conv_grad_grad("grad_output"),
    input=_conv_grad_grad("input"), weight=_conv_grad_grad("weight"))


def _convolution(input, weight, bias, stride, padding, dilation, groups, n):
    """conv{n}d of batched input: one ConvolutionBackward0 over the tensors as given."""
    def tup(v):
        return (v,) * n if isinstance(v, int) else tuple(v)
    stride, dilation = tup(stride), tup(dilation)
    x, w = input._data, weight._data
    if isinstance(padding, str):
        if padding == "valid":
            padding = (0,) * n
        elif padding == "same":
            padding = tuple(d * (k - 1) // 2 for d, k in zip(dilation, w.shape[2:]))
        else:
            raise ValueError(f"Invalid padding string '{padding}', should be one of {{'valid', "
                             "'same'}")
    padding = tup(padding)
    _check_conv(x, w, groups)
    if input._dtype is not weight._dtype:
        raise RuntimeError(f"Input type ({input.type()}) and weight type ({weight.type()}) "
                           "should be the same")
    s2, p2, d2 = _params_2d(stride, padding, dilation)
    out = _conv_forward(_as_2d(x), _as_2d(w), s2, p2, d2, groups)
    if n == 1:
        out = out[:, :, 0]
    if bias is not None:
        out += bias._data.reshape((1, -1) + (1,) * n)
    return record(make(out, input._dtype), ConvolutionBackward0, (input, weight, bias),
                  {"input": input, "weight": weight, "stride": stride, "padding": padding,
                   "dilation": dilation, "groups": groups})


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    if input._data.ndim == 3:  # unbatched: torch adds the batch dim around the convolution
        return conv2d(input.unsqueeze(0), weight, bias, stride, padding, dilation,
                      groups).squeeze(0)
    return _convolution(input, weight, bias, stride, padding, dilation, groups, 2)


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    if input._data.ndim == 2:  # unbatched
        return conv1d(input.unsqueeze(0), weight, bias, stride, padding, dilation,
                      groups).squeeze(0)
    return _convolution(input, weight, bias, stride, padding, dilation, groups, 1)


def _pool_out(size, k, s, p, d, ceil_mode):
    num = size + 2 * p - d * (k - 1) - 1
    out = (-(-num // s) if ceil_mode else num // s) + 1
    if ceil_mode and (out - 1) * s >= size + p:
        out -= 1  # torch: the last window must start inside the input or left padding
    return out


def _pool_geometry(x, kernel_size, stride, padding, dilation, ceil_mode):
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(stride) if stride not in (None, ()) else (kh, kw)
    ph, pw = _pair(padding)
    dh, dw = _pair(dilation)
    if ph > kh // 2 or pw > kw // 2:
        raise RuntimeError(f"pad should be at most half of effective kernel size, but got "
                           f"pad={ph if ph > kh // 2 else pw}, kernel_size="
                           f"{kh if ph > kh // 2 else kw} and dilation={dh}")
    h, w = x.shape[-2:]
    oh = _pool_out(h, kh, sh, ph, dh, ceil_mode)
    ow = _pool_out(w, kw, sw, pw, dw, ceil_mode)
    # extra right/bottom padding so that every window of the output exists
    eh = max(0, (oh - 1) * sh + dh * (kh - 1) + 1 - (h + 2 * ph))
    ew = max(0, (ow - 1) * sw + dw * (kw - 1) + 1 - (w + 2 * pw))
    return (kh, kw), (sh, sw), (ph, pw), (dh, dw), (eh, ew), (oh, ow)


def _padded(x, pad, extra, value):
    (ph, pw), (eh, ew) = pad, extra
    return np.pad(x, ((0, 0), (0, 0), (ph, ph + eh), (pw, pw + ew)), constant_values=value)


MaxPool2DWithIndicesBackward0 = node(
    "MaxPool2DWithIndicesBackward0",
    self=lambda grad, self, indices: _max_pool_backward(grad, self, indices))
# a pooling backward is linear in grad_output alone: its gradient for self is zeros, as torch
# gives it (not None: an autograd.grad for self finds it used)
MaxPool2DWithIndicesBackwardBackward0 = node(
    "MaxPool2DWithIndicesBackwardBackward0",
    grad_output=lambda grad, indices: _max_pool_gather(grad, indices), self=zeros_of)


def _max_pool_backward(grad, self, indices):
    """Scatter grad to the argmax of each window, in the shape of self."""
    sizes = self._data.shape
    planes = int(np.prod(sizes[:-2]))  # N*C, or C for an unbatched input
    out = np.zeros((planes, sizes[-2] * sizes[-1]), dtype=grad._data.dtype)
    idx = indices._data.reshape(planes, -1)
    np.add.at(out, (np.arange(planes)[:, None], idx), grad._data.reshape(planes, -1))
    return record(make(out.reshape(sizes), grad._dtype), MaxPool2DWithIndicesBackwardBackward0,
                  (grad, self), {"indices": indices})


def _flat_planes(shape):
    """``shape`` with each plane's (H, W) as one dimension; spelled out, not -1, which an
    empty tensor cannot resolve."""
    return tuple(shape[:-2]) + (shape[-2] * shape[-1],)


def _max_pool_gather(grad, indices):
    """The adjoint of the scatter: grad (self's shape) read at the argmax indices, by torch's
    own ops (view, gather, view), so that it is differentiable in turn."""
    flat = grad.contiguous().view(_flat_planes(grad.shape))
    return flat.gather(-1, indices.view(_flat_planes(indices.shape))).view(indices.shape)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    from .. import _dtype as D
    x = input._data
    unbatched = x.ndim == 3
    if unbatched:
        x = x[None]
    (kh, kw), stride, pad, dil, extra, (oh, ow) = _pool_geometry(
        x, kernel_size, stride, padding, dilation, ceil_mode)
    h, w = x.shape[-2:]
    xp = _padded(x, pad, extra, -np.inf)
    win = _windows(xp, kh, kw, stride, dil)[:, :, :oh, :ow]
    n, c = win.shape[:2]
    flat = win.reshape(n, c, oh, ow, kh * kw)
    arg = flat.argmax(-1)
    values = np.take_along_axis(flat, arg[..., None], -1)[..., 0]
    # the flat index into the (unpadded) input plane, as torch reports it
    ki, kj = np.divmod(arg, kw)
    rows = np.arange(oh)[:, None] * stride[0] + ki * dil[0] - pad[0]
    cols = np.arange(ow)[None, :] * stride[1] + kj * dil[1] - pad[1]
    indices = rows * w + cols
    if unbatched:
        values, indices = values[0], indices[0]
    out = make(np.ascontiguousarray(values), input._dtype)
    idx = make(indices.astype(np.int64), D.int64)
    record(out, MaxPool2DWithIndicesBackward0, (input,), {"self": input, "indices": idx})
    return (out, idx) if return_indices else out


AvgPool2DBackward0 = node(
    "AvgPool2DBackward0",
    self=lambda grad, self, geometry: _avg_pool_backward(grad, self, geometry))
# avg pooling is linear: its backward's adjoint is the pooling itself, with the same geometry
AvgPool2DBackwardBackward0 = node(
    "AvgPool2DBackwardBackward0",
    grad_output=lambda grad, geometry: _avg_pool(grad, geometry), self=zeros_of)


def _avg_pool(input, geometry):
    """The average pooling over a geometry avg_pool2d worked out: (batched input shape,
    kernel, stride, padding, dilation, extra bottom/right padding, divisor, output size)."""
    _, k, stride, pad, dil, extra, divisor, (oh, ow) = geometry
    x = input._data
    batched = x if x.ndim == 4 else x[None]
    win = _windows(_padded(batched, pad, extra, 0.0), k[0], k[1], stride, dil)[:, :, :oh, :ow]
    out = (win.sum((-1, -2)) / divisor).astype(x.dtype)
    if x.ndim == 3:
        out = out[0]
    return record(make(out, input._dtype), AvgPool2DBackward0, (input,),
                  {"self": input, "geometry": geometry})


def _avg_pool_backward(grad, self, geometry):
    """Spread each output's gradient evenly (1/divisor) over its window, in the shape of self."""
    shape, k, stride, pad, dil, extra, divisor, _ = geometry
    g = grad._data
    if g.ndim == 3:
        g = g[None]
    gw = np.broadcast_to((g / divisor)[..., None, None], g.shape + k)
    n, c, h, w = shape
    full = _scatter_windows(np.ascontiguousarray(gw), (n, c, h + extra[0], w + extra[1]),
                            stride, dil, pad)[:, :, :h, :w]
    out = make(full.reshape(grad._data.shape[:-2] + (h, w)) if grad._data.ndim == 3 else full,
               grad._dtype)
    return record(out, AvgPool2DBackwardBackward0, (grad, self), {"geometry": geometry})


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True, divisor_override=None):
    x = input._data
    batched = x if x.ndim == 4 else x[None]
    k, stride, pad, dil, extra, (oh, ow) = _pool_geometry(batched, kernel_size, stride, padding,
                                                          1, ceil_mode)
    h, w = batched.shape[-2:]
    if divisor_override:
        divisor = np.asarray(divisor_override, dtype=x.dtype)
    else:
        # torch counts the padding (if asked) but never the ceil_mode overhang
        r0 = np.arange(oh) * stride[0] - pad[0]
        c0 = np.arange(ow) * stride[1] - pad[1]
        lo_h, lo_w = r0, c0
        hi_h = np.minimum(r0 + k[0], h + pad[0])
        hi_w = np.minimum(c0 + k[1], w + pad[1])
        if not count_include_pad:
            lo_h, lo_w = np.maximum(r0, 0), np.maximum(c0, 0)
            hi_h, hi_w = np.minimum(r0 + k[0], h), np.minimum(c0 + k[1], w)
        divisor = ((hi_h - lo_h)[:, None] * (hi_w - lo_w)[None, :]).astype(x.dtype)
    return _avg_pool(input, (batched.shape, k, stride, pad, dil, extra, divisor, (oh, ow)))


def _adaptive_bins(size, out):
    """torch's adaptive pooling windows: [floor(i * size / out), ceil((i + 1) * size / out))."""
    return [((i * size) // out, -(-((i + 1) * size) // out)) for i in range(out)]


AdaptiveAvgPool2DBackward0 = node(
    "AdaptiveAvgPool2DBackward0",
    self=lambda grad, self: _adaptive_avg_backward(grad, self))
# as for avg_pool2d: the backward's adjoint is the pooling itself, to the same output size
AdaptiveAvgPool2DBackwardBackward0 = node(
    "AdaptiveAvgPool2DBackwardBackward0",
    grad_output=lambda grad, output_size: _adaptive_avg_pool(grad, output_size),
    self=zeros_of)


def _adaptive_avg_backward(grad, self):
    """Spread each output's gradient evenly over its bin, in the shape of self."""
    g = grad._data
    sizes = self._data.shape
    h, w = sizes[-2:]
    oh, ow = g.shape[-2:]
    out = np.zeros(sizes, dtype=g.dtype)
    for i, (r0, r1) in enumerate(_adaptive_bins(h, oh)):
        for j, (c0, c1) in enumerate(_adaptive_bins(w, ow)):
            out[..., r0:r1, c0:c1] += (g[..., i, j] / ((r1 - r0) * (c1 - c0)))[..., None, None]
    return record(make(out, grad._dtype), AdaptiveAvgPool2DBackwardBackward0, (grad, self),
                  {"output_size": (oh, ow)})


def _adaptive_avg_pool(input, output_size):
    """adaptive_avg_pool2d to an explicit (oh, ow), without the (1, 1) shortcut to mean."""
    oh, ow = output_size
    h, w = input.shape[-2:]
    x = input._data
    out = np.empty(x.shape[:-2] + (oh, ow), dtype=x.dtype)
    for i, (r0, r1) in enumerate(_adaptive_bins(h, oh)):
        for j, (c0, c1) in enumerate(_adaptive_bins(w, ow)):
            out[..., i, j] = x[..., r0:r1, c0:c1].mean((-2, -1))
    return record(make(out, input._dtype), AdaptiveAvgPool2DBackward0, (input,),
                  {"self": input})


def adaptive_avg_pool2d(input, output_size):
    oh, ow = _pair(output_size)
    h, w = input.shape[-2:]
    oh = h if oh is None else oh
    ow = w if ow is None else ow
    if (oh, ow) == (1, 1):
        return input.mean((-2, -1), keepdim=True)  # torch: MeanBackward1
    return _adaptive_avg_pool(input, (oh, ow))

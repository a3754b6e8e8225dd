"""The benchmark's workloads, written once per library family.

Each workload is built per library by a factory ``make(lib, mod, size) -> impl``; ``impl.run(k)``
does ``k`` repetitions (the timed part) and ``impl.check()`` (when present) returns a dict of NumPy
arrays to compare against the hand-written NumPy floor. ``lib`` is one of ``shim`` (the
minitorch_compat package), ``torch`` (real torch, one thread), ``numpy`` (the hand-written floor),
``mygrad`` and ``autograd`` (HIPS autograd); a factory returns None for a library it does not
cover. The shim and torch share every line of code: ``mod`` is the ``torch`` namespace of either.
"""
import numpy as np

F32 = np.float32
LR = 0.01


def to_np(x):
    """A NumPy copy of a tensor / array of any of the libraries."""
    if hasattr(x, "detach"):
        return np.array(x.detach().numpy())
    if type(x).__module__.startswith("mygrad"):
        return np.array(x.data)
    return np.array(x)


def _rng(seed=0):
    return np.random.default_rng(seed)


# --------------------------------------------------------------------------- eager overhead
class _TorchEager:
    """``y = (x * w + b).sum(); y.backward()`` (or the forward alone under no_grad)."""

    def __init__(self, T, n, grad):
        r = _rng(1)
        x0, w0, b0 = (r.standard_normal(n).astype(F32) for _ in range(3))
        self.T, self.grad = T, grad
        self.x = T.tensor(x0)
        self.w = T.tensor(w0, requires_grad=True)
        self.b = T.tensor(b0, requires_grad=True)
        self.y = None

    def run(self, k):
        x, w, b = self.x, self.w, self.b
        if self.grad:
            for _ in range(k):
                w.grad = None
                b.grad = None
                y = (x * w + b).sum()
                y.backward()
        else:
            with self.T.no_grad():
                for _ in range(k):
                    y = (x * w + b).sum()
        self.y = y

    def check(self):
        self.run(1)
        out = {"y": to_np(self.y)}
        if self.grad:
            out.update(gw=to_np(self.w.grad), gb=to_np(self.b.grad))
        return out


class _NumpyEager:
    """The floor: the forward, and the gradients written by hand (dy/dw = x, dy/db = 1)."""

    def __init__(self, n, grad):
        r = _rng(1)
        self.x, self.w, self.b = (r.standard_normal(n).astype(F32) for _ in range(3))
        self.grad = grad

    def run(self, k):
        x, w, b = self.x, self.w, self.b
        if self.grad:
            one = F32(1.0)
            for _ in range(k):
                y = (x * w + b).sum()
                gw = x * one
                gb = np.full_like(b, one)
            self.gw, self.gb = gw, gb
        else:
            for _ in range(k):
                y = (x * w + b).sum()
        self.y = y

    def check(self):
        self.run(1)
        out = {"y": to_np(self.y)}
        if self.grad:
            out.update(gw=self.gw, gb=self.gb)
        return out


class _MygradEager:
    def __init__(self, mg, n, grad):
        r = _rng(1)
        x0, w0, b0 = (r.standard_normal(n).astype(F32) for _ in range(3))
        self.mg, self.grad = mg, grad
        self.x = mg.tensor(x0, constant=True)
        self.w, self.b = mg.tensor(w0), mg.tensor(b0)

    def run(self, k):
        x, w, b = self.x, self.w, self.b
        if self.grad:
            for _ in range(k):
                y = (x * w + b).sum()
                y.backward()
        else:
            with self.mg.no_autodiff:
                for _ in range(k):
                    y = (x * w + b).sum()
        self.y = y

    def check(self):
        self.run(1)
        out = {"y": to_np(self.y)}
        if self.grad:
            out.update(gw=np.array(self.w.grad), gb=np.array(self.b.grad))
        return out


class _AutogradEager:
    """HIPS autograd is functional: value_and_grad per call; the forward alone is the same
    function called on plain arrays (no tracing)."""

    def __init__(self, ag, n, grad):
        import autograd.numpy as anp
        r = _rng(1)
        self.x, self.w, self.b = (r.standard_normal(n).astype(F32) for _ in range(3))
        x = self.x
        self.f = lambda w, b: anp.sum(x * w + b)
        self.vg = ag.value_and_grad(self.f, argnum=(0, 1))
        self.grad = grad

    def run(self, k):
        w, b = self.w, self.b
        if self.grad:
            vg = self.vg
            for _ in range(k):
                y, g = vg(w, b)
            self.g = g
        else:
            f = self.f
            for _ in range(k):
                y = f(w, b)
        self.y = y

    def check(self):
        self.run(1)
        out = {"y": to_np(self.y)}
        if self.grad:
            out.update(gw=np.array(self.g[0]), gb=np.array(self.g[1]))
        return out


def _by_library(torch_like, numpy, mygrad, autograd, *extra):
    """A workload's factory ``make(lib, mod, n)``: the shim and torch share one class (they
    speak the same API); the NumPy floor takes no module; ``extra`` follows ``n``."""
    def make(lib, mod, n):
        if lib in ("shim", "torch"):
            return torch_like(mod, n, *extra)
        if lib == "numpy":
            return numpy(n, *extra)
        if lib == "mygrad":
            return mygrad(mod, n, *extra)
        if lib == "autograd":
            return autograd(mod, n, *extra)
        return None
    return make


def make_eager(grad):
    return _by_library(_TorchEager, _NumpyEager, _MygradEager, _AutogradEager, grad)


# --------------------------------------------------------------------------- MLP training step
def _mlp_data(sizes, batch):
    """Weights (torch layout: (out, in)) and a batch, float32, the same for every library."""
    r = _rng(2)
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        bound = 1 / np.sqrt(fan_in)
        params.append(r.uniform(-bound, bound, (fan_out, fan_in)).astype(F32))
        params.append(r.uniform(-bound, bound, fan_out).astype(F32))
    x = r.standard_normal((batch, sizes[0])).astype(F32)
    y = r.integers(0, sizes[-1], batch).astype(np.int64)
    return params, x, y


class _TorchMLP:
    """nn.Sequential(Linear, ReLU, Linear), F.cross_entropy, backward, SGD update (torch.optim.SGD
    when the shim has it, else the same update by hand under no_grad for shim and torch)."""

    def __init__(self, T, sizes, batch, use_optim):
        nn = T.nn
        self.T, self.F = T, nn.functional
        layers = []
        for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
            layers.append(nn.Linear(a, b))
            if i < len(sizes) - 2:
                layers.append(nn.ReLU())
        self.model = nn.Sequential(*layers)
        self.params = list(self.model.parameters())
        self.init, x, y = _mlp_data(sizes, batch)
        self.reset()
        self.x, self.y = T.from_numpy(x), T.from_numpy(y)
        self.opt = T.optim.SGD(self.params, lr=LR) if use_optim else None
        self.loss = None

    def reset(self):
        with self.T.no_grad():
            for p, v in zip(self.params, self.init):
                p.copy_(self.T.from_numpy(v))
                p.grad = None

    def fwd_bwd(self):
        loss = self.F.cross_entropy(self.model(self.x), self.y)
        loss.backward()
        return loss

    def update(self):
        if self.opt is not None:
            self.opt.step()
            self.opt.zero_grad()
            return
        with self.T.no_grad():
            for p in self.params:
                p.add_(p.grad, alpha=-LR)
        for p in self.params:
            p.grad = None

    def run(self, k):
        for _ in range(k):
            self.loss = self.fwd_bwd()
            self.update()

    def check(self):
        self.reset()
        loss = self.fwd_bwd()
        out = {"loss": to_np(loss)}
        out.update({f"g{i}": to_np(p.grad) for i, p in enumerate(self.params)})
        self.update()
        out.update({f"p{i}": to_np(p) for i, p in enumerate(self.params)})
        self.reset()
        return out


class _NumpyMLP:
    """The floor: forward, cross-entropy, backward and SGD written by hand in NumPy."""

    def __init__(self, sizes, batch):
        self.init, self.x, self.y = _mlp_data(sizes, batch)
        self.rows = np.arange(batch)
        self.reset()

    def reset(self):
        self.params = [p.copy() for p in self.init]

    def fwd_bwd(self):
        x, y, rows = self.x, self.y, self.rows
        ps = self.params
        n = len(ps) // 2
        acts, pre = [x], []
        h = x
        for i in range(n):
            z = h @ ps[2 * i].T
            z += ps[2 * i + 1]
            if i < n - 1:
                pre.append(z)
                h = np.maximum(z, 0)
                acts.append(h)
            else:
                h = z
        m = h.max(1, keepdims=True)
        e = np.exp(h - m)
        s = e.sum(1, keepdims=True)
        logp = h - m - np.log(s)
        loss = -logp[rows, y].mean(dtype=F32)
        dz = e / s
        dz[rows, y] -= 1
        dz /= F32(len(y))
        grads = [None] * len(ps)
        for i in range(n - 1, -1, -1):
            grads[2 * i] = dz.T @ acts[i]
            grads[2 * i + 1] = dz.sum(0)
            if i > 0:
                dz = dz @ ps[2 * i]
                dz *= pre[i - 1] > 0
        self.grads = grads
        return loss

    def update(self):
        for p, g in zip(self.params, self.grads):
            p -= F32(LR) * g
        self.grads = None

    def run(self, k):
        for _ in range(k):
            self.loss = self.fwd_bwd()
            self.update()

    def check(self):
        self.reset()
        loss = self.fwd_bwd()
        out = {"loss": np.array(loss)}
        out.update({f"g{i}": g.copy() for i, g in enumerate(self.grads)})
        self.update()
        out.update({f"p{i}": p.copy() for i, p in enumerate(self.params)})
        self.reset()
        return out


class _MygradMLP:
    def __init__(self, mg, sizes, batch):
        from mygrad.nnet import relu
        from mygrad.nnet.losses import softmax_crossentropy
        self.mg, self.relu, self.xent = mg, relu, softmax_crossentropy
        self.init, x, self.y = _mlp_data(sizes, batch)
        self.x = mg.tensor(x, constant=True)
        self.reset()

    def reset(self):
        self.params = [self.mg.tensor(p.copy()) for p in self.init]

    def fwd_bwd(self):
        ps, mg = self.params, self.mg
        n = len(ps) // 2
        h = self.x
        for i in range(n):
            h = mg.matmul(h, ps[2 * i].T) + ps[2 * i + 1]
            if i < n - 1:
                h = self.relu(h)
        loss = self.xent(h, self.y)
        loss.backward()
        return loss

    def update(self):
        # a new leaf per parameter (mygrad guards arrays that took part in a graph)
        self.params = [self.mg.tensor(p.data - F32(LR) * p.grad) for p in self.params]

    def run(self, k):
        for _ in range(k):
            self.loss = self.fwd_bwd()
            self.update()

    def check(self):
        self.reset()
        loss = self.fwd_bwd()
        out = {"loss": to_np(loss)}
        out.update({f"g{i}": np.array(p.grad) for i, p in enumerate(self.params)})
        self.update()
        out.update({f"p{i}": to_np(p) for i, p in enumerate(self.params)})
        self.reset()
        return out


class _AutogradMLP:
    def __init__(self, ag, sizes, batch):
        import autograd.numpy as anp
        self.init, x, y = _mlp_data(sizes, batch)
        rows = np.arange(batch)

        def loss_fn(ps):
            n = len(ps) // 2
            h = x
            for i in range(n):
                h = anp.dot(h, ps[2 * i].T) + ps[2 * i + 1]
                if i < n - 1:
                    h = anp.maximum(h, 0)
            m = anp.max(h, axis=1, keepdims=True)
            logp = h - m - anp.log(anp.sum(anp.exp(h - m), axis=1, keepdims=True))
            return -anp.mean(logp[rows, y])

        self.vg = ag.value_and_grad(loss_fn)
        self.reset()

    def reset(self):
        self.params = [p.copy() for p in self.init]

    def fwd_bwd(self):
        loss, self.grads = self.vg(self.params)
        return loss

    def update(self):
        for p, g in zip(self.params, self.grads):
            p -= F32(LR) * g

    def run(self, k):
        for _ in range(k):
            self.loss = self.fwd_bwd()
            self.update()

    def check(self):
        self.reset()
        loss = self.fwd_bwd()
        out = {"loss": np.array(loss)}
        out.update({f"g{i}": np.array(g) for i, g in enumerate(self.grads)})
        self.update()
        out.update({f"p{i}": p.copy() for i, p in enumerate(self.params)})
        self.reset()
        return out


def make_mlp(use_optim):
    def make(lib, mod, size):
        sizes, batch = size
        if lib in ("shim", "torch"):
            return _TorchMLP(mod, sizes, batch, use_optim)
        if lib == "numpy":
            return _NumpyMLP(sizes, batch)
        if lib == "mygrad":
            return _MygradMLP(mod, sizes, batch)
        if lib == "autograd":
            return _AutogradMLP(mod, sizes, batch)
        return None
    return make


# --------------------------------------------------------------------------- large elementwise
class _TorchElementwise:
    """``(a * b + c).sum()`` with a, b, c requiring grad: forward only (the graph is built and
    dropped), or forward and backward (grads reset to None each time, as zero_grad does)."""

    def __init__(self, T, n, backward):
        r = _rng(3)
        a, b, c = (r.standard_normal(n).astype(F32) for _ in range(3))
        self.a, self.b, self.c = (T.from_numpy(v).requires_grad_() for v in (a, b, c))
        self.backward = backward
        self.y = None

    def run(self, k):
        a, b, c = self.a, self.b, self.c
        for _ in range(k):
            if self.backward:
                a.grad = b.grad = c.grad = None
            y = (a * b + c).sum()
            if self.backward:
                y.backward()
        self.y = y

    def check(self):
        self.run(1)
        out = {"y": to_np(self.y)}
        if self.backward:
            out.update(ga=to_np(self.a.grad), gb=to_np(self.b.grad), gc=to_np(self.c.grad))
        return out


class _NumpyElementwise:
    """The floor: ``(a * b + c).sum()``; gradients by hand (g * b, g * a, and g broadcast)."""

    def __init__(self, n, backward):
        r = _rng(3)
        self.a, self.b, self.c = (r.standard_normal(n).astype(F32) for _ in range(3))
        self.backward = backward

    def run(self, k):
        a, b, c = self.a, self.b, self.c
        for _ in range(k):
            y = (a * b + c).sum()
            if self.backward:
                g = np.broadcast_to(F32(1.0), a.shape)
                self.ga, self.gb, self.gc = g * b, g * a, np.array(g)
        self.y = y

    def check(self):
        self.run(1)
        out = {"y": np.array(self.y)}
        if self.backward:
            out.update(ga=self.ga, gb=self.gb, gc=self.gc)
        return out


class _MygradElementwise:
    def __init__(self, mg, n, backward):
        r = _rng(3)
        self.a, self.b, self.c = (mg.tensor(r.standard_normal(n).astype(F32)) for _ in range(3))
        self.backward = backward

    def run(self, k):
        a, b, c = self.a, self.b, self.c
        for _ in range(k):
            y = (a * b + c).sum()
            if self.backward:
                y.backward()
        self.y = y

    def check(self):
        self.run(1)
        out = {"y": to_np(self.y)}
        if self.backward:
            out.update(ga=np.array(self.a.grad), gb=np.array(self.b.grad),
                       gc=np.array(self.c.grad))
        return out


class _AutogradElementwise:
    def __init__(self, ag, n, backward):
        import autograd.numpy as anp
        r = _rng(3)
        self.a, self.b, self.c = (r.standard_normal(n).astype(F32) for _ in range(3))
        f = lambda a, b, c: anp.sum(a * b + c)
        self.vg = ag.value_and_grad(f, argnum=(0, 1, 2))
        self.fwd = ag.make_vjp(f, argnum=(0, 1, 2))  # the recorded forward alone
        self.backward = backward

    def run(self, k):
        a, b, c = self.a, self.b, self.c
        for _ in range(k):
            if self.backward:
                y, self.g = self.vg(a, b, c)
            else:
                _, y = self.fwd(a, b, c)
        self.y = y

    def check(self):
        self.run(1)
        out = {"y": np.array(self.y)}
        if self.backward:
            out.update(ga=np.array(self.g[0]), gb=np.array(self.g[1]), gc=np.array(self.g[2]))
        return out


def make_elementwise(backward):
    return _by_library(_TorchElementwise, _NumpyElementwise, _MygradElementwise,
                       _AutogradElementwise, backward)


# --------------------------------------------------------------------------- deep chain
C = 1.0001


class _TorchChain:
    """``x = x * 1.0001`` n times from a 0-d float32 leaf, then backward."""

    def __init__(self, T, n):
        self.x0 = T.tensor(1.0, requires_grad=True)
        self.n = n

    def run(self, k):
        x0, n = self.x0, self.n
        for _ in range(k):
            x0.grad = None
            x = x0
            for _ in range(n):
                x = x * C
            x.backward()
            self.y = x

    def check(self):
        self.run(1)
        return {"y": to_np(self.y), "g": to_np(self.x0.grad)}


class _NumpyChain:
    """The floor: the chain on a float32 NumPy scalar, then the reverse pass by hand."""

    def __init__(self, n):
        self.n = n

    def run(self, k):
        n, c = self.n, F32(C)
        for _ in range(k):
            x = F32(1.0)
            for _ in range(n):
                x = x * c
            g = F32(1.0)
            for _ in range(n):
                g = g * c
        self.y, self.g = x, g

    def check(self):
        self.run(1)
        return {"y": np.array(self.y), "g": np.array(self.g)}


class _MygradChain:
    def __init__(self, mg, n):
        self.mg, self.n = mg, n

    def run(self, k):
        for _ in range(k):
            x0 = self.mg.tensor(F32(1.0))
            x = x0
            for _ in range(self.n):
                x = x * C
            x.backward()
        self.y, self.g = x, x0.grad

    def check(self):
        self.run(1)
        return {"y": to_np(self.y), "g": np.array(self.g)}


class _AutogradChain:
    def __init__(self, ag, n):
        def f(x):
            for _ in range(n):
                x = x * C
            return x
        self.vg = ag.value_and_grad(f)

    def run(self, k):
        for _ in range(k):
            self.y, self.g = self.vg(F32(1.0))

    def check(self):
        self.run(1)
        return {"y": np.array(self.y), "g": np.array(self.g)}


make_chain = _by_library(_TorchChain, _NumpyChain, _MygradChain, _AutogradChain)


# --------------------------------------------------------------------------- printing and RNG
class _Repr:
    def __init__(self, obj):
        self.obj = obj

    def run(self, k):
        o = self.obj
        for _ in range(k):
            s = repr(o)
        self.s = s


def make_repr(lib, mod, n):
    data = _rng(4).random(n).astype(F32)
    if lib in ("shim", "torch"):
        return _Repr(mod.from_numpy(data))
    if lib == "numpy":
        return _Repr(data)
    return None


class _Call:
    def __init__(self, fn):
        self.fn = fn

    def run(self, k):
        fn = self.fn
        for _ in range(k):
            r = fn()
        self.r = r


def make_rng(kind):
    """torch.rand / randn (float32) / randperm of n; the floor is NumPy's default Generator."""
    def make(lib, mod, n):
        if lib in ("shim", "torch"):
            mod.manual_seed(0)
            fn = {"rand": lambda: mod.rand(n), "randn": lambda: mod.randn(n),
                  "randperm": lambda: mod.randperm(n)}[kind]
            return _Call(fn)
        if lib == "numpy":
            g = np.random.default_rng(0)
            fn = {"rand": lambda: g.random(n, dtype=F32),
                  "randn": lambda: g.standard_normal(n, dtype=F32),
                  "randperm": lambda: g.permutation(n)}[kind]
            return _Call(fn)
        return None
    return make


# --------------------------------------------------------------------------- retained memory
def mlp_forward(lib, mod, layers, width, batch, grad):
    """Build a ``layers``-deep, ``width``-wide ReLU MLP (weights from one NumPy seed) and return
    ``forward() -> output`` whose result (and, with grad, its graph) is what stays alive. The NumPy
    floor keeps, with grad, exactly what a hand-written backward needs: each layer's ReLU output
    (its mask and the next layer's weight-gradient input)."""
    r = _rng(5)
    scale = F32(np.sqrt(2.0 / width))
    ws = [(r.standard_normal((width, width), dtype=F32) * scale) for _ in range(layers)]
    bs = [np.zeros(width, F32) for _ in range(layers)]
    x0 = r.standard_normal((batch, width), dtype=F32)
    if lib == "numpy":
        def forward():
            h, keep = x0, []
            for w, b in zip(ws, bs):
                h = h @ w.T
                h += b
                np.maximum(h, 0, out=h)
                if grad:
                    keep.append(h)
            return (h, keep) if grad else h
        return forward
    T = mod
    F = T.nn.functional
    params = [(T.from_numpy(w).requires_grad_(), T.from_numpy(b).requires_grad_())
              for w, b in zip(ws, bs)]
    x = T.from_numpy(x0)

    def forward():
        if grad:
            h = x
            for w, b in params:
                h = F.relu(F.linear(h, w, b))
            return h
        with T.no_grad():
            h = x
            for w, b in params:
                h = F.relu(F.linear(h, w, b))
            return h
    return forward

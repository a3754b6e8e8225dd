"""torch.Generator, seeding and RNG state, and the sampling functions (rand, randn, randint,
randperm, normal, bernoulli, multinomial, the in-place samplers). The streams themselves are
torch's CPU streams, bit for bit, from ``_rng``."""
import numpy as np

from . import _dtype as D
from ._creation import _finish, _np_dtype, _size
from ._device import CPU, check_device
from ._tensor import Tensor

__all__ = ["Generator", "default_generator", "manual_seed", "initial_seed", "seed",
           "get_rng_state", "set_rng_state", "fork_rng", "rand", "randn", "randint", "randperm",
           "normal", "rand_like", "randn_like", "randint_like", "bernoulli", "multinomial",
           "uniform_", "normal_", "random_", "bernoulli_", "exponential_"]


class _LazyRng:
    """Stands for ``minitorch_compat._rng`` until its first use: importing it (and NumPy's
    random module) costs ~25 ms that `import minitorch_compat` need not pay."""

    def __getattr__(self, name):
        global _rng
        from . import _rng as module
        _rng = module
        return getattr(module, name)


_rng = _LazyRng()


class Generator:
    """A CPU random generator (MT19937, as torch's): a new one starts at seed 67280421310721."""

    def __init__(self, device="cpu"):
        check_device(device)
        self._eng = None
        self._random_start = False

    @property
    def _engine(self):
        eng = self._eng
        if eng is None:  # made on first use (see _LazyRng)
            eng = self._eng = _rng.Engine()
            if self._random_start:
                eng.seed()
        return eng

    @property
    def device(self):
        return CPU

    def manual_seed(self, seed):
        self._engine.manual_seed(_seed_value(seed))
        return self

    def initial_seed(self):
        return self._engine.initial_seed()

    def seed(self):
        return self._engine.seed()

    def get_state(self):
        data = np.frombuffer(self._engine.get_state(), dtype=np.uint8).copy()
        return Tensor._make(data, D.uint8)

    def set_state(self, new_state):
        if not isinstance(new_state, Tensor):
            raise TypeError(f"expected a torch.ByteTensor, but got {type(new_state).__name__}")
        if new_state._dtype is not D.uint8:
            raise TypeError(f"expected a torch.ByteTensor, but got {new_state.type()}")
        self._engine.set_state(np.ascontiguousarray(new_state._data).tobytes())
        return self

    def __repr__(self):
        return f"<torch._C.Generator object at {hex(id(self))}>"


def _seed_value(seed):
    try:
        return int(seed)
    except (TypeError, ValueError):
        raise TypeError(f"manual_seed expected a long, but got {type(seed).__name__}") from None


default_generator = Generator()
default_generator._random_start = True  # torch: each process starts it from a random seed


def manual_seed(seed):
    default_generator.manual_seed(seed)
    return default_generator


def initial_seed():
    return default_generator.initial_seed()


def seed():
    return default_generator.seed()


def get_rng_state():
    return default_generator.get_state()


def set_rng_state(new_state):
    default_generator.set_state(new_state)


class fork_rng:  # noqa: N801 - torch's name
    """Context manager restoring the default generator's state on exit."""

    def __init__(self, devices=None, enabled=True, **kwargs):
        self.enabled = enabled

    def __enter__(self):
        if self.enabled:
            self._state = get_rng_state()

    def __exit__(self, *exc):
        if self.enabled:
            set_rng_state(self._state)


def _engine(generator):
    return (generator or default_generator)._engine


def _float_dtype(dtype, name):
    dtype = dtype or D.get_default_dtype()
    if not dtype.is_floating_point:
        raise RuntimeError(f'"{name}" not implemented for \'{dtype._legacy}\'')
    return dtype


def _new(size, dtype, name):
    return np.empty(_size(size, name), dtype=_np_dtype(dtype))


def _standard(name, kernel, kernel_name, size, generator, dtype, device, requires_grad, kw):
    """rand/randn: a new float tensor filled by ``kernel`` with (0, 1)."""
    check_device(device)
    dtype = _float_dtype(dtype, kernel_name)
    data = _new(size if "size" not in kw else (kw["size"],), dtype, name)
    kernel(_engine(generator), data, 0.0, 1.0)
    return _finish(data, dtype, requires_grad)


def rand(*size, generator=None, out=None, dtype=None, layout=None, device=None,
         requires_grad=False, pin_memory=False, **kw):
    return _standard("rand", _rng.uniform_, "check_uniform_bounds", size, generator, dtype,
                     device, requires_grad, kw)


def randn(*size, generator=None, out=None, dtype=None, layout=None, device=None,
          requires_grad=False, pin_memory=False, **kw):
    return _standard("randn", _rng.normal_, "normal_kernel_cpu", size, generator, dtype, device,
                     requires_grad, kw)


def randint(low=0, high=None, size=None, *, generator=None, out=None, dtype=None, layout=None,
            device=None, requires_grad=False, pin_memory=False):
    check_device(device)
    if size is None:  # torch.randint(high, size)
        low, high, size = 0, low, high
    if high is None or size is None:
        raise TypeError("randint() received an invalid combination of arguments")
    dtype = dtype or D.int64
    data = _new((tuple(size),), dtype, "randint")
    _rng.random_(_engine(generator), data, int(low), int(high))
    return _finish(data, dtype, requires_grad)


def randperm(n, *, generator=None, out=None, dtype=None, layout=None, device=None,
             requires_grad=False, pin_memory=False):
    check_device(device)
    dtype = dtype or D.int64
    data = np.asarray(_rng.randperm(_engine(generator), int(n), _np_dtype(dtype)))
    return _finish(data, dtype, requires_grad)


def rand_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None):
    return rand(input.shape, dtype=dtype or input._dtype, requires_grad=requires_grad)


def randn_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=None):
    return randn(input.shape, dtype=dtype or input._dtype, requires_grad=requires_grad)


def randint_like(input, low=0, high=None, *, dtype=None, layout=None, device=None,
                 requires_grad=False, memory_format=None):
    if high is None:
        low, high = 0, low
    return randint(low, high, input.shape, dtype=dtype or input._dtype,
                   requires_grad=requires_grad)


def normal(mean, std=1.0, size=None, *, generator=None, out=None, dtype=None, layout=None,
           device=None, requires_grad=False, pin_memory=False):
    """torch.normal's overloads: (float, float, size), (Tensor, Tensor), (Tensor, float),
    (float, Tensor)."""
    eng = _engine(generator)
    mt, st = isinstance(mean, Tensor), isinstance(std, Tensor)
    if not mt and not st:
        if size is None:
            raise TypeError("normal() received an invalid combination of arguments - got "
                            "(float, float), but expected one of:\n * (Tensor mean, Tensor std, *, "
                            "torch.Generator generator = None, Tensor out = None)\n * (Tensor "
                            "mean, float std = 1, *, torch.Generator generator = None, Tensor out "
                            "= None)\n * (float mean, Tensor std, *, torch.Generator generator = "
                            "None, Tensor out = None)\n * (float mean, float std, tuple of ints "
                            "size, *, torch.Generator generator = None, Tensor out = None, "
                            "torch.dtype dtype = None, torch.layout layout = None, torch.device "
                            "device = None, bool pin_memory = False, bool requires_grad = False)\n")
        dtype = _float_dtype(dtype, "normal_kernel_cpu")
        data = _new((tuple(size),), dtype, "normal")
        _check_std(std)
        _rng.normal_(eng, data, float(mean), float(std))
        return _finish(data, dtype, requires_grad)
    # tensor overloads: standard normals of the broadcast shape, then scaled (torch's order)
    if st and np.any(std._data < 0):
        raise RuntimeError("normal expects all elements of std >= 0.0")
    if not st:
        _check_std(std)
    shape_src = mean if mt else std
    shape = np.broadcast_shapes(mean._data.shape if mt else (), std._data.shape if st else ())
    dt = shape_src._dtype
    data = np.empty(shape, dtype=dt._np)
    _rng.normal_(eng, data, 0.0, 1.0)
    m = mean._data if mt else mean
    s = std._data if st else std
    out = np.asarray(data * s + m, dtype=dt._np)
    return Tensor._make(out, dt)


def _check_std(std):
    if std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {float(std):g}")


def bernoulli(input, p=None, *, generator=None, out=None):
    data = np.empty(input._data.shape, dtype=input._data.dtype)
    _rng.bernoulli_(_engine(generator), data, input._data if p is None else p)
    return Tensor._make(data, input._dtype)


def multinomial(input, num_samples, replacement=False, *, generator=None, out=None):
    data = _rng.multinomial(_engine(generator), np.asarray(input._data), int(num_samples),
                            bool(replacement))
    return Tensor._make(np.asarray(data, dtype=np.int64), D.int64)


# ---------------------------------------------------------------- in-place samplers (methods)
def _sample_inplace(self, fill):
    from ._ops._core import check_inplace
    check_inplace(self)
    fill(self._data)
    self._vc[0] += 1
    return self


def uniform_(self, a=0.0, b=1.0, *, generator=None):
    return _sample_inplace(self, lambda d: _rng.uniform_(_engine(generator), d, float(a), float(b)))


def normal_(self, mean=0.0, std=1.0, *, generator=None):
    return _sample_inplace(self, lambda d: _rng.normal_(_engine(generator), d, float(mean),
                                                        float(std)))


_UNSET = object()


def random_(self, from_=None, to=_UNSET, *, generator=None, **kw):
    """t.random_(), t.random_(to) = [0, to), t.random_(from, to); t.random_(from, None) is
    [from, dtype max], as in torch."""
    if "from" in kw:
        from_ = kw["from"]
    if to is _UNSET:
        from_, to = (None, None) if from_ is None else (0, from_)
    return _sample_inplace(self, lambda d: _rng.random_(_engine(generator), d, from_, to))


def bernoulli_(self, p=0.5, *, generator=None):
    pp = p._data if isinstance(p, Tensor) else p
    return _sample_inplace(self, lambda d: _rng.bernoulli_(_engine(generator), d, pp))


def exponential_(self, lambd=1.0, *, generator=None):
    return _sample_inplace(self, lambda d: _rng.exponential_(_engine(generator), d, float(lambd)))

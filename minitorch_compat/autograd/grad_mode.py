"""Grad mode and inference mode: one thread-local state, one reader, one writer; the context
managers double as decorators (bare or called) for functions, methods and generator functions."""
import functools
import threading
import warnings

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "inference_mode",
           "is_grad_enabled", "is_inference_mode_enabled"]


class _State(threading.local):
    # torch: every new thread starts with grad mode on and inference mode off
    def __init__(self):
        self.grad = True
        self.inference = False


_state = _State()


def is_grad_enabled():
    return _state.grad


def is_inference_mode_enabled():
    return _state.inference


def _set_grad(mode):
    _state.grad = mode


def _wrap_generator(make_ctx, gen_func):
    # the mode applies while the generator body runs, not while the caller runs between yields
    @functools.wraps(gen_func)
    def wrapper(*args, **kwargs):
        gen = gen_func(*args, **kwargs)
        try:
            with make_ctx():
                response = gen.send(None)
            while True:
                try:
                    request = yield response
                except GeneratorExit:
                    with make_ctx():
                        gen.close()
                    raise
                except BaseException as exc:  # noqa: B036 - forwarded into the generator
                    with make_ctx():
                        response = gen.throw(exc)
                else:
                    with make_ctx():
                        response = gen.send(request)
        except StopIteration as stop:
            return stop.value
    return wrapper


class _DecoratorContextManager:
    """A context manager that also decorates: each call of the decorated function enters a fresh
    clone, so one decorator is re-entrant and thread-safe."""

    def __call__(self, func):
        import inspect  # only when decorating: keeps `import minitorch_compat` fast
        if inspect.isclass(func):
            warnings.warn(
                "Decorating classes is deprecated and will be disabled in future versions. You "
                "should only decorate functions or methods. To preserve the current behavior of "
                "class decoration, you can directly decorate the `__init__` method and nothing "
                "else.", FutureWarning, stacklevel=2)
            cls = func
            func = lambda *args, **kwargs: cls(*args, **kwargs)  # noqa: E731
        if inspect.isgeneratorfunction(func):
            return _wrap_generator(self.clone, func)
        make_ctx = self.clone

        @functools.wraps(func)
        def decorated(*args, **kwargs):
            with make_ctx():
                return func(*args, **kwargs)
        return decorated

    def clone(self):
        return self.__class__()


class _NoParamDecoratorContextManager(_DecoratorContextManager):
    """Also usable as a bare decorator: ``@no_grad`` as well as ``@no_grad()``."""

    def __new__(cls, orig_func=None):
        if orig_func is None:
            return object.__new__(cls)  # (not super(): every `with no_grad()` comes here)
        return cls()(orig_func)


class no_grad(_NoParamDecoratorContextManager):
    """Context manager and decorator that disables gradient recording (thread-local)."""
    prev = False  # the mode to restore, set on entry

    def __enter__(self):
        self.prev = _state.grad
        _state.grad = False

    def __exit__(self, exc_type, exc_value, traceback):
        _state.grad = self.prev


class enable_grad(_NoParamDecoratorContextManager):
    """Context manager and decorator that enables gradient recording (thread-local)."""

    def __enter__(self):
        self.prev = _state.grad
        _state.grad = True

    def __exit__(self, exc_type, exc_value, traceback):
        _state.grad = self.prev


def _check_bool(mode, name):
    if not isinstance(mode, bool):
        raise TypeError(f"set_grad_enabled(): argument '{name}' (position 1) must be bool, "
                        f"not {type(mode).__name__}")


class set_grad_enabled(_DecoratorContextManager):
    """Sets grad mode on construction (so a plain call works) and restores it on exit."""

    def __init__(self, mode):
        _check_bool(mode, "enabled")
        self.prev = _state.grad
        self.mode = mode
        _state.grad = mode

    def __call__(self, func):
        # used as a decorator: the construction must not leak into the caller's mode
        _state.grad = self.prev
        return super().__call__(func)

    def __enter__(self):
        _state.grad = self.mode

    def __exit__(self, exc_type, exc_value, traceback):
        _state.grad = self.prev

    def __repr__(self):
        return f"{type(self).__module__.replace('minitorch_compat', 'torch')}." \
               f"{type(self).__qualname__}(mode={self.mode})"

    __str__ = __repr__

    def clone(self):
        return self.__class__(self.mode)


class inference_mode(_DecoratorContextManager):
    """Inference mode: grad mode off and tensors created inside marked as inference tensors;
    ``inference_mode(False)`` turns it off again (and grad mode on), as in torch."""

    def __new__(cls, mode=True):
        if isinstance(mode, bool):
            return super().__new__(cls)
        return cls()(mode)

    def __init__(self, mode=True):
        self.mode = mode

    def __enter__(self):
        self._prev = (_state.grad, _state.inference)
        _state.grad = not self.mode
        _state.inference = self.mode

    def __exit__(self, exc_type, exc_value, traceback):
        _state.grad, _state.inference = self._prev

    def clone(self):
        return self.__class__(self.mode)

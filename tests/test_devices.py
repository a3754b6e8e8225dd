"""torch.cuda, torch.accelerator, torch.backends and the amp pieces on a CPU-only machine, as
torch 2.13.0's CPU wheel behaves (messages and values recorded from it)."""
import warnings

import pytest

import minitorch_compat as torch
from minitorch_compat import accelerator, backends, cuda
from minitorch_compat import optim

NOT_COMPILED = "Torch not compiled with CUDA enabled"  # recorded from torch 2.13.0
NO_ACCEL = "Cannot access accelerator device when none is available."  # recorded


def test_cuda_queries():
    assert cuda.is_available() is False and cuda.device_count() == 0
    assert cuda.is_initialized() is False and cuda.is_bf16_supported() is False
    assert cuda.get_arch_list() == [] and cuda.get_rng_state_all() == []
    assert cuda.memory_allocated() == 0 and cuda.max_memory_allocated() == 0
    assert cuda.memory_reserved() == 0 and cuda.empty_cache() is None
    for f in (cuda.current_device, cuda.synchronize, cuda.init, cuda.initial_seed,
              cuda.get_rng_state, lambda: cuda.get_device_name(0),
              lambda: cuda.get_device_capability(), lambda: cuda.get_device_properties(0),
              cuda.current_stream, cuda.mem_get_info):
        with pytest.raises(AssertionError, match=NOT_COMPILED):
            f()
    with pytest.raises(RuntimeError, match="torch.cuda.Stream requires CUDA support"):
        cuda.Stream()
    with pytest.raises(RuntimeError, match="Tried to instantiate dummy base class Event"):
        cuda.Event()


def test_cuda_seeding_is_a_noop():
    torch.manual_seed(5)
    a = torch.rand(3)
    torch.manual_seed(5)
    assert cuda.manual_seed(1) is None and cuda.manual_seed_all(1) is None
    assert cuda.seed() is None and cuda.seed_all() is None
    assert torch.rand(3).tolist() == a.tolist()


def test_cuda_device_context():
    with cuda.device(-1):
        pass
    with pytest.raises(RuntimeError, match="PyTorch was compiled without CUDA support"):
        with cuda.device(0):
            pass


def test_accelerator():
    assert accelerator.is_available() is False
    assert accelerator.current_accelerator() is None
    assert accelerator.current_accelerator(check_available=True) is None
    assert accelerator.device_count() == 0
    for f in (accelerator.current_device_index, accelerator.synchronize,
              accelerator.memory_allocated, accelerator.empty_cache):
        with pytest.raises(RuntimeError, match=NO_ACCEL):
            f()
    with accelerator.device_index(None):
        pass


def test_backends():
    assert backends.mps.is_available() is False and backends.mps.is_built() is False
    assert backends.cudnn.is_available() is False and backends.cudnn.version() is None
    # torch 2.13.0 defaults
    assert (backends.cudnn.enabled, backends.cudnn.benchmark, backends.cudnn.deterministic,
            backends.cudnn.allow_tf32) == (True, False, False, True)
    assert backends.cuda.matmul.allow_tf32 is False
    assert backends.cuda.matmul.allow_fp16_reduced_precision_reduction is True
    assert backends.cuda.is_built() is False
    old = backends.cudnn.benchmark
    try:
        backends.cudnn.benchmark = True
        backends.cudnn.deterministic = True
        backends.cuda.matmul.allow_tf32 = True
        assert backends.cudnn.benchmark and backends.cuda.matmul.allow_tf32
    finally:
        backends.cudnn.benchmark = old
        backends.cudnn.deterministic = False
        backends.cuda.matmul.allow_tf32 = False
    with pytest.raises(AttributeError, match="Unknown attribute foo"):
        backends.cuda.matmul.foo  # noqa: B018
    with backends.cudnn.flags(enabled=False):
        assert backends.cudnn.enabled is False
    assert backends.cudnn.enabled is True


def _warns(f):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        out = f()
    return out, [(x.category.__name__, str(x.message)) for x in w]


# recorded from torch 2.13.0
_AUTOCAST_WARNS = [
    ("FutureWarning", "`torch.cuda.amp.autocast(args...)` is deprecated. Please use "
                      "`torch.amp.autocast('cuda', args...)` instead."),
    ("UserWarning", "CUDA is not available or torch_xla is imported. Disabling autocast.")]
_SCALER_WARNS = [
    ("FutureWarning", "`torch.cuda.amp.GradScaler(args...)` is deprecated. Please use "
                      "`torch.amp.GradScaler('cuda', args...)` instead."),
    ("UserWarning", "torch.cuda.amp.GradScaler is enabled, but CUDA is not available.  "
                    "Disabling.")]


def test_cuda_amp_is_disabled_with_torchs_warnings():
    ac, w = _warns(lambda: cuda.amp.autocast())
    assert w == _AUTOCAST_WARNS
    with ac:
        x = torch.ones(2, 2) @ torch.ones(2, 2)
    assert x.dtype == torch.float32

    scaler, w = _warns(lambda: cuda.amp.GradScaler())
    assert w == _SCALER_WARNS
    assert scaler.is_enabled() is False and scaler.get_scale() == 1.0
    assert scaler.state_dict() == {}
    p = torch.nn.Parameter(torch.tensor([1.0, 2.0]))
    opt = optim.SGD([p], lr=0.1)
    loss = (p * p).sum()
    assert scaler.scale(loss) is loss
    loss.backward()
    scaler.unscale_(opt)
    scaler.step(opt)
    scaler.update()
    assert p.tolist() == pytest.approx([0.8, 1.6])

    _, w = _warns(lambda: cuda._torch_amp.GradScaler("cuda"))
    assert w == _SCALER_WARNS[1:]
    _, w = _warns(lambda: cuda._torch_amp.autocast("cpu", dtype=torch.float32))
    assert w == [("UserWarning", "In CPU autocast, but the target dtype is not supported. "
                                 "Disabling autocast.\nCPU Autocast only supports dtypes of "
                                 "torch.bfloat16, torch.float16 currently.")]
    with pytest.raises(ValueError, match="Expected `device_type` of type `str`"):
        cuda._torch_amp.autocast(1)

    @cuda._torch_amp.autocast("cpu")
    def f(a):
        return a * 2

    assert f(torch.ones(1)).tolist() == [2.0]


def test_cpu_grad_scaler_matches_torch():
    amp = cuda._torch_amp
    s = amp.GradScaler("cpu")
    assert s.scale(torch.tensor(2.0)).item() == 131072.0  # recorded from torch 2.13.0
    assert s.state_dict() == {"scale": 65536.0, "growth_factor": 2.0, "backoff_factor": 0.5,
                              "growth_interval": 2000, "_growth_tracker": 0}
    p = torch.nn.Parameter(torch.tensor([1.0, 2.0]))
    opt = optim.SGD([p], lr=0.1)
    s.scale((p * p).sum()).backward()
    assert p.grad.tolist() == [131072.0, 262144.0]
    s.unscale_(opt)
    assert p.grad.tolist() == [2.0, 4.0]
    with pytest.raises(RuntimeError, match=r"unscale_\(\) has already been called on this "
                                           r"optimizer since the last update\(\)."):
        s.unscale_(opt)
    s.step(opt)
    assert p.tolist() == pytest.approx([0.8, 1.6])
    with pytest.raises(RuntimeError, match=r"step\(\) has already been called since the last "
                                           r"update\(\)."):
        s.step(opt)
    s.update()
    assert s.state_dict()["_growth_tracker"] == 1
    p.grad = torch.tensor([float("inf"), 1.0])
    before = p.tolist()
    s.step(opt)  # inf found: the step is skipped
    assert p.tolist() == before
    s.update()
    assert s.state_dict()["scale"] == 32768.0 and s.state_dict()["_growth_tracker"] == 0
    with pytest.raises(AssertionError, match="No inf checks were recorded prior to update."):
        s.update()
    # growth after growth_interval good steps (recorded: 65536, 131072, 131072; tracker 1, 0, 1)
    s2 = amp.GradScaler("cpu", growth_interval=2)
    got = []
    for _ in range(3):
        s2.scale(torch.tensor(1.0))
        p.grad = torch.tensor([1.0, 1.0])
        s2.step(opt)
        s2.update()
        got.append((s2.get_scale(), s2.state_dict()["_growth_tracker"]))
    assert got == [(65536.0, 1), (131072.0, 0), (131072.0, 1)]
    with pytest.raises(AssertionError, match="The growth factor must be > 1.0."):
        amp.GradScaler("cpu", growth_factor=1.0)
    with pytest.raises(ValueError, match="outputs must be a Tensor or an iterable of Tensors"):
        amp.GradScaler("cpu").scale(3)

"""torch.optim: SGD/Adam/AdamW steps, state dicts, errors, reprs and lr schedulers, against
values recorded from torch 2.13.0 (pasted below as literals; torch is not needed to run)."""
import copy
import warnings

import numpy as np
import pytest

import minitorch_compat as torch
from minitorch_compat import optim
from minitorch_compat.optim import lr_scheduler as L
from minitorch_compat.optim import optimizer as _o

# recorded from torch 2.13.0 (CPU): the two parameters, flattened, after 5 steps of
# _trajectory(cls, kwargs)
TRAJ = [
    ('SGD', {'lr': 0.1},
     [-0.4749999940395355, -0.17499999701976776, 0.675000011920929, -0.375,
      0.20000000298023224, -0.574999988079071],
     [-0.44999998807907104, 0.125, 0.699999988079071, -0.07500000298023224]),
    ('SGD', {'lr': 0.01, 'momentum': 0.9},
     [-0.5723912715911865, -0.050637997686862946, 0.6312779784202576, -0.40214622020721436,
      0.23222224414348602, -0.7108618021011353],
     [-0.49372202157974243, 0.09785374999046326, 0.7322221994400024, -0.21086174249649048]),
    ('SGD', {'dampening': 0.1, 'lr': 0.01, 'momentum': 0.9, 'weight_decay': 0.01},
     [-0.5717898011207581, -0.047607190907001495, 0.6319293975830078, -0.4040772020816803,
      0.23267823457717896, -0.7107968330383301],
     [-0.49169403314590454, 0.09531097859144211, 0.7320663928985596, -0.21140863001346588]),
    ('SGD', {'lr': 0.01, 'momentum': 0.9, 'nesterov': True, 'weight_decay': 0.001},
     [-0.5625516772270203, -0.06307070702314377, 0.63554447889328, -0.39936551451683044,
      0.22895973920822144, -0.6971516609191895],
     [-0.48926621675491333, 0.10055035352706909, 0.7288755774497986, -0.19723574817180634]),
    ('SGD', {'lr': 0.05, 'maximize': True, 'momentum': 0.5},
     [-0.7460936903953552, 0.13750000298023224, 0.6000000834465027, -0.3304687738418579,
      0.2867187559604645, -0.8757812976837158],
     [-0.5249999761581421, 0.16953125596046448, 0.7867186665534973, -0.37578126788139343]),
    ('Adam', {},
     [-0.6222037672996521, -0.0029684302862733603, 0.6260811686515808, -0.37663355469703674,
      0.24800606071949005, -0.7475371956825256],
     [-0.498918741941452, 0.12336642295122147, 0.7480061650276184, -0.24753712117671967]),
    ('Adam', {'betas': (0.8, 0.99), 'eps': 1e-06, 'lr': 0.01, 'weight_decay': 0.1},
     [-0.5975744724273682, -0.028524773195385933, 0.6310765743255615, -0.38777145743370056,
      0.2301800549030304, -0.7228237390518188],
     [-0.4868893027305603, 0.1100950688123703, 0.7280902862548828, -0.2250039130449295]),
    ('Adam', {'amsgrad': True, 'lr': 0.01},
     [-0.5970377326011658, -0.029682978987693787, 0.6358127593994141, -0.39133501052856445,
      0.23006083071231842, -0.7253747582435608],
     [-0.4891872704029083, 0.10866495221853256, 0.730060875415802, -0.2253747582435608]),
    ('Adam', {'betas': (0.3, 0.9), 'lr': 0.01, 'maximize': True},
     [-0.6395103335380554, 0.02423718199133873, 0.6170457005500793, -0.37030497193336487,
      0.26471012830734253, -0.7713653445243835],
     [-0.5079543590545654, 0.1296950727701187, 0.7647101283073425, -0.2713654041290283]),
    ('AdamW', {'lr': 0.01},
     [-0.5967330932617188, -0.02967657521367073, 0.6354962587356567, -0.3911430537700653,
      0.22994251549243927, -0.725002646446228],
     [-0.4889412820339203, 0.10860694944858551, 0.7296925187110901, -0.2252526432275772]),
    ('AdamW', {'amsgrad': True, 'lr': 0.01, 'weight_decay': 0.5},
     [-0.5819588303565979, -0.02929871343076229, 0.6201456189155579, -0.38179275393486023,
      0.2242049276828766, -0.7071211934089661],
     [-0.47700929641723633, 0.10583159327507019, 0.7118293642997742, -0.2194967418909073]),
]

# recorded from torch 2.13.0: get_last_lr() at construction and after each step
SCHED = {'StepLR': [0.1,
                    0.1,
                    0.1,
                    0.05,
                    0.05,
                    0.05,
                    0.025,
                    0.025,
                    0.025,
                    0.0125,
                    0.0125,
                    0.0125,
                    0.00625],
         'MultiStepLR': [0.1,
                         0.1,
                         0.010000000000000002,
                         0.010000000000000002,
                         0.010000000000000002,
                         0.00010000000000000005,
                         0.00010000000000000005,
                         0.00010000000000000005,
                         0.00010000000000000005,
                         1.0000000000000006e-05,
                         1.0000000000000006e-05,
                         1.0000000000000006e-05,
                         1.0000000000000006e-05],
         'ExponentialLR': [0.1,
                           0.09000000000000001,
                           0.08100000000000002,
                           0.07290000000000002,
                           0.06561000000000002,
                           0.05904900000000002,
                           0.05314410000000002,
                           0.04782969000000002,
                           0.043046721000000024,
                           0.03874204890000002,
                           0.03486784401000002,
                           0.03138105960900001,
                           0.028242953648100012],
         'LambdaLR': [0.1,
                      0.05,
                      0.03333333333333333,
                      0.025,
                      0.020000000000000004,
                      0.016666666666666666,
                      0.014285714285714285,
                      0.0125,
                      0.011111111111111112,
                      0.010000000000000002,
                      0.009090909090909092,
                      0.008333333333333333,
                      0.007692307692307693],
         'CosineAnnealingLR': [0.1,
                               0.0905463412215599,
                               0.06579634122155989,
                               0.035203658778440096,
                               0.010453658778440105,
                               0.001,
                               0.010453658778440102,
                               0.03520365877844012,
                               0.06579634122155993,
                               0.09054634122155995,
                               0.10000000000000005,
                               0.09054634122155998,
                               0.06579634122155995,
                               0.03520365877844014,
                               0.010453658778440116,
                               0.001,
                               0.010453658778440102],
         'LinearLR': [0.025,
                      0.043750000000000004,
                      0.06250000000000001,
                      0.08125000000000002,
                      0.10000000000000002,
                      0.10000000000000002,
                      0.10000000000000002,
                      0.10000000000000002,
                      0.10000000000000002,
                      0.10000000000000002,
                      0.10000000000000002,
                      0.10000000000000002,
                      0.10000000000000002],
         'ConstantLR': [0.03333333333333333,
                        0.03333333333333333,
                        0.03333333333333333,
                        0.03333333333333333,
                        0.03333333333333333,
                        0.1,
                        0.1,
                        0.1,
                        0.1,
                        0.1,
                        0.1,
                        0.1,
                        0.1],
         'PolynomialLR': [0.1,
                          0.06944444444444446,
                          0.04444444444444447,
                          0.02500000000000001,
                          0.011111111111111117,
                          0.0027777777777777775,
                          0.0,
                          0.0,
                          0.0,
                          0.0,
                          0.0,
                          0.0,
                          0.0]}

# recorded from torch 2.13.0: state_dict() keys (sorted, LambdaLR in order)
SCHED_KEYS = {'StepLR': ['_get_lr_called_within_step',
                         '_is_initial',
                         '_last_lr',
                         '_step_count',
                         'base_lrs',
                         'gamma',
                         'last_epoch',
                         'step_size'],
              'MultiStepLR': ['_get_lr_called_within_step',
                              '_is_initial',
                              '_last_lr',
                              '_step_count',
                              'base_lrs',
                              'gamma',
                              'last_epoch',
                              'milestones'],
              'ExponentialLR': ['_get_lr_called_within_step',
                                '_is_initial',
                                '_last_lr',
                                '_step_count',
                                'base_lrs',
                                'gamma',
                                'last_epoch'],
              'LambdaLR': ['base_lrs',
                           'last_epoch',
                           '_step_count',
                           '_is_initial',
                           '_get_lr_called_within_step',
                           '_last_lr',
                           'lr_lambdas'],
              'CosineAnnealingLR': ['T_max',
                                    '_get_lr_called_within_step',
                                    '_is_initial',
                                    '_last_lr',
                                    '_step_count',
                                    'base_lrs',
                                    'eta_min',
                                    'last_epoch'],
              'LinearLR': ['_get_lr_called_within_step',
                           '_is_initial',
                           '_last_lr',
                           '_step_count',
                           'base_lrs',
                           'end_factor',
                           'last_epoch',
                           'start_factor',
                           'total_iters'],
              'ConstantLR': ['_get_lr_called_within_step',
                             '_is_initial',
                             '_last_lr',
                             '_step_count',
                             'base_lrs',
                             'factor',
                             'last_epoch',
                             'total_iters'],
              'PolynomialLR': ['_get_lr_called_within_step',
                               '_is_initial',
                               '_last_lr',
                               '_step_count',
                               'base_lrs',
                               'last_epoch',
                               'power',
                               'total_iters']}

# recorded from torch 2.13.0: (type, message) of the constructor errors in test_constructor_errors
ERRS = [('ValueError', 'Invalid learning rate: -1'),
        ('TypeError',
         'params argument given to the optimizer should be an iterable of Tensors or dicts, but '
         'got torch.FloatTensor'),
        ('ValueError', 'optimizer got an empty parameter list'),
        ('ValueError', 'Nesterov momentum requires a momentum and zero dampening'),
        ('ValueError', 'Invalid momentum value: -0.5'),
        ('ValueError', 'Invalid beta parameter at index 0: 1.0'),
        ('ValueError', 'Invalid epsilon value: -1.0'),
        ('TypeError', 'optimizer can only optimize Tensors, but one of the params is int'),
        None,
        ('ValueError', "can't optimize a non-leaf Tensor"),
        ('ValueError', 'some parameters appear in more than one parameter group')]

# recorded from torch 2.13.0
ADAM_SD_GROUPS = [{'lr': 0.001,
                   'betas': (0.9, 0.999),
                   'eps': 1e-08,
                   'weight_decay': 0,
                   'amsgrad': True,
                   'maximize': False,
                   'foreach': None,
                   'capturable': False,
                   'differentiable': False,
                   'fused': None,
                   'decoupled_weight_decay': False,
                   'params': [0]},
                  {'lr': 0.1,
                   'betas': (0.9, 0.999),
                   'eps': 1e-08,
                   'weight_decay': 0,
                   'amsgrad': True,
                   'maximize': False,
                   'foreach': None,
                   'capturable': False,
                   'differentiable': False,
                   'fused': None,
                   'decoupled_weight_decay': False,
                   'params': [1]}]

# recorded from torch 2.13.0: (repr, dtype) of each state entry
ADAM_SD_STATE = {0: {'step': ('tensor(1.)', 'torch.float32'),
                     'exp_avg': ('tensor([0.0500, 0.0250])', 'torch.float32'),
                     'exp_avg_sq': ('tensor([2.5000e-04, 6.2500e-05])', 'torch.float32'),
                     'max_exp_avg_sq': ('tensor([2.5000e-04, 6.2500e-05])', 'torch.float32')},
                 1: {'step': ('tensor(1.)', 'torch.float32'),
                     'exp_avg': ('tensor([[0.1000]])', 'torch.float32'),
                     'exp_avg_sq': ('tensor([[0.0010]])', 'torch.float32'),
                     'max_exp_avg_sq': ('tensor([[0.0010]])', 'torch.float32')}}

# recorded from torch 2.13.0
SGD_SD0 = {'state': {},
           'param_groups': [{'lr': 0.1,
                             'momentum': 0.9,
                             'dampening': 0,
                             'weight_decay': 0,
                             'nesterov': False,
                             'maximize': False,
                             'foreach': None,
                             'differentiable': False,
                             'fused': None,
                             'params': [0]}]}

# recorded from torch 2.13.0
LOAD_ERRS = [('ValueError', 'loaded state dict has a different number of parameter groups'),
             ('ValueError', 'loaded state dict has a different number of parameter groups'),
             ('ValueError',
              "loaded state dict contains a parameter group that doesn't match the size of "
              "optimizer's group")]

# recorded from torch 2.13.0
STEPLR_SD = {'step_size': 2,
             'gamma': 0.1,
             'base_lrs': [0.1],
             'last_epoch': 0,
             '_step_count': 1,
             '_is_initial': False,
             '_get_lr_called_within_step': False,
             '_last_lr': [0.1]}

# recorded from torch 2.13.0
REPR_SGD = (
    'SGD (\n'
    'Parameter Group 0\n'
    '    dampening: 0\n'
    '    differentiable: False\n'
    '    foreach: None\n'
    '    fused: None\n'
    '    lr: 0.1\n'
    '    maximize: False\n'
    '    momentum: 0\n'
    '    nesterov: False\n'
    '    weight_decay: 0\n'
    ')')

# recorded from torch 2.13.0
REPR_ADAM = (
    'Adam (\n'
    'Parameter Group 0\n'
    '    amsgrad: False\n'
    '    betas: (0.9, 0.999)\n'
    '    capturable: False\n'
    '    decoupled_weight_decay: False\n'
    '    differentiable: False\n'
    '    eps: 1e-08\n'
    '    foreach: None\n'
    '    fused: None\n'
    '    lr: 0.001\n'
    '    maximize: False\n'
    '    weight_decay: 0\n'
    ')')

# recorded from torch 2.13.0
REPR_ADAMW = (
    'AdamW (\n'
    'Parameter Group 0\n'
    '    amsgrad: False\n'
    '    betas: (0.9, 0.999)\n'
    '    capturable: False\n'
    '    decoupled_weight_decay: True\n'
    '    differentiable: False\n'
    '    eps: 1e-08\n'
    '    foreach: None\n'
    '    fused: None\n'
    '    lr: 0.001\n'
    '    maximize: False\n'
    '    weight_decay: 0.01\n'
    '\n'
    'Parameter Group 1\n'
    '    amsgrad: False\n'
    '    betas: (0.9, 0.999)\n'
    '    capturable: False\n'
    '    decoupled_weight_decay: True\n'
    '    differentiable: False\n'
    '    eps: 1e-08\n'
    '    foreach: None\n'
    '    fused: None\n'
    '    lr: 0.5\n'
    '    maximize: False\n'
    '    weight_decay: 0.01\n'
    ')')

# recorded from torch 2.13.0
OPT_REPR_WITH_SCHED = (
    'SGD (\n'
    'Parameter Group 0\n'
    '    dampening: 0\n'
    '    differentiable: False\n'
    '    foreach: None\n'
    '    fused: None\n'
    '    initial_lr: 0.1\n'
    '    lr: 0.1\n'
    '    maximize: False\n'
    '    momentum: 0\n'
    '    nesterov: False\n'
    '    weight_decay: 0\n'
    ')')

# recorded from torch 2.13.0
WARN_STEP_ORDER = (
    'Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and '
    'later, you should call them in the opposite order: `optimizer.step()` before '
    '`lr_scheduler.step()`.  Failure to do this will result in PyTorch skipping the first '
    'value of the learning rate schedule. See more details at '
    'https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate')


def _grads(k, shape):
    # exact float32 values (no transcendental functions), the same on every platform
    n = int(np.prod(shape))
    i = np.arange(n)
    return (((i * 7 + k * 3) % 11 - 5) / 4).astype(np.float32).reshape(shape)


def _init(shape, off):
    n = int(np.prod(shape))
    i = np.arange(n)
    return (((i * 5 + off) % 13 - 6) / 8).astype(np.float32).reshape(shape)


def _trajectory(cls, kw, n=5):
    ps = [torch.nn.Parameter(torch.tensor(_init((2, 3), 1))),
          torch.nn.Parameter(torch.tensor(_init((4,), 2)))]
    opt = getattr(optim, cls)(ps, **kw)
    for k in range(n):
        for j, p in enumerate(ps):
            p.grad = torch.tensor(_grads(k + j, tuple(p.shape)))
        opt.step()
    return ps


@pytest.mark.parametrize("cls, kw, p0, p1", TRAJ, ids=[f"{c}-{k}" for c, k, _, _ in TRAJ])
def test_steps_match_torch(cls, kw, p0, p1):
    ps = _trajectory(cls, kw)
    got0 = ps[0].detach().numpy().ravel()
    got1 = ps[1].detach().numpy()
    want0, want1 = np.array(p0, np.float32), np.array(p1, np.float32)
    if cls == "SGD":  # every SGD operation is emulated bit for bit
        np.testing.assert_array_equal(got0, want0)
        np.testing.assert_array_equal(got1, want1)
    else:  # torch's float32 sqrt (MKL) may differ from NumPy's by 1 ulp
        np.testing.assert_allclose(got0, want0, rtol=1e-6, atol=1e-7)
        np.testing.assert_allclose(got1, want1, rtol=1e-6, atol=1e-7)
    assert ps[0].dtype == torch.float32 and ps[0].requires_grad and ps[0].is_leaf


def test_step_runs_without_grad_and_bumps_version(monkeypatch):
    w = torch.nn.Parameter(torch.tensor([1.0, 2.0]))
    seen = []
    real_add = _o.add

    def probe(*args):
        seen.append(torch.is_grad_enabled())
        return real_add(*args)

    monkeypatch.setattr(_o, "add", probe)
    opt = optim.SGD([w], lr=0.1)
    (w * w).sum().backward()
    v = w._version
    opt.step()
    assert seen == [False] and torch.is_grad_enabled()
    assert w._version > v and w.is_leaf and w.grad_fn is None
    assert w.tolist() == pytest.approx([0.8, 1.6])


def test_closure_runs_with_grad_and_returns_loss():
    w = torch.nn.Parameter(torch.tensor([3.0]))
    opt = optim.SGD([w], lr=0.5)

    def closure():
        opt.zero_grad()
        loss = (w * w).sum()
        assert torch.is_grad_enabled()
        loss.backward()
        return loss

    loss = opt.step(closure)
    assert loss.item() == 9.0 and w.item() == 0.0


def test_params_without_grad_are_skipped():
    a = torch.nn.Parameter(torch.tensor([1.0]))
    b = torch.nn.Parameter(torch.tensor([1.0]))
    opt = optim.Adam([a, b], lr=0.1)
    a.grad = torch.tensor([1.0])
    opt.step()
    assert b.item() == 1.0 and a.item() != 1.0
    assert list(opt.state_dict()["state"]) == [0]


def test_zero_grad():
    w = torch.nn.Parameter(torch.tensor([1.0, 2.0]))
    opt = optim.SGD([w])
    w.grad = torch.tensor([1.0, 1.0])
    opt.zero_grad(set_to_none=False)
    assert w.grad.tolist() == [0.0, 0.0]
    opt.zero_grad()
    assert w.grad is None


def test_reprs():
    w = torch.nn.Parameter(torch.tensor([1.0, 2.0]))
    assert repr(optim.SGD([w], lr=0.1)) == REPR_SGD
    assert repr(optim.Adam([w])) == REPR_ADAM
    groups = [{"params": [w]}, {"params": [torch.nn.Parameter(torch.zeros(1))], "lr": 0.5}]
    assert repr(optim.AdamW(groups)) == REPR_ADAMW


def _err(f):
    try:
        f()
    except Exception as e:  # noqa: BLE001
        return (type(e).__name__, str(e))
    return None


def test_constructor_errors():
    w = torch.nn.Parameter(torch.tensor([1.0, 2.0]))
    got = [
        _err(lambda: optim.SGD([w], lr=-1)),
        _err(lambda: optim.SGD(w, lr=0.1)),
        _err(lambda: optim.SGD([], lr=0.1)),
        _err(lambda: optim.SGD([w], lr=0.1, nesterov=True)),
        _err(lambda: optim.SGD([w], momentum=-0.5)),
        _err(lambda: optim.Adam([w], betas=(1.0, 0.9))),
        _err(lambda: optim.Adam([w], eps=-1.0)),
        _err(lambda: optim.SGD([w, 3])),
        _err(lambda: optim.SGD({w})),
        _err(lambda: optim.SGD([w * 2])),
        _err(lambda: optim.SGD([{"params": [w]}, {"params": [w]}])),
    ]
    assert got == ERRS


def test_required_default():
    w = torch.nn.Parameter(torch.tensor([1.0]))
    with pytest.raises(ValueError, match="parameter group didn't specify a value of required "
                                         "optimization parameter lr"):
        optim.Optimizer([w], {"lr": _o.required})


def test_duplicate_params_warn():
    w = torch.nn.Parameter(torch.tensor([1.0]))
    with pytest.warns(UserWarning, match="optimizer contains a parameter group with duplicate"):
        optim.SGD([w, w])


def test_state_dict_layout():
    a = torch.nn.Parameter(torch.tensor([1.0, -2.0]))
    b = torch.nn.Parameter(torch.tensor([[0.5]]))
    opt = optim.Adam([{"params": [a]}, {"params": [b], "lr": 0.1}], amsgrad=True)
    a.grad = torch.tensor([0.5, 0.25])
    b.grad = torch.tensor([[1.0]])
    opt.step()
    sd = opt.state_dict()
    assert sd["param_groups"] == ADAM_SD_GROUPS
    assert list(sd["param_groups"][0]) == list(ADAM_SD_GROUPS[0])  # "params" comes last
    state = {k: {kk: (repr(vv), repr(vv.dtype)) for kk, vv in v.items()}
             for k, v in sd["state"].items()}
    assert state == ADAM_SD_STATE
    # the state dict holds the optimizer's own tensors (torch does not copy them)
    assert sd["state"][0]["exp_avg"] is opt.state[a]["exp_avg"]

    opt2 = optim.SGD([a], lr=0.1, momentum=0.9)
    assert opt2.state_dict() == SGD_SD0
    got = [_err(lambda: opt2.load_state_dict(sd)),
           _err(lambda: optim.Adam([a, b]).load_state_dict(sd)),
           _err(lambda: optim.Adam([{"params": [a]}, {"params": [
               b, torch.nn.Parameter(torch.zeros(1))]}]).load_state_dict(sd))]
    assert got == LOAD_ERRS


def test_load_state_dict_resumes_identically():
    ref = _trajectory("Adam", {"lr": 0.01, "amsgrad": True}, n=5)
    ps = [torch.nn.Parameter(torch.tensor(_init((2, 3), 1))),
          torch.nn.Parameter(torch.tensor(_init((4,), 2)))]
    opt = optim.Adam(ps, lr=0.01, amsgrad=True)
    for k in range(2):
        for j, p in enumerate(ps):
            p.grad = torch.tensor(_grads(k + j, tuple(p.shape)))
        opt.step()
    saved = copy.deepcopy(opt.state_dict())
    opt2 = optim.Adam(ps, lr=0.5)
    opt2.load_state_dict(saved)
    assert opt2.param_groups[0]["lr"] == 0.01 and opt2.param_groups[0]["params"] == ps
    assert opt2.state[ps[0]]["step"].item() == 2.0
    for k in range(2, 5):
        for j, p in enumerate(ps):
            p.grad = torch.tensor(_grads(k + j, tuple(p.shape)))
        opt2.step()
    for p, r in zip(ps, ref):
        np.testing.assert_array_equal(p.detach().numpy(), r.detach().numpy())


def test_add_param_group_and_names():
    a = torch.nn.Parameter(torch.tensor([1.0]))
    b = torch.nn.Parameter(torch.tensor([1.0]))
    opt = optim.SGD([a], lr=0.1, momentum=0.5)
    opt.add_param_group({"params": b, "lr": 0.2})
    assert opt.param_groups[1]["params"] == [b] and opt.param_groups[1]["momentum"] == 0.5
    with pytest.raises(ValueError, match="some parameters appear in more than one"):
        opt.add_param_group({"params": [a]})
    named = optim.SGD([("w", a)], lr=0.1)
    assert named.param_groups[0]["param_names"] == ["w"]
    assert named.state_dict()["param_groups"][0]["param_names"] == ["w"]


def test_step_hooks():
    w = torch.nn.Parameter(torch.tensor([1.0]))
    opt = optim.SGD([w], lr=0.1)
    calls = []
    h1 = opt.register_step_pre_hook(lambda o, a, k: calls.append("pre"))
    opt.register_step_post_hook(lambda o, a, k: calls.append("post"))
    w.grad = torch.tensor([1.0])
    opt.step()
    h1.remove()
    opt.step()
    assert calls == ["pre", "post", "post"]


def test_optimizer_copies():
    # __getstate__/__setstate__ as torch's (pickle itself needs the torch module aliases, as for
    # every class here named torch.*)
    w = torch.nn.Parameter(torch.tensor([1.0]))
    opt = optim.SGD([w], lr=0.1, momentum=0.9)
    w.grad = torch.tensor([1.0])
    opt.step()
    opt2 = copy.deepcopy(opt)
    assert opt2.param_groups[0]["lr"] == 0.1 and len(opt2.state) == 1
    assert opt2._optimizer_step_pre_hooks == {}
    assert set(opt.__getstate__()) == {"defaults", "state", "param_groups"}


def test_float64_and_maximize():
    w = torch.nn.Parameter(torch.tensor([1.0, 2.0], dtype=torch.float64))
    opt = optim.AdamW([w], lr=0.1, maximize=True)
    w.grad = torch.tensor([1.0, -1.0], dtype=torch.float64)
    opt.step()
    assert w.dtype == torch.float64
    # first Adam step moves each weight by lr (times sign), after the decoupled decay
    assert w.tolist() == pytest.approx([1.0 * (1 - 0.1 * 0.01) + 0.1,
                                        2.0 * (1 - 0.1 * 0.01) - 0.1], rel=1e-6)
    assert opt.state[w]["step"].dtype == torch.float32


def test_fma_helper_is_exact():
    # fma32 against exact rational arithmetic on values whose product needs more than 24 bits
    from fractions import Fraction
    rng = np.random.default_rng(0)
    a = rng.standard_normal(2000).astype(np.float32)
    b = rng.standard_normal(2000).astype(np.float32)
    c = rng.standard_normal(2000).astype(np.float32)
    got = _o._fma32(a, b, c)
    for x, y, z, g in zip(a[:300], b[:300], c[:300], got[:300]):
        exact = Fraction(float(x)) * Fraction(float(y)) + Fraction(float(z))
        lo, hi = np.nextafter(g, np.float32(-np.inf)), np.nextafter(g, np.float32(np.inf))
        assert abs(exact - Fraction(float(g))) <= abs(exact - Fraction(float(lo)))
        assert abs(exact - Fraction(float(g))) <= abs(exact - Fraction(float(hi)))
    # a constructed double-rounding case: a*b + c lies just above a float32 midpoint
    a1 = np.float32(1 + 2 ** -23)
    b1 = np.float32(1 + 2 ** -23)
    c1 = np.float32(-2 ** -23)  # exact: 1 + 2**-23 + 2**-46, nearest float32: 1 + 2**-23
    assert _o._fma32(a1, b1, c1) == np.float32(1 + 2 ** -23)


# ------------------------------------------------------------------------------ schedulers
def _sched(make, n=12):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = optim.SGD([p], lr=0.1)
    s = make(opt)
    lrs = [s.get_last_lr()[0]]
    for _ in range(n):
        opt.step()
        s.step()
        lrs.append(s.get_last_lr()[0])
    return lrs, s


_MAKERS = {
    "StepLR": lambda o: L.StepLR(o, step_size=3, gamma=0.5),
    "MultiStepLR": lambda o: L.MultiStepLR(o, milestones=[2, 5, 5, 9], gamma=0.1),
    "ExponentialLR": lambda o: L.ExponentialLR(o, gamma=0.9),
    "LambdaLR": lambda o: L.LambdaLR(o, lambda e: 1 / (e + 1)),
    "CosineAnnealingLR": lambda o: L.CosineAnnealingLR(o, T_max=5, eta_min=0.001),
    "LinearLR": lambda o: L.LinearLR(o, start_factor=0.25, total_iters=4),
    "ConstantLR": lambda o: L.ConstantLR(o),
    "PolynomialLR": lambda o: L.PolynomialLR(o, total_iters=6, power=2.0),
}


@pytest.mark.parametrize("name", list(_MAKERS))
def test_scheduler_sequences(name):
    n = 16 if name == "CosineAnnealingLR" else 12
    lrs, s = _sched(_MAKERS[name], n)
    assert lrs == SCHED[name]  # the same Python float arithmetic as torch: exactly equal
    keys = list(s.state_dict())
    assert (keys if name == "LambdaLR" else sorted(keys)) == SCHED_KEYS[name]


def test_scheduler_state_dict_and_warning():
    p = torch.nn.Parameter(torch.zeros(1))
    opt = optim.SGD([p], lr=0.1)
    s = L.StepLR(opt, 2)
    assert s.state_dict() == STEPLR_SD
    assert repr(opt) == OPT_REPR_WITH_SCHED
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        s.step()
    assert [(x.category, str(x.message)) for x in w] == [(UserWarning, WARN_STEP_ORDER)]
    # no warning when optimizer.step() came first
    opt2 = optim.SGD([p], lr=0.1)
    s2 = L.StepLR(opt2, 2)
    opt2.step()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s2.step()
    s3 = L.StepLR(optim.SGD([p], lr=1.0), 2)
    s3.load_state_dict(s.state_dict())
    assert s3.last_epoch == 1 and s3.get_last_lr() == [0.1]


def test_reduce_lr_on_plateau_and_chains():
    p = torch.nn.Parameter(torch.zeros(1))
    opt = optim.SGD([p], lr=1.0)
    s = L.ReduceLROnPlateau(opt, patience=1, factor=0.5)
    for metric in (1.0, 1.0, 1.0, 0.5, 0.5, 0.5):
        s.step(metric)
    assert opt.param_groups[0]["lr"] == 0.25 and s.get_last_lr() == [0.25]

    opt = optim.SGD([p], lr=1.0)
    seq = L.SequentialLR(opt, [L.ConstantLR(opt, factor=0.5, total_iters=2),
                               L.ExponentialLR(opt, gamma=0.5)], milestones=[2])
    lrs = [opt.param_groups[0]["lr"]]
    for _ in range(4):
        opt.step()
        seq.step()
        lrs.append(opt.param_groups[0]["lr"])
    assert lrs == [0.5, 0.5, 1.0, 0.5, 0.25]
    with pytest.raises(TypeError, match="is not an Optimizer"):
        L.StepLR(object(), 1)

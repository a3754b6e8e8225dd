"""Printed-text cases: what ``print`` shows for tensors carrying autograd state, parameters,
dtypes, sizes, devices, nodes and modules, compared character for character (object addresses
normalised). The full repr matrix lives in tests/test_tensor_str.py; these cover the stdout path."""
from harness.case import case


@case("printing", api=("Tensor.__repr__",))
def print_tensors_with_autograd_state(torch, rng):
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    print(a)
    print(a * 2)
    print((a * a).sum())
    with torch.no_grad():
        print(a * 2)
    print(a.detach())
    print(torch.tensor([1, 2]), torch.tensor([True]), torch.tensor(3.5))


@case("printing")
def print_dtypes_sizes_devices(torch, rng):
    print(torch.float32, torch.int64, torch.bool, torch.float64)
    print(torch.zeros(2, 3).shape, torch.Size([4]), torch.Size([]))
    print(torch.device("cpu"), repr(torch.device("cpu")))
    print(torch.zeros(2).dtype == torch.float32)


@case("printing")
def print_grad_fn_objects(torch, rng):
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    y = (a * 2).sum()
    print(y.grad_fn)
    print(y.grad_fn.next_functions)
    print(type(y.grad_fn).__name__, y.grad_fn.name())


@case("printing")
def print_parameter(torch, rng):
    p = torch.nn.Parameter(torch.tensor([1.0, -2.0]))
    print(p)
    print(repr(p * 2))
    print(torch.nn.Parameter(torch.tensor([1.0]), requires_grad=False))


@case("printing")
def print_with_options(torch, rng):
    t = torch.tensor([1.123456789, 22.5, 3e-5])
    torch.set_printoptions(precision=2)
    print(t)
    torch.set_printoptions(sci_mode=False)
    print(t)
    torch.set_printoptions(profile="default", sci_mode=None)
    print(torch.arange(2000.0))
    print(torch.zeros(0, 3), torch.ones(2, 0))


@case("printing")
def print_values_of_every_kind(torch, rng):
    print(torch.tensor([float("nan"), float("inf"), -float("inf"), 0.0, -0.0]))
    print(torch.tensor([1e10, 1.0]), torch.tensor([1e-10, 1.0]))
    print(torch.tensor([[1.5, 2.0], [300.25, -4.0]]))
    print(torch.tensor([1, 2], dtype=torch.int32), torch.tensor([1.0], dtype=torch.float64))
    print(torch.tensor([0.5], dtype=torch.float16), torch.tensor([1 + 2j]))


@case("printing")
def print_return_types(torch, rng):
    t = torch.tensor([[1.0, 5.0], [3.0, 2.0]])
    print(t.max(1))
    print(torch.min(t, dim=0))
    v, i = t.max(0)
    print(v, i)


@case("printing")
def print_modules(torch, rng):
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.ReLU(), torch.nn.Linear(2, 1))
    print(net)
    print(torch.nn.MSELoss(), torch.nn.CrossEntropyLoss())

"""`python -m minitorch_compat SCRIPT.py` and install_as_torch(): `import torch` resolves to the
shim (the same module objects), argv and __main__ as `python SCRIPT.py` gives them, and a
failing or missing script behaves as under plain python."""
import os
import subprocess
import sys
import textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(tmp_path, code, *args, runner=True):
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(code))
    env = dict(os.environ, PYTHONPATH=ROOT)
    cmd = [sys.executable] + (["-m", "minitorch_compat"] if runner else []) + [str(script), *args]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path, env=env)


def test_imports_resolve_to_the_shim(tmp_path):
    r = run(tmp_path, """
        import sys
        import torch
        from torch import nn
        import torch.nn.functional as F
        import torch.autograd
        import minitorch_compat
        assert torch is minitorch_compat
        assert nn is minitorch_compat.nn and F is minitorch_compat.nn.functional
        assert torch.autograd is minitorch_compat.autograd
        print(__name__, sys.argv[1:], torch.ones(2) * 2)
    """, "a", "--b")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "__main__ ['a', '--b'] tensor([2., 2.])\n"


def test_argv0_and_file_are_the_script(tmp_path):
    r = run(tmp_path, """
        import sys, os
        print(os.path.basename(sys.argv[0]), os.path.basename(__file__))
        print(sys.path[0] == os.path.dirname(os.path.abspath(__file__)))
    """)
    assert r.stdout.split() == ["script.py", "script.py", "True"], r.stderr


def test_exception_exit_status_and_traceback(tmp_path):
    code = """
        import torch
        def f():
            raise ValueError("boom")
        f()
    """
    shim = run(tmp_path, code)
    plain = run(tmp_path, code.replace("import torch", "import minitorch_compat as torch"),
                runner=False)
    assert shim.returncode == plain.returncode == 1
    assert shim.stderr == plain.stderr  # the user's frames only, as plain python prints them
    assert "minitorch_compat/__main__.py" not in shim.stderr


def test_torch_error_from_user_code(tmp_path):
    r = run(tmp_path, """
        import torch
        x = torch.tensor([1.0], requires_grad=True)
        with torch.no_grad():
            y = x * 2
        y.backward()
    """)
    assert r.returncode == 1
    assert r.stderr.strip().endswith("RuntimeError: element 0 of tensors does not require grad "
                                     "and does not have a grad_fn")


def test_sys_exit_code_passes_through(tmp_path):
    r = run(tmp_path, "import sys\nsys.exit(3)\n")
    assert r.returncode == 3


def test_missing_script(tmp_path):
    env = dict(os.environ, PYTHONPATH=ROOT)
    r = subprocess.run([sys.executable, "-m", "minitorch_compat", "nope.py"], capture_output=True,
                       text=True, cwd=tmp_path, env=env)
    p = subprocess.run([sys.executable, "nope.py"], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == p.returncode == 2
    assert r.stderr == p.stderr


def test_install_as_torch_in_process():
    code = ("import minitorch_compat; minitorch_compat.install_as_torch(); import torch, "
            "torch.nn.functional as F; print(torch is minitorch_compat, F.relu(torch.tensor([-1.,"
            " 2.])))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       env=dict(os.environ, PYTHONPATH=ROOT))
    assert r.stdout == "True tensor([0., 2.])\n", r.stderr


def test_import_does_not_import_torch():
    code = "import sys, minitorch_compat; print('torch' in sys.modules)"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       env=dict(os.environ, PYTHONPATH=ROOT))
    assert r.stdout == "False\n", r.stderr

"""``python -m minitorch_compat SCRIPT.py [args]``: run a script as ``python SCRIPT.py`` would,
with ``import torch`` resolving to minitorch_compat."""
import os
import runpy
import sys


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help"):
        print("usage: python -m minitorch_compat SCRIPT.py [args ...]\n\n"
              "Runs SCRIPT.py with `import torch` resolving to minitorch_compat.",
              file=sys.stderr if not argv else sys.stdout)
        return 2 if not argv else 0
    script = argv[0]
    if not os.path.exists(script):
        # the message and status `python SCRIPT.py` gives
        print(f"{sys.executable}: can't open file {os.path.abspath(script)!r}: [Errno 2] No such "
              "file or directory", file=sys.stderr)
        return 2
    from minitorch_compat import install_as_torch
    install_as_torch()
    sys.argv = list(argv)
    sys.path[0] = os.path.dirname(os.path.abspath(script))
    path = os.path.abspath(script)
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit:
        raise
    except BaseException as exc:  # noqa: B036 - report as the interpreter would, then exit 1
        # show the traceback from the user's code on, as `python SCRIPT.py` does
        tb = exc.__traceback__
        while tb is not None and os.path.abspath(tb.tb_frame.f_code.co_filename) != path:
            tb = tb.tb_next
        tb = tb or exc.__traceback__
        sys.excepthook(type(exc), exc.with_traceback(tb), tb)
        return 130 if isinstance(exc, KeyboardInterrupt) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

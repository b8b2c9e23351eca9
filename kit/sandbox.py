"""Run a Jupyter kernel for untrusted (student) code in a Linux sandbox, without containers or root.

The kernel is started through util-linux `unshare` in new user, mount, network and PID namespaces
(`unshare --user --map-root-user --mount --net --pid --fork --mount-proc --kill-child`). Inside, before the kernel
starts, a small wrapper (`_WRAPPER`, run by the same Python) changes only what that kernel sees:

- every path in `hide` is covered by an empty in-memory folder of up to 1 GB, freed when the kernel ends (a file
  by an empty file): the grader's home, the temporary folder, the project checkout, the submissions, the
  autograder files, the output folder;
- every path in `keep` (Python, the virtual environment, the `kit` package, the bundled articles) is mounted back
  **read-only**, so student code can import them but not change the packages that grade the next student;
- the work folder (the notebook, its articles; deleted after grading) is mounted back read-write: apart from the
  in-memory folders, it is the only place the notebook can write to;
- there is no network (a new network namespace has no interfaces up), so the kernel talks to the grader through
  Unix sockets in the work folder;
- the kernel is process 1 of its own PID namespace: when it ends, every process it started ends too, even ones
  started with `setsid`, and `/proc` shows only its own processes.

Nothing outside the namespaces changes. Linux only: `available()` says why the sandbox cannot be used elsewhere
(no `unshare`, unprivileged user namespaces disabled, as on Ubuntu 24.04 with its default AppArmor setting), and
callers decide whether to refuse or run without it.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

from jupyter_client import AsyncKernelManager
from traitlets import List, Unicode
from traitlets.config import Config

UNSHARE = ["--user", "--map-root-user", "--mount", "--net", "--pid", "--fork", "--mount-proc", "--kill-child"]
"""Arguments for `unshare`: the namespaces the kernel gets, and that it dies (with its children) with the grader."""

_ENV_KEPT = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "KIT_DATA", "PYTHONHASHSEED")
"""Environment variables the sandboxed kernel inherits; everything else (tokens, credentials) is dropped."""

# Runs inside the new namespaces as their root (mapped to the grader's own user), then becomes the kernel.
# argv: n_keep, keep..., n_hide, hide..., n_writable, writable..., "--", kernel command...
_WRAPPER = r"""
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT, MS_BIND, MS_REC = 1, 2, 4, 32, 4096, 16384
KEPT_FLAGS = 2 | 4 | 8 | 1024 | 2048  # nosuid, nodev, noexec, noatime, nodiratime: a read-only remount must keep them

def mount(source, target, fstype, flags, data):
    if libc.mount(source.encode(), target.encode(), fstype.encode() if fstype else None, flags,
                  data.encode() if data else None) != 0:
        errno = ctypes.get_errno()
        raise SystemExit(f"kit sandbox: cannot mount {target}: {os.strerror(errno)}")

def take(args):
    count = int(args.pop(0))
    taken = [args.pop(0) for _ in range(count)]
    return taken

args = sys.argv[1:]
keep, hide, writable = take(args), take(args), take(args)
assert args.pop(0) == "--"
# Hold every kept folder open first: once a folder above it is covered, the descriptor still reaches it.
handles = {path: os.open(path, os.O_PATH | os.O_DIRECTORY) for path in keep + writable if os.path.isdir(path)}
for path in sorted(hide, key=len):
    if os.path.isdir(path) and not os.path.islink(path):
        mode = "1777" if path == "/tmp" else "0755"
        mount("kit-hidden", path, "tmpfs", MS_NOSUID | MS_NODEV, f"size=1g,mode={mode}")
    elif os.path.isfile(path):
        mount("/dev/null", path, None, MS_BIND, None)
for path, handle in sorted(handles.items(), key=lambda item: len(item[0])):
    os.makedirs(path, exist_ok=True)
    mount(f"/proc/self/fd/{handle}", path, None, MS_BIND | MS_REC, None)
    if path not in writable:
        flags = MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | (os.statvfs(path).f_flag & KEPT_FLAGS)
        mount("none", path, None, flags, None)
    os.close(handle)
os.execvp(args[0], args)
"""


@functools.cache
def available() -> str | None:
    """Return None when the sandbox works on this machine, else the reason it does not (a sentence)."""
    if not sys.platform.startswith("linux"):
        return f"the sandbox needs Linux namespaces; this is {sys.platform}"
    unshare = shutil.which("unshare")
    if unshare is None:
        return "the `unshare` command (util-linux) is not installed"
    probe = wrap([sys.executable, "-c", "print('ok')"], keep=[sys.prefix], hide=[], writable=[])
    try:
        result = subprocess.run(probe, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as error:
        return f"`unshare` could not run: {error}"
    if result.returncode != 0 or result.stdout.strip() != "ok":
        detail = (result.stderr.strip().splitlines() or ["no message"])[-1]
        return f"unprivileged user namespaces are not allowed here ({detail})"
    return None


def wrap(command: list[str], keep: list[str], hide: list[str], writable: list[str]) -> list[str]:
    """Return `command` prefixed so that it runs in the sandbox with the given view of the file system.

    Parameters
    ----------
    command : list of str
        The program and its arguments (e.g. a kernel command).
    keep : list of str
        Folders the program needs, mounted back read-only even when a hidden folder contains them.
    hide : list of str
        Folders (covered by an empty folder) and files (by an empty file) the program must not read.
    writable : list of str
        Folders mounted back read-write (the program's work folder).
    """
    paths = [keep, hide, writable]
    counted = [item for group in paths for item in (str(len(group)), *map(str, group))]
    return ["unshare", *UNSHARE, sys.executable, "-I", "-c", _WRAPPER, *counted, "--", *command]


def kernel_environment(home: str) -> dict[str, str]:
    """Return the environment for a student's kernel: a few harmless variables and `HOME`, nothing else."""
    env = {name: os.environ[name] for name in _ENV_KEPT if name in os.environ}
    env["HOME"] = home
    return env


class SandboxedKernelManager(AsyncKernelManager):
    """An async kernel manager whose kernel runs inside `wrap(...)` (the kind `nbclient` drives); see `config`."""

    keep = List(Unicode(), help="folders mounted back read-only").tag(config=True)
    hide = List(Unicode(), help="folders and files covered").tag(config=True)
    writable = List(Unicode(), help="folders mounted back read-write").tag(config=True)

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        """Return the kernel command of the kernel spec, run inside the sandbox."""
        return wrap(super().format_kernel_cmd(extra_arguments), self.keep, self.hide, self.writable)


def config(work: str | os.PathLike, *secret: str | os.PathLike) -> Config:
    """Return the configuration of a `SandboxedKernelManager` working in `work` and hiding `secret`.

    The kernel talks to the grader through Unix sockets in `work` (it has no network, not even a loopback shared
    with the grader); `work` is its only writable folder; `default_view(*secret)` gives what it sees.

    Examples
    --------
    >>> settings = config("/tmp/kit-grade-1", "/srv/submissions")["SandboxedKernelManager"]
    >>> settings["transport"], settings["writable"], "/srv/submissions" in settings["hide"]
    ('ipc', ['/tmp/kit-grade-1'], False)

    (`/srv/submissions` does not exist here, so there is nothing to hide.) Pass it to `nbclient` as
    `NotebookClient(notebook, kernel_manager_class=SandboxedKernelManager, config=config(work, submissions))`.
    """
    keep, hide = default_view(*secret)
    work = str(Path(work))
    settings = {
        "transport": "ipc",
        "ip": str(Path(work) / "kernel"),
        "connection_file": str(Path(work) / "kernel.json"),
        "keep": keep,
        "hide": hide,
        "writable": [work],
    }
    return Config({"SandboxedKernelManager": settings})


def default_view(*secret: str | os.PathLike) -> tuple[list[str], list[str]]:
    """Return `(keep, hide)` for a student's kernel: what it needs to import `kit`, and what it must not see.

    Hidden: the user's home, the temporary folders, the project checkout `kit` runs from (exercise masters, built
    autograder files, git history), the current folder, and every path in `secret`. Kept (read-only): Python, the
    virtual environment, the `kit` package and the bundled articles.
    """
    from kit.load import bundled_dir

    package = Path(__file__).resolve().parent
    keep = {sys.base_prefix, sys.prefix, str(package), str(bundled_dir().resolve())}
    checkout = package.parent if (package.parent / "pyproject.toml").is_file() else None
    hide = {str(Path.home()), "/tmp", "/var/tmp", "/dev/shm", os.getcwd()}
    hide |= {str(Path(path).resolve()) for path in secret}
    if checkout is not None:
        hide.add(str(checkout))
    hide = {path for path in hide if Path(path).exists() and path != "/"}
    keep = {path for path in keep if Path(path).is_dir()}
    return sorted(keep), sorted(hide)

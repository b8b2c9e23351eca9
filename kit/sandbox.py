"""Run a Jupyter kernel for untrusted (student) code in a Linux sandbox, without containers or root.

The kernel is started through util-linux `unshare` in new user, mount, network and PID namespaces
(`unshare --user --map-root-user --mount --net --pid --fork --mount-proc --kill-child`). Inside, before the kernel
starts, a small wrapper (`_WRAPPER`, run by the same Python) builds the only file system the kernel will see, from
an allow-list, and switches to it (`pivot_root`):

- the system folders programs need (`/usr`, `/bin`, `/lib*`, `/sbin`, a few files of `/etc`), Python, the
  virtual environment, the `kit` package and the bundled articles (`keep`), all **read-only**, so student code
  can import them but not change the packages that grade the next student;
- the work folder (the notebook, its articles; deleted after grading), the only folder mounted read-write;
- an empty home and `/tmp` in memory (up to 1 GB, freed when the kernel ends), `/dev` and the namespace's `/proc`.

Nothing else exists in there: not the grader's home, other users' files, the submissions, the autograder files,
the project checkout, `/run` with its sockets (D-Bus, ssh-agent, Docker), `/srv` or `/mnt`. A path in `hide` that
lies inside a kept folder (submissions inside the bundled data, say) is covered again by an empty folder. Then the
wrapper enters one more user and mount namespace, which **locks** every mount: the kernel, root in its namespace,
cannot unmount or remount any of them to look underneath. There is no network (a new network namespace has no
interfaces up), so the kernel talks to the grader through Unix sockets in the work folder, and the kernel is
process 1 of its own PID namespace: when it ends, every process it started ends too, even ones started with
`setsid`.

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

_ENV_KEPT = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "KIT_DATA", "PYTHONHASHSEED", "VIRTUAL_ENV")
"""Environment variables the sandboxed kernel inherits; everything else (tokens, credentials) is dropped."""

SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
"""System folders mounted read-only into the sandbox (or re-created as the links they are on merged-/usr systems)."""
SYSTEM_FILES = (
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/localtime",
    "/etc/timezone",
    "/etc/passwd",
    "/etc/group",
    "/etc/nsswitch.conf",
    "/etc/hosts",
    "/etc/mime.types",
    "/etc/alternatives",
    "/etc/fonts",
)
"""The files of /etc a Python kernel reads (shared libraries, time zone, user names); the rest of /etc is absent."""

# Runs inside the new namespaces as their root (mapped to the grader's own user), then becomes the kernel.
# argv: home, n_keep, keep..., n_hide, hide..., n_writable, writable..., "--", kernel command...
_WRAPPER = r"""
import ctypes, os, sys, tempfile
libc = ctypes.CDLL(None, use_errno=True)
libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT, MS_BIND, MS_REC = 1, 2, 4, 32, 4096, 16384
KEPT_FLAGS = 2 | 4 | 8 | 1024 | 2048  # nosuid, nodev, noexec, noatime, nodiratime: a read-only remount must keep them
CLONE_NEWNS, CLONE_NEWUSER, MNT_DETACH = 0x00020000, 0x10000000, 2

def fail(what):
    raise SystemExit(f"kit sandbox: {what}: {os.strerror(ctypes.get_errno())}")

def mount(source, target, fstype=None, flags=0, data=None):
    if libc.mount(source.encode(), target.encode(), fstype.encode() if fstype else None, flags,
                  data.encode() if data else None) != 0:
        fail(f"cannot mount {target}")

def take(args):
    count = int(args.pop(0))
    return [args.pop(0) for _ in range(count)]

def bind(source, target, writable=False):
    if os.path.isdir(source):
        os.makedirs(target, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        open(target, "a").close()
    mount(source, target, None, MS_BIND | MS_REC)
    if not writable:
        flags = MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | (os.statvfs(source).f_flag & KEPT_FLAGS)
        mount("none", target, None, flags)

def empty(target, mode="0755"):
    os.makedirs(target, exist_ok=True)
    mount("kit-empty", target, "tmpfs", MS_NOSUID | MS_NODEV, f"size=1g,mode={mode}")

args = sys.argv[1:]
home = args.pop(0)
system, keep, hide, writable = take(args), take(args), take(args), take(args)
assert args.pop(0) == "--"
cwd = os.getcwd()
root = tempfile.mkdtemp(prefix="kit-root-")
mount("kit-root", root, "tmpfs", MS_NOSUID | MS_NODEV, "size=16m,mode=0755")
for path in system:
    if os.path.islink(path):  # merged /usr: /bin -> usr/bin
        os.symlink(os.readlink(path), root + path)
    elif os.path.exists(path):
        bind(path, root + path)
empty(root + "/tmp", "1777")  # before the kept folders, which may lie inside the home or /tmp
empty(root + home, "0700")
for path in sorted(keep, key=len):
    bind(path, root + path)
for path in sorted(writable, key=len):
    bind(path, root + path, writable=True)
inside = lambda path, folder: path == folder or path.startswith(folder.rstrip("/") + "/")
for path in sorted(hide, key=len):  # a secret inside a kept folder is covered again (its parents are not)
    if not any(inside(path, folder) for folder in keep + writable):
        continue
    if os.path.isdir(root + path):
        empty(root + path)
    elif os.path.isfile(root + path):
        mount("/dev/null", root + path, None, MS_BIND)
bind("/dev", root + "/dev", writable=True)
empty(root + "/dev/shm", "1777")
os.makedirs(root + "/proc", exist_ok=True)
mount("proc", root + "/proc", "proc", MS_NOSUID | MS_NODEV)
os.makedirs(root + "/.old", exist_ok=True)
# pivot_root has no libc wrapper: its system call number by machine (an unknown one fails, and is reported)
PIVOT_ROOT = {"x86_64": 155, "aarch64": 41, "riscv64": 41, "armv7l": 218, "armv6l": 218, "i686": 217,
              "i386": 217, "ppc64le": 203, "ppc64": 203, "s390x": 217}.get(os.uname().machine, -1)
if libc.syscall(PIVOT_ROOT, root.encode(), (root + "/.old").encode()) != 0:
    fail("cannot switch to the sandbox's root")
os.chdir("/")
if libc.umount2(b"/.old", MNT_DETACH) != 0:
    fail("cannot drop the old root")
os.rmdir("/.old")
mount("none", "/", None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
# one more user and mount namespace: every mount above is now locked (cannot be unmounted or made writable)
if libc.unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0:
    fail("cannot lock the mounts")
for name, text in (("setgroups", "deny"), ("uid_map", "0 0 1"), ("gid_map", "0 0 1")):
    with open(f"/proc/self/{name}", "w") as file:
        file.write(text)
os.chdir(cwd if os.path.isdir(cwd) else home)
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
    keep, hide = default_view()  # the view grading uses, so the probe fails where grading would
    probe = wrap([sys.executable, "-c", "import kit; print('ok')"], keep=keep, hide=hide, writable=[])
    try:
        result = subprocess.run(probe, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as error:
        return f"`unshare` could not run: {error}"
    if result.returncode != 0 or result.stdout.strip() != "ok":
        detail = (result.stderr.strip().splitlines() or ["no message"])[-1]
        return f"unprivileged user namespaces are not allowed here ({detail})"
    return None


def wrap(
    command: list[str], keep: list[str], hide: list[str], writable: list[str], home: str | None = None
) -> list[str]:
    """Return `command` prefixed so that it runs in the sandbox with the given view of the file system.

    Parameters
    ----------
    command : list of str
        The program and its arguments (e.g. a kernel command).
    keep : list of str
        Folders the program needs besides the system ones (`SYSTEM`, `SYSTEM_FILES`), mounted read-only.
    hide : list of str
        Folders and files the program must not read: absent anyway unless inside a kept folder, where they are
        covered by an empty folder (a file by an empty file).
    writable : list of str
        Folders mounted read-write (the program's work folder, which must be the current folder or hold it).
    home : str, optional
        Where an empty, writable home folder appears (default: the user's home path).
    """
    system = [*SYSTEM, *SYSTEM_FILES]
    groups = [system, keep, hide, writable]
    counted = [item for group in groups for item in (str(len(group)), *map(str, group))]
    home = home or str(Path.home())
    return ["unshare", *UNSHARE, sys.executable, "-I", "-c", _WRAPPER, home, *counted, "--", *command]


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

    Kept (read-only): Python, the virtual environment, the `kit` package and the bundled articles, under their
    own paths and their resolved ones. Hidden: every path in `secret` and the project checkout `kit` runs from,
    which are absent from the sandbox anyway unless they lie inside a kept folder.
    """
    from kit.load import bundled_dir

    package = Path(__file__).resolve().parent
    interpreter = Path(sys.executable).resolve().parent
    wanted = [sys.base_prefix, sys.prefix, str(interpreter), str(package), str(bundled_dir())]
    keep = {str(path) for name in wanted for path in (Path(name).absolute(), Path(name).resolve()) if path.is_dir()}
    checkout = package.parent if (package.parent / "pyproject.toml").is_file() else None
    hide = {str(Path(path).resolve()) for path in (*secret, *([checkout] if checkout else []))}
    hide = {path for path in hide if Path(path).exists() and path != "/"}
    return sorted(keep), sorted(hide)

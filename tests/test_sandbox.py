"""The grading sandbox: an allow-listed, read-only, locked file system, no network, and nothing left running."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import fail_or_skip

from kit import sandbox

ROOT = Path(__file__).resolve().parent.parent

_PROBE = r"""
import ctypes, json, os, socket, subprocess
libc = ctypes.CDLL(None, use_errno=True)
def can(action):
    try:
        return action() not in (False, -1)
    except OSError:
        return False
venv = os.environ["PROBE_VENV"]
report = {
    "root": sorted(os.listdir("/")),
    "home": os.listdir(os.path.expanduser("~")) if os.path.isdir(os.path.expanduser("~")) else None,
    "secret": can(lambda: open(os.environ["PROBE_SECRET"]).read()),
    "checkout_git": os.path.exists(os.environ["PROBE_CHECKOUT"] + "/.git"),
    "kit": os.path.isfile(os.environ["PROBE_CHECKOUT"] + "/kit/__init__.py"),
    "write_venv": can(lambda: open(venv + "/kit-probe", "w")),
    "write_work": can(lambda: open("written-here", "w")),
    "unmount": libc.umount2(venv.encode(), 2) == 0,
    "remount": libc.mount(None, venv.encode(), None, 32 | 4096, None) == 0,
    "network": can(lambda: socket.create_connection(("127.0.0.1", 9), timeout=1)),
    "run": os.path.exists("/run/user") or os.path.exists("/var/run/docker.sock"),
}
subprocess.Popen(["sleep", "299.8642"], start_new_session=True)  # a duration nothing else on the machine uses
print(json.dumps(report))
"""


@pytest.fixture(scope="module")
def probed(tmp_path_factory):
    reason = sandbox.available()
    if reason:
        fail_or_skip("KIT_REQUIRE_SANDBOX", f"the grading sandbox is not available here: {reason}")
    work = tmp_path_factory.mktemp("work")
    secret = tmp_path_factory.mktemp("submissions") / "alice.ipynb"
    secret.write_text("{}")
    keep, hide = sandbox.default_view(secret.parent)
    env = {**sandbox.kernel_environment(str(Path.home())), "PROBE_SECRET": str(secret), "PROBE_VENV": sys.prefix}
    env["PROBE_CHECKOUT"] = str(ROOT)
    command = sandbox.wrap([sys.executable, "-c", _PROBE], keep, hide, [str(work)])
    done = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout), work


def test_only_the_allow_list_exists(probed):
    report, _ = probed
    assert set(report["root"]) <= {"bin", "sbin", "lib", "lib32", "lib64", "libx32", "usr", "etc", "dev", "proc"} | {
        part for path in (sys.prefix, sys.base_prefix, str(ROOT)) for part in Path(path).parts[1:2]
    } | {"tmp", Path.home().parts[1]}
    assert report["home"] == [] or all(name.startswith(".") for name in report["home"] or [])
    assert not report["secret"] and not report["checkout_git"] and not report["run"]
    assert report["kit"], "the kit package stays importable"


def test_packages_are_read_only_and_mounts_locked(probed):
    report, work = probed
    assert not report["write_venv"] and not report["unmount"] and not report["remount"]
    assert report["write_work"] and (work / "written-here").exists()
    assert not (Path(sys.prefix) / "kit-probe").exists()


def test_no_network_and_nothing_outlives_the_sandbox(probed):
    report, _ = probed
    assert not report["network"]
    # the whole command line, exactly: a `sleep 300` of someone else's on this machine once failed this test
    leftover = subprocess.run(["pgrep", "-fx", "sleep 299.8642"], capture_output=True, text=True)
    assert leftover.stdout.strip() == "", "a process started inside outlived the sandbox"

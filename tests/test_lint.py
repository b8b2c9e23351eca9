"""ruff over the package, the tests and the notebooks: a lint failure fails the suite, as in CI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_is_clean():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, "ruff is installed by `make setup` (the dev extra)"
    result = subprocess.run(
        [ruff, "check", "kit", "tests", "notebooks", "exercises"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr

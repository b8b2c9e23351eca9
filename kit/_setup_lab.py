"""Quiet JupyterLab's first-run notices and keep every cell rendered, for a classroom projector; run once by
`make setup`.

Lab asks "get notified about Jupyter news?" in a toast that covers the bottom-right corner of the
notebook and tries to reach the network. The override lives in the virtual environment, so it never
touches the user's own Jupyter settings.
"""

import json
import sys
from pathlib import Path

_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    # Lab 4 skips rendering cells outside the viewport by default; plotly then fails to resize the charts there
    # ("Resize must be passed a displayed plot div element") and widgets can draw late. Lessons are short, so
    # every cell is kept rendered.
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
}


def main() -> Path:
    """Write Lab's settings overrides into this environment and return the file written."""
    path = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    current = json.loads(path.read_text()) if path.exists() else {}
    current.update(_OVERRIDES)
    path.write_text(json.dumps(current, indent=2) + "\n")
    return path


if __name__ == "__main__":
    main()

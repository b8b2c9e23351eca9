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


def test_the_package_names_no_person_or_outlet_of_the_bundled_articles():
    """General, not tuned: no person the bundled articles quote, and no outlet of the catalog, appears in kit/*.py
    (lexicons are data files with their own rationale, and are not searched)."""
    import re

    import pandas as pd

    import kit

    corpus = kit.load_corpus()
    quotes = kit.quotes(corpus)
    people = quotes.loc[quotes.speaker_type == "named person", "speaker"].dropna()
    countries = set(kit.lexicons.load("demonyms").iloc[:, 1])  # 'Russia said': a country is not a tuned name
    surnames = {name.split()[-1] for name in people if len(name.split()[-1]) > 3} - countries
    outlets = set(pd.read_csv(ROOT / "data" / "catalog.csv").outlet.dropna())
    assert len(surnames) >= 5 and len(outlets) >= 3, "the check needs names to look for"
    found = []
    for path in sorted((ROOT / "kit").rglob("*.py")):
        code = path.read_text(encoding="utf-8")
        for name in surnames | outlets:
            if re.search(rf"\b{re.escape(name)}\b", code):
                found.append(f"{path.relative_to(ROOT)}: {name}")
    assert not found, found

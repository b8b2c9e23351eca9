"""The bundled data is intact: hashes match the catalog, line endings are protected, the card exists."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def test_catalog_hashes_match_the_files():
    catalog = pd.read_csv(DATA / "catalog.csv", dtype=str, keep_default_na=False)
    files = sorted(p.name for p in (DATA / "articles").iterdir())
    assert sorted(catalog.file) == files
    for row in catalog.itertuples(index=False):
        assert hashlib.sha256((DATA / "articles" / row.file).read_bytes()).hexdigest() == row.sha256, row.file


def test_catalog_never_guesses_dates_or_authors():
    catalog = pd.read_csv(DATA / "catalog.csv", dtype=str, keep_default_na=False)
    assert (catalog.date == "").all() and (catalog.author == "").all()
    assert set(catalog.outlet_type) <= {
        "personal blog",
        "partisan news site",
        "independent regional site running wire copy",
        "alternative-media aggregator",
    }


def test_line_endings_are_protected():
    assert "data/articles/** -text" in (ROOT / ".gitattributes").read_text()
    for path in (DATA / "articles").iterdir():
        assert b"\r\n" not in path.read_bytes()


def test_data_card_has_its_sections():
    card = (DATA / "README.md").read_text()
    for heading in ("What", "Why here", "Where from", "Licence", "How selected", "Known quirks", "Not for", "Columns"):
        assert f"## {heading}" in card, heading

"""kit: an offline, explainable toolkit for teaching and doing news-media analysis.

>>> import kit
>>> corpus = kit.load_corpus()
>>> corpus.articles.loc[0, "article_id"]
'000_88799ff349ff80df'
"""

from kit.export import export, load_report
from kit.highlight import PALETTE, highlight_missing, legend_html, segments_html
from kit.load import Corpus, load_corpus
from kit.plots import page_composition, page_composition_table
from kit.segment import segment
from kit.widgets import anatomy_explorer

__all__ = [
    "PALETTE",
    "Corpus",
    "anatomy_explorer",
    "export",
    "highlight_missing",
    "legend_html",
    "load_corpus",
    "load_report",
    "page_composition",
    "page_composition_table",
    "segment",
    "segments_html",
]
__version__ = "0.1.0"

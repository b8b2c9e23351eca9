"""kit: an offline, explainable toolkit for teaching and doing news-media analysis.

>>> import kit
>>> corpus = kit.load_corpus()
>>> corpus.articles.loc[0, "article_id"]
'000_88799ff349ff80df'
"""

from kit.annotate import (
    agreement,
    agreement_heatmap,
    annotations_html,
    annotator,
    cohen_kappa,
    compare_with_kit,
    disagreement_explorer,
    disagreements,
    kit_annotations,
    kit_score_bars,
    load_annotations,
    pairwise_agreement,
    save_annotations,
)
from kit.comments import comment_summary, comments, incivility
from kit.compare import distinctive_words, events, include_omit, outlet_profiles, reuse, reuse_pairs
from kit.export import data_dictionary, export, export_stream, load_report, to_duckdb
from kit.frames import frame_cues, frame_profile, frames
from kit.highlight import PALETTE, highlight_missing, legend_html, quotes_html, segments_html, thread_html
from kit.language import loaded_terms, readability
from kit.load import Corpus, corpus_from_texts, iter_corpus, load_corpus
from kit.naming import naming, naming_table
from kit.pipeline import tag
from kit.plots import (
    distinctive_scatter,
    frame_heatmap,
    loaded_rates,
    page_composition,
    page_composition_table,
    readability_bars,
    target_counts,
    thread_drift,
    voice_share,
)
from kit.quotes import quote_variants, quotes, sources, voice_shares
from kit.segment import segment
from kit.widgets import (
    anatomy_explorer,
    comment_thread,
    loaded_explorer,
    quote_explorer,
    scare_quote_quiz,
    side_by_side,
    vocabulary_explorer,
)

__all__ = [
    "agreement",
    "agreement_heatmap",
    "annotations_html",
    "annotator",
    "cohen_kappa",
    "compare_with_kit",
    "disagreement_explorer",
    "disagreements",
    "kit_annotations",
    "kit_score_bars",
    "load_annotations",
    "pairwise_agreement",
    "save_annotations",
    "distinctive_scatter",
    "distinctive_words",
    "events",
    "include_omit",
    "outlet_profiles",
    "reuse",
    "reuse_pairs",
    "side_by_side",
    "vocabulary_explorer",
    "PALETTE",
    "Corpus",
    "anatomy_explorer",
    "comment_summary",
    "comment_thread",
    "comments",
    "corpus_from_texts",
    "data_dictionary",
    "export",
    "export_stream",
    "iter_corpus",
    "tag",
    "to_duckdb",
    "frame_cues",
    "frame_heatmap",
    "frame_profile",
    "frames",
    "highlight_missing",
    "incivility",
    "legend_html",
    "load_corpus",
    "load_report",
    "loaded_explorer",
    "loaded_rates",
    "loaded_terms",
    "naming",
    "naming_table",
    "page_composition",
    "page_composition_table",
    "quote_explorer",
    "quote_variants",
    "quotes",
    "quotes_html",
    "readability",
    "readability_bars",
    "scare_quote_quiz",
    "segment",
    "segments_html",
    "sources",
    "target_counts",
    "thread_drift",
    "thread_html",
    "voice_share",
    "voice_shares",
]
__version__ = "0.1.0"

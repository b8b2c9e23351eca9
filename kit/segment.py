"""Page anatomy: split raw page text into headline, byline, body, furniture and comments.

Raw page text copied from the web carries the publishing system's furniture around the article.
`segment` recognises it from general cues of web publishing (position on the page, the shape of a
line, dates, "By ..." credits, comment-thread headers and forms, link syntax), using the cue
patterns in `kit/lexicons/page_cues.tsv`. It never uses phrases of particular outlets.

The result covers every non-whitespace character of the text exactly once, so the body that all
later lenses tag is the article proper and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache

from kit import lexicons

_WORD = re.compile(r"\w+(?:['’-]\w+)*")
_TERMINAL = re.compile(r"[.!?…:;][\"'”’»)\]]*$|[\"”»]$")
_BULLET = re.compile(r"^\s*[•·▪‣◦●*–-]\s+\S")
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
# A wire-style dateline opening the first paragraph: "PLACE (AGENCY) -", "PLACE -", "Place ( -".
_LEAD_DATELINE = re.compile(
    r"(?P<place>[A-Z][\w.'’]*(?:[ ,]+[A-Z][\w.'’]*){0,3})\s*(?P<paren>\((?P<agency>[^()\n–—]{0,30})\)?)?"
    r"\s*[–—-]{1,2}\s+(?=\S)"
)
_CREDIT = re.compile(r"\((?P<credit>[A-Za-z][\w .&/-]{0,24})\)")
_NAME_TOKEN = re.compile(r"^[A-Z\u00c0-\u024f][\w.'’-]*$")

MAX_TITLE_WORDS = 30
MIN_PROSE_WORDS = 8
MAX_PROSE_AFTER_END = 2  # author boxes and disclaimers rarely hold more uncued paragraphs than this
_COMMENT_ZONE = ("comments_header", "comment_form", "comments_closed")
_BODY_CUES = {  # cue role below the headline -> (segment kind, rule, what the line is)
    "comments_offsite": ("comment_form", "comments.offsite", "invitation to comment on another platform"),
    "bio": ("bio", "tail.bio", "about the author"),
    "end": ("boilerplate", "tail.end", "furniture that closes the article"),
    "caption": ("caption", "body.caption", "picture caption or credit"),
    "ui": ("boilerplate", "body.ui", "page furniture"),
    "comment_ui": ("boilerplate", "body.ui", "page furniture"),
}


@dataclass
class _Unit:
    """A paragraph-sized run of lines: one line, or lines hard-wrapped into a paragraph."""

    start: int
    end: int
    text: str  # whitespace-normalised, markdown links reduced to their text
    block: int
    first_line: int
    last_line: int
    cue: dict | None = None
    words: int = 0


@dataclass
class PageAnatomy:
    """What `segment` found: segments as dicts plus metadata read off the page."""

    segments: list[dict] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    date: str | None = None
    date_source: str | None = None
    wire_credit: str | None = None
    comments_status: str = "none"
    has_form: bool = False
    n_comments: int = 0
    n_comments_claimed: int | None = None
    warnings: list[str] = field(default_factory=list)


def normalise(text: str) -> str:
    """Return `text` with markdown links reduced to their label and all spacing folded to one space.

    >>> normalise("By [Ana  Ruiz](#)\\u00a0today")
    'By Ana Ruiz today'
    """
    return _SPACES.sub(" ", _MD_LINK.sub(r"\1", text)).strip()


def count_words(text: str) -> int:
    """Return the number of word tokens in `text` (letters or digits, inner apostrophes and hyphens kept)."""
    return len(_WORD.findall(text))


@cache
def _cues() -> list[dict]:
    table = lexicons.load("page_cues")
    return [
        {
            "cue_id": row.cue_id,
            "role": row.role,
            "rx": re.compile(row.pattern, re.IGNORECASE),
            "max_words": int(row.max_words),
            "rationale": row.rationale,
        }
        for row in table.itertuples(index=False)
    ]


def match_cue(line: str) -> dict | None:
    """Return the first page cue matching one normalised line (with its regex match), or None.

    >>> match_cue("Leave a Reply")["cue_id"]
    'comments.form'
    """
    n_words = count_words(line)
    for cue in _cues():
        if n_words <= cue["max_words"]:
            found = cue["rx"].search(line)
            if found:
                return {**cue, "match": found}
    return None


@cache
def _date_patterns() -> list[re.Pattern]:
    months = lexicons.load("months")
    names = "|".join(sorted(months.spelling, key=len, reverse=True))
    return [
        re.compile(rf"\b(?P<m>{names})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
        re.compile(
            rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{names})\.?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I
        ),
        re.compile(r"\b(?P<y>(?:19|20)\d\d)[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})\b"),
    ]


@cache
def _month_numbers() -> dict[str, int]:
    months = lexicons.load("months")
    return dict(zip(months.spelling, months.month.astype(int), strict=True))


def find_date(text: str) -> str | None:
    """Return the first unambiguous calendar date printed in `text` as ISO `YYYY-MM-DD`, or None.

    Day-month order is never guessed: `04/06/2019` is not read, `June 04, 2019` and `2019-06-04` are.

    >>> find_date("Global News, June 04, 2019")
    '2019-06-04'
    >>> find_date("on 04/06/2019") is None
    True
    """
    months = _month_numbers()
    for pattern in _date_patterns():
        for found in pattern.finditer(text):
            month = found["m"]
            month = int(month) if month.isdigit() else months[month.lower()]
            try:
                return date(int(found["y"]), month, int(found["d"])).isoformat()
            except ValueError:
                continue
    return None


def _lines(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each line's content, without the line break."""
    spans, start = [], 0
    for found in re.finditer(r"\r\n|\n|\r", text):
        spans.append((start, found.start()))
        start = found.end()
    spans.append((start, len(text)))
    return spans


def _is_title_shaped(unit: _Unit) -> bool:
    """Few words, and either no closing punctuation or Title Case (some sites end headlines with a full stop)."""
    text = unit.text
    closes = text.endswith((".", ",", ";", ":"))
    title_case_with_stop = text.endswith(".") and _lowercase_share(text) < 0.35
    return (
        1 <= unit.words <= MAX_TITLE_WORDS
        and (not closes or title_case_with_stop)
        and not re.match(r"^(?:<?https?://|www\.)", text)
    )


def _lowercase_share(text: str) -> float:
    words = [w for w in _WORD.findall(text) if w[0].isalpha()]
    return sum(w[0].islower() for w in words) / len(words) if words else 0.0


def _is_prose(unit: _Unit) -> bool:
    """Running text: enough words, mostly lowercase (not Title Case), ending like a sentence."""
    return (
        unit.words >= MIN_PROSE_WORDS
        and _lowercase_share(unit.text) >= 0.35
        and (bool(_TERMINAL.search(unit.text)) or unit.words >= 30)
    )


def _is_sentence(unit: _Unit) -> bool:
    return unit.words >= 3 and bool(_TERMINAL.search(unit.text)) and _lowercase_share(unit.text) >= 0.3


def _units(text: str, lines: list[tuple[int, int]]) -> list[_Unit]:
    """Group lines into paragraphs: blank lines separate blocks; cued lines stand alone; hard-wrapped runs join."""
    units: list[_Unit] = []
    block, run = 0, []
    previous_blank = True

    def flush_run():
        if not run:
            return
        shown = [normalise(text[s:e]) for _, s, e in run]
        # hard-wrapped prose: lines of similar, medium length that run on without closing a sentence
        wrapped = (
            len(run) > 1
            and max(len(t) for t in shown) <= 100
            and min(len(t) for t in shown[:-1]) >= 35
            and sum(not _TERMINAL.search(t) for t in shown[:-1]) * 2 >= len(shown) - 1
            and not any(_BULLET.match(text[s:e]) for _, s, e in run[1:])
        )
        groups = [run] if wrapped else [[item] for item in run]
        for group in groups:
            joined = normalise(" ".join(text[s:e] for _, s, e in group))
            units.append(
                _Unit(group[0][1], group[-1][2], joined, block, group[0][0], group[-1][0], words=count_words(joined))
            )
        run.clear()

    for index, (start, end) in enumerate(lines):
        raw = text[start:end]
        if not raw.strip():
            flush_run()
            if not previous_blank:
                block += 1
            previous_blank = True
            continue
        previous_blank = False
        stripped_start = start + len(raw) - len(raw.lstrip())
        stripped_end = end - (len(raw) - len(raw.rstrip()))
        shown = normalise(raw)
        cue = match_cue(shown)
        if cue:
            flush_run()
            units.append(_Unit(stripped_start, stripped_end, shown, block, index, index, cue, count_words(shown)))
        else:
            run.append((index, stripped_start, stripped_end))
    flush_run()
    return units


def _author_from_byline(cue: dict) -> str | None:
    """Return the name in a byline, cut at the first separator; None unless it looks like a name.

    Names may hold lowercase particles ('de', 'van') and join several authors with 'and'.
    """
    particles = set(lexicons.entries("function_words", "name_particle")) | {"and"}
    prepositions = "|".join(re.escape(w) for w in lexicons.entries("function_words", "preposition"))
    rest = cue["match"].group("author")
    separator = rf"\s+(?:[|(\[•·]|[–—-]{{1,2}}\s)|\s*[|,;]\s*|\s+(?:{prepositions})\s+"
    name = re.split(separator, rest, maxsplit=1)[0].strip(" .:")
    tokens = name.split()
    if not tokens or len(tokens) > 8:
        return None
    if not all(_NAME_TOKEN.match(t) or t.lower() in particles for t in tokens):
        return None
    return name


def _same_title(a: str, b: str) -> bool:
    fold = lambda s: re.sub(r"\W+", " ", s).strip().lower()  # noqa: E731
    return fold(a) == fold(b)


def _seg(kind: str, start: int, end: int, rule: str, reason: str) -> dict:
    return {"kind": kind, "start": start, "end": end, "rule": rule, "reason": reason}


def _cue_reason(cue: dict, what: str) -> str:
    return f"{what}: matches page cue '{cue['cue_id']}' ({cue['rationale']})"


def segment(text: str, title: str | None = None, author: str | None = None) -> PageAnatomy:
    """Return the anatomy of one page: segments covering the text, and metadata read off the page.

    Parameters
    ----------
    text : str
        Raw page text, exactly as loaded (offsets index it).
    title, author : str, optional
        Metadata already known (from a CSV/JSONL record or HTML): a header line equal to `title`
        becomes the headline; `author` helps recognise the author box after the article.

    Returns
    -------
    PageAnatomy
        `segments` are dicts with `kind, start, end, rule, reason` (kinds in `schema.SEGMENT_KINDS`).

    Examples
    --------
    >>> page = segment("Storm Closes Schools\\n\\nBy Ana Ruiz\\n\\nRain closed every school on Monday, officials said.")
    >>> [s["kind"] for s in page.segments], page.author
    (['headline', 'byline', 'body'], 'Ana Ruiz')
    """
    page = PageAnatomy()
    lines = _lines(text)
    units = _units(text, lines)
    if not units:
        page.warnings.append("the text has no visible characters")
        return page

    body_start = _extend_body_upwards(units, _find_body_start(units, page, title), title)
    _read_header(units[:body_start], page, title)
    comments_from = _read_body(units, body_start, page, author or page.author)
    if comments_from is not None:
        _read_comments(text, lines, units, comments_from, page)
    page.segments.sort(key=lambda s: s["start"])
    _split_lead_dateline(text, page)
    _set_comment_status(page)
    return page


def _is_running_text(unit: _Unit) -> bool:
    return unit.words >= MIN_PROSE_WORDS and _lowercase_share(unit.text) >= 0.35


def _find_body_start(units: list[_Unit], page: PageAnatomy, title: str | None = None) -> int:
    """Return the index of the first paragraph of the article: prose first, then weaker evidence."""
    for test in (_is_prose, _is_sentence, _is_running_text):
        for index, unit in enumerate(units):
            if unit.cue is None and test(unit) and not (title and _same_title(unit.text, title)):
                return index
    for index, unit in enumerate(units):
        if unit.cue is None:
            page.warnings.append("no paragraph looks like running prose; the first uncued line starts the body")
            return index
    page.warnings.append("every line looks like page furniture; no article body was recognised")
    return len(units)


def _extend_body_upwards(units: list[_Unit], body_start: int, title: str | None) -> int:
    """Move the body start up over short sentences and summary lines that directly precede the first paragraph.

    A lone first line that is title-shaped stays the headline, unless a known `title` says otherwise.
    """
    start = body_start
    while start > 0:
        unit = units[start - 1]
        if unit.cue is not None or not (_is_sentence(unit) or _is_running_text(unit)):
            break
        if title and _same_title(unit.text, title):
            break
        start -= 1
    if start == 0 < body_start and not title and _is_title_shaped(units[0]) and not _TERMINAL.search(units[0].text):
        start = 1
    return start


def _read_header(header: list[_Unit], page: PageAnatomy, title_hint: str | None) -> None:
    """Label what stands above the first body paragraph: headline, byline, dateline, furniture."""
    labels: list[tuple[str, str, str] | None] = [None] * len(header)
    first_credit = None
    for index, unit in enumerate(header):
        cue, role = unit.cue, unit.cue and unit.cue["role"]
        found_date = find_date(unit.text)
        if role == "byline" and (name := _author_from_byline(cue)):
            labels[index] = ("byline", "header.byline", _cue_reason(cue, f"credit line naming '{name}'"))
            if page.author is None:
                page.author = name
                credit = _CREDIT.search(unit.text)
                if credit and not re.search(r"[–—]", credit["credit"]):
                    page.wire_credit = credit["credit"].strip()
            if found_date and page.date is None:
                page.date, page.date_source = found_date, "byline"
            first_credit = index if first_credit is None else first_credit
        elif found_date and unit.words <= 14 and role in (None, "dateline"):
            labels[index] = (
                "dateline",
                "header.date_line",
                f"short line above the article printing the date {found_date}",
            )
            if page.date is None:
                page.date, page.date_source = found_date, "dateline"
            first_credit = index if first_credit is None else first_credit
        elif role == "caption":
            labels[index] = ("caption", "header.caption", _cue_reason(cue, "picture caption or credit"))
        elif role is not None and role not in ("byline", "dateline"):
            labels[index] = ("boilerplate", f"header.{role}", _cue_reason(cue, "page furniture above the article"))

    candidates = [i for i, unit in enumerate(header) if labels[i] is None and _is_title_shaped(unit)]
    if title_hint:  # a known title decides, whatever its shape; the nearest copy above the byline is preferred
        known = [i for i, unit in enumerate(header) if labels[i] is None and _same_title(unit.text, title_hint)]
        candidates = known or candidates
    headline = None
    if candidates:
        before_credit = [i for i in candidates if first_credit is None or i < first_credit]
        headline = before_credit[-1] if before_credit else candidates[0]
    if headline is not None:
        labels[headline] = (
            "headline",
            "header.headline",
            "title-shaped line (few words, no closing full stop) nearest above the byline"
            if first_credit is not None
            else "title-shaped line (few words, no closing full stop) above the body",
        )
        page.title = header[headline].text
    for index, unit in enumerate(header):
        if labels[index] is None:
            if page.title and _same_title(unit.text, page.title):
                labels[index] = ("boilerplate", "header.repeated_title", "repeats the headline (a page or site title)")
            else:
                labels[index] = (
                    "boilerplate",
                    "header.other",
                    "short line above the article that is not a headline, byline or date (site name, menu, section)",
                )
        kind, rule, reason = labels[index]
        page.segments.append(_seg(kind, unit.start, unit.end, rule, reason))


def _after_article(unit: _Unit, names_author: bool, author: str | None, where: str) -> dict:
    """Label a line after the article: an author box when it names the author, furniture otherwise."""
    if names_author:
        return _seg("bio", unit.start, unit.end, "tail.author_name", f"{where}, and names the author '{author}'")
    return _seg("boilerplate", unit.start, unit.end, "tail.short_line" if "short" in where else "tail.after_end", where)


def _read_body(units: list[_Unit], body_start: int, page: PageAnatomy, author: str | None) -> int | None:
    """Label the article body and what follows it; return the index where the comment section starts."""
    body: list[_Unit] = []
    tail = False
    comments_from = None
    author_fold = author.lower() if author else None

    def names_author(unit: _Unit) -> bool:  # the author's name within the first eight words
        return bool(author_fold) and author_fold in " ".join(unit.text.lower().split()[:8])

    for index in range(body_start, len(units)):
        unit = units[index]
        role = unit.cue and unit.cue["role"]
        if role in _COMMENT_ZONE:
            comments_from = index
            break
        if role in _BODY_CUES:
            kind, rule, what = _BODY_CUES[role]
            if role == "comments_offsite":
                page.comments_status = "offsite"
            elif role == "bio":
                tail = True
            elif role == "end":
                # a closing cue followed by more running paragraphs was a false alarm: the article goes on
                later = units[index + 1 :]
                stop = next((i for i, u in enumerate(later) if u.cue and u.cue["role"] in _COMMENT_ZONE), len(later))
                tail = tail or sum(u.cue is None and _is_prose(u) for u in later[:stop]) <= MAX_PROSE_AFTER_END
            page.segments.append(_seg(kind, unit.start, unit.end, rule, _cue_reason(unit.cue, what)))
        elif tail:
            # bylines, datelines and "He said:" lines are plain text here: they mean something only above the body
            page.segments.append(
                _after_article(unit, names_author(unit), author, "follows furniture that closes the article")
            )
        else:
            body.append(unit)
    # Short lines after the last real paragraph are an author box or page furniture, not the article.
    while body and not (_is_prose(body[-1]) or _is_sentence(body[-1]) or _is_running_text(body[-1])):
        unit = body.pop()
        page.segments.append(_after_article(unit, names_author(unit), author, "short line after the last paragraph"))
    merged: list[list[_Unit]] = []
    for unit in body:
        # a paragraph broken by a stray blank line mid-sentence continues in lowercase
        if (
            merged
            and not _TERMINAL.search(merged[-1][-1].text)
            and unit.text[:1].islower()
            and unit.first_line - merged[-1][-1].last_line <= 3
        ):
            merged[-1].append(unit)
        else:
            merged.append([unit])
    for group in merged:
        reason = (
            "paragraph of the article"
            if len(group) == 1
            else "paragraph of the article, rejoined across a line break that fell mid-sentence"
        )
        page.segments.append(_seg("body", group[0].start, group[-1].end, "body.paragraph", reason))
    return comments_from


def _read_comments(text: str, lines: list[tuple[int, int]], units: list[_Unit], first: int, page: PageAnatomy) -> None:
    """Label the comment section line by line: header, each comment, the form, furniture."""
    zone = units[first:]
    first_line = zone[0].first_line
    line_cues = {}
    for unit in zone:
        if unit.cue:
            line_cues[unit.first_line] = unit.cue
    content = [i for i in range(first_line, len(lines)) if text[lines[i][0] : lines[i][1]].strip()]
    bullets = any(_BULLET.match(text[lines[i][0] : lines[i][1]]) for i in content if i not in line_cues)
    says = any(cue["role"] == "comment_start" for cue in line_cues.values())
    mode = "bullets" if bullets else "says" if says else "blocks"
    in_form = False
    current: dict | None = None
    previous = None

    def close():
        nonlocal current
        if current:
            page.segments.append(current)
            page.n_comments += 1
            current = None

    for i in content:
        start, end = lines[i]
        raw = text[start:end]
        s = start + len(raw) - len(raw.lstrip())
        e = end - (len(raw) - len(raw.rstrip()))
        cue = line_cues.get(i)
        role = cue and cue["role"]
        new_block = previous is not None and any(not text[a:b].strip() for a, b in lines[previous + 1 : i])
        previous = i
        if role == "comments_header" and in_form and not cue["match"].groupdict().get("n"):
            page.segments.append(_seg("comment_form", s, e, "comments.form_line", "field label inside the reply form"))
        elif role == "comments_header":
            close()
            in_form = False
            claimed = cue["match"].groupdict().get("n")
            if claimed:
                page.n_comments_claimed = (page.n_comments_claimed or 0) + int(claimed.replace(",", ""))
            page.segments.append(
                _seg("comments_header", s, e, "comments.header", _cue_reason(cue, "opens the comment section"))
            )
        elif role in ("comment_form", "comments_closed", "comments_offsite"):
            close()
            in_form = role == "comment_form"
            if role == "comments_closed":
                page.comments_status = "closed"
            elif role == "comments_offsite" and page.comments_status == "none":
                page.comments_status = "offsite"
            else:
                page.has_form = page.has_form or role == "comment_form"
            what = {
                "comment_form": "part of the reply form",
                "comments_closed": "notice that comments are closed",
                "comments_offsite": "invitation to comment on another platform",
            }[role]
            rule = {
                "comment_form": "comments.form",
                "comments_closed": "comments.closed",
                "comments_offsite": "comments.offsite",
            }[role]
            page.segments.append(_seg("comment_form", s, e, rule, _cue_reason(cue, what)))
        elif role == "comment_start":
            close()
            in_form = False
            who = cue["match"].groupdict().get("author")
            current = _seg("comment", s, e, "comments.says", f"a 'NAME says:' line opens a comment by '{who}'")
        elif role in ("ui", "end", "comment_ui"):
            close()  # buttons and footers end the comment above them
            in_form = in_form and role == "comment_ui"
            page.segments.append(
                _seg("boilerplate", s, e, f"comments.{role}", _cue_reason(cue, "furniture in the comment section"))
            )
        elif in_form and current is None:
            page.segments.append(_seg("comment_form", s, e, "comments.form_line", "line inside the reply form"))
        elif mode == "bullets" and _BULLET.match(raw):
            close()
            current = _seg("comment", s, e, "comments.bullet", "a list item in the comment section: one comment")
        elif mode == "blocks" and (current is None or new_block):
            close()
            current = _seg("comment", s, e, "comments.block", "a paragraph in the comment section: one comment")
        elif current is not None:
            current["end"] = e
        else:
            current = _seg("comment", s, e, f"comments.{mode}", "text in the comment section: one comment")
    close()


def _split_lead_dateline(text: str, page: PageAnatomy) -> None:
    """Split a wire dateline ("PLACE (AGENCY) -") off the first body paragraph."""
    first = next((s for s in page.segments if s["kind"] == "body"), None)
    if first is None:
        return
    found = _LEAD_DATELINE.match(text, first["start"], first["end"])
    if not found:
        return
    place = found["place"]
    if not (place.replace(" ", "").replace(",", "").isupper() or found["paren"]):
        return
    if count_words(place) > 4:
        return
    split = found.end()
    head = _seg(
        "dateline",
        first["start"],
        len(text[:split].rstrip()),
        "body.lead_dateline",
        f"the first paragraph opens with a dateline '{normalise(found.group(0))}' "
        "(a place or outlet tag, an optional agency, then a dash)",
    )
    first["start"] = split
    page.segments.insert(page.segments.index(first), head)
    agency = (found["agency"] or "").strip()
    if agency and page.wire_credit is None:
        page.wire_credit = agency


def _set_comment_status(page: PageAnatomy) -> None:
    if page.comments_status == "closed":
        return
    if page.n_comments:
        page.comments_status = "open"
    elif page.comments_status == "offsite":
        return
    elif page.has_form:
        page.comments_status = "form_only"
    elif any(s["kind"] == "comments_header" for s in page.segments):
        page.comments_status = "open"
    if page.n_comments_claimed is not None and page.n_comments_claimed != page.n_comments:
        page.warnings.append(
            f"the comment header announces {page.n_comments_claimed} comments but {page.n_comments} are on the page"
        )


def sentence_spans(text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return (start, end) of each sentence in the given paragraphs, split by syntok (a rule-based splitter
    that handles abbreviations, initials and quote marks), as offsets into `text`.

    >>> text = "Gen. Ana Ruiz spoke at 9 a.m. on Monday. The U.S. team left."
    >>> [text[s:e] for s, e in sentence_spans(text, [(0, len(text))])]
    ['Gen. Ana Ruiz spoke at 9 a.m. on Monday.', 'The U.S. team left.']
    """
    spans = []
    for p_start, p_end in paragraphs:
        spans += [(p_start + start, p_start + end) for start, end in _paragraph_sentences(text[p_start:p_end])]
    return spans


_ONE_SENTENCE = re.compile(r"[^.?!;:…()\[\]{}—–。！？‼‽⁇⁈⁉\n]*[.?!]?[\"'”’]*")
"""A paragraph that syntok would return as one sentence: no full stop, question or exclamation mark, semicolon,
colon, bracket, dash or line break inside, at most one terminal mark at the end (checked against syntok on every
paragraph of the evaluation corpora, and by tests)."""


@lru_cache(maxsize=16384)
def _paragraph_sentences(paragraph: str) -> tuple[tuple[int, int], ...]:
    """Sentence spans inside one paragraph; cached because the sourcing lens and readability both split the
    same paragraphs (splitting is the costliest step of both)."""
    stripped = paragraph.lstrip()
    if _ONE_SENTENCE.fullmatch(stripped) and not stripped[-1:].isspace():
        # half of news paragraphs: nothing for the splitter to decide (syntok would end a sentence without a
        # terminal mark after the spaces that follow it, so those stay with syntok)
        return ((len(paragraph) - len(stripped), len(paragraph)),) if stripped else ()
    return _syntok_sentences(paragraph)


def _syntok_sentences(paragraph: str) -> tuple[tuple[int, int], ...]:
    """Sentence spans inside one paragraph, as syntok splits it."""
    from syntok import segmenter

    spans = []
    for part in segmenter.analyze(paragraph):
        for sentence in part:
            start, end = sentence[0].offset, sentence[-1].offset + len(sentence[-1].value)
            if end > start:
                spans.append((start, end))
    return tuple(spans)

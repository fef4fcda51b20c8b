"""Search keys: the matching rules every backend indexes and queries by.

Keys are computed here, in Python, so SQLite and PostgreSQL match the same articles:
folded words (no diacritics, đ → d) for recall, exact words (diacritics kept) for
ranking and for excluding an exact spelling, outlet keys and entity keys for filters.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import lru_cache

from diemtin.models import VIETNAM_TZ, Article
from diemtin.search.query import Query
from diemtin.text.fold import fold, fold_word
from diemtin.text.normalize import normalize

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=4096)  # a few hundred outlets, each on thousands of articles
def outlet_key(outlet: str | None) -> str | None:
    """The folded, space-collapsed outlet name used by outlet filters.

    >>> outlet_key("Báo  Tây Bắc")
    'bao tay bac'
    """
    return " ".join(fold_word(outlet).split()) if outlet else None


def entity_key(text: str) -> str:
    """The search key of an entity's text: folded, spaces collapsed."""
    return " ".join(fold_word(text).split())


def topic_label(value: str) -> str:
    """The stored topic label a ``topic:`` filter names: the taxonomy's label whose
    folded form equals ``value``'s (``kinh te``, ``Kinh tế`` → ``kinh tế``), else
    ``value`` normalized (a label of another taxonomy).

    >>> topic_label("Moi truong - thien tai")
    'môi trường – thiên tai'
    """
    from diemtin.nlp.topics import TOPICS

    wanted = _topic_fold(value)
    for label in TOPICS:
        if _topic_fold(label) == wanted:
            return label
    return normalize(value).strip()


def _topic_fold(text: str) -> str:
    return " ".join(_WORD.findall(fold_word(text)))


@lru_cache(maxsize=4096)
def outlet_token(outlet: str) -> str:
    """The index token of an outlet: its folded name's letters and digits."""
    return "o" + _NOT_ALNUM.sub("", fold_word(outlet))


def month_token(moment: datetime) -> str:
    """The index token of a publication month (UTC), e.g. ``m202610``."""
    utc = moment.astimezone(UTC)
    return f"m{utc.year:04d}{utc.month:02d}"


_EPOCH = date(1970, 1, 1).toordinal()


def day_index(moment: datetime | None) -> int:
    """The publication day in Vietnam time as days since 1970-01-01 (at least 1), or 0
    for an article without a date: the unit of counts by day.

    >>> day_index(datetime(2026, 10, 12, 18, 30, tzinfo=UTC)), day_index(None)
    (20739, 0)
    """
    if moment is None:
        return 0
    return max(1, moment.astimezone(VIETNAM_TZ).date().toordinal() - _EPOCH)


def day_of(index: int) -> date:
    """The day a :func:`day_index` stands for.

    >>> day_of(20739).isoformat()
    '2026-10-13'
    """
    return date.fromordinal(_EPOCH + index)


def filter_tokens(article: Article) -> str:
    """Index tokens of the article's outlet, month and year of publication."""
    tokens = [outlet_token(article.outlet)] if article.outlet else []
    if article.published:
        utc = article.published.astimezone(UTC)
        tokens += [month_token(utc), f"y{utc.year:04d}"]
    return " ".join(tokens)


def indexed_text(article: Article) -> str:
    """The searchable text beside the title: lead, body, captions and tags."""
    return "\n".join(
        part for part in (article.lead, *article.body, *article.captions, " ".join(article.tags))
        if part
    )


def exact_text(text: str) -> str:
    """An article's text as the exact-spelling keys index it: tone marks normalized.

    Articles keep the outlet's tone-mark placement ("Hoà Bình"); queries are normalized
    (:func:`spellings`), so the exact keys are too, and "Hòa Bình" typed either way
    matches the exact spelling.
    """
    return normalize(text)


def words(text: str) -> list[str]:
    """The lower-cased words of ``text``, split as SQLite's ``unicode61`` tokenizer
    splits them: runs of letters and digits; everything else separates.

    >>> words("Lào Cai: 12.000 hộ_dân")
    ['lào', 'cai', '12', '000', 'hộ', 'dân']
    """
    return _WORD.findall(text.lower())


def spellings(text: str) -> tuple[str, str]:
    """A query word or phrase as typed (normalized, lower-case) and folded."""
    spelled = normalize(text).lower()
    return spelled, fold(spelled)


def has_diacritics(query: Query) -> bool:
    """Whether any positive term of ``query`` was typed with diacritics (or đ)."""
    return any(fold(term.text) != normalize(term.text).lower() for term in query.terms())

"""``analyze``: run the pipeline over an Article or a text and return its Annotations."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from diemtin.models import VIETNAM_TZ, Article, Mention, Span
from diemtin.nlp.doc import (
    AdminUnit,
    DateMention,
    Doc,
    Keyword,
    PersonLink,
    PlaceMention,
    Topic,
    title_and_lead,
)
from diemtin.nlp.pipeline import AnalyzeOptions, Pipeline, build_pipeline
from diemtin.text.normalize import place_tones

STORED_LAYERS = ("entities", "coref", "dates", "places", "keywords", "topic", "summary")
"""Components whose output is stored; ``words`` and ``sentences`` are recomputed."""


@dataclass(frozen=True, slots=True)
class Annotations:
    """What the pipeline found in one text; offsets point into the analyzed text.

    ``versions`` holds ``(component, version)`` of every component that ran; a layer
    whose component did not run is empty (or None for the topic).
    """

    entities: tuple[Mention, ...] = ()
    coref: tuple[PersonLink, ...] = ()
    dates: tuple[DateMention, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    keywords: tuple[Keyword, ...] = ()
    topic: Topic | None = None
    summary: tuple[Span, ...] = ()
    summary_text: str = ""
    versions: tuple[tuple[str, str], ...] = ()

    def layer_json(self, name: str) -> Any:
        """The JSON value of one layer (``entities``, ``dates`` ... ``summary``)."""
        if name == "entities":
            return [_entity_json(m) for m in self.entities]
        if name == "coref":
            return [{"start": c.start, "end": c.end, "text": c.text, "name_start": c.name_start,
                     "name": c.name, "title": c.title} for c in self.coref]
        if name == "dates":
            return [{"start": d.start, "end": d.end, "text": d.text, "value": d.value,
                     "granularity": d.granularity, "relative": d.relative} for d in self.dates]
        if name == "places":
            return [_place_json(p) for p in self.places]
        if name == "keywords":
            return [{"text": k.text, "score": k.score, "count": k.count} for k in self.keywords]
        if name == "topic":
            return None if self.topic is None else {
                "label": self.topic.label, "score": self.topic.score,
                "ranking": [list(pair) for pair in self.topic.ranking]}
        if name == "summary":
            return {"sentences": [list(span) for span in self.summary], "text": self.summary_text}
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        """Every layer as JSON-ready values, plus ``versions``."""
        data: dict[str, Any] = {name: self.layer_json(name) for name in STORED_LAYERS}
        data["versions"] = dict(self.versions)
        return data

    def by_component(self) -> dict[str, tuple[str, Any]]:
        """``{component: (version, data)}`` of the stored layers whose component ran."""
        versions = dict(self.versions)
        return {name: (versions[name], self.layer_json(name))
                for name in STORED_LAYERS if name in versions}


def _entity_json(mention: Mention) -> dict[str, Any]:
    data: dict[str, Any] = {"start": mention.start, "end": mention.end, "label": mention.label,
                            "text": mention.text}
    title = dict(mention.attrs).get("title")
    if mention.label == "PER":
        data["title"] = title
    return data


def _unit_json(unit: AdminUnit | None) -> dict[str, str] | None:
    if unit is None:
        return None
    return {"scheme": unit.scheme, "level": unit.level, "code": unit.code, "name": unit.name,
            "province_code": unit.province_code}


def _place_json(place: PlaceMention) -> dict[str, Any]:
    return {"start": place.start, "end": place.end, "text": place.text, "name": place.name,
            "level": place.level, "source": place.source, "old": _unit_json(place.old),
            "current": _unit_json(place.current), "unit": _unit_json(place.unit)}


def vietnam_date(value: date | datetime | None) -> date | None:
    """The calendar date in Vietnam (UTC+7) of a datetime; a date as is."""
    if isinstance(value, datetime):
        return (value.astimezone(VIETNAM_TZ) if value.tzinfo else value).date()
    return value


def make_doc(item: Article | str, *, published: date | datetime | None = None) -> Doc:
    """The Doc of an Article (its ``text``, title, lead, date) or of a plain text.

    An article's text is stored as the outlet wrote it; the Doc holds it with tone marks
    normalized (:func:`diemtin.text.normalize.place_tones`, which keeps every offset),
    so offsets into the Doc index the stored text too. A plain text's first paragraph is
    taken as its title when it looks like one (:func:`diemtin.nlp.doc.title_and_lead`).
    ``published`` overrides the article's date.
    """
    if isinstance(item, Article):
        title_end = len(item.title)
        lead_end = title_end + 2 + len(item.lead) if item.lead and item.title else title_end
        when = published if published is not None else item.published
        return Doc(place_tones(item.text), vietnam_date(when), title_end, lead_end)
    title_end, lead_end = title_and_lead(item)
    return Doc(item, vietnam_date(published), title_end, lead_end)


def annotations_of(doc: Doc) -> Annotations:
    """The Annotations of a Doc the pipeline has run over."""
    summary = doc.summary or ()
    return Annotations(
        entities=doc.entities or (),
        coref=doc.coref or (),
        dates=doc.dates or (),
        places=doc.places or (),
        keywords=doc.keywords or (),
        topic=doc.topic,
        summary=summary,
        summary_text=" ".join(doc.text[s:e] for s, e in summary),
        versions=doc.versions,
    )


def run(pipeline: Pipeline, item: Article | str, *,
        published: date | datetime | None = None) -> Annotations:
    """Run a built pipeline over an Article or a text.

    An article's mentions, dates, places and summary carry its stored spelling
    (``article.text[start:end]``); keywords and place names stay normalized, as keys.
    """
    doc = pipeline(make_doc(item, published=published))
    annotations = annotations_of(doc)
    if isinstance(item, Article) and item.text != doc.text:
        return as_written(annotations, item.text, doc.text)
    return annotations


def as_written(annotations: Annotations, original: str, analyzed: str) -> Annotations:
    """``annotations`` of ``analyzed`` with the surface texts of ``original``.

    ``analyzed`` is ``original`` with tone marks moved (same length), so every offset
    holds in both; a person's title is looked up in ``analyzed`` and read from
    ``original`` at the same place.
    """
    def title_of(mention: Mention) -> tuple[tuple[str, str], ...]:
        attrs = []
        for name, value in mention.attrs:
            at = analyzed.find(value) if name == "title" and value else -1
            attrs.append((name, original[at:at + len(value)] if at >= 0 else value))
        return tuple(attrs)

    return replace(
        annotations,
        entities=tuple(replace(m, text=original[m.start:m.end], attrs=title_of(m))
                       for m in annotations.entities),
        dates=tuple(replace(d, text=original[d.start:d.end]) for d in annotations.dates),
        places=tuple(replace(p, text=original[p.start:p.end]) for p in annotations.places),
        summary_text=" ".join(original[s:e] for s, e in annotations.summary),
    )


def analyze(item: Article | str, *, options: AnalyzeOptions | None = None,
            published: date | datetime | None = None) -> Annotations:
    """Analyze an Article or a normalized text.

    Args:
        item: An Article (its :attr:`~diemtin.models.Article.text` is analyzed: title,
            lead and body joined by blank lines, with tone marks normalized in place, so
            offsets point into the stored text) or a text already normalized with
            :func:`diemtin.text.normalize`, which is never re-normalized.
        options: Which components run and their options.
        published: The publication date or time (Vietnam time when naive), which
            resolves relative dates and decides which administrative units were in
            force; for an Article, its ``published`` by default.

    Returns:
        Entities, dates, places, keywords, topic and summary, with the version of every
        component that ran. For many texts, build the pipeline once with
        :func:`diemtin.nlp.pipeline.build_pipeline` and call :func:`run`.

    Raises:
        PipelineError: the options name an unknown component or miss a requirement.
    """
    return run(build_pipeline(options), item, published=published)

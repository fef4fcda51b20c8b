"""Places named in the text, linked to Vietnam's administrative units, old and current.

On 1 July 2025 Vietnam went from 63 provinces to 34 and abolished districts (Yên Bái is
now part of Lào Cai, Hà Giang of Tuyên Quang, Quảng Nam of Đà Nẵng, Bình Định of Gia
Lai ...); communes were merged too. A place mention keeps the name as written and links
to the unit it denoted (``old``, the 2008 scheme of 63 provinces), to today's unit that
is or contains it (``current``, the 2025 scheme) and to the one in force at the
article's date (``unit``).

Mentions come from three sources: a unit word and a name ("tỉnh Yên Bái", "xã Tả Van",
"TP.HCM", "quận 1"), a bare province name ("Lào Cai"), a few well-known cities ("Sa Pa",
"Đà Lạt") and the LOC mentions of the entity recognizer. Districts and communes share
names across provinces ("huyện Châu Thành" exists in seven), so they are linked only when
the name is unique or the article names their province (or district). A bare name that
the entity recognizer tagged as a person ("Hà Giang" as a woman's name) is not a place.

>>> from datetime import date
>>> [(p.text, p.old.name, p.current.name) for p in find_places(
...     "Mưa lớn ở tỉnh Yên Bái.", published=date(2024, 9, 8)) if p.old and p.current]
[('tỉnh Yên Bái', 'Tỉnh Yên Bái', 'Tỉnh Lào Cai')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar, Final

from diemtin.models import Mention
from diemtin.nlp._gazetteer import (
    COMMUNE,
    DISTRICT,
    NEW,
    OLD,
    PROVINCE,
    Gazetteer,
    load_gazetteer,
    split_type,
)
from diemtin.nlp.doc import AdminUnit, Doc, PlaceMention

REFORM: Final = date(2025, 7, 1)
"""The day the 34-province, two-level scheme came into force."""

_UPPER: Final = "".join(c for c in map(chr, range(0x41, 0x2000)) if c.isupper())
_SYL: Final = rf"[{_UPPER}][\w'’]*"
_NAME: Final = rf"(?:{_SYL}|\d{{1,2}}\b)(?:(?: |\s?-\s?){_SYL}){{0,4}}"
_UNIT_WORD: Final = re.compile(
    r"(?<!\w)(?i:(tỉnh|thành phố|tp\.?|huyện|quận|thị xã|thị trấn|xã|phường|đặc khu))"
    rf"\s*(?=[{_UPPER}\d])({_NAME})"
)
_RUN: Final = re.compile(rf"(?<![\w'’.]){_SYL}(?:(?: |\s?-\s?){_SYL})*")
_PARTS: Final = re.compile(r"\s?-\s?")
_SENTENCE_START: Final = frozenset("\n.!?:;\"“”(…-–")
_OLD_MARK: Final = re.compile(r"\s*\(?(?:cũ|trước đây)\b")

_LEVELS: Final[dict[str, frozenset[str]]] = {
    "tỉnh": frozenset((PROVINCE,)),
    "thành phố": frozenset((PROVINCE, DISTRICT)),
    "tp": frozenset((PROVINCE, DISTRICT)),
    "huyện": frozenset((DISTRICT,)),
    "quận": frozenset((DISTRICT,)),
    "thị xã": frozenset((DISTRICT,)),
    "thị trấn": frozenset((COMMUNE,)),
    "xã": frozenset((COMMUNE,)),
    "phường": frozenset((COMMUNE,)),
    "đặc khu": frozenset((COMMUNE,)),
}
_TYPE_OF: Final = {"tỉnh": "Tỉnh", "thành phố": "Thành phố", "tp": "Thành phố", "huyện": "Huyện",
                   "quận": "Quận", "thị xã": "Thị xã", "thị trấn": "Thị trấn", "xã": "Xã",
                   "phường": "Phường", "đặc khu": "Đặc khu"}
_ANY: Final = frozenset((PROVINCE, DISTRICT, COMMUNE))
_BARE: Final = frozenset((PROVINCE,))
_NOT_BARE: Final = frozenset(("hồ chí minh",))
_NOT_PLACES: Final = frozenset(("thái bình dương", "ấn độ dương", "đại tây dương"))

WELL_KNOWN: Final = (
    "Sa Pa", "Đà Lạt", "Nha Trang", "Vũng Tàu", "Hạ Long", "Hội An", "Phú Quốc", "Côn Đảo",
    "Buôn Ma Thuột", "Pleiku", "Quy Nhơn", "Mỹ Tho", "Rạch Giá", "Cam Ranh", "Móng Cái",
    "Điện Biên Phủ", "Mộc Châu", "Tam Đảo", "Phan Thiết", "Tuy Hòa", "Thủ Đức", "Biên Hòa",
    "Bảo Lộc", "Lý Sơn", "Bạch Long Vĩ", "Hoàng Sa", "Trường Sa", "Cồn Cỏ", "Cô Tô",
    "Vân Đồn", "Sầm Sơn", "Cửa Lò", "Đồ Sơn", "Tam Kỳ", "Hà Tiên", "Châu Đốc",
    "Long Xuyên", "Sa Đéc", "Cát Hải", "Mù Cang Chải", "Đồng Văn", "Mèo Vạc",
)
"""District-level places matched without a unit word."""


@dataclass(frozen=True, slots=True)
class PlaceOptions:
    """Options of the place linker.

    Attributes:
        use_entities: Also take the entity recognizer's LOC mentions (which makes the
            component require ``mentions.loc``), and drop bare names it tags PER.
        well_known: District-level names matched without a unit word.
        unlinked: Keep LOC mentions that name no Vietnamese unit (countries, seas ...),
            with ``old``/``current``/``unit`` set to None.
    """

    use_entities: bool = True
    well_known: tuple[str, ...] = WELL_KNOWN
    unlinked: bool = True


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    word: str  # the unit word, lower case, "" when bare
    name: str
    levels: frozenset[str]
    source: str
    refs: tuple[tuple[str, str, str], ...] = field(default=())


@dataclass(slots=True)
class _Context:
    """Provinces (both schemes, as new codes too) and old districts the text names."""

    old_provinces: set[str] = field(default_factory=set)
    new_provinces: set[str] = field(default_factory=set)
    districts: set[str] = field(default_factory=set)


def _sentence_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] == " ":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_START


def _prefix_lookup(gaz: Gazetteer, name: str, levels: frozenset[str]
                   ) -> tuple[str, tuple[tuple[str, str, str], ...]]:
    """The longest leading part of ``name`` that names a unit of ``levels``."""
    words = name.split(" ")
    for n in range(len(words), 0, -1):
        part = " ".join(words[:n])
        refs = tuple(r for r in gaz.lookup(part) if r[1] in levels)
        if refs:
            return part, refs
    return "", ()


def _unit_candidates(text: str, gaz: Gazetteer, start: int = 0, end: int | None = None,
                     source: str = "gazetteer") -> list[_Candidate]:
    out: list[_Candidate] = []
    for m in _UNIT_WORD.finditer(text, start, len(text) if end is None else end):
        word = m.group(1).lower().rstrip(".")
        levels = _LEVELS[word]
        name, refs = _prefix_lookup(gaz, m.group(2), levels)
        refs = _same_type(gaz, refs, _TYPE_OF[word])
        if name:
            out.append(_Candidate(m.start(), m.start(2) + len(name), word, name, levels, source,
                                  refs))
    return out


def _same_type(gaz: Gazetteer, refs: tuple[tuple[str, str, str], ...], kind: str
               ) -> tuple[tuple[str, str, str], ...]:
    """Refs whose unit type is ``kind`` ("Xã" for "xã ..."), or all when none is."""
    same = tuple(r for r in refs if r[1] == PROVINCE
                 or split_type(gaz.unit(*r).name)[0] == kind)
    return same or refs


def _bare_candidates(text: str, gaz: Gazetteer, well_known: frozenset[str]) -> list[_Candidate]:
    firsts = gaz.province_first_words | {name.split(" ")[0].lower() for name in well_known}
    out: list[_Candidate] = []
    for m in _RUN.finditer(text):
        run = m.group()
        words = run.lower().replace("-", " ").split(None, 2)
        if not (words[0] in firsts or (len(words) > 1 and words[1] in firsts)):
            continue  # cheap test first: most capitalized runs are people and bodies
        if run.lower() in _NOT_PLACES:
            continue
        found = _bare_run(gaz, run, m.start(), _sentence_start(text, m.start()), well_known)
        out.extend(found)
    return out


def _bare_run(gaz: Gazetteer, run: str, start: int, opens: bool, well_known: frozenset[str]
              ) -> list[_Candidate]:
    """Candidates in one capitalized run: the whole run, else its hyphen-separated parts."""
    whole = _bare_name(gaz, run, start, opens, well_known)
    if whole or "-" not in run:
        return whole
    out: list[_Candidate] = []
    offset = 0
    for i, part in enumerate(_PARTS.split(run)):
        at = run.index(part, offset)
        out += _bare_name(gaz, part, start + at, opens and i == 0, well_known)
        offset = at + len(part)
    return out


def _bare_name(gaz: Gazetteer, name: str, start: int, opens: bool, well_known: frozenset[str]
               ) -> list[_Candidate]:
    tries = [(name, start)]
    if opens and " " in name:  # "Tại Lào Cai": the sentence's first word is no part
        cut = name.index(" ") + 1
        tries.append((name[cut:], start + cut))
    for candidate, at in tries:
        key = candidate.lower()
        if key in _NOT_BARE:
            continue
        levels = _BARE | ({DISTRICT} if candidate in well_known else set())
        refs = tuple(r for r in gaz.lookup(candidate) if r[1] in levels)
        if refs:
            return [_Candidate(at, at + len(candidate), "", candidate, frozenset(levels),
                               "gazetteer", refs)]
    return []


def _entity_candidates(text: str, gaz: Gazetteer, entities: Iterable[Mention]
                       ) -> list[_Candidate]:
    out: list[_Candidate] = []
    for mention in entities:
        if mention.label != "LOC":
            continue
        with_word = [c for c in _unit_candidates(text, gaz, mention.start, mention.end, "entity")
                     if c.start == mention.start]
        if with_word:
            out.append(with_word[0])
            continue
        if mention.text.lower() in _NOT_BARE:
            continue
        refs = tuple(gaz.lookup(mention.text))
        out.append(_Candidate(mention.start, mention.end, "", mention.text, _ANY, "entity",
                              refs))
    return out


def _pick(candidates: list[_Candidate], persons: Sequence[Mention]) -> list[_Candidate]:
    """Non-overlapping candidates: longer first, entities before the gazetteer."""
    ranked = sorted(candidates, key=lambda c: (not c.refs, c.start - c.end, c.source != "entity",
                                               c.start))
    taken: list[_Candidate] = []
    for c in ranked:
        if any(c.start < t.end and t.start < c.end for t in taken):
            continue
        if not c.word and c.source == "gazetteer" and any(
                c.start < p.end and p.start < c.end for p in persons):
            continue
        taken.append(c)
    taken.sort(key=lambda c: c.start)
    return taken


def _context(gaz: Gazetteer, candidates: list[_Candidate]) -> _Context:
    ctx = _Context()
    for c in candidates:
        for scheme, level, code in c.refs:
            if level != PROVINCE:
                continue
            if scheme == OLD:
                ctx.old_provinces.add(code)
                ctx.new_provinces.add(gaz.old[(PROVINCE, code)].new_province)
            else:
                ctx.new_provinces.add(code)
    for c in candidates:
        districts = [r for r in c.refs if r[1] == DISTRICT]
        chosen = _choose(gaz, districts, ctx)
        if chosen:
            ctx.districts.add(chosen[2])
    return ctx


def _fit(gaz: Gazetteer, ref: tuple[str, str, str], ctx: _Context) -> int:
    """How well a unit fits the places the text names.

    3: its district is named; 2: its province; 1: the new province its old one joined.
    """
    scheme, level, code = ref
    if scheme == NEW:
        return 2 * int(gaz.new[(level, code)].province_code in ctx.new_provinces)
    old = gaz.old[(level, code)]
    if old.district and old.district in ctx.districts and level == COMMUNE:
        return 3
    if old.unit.province_code in ctx.old_provinces:
        return 2
    return int(old.new_province in ctx.new_provinces)


def _choose(gaz: Gazetteer, refs: Sequence[tuple[str, str, str]], ctx: _Context
            ) -> tuple[str, str, str] | None:
    """The one unit among ``refs`` the context points to, or the only one."""
    if len(refs) == 1:
        return refs[0]
    if not refs:
        return None
    scored = [(_fit(gaz, r, ctx), r) for r in refs]
    best = max(score for score, _ in scored)
    top = [r for score, r in scored if score == best]
    return top[0] if best > 0 and len(top) == 1 else None


def _resolve(gaz: Gazetteer, c: _Candidate, ctx: _Context, prefer_new: bool
             ) -> tuple[str, str, str] | None:
    provinces = [r for r in c.refs if r[1] == PROVINCE]
    if provinces:
        return next((r for r in provinces if r[0] == OLD), provinces[0])
    districts = [r for r in c.refs if r[1] == DISTRICT]
    if districts:
        return _choose(gaz, districts, ctx)
    first, second = (NEW, OLD) if prefer_new else (OLD, NEW)
    for scheme in (first, second):
        chosen = _choose(gaz, [r for r in c.refs if r[0] == scheme], ctx)
        if chosen:
            return chosen
    return None


def _link(gaz: Gazetteer, c: _Candidate, ref: tuple[str, str, str] | None,
          published: date | None) -> PlaceMention | None:
    level = ref[1] if ref else next(iter(sorted(c.levels))) if c.word else ""
    old: AdminUnit | None = None
    current: AdminUnit | None = None
    if ref and ref[0] == OLD:
        entry = gaz.old[(ref[1], ref[2])]
        old = entry.unit
        current = (gaz.new.get((COMMUNE, entry.successors[0])) if entry.successors else None
                   ) or gaz.new[(PROVINCE, entry.new_province)]
    elif ref:
        current = gaz.new[(ref[1], ref[2])]
        old = _namesake_predecessor(gaz, current)
    in_force = current if published is None or published >= REFORM else old
    return PlaceMention(c.start, c.end, "", split_type(c.name)[1] or c.name, level, old,
                        current, in_force, c.source)


def _namesake_predecessor(gaz: Gazetteer, unit: AdminUnit) -> AdminUnit | None:
    """The old commune of the same name that became part of new commune ``unit``."""
    if unit.level != COMMUNE:
        return None
    for scheme, level, code in gaz.lookup(split_type(unit.name)[1]):
        if scheme == OLD and level == COMMUNE:
            entry = gaz.old[(level, code)]
            if unit.code in entry.successors:
                return entry.unit
    return None


def find_places(text: str, *, published: date | None = None, entities: Sequence[Mention] = (),
                options: PlaceOptions | None = None) -> list[PlaceMention]:
    """Find place mentions and link them to administrative units.

    Args:
        text: Normalized text; offsets point into it.
        published: The article's date (Vietnam time): before 1 July 2025 the old units
            were in force; a commune name is looked up in that scheme first.
        entities: Mentions of the entity recognizer: LOC mentions are places too, PER
            mentions veto bare gazetteer names.
        options: Sources and well-known names.

    Returns:
        Non-overlapping place mentions in text order.
    """
    opts = options or PlaceOptions()
    gaz = load_gazetteer()
    well_known = frozenset(opts.well_known)
    candidates = _unit_candidates(text, gaz) + _bare_candidates(text, gaz, well_known)
    persons: list[Mention] = []
    if opts.use_entities:
        candidates += _entity_candidates(text, gaz, entities)
        persons = [m for m in entities if m.label == "PER"]
    picked = _pick(candidates, persons)
    ctx = _context(gaz, picked)
    after_reform = published is None or published >= REFORM
    out: list[PlaceMention] = []
    for c in picked:
        prefer_new = after_reform and not _OLD_MARK.match(text, c.end)
        ref = _resolve(gaz, c, ctx, prefer_new)
        if ref is None and not c.word and not (opts.unlinked and c.source == "entity"):
            continue
        place = _link(gaz, c, ref, published)
        if place is not None:
            out.append(PlaceMention(place.start, place.end, text[c.start:c.end], place.name,
                                    place.level, place.old, place.current, place.unit,
                                    place.source))
    return out


@dataclass(frozen=True, slots=True)
class PlaceComponent:
    """Pipeline component: sets ``doc.places`` (reads LOC/PER entities when set)."""

    options: PlaceOptions = PlaceOptions()
    name: ClassVar[str] = "places"
    version: ClassVar[str] = "places.v1"
    assigns: ClassVar[tuple[str, ...]] = ("places",)

    @property
    def requires(self) -> tuple[str, ...]:
        """``mentions.loc`` when the options use entities."""
        return ("mentions.loc",) if self.options.use_entities else ()

    def __call__(self, doc: Doc) -> Doc:
        """Link the places of ``doc.text`` as of ``doc.published``."""
        places = find_places(doc.text, published=doc.published, entities=doc.entities or (),
                             options=self.options)
        return doc.with_layers(self.name, self.version, places=tuple(places))

"""Vietnam's administrative units, old (63 provinces) and new (34), loaded once.

The data file ``diemtin/data/places/units.json.gz`` is built by
``scripts/build_places.py``; hand-written aliases ("TP.HCM", "Thừa Thiên Huế", "Đăk
Lăk") are in ``aliases.tsv`` beside it. Names are looked up by :func:`name_key`: lower
case, spaces collapsed, no space around hyphens, one apostrophe.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Final

from diemtin.nlp.doc import AdminUnit

OLD: Final = "2008"
NEW: Final = "2025"
PROVINCE: Final = "province"
DISTRICT: Final = "district"
COMMUNE: Final = "commune"

_TYPES: Final = re.compile(r"^(Tỉnh|Thành phố|Quận|Huyện|Thị xã|Thị trấn|Xã|Phường|Đặc khu) ")
_HYPHEN: Final = re.compile(r"\s*-\s*")


@lru_cache(maxsize=1 << 14)
def name_key(name: str) -> str:
    """The lookup key of a place name.

    >>> name_key("Bà Rịa-Vũng  Tàu")
    'bà rịa-vũng tàu'
    """
    return _HYPHEN.sub("-", " ".join(name.replace("’", "'").lower().split()))


def split_type(full: str) -> tuple[str, str]:
    """``("Xã", "Tả Van")`` from ``"Xã Tả Van"``; the type is empty when there is none."""
    match = _TYPES.match(full)
    return (match.group(1), full[match.end():]) if match else ("", full)


@dataclass(frozen=True, slots=True)
class OldUnit:
    """A unit of the 2008 scheme and what it became: new commune codes and province."""

    unit: AdminUnit
    district: str
    successors: tuple[str, ...]
    new_province: str


@dataclass(frozen=True)
class Gazetteer:
    """Units by code and by name key, for both schemes."""

    old: dict[tuple[str, str], OldUnit]
    new: dict[tuple[str, str], AdminUnit]
    names: dict[str, tuple[tuple[str, str, str], ...]]
    aliases: dict[str, tuple[str, str]]
    province_first_words: frozenset[str]

    def lookup(self, name: str) -> tuple[tuple[str, str, str], ...]:
        """``(scheme, level, code)`` of every unit called ``name`` (aliases included)."""
        key = name_key(name)
        alias = self.aliases.get(key)
        found = self.names.get(key, ())
        return ((alias[0], PROVINCE, alias[1]), *found) if alias is not None else found

    def unit(self, scheme: str, level: str, code: str) -> AdminUnit:
        """The unit with ``code`` at ``level`` in ``scheme``."""
        if scheme == OLD:
            return self.old[(level, code)].unit
        return self.new[(level, code)]


def _index(names: dict[str, list[tuple[str, str, str]]], full: str, ref: tuple[str, str, str]
           ) -> None:
    _, short = split_type(full)
    names.setdefault(name_key(short), []).append(ref)


def _read_data() -> dict[str, Any]:
    ref = resources.files("diemtin").joinpath("data", "places", "units.json.gz")
    data: dict[str, Any] = json.loads(gzip.decompress(ref.read_bytes()).decode("utf-8"))
    return data


def _read_aliases() -> dict[str, tuple[str, str]]:
    ref = resources.files("diemtin").joinpath("data", "places", "aliases.tsv")
    aliases: dict[str, tuple[str, str]] = {}
    for line in ref.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            alias, scheme, code = line.split("\t")
            aliases[name_key(alias)] = (scheme, code)
    return aliases


@cache
def load_gazetteer() -> Gazetteer:
    """Load the units once per process (read-only afterwards)."""
    data = _read_data()
    old: dict[tuple[str, str], OldUnit] = {}
    new: dict[tuple[str, str], AdminUnit] = {}
    names: dict[str, list[tuple[str, str, str]]] = {}
    old_province_of_district: dict[str, str] = {}
    new_province_of: dict[str, str] = {}
    for code, full, new_code in data["provinces_2008"]:
        old[(PROVINCE, code)] = OldUnit(AdminUnit(OLD, PROVINCE, code, full, code), "", (),
                                        new_code)
        new_province_of[code] = new_code
        _index(names, full, (OLD, PROVINCE, code))
    for code, full in data["provinces_2025"]:
        new[(PROVINCE, code)] = AdminUnit(NEW, PROVINCE, code, full, code)
        _index(names, full, (NEW, PROVINCE, code))
    for code, full, province, *rest in data["districts_2008"]:
        successors = tuple(rest[0]) if rest else ()
        old[(DISTRICT, code)] = OldUnit(AdminUnit(OLD, DISTRICT, code, full, province), code,
                                        successors, new_province_of[province])
        old_province_of_district[code] = province
        _index(names, full, (OLD, DISTRICT, code))
    for code, full, district, successors in data["communes_2008"]:
        province = old_province_of_district[district]
        old[(COMMUNE, code)] = OldUnit(AdminUnit(OLD, COMMUNE, code, full, province), district,
                                       tuple(successors), new_province_of[province])
        _index(names, full, (OLD, COMMUNE, code))
    for code, full, province in data["communes_2025"]:
        new[(COMMUNE, code)] = AdminUnit(NEW, COMMUNE, code, full, province)
        _index(names, full, (NEW, COMMUNE, code))
    frozen = {key: tuple(refs) for key, refs in names.items()}
    aliases = _read_aliases()
    provinces = [split_type(unit.unit.name)[1] for (level, _), unit in old.items()
                 if level == PROVINCE] + list(aliases)
    first_words = frozenset(name_key(name).split(" ")[0].split("-")[0] for name in provinces)
    return Gazetteer(old, new, frozen, aliases, first_words)

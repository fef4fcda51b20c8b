#!/usr/bin/env python3
"""Build ``src/diemtin/data/places/units.json.gz`` from the ``vietnamadminunits`` package.

Vietnam went from 63 provinces to 34 and abolished districts on 1 July 2025. This script
turns the MIT-licensed dataset of the ``vietnamadminunits`` package (by Tran Ngoc Minh
Hieu) into one compact file: the 63 old and 34 new provinces, the 696 old districts, the
old communes with the new commune(s) each became part of, and the new communes, all
with their official codes and names in diemtin's normalized spelling.

The package depends on ``unidecode`` (GPL), so it is never a dependency of diemtin: it
is installed by hand, only to run this script::

    pip install vietnamadminunits
    python scripts/build_places.py            # writes the data file and prints checks

Checks and fixes (printed; see ``src/diemtin/data/places/README.md``):

* every old province, district and commune maps to a new unit, and every new commune
  has at least one predecessor; a mapping into another province than the province
  mapping says is reported;
* coordinates of a new commune that lie far from all of its predecessors were geocoded
  to a namesake elsewhere: they are replaced by the predecessors' median for the checks;
* an old commune split between several new ones ("divided") sometimes lists a new
  commune of a *namesake* in the other merged province (two "xã Phú Hữu" in Hậu Giang and
  Sóc Trăng, now both in Cần Thơ): a candidate more than ``FAR_KM`` away when another is
  within ``NEAR_KM`` is dropped.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import sqlite3
import statistics
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "diemtin" / "data" / "places" / "units.json.gz"
FAR_KM = 25.0
NEAR_KM = 15.0
GEOCODE_KM = 20.0

Row = dict[str, Any]
OldKey = str
NewKey = tuple[str, str]


def _package_dir() -> Path:
    try:
        import vietnamadminunits
    except ImportError:
        sys.exit("install the source first: pip install vietnamadminunits (build time only)")
    return Path(vietnamadminunits.__file__).parent


def _normalize(name: str) -> str:
    sys.path.insert(0, str(ROOT / "src"))
    from diemtin.text.normalize import normalize

    return " ".join(normalize(name).split())


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    rad = math.pi / 180
    x = (b[1] - a[1]) * rad * math.cos((a[0] + b[0]) / 2 * rad)
    return 6371.0 * math.hypot(x, (b[0] - a[0]) * rad)


class Source:
    """The package's tables and its 2025 conversion mapping, keyed as it keys them."""

    def __init__(self, package: Path) -> None:
        db = sqlite3.connect(package / "data" / "dataset.db")
        db.row_factory = sqlite3.Row
        self.old: list[Row] = [dict(r) for r in db.execute("SELECT * FROM admin_units_legacy")]
        self.new: list[Row] = [dict(r) for r in db.execute("SELECT * FROM admin_units")]
        conv = json.loads((package / "data" / "converter_2025.json").read_text("utf-8"))
        self.province_map: dict[str, list[str]] = conv["DICT_PROVINCE"]
        self.whole: dict[str, dict[str, list[str]]] = conv["DICT_PROVINCE_WARD_NO_DIVIDED"]
        self.divided: dict[str, dict[str, list[Row]]] = conv["DICT_PROVINCE_WARD_DIVIDED"]
        self.old_by_key = {self.old_key(r): r for r in self.old}
        self.new_by_key = {(r["provinceKey"], r["wardKey"]): r for r in self.new}

    @staticmethod
    def old_key(row: Row) -> OldKey:
        return f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey'] or ''}"

    def mappings(self) -> dict[OldKey, list[tuple[NewKey, bool, bool]]]:
        """Old key -> [(new key, divided, default)]."""
        out: dict[OldKey, list[tuple[NewKey, bool, bool]]] = defaultdict(list)
        for province, wards in self.whole.items():
            for ward, old_keys in wards.items():
                for key in old_keys:
                    out[key].append(((province, ward), False, True))
        for province, olds in self.divided.items():
            for key, candidates in olds.items():
                for c in candidates:
                    default = bool(c["isDefaultNewWard"])
                    out[key].append(((province, c["newWardKey"]), True, default))
        return out


def _point(row: Row, prefix: str) -> tuple[float, float] | None:
    lat, lon = row.get(prefix + "Lat"), row.get(prefix + "Lon")
    return (lat, lon) if lat is not None and lon is not None else None


def fix_new_points(src: Source, maps: dict[OldKey, list[tuple[NewKey, bool, bool]]],
                   report: dict[str, Any]) -> dict[NewKey, tuple[float, float]]:
    """New communes' points, replaced by their predecessors' median when far from all."""
    preds: dict[NewKey, list[tuple[float, float]]] = defaultdict(list)
    for key, targets in maps.items():
        point = _point(src.old_by_key[key], "ward")
        for new_key, divided, _ in targets:
            if point and not divided:
                preds[new_key].append(point)
    points: dict[NewKey, tuple[float, float]] = {}
    moved = []
    for new_key, row in src.new_by_key.items():
        own = _point(row, "ward")
        near = preds.get(new_key, [])
        median = (statistics.median(p[0] for p in near),
                  statistics.median(p[1] for p in near)) if near else None
        if own and median and min(_km(own, p) for p in near) > GEOCODE_KM:
            moved.append(f"{row['ward']} ({row['province']}, {row['wardCode']})")
            own = median
        if own or median:
            points[new_key] = own or median  # type: ignore[assignment]
    report["new_points_regeocoded"] = moved
    return points


def fix_divided(src: Source, maps: dict[OldKey, list[tuple[NewKey, bool, bool]]],
                points: dict[NewKey, tuple[float, float]],
                report: dict[str, Any]) -> dict[OldKey, list[NewKey]]:
    """Old key -> new keys, default first, without namesakes' candidates."""
    out: dict[OldKey, list[NewKey]] = {}
    dropped = []
    for key, targets in maps.items():
        ordered = sorted(targets, key=lambda t: not t[2])
        point = _point(src.old_by_key[key], "ward")
        keep = [t[0] for t in ordered]
        if point and len(ordered) > 1 and all(t[1] for t in ordered):
            dist = {t[0]: _km(point, points[t[0]]) for t in ordered if t[0] in points}
            if dist and min(dist.values()) <= NEAR_KM:
                keep = [k for k in keep if dist.get(k, 0.0) <= FAR_KM]
                ranked = sorted(keep, key=lambda k: dist.get(k, 0.0))
                if ordered[0][0] not in keep:
                    keep = ranked  # the default was the namesake's: nearest first
                for t in ordered:
                    if t[0] not in keep:
                        new = src.new_by_key[t[0]]
                        dropped.append(f"{key} -/-> {new['ward']} ({new['wardCode']}, "
                                       f"{dist[t[0]]:.0f} km)")
        out[key] = keep
    report["divided_candidates_dropped"] = dropped
    return out


def check(src: Source, maps: dict[OldKey, list[tuple[NewKey, bool, bool]]],
          report: dict[str, Any]) -> None:
    """Coverage and province consistency of the mapping."""
    new_of = {old: new for new, olds in src.province_map.items() for old in olds}
    report["old_units_unmapped"] = sorted(set(src.old_by_key) - set(maps))
    report["mapped_keys_unknown"] = sorted(set(maps) - set(src.old_by_key))
    report["new_communes_without_predecessor"] = sorted(
        f"{k[0]}/{k[1]}" for k in set(src.new_by_key) - {t[0] for v in maps.values() for t in v})
    report["cross_province"] = sorted(
        key for key, targets in maps.items()
        if any(new_of.get(key.split("_")[0]) != t[0][0] for t in targets))
    report["dangling_new_keys"] = sorted(
        f"{t[0]}" for v in maps.values() for t in v if t[0] not in src.new_by_key)
    report["keys_with_diacritics"] = sorted(
        r["wardKey"] for r in src.new if r["wardKey"] and not r["wardKey"].isascii())


def build(src: Source, mapped: dict[OldKey, list[NewKey]]) -> dict[str, Any]:
    """The compact data: lists of rows, names normalized, new commune codes per old one."""
    new_province = {old: new for new, olds in src.province_map.items() for old in olds}
    new_code = {r["provinceKey"]: r["provinceCode"] for r in src.new}
    provinces_old = {r["provinceCode"]: [
        r["provinceCode"], _normalize(r["province"]), new_code[new_province[r["provinceKey"]]],
    ] for r in src.old}
    provinces_new = {r["provinceCode"]: [r["provinceCode"], _normalize(r["province"])]
                     for r in src.new}
    districts = {r["districtCode"]: [
        r["districtCode"], _normalize(r["district"]), r["provinceCode"],
    ] for r in src.old}
    communes_old = []
    for key, row in sorted(src.old_by_key.items(), key=lambda kv: kv[1]["wardCode"] or ""):
        codes = [src.new_by_key[k]["wardCode"] for k in mapped.get(key, [])]
        if row["wardCode"]:
            communes_old.append([row["wardCode"], _normalize(row["ward"]), row["districtCode"],
                                 codes])
        else:  # island districts without communes became special zones (đặc khu)
            districts[row["districtCode"]].append(codes)
    communes_new = sorted([r["wardCode"], _normalize(r["ward"]), r["provinceCode"]]
                          for r in src.new)
    return {
        "source": "vietnamadminunits (MIT, Tran Ngoc Minh Hieu); see README.md",
        "provinces_2008": sorted(provinces_old.values()),
        "provinces_2025": sorted(provinces_new.values()),
        "districts_2008": sorted(districts.values()),
        "communes_2008": communes_old,
        "communes_2025": communes_new,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--report", type=Path, help="Write the checks as JSON here.")
    args = parser.parse_args(argv)
    src = Source(_package_dir())
    report: dict[str, Any] = {}
    maps = src.mappings()
    check(src, maps, report)
    points = fix_new_points(src, maps, report)
    mapped = fix_divided(src, maps, points, report)
    data = build(src, mapped)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    args.out.write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
    for name, items in report.items():
        print(f"{name}: {len(items)}")
        for item in items[:12]:
            print(f"    {item}")
    counts = {k: len(v) for k, v in data.items() if isinstance(v, list)}
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes): {counts}")
    if args.report:
        args.report.write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Validate a link gold file (``stories-*.jsonl``, format in notes/LINKDATA.md).

Checks every line is one JSON object with the expected fields and types, NFC text,
unique ids and urls, ISO 8601 ``+07:00`` dates, and that every ``copy_of`` names an
earlier-published article of the same story from another outlet. Prints counts and a
word-count range; exits 1 with one line per problem otherwise.

Usage: ``python bench/data/link/check.py [FILE ...]`` (default: the files beside it).
Stdlib only.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

FIELDS: dict[str, type | tuple[type, ...]] = {
    "id": str, "story": str, "copy_of": (str, type(None)), "url": str, "outlet": str,
    "published": str, "title": str, "lead": str, "body": list, "author": str,
}
MIN_STORY_SIZE = 3


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def field_problems(rec: dict[str, Any]) -> list[str]:
    """Problems with one record's fields, types, text normalization and date."""
    problems = [f"missing or mistyped field {name!r}" for name, kind in FIELDS.items()
                if not isinstance(rec.get(name), kind)]
    if set(rec) - set(FIELDS):
        problems.append(f"unknown fields {sorted(set(rec) - set(FIELDS))}")
    if problems:
        return problems
    if not rec["body"] or not all(isinstance(p, str) and p.strip() for p in rec["body"]):
        problems.append("body must be a non-empty list of non-empty strings")
    if any(unicodedata.normalize("NFC", s) != s for s in _strings(list(rec.values()))):
        problems.append("text is not NFC")
    if not rec["published"].endswith("+07:00"):
        problems.append("published must end in +07:00")
    try:
        datetime.fromisoformat(rec["published"])
    except ValueError:
        problems.append(f"bad date {rec['published']!r}")
    return problems


def load(path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Records of one JSONL file and the problems found line by line."""
    records: list[dict[str, Any]] = []
    problems: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as err:
            problems.append(f"{path.name}:{number}: invalid JSON ({err})")
            continue
        if not isinstance(rec, dict):
            problems.append(f"{path.name}:{number}: not an object")
            continue
        problems += [f"{path.name}:{number}: {p}" for p in field_problems(rec)]
        records.append(rec)
    return records, problems


def copy_problems(records: list[dict[str, Any]]) -> list[str]:
    """Problems with ``copy_of`` links: target exists, same story, earlier, other outlet."""
    by_id = {r["id"]: r for r in records}
    problems: list[str] = []
    for rec in records:
        target = by_id.get(rec["copy_of"]) if rec["copy_of"] else None
        if rec["copy_of"] and target is None:
            problems.append(f"{rec['id']}: copy_of {rec['copy_of']} not in file")
        if target is None:
            continue
        if target["story"] != rec["story"]:
            problems.append(f"{rec['id']}: copy of another story's article")
        if datetime.fromisoformat(target["published"]) >= datetime.fromisoformat(
                rec["published"]):
            problems.append(f"{rec['id']}: published before its original")
        if target["outlet"] == rec["outlet"]:
            problems.append(f"{rec['id']}: copy from the same outlet")
    return problems


def set_problems(records: list[dict[str, Any]]) -> list[str]:
    """Problems across the file: duplicate ids/urls, undersized multi-article stories."""
    problems = [f"duplicate {key} {value}" for key in ("id", "url")
                for value, n in Counter(r[key] for r in records).items() if n > 1]
    sizes = Counter(r["story"] for r in records)
    problems += [f"story {s} has {n} articles" for s, n in sizes.items()
                 if 1 < n < MIN_STORY_SIZE]
    return problems + copy_problems(records)


def summary(records: list[dict[str, Any]]) -> str:
    """One line of counts: articles, stories, singletons, copies, words per article."""
    sizes = Counter(r["story"] for r in records)
    multi = [n for n in sizes.values() if n >= MIN_STORY_SIZE]
    words = [len(" ".join([r["lead"], *r["body"]]).split()) for r in records]
    return (f"{len(records)} articles, {len(multi)} stories (sizes {min(multi, default=0)}-"
            f"{max(multi, default=0)}, mean {sum(multi) / max(len(multi), 1):.1f}), "
            f"{sum(n == 1 for n in sizes.values())} singletons, "
            f"{sum(r['copy_of'] is not None for r in records)} copies, "
            f"{min(words, default=0)}-{max(words, default=0)} words per lead+body")


def main(argv: list[str]) -> int:
    """Check the files named in ``argv`` (or every stories-*.jsonl beside this script)."""
    paths = [Path(a) for a in argv] or sorted(Path(__file__).parent.glob("stories-*.jsonl"))
    failed = False
    for path in paths:
        records, problems = load(path)
        problems += set_problems(records) if not problems else []
        print(f"{path.name}: {summary(records)}")
        for problem in problems:
            print(f"  {problem}")
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The author: a wire credit, the byline or signature the page shows, else declared names.

Declared authors are often a value every page of the site carries: the outlet's own
name, its domain, the editorial board ("Ban biên tập") or the CMS account ("Quản trị
viên", "admin"). Such names are never an author. A wire credit at the end of the body
("Theo TTXVN": the article is the agency's) ranks first, then JSON-LD authors (a CMS's
author field), then a signature closing the body, a byline near the headline and the
``<meta>`` authors. Names declared together ("A;B", two JSON-LD persons) stay together.
A credit that names no one ("PV", "CTV") is kept only when no group names a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from diemtin.extract._byline import clean_author, is_wire_credit
from diemtin.extract._metadata import Metadata
from diemtin.extract._title import key

_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+/?$", re.I)
# Folded role names of the accounts and desks that publish every page of a site.
_SITE_ROLES = re.compile(
    r"^(?:ban bien tap|bbt|toa soan|phong bien tap|thu ky toa soan|tong bien tap|"
    r"quan tri(?: vien)?|admin(?:istrator)?|webmaster|editor(?:ial)?(?: board| team| desk)?|"
    r"newsroom|staff|site admin|nguoi dang|bien tap vien|cong thong tin|trang thong tin|"
    r"ban tin|tin tuc|news desk|super user|superuser)\b"
)


# Folded credits that name no one: a desk's reporter or collaborator. A person's name
# declared elsewhere on the page ("<meta name=author>") is taken before them.
_GENERIC = re.compile(r"^(?:nhom )?(?:pv|ctv|btv|phong vien|cong tac vien|nhom pv)$")


@dataclass(frozen=True, slots=True)
class AuthorChoice:
    """The chosen author names (comma-separated) and where they came from."""

    text: str | None
    source: str


def pick_author(meta: Metadata, *, bylines: list[str], signatures: list[str],
                outlets: list[str]) -> AuthorChoice:
    """The article's author (see the module docstring); ``outlets`` name the site."""
    outlet_keys = {k for k in (outlet_key(o) for o in outlets) if k}
    wires = [s for s in signatures if is_wire_credit(s)]
    declared = _declared_groups(meta)
    groups: list[tuple[str, list[str]]] = [
        *(("signature", [s]) for s in wires),
        *declared[:1 if meta.ld_authors else 0],
        *(("signature", [s]) for s in signatures if s not in wires),
        *(("byline", [b]) for b in bylines),
        *declared[1 if meta.ld_authors else 0:],
    ]
    fallback: AuthorChoice | None = None
    for source, raws in groups:
        names = _names(raws, outlet_keys)
        if not names:
            continue
        if not all(_GENERIC.match(key(name)) for name in names):
            return AuthorChoice(", ".join(names), source)
        fallback = fallback or AuthorChoice(", ".join(names), source)
    return fallback or AuthorChoice(None, "none")


def _declared_groups(meta: Metadata) -> list[tuple[str, list[str]]]:
    """JSON-LD authors as one group, then ``<meta>`` authors grouped by tag."""
    groups: list[tuple[str, list[str]]] = []
    if meta.ld_authors:
        groups.append(("json-ld", list(meta.ld_authors)))
    for raw in meta.authors:
        origin = meta.origin("authors", raw)
        if groups and groups[-1][0] == origin:
            groups[-1][1].append(raw)
        else:
            groups.append((origin, [raw]))
    return groups


def _names(raws: list[str], outlet_keys: set[str]) -> list[str]:
    """The person or source names in ``raws``, without site-wide values."""
    names: list[str] = []
    for raw in raws:
        if raw.startswith(("http://", "https://", "/", "@")):
            continue
        cleaned = clean_author(raw)
        for name in cleaned.split(", ") if cleaned else []:
            if name not in names and not site_wide(name, outlet_keys):
                names.append(name)
    return names


def site_wide(name: str, outlet_keys: set[str]) -> bool:
    """True for a name every page of a site carries: the outlet, its domain, a desk or role.

    >>> site_wide("Ban biên tập", set()), site_wide("Báo Sông Lam", {"songlam"})
    (True, True)
    >>> site_wide("Nhóm PV", {"songlam"})
    False
    """
    if _DOMAIN.match(name) or _SITE_ROLES.match(key(name)):
        return True
    compact = outlet_key(name)
    return bool(compact) and any(compact == k or (len(k) >= 6 and k in compact)
                                 for k in outlet_keys)


def outlet_key(name: str) -> str:
    """"Báo VnExpress", "vnexpress.net" and "https://vnexpress.net/x" all give "vnexpress"."""
    if "://" in name or _DOMAIN.match(name):
        host = urlsplit(name if "://" in name else "//" + name).hostname or ""
        name = host.removeprefix("www.").split(".")[0]
    words = key(name).replace(" ", "")
    for prefix in ("baodientu", "tapchi", "bao"):
        if words.startswith(prefix) and len(words) > len(prefix) + 2:
            return words[len(prefix):]
    return words

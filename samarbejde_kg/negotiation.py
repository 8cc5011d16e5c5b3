"""HTTP content negotiation: which of the media types we offer a client's ``Accept`` prefers.

RFC 9110 §12.5.1: media ranges with quality values; the most specific range that matches a
type gives its quality; ``q=0`` means "not acceptable". Among equally acceptable types the
server's own order decides, so a client sending ``*/*`` gets the first type offered.

A ``format=`` parameter, for clients that cannot set ``Accept``, overrides it when it names a
format. Some clients send several ``format`` values, not all of them ours (SPARQLWrapper adds
its own Accept list as one), so a value we do not know is passed over rather than refused, as
long as ``Accept`` itself names an offered type.
"""
from __future__ import annotations

from .web import HTTPError


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``[(media range, q)]`` from an Accept header; none or empty means ``*/*``."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media if "/" in media else media + "/*", q))
    return ranges or [("*/*", 1.0)]


def quality(media_type: str, ranges: list[tuple[str, float]]) -> float:
    """The quality the client gives ``media_type``: from the most specific matching range."""
    kind, _, sub = media_type.lower().partition("/")
    best, specificity = 0.0, -1
    for media, q in ranges:
        r_kind, _, r_sub = media.partition("/")
        if media == media_type.lower():
            level = 2
        elif r_kind == kind and r_sub == "*":
            level = 1
        elif media == "*/*":
            level = 0
        else:
            continue
        if level > specificity:
            best, specificity = q, level
    return best


def choose(header: str | None, offered: list[str], *, wildcard: bool = True) -> str | None:
    """The offered media type the client prefers (ties: the first offered), or None (406);
    without ``wildcard``, only a type the header names (``*/*`` and no header count for nothing)."""
    ranges = parse_accept(header)
    if not wildcard:
        ranges = [(m, q) for m, q in ranges if m != "*/*"]
    scored = [(quality(m, ranges), -i, m) for i, m in enumerate(offered)]
    q, _, media = max(scored) if scored else (0.0, 0, None)
    return media if q > 0 else None


def negotiate(formats: list[str], header: str | None, offered: list[str], names: dict[str, str],
              aliases: dict[str, str] | None = None, listing: str | None = None) -> str:
    """The media type to answer with: the last ``format=`` value that is a name in ``names`` or a
    media type we know, else the ``Accept`` header's choice. ``aliases`` are other types accepted
    for an offered one (answered as that one). A known format that is not offered, or an unknown
    one when ``Accept`` names nothing offered either, is a 400; no acceptable type a 406."""
    formats = [v for v in formats if v.strip()]   # an empty one (a form's default) says nothing
    aliases = aliases or {}
    listing = listing or ", ".join(offered)   # the formats a format= can name
    known = set(names.values()) | set(offered) | set(aliases)
    for value in reversed(formats):
        media = names.get(value.strip().lower(), value.strip().lower())
        if media in known:
            media = aliases.get(media, media)
            if media not in offered:
                raise HTTPError(400, "format_not_offered", value=value, offered=listing)
            return media
    media = choose(header, offered + list(aliases), wildcard=not formats)
    if media is None and formats:
        raise HTTPError(400, "format_not_offered", value=formats[-1], offered=listing)
    if media is None:
        raise HTTPError(406, "not_acceptable", offered=", ".join(offered))
    return aliases.get(media, media)

"""HTTP content negotiation: which of the media types we offer a client's ``Accept`` prefers.

RFC 9110 §12.5.1: media ranges with quality values; the most specific range that matches a
type gives its quality; ``q=0`` means "not acceptable". Among equally acceptable types the
server's own order decides, so a client sending ``*/*`` gets the first type offered.
"""
from __future__ import annotations


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


def choose(header: str | None, offered: list[str]) -> str | None:
    """The offered media type the client prefers (ties: the first offered), or None (406)."""
    ranges = parse_accept(header)
    scored = [(quality(m, ranges), -i, m) for i, m in enumerate(offered)]
    q, _, media = max(scored) if scored else (0.0, 0, None)
    return media if q > 0 else None

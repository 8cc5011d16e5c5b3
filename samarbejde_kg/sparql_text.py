"""Reading SPARQL text for its keywords without a full parse: strings, IRIs and comments masked.

Two uses: whether a query declares its dataset (FROM / FROM NAMED, for the protocol), and where
its outermost group pattern opens (to bind a named query's parameters there).
"""
from __future__ import annotations

import re

# strings, IRIs and comments: they may contain keywords that are not keywords
_NOT_KEYWORDS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
_FROM = re.compile(r"(?i)(?<![\w:?$])FROM\s+(?:NAMED\s+)?(?:<|[\w.-]*:)")
_WHERE = re.compile(r"(?i)(?<![\w:?$])WHERE\s*\{")


def masked(query: str) -> str:
    """The query with every string, IRI and comment blanked out, character for character."""
    return _NOT_KEYWORDS.sub(lambda m: "<" + " " * (len(m.group(0)) - 2) + ">" if m.group(0).startswith("<")
                             else " " * len(m.group(0)), query)


def declares_dataset(query: str) -> bool:
    """Whether the query has FROM or FROM NAMED clauses (which then define its dataset)."""
    return bool(_FROM.search(masked(query)))


def where_opens(query: str) -> int | None:
    """The offset just inside the outermost WHERE group (the first ``WHERE {`` in the text), or None."""
    found = _WHERE.search(masked(query))
    return found.end() if found else None

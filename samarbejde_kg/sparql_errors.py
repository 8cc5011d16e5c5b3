"""One-line messages for queries the package will not run: SPARQL syntax errors and SERVICE.

Oxigraph reports a syntax error as the grammar alternatives its parser tried, including
character classes spread over several lines ("expected one of Prefix not found, ['%'], …"),
and an unknown prefix in subject position only as "expected OPTIONAL". A person needs the
line, the column and what is wrong, in one line: an undeclared prefix is named, otherwise
the text near the error and the keywords or tokens that could have come there.
"""
from __future__ import annotations

import re

from .sparql_text import line_column, service_at, undeclared_prefix

_POSITION = re.compile(r"error at (\d+):(\d+): (?:expected (?:one of )?)?(.*)", re.S)
_CHAR_CLASS = re.compile(r"\[(?:'(?:[^'\\]|\\.)*'|[^\]'])*\]")
MAX_EXPECTED = 8   # a longer list of alternatives says nothing useful


def service_refused(query: str) -> str | None:
    """Why a query with SERVICE is refused (with its position), or None for any other query.

    A SERVICE clause makes the store send HTTP requests wherever the query says: from a
    server, to hosts behind its firewall (request forgery); and the package does not use
    the network at runtime."""
    at = service_at(query)
    if at is None:
        return None
    line, column = line_column(query, at)
    return (f"SERVICE (a federated query) is not allowed: only this knowledge graph is queried "
            f"(line {line}, column {column})")


def syntax_message(query: str, error: Exception, known_prefixes=()) -> str:
    """A one-line description of a SPARQL syntax error in ``query`` (callers say "syntax error")."""
    found = undeclared_prefix(query, known_prefixes)
    if found:
        prefix, at = found
        line, column = line_column(query, at)
        return f"prefix {prefix}: is not declared (line {line}, column {column})"
    text = str(getattr(error, "msg", None) or error)
    m = _POSITION.match(text)
    if not m:
        return " ".join(text.split())
    line, column, expected = int(m.group(1)), int(m.group(2)), m.group(3)
    where = f"line {line}, column {column}"
    lines = query.split("\n")
    if line <= len(lines):
        near = _near(lines[line - 1], column)
        where += f", near {near!r}" if near else ", at the end"
    alternatives = [a.strip() for a in _CHAR_CLASS.sub("", expected).split(", ")]
    alternatives = [a for a in alternatives if a and a != "[_]"]
    sentences = [a for a in alternatives if " " in a and not a.startswith('"')]
    if sentences:
        return f"{'; '.join(sentences)} ({where})"
    if alternatives and len(alternatives) <= MAX_EXPECTED:
        return f"{where}: expected {' or '.join(alternatives)}"
    return where


def _near(line: str, column: int, width: int = 20) -> str:
    """The whole words of ``line`` around a 1-based column."""
    start, end = max(0, column - 1 - width), min(len(line), column - 1 + width // 2)
    while start > 0 and not line[start - 1].isspace():
        start += 1
    while end < len(line) and not line[end].isspace():
        end += 1
    return line[start:end].strip()

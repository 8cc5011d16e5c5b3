"""Reading SPARQL text for its keywords without a full parse: strings, IRIs and comments masked.

Oxigraph parses and runs a query in one call and offers no syntax tree, yet the package must
know a few things before it runs one: whether it declares its dataset (FROM / FROM NAMED, for
the protocol), whether it calls another service (SERVICE, refused: no network at runtime),
where its outermost group pattern and its subqueries are (to bind a named query's
parameters), and which prefixes it uses but does not declare (to say so when parsing fails).
"""
from __future__ import annotations

import re

# strings, IRIs, comments and escapes in prefixed names (``ex:a\'b``): they may contain
# keywords, quotes or braces that are not part of the query's structure
_NOT_KEYWORDS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
                           r'|<[^<>"{}|^`\\\s]*>|#[^\n]*|\\.')
_FROM = re.compile(r"(?i)(?<![\w:?$])FROM\s+(?:NAMED\s+)?(?:<|[\w.-]*:)")
# a keyword, not part of a variable, prefixed name, blank node label or language tag
_STRUCTURE = re.compile(r"(?i)[{}]|(?<![\w:?$@\-])(SELECT|CONSTRUCT|ASK|DESCRIBE|WHERE|SERVICE)(?![\w:\-])")
_PREFIXED = re.compile(r"(?<![\w:?$@\-.\\])([^\W\d_](?:[\w.\-]*[\w\-])?)?:")
_DECLARED = re.compile(r"(?i)(?<![\w:?$@\-])PREFIX\s+((?:[^\W\d_](?:[\w.\-]*[\w\-])?)?):")


def masked(query: str) -> str:
    """The query with every string, IRI and comment blanked out, character for character."""
    return _NOT_KEYWORDS.sub(lambda m: "<" + " " * (len(m.group(0)) - 2) + ">" if m.group(0).startswith("<")
                             else " " * len(m.group(0)), query)


def declares_dataset(query: str) -> bool:
    """Whether the query has FROM or FROM NAMED clauses (which then define its dataset)."""
    return bool(_FROM.search(masked(query)))


def service_at(query: str) -> int | None:
    """The offset of the first SERVICE keyword (a federated query), or None."""
    return next((m.start() for m in _STRUCTURE.finditer(masked(query)) if (m.group(1) or "").upper() == "SERVICE"), None)


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of an offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


class Structure:
    """The outermost group pattern of a query and its subqueries, as offsets into the text."""

    def __init__(self, query: str):
        self.plain = plain = masked(query)
        groups, subqueries, stack, form, previous = [], [], [], None, None
        for m in _STRUCTURE.finditer(plain):
            token = m.group(0).upper()
            if token == "{":
                stack.append((m.start(), previous))
            elif token == "}" and stack:
                start, before = stack.pop()
                if not stack:
                    groups.append((start, m.start(), before))
                for sub in subqueries:
                    if sub[1] is None and sub[0] > start:
                        sub[1] = m.start()
            elif token == "SELECT" and stack:
                subqueries.append([m.start(), None])
            elif token in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE") and form is None:
                form = token
            previous = token
        # the WHERE group: the first top-level group, except after a CONSTRUCT template
        if form == "CONSTRUCT" and groups and groups[0][2] != "WHERE":
            groups = groups[1:]
        self.where = (groups[0][0] + 1, groups[0][1]) if groups else None
        self.subqueries = [(start, end if end is not None else len(plain)) for start, end in subqueries]

    def uses(self, variable: str) -> list[int]:
        """Offsets of the variable's occurrences in the WHERE group."""
        if self.where is None:
            return []
        pattern = re.compile(rf"[?$]{re.escape(variable)}(?![\w\u00B7\u0300-\u036F\u203F\u2040])")
        return [m.start() for m in pattern.finditer(self.plain, *self.where)]

    def hidden_in_subquery(self, variable: str) -> bool:
        """Whether the variable occurs inside a subquery that does not select it: there it is
        another variable, which a binding in the outer query does not reach."""
        for at in self.uses(variable):
            for start, end in self.subqueries:
                if start <= at < end and not self._selects(start, variable):
                    return True
        return False

    def _selects(self, start: int, variable: str) -> bool:
        head = self.plain[start + len("SELECT"):]
        head = head[:min((i for i in (head.find("{"), _where(head)) if i >= 0), default=len(head))]
        while re.search(r"\([^()]*\)", head):   # expressions ``(… AS ?x)`` do not select their inputs
            head = re.sub(r"\([^()]*\)", " ", head)
        return "*" in head or re.search(rf"[?$]{re.escape(variable)}\b", head) is not None


def _where(text: str) -> int:
    found = re.search(r"(?i)(?<![\w:?$@\-])WHERE(?![\w:\-])", text)
    return found.start() if found else -1


def undeclared_prefix(query: str, known=()) -> tuple[str, int] | None:
    """The first prefixed name whose prefix the query does not declare (nor ``known``
    supplies), as (prefix, offset), or None."""
    plain = masked(query)
    declarations = list(_DECLARED.finditer(plain))
    declared = set(known) | {m.group(1) for m in declarations}
    colons = {m.end() - 1 for m in declarations}
    for m in _PREFIXED.finditer(plain):
        if m.end() - 1 not in colons and (m.group(1) or "") not in declared:
            return m.group(1) or "", m.start()
    return None

"""A rule's INSERT template without its provenance links: the lean variant of a rule.

A profile reads results only, and writing the ``prov:`` links costs about a third of the
rules' time (a third of the statements, and one rule writes nothing else). Since no rule
reads ``prov:`` statements (rules/README.md), leaving them out of the templates changes
nothing else. The lean text is built from the template rdflib parsed, so it does not depend
on how the rule's author laid the template out; it is checked by parsing it again, and a
rule whose template cannot be rewritten keeps its full text (the engine then deletes the
links after the run, as before).
"""
from __future__ import annotations

import re

from . import namespaces as ns

PROVENANCE = (ns.PREFIXES["prov"] + "wasGeneratedBy", ns.PREFIXES["prov"] + "wasDerivedFrom")
_IRI = re.compile(r'<[^<>"{}|^`\\\s]*>')
_INSERT = re.compile(r"INSERT\b", re.IGNORECASE)


def is_provenance(triple) -> bool:
    return str(triple[1]) in PROVENANCE


def lean_text(text: str, template: list, graph: str) -> str | None:
    """``text`` with a template of only the non-provenance triples of ``template``.

    ``None`` when the rule writes nothing but provenance; ``text`` itself when it writes none
    or when the template cannot be located (one INSERT, one template, is the convention).
    """
    kept = [t for t in template if not is_provenance(t)]
    if len(kept) == len(template):
        return text
    if not kept:
        return None
    span = template_span(text)
    if span is None:
        return text
    body = " .\n  ".join(" ".join(_term(t) for t in triple) for triple in kept)
    lean = f"{text[:span[0]]}{{ GRAPH <{graph}> {{\n  {body} .\n}} }}{text[span[1]:]}"
    return lean if _same_template(lean, kept) else text


def template_span(text: str) -> tuple[int, int] | None:
    """Where the braces of the (single) INSERT template are: skips comments, strings and IRIs."""
    i, depth, start, inserting, n = 0, 0, None, False, len(text)
    while i < n:
        ch = text[i]
        if ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if ch in "\"'":
            i = _string_end(text, i)
            continue
        if ch == "<" and (m := _IRI.match(text, i)):
            i = m.end()
            continue
        if not inserting and _INSERT.match(text, i) and (i == 0 or not text[i - 1].isalnum()):
            inserting, i = True, i + 6
            continue
        if inserting and ch == "{":
            start = i if depth == 0 else start
            depth += 1
        elif inserting and ch == "}":
            depth -= 1
            if depth == 0:
                return start, i + 1
        i += 1
    return None


def _string_end(text: str, i: int) -> int:
    quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else text[i]
    j = i + len(quote)
    while j < len(text):
        if text[j] == "\\":
            j += 2
        elif text.startswith(quote, j):
            return j + len(quote)
        else:
            j += 1
    return len(text)


def _term(term) -> str:
    from rdflib.term import BNode, Variable

    if isinstance(term, Variable):
        return f"?{term}"
    if isinstance(term, BNode):
        return f"_:{term}"
    return term.n3()


def _shape(triple) -> str:
    """A triple as text, blank nodes unlabelled (parsing again relabels them)."""
    from rdflib.term import BNode

    return " ".join("[]" if isinstance(x, BNode) else _term(x) for x in triple)


def _same_template(text: str, kept: list) -> bool:
    from .rules import insert_template

    try:
        again = insert_template(text)
    except Exception:
        return False
    return sorted(map(_shape, again)) == sorted(map(_shape, kept))

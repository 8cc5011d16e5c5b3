"""Named SPARQL queries from ``queries/*.rq``: header metadata, parameters, execution.

A query's name is its file name without ``.rq`` (``checks/…`` for the QC queries). The
header gives a summary in English and Danish and the parameters a caller may bind (each
described in English, ``# parameter: ?name text``, and in Danish, ``# parameter@da: ?name tekst``); a value is
bound by BIND in the outer query (or Oxigraph's SEP-0007 substitution where BIND cannot take
it), so a query file stays plain SPARQL.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from . import namespaces as ns
from . import resources
from .errors import InputError
from .sparql_text import Structure

HEADER = re.compile(r"^#\s*(summary|parameter)(?:@(\w+))?\s*:\s*(.*)$")


@dataclass
class NamedQuery:
    name: str
    path: Path
    text: str
    summary: dict = field(default_factory=dict)
    parameters: dict = field(default_factory=dict)  # name -> description (English, else the first given)
    parameter_texts: dict = field(default_factory=dict)  # name -> {lang: description}


def parse(path: Path, name: str | None = None) -> NamedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), where=str(path)) from None
    except UnicodeDecodeError as exc:
        line = exc.object[:exc.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text (byte 0x{exc.object[exc.start]:02x} on line {line}); save the query as UTF-8",
                         where=str(path)) from None
    query = NamedQuery(name or path.stem, path, text)
    for line in text.splitlines():
        m = HEADER.match(line)
        if not m:
            continue
        kind, lang, value = m.groups()
        if kind == "summary":
            query.summary[lang or "en"] = value.strip()
        else:
            var, _, description = value.strip().partition(" ")
            texts = query.parameter_texts.setdefault(var.lstrip("?$"), {})
            texts[lang or "en"] = description.strip()
    for var, texts in query.parameter_texts.items():
        query.parameters[var] = texts.get("en") or next(iter(texts.values()))
    return query


def registry() -> dict[str, NamedQuery]:
    """Every bundled query by name (read again only when a file changes: the server and a
    profile ask for queries many times)."""
    paths = resources.files("queries", "*.rq")
    return dict(_registry(str(resources.folder("queries")), tuple((str(p), p.stat().st_mtime_ns) for p in paths)))


@lru_cache(maxsize=8)
def _registry(root: str, files: tuple) -> tuple:
    found = []
    for path, _ in files:
        name = Path(path).relative_to(root).with_suffix("").as_posix()
        found.append((name, parse(Path(path), name)))
    return tuple(found)


def get(name_or_file: str) -> NamedQuery:
    """A query by name, or a ``.rq`` file given by path."""
    if name_or_file.endswith(".rq") or "/" in name_or_file and Path(name_or_file).exists():
        path = Path(name_or_file)
        if not path.exists():
            raise InputError("no such query file", where=name_or_file)
        return parse(path)
    queries = registry()
    if name_or_file not in queries:
        known = ", ".join(sorted(n for n in queries if not n.startswith("checks/")))
        raise InputError(f"unknown query {name_or_file!r}; known queries: {known}")
    return queries[name_or_file]


def run(kg, query: NamedQuery, bindings: dict | None = None):
    """Execute over the union of all graphs; ``bindings`` fill declared parameters."""
    subs = {}
    for name, term in (bindings or {}).items():
        # a named query takes only what it declares; a .rq file without a header may bind any variable
        if name not in query.parameters and (query.parameters or query.name in registry()):
            raise InputError(f"query {query.name!r} has no parameter {name!r}; it has: {', '.join(query.parameters) or 'none'}")
        subs[ox.Variable(name)] = term
    text, subs = bound(query.text, subs, query.name)
    try:
        return kg.query(text, substitutions=subs or None)
    except InputError as exc:   # refused before it ran (SERVICE)
        raise InputError(str(exc), where=exc.where or str(query.path)) from None
    except SyntaxError as exc:
        if is_update(query.text):
            raise InputError("is a SPARQL update, not a query: queries only read the graph "
                             "('samarbejde reason' changes it)", where=str(query.path)) from None
        if text != query.text:   # say where the error is in the file, not in the bound text
            exc = original_error(query.text) or exc
        raise InputError(f"SPARQL syntax error: {exc}", where=str(query.path)) from None
    except RuntimeError as exc:
        if not subs:
            raise
        # Oxigraph substitutes only a variable the query selects
        raise InputError(f"cannot bind {', '.join('?' + v.value for v in subs)}: {exc}", where=str(query.path)) from None


def is_update(text: str) -> bool:
    """Whether ``text`` parses as a SPARQL update (parsed only, never run)."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(ns.sparql_prefixes() + text)
    except Exception:
        return False
    return True


def original_error(text: str) -> SyntaxError | None:
    from .store import KnowledgeGraph

    try:
        KnowledgeGraph(ontology=False).query(text)
    except SyntaxError as exc:
        return exc
    return None


def bound(text: str, subs: dict, name: str = "query") -> tuple[str, dict]:
    """The query with its parameters bound by ``BIND`` at the top of its WHERE group, where
    that is the same as substituting them (SEP-0007), else the query and the substitutions.

    Oxigraph plans a query without looking at substituted values, so a query restricted to
    one collaboration still walks every degree (65 ms at the `denmark` scale); bound at the
    top of the group, the value starts the evaluation (0.3 ms). Not done for a variable the
    query assigns itself (``AS ?x``) or for a blank node, which BIND cannot take.

    A parameter used inside a subquery that does not select it is another variable there:
    neither BIND nor Oxigraph's substitution reaches it, so the query would silently ignore
    the value. That is refused (InputError) instead.
    """
    if not subs:
        return text, subs
    structure = Structure(text)
    for var in subs:
        if structure.hidden_in_subquery(var.value):
            raise InputError(f"parameter ?{var.value} of {name} is used inside a subquery that does not select it, "
                             f"so it cannot be bound; select ?{var.value} in the subquery or use it in the outer query")
    plain = structure.plain
    if structure.where is None or any(not isinstance(t, (ox.NamedNode, ox.Literal)) or
                                      re.search(rf"(?i)\bAS\s+[?$]{re.escape(v.value)}\b", plain) for v, t in subs.items()):
        return text, subs
    at = structure.where[0]
    binds = "".join(f" BIND({term} AS ?{var.value})" for var, term in subs.items())
    return text[:at] + binds + text[at:], {}


def select(kg, name: str, **bindings) -> list[dict]:
    """Rows of a named SELECT query as dicts of Python values."""
    from .store import python_rows

    terms = {k: v if isinstance(v, (ox.NamedNode, ox.Literal, ox.BlankNode)) else ox.NamedNode(v)
             for k, v in bindings.items()}
    return python_rows(run(kg, get(name), terms))

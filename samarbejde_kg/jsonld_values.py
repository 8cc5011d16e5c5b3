"""JSON-LD values that would become invalid IRIs, named instead of silently dropped.

The JSON-LD algorithms drop a statement whose IRI is not valid: ``"indikator": "Personlig
prioritering"`` (a label, with a space, where the context expects the indicator's name)
would vanish, and validation would only say that the evidence names no indicator. Every
value that the context turns into an IRI (``@id``, ``@type``, terms typed ``@id`` or
``@vocab``) is checked before parsing, and the first invalid one is an input error naming
the file, line and column, with the name of the term whose label it is when there is one.

The active context is followed as documents in this project use it (object contexts,
possibly nested, and the shipped one inlined); anything else is left to the parser.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox

from . import namespaces as ns
from .errors import InputError

LABELS = ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label")


def check_iris(path: Path, original: bytes, inlined: bytes, store: ox.Store | None = None) -> None:
    """Raise InputError for the first value that would expand to an invalid IRI.

    ``original`` is the file as written (for the position), ``inlined`` the document with the
    shipped context inlined, ``store`` a store whose ontology graph can name a label's term.
    """
    problem = first_invalid(json.loads(inlined), {})
    if problem is None:
        return
    key, value, kind, reason = problem
    text = original.decode("utf-8-sig")
    if kind == "vocab":
        name = term_for_label(store, value)
        hint = f"; did you mean {json.dumps(name, ensure_ascii=False)}?" if name else \
            "; write the name of a term of the ontology (without spaces) or a full IRI"
        message = f"{json.dumps(key)}: {value!r} is neither a name in the ontology nor a valid IRI{hint}"
    else:
        message = f"{json.dumps(key)}: {value!r} is not a valid IRI ({reason}), so it would be dropped"
    raise InputError(message, where=position(path, text, key, value))


def first_invalid(node, context: dict):
    """(key, value, kind, reason) of the first value expanding to an invalid IRI, else None."""
    if isinstance(node, list):
        return next((p for p in (first_invalid(n, context) for n in node) if p), None)
    if not isinstance(node, dict):
        return None
    context = merged(context, node.get("@context"))
    for key, value in node.items():
        if key == "@context":
            continue
        kind = value_kind(key, context)
        if kind:
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str) and not item.startswith(("@", "_:")):
                    reason = invalid(expand(item, kind, context))
                    if reason:
                        return key, item, kind, reason
        found = first_invalid(value, context)
        if found:
            return found
    return None


def merged(context: dict, local) -> dict:
    """The active context after a node's ``@context`` (object contexts only)."""
    if local is None:
        return context
    result = dict(context)
    for part in local if isinstance(local, list) else [local]:
        if part is None:
            result = {}
        elif isinstance(part, dict):
            result.update(part)
    return result


def value_kind(key: str, context: dict) -> str | None:
    """'id' when the key's string values are IRIs relative to the base, 'vocab' when they
    are names relative to the vocabulary, else None."""
    definition = context.get(key)
    keyword = definition if isinstance(definition, str) and definition.startswith("@") else key
    if keyword == "@id":
        return "id"
    if keyword == "@type":
        return "vocab"
    if isinstance(definition, dict):
        return {"@id": "id", "@vocab": "vocab"}.get(definition.get("@type"))
    return None


def expand(value: str, kind: str, context: dict) -> str | None:
    """The IRI a value stands for (None when it cannot be told here)."""
    if kind == "vocab" and value in context:
        definition = context[value]
        value = definition.get("@id") if isinstance(definition, dict) else definition
        if not isinstance(value, str):
            return None
    prefix, colon, rest = value.partition(":")
    if colon and not rest.startswith("//") and isinstance(context.get(prefix), str):
        return context[prefix] + rest
    if colon and re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", prefix):
        return value
    if kind == "vocab":
        vocab = context.get("@vocab")
        return vocab + value if isinstance(vocab, str) else None
    base = context.get("@base")
    return (base if isinstance(base, str) else ns.base()) + value


def invalid(iri: str | None) -> str | None:
    """Why ``iri`` is not a valid IRI, or None."""
    if iri is None:
        return None
    try:
        ox.NamedNode(iri)
    except ValueError as exc:
        return str(exc)
    return None


def term_for_label(store: ox.Store | None, label: str) -> str | None:
    """The name (in the vocabulary) of the ontology term with this label, any case."""
    if store is None:
        return None
    wanted = label.strip().casefold()
    graph = ox.NamedNode(ns.ONTOLOGY_GRAPH)
    found = sorted(q.subject.value for p in LABELS for q in store.quads_for_pattern(None, ox.NamedNode(p), None, graph)
                   if isinstance(q.subject, ox.NamedNode) and q.object.value.strip().casefold() == wanted)
    if not found:
        return None
    return found[0].removeprefix(ns.SK)


def position(path: Path, text: str, key: str, value: str) -> str:
    """``path:line:col`` of the value after its key in the file as written, else ``path``."""
    literal = "(?:" + "|".join(re.escape(json.dumps(value, ensure_ascii=a)) for a in (False, True)) + ")"
    match = re.search(re.escape(json.dumps(key)) + r'\s*:\s*(?:\[[^\]]*?)?(' + literal + ")", text)
    if match is None:
        return str(path)
    start = match.start(1)
    line = text.count("\n", 0, start) + 1
    return f"{path}:{line}:{start - text.rfind(chr(10), 0, start)}"

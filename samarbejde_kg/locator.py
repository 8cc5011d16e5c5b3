"""Where an entity of the ontology is described: the file and line to point a knowledge
engineer at when ``samarbejde check`` finds a problem with it.
"""
from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from . import namespaces as ns
from . import resources


class Locator:
    """Finds the file and line where an IRI is described, to point a knowledge engineer at it.

    An entity is often mentioned as a subject in several files (an indicator in
    ``indicators.ttl``, again in ``exclusions.ttl``); the file that describes it is the one
    that types it (``rdf:type``), else the one with most statements about it. In that file the
    line is where a subject block that types it starts, else where any block about it starts.
    """

    def __init__(self):
        self.texts = {p: p.read_text(encoding="utf-8").splitlines()
                      for p in resources.files("ontology") if p.suffix.lower() in (".ttl", ".turtle")}
        self.statements: dict[str, dict[Path, list[int]]] = {}     # subject -> file -> [typed, statements]
        rdf_type = ns.PREFIXES["rdf"] + "type"
        for path in self.texts:
            try:
                triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=ns.base()))
            except (SyntaxError, OSError):
                continue
            for t in triples:
                if isinstance(t.subject, ox.NamedNode):
                    counts = self.statements.setdefault(t.subject.value, {}).setdefault(path, [0, 0])
                    counts[0] += t.predicate.value == rdf_type
                    counts[1] += 1

    def patterns(self, iri: str) -> list[str]:
        forms = [f"<{re.escape(iri)}>"]
        if iri.startswith(ns.base()):
            forms.append(f"<{re.escape(iri[len(ns.base()):])}>")
        for prefix, namespace in ns.PREFIXES.items():
            if iri.startswith(namespace) and len(iri) > len(namespace):
                forms.append(re.escape(f"{prefix}:{iri[len(namespace):]}") + r"(?=[\s;,.])")
        return forms

    def files(self, iri: str) -> list[Path]:
        """The files to look in, the one that describes the entity first."""
        counts = self.statements.get(iri, {})
        described = sorted(counts, key=lambda p: (-min(counts[p][0], 1), -counts[p][1], str(p)))
        return described + [p for p in self.texts if p not in counts]

    def __call__(self, iri: str) -> str:
        shown = compact(iri)
        forms = self.patterns(iri)
        starts = [re.compile(rf"^\s*{form}") for form in forms]
        typed = [re.compile(rf"^\s*{form}\s+(a|rdf:type)\s") for form in forms]
        for path in self.files(iri):
            lines = self.texts[path]
            for wanted in (typed, starts):
                number = next((n for n, line in enumerate(lines, 1) if any(p.match(line) for p in wanted)), None)
                if number is not None:
                    return f"{resources.relative(path)}:{number}: {shown}"
        return shown


def compact(iri: str) -> str:
    for prefix, namespace in ns.PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    if iri.startswith(ns.base()):
        return f"<{iri[len(ns.base()):]}>"
    return iri

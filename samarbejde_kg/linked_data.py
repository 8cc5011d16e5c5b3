"""Linked data: which IRIs the server publishes, and what it says about each.

An IRI is published at the path it has under its namespace's host: with the default base
``https://w3id.org/samarbejde-kg/id/``, ``<…/id/kommune/0101>`` is served at
``/samarbejde-kg/id/kommune/0101``; the ontology (``…/def``), the rules (``…/rule/…``) and
the named graphs (``…/graph/…``, described by dataset.py) likewise. So a deployment on the
base's own host (or behind a w3id redirect) makes every instance IRI dereferenceable, and
``--base http://localhost:8000/id/`` does so on a laptop.

A resource's description is its concise bounded description extended to the nodes that
belong to it: blank nodes, and IRIs under its own IRI (``…/kommune/0101/profil/2023-05-01``,
``…/samarbejde/…/grad/4/P``), reached by links either way. It keeps the named graph of each
statement (N-Quads and TriG show what is stated and what is inferred) and adds the statements
that link to the resource from elsewhere, so a client can follow them back. The ontology's
own IRI is described by the ontology: every statement of the ontology graph except the
reference data (instances under the instance base), with the blank nodes of its axioms
(restrictions, lists), so that OWL tools read it complete.

JSON-LD is written as triples (a graph, not a dataset) compacted with the project's own
context (``ontology/context.jsonld``) inline, so a JSON-LD client needs nothing from the
network; N-Quads and TriG keep each statement's graph.
"""
from __future__ import annotations

from urllib.parse import quote, urlsplit

import pyoxigraph as ox

from . import namespaces as ns
from .store import ONTOLOGY, KnowledgeGraph, context_document

PROJECT = "https://w3id.org/samarbejde-kg/"
FORMATS = {   # media type -> (Oxigraph format, file extension); the order is the server's preference
    "text/turtle": (ox.RdfFormat.TURTLE, "ttl"),
    "application/ld+json": (ox.RdfFormat.JSON_LD, "jsonld"),
    "application/n-triples": (ox.RdfFormat.N_TRIPLES, "nt"),
    "application/rdf+xml": (ox.RdfFormat.RDF_XML, "rdf"),
    "application/n-quads": (ox.RdfFormat.N_QUADS, "nq"),
    "application/trig": (ox.RdfFormat.TRIG, "trig"),
}
EXTENSIONS = {ext: media for media, (_, ext) in reversed(FORMATS.items())} | {"html": "text/html"}
INCOMING_LIMIT = 2000   # links from elsewhere listed with a resource (a model is the object of millions)


def namespaces() -> list[str]:
    """The IRI namespaces the server publishes, the most specific first."""
    return sorted({ns.base(), PROJECT}, key=len, reverse=True)


def iri_for_path(path: str) -> str | None:
    """The IRI published at a request path, or None."""
    for space in namespaces():
        prefix = urlsplit(space).path
        if path.startswith(prefix) and len(path) > len(prefix):
            return space + path[len(prefix):]
    return None


def path_for_iri(iri: str) -> str | None:
    """The local path that serves an IRI, or None for an IRI we do not publish."""
    for space in namespaces():
        if iri.startswith(space) and len(iri) > len(space):
            return quote(urlsplit(space).path + iri[len(space):].split("#", 1)[0], safe="/:@!$&'()*+,;=-._~%")
    return None


def split_extension(path: str) -> tuple[str, str | None]:
    """``/…/0101.ttl`` -> (``/…/0101``, ``text/turtle``); a path without a known extension is kept."""
    stem, dot, ext = path.rpartition(".")
    if dot and "/" not in ext and ext.lower() in EXTENSIONS:
        return stem, EXTENSIONS[ext.lower()]
    return path, None


def is_ontology(kg: KnowledgeGraph, iri: str) -> bool:
    """The ontology's IRI or its version IRI (``…/def/0.1.0``): both are described by the ontology."""
    if iri == ns.ONTOLOGY_IRI:
        return True
    version = ox.NamedNode(ns.PREFIXES["owl"] + "versionIRI")
    return any(True for _ in kg.store.quads_for_pattern(ox.NamedNode(ns.ONTOLOGY_IRI), version, ox.NamedNode(iri)))


def describe(kg: KnowledgeGraph, iri: str) -> list[ox.Quad]:
    """The statements about a resource and the nodes that belong to it, with their graphs."""
    if is_ontology(kg, iri):
        return ontology(kg)
    root = ox.NamedNode(iri)
    prefix = iri + "/"
    out, seen, todo = [], {root}, [root]

    def belongs(node) -> bool:
        return isinstance(node, ox.BlankNode) or (isinstance(node, ox.NamedNode) and node.value.startswith(prefix))

    while todo:
        node = todo.pop()
        for quad in kg.store.quads_for_pattern(node, None, None):
            out.append(quad)
            if quad.object not in seen and belongs(quad.object):
                seen.add(quad.object)
                todo.append(quad.object)
        if isinstance(node, ox.NamedNode):
            for quad in kg.store.quads_for_pattern(None, None, node):
                if quad.subject not in seen and belongs(quad.subject):
                    seen.add(quad.subject)
                    todo.append(quad.subject)
    incoming = 0
    for quad in kg.store.quads_for_pattern(None, None, root):
        if quad.subject not in seen and incoming < INCOMING_LIMIT:
            out.append(quad)
            incoming += 1
    return out


def ontology(kg: KnowledgeGraph) -> list[ox.Quad]:
    """The ontology graph without the reference data, closed over blank nodes (its
    concise bounded description: restrictions and lists belong to their axioms)."""
    def reference(iri: str) -> bool:
        return iri.startswith(ns.base()) and not iri.startswith(ns.ONTOLOGY_IRI)

    out = [q for q in kg.store.quads_for_pattern(None, None, None, ONTOLOGY)
           if isinstance(q.subject, ox.NamedNode) and not reference(q.subject.value)]
    seen = set()
    todo = [q.object for q in out if isinstance(q.object, ox.BlankNode)]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for quad in kg.store.quads_for_pattern(node, None, None, ONTOLOGY):
            out.append(quad)
            if isinstance(quad.object, ox.BlankNode):
                todo.append(quad.object)
    return out


def exists(kg: KnowledgeGraph, iri: str) -> bool:
    """Whether anything is said about or links to the IRI (a resource only linked to is
    published with the links to it)."""
    node = ox.NamedNode(iri)
    return (next(iter(kg.store.quads_for_pattern(node, None, None)), None) is not None
            or next(iter(kg.store.quads_for_pattern(None, None, node)), None) is not None
            or is_ontology(kg, iri))


def serialize(quads: list[ox.Quad], media: str, prefixes: dict | None = None) -> bytes:
    fmt, prefixes = FORMATS[media][0], prefixes or ns.PREFIXES
    if fmt.supports_datasets and fmt != ox.RdfFormat.JSON_LD:
        return ox.serialize(quads, format=fmt, prefixes=prefixes)
    triples = list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads))
    if fmt == ox.RdfFormat.JSON_LD:
        return jsonld(triples)
    return ox.serialize(triples, format=fmt, prefixes=prefixes)


def jsonld(triples: list[ox.Triple]) -> bytes:
    """Triples as JSON-LD compacted with the project's context, written inline.

    Oxigraph writes JSON-LD in expanded form only; rdflib compacts with a given context (and
    uses a term only where its type coercion fits the value, so nothing changes meaning)."""
    import rdflib

    graph = rdflib.Graph()
    if triples:
        graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    return graph.serialize(format="json-ld", context=context_document(), auto_compact=True).encode("utf-8")

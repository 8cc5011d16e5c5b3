"""Linked data: which IRIs the server publishes, and what it says about each.

An IRI is published at the path it has under its namespace's host: with the default base
``https://w3id.org/samarbejde-kg/id/``, ``<…/id/kommune/0101>`` is served at
``/samarbejde-kg/id/kommune/0101``; the ontology (``…/def``), the rules (``…/rule/…``) and
the graphs likewise. So a deployment on the base's own host (or behind a w3id redirect)
makes every instance IRI dereferenceable, and ``--base http://localhost:8000/id/`` does so
on a laptop.

A resource's description is its concise bounded description extended to the nodes that
belong to it: blank nodes, and IRIs under its own IRI (``…/kommune/0101/profil/2023-05-01``,
``…/samarbejde/…/grad/4/P``), reached by links either way. It keeps the named graph of each
statement (N-Quads and TriG show what is stated and what is inferred) and adds the statements
that link to the resource from elsewhere, so a client can follow them back. The ontology's
own IRI is described by the whole ontology graph's terms.
"""
from __future__ import annotations

from urllib.parse import quote, urlsplit

import pyoxigraph as ox

from . import namespaces as ns
from .store import ONTOLOGY, KnowledgeGraph

PROJECT = "https://w3id.org/samarbejde-kg/"
FORMATS = {   # media type -> (Oxigraph format, file extension); the order is the server's preference
    "text/turtle": (ox.RdfFormat.TURTLE, "ttl"),
    "application/ld+json": (ox.RdfFormat.JSON_LD, "jsonld"),
    "application/n-triples": (ox.RdfFormat.N_TRIPLES, "nt"),
    "application/rdf+xml": (ox.RdfFormat.RDF_XML, "rdf"),
    "application/n-quads": (ox.RdfFormat.N_QUADS, "nq"),
    "application/trig": (ox.RdfFormat.TRIG, "trig"),
    "application/json": (ox.RdfFormat.JSON_LD, "jsonld"),   # JSON-LD for clients that ask for plain JSON
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
        return [q for q in kg.store.quads_for_pattern(None, None, None, ONTOLOGY)
                if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(ns.ONTOLOGY_IRI)]
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


def exists(kg: KnowledgeGraph, iri: str) -> bool:
    """Whether anything is said about or links to the IRI (a resource only linked to is
    published with the links to it)."""
    node = ox.NamedNode(iri)
    return (next(iter(kg.store.quads_for_pattern(node, None, None)), None) is not None
            or next(iter(kg.store.quads_for_pattern(None, None, node)), None) is not None
            or is_ontology(kg, iri))


def serialize(quads: list[ox.Quad], media: str) -> bytes:
    fmt = FORMATS[media][0]
    if fmt.supports_datasets:
        return ox.serialize(quads, format=fmt, prefixes=ns.PREFIXES)
    triples = list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads))
    return ox.serialize(triples, format=fmt, prefixes=ns.PREFIXES)

"""`samarbejde ontology export`: the merged ontology (all ontology files, reference data and
the version stamp) in one RDF file, for Protégé, owlready2, pyLODE or a triple store.

Relative instance IRIs in the reference data are resolved against the instance base when
the ontology is loaded, so the export holds absolute IRIs only. The syntax follows ``-o``'s
extension as in ``samarbejde import``.
"""
from pathlib import Path

import pyoxigraph as ox

from .. import namespaces as ns
from .. import resources
from ..errors import InputError
from ..output import refuse_input, to_stdout, write_atomic
from ..store import ONTOLOGY, OUTPUT_FORMATS, KnowledgeGraph
from .import_ import output_format

FORMATS = ("ttl", "nt", "jsonld", "xml")


def configure(parser):
    sub = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    export = sub.add_parser("export", help="write the merged ontology", description="write the merged ontology")
    export.add_argument("--format", choices=FORMATS,
                        help="RDF syntax (default: from FILE's extension, else ttl)")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")


def run(args) -> int:
    if getattr(args, "action", None) != "export":
        raise InputError("expected an action: samarbejde ontology export [--format ttl|nt|jsonld|xml] [-o FILE]")
    fmt = output_format(args)
    refuse_input(args.output, resources.files("ontology"))   # an export over a source file would lose it
    data = export(KnowledgeGraph(), fmt)
    if not args.output:
        to_stdout(data)
        return 0
    write_atomic(Path(args.output), data)
    return 0


def export(kg: KnowledgeGraph, fmt: str) -> bytes:
    """The ontology graph in a stable order: the owl:Ontology header first, then subject by
    subject with rdf:type first, so that exports of the same ontology diff cleanly."""
    rdf_type = ns.PREFIXES["rdf"] + "type"

    def key(t: ox.Triple):
        s = t.subject
        return (s.value != ns.ONTOLOGY_IRI, isinstance(s, ox.BlankNode), s.value,
                t.predicate.value != rdf_type, t.predicate.value, str(t.object))

    triples = stable_blank_nodes([ox.Triple(q.subject, q.predicate, q.object) for q in kg.quads(ONTOLOGY)])
    triples += named_individuals(triples)
    triples.sort(key=key)
    return ox.serialize(triples, format=OUTPUT_FORMATS[fmt], prefixes=ns.PREFIXES)


def named_individuals(triples: list) -> list:
    """``owl:NamedIndividual`` declarations for the named instances of the ontology's classes
    (models, indicators, municipalities …): OWL 2 tools such as owlready2 and Protégé list as
    individuals only what is declared so."""
    rdf_type, owl = ns.PREFIXES["rdf"] + "type", ns.PREFIXES["owl"]
    classes = {t.subject for t in triples if t.predicate.value == rdf_type and t.object.value == owl + "Class"}
    declared = {t.subject for t in triples if t.predicate.value == rdf_type and t.object.value == owl + "NamedIndividual"}
    kind = ox.NamedNode(owl + "NamedIndividual")
    found = {t.subject for t in triples if t.predicate.value == rdf_type and t.object in classes
             and isinstance(t.subject, ox.NamedNode) and t.subject not in classes}
    return [ox.Triple(s, ox.NamedNode(rdf_type), kind) for s in sorted(found - declared, key=str)]


def stable_blank_nodes(triples: list) -> list:
    """Relabel blank nodes by what they say (their triples without other blank nodes), so
    the labels do not change between loads of the same files."""

    def plain(term):
        return "_" if isinstance(term, ox.BlankNode) else str(term)

    signature: dict = {}
    for t in triples:
        if isinstance(t.subject, ox.BlankNode):
            signature.setdefault(t.subject, []).append(("out", plain(t.predicate), plain(t.object)))
        if isinstance(t.object, ox.BlankNode):
            signature.setdefault(t.object, []).append(("in", plain(t.subject), plain(t.predicate)))
    order = sorted(signature, key=lambda b: sorted(signature[b]))
    names = {b: ox.BlankNode(f"b{n}") for n, b in enumerate(order)}

    def rename(term):
        return names.get(term, term) if isinstance(term, ox.BlankNode) else term

    return [ox.Triple(rename(t.subject), t.predicate, rename(t.object)) for t in triples]


"""`samarbejde ontology export`: the merged ontology (all ontology files, reference data and
the version stamp) in one RDF file, for Protégé, owlready2, pyLODE or a triple store.

Relative instance IRIs in the reference data are resolved against the instance base when
the ontology is loaded, so the export holds absolute IRIs only.
"""
import os
import sys
import tempfile
from pathlib import Path

import pyoxigraph as ox

from .. import namespaces as ns
from ..errors import InputError
from ..store import ONTOLOGY, OUTPUT_FORMATS, KnowledgeGraph

FORMATS = ("ttl", "nt", "jsonld", "xml")


def configure(parser):
    sub = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    export = sub.add_parser("export", help="write the merged ontology", description="write the merged ontology")
    export.add_argument("--format", choices=FORMATS, default="ttl", help="RDF syntax (default: ttl)")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")


def run(args) -> int:
    if getattr(args, "action", None) != "export":
        raise InputError("expected an action: samarbejde ontology export [--format ttl|nt|jsonld|xml] [-o FILE]")
    data = export(KnowledgeGraph(), args.format)
    if not args.output:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    write_atomically(Path(args.output), data)
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
    triples.sort(key=key)
    return ox.serialize(triples, format=OUTPUT_FORMATS[fmt], prefixes=ns.PREFIXES)


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


def write_atomically(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder, so a failure leaves nothing half-written."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError("no such folder", where=str(folder))
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), where=str(path)) from None

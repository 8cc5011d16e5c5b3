"""`samarbejde validate FILE...`: check collaboration descriptions against the SHACL shapes.

Exit codes: 0 conforms (warnings and infos allowed), 1 violations, 2 unreadable input.
"""
import json
import sys

from ..output import to_stdout


def configure(parser):
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="descriptions: Turtle, JSON-LD, N-Triples, RDF/XML, TriG, N-Quads or survey CSV/XLSX")
    parser.add_argument("--lang", choices=["da", "en"], default="da", help="language of the report for people (default: da)")
    parser.add_argument("--format", choices=["text", "turtle", "json"], default="text",
                        help="text: report for people; turtle/json: the standard SHACL validation report (json is JSON-LD)")
    parser.add_argument("--engine", choices=["fast", "pyshacl"], default="fast",
                        help="fast: the shapes compiled to SPARQL, all descriptions at once (default); "
                             "pyshacl: the reference, pySHACL per description (same results, slower)")


def require_vocabulary(kg, files) -> None:
    """Refuse input that uses nothing of the vocabulary: an empty file, ``{}``, or ``sk:`` bound
    to another IRI would otherwise "conform" with nothing checked."""
    from .. import namespaces as ns
    from ..errors import InputError
    from ..store import DATA

    uses = kg.store.query(f"ASK {{ GRAPH <{DATA.value}> {{ ?s ?p ?o . "
                          f"FILTER(STRSTARTS(STR(?p), \"{ns.SK}\") || STRSTARTS(STR(?o), \"{ns.SK}\")) }} }}")
    if not bool(uses):
        raise InputError(f"nothing to validate: no statement uses the vocabulary <{ns.SK}> "
                         "(an empty file, or sk: bound to another IRI?)", where=", ".join(map(str, files)))


def run(args):
    from .. import report_text
    from .. import validation
    from ..progress import Progress
    from ..store import KnowledgeGraph

    kg = KnowledgeGraph()
    origins = validation.load_with_origins(kg, args.files)
    require_vocabulary(kg, args.files)
    with Progress("validering" if args.lang == "da" else "validating") as progress:
        report = validation.validate(kg, origins=origins, engine=args.engine, progress=progress)
    for shape, reason in sorted(report.fallback.items()):
        sys.stderr.write(f"samarbejde: note: {validation.short(validation.Term('iri', shape))} "
                         f"validated by pySHACL (not compiled to SPARQL: {reason})\n")
    if args.format == "turtle":
        to_stdout(report.to_graph().serialize(format="turtle"))
    elif args.format == "json":
        to_stdout(json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        terms = {t for r in report.results for t in (r.path, r.value) if t is not None}
        labels = validation.labels(kg, terms)
        to_stdout(report_text.render(report, labels, args.lang, files=len(args.files)))
    return 0 if report.conforms else 1

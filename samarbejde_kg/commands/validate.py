"""`samarbejde validate FILE...`: check collaboration descriptions against the SHACL shapes.

Exit codes: 0 conforms (warnings and infos allowed), 1 violations, 2 unreadable input.
"""
import json
import sys


def configure(parser):
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="descriptions: Turtle, JSON-LD, N-Triples, RDF/XML, TriG, N-Quads or survey CSV/XLSX")
    parser.add_argument("--lang", choices=["da", "en"], default="da", help="language of the report for people (default: da)")
    parser.add_argument("--format", choices=["text", "turtle", "json"], default="text",
                        help="text: report for people; turtle/json: the standard SHACL validation report (json is JSON-LD)")


def run(args):
    from .. import report_text
    from .. import validation
    from ..store import KnowledgeGraph

    kg = KnowledgeGraph()
    origins = validation.load_with_origins(kg, args.files)
    report = validation.validate(kg, origins=origins)
    if args.format == "turtle":
        sys.stdout.write(report.to_graph().serialize(format="turtle"))
    elif args.format == "json":
        sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        terms = {t for r in report.results for t in (r.path, r.value) if t is not None}
        labels = validation.labels(kg, terms)
        sys.stdout.write(report_text.render(report, labels, args.lang, files=len(args.files)))
    return 0 if report.conforms else 1

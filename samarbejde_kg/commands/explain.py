"""`samarbejde explain`: why an inference holds (a derivation tree), or why a model is not dominant."""
from . import add_validate_option
from ..explain import Explainer
from ..output import to_stdout
from ..reasoner import load_and_reason


def configure(parser):
    parser.add_argument("thing", metavar="THING",
                        help="what to explain: an IRI, a CURIE, or an IRI relative to the base (a collaboration, finding, classification, degree …)")
    parser.add_argument("files", nargs="*", metavar="FILE", help="descriptions (RDF or survey CSV/XLSX); default: the bundled examples")
    add_validate_option(parser)
    parser.add_argument("--why-not", nargs=2, metavar=("PARAMETER", "MODEL"),
                        help="for the collaboration THING: what is missing or defeated for MODEL to be dominant on PARAMETER")
    parser.add_argument("--lang", choices=["da", "en"], default="da", help="language of the explanation (default: da)")
    parser.add_argument("--min-assessed", type=int, metavar="N",
                        help="fewer assessed parameters than N give 'insufficient evidence' (default: from the ontology)")


def run(args):
    kg = load_and_reason(args.files, min_assessed=args.min_assessed, validate=args.validate, lang=args.lang)
    explainer = Explainer(kg, args.lang)
    lines = explainer.why_not(args.thing, *args.why_not) if args.why_not else explainer.tree(explainer.resolve(args.thing))
    to_stdout("\n".join(lines).rstrip() + "\n")
    return 0

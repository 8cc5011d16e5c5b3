"""`samarbejde profile`: degrees, dominant models, classifications and findings per collaboration and municipality."""
from pathlib import Path

from . import add_validate_option
from .. import profile as profiles
from ..errors import InputError
from ..output import json_text, refuse_input, to_stdout, write_atomic
from ..reasoner import inputs, load_and_reason
from ..progress import Progress


def configure(parser):
    parser.add_argument("files", nargs="*", metavar="FILE", help="descriptions (RDF or survey CSV/XLSX); default: the bundled examples")
    add_validate_option(parser)
    parser.add_argument("--format", choices=["text", "json"], help="text (default) or json; -o FILE.json implies json")
    parser.add_argument("--lang", choices=["da", "en"], default="da")
    parser.add_argument("--min-assessed", type=int, metavar="N", help="fewer assessed parameters than N give 'insufficient evidence' (default: from the ontology)")
    parser.add_argument("--owl", action="store_true", help="also classify into the OWL defined classes with HermiT")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")


def output_format(args) -> str:
    """``--format``, else json for ``-o FILE.json``, else text; a contradiction is refused."""
    implied = "json" if args.output and Path(args.output).suffix.lower() == ".json" else None   # plain JSON, not JSON-LD
    if args.format and implied and args.format != implied:
        raise InputError(f"--format {args.format} contradicts the extension {Path(args.output).suffix!r}; "
                         "drop --format or change the file name", where=args.output)
    return args.format or implied or "text"


def run(args):
    args.format = output_format(args)
    refuse_input(args.output, inputs(args.files))
    with Progress("beskrivelser" if args.lang == "da" else "descriptions") as progress:
        kg = load_and_reason(args.files, min_assessed=args.min_assessed, owl=args.owl, progress=progress.step,
                             validate=args.validate, lang=args.lang,
                             provenance=False)  # a profile shows results, not their provenance
    data = profiles.build(kg)
    text = json_text(data) if args.format == "json" else profiles.render(data, kg, args.lang)
    if args.output:
        write_atomic(args.output, text.encode("utf-8"))
    else:
        to_stdout(text)
    return 0

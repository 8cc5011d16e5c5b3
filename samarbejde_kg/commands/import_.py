"""`samarbejde import`: convert a filled survey spreadsheet (CSV or XLSX) to RDF.

The output is sorted so that importing the same file twice gives the same bytes, and it is
written only when every row is valid.
"""
import sys
from pathlib import Path

from ..errors import InputError

EXTENSION_FORMATS = {".ttl": "ttl", ".nt": "nt", ".jsonld": "jsonld", ".json": "jsonld",
                     ".rdf": "xml", ".xml": "xml", ".owl": "xml"}
FORMATS = ("ttl", "nt", "jsonld", "xml")


def configure(parser):
    parser.add_argument("file", metavar="FILE", help="a filled survey: .csv (';', ',' or tab; UTF-8, UTF-16 or Windows-1252) or .xlsx")
    parser.add_argument("-o", "--output", metavar="OUT", help="output file (default: standard output)")
    parser.add_argument("--format", choices=FORMATS, help="output format (default: from OUT's extension, else ttl)")


def refuse_contradiction(args, extensions: dict) -> str | None:
    """The format OUT's extension implies (None if none); a ``--format`` that contradicts it
    (``--format ttl -o x.owl``) is refused rather than written misnamed."""
    from ..store import OUTPUT_FORMATS

    suffix = Path(args.output).suffix.lower() if args.output else ""
    implied = extensions.get(suffix)
    if args.format and implied and OUTPUT_FORMATS[implied] != OUTPUT_FORMATS[args.format]:   # ttl and turtle agree
        raise InputError(f"--format {args.format} contradicts the extension {suffix!r} ({implied}); "
                         f"drop --format or change the file name", where=args.output)
    return implied


def output_format(args, extensions: dict | None = None) -> str:
    """``--format``, else the one of OUT's extension (refused when unknown), else ttl."""
    extensions = extensions or EXTENSION_FORMATS
    implied = refuse_contradiction(args, extensions)
    suffix = Path(args.output).suffix.lower() if args.output else ""
    if args.format:
        return args.format
    if not args.output:
        return "ttl"
    if implied is None:
        raise InputError(f"unknown output format {suffix or '(none)'!r}; use one of "
                         f"{', '.join(extensions)} or --format", where=args.output)
    return implied


def run(args):
    import pyoxigraph as ox

    from .. import namespaces as ns
    from ..output import refuse_input, to_stdout, write_atomic
    from ..store import DATA, OUTPUT_FORMATS, SURVEY_EXTENSIONS, KnowledgeGraph
    from ..survey import survey_quads

    fmt = output_format(args)
    path = Path(args.file)
    if path.suffix.lower() not in SURVEY_EXTENSIONS:
        raise InputError(f"not a survey spreadsheet (expected .csv or .xlsx, got {path.suffix or 'no extension'!r})",
                         where=str(path))
    if path.is_dir():
        raise InputError("is a folder, not a file", where=str(path))
    if not path.is_file():
        raise InputError("no such file", where=str(path))
    refuse_input(args.output, [path])
    quads = survey_quads(path, KnowledgeGraph(), DATA)
    rdf_type = ns.PREFIXES["rdf"] + "type"
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads},
                     key=lambda t: (t.subject.value, t.predicate.value != rdf_type, t.predicate.value, str(t.object)))
    data = ox.serialize(triples, format=OUTPUT_FORMATS[fmt], prefixes=ns.PREFIXES)
    if args.output:
        write_atomic(Path(args.output), data)
        rows = sum(1 for t in triples if t.predicate.value == rdf_type and t.object.value == ns.SK + "Collaboration")
        print(f"wrote {args.output}: {rows} collaboration descriptions, {len(triples)} triples", file=sys.stderr)
    else:
        to_stdout(data)
    return 0


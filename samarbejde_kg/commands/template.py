"""`samarbejde template`: write the survey spreadsheet generated from the ontology."""
import sys
from pathlib import Path

from ..errors import InputError

FORMATS = (".xlsx", ".csv")


def configure(parser):
    parser.add_argument("-o", "--output", metavar="FILE", required=True,
                        help="survey.xlsx (drop-downs, colours, an explanation sheet) or survey.csv (header row only)")


def run(args):
    from .. import survey, template
    from ..output import write_atomic
    from ..store import KnowledgeGraph

    path = Path(args.output)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(f"unknown template format {path.suffix or '(none)'!r}; use .xlsx or .csv", where=str(path))
    columns = survey.columns(KnowledgeGraph())
    data = template.xlsx_bytes(columns) if suffix == ".xlsx" else template.csv_bytes(columns)
    write_atomic(path, data)
    indicators = sum(c.kind == "indicator" for c in columns)
    print(f"wrote {path}: {len(columns)} columns ({indicators} indicators)", file=sys.stderr)
    return 0

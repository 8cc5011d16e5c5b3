"""`samarbejde query`: run a named query (``queries/*.rq``) or a ``.rq`` file over reasoned data.

Results go out in the SPARQL 1.1 result formats (JSON, XML, CSV, TSV) or as a table for
people; CONSTRUCT/DESCRIBE results as RDF. ``--list`` shows the named queries.
"""

import pyoxigraph as ox

from . import add_owl_option, add_validate_option, refuse_owl_with_store
from .. import namespaces as ns
from .. import queries
from ..errors import InputError
from ..output import to_stdout
from ..reasoner import load_and_reason, open_store
from ..store import OUTPUT_FORMATS, store_failure, to_python, writer_active

RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                  "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}


def configure(parser):
    parser.add_argument("query", nargs="?", metavar="NAME|FILE.rq", help="a named query (see --list) or a SPARQL file")
    parser.add_argument("files", nargs="*", metavar="FILE", help="descriptions; default: the bundled examples")
    add_validate_option(parser)
    add_owl_option(parser)
    parser.add_argument("--format", default="table", help="table (default), json, xml, csv, tsv; for CONSTRUCT: ttl, nt, jsonld, xml")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="bind a declared parameter: an IRI (full, <…>, a CURIE or relative to the base), a number, "
                             "true/false, a date or a quoted literal (\"tekst\"@da); see queries/README.md")
    parser.add_argument("--store", metavar="DIR", help="query a store kept by 'samarbejde reason --store DIR' instead of reasoning FILEs")
    parser.add_argument("--list", action="store_true", help="list the named queries")
    parser.add_argument("--lang", choices=["da", "en"], default="en", help="language of the --list summaries")


def run(args):
    refuse_owl_with_store(args)
    if args.list:
        lines = []
        for name, q in sorted(queries.registry().items()):
            params = ", ".join(f"?{p}" for p in q.parameters)
            lines.append(f"{name}: {q.summary.get(args.lang) or q.summary.get('en', '')}" + (f"  [{params}]" if params else ""))
        to_stdout("".join(line + "\n" for line in lines))
        return 0
    if not args.query:
        raise InputError("name a query or a .rq file (see --list)")
    query = queries.get(args.query)
    bindings = {}
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep or not value:
            raise InputError(f"--param {item!r}: expected NAME=VALUE")
        try:
            bindings[name.lstrip("?$")] = ns.parameter_value(value)
        except InputError as exc:
            raise InputError(exc.detail, where=f"--param {item}") from None
    if args.store:
        if args.files:
            raise InputError("give either --store DIR or description files, not both")
        kg = open_store(args.store)
    else:
        kg = load_and_reason(args.files, validate=args.validate, owl=args.owl)
    try:
        return _write(queries.run(kg, query, bindings), args.format)
    except BrokenPipeError:
        raise
    except (OSError, RuntimeError, ValueError) as exc:   # raised while the results are computed
        if args.store and writer_active(args.store):
            raise store_failure(args.store, exc) from None
        raise InputError(f"query evaluation failed: {exc}", where=str(query.path)) from None


def _write(result, fmt: str) -> int:
    """Results as SPARQL JSON/XML/CSV/TSV (ASK as its boolean document, as the server sends
    it), as a table, or a CONSTRUCT result as RDF."""
    if isinstance(result, ox.QueryTriples):
        fmt = "ttl" if fmt == "table" else fmt
        if fmt not in OUTPUT_FORMATS:
            raise InputError(f"unknown RDF format {fmt!r} for a CONSTRUCT query; expected one of {', '.join(OUTPUT_FORMATS)}")
        to_stdout(ox.serialize(list(result), format=OUTPUT_FORMATS[fmt], prefixes=ns.PREFIXES))
        return 0
    if fmt == "table":
        if isinstance(result, ox.QueryBoolean):
            to_stdout("true\n" if bool(result) else "false\n")
        else:
            _table(result)
        return 0
    if fmt not in RESULT_FORMATS:
        raise InputError(f"unknown result format {fmt!r}; expected table, {', '.join(RESULT_FORMATS)}")
    to_stdout(result.serialize(format=RESULT_FORMATS[fmt]))
    return 0


def _table(solutions) -> None:
    names = [v.value for v in solutions.variables]
    rows = [[_show(row[n]) for n in names] for row in solutions]
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths)).rstrip(), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in rows]
    lines.append(f"({len(rows)} rows)")
    to_stdout("".join(line + "\n" for line in lines))


def _show(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        short = ns.shorten(term.value)
        return short if not short.startswith("<") else term.value
    value = to_python(term)
    return f"{value:.3f}" if isinstance(value, float) else str(value)

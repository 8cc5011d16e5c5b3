"""The SPARQL 1.1 Protocol's query operation (https://www.w3.org/TR/sparql11-protocol/), read-only.

Sections of the spec, as handled here:

* §2.1.1 query via GET: ``?query=…`` plus optional ``default-graph-uri`` / ``named-graph-uri``;
* §2.1.2 query via POST with ``application/x-www-form-urlencoded`` (the same fields in the body);
* §2.1.3 query via POST directly: ``application/sparql-query`` body, dataset fields in the URL;
* §2.1.4 the dataset: protocol fields override the query's FROM / FROM NAMED, which in turn
  define it; without either, the default graph is the union of the named graphs (ontology,
  data, inferred and rules, as for ``samarbejde query``), and each is available by name;
* §2.2 update: refused with 403 — the endpoint publishes reasoned results, which an update
  would silently invalidate; data changes go through ``samarbejde reason --store``;
* results in the format the ``Accept`` header prefers (SPARQL JSON, XML, CSV, TSV; Turtle,
  N-Triples, RDF/XML, JSON-LD for graphs; an HTML table for people); ``format=`` overrides it
  when it names a format (negotiation.py);
* SERVICE (federated query) is refused with 400 before the query runs: it would make the
  server send HTTP requests wherever a client asks (request forgery);
* errors: 400 for a malformed request or query (no query, text that is not valid in its charset),
  406 for no acceptable format, 415 for an unknown body type, each with a one-line message;
* results are written as Oxigraph produces them (``Response.stream``), never held whole: a
  query may select millions of rows. Oxigraph writes a control character in XML as it is,
  which no XML parser reads, so XML answers refuse one (406, naming the formats that carry it).
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs

import pyoxigraph as ox

from . import namespaces as ns
from .negotiation import choose, negotiate
from .sparql_text import declares_dataset, line_column, service_at
from .web import HTTPError, Request, Response, content_type

RESULT_TYPES = {   # SELECT and ASK; the first is the default for */*
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/html": None,
}
GRAPH_TYPES = {    # CONSTRUCT and DESCRIBE
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/html": None,
}
GRAPH_ALIASES = {  # other names clients use for a graph type, answered as that type
    "application/x-json+ld": "application/ld+json",
    "application/json": "application/ld+json",   # a client that asks for plain JSON gets JSON-LD, labelled so
    "text/rdf+n3": "text/turtle",   # Turtle is N3
}
FORMAT_NAMES = {   # ?format=… for clients that cannot set Accept
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values", "html": "text/html",
    "ttl": "text/turtle", "turtle": "text/turtle", "n3": "text/turtle", "nt": "application/n-triples",
    "rdf": "application/rdf+xml", "rdfxml": "application/rdf+xml", "rdf+xml": "application/rdf+xml",
    "jsonld": "application/ld+json", "json-ld": "application/ld+json",
}
GRAPH_NAMES = FORMAT_NAMES | {"json": "application/ld+json", "xml": "application/rdf+xml"}   # a graph in JSON is JSON-LD
XML_TYPES = {"application/sparql-results+xml", "application/xml", "application/rdf+xml"}
# characters XML 1.0 cannot carry, even as references (its Char production), as UTF-8 bytes
_NOT_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")
BOM = "\ufeff"


def read_operation(request: Request) -> tuple[str | None, dict]:
    """(query text or None, protocol fields) from a GET or POST, as §2.1 allows them."""
    fields = dict(request.query)
    body_query = None
    if request.method == "POST":
        kind = request.content_type
        if kind == "application/x-www-form-urlencoded":
            try:
                form = parse_qs(request.body.decode(request.charset), keep_blank_values=True,
                                encoding=request.charset, errors="strict")
            except (UnicodeDecodeError, LookupError):
                raise HTTPError(400, "form_charset") from None
            for name, values in form.items():
                fields.setdefault(name, []).extend(values)
        elif kind == "application/sparql-query":
            try:
                body_query = request.body.decode(request.charset)
            except (UnicodeDecodeError, LookupError):
                raise HTTPError(400, "query_charset") from None
        elif kind == "application/sparql-update":
            raise read_only()
        elif not request.body:
            pass   # nothing posted (``curl -X POST``): a request without a query, not a type we cannot read
        else:
            raise HTTPError(415, "content_type", kind=kind or "(none)")
    elif request.method not in ("GET", "HEAD"):
        raise HTTPError(405, "method_sparql", {"Allow": "GET, POST, HEAD, OPTIONS"}, method=request.method)
    if "update" in fields:
        raise read_only()
    queries = fields.get("query", [])
    if body_query is not None:
        if queries:
            raise HTTPError(400, "query_twice")
        queries = [body_query]
    if len(queries) > 1:
        raise HTTPError(400, "queries")
    # a BOM (Windows editors write one) is no part of the query
    return (queries[0].removeprefix(BOM) if queries else None), fields


def read_only() -> HTTPError:
    return HTTPError(403, "read_only")


def dataset(fields: dict, query: str = "") -> dict:
    """Query options for the protocol's dataset fields (§2.1.4); else the query's own FROM /
    FROM NAMED; else the union of all graphs as the default graph."""
    default, named = fields.get("default-graph-uri", []), fields.get("named-graph-uri", [])
    if not default and not named:
        return {"use_default_graph_as_union": not declares_dataset(query)}
    try:
        return {"use_default_graph_as_union": False,
                "default_graph": [ox.NamedNode(iri) for iri in default] or ox.DefaultGraph(),
                "named_graphs": [ox.NamedNode(iri) for iri in named]}
    except ValueError as exc:
        raise HTTPError(400, "graph_iri", detail=exc) from None


def media_type(request: Request, fields: dict, offered: dict, names: dict, aliases: dict | None = None) -> str:
    return negotiate(fields.get("format", []), request.headers.get("accept"), list(offered), names, aliases)


def execute(kg, request: Request, html_results=None) -> Response | None:
    """Answer a protocol request; None when there is no query (the caller shows the form, the
    service description, or says that the query is missing)."""
    text, fields = read_operation(request)
    if text is None or (not text.strip() and choose(request.headers.get("accept"), ["text/plain", "text/html"]) == "text/html"):
        return None   # no query, or an empty form from a browser: the form again
    at = service_at(text)
    if at is not None:   # refused before it runs: it would fetch what the client names
        line, column = line_column(text, at)
        raise HTTPError(400, "service", line=line, column=column)
    try:
        result = kg.query(text, **dataset(fields, text))
    except SyntaxError as exc:
        raise HTTPError(400, "syntax", detail=exc) from None
    except (ValueError, OSError, RuntimeError) as exc:
        raise HTTPError(500, "evaluation", detail=exc) from None
    return answer(request, fields, text, result, html_results)


def answer(request: Request, fields: dict, text: str, result, html_results=None) -> Response:
    """The results of a query in the format the request prefers, written as they are produced."""
    headers = {"Vary": "Accept"}
    if isinstance(result, ox.QueryTriples):
        media = media_type(request, fields, GRAPH_TYPES, GRAPH_NAMES, GRAPH_ALIASES)
        if media == "text/html":
            return with_headers(html_results(text, result), headers)
        fmt = GRAPH_TYPES[media]

        def write(out):
            ox.serialize(result, out, format=fmt, prefixes=ns.PREFIXES)
    else:
        media = media_type(request, fields, RESULT_TYPES, FORMAT_NAMES)
        if media == "text/html":
            return with_headers(html_results(text, result), headers)
        fmt = RESULT_TYPES[media]

        def write(out):
            result.serialize(out, format=fmt)

    def stream(out):
        try:
            write(XmlWriter(out) if media in XML_TYPES else out)
        except (HTTPError, ConnectionError):   # refused, or the client went away
            raise
        except (ValueError, OSError, RuntimeError) as exc:   # evaluation continues while results are written
            raise HTTPError(500, "unwritable", media=media, detail=exc) from None
    return Response(200, b"", content_type(media), headers, stream=stream)


def not_xml(data: bytes) -> str | None:
    """The first character in UTF-8 ``data`` that XML 1.0 cannot carry (``U+0001``), or None."""
    found = _NOT_XML.search(data)
    return f"U+{ord(found.group(0).decode('utf-8')):04X}" if found else None


class XmlWriter:
    """A writer that refuses what no XML parser would read, instead of sending it."""

    def __init__(self, out):
        self.out = out

    def write(self, data: bytes) -> int:
        char = not_xml(data)
        if char:
            raise HTTPError(406, "not_xml", char=char)
        return self.out.write(data)

    def flush(self) -> None:
        pass


def with_headers(response: Response, headers: dict) -> Response:
    response.headers = {**response.headers, **headers}
    return response


def formats() -> list:
    """The result formats the endpoint writes, for its service description."""
    return [f for f in dict.fromkeys([*RESULT_TYPES.values(), *GRAPH_TYPES.values()]) if f is not None]

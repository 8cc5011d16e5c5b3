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
* errors: 400 for a malformed request or query (text that is not valid in its charset included), 406 for no acceptable format, 415 for an
  unknown body type, each with a one-line plain-text message.
"""
from __future__ import annotations

from urllib.parse import parse_qs

import pyoxigraph as ox

from . import namespaces as ns
from .errors import InputError
from .negotiation import choose, negotiate
from .sparql_text import declares_dataset
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
    "application/json": ox.RdfFormat.JSON_LD,   # JSON-LD for a client that asks for plain JSON
    "text/html": None,
}
GRAPH_ALIASES = {  # other names clients use for a graph type, answered as that type
    "application/x-json+ld": "application/ld+json",
    "text/rdf+n3": "text/turtle",   # Turtle is N3
}
FORMAT_NAMES = {   # ?format=… for clients that cannot set Accept
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values", "html": "text/html",
    "ttl": "text/turtle", "turtle": "text/turtle", "n3": "text/turtle", "nt": "application/n-triples",
    "rdf": "application/rdf+xml", "rdfxml": "application/rdf+xml", "rdf+xml": "application/rdf+xml",
    "jsonld": "application/ld+json", "json-ld": "application/ld+json",
}
GRAPH_NAMES = FORMAT_NAMES | {"json": "application/json", "xml": "application/rdf+xml"}   # a graph in JSON is JSON-LD


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
                raise HTTPError(400, "the form is not valid text in its charset") from None
            for name, values in form.items():
                fields.setdefault(name, []).extend(values)
        elif kind == "application/sparql-query":
            try:
                body_query = request.body.decode(request.charset)
            except (UnicodeDecodeError, LookupError):
                raise HTTPError(400, "the query is not valid text in its charset") from None
        elif kind == "application/sparql-update":
            raise read_only()
        else:
            raise HTTPError(415, f"unsupported Content-Type {kind or '(none)'!r}; send application/sparql-query "
                                 "or application/x-www-form-urlencoded")
    elif request.method not in ("GET", "HEAD"):
        raise HTTPError(405, f"method {request.method} is not allowed; use GET or POST", {"Allow": "GET, POST, HEAD, OPTIONS"})
    if "update" in fields:
        raise read_only()
    queries = fields.get("query", [])
    if body_query is not None:
        if queries:
            raise HTTPError(400, "the query is given both in the body and as a 'query' parameter")
        queries = [body_query]
    if len(queries) > 1:
        raise HTTPError(400, "more than one 'query' parameter")
    return (queries[0] if queries else None), fields


def read_only() -> HTTPError:
    return HTTPError(403, "this endpoint is read-only: SPARQL Update is not accepted "
                          "(change data with 'samarbejde reason --store DIR FILE')")


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
        raise HTTPError(400, f"invalid graph IRI: {exc}") from None


def media_type(request: Request, fields: dict, offered: dict, names: dict, aliases: dict | None = None) -> str:
    return negotiate(fields.get("format", []), request.headers.get("accept"), list(offered), names, aliases)


def execute(kg, request: Request, html_results=None) -> Response | None:
    """Answer a protocol request; None when there is no query (the caller shows the form)."""
    text, fields = read_operation(request)
    if text is None or (not text.strip() and choose(request.headers.get("accept"), ["text/plain", "text/html"]) == "text/html"):
        return None   # no query, or an empty form from a browser: the form again
    try:
        result = kg.query(text, **dataset(fields, text))
    except InputError as exc:   # refused before it ran (SERVICE)
        raise HTTPError(400, str(exc)) from None
    except SyntaxError as exc:
        raise HTTPError(400, f"SPARQL syntax error: {exc}") from None
    except (ValueError, OSError, RuntimeError) as exc:
        raise HTTPError(500, f"query evaluation failed: {exc}") from None
    return answer(request, fields, text, result, html_results)


def answer(request: Request, fields: dict, text: str, result, html_results=None) -> Response:
    """The results of a query in the format the request prefers."""
    headers = {"Vary": "Accept"}
    if isinstance(result, ox.QueryTriples):
        media = media_type(request, fields, GRAPH_TYPES, GRAPH_NAMES, GRAPH_ALIASES)
        if media == "text/html":
            return with_headers(html_results(text, result), headers)
        body = ox.serialize(result, format=GRAPH_TYPES[media], prefixes=ns.PREFIXES)
        return Response(200, body, content_type(media), headers)
    media = media_type(request, fields, RESULT_TYPES, FORMAT_NAMES)
    if media == "text/html":
        return with_headers(html_results(text, result), headers)
    try:
        body = result.serialize(format=RESULT_TYPES[media])
    except (ValueError, OSError) as exc:
        raise HTTPError(500, f"results could not be written as {media}: {exc}") from None
    return Response(200, body, content_type(media), headers)


def with_headers(response: Response, headers: dict) -> Response:
    response.headers = {**response.headers, **headers}
    return response


def formats() -> list:
    """The result formats the endpoint writes, for its service description."""
    return [f for f in dict.fromkeys([*RESULT_TYPES.values(), *GRAPH_TYPES.values()]) if f is not None]

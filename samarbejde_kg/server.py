"""`samarbejde serve`: the SPARQL endpoint and the linked-data pages as one WSGI application.

Routes:

* ``/`` — the municipalities with collaboration descriptions (HTML), or a VoID description
  of the dataset (RDF, by ``Accept``);
* ``/sparql`` — the SPARQL 1.1 Protocol query operation (sparql_protocol.py); without a
  query, a form for people or the service description for machines;
* ``/queries`` — the named queries of ``queries/``; ``/queries/NAME?PARAMETER=IRI`` runs one
  with its declared parameters bound (IRIs, CURIEs or IRIs relative to the base), answered
  like ``/sparql``;
* ``/.well-known/void`` — the VoID dataset description (also at ``/`` for RDF clients);
* every published IRI at its own path (linked_data.py), with ``.ttl``, ``.jsonld``, ``.nt``,
  ``.rdf``, ``.nq``, ``.trig`` and ``.html`` variants; the bare path answers by ``?format=``
  (the same names) or ``Accept`` (HTML first, so a browser and ``*/*`` get the page) with
  ``Vary: Accept`` and a ``Content-Location`` naming the variant sent; the named graphs' IRIs
  answer with their description (dataset.py).

Only ``/sparql`` accepts POST (a query too long for a URL); ``Allow`` says so path by path.

Pages depend on the language (``?lang=``, the ``lang`` cookie, ``Accept-Language``), so every
HTML answer says ``Vary: Accept-Language, Cookie`` besides ``Accept`` where that chose HTML.

The store is read-only while served, so pages and answers always agree with one reasoning
run. Responses carry ``Access-Control-Allow-Origin: *`` so browser-based SPARQL tools work.
"""
from __future__ import annotations

import json
import sys
from urllib.parse import quote
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

import pyoxigraph as ox

from . import linked_data
from . import namespaces as ns
from . import queries, sparql_protocol
from .dataset import PREFIXES, Describer
from .errors import InputError
from .negotiation import choose, negotiate
from .pages import QUERY, Pages
from .store import KnowledgeGraph
from .web import HTTPError, Request, Response, content_type, text

HTML = "text/html"
RESERVED = {"format", "lang"}   # request parameters that are not query parameters
CORS = {"Access-Control-Allow-Origin": "*"}
RDF_TYPES = list(linked_data.FORMATS)
SPARQL = ("/sparql", "/sparql/")   # the only paths that accept POST
# ?format= on a resource: the extensions of its variants, and the names /sparql knows for a graph
VARIANTS = {"html": HTML} | {ext: media for media, (_, ext) in linked_data.FORMATS.items() if media != "application/json"}
RESOURCE_NAMES = {n: m for n, m in sparql_protocol.GRAPH_NAMES.items() if m in [HTML] + RDF_TYPES} | VARIANTS


class Application:
    """The WSGI application over one reasoned knowledge graph."""

    def __init__(self, kg: KnowledgeGraph):
        self.kg = kg
        self.pages = Pages(kg)
        self.describer = Describer(kg, self.pages.words)

    def __call__(self, environ, start_response):
        lang = "da"
        try:
            request = Request.from_environ(environ)
            lang = language(request)
            QUERY.set(request.query)
            response = self.route(request, lang)
        except HTTPError as exc:
            response = self.error(environ, lang, exc)
        except Exception as exc:  # a bug must not take the server down; say what failed
            print(f"samarbejde serve: error on {environ.get('PATH_INFO')}: {exc!r}", file=sys.stderr)
            response = text(500, f"internal error: {exc}")
        response.headers = {**CORS, **response.headers}
        if response.content_type.startswith("text/html"):
            response.headers["Vary"] = vary(response.headers.get("Vary"), "Accept-Language", "Cookie")
        if "lang=" in environ.get("QUERY_STRING", "") and response.content_type.startswith("text/html"):
            response.headers["Set-Cookie"] = f"lang={lang}; Path=/; SameSite=Lax"
        start_response(response.status_line(), response.header_list())
        return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [response.body]

    def error(self, environ, lang: str, exc: HTTPError) -> Response:
        headers = exc.headers | {"Vary": vary(exc.headers.get("Vary"), "Accept")}
        if choose(environ.get("HTTP_ACCEPT"), ["text/plain", HTML]) == HTML:   # a browser; */* gets text
            return Response(exc.status, self.pages.error(lang, exc.status, exc.message), "text/html; charset=utf-8", headers)
        return text(exc.status, exc.message, headers)

    # ------------------------------------------------------------------ routing
    def route(self, request: Request, lang: str) -> Response:
        methods = allowed(request.path)
        if request.method == "OPTIONS":
            return Response(204, b"", headers={"Allow": methods, "Access-Control-Allow-Methods": methods,
                                               "Access-Control-Allow-Headers": "Accept, Content-Type"})
        if request.path in SPARQL:
            return self.sparql(request, lang)
        if request.method not in ("GET", "HEAD"):
            raise HTTPError(405, f"method {request.method} is not allowed here", {"Allow": methods})
        if request.path in ("/", "/index.html"):
            return self.index(request, lang)
        if request.path in ("/.well-known/void", "/void"):
            media = choose(request.headers.get("accept"), RDF_TYPES) or "text/turtle"
            return Response(200, linked_data.serialize(self.void(request), media, PREFIXES), content_type(media), {"Vary": "Accept"})
        if request.path == "/queries" or request.path.startswith("/queries/"):
            return self.named_query(request, lang, request.path[len("/queries/"):])
        return self.resource(request, lang)

    def named_query(self, request: Request, lang: str, name: str) -> Response:
        """``/queries``: the named queries; ``/queries/NAME?param=IRI``: one, run like /sparql."""
        registry = queries.registry()
        if not name:
            listing = [{"name": n, "summary": q.summary, "parameters": q.parameter_texts, "url": f"/queries/{n}"}
                       for n, q in sorted(registry.items())]
            if choose(request.headers.get("accept"), [HTML, "application/json"]) == "application/json":
                return Response(200, json.dumps(listing, ensure_ascii=False, indent=1).encode("utf-8"),
                                "application/json", {"Vary": "Accept"})
            return html(self.pages.queries(lang, listing), {"Vary": "Accept"})
        if name not in registry:
            raise HTTPError(404, f"no named query {name!r}; see /queries")
        query = registry[name]
        bindings = {}
        for key, values in request.query.items():
            if key in RESERVED:
                continue
            if key not in query.parameters:
                raise HTTPError(400, f"query {name!r} has no parameter {key!r}; it has: {', '.join(query.parameters) or 'none'}")
            if len(values) > 1:
                raise HTTPError(400, f"parameter {key!r} is given {len(values)} times; give it once")
            try:
                bindings[key] = ns.parameter_value(values[-1])
            except InputError as exc:
                raise HTTPError(400, f"parameter {key!r}: {exc}") from None
        try:
            result = queries.run(self.kg, query, bindings)
        except InputError as exc:
            raise HTTPError(400, str(exc)) from None
        # the page shows the query as it ran, its parameters bound, so that "run" in its form gives the same
        shown, _ = queries.bound(query.text, {ox.Variable(k): v for k, v in bindings.items()}, query.name)
        return sparql_protocol.answer(request, request.query, query.text, result,
                                      lambda text, res: html(self.pages.sparql(lang, shown, res, title=name)))

    def index(self, request: Request, lang: str) -> Response:
        media = choose(request.headers.get("accept"), [HTML] + RDF_TYPES)
        if media is None:
            raise HTTPError(406, f"offered: {', '.join([HTML] + RDF_TYPES)}")
        if media == HTML:
            return html(self.pages.index(lang), {"Vary": "Accept"})
        return Response(200, linked_data.serialize(self.void(request), media, PREFIXES), content_type(media), {"Vary": "Accept"})

    def void(self, request: Request) -> list[ox.Quad]:
        """The VoID description, with the municipalities that have descriptions as roots."""
        roots = [row["municipality"] for row in queries.select(self.kg, "municipalities") if row["collaborations"]]
        return self.describer.void(request.root, roots)

    def sparql(self, request: Request, lang: str) -> Response:
        answer = sparql_protocol.execute(self.kg, request,
                                         html_results=lambda query, result: html(self.pages.sparql(lang, query, result)))
        if answer is not None:
            return answer
        offered = [HTML, "text/turtle"]
        media = choose(request.headers.get("accept"), offered)
        if media is None:
            raise HTTPError(406, f"without a query: the query form or the service description; offered: {', '.join(offered)}")
        if media == "text/turtle":
            description = self.describer.service(request.root, sparql_protocol.formats())
            return Response(200, linked_data.serialize(description, media, PREFIXES), content_type(media), {"Vary": "Accept"})
        return html(self.pages.sparql(lang, request.param("query") or ""), {"Vary": "Accept"})

    def resource(self, request: Request, lang: str) -> Response:
        path, media = linked_data.split_extension(request.path)
        iri = linked_data.iri_for_path(path)
        try:
            node = ox.NamedNode(iri) if iri else None
        except ValueError:
            node = None
        graph = node is not None and self.describer.is_graph(iri)
        if node is None or not (graph or linked_data.exists(self.kg, iri)):
            raise HTTPError(404, f"nothing is published at {request.path}")
        headers = {}
        here = request.script_name + path
        if media is None:   # the bare path: ?format= or Accept
            media = negotiate(request.query.get("format", []), request.headers.get("accept"), [HTML] + RDF_TYPES,
                              RESOURCE_NAMES, listing=", ".join(VARIANTS))
            headers = {"Vary": "Accept", "Content-Location": variant(here, media)}
        alternates = [(m, variant(path, m)) for m in RDF_TYPES if m != "application/json"]
        quads = self.describer.graph(node, request.root) if graph else None
        if media == HTML:
            return html(self.page(iri, lang, alternates, quads), headers)
        quads = quads if graph else linked_data.describe(self.kg, iri)
        return Response(200, linked_data.serialize(quads, media, PREFIXES if graph else None), content_type(media),
                        headers | {"Link": f'<{variant(here, HTML)}>; rel="alternate"; type="text/html"'})

    def page(self, iri: str, lang: str, alternates, quads=None) -> bytes:
        kinds = {q.object.value for q in self.kg.store.quads_for_pattern(
            ox.NamedNode(iri), ox.NamedNode(ns.PREFIXES["rdf"] + "type"), None)}
        if quads is None and ns.SK + "Collaboration" in kinds:
            return self.pages.collaboration(iri, lang, alternates)
        if quads is None and ns.SK + "Municipality" in kinds:
            return self.pages.municipality(iri, lang, alternates)
        return self.pages.resource(iri, quads if quads is not None else linked_data.describe(self.kg, iri), lang, alternates)


def allowed(path: str) -> str:
    """The methods a path answers (its Allow header): POST only where a query can be posted."""
    return "GET, POST, HEAD, OPTIONS" if path in SPARQL else "GET, HEAD, OPTIONS"


def variant(path: str, media: str) -> str:
    ext = "html" if media == HTML else linked_data.FORMATS[media][1]
    return quote(f"{path}.{ext}", safe="/:@!$&'()*+,;=-._~%")


def language(request: Request) -> str:
    """``?lang=`` if given (remembered in a cookie), else the cookie, else the client's
    preference between Danish and English, else Danish."""
    wanted = request.param("lang")
    if wanted in ("da", "en"):
        return wanted
    for part in request.headers.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == "lang" and value in ("da", "en"):
            return value
    header = request.headers.get("accept-language", "")
    ranked = []
    for part in header.split(","):
        tag, _, q = part.strip().partition(";q=")
        try:
            ranked.append((float(q) if q else 1.0, tag.strip().lower()[:2]))
        except ValueError:
            continue
    for _, tag in sorted(ranked, reverse=True):
        if tag in ("da", "en"):
            return tag
    return "da"


def vary(header: str | None, *names: str) -> str:
    """A Vary header with ``names`` added to those already in it."""
    present = [h.strip() for h in (header or "").split(",") if h.strip()]
    return ", ".join(present + [n for n in names if n.lower() not in {h.lower() for h in present}])


def html(body: bytes, headers: dict | None = None) -> Response:
    return Response(200, body, "text/html; charset=utf-8", headers or {})


# ---------------------------------------------------------------------------- serving
class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the standard library's name
        if not getattr(self.server, "quiet", False):
            super().log_message(format, *args)


def bind(host: str, port: int, *, quiet: bool = False) -> WSGIServer:
    """A server listening on host:port, without an application yet: binding first makes a busy
    port an error before minutes of reasoning, not after."""
    server = ThreadingServer((host, port), QuietHandler)
    server.quiet = quiet
    return server

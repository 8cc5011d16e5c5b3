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
HTML answer says ``Vary: Accept-Language, Cookie`` besides ``Accept`` where that chose HTML;
error pages give their message in the page's language, plain-text errors in English.

Query results are streamed (``Response.stream``): the first 64 KB are held back, so a short
answer goes out whole with its ``Content-Length`` and an error found before then still gets
its status; a longer one is sent as it is written, without ``Content-Length`` (the standard
library's server closes the connection at its end; a WSGI server speaking HTTP/1.1 sends it in
chunks), and an error after that cuts it off, which a client notices.

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
from .web import Chunked, HTTPError, Request, Response, Sink, content_type, iri_form, text

HTML = "text/html"
LANGUAGES = ("da", "en")   # the first is the default
RESERVED = {"format", "lang"}   # request parameters that are not query parameters
CORS = {"Access-Control-Allow-Origin": "*"}
RDF_TYPES = list(linked_data.FORMATS)
SPARQL = ("/sparql", "/sparql/")   # the only paths that accept POST
# ?format= on a resource: the extensions of its variants, and the names /sparql knows for a graph
VARIANTS = {"html": HTML} | {ext: media for media, (_, ext) in linked_data.FORMATS.items()}
RESOURCE_NAMES = {n: m for n, m in sparql_protocol.GRAPH_NAMES.items() if m in [HTML] + RDF_TYPES} | VARIANTS
LISTING = ", ".join(VARIANTS)


class Application:
    """The WSGI application over one reasoned knowledge graph."""

    def __init__(self, kg: KnowledgeGraph):
        self.kg = kg
        self.pages = Pages(kg)
        self.describer = Describer(kg, self.pages.words)

    def __call__(self, environ, start_response):
        response, lang, remember = self.respond(environ)
        if response.stream is not None:
            try:
                return self.send_stream(environ, start_response, response)
            except HTTPError as exc:   # nothing sent yet: an answer with the error's status
                response = self.finish(environ, self.error(environ, lang, exc), lang, remember)
        start_response(response.status_line(), response.header_list())
        return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [response.body]

    def respond(self, environ) -> tuple[Response, str, bool]:
        lang, remember = LANGUAGES[0], False
        try:
            request = Request.from_environ(environ)
            lang, remember = language(request)
            QUERY.set(request.query)
            response = self.route(request, lang)
        except HTTPError as exc:
            response = self.error(environ, lang, exc)
        except Exception as exc:  # a bug must not take the server down; say what failed
            print(f"samarbejde serve: error on {environ.get('PATH_INFO')}: {exc!r}", file=sys.stderr)
            response = self.error(environ, lang, HTTPError(500, "internal", detail=exc))
        return self.finish(environ, response, lang, remember), lang, remember

    def finish(self, environ, response: Response, lang: str, remember: bool) -> Response:
        """The headers every answer carries: CORS; for a page, what its language depends on,
        and the language chosen with ``?lang=`` remembered."""
        response.headers = {**CORS, **response.headers}
        if response.content_type.startswith("text/html"):
            response.headers["Vary"] = vary(response.headers.get("Vary"), "Accept-Language", "Cookie")
            if remember:
                response.headers["Set-Cookie"] = f"lang={lang}; Path=/; SameSite=Lax"
        return response

    def send_stream(self, environ, start_response, response: Response):
        """Write a streamed body; an HTTPError means nothing was sent (answer it instead)."""
        sink = Sink(start_response, response, head=environ.get("REQUEST_METHOD") == "HEAD")
        try:
            response.stream(sink)
        except Exception as exc:
            if not sink.started:
                raise exc if isinstance(exc, HTTPError) else HTTPError(500, "internal", detail=exc) from None
            if not isinstance(exc, ConnectionError):   # the client going away is no error of ours
                print(f"samarbejde serve: answer to {environ.get('PATH_INFO')} cut off: {exc}", file=sys.stderr)
            return []   # the status is sent: the answer ends here, and the connection with it
        return sink.close()

    def error(self, environ, lang: str, exc: HTTPError) -> Response:
        headers = exc.headers | {"Vary": vary(exc.headers.get("Vary"), "Accept")}
        if choose(environ.get("HTTP_ACCEPT"), ["text/plain", HTML]) == HTML:   # a browser; */* gets text
            page = self.pages.error(lang, exc.status, exc.text(lang))
            return Response(exc.status, page, "text/html; charset=utf-8", headers)
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
            raise HTTPError(405, "method_not_allowed", {"Allow": methods}, method=request.method)
        if request.path in ("/", "/index.html"):
            return self.index(request, lang)
        if request.path in ("/.well-known/void", "/void"):
            return self.dataset(request, lang)
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
            raise HTTPError(404, "no_named_query", name=name)
        query = registry[name]
        bindings = {}
        for key, values in request.query.items():
            if key in RESERVED:
                continue
            if key not in query.parameters:
                raise HTTPError(400, "no_such_parameter", name=name, key=key, known=", ".join(query.parameters) or "none")
            if len(values) > 1:
                raise HTTPError(400, "parameter_repeated", key=key, times=len(values))
            bindings[key] = parameter(key, values[-1])
        try:
            result = queries.run(self.kg, query, bindings)
        except InputError as exc:
            raise HTTPError(400, "named_query_failed", detail=exc) from None
        # the page shows the query as it ran, its parameters bound, so that "run" in its form gives the same
        shown, _ = queries.bound(query.text, {ox.Variable(k): v for k, v in bindings.items()}, query.name)
        return sparql_protocol.answer(request, request.query, query.text, result,
                                      lambda text, res: html(self.pages.sparql(lang, shown, res, title=name)))

    def index(self, request: Request, lang: str) -> Response:
        media = negotiate(request.query.get("format", []), request.headers.get("accept"), [HTML] + RDF_TYPES,
                          RESOURCE_NAMES, sparql_protocol.GRAPH_ALIASES, listing=LISTING)
        if media == HTML:
            return html(self.pages.index(lang), {"Vary": "Accept"})
        return Response(200, linked_data.serialize(self.void(request), media, PREFIXES), content_type(media), {"Vary": "Accept"})

    def dataset(self, request: Request, lang: str) -> Response:
        """``/.well-known/void``: RDF first (``*/*`` gets Turtle), a page for a browser; ``format=``
        as on a resource."""
        media = negotiate(request.query.get("format", []), request.headers.get("accept"), RDF_TYPES + [HTML],
                          RESOURCE_NAMES, sparql_protocol.GRAPH_ALIASES, listing=LISTING)
        quads = self.void(request)
        if media == HTML:
            return html(self.pages.resource(request.root, quads, lang), {"Vary": "Accept"})
        return Response(200, linked_data.serialize(quads, media, PREFIXES), content_type(media), {"Vary": "Accept"})

    def void(self, request: Request) -> list[ox.Quad]:
        """The VoID description, with the municipalities that have descriptions as roots."""
        roots = [row["municipality"] for row in queries.select(self.kg, "municipalities") if row["collaborations"]]
        return self.describer.void(request.root, roots)

    def sparql(self, request: Request, lang: str) -> Response:
        answer = sparql_protocol.execute(self.kg, request,
                                         html_results=lambda query, result: html(self.pages.sparql(lang, query, result)))
        if answer is not None:
            return answer
        # no query: the form for a person, the service description for a machine that asks for
        # it; else the request lacks its query (SPARQL 1.1 Protocol §2.1: malformed, 400)
        media = choose(request.headers.get("accept"), [HTML, "text/turtle"])
        named = choose(request.headers.get("accept"), [HTML], wildcard=False) == HTML   # a browser names HTML; curl's */* does not
        if media is None or (request.method == "POST" and not (media == HTML and named)):
            raise HTTPError(400, "no_query", {"Vary": "Accept"})
        if media == "text/turtle":
            description = self.describer.service(request.root, sparql_protocol.formats())
            return Response(200, linked_data.serialize(description, media, PREFIXES), content_type(media), {"Vary": "Accept"})
        return html(self.pages.sparql(lang, request.param("query") or ""), {"Vary": "Accept"})

    def resource(self, request: Request, lang: str) -> Response:
        path, media = linked_data.split_extension(request.path)
        iri = self.published(path)
        if iri is None:
            raise HTTPError(404, "not_published", path=request.path)
        node = ox.NamedNode(iri)
        graph = self.describer.is_graph(iri)
        headers = {}
        here = request.script_name + path
        if media is None:   # the bare path: ?format= or Accept
            media = negotiate(request.query.get("format", []), request.headers.get("accept"), [HTML] + RDF_TYPES,
                              RESOURCE_NAMES, sparql_protocol.GRAPH_ALIASES, listing=LISTING)
            headers = {"Vary": "Accept", "Content-Location": variant(here, media)}
        alternates = [(m, variant(path, m)) for m in RDF_TYPES]
        quads = self.describer.graph(node, request.root) if graph else None
        if media == HTML:
            return html(self.page(iri, lang, alternates, quads), headers)
        quads = quads if graph else linked_data.describe(self.kg, iri)
        body = linked_data.serialize(quads, media, PREFIXES if graph else None)
        if media == "application/rdf+xml" and sparql_protocol.not_xml(body):
            raise HTTPError(406, "not_xml", char=sparql_protocol.not_xml(body))
        return Response(200, body, content_type(media),
                        headers | {"Link": f'<{variant(here, HTML)}>; rel="alternate"; type="text/html"'})

    def published(self, path: str) -> str | None:
        """The IRI published at a path (in IRI form), or None. A term of the ontology, whose IRI
        has a fragment (``…/def#Name``), is also served at ``…/def%23Name``
        when no IRI holds that escape itself."""
        for candidate in dict.fromkeys([path, path.replace("%23", "#", 1)]):
            iri = linked_data.iri_for_path(candidate)
            try:
                node = ox.NamedNode(iri) if iri else None
            except ValueError:
                continue
            if node is not None and (self.describer.is_graph(iri) or linked_data.exists(self.kg, iri)):
                return iri
        return None

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


def language(request: Request) -> tuple[str, bool]:
    """(language, whether to remember it): ``?lang=`` if it names one (then remembered in a
    cookie; another value changes nothing), else the cookie, else the client's preference,
    else Danish. Language tags are case-insensitive."""
    wanted = (request.param("lang") or "").strip().lower()
    if wanted in LANGUAGES:
        return wanted, True
    for part in request.headers.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == "lang" and value.strip().lower() in LANGUAGES:
            return value.strip().lower(), False
    return preferred(request.headers.get("accept-language", "")), False


def preferred(header: str) -> str:
    """The language ``Accept-Language`` prefers (RFC 9110 §12.5.4): the highest quality, ties in
    the header's order; ``q=0`` means not acceptable; ``*`` any other; none fits: Danish."""
    ranked = []
    for order, part in enumerate(header.split(",")):
        tag, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if tag:
            ranked.append((-q, order, tag.lower()))
    refused = {tag for q, _, tag in ranked if q >= 0}
    for q, _, tag in sorted(ranked):
        if q >= 0:
            break
        primary = tag.split("-")[0]
        if primary in LANGUAGES and tag not in refused:
            return primary
        if tag == "*":
            return next((lang for lang in LANGUAGES if lang not in refused), LANGUAGES[0])
    return LANGUAGES[0]


def parameter(key: str, raw: str):
    """A named query's parameter from the address: an IRI (full, ``<…>``, a CURIE, relative to
    the base; in its IRI form, so a value copied from the address bar with its escapes finds
    the same IRI), else a literal as ``queries/README.md`` says. An empty value or an unknown
    prefix is a 400, not a query that silently finds nothing."""
    value = raw.strip()
    if not value:
        raise HTTPError(400, "parameter_empty", key=key)
    prefix = ns.unknown_prefix(value)
    if prefix:
        raise HTTPError(400, "parameter_prefix", key=key, prefix=prefix, value=value, known=", ".join(ns.PREFIXES))
    try:
        term = ns.parameter_value(value)
    except (InputError, ValueError) as exc:
        raise HTTPError(400, "parameter_invalid", key=key, detail=exc) from None
    return ox.NamedNode(iri_form(term.value)) if isinstance(term, ox.NamedNode) else term


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
    """The standard library's handler, with what it lacks: the path as the client sent it
    (``RAW_URI``, as gunicorn names it: ``PATH_INFO`` has its escapes decoded) and a body sent
    in chunks decoded (``wsgi.input_terminated``: read it to its end)."""

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        self.chunked = "chunked" in (self.headers.get("Transfer-Encoding") or "").lower()
        if self.chunked:
            self.rfile = Chunked(self.rfile)
        return True

    def get_environ(self):
        environ = super().get_environ()
        environ["RAW_URI"] = self.path
        if self.chunked:
            environ["wsgi.input_terminated"] = True
        return environ

    def log_message(self, format, *args):  # noqa: A002 - the standard library's name
        if not getattr(self.server, "quiet", False):
            super().log_message(format, *args)


def bind(host: str, port: int, *, quiet: bool = False) -> WSGIServer:
    """A server listening on host:port, without an application yet: binding first makes a busy
    port an error before minutes of reasoning, not after."""
    server = ThreadingServer((host, port), QuietHandler)
    server.quiet = quiet
    return server

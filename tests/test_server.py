"""`samarbejde serve`: the SPARQL 1.1 Protocol endpoint and linked data, over real HTTP.

One server process (the bundled examples) serves every test here; the protocol cases are in
``data/server/protocol.tsv`` (request and expected answer side by side).
"""
from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from conftest import run_cli
from server_process import running_server

HERE = Path(__file__).parent
CASES = HERE / "data" / "server" / "protocol.tsv"
SK = "https://w3id.org/samarbejde-kg/def#"
COLLABORATION = "/samarbejde-kg/id/samarbejde/0101/eksempelskolen-vest--dk-710100/2023-05-01"


def table(path):
    """Rows of a tab-separated file in ``data/server``: comments first, then ``# what …`` names the columns."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [line for line in handle if not line.startswith("# ") or line.startswith("# what")]
    reader = csv.DictReader([r.lstrip("# ") if r.startswith("# what") else r for r in rows], delimiter="\t",
                            quoting=csv.QUOTE_NONE)
    return [pytest.param(row, id=row["what"]) for row in reader]


def cases():
    return table(CASES)


@pytest.fixture(scope="module")
def server():
    with running_server() as url:
        yield url


def request(url, method="GET", body=b"", headers=None):
    req = urllib.request.Request(url, data=body or None, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=60) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


@pytest.mark.parametrize("case", cases())
def test_protocol_and_linked_data(server, case):
    headers = {k: case[h] for k, h in (("Content-Type", "content-type"), ("Accept", "accept"),
                                        ("Accept-Language", "accept-language")) if case[h]}
    body = "" if case["body"] == '""' else case["body"].replace("\\n", "\n")
    status, answer_headers, answer = request(server + case["path"], case["method"], body.encode("utf-8"), headers)
    assert status == int(case["status"]), answer[:300]
    assert answer_headers["Content-Type"].split(";")[0] == case["answer type"]
    assert case["contains"] in answer.decode("utf-8")
    assert answer_headers["Access-Control-Allow-Origin"] == "*"
    if status >= 400 and case["answer type"] == "text/plain":
        assert answer.decode("utf-8").count("\n") == 1, "an error is one line"


def test_sparqlwrapper_client_gets_the_same_numbers_as_the_cli(server):
    """A research tool's SPARQL client sees what `samarbejde query degrees` prints."""
    from SPARQLWrapper import JSON, SPARQLWrapper

    text = (Path(__file__).parents[1] / "queries" / "degrees.rq").read_text(encoding="utf-8")
    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(text)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    over_http = sorted((r["collaboration"]["value"], r["parameter"]["value"], r["model"]["value"], r["degree"]["value"])
                       for r in rows)
    cli = subprocess.run([sys.executable, "-m", "samarbejde_kg", "query", "degrees", "--format", "json"],
                         capture_output=True, text=True, check=True)
    rows = json.loads(cli.stdout)["results"]["bindings"]
    assert over_http == sorted((r["collaboration"]["value"], r["parameter"]["value"], r["model"]["value"], r["degree"]["value"])
                               for r in rows)
    assert len(over_http) > 100


def test_sparqlwrapper_post_and_construct(server):
    from SPARQLWrapper import POST, TURTLE, SPARQLWrapper

    client = SPARQLWrapper(server + "/sparql")
    client.setMethod(POST)
    client.setQuery("CONSTRUCT { ?d a sk:Degree ; sk:degree ?x } WHERE { ?d a sk:Degree ; sk:degree ?x } LIMIT 5")
    client.setReturnFormat(TURTLE)
    graph = rdflib.Graph().parse(data=client.query().convert(), format="turtle")
    assert len(set(graph.subjects())) == 5


def test_sparqlwrapper_json_ld_and_n3_for_a_graph(server):
    """SPARQLWrapper sends its own format names and an Accept list as ``format`` values."""
    import warnings

    from SPARQLWrapper import JSONLD, N3, SPARQLWrapper

    for kind in (JSONLD, N3):
        client = SPARQLWrapper(server + "/sparql")
        client.setQuery("CONSTRUCT { ?m a sk:Model } WHERE { ?m a sk:Model }")
        client.setReturnFormat(kind)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # rdflib's JSON-LD parser
            result = client.query().convert()
        graph = result if isinstance(result, rdflib.Graph) else rdflib.Graph().parse(data=result, format="turtle")
        assert len(set(graph.subjects(rdflib.RDF.type, rdflib.URIRef(SK + "Model")))) == 3, kind


@pytest.mark.parametrize("path", ["/sparql", "/queries/degrees", COLLABORATION, COLLABORATION + ".ttl", "/", "/.well-known/void"])
def test_allow_names_post_only_where_post_is_accepted(server, path):
    status, headers, _ = request(server + path, "OPTIONS")
    allowed = [m.strip() for m in headers["Allow"].split(",")]
    assert status == 204 and headers["Access-Control-Allow-Methods"] == headers["Allow"]
    posted, answer_headers, _ = request(server + path, "POST", b"query=ASK+%7B%7D",
                                        {"Content-Type": "application/x-www-form-urlencoded"})
    assert ("POST" in allowed) == (posted != 405), (path, posted)
    if posted == 405:
        assert answer_headers["Allow"] == headers["Allow"]


def test_rdflib_sparql_store_reads_the_endpoint(server):
    """rdflib's own SPARQL client (SPARQLStore) as a second, independent client."""
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(server + "/sparql", returnFormat="xml")
    graph = rdflib.Graph(store)
    rows = list(graph.query(f"SELECT ?m WHERE {{ ?m a <{SK}Model> }}"))
    assert {str(r[0]).rsplit("#", 1)[1] for r in rows} == {"Personmodellen", "Tilbudsmodellen", "Samskabelsesmodellen"}


def test_linked_data_is_followable_by_an_rdf_client(server):
    """rdflib dereferences a municipality, finds its collaborations and dereferences one."""
    graph = rdflib.Graph().parse(server + "/samarbejde-kg/id/kommune/0101", format="turtle")
    municipality = rdflib.URIRef("https://w3id.org/samarbejde-kg/id/kommune/0101")
    collaborations = set(graph.subjects(rdflib.URIRef(SK + "municipality"), municipality))
    assert any(str(c).endswith("/2023-05-01") for c in collaborations)
    first = sorted(str(c) for c in collaborations if "/samarbejde/" in str(c))[0]
    path = first.replace("https://w3id.org", "")
    described = rdflib.Graph().parse(server + path + ".ttl", format="turtle")
    degrees = set(described.subjects(rdflib.RDF.type, rdflib.URIRef(SK + "Degree")))
    assert len(degrees) >= 3 and all(str(d).startswith(first + "/grad/") for d in degrees)


def test_content_negotiation_headers(server):
    status, headers, _ = request(server + COLLABORATION, headers={"Accept": "application/ld+json"})
    assert status == 200 and headers["Vary"] == "Accept"
    assert headers["Content-Location"] == COLLABORATION + ".jsonld"
    status, headers, body = request(server + COLLABORATION + ".jsonld")
    json.loads(body)   # JSON-LD with its context inline: nothing to fetch
    assert "Vary" not in headers


def test_a_head_request_sends_headers_only(server):
    status, headers, body = request(server + "/samarbejde-kg/id/kommune/0101.ttl", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


def test_a_store_kept_on_disk_is_served(tmp_path):
    store = tmp_path / "store"
    example = Path(__file__).parents[1] / "examples" / "personmodellen.ttl"
    subprocess.run([sys.executable, "-m", "samarbejde_kg", "reason", "--store", str(store), str(example)],
                   check=True, capture_output=True)
    with running_server("--store", str(store)) as url:
        status, _, body = request(url + "/sparql?query=SELECT%20(COUNT(*)%20AS%20%3Fn)%20WHERE%20%7B%20%3Fc%20a%20sk%3ACollaboration%20%7D",
                                  headers={"Accept": "text/csv"})
        # the server reads the store read-only, so the command line can read it at the same time
        cli = subprocess.run([sys.executable, "-m", "samarbejde_kg", "query", "collaborations", "--store", str(store),
                              "--format", "csv"], capture_output=True, text=True)
    assert status == 200 and body.decode().splitlines()[1] == "1"
    assert cli.returncode == 0 and len(cli.stdout.splitlines()) == 2, cli.stderr


def test_a_store_another_process_writes_to_is_said_in_one_line(tmp_path):
    store = tmp_path / "store"
    example = Path(__file__).parents[1] / "examples" / "personmodellen.ttl"
    samarbejde = [sys.executable, "-m", "samarbejde_kg"]
    subprocess.run([*samarbejde, "reason", "--store", str(store), str(example)], check=True, capture_output=True)
    writer = subprocess.Popen([sys.executable, "-c", "import sys, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); "
                               "print('open', flush=True); sys.stdin.read()", str(store)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "open"
        second = subprocess.run([*samarbejde, "reason", "--store", str(store), str(example)], capture_output=True, text=True)
        reader = subprocess.run([*samarbejde, "query", "collaborations", "--store", str(store), "--format", "csv"],
                                capture_output=True, text=True)
    finally:
        writer.stdin.close()
        writer.wait(30)
    assert second.returncode == 2 and second.stderr.count("\n") == 1
    assert "another process is writing to it" in second.stderr
    # a reader would see part of the data while a writer works: it says so instead of answering
    assert reader.returncode == 2 and "another process is writing" in reader.stderr and reader.stderr.count("\n") == 1, reader.stderr
    assert reader.stdout == ""


def test_serve_reports_bad_input_in_one_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "samarbejde_kg", "serve", "--port", "0", str(bad)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "bad.ttl" in result.stderr and "Traceback" not in result.stderr


def test_a_busy_port_is_one_line(server):
    port = server.rsplit(":", 1)[1]
    result = subprocess.run([sys.executable, "-m", "samarbejde_kg", "serve", "--port", port],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "cannot listen" in result.stderr and result.stderr.count("\n") == 1


def test_instance_iris_under_another_base_are_served_at_their_paths():
    """With --base, every instance IRI is published at the path it has under that base."""
    with running_server(options=("--base", "http://localhost/data/")) as url:
        status, _, body = request(url + "/data/kommune/0101.nt")
        assert status == 200 and b"<http://localhost/data/kommune/0101> <https://schema.org/name>" in body
        status, _, body = request(url + "/", headers={"Accept": "text/html"})
        assert b'href="/data/kommune/0101"' in body
        assert request(url + "/samarbejde-kg/id/kommune/0101")[0] == 404
        assert request(url + "/samarbejde-kg/def.ttl")[0] == 200


def test_every_link_on_the_pages_leads_somewhere(server):
    """Crawl the site from the index (a few hundred pages): no local link is broken."""
    import re
    from collections import deque

    seen, todo, broken = {"/"}, deque(["/"]), []
    while todo and len(seen) < 400:
        path = todo.popleft()
        status, headers, body = request(server + path, headers={"Accept": "text/html"})
        if status != 200:
            broken.append((path, status))
            continue
        if not headers["Content-Type"].startswith("text/html"):
            continue
        for link in re.findall(r'href="(/[^"#?]*)', body.decode("utf-8")):
            if link not in seen:
                seen.add(link)
                todo.append(link)
    assert not broken, broken[:10]
    assert len(seen) > 100


def test_the_ontology_version_iri_is_served_as_the_ontology(server):
    from samarbejde_kg import __version__

    status, _, body = request(server + f"/samarbejde-kg/def/{__version__}.ttl")
    assert status == 200 and b"sk:Personmodellen" in body


NAMED = sorted(n for n in __import__("samarbejde_kg.queries", fromlist=["registry"]).registry())


@pytest.mark.parametrize("name", NAMED)
def test_every_named_query_runs_by_name_on_the_server(server, name):
    """The server runs each query of queries/ by name, as `samarbejde query NAME` does."""
    status, headers, body = request(server + f"/queries/{name}", headers={"Accept": "application/sparql-results+json"})
    assert status == 200, body[:300]
    over_http = json.loads(body)
    cli = subprocess.run([sys.executable, "-m", "samarbejde_kg", "query", name, "--format", "json"],
                         capture_output=True, text=True, check=True)
    assert over_http == json.loads(cli.stdout)


def test_named_query_parameters_and_listing(server):
    status, _, body = request(server + "/queries/degrees?collaboration=samarbejde/0151/eksempelskolen-mose--dk-715100/2025-02-01",
                              headers={"Accept": "text/csv"})
    rows = body.decode().splitlines()[1:]
    assert status == 200 and len(rows) == 15 and all("/0151/eksempelskolen-mose" in r for r in rows)
    status, _, body = request(server + "/queries/degrees?nope=x")
    assert status == 400 and b"no parameter 'nope'" in body
    assert request(server + "/queries/nope")[0] == 404
    status, headers, body = request(server + "/queries", headers={"Accept": "application/json"})
    listing = {q["name"]: q for q in json.loads(body)}
    assert set(listing) == set(NAMED) and listing["degrees"]["parameters"] == {
        "collaboration": {"en": "restrict to one collaboration", "da": "begræns til ét samarbejde"}}
    status, _, body = request(server + "/queries?lang=da", headers={"Accept": "text/html"})
    assert status == 200 and b'href="/queries/degrees"' in body
    assert "begræns til ét samarbejde" in body.decode("utf-8")
    _, _, body = request(server + "/queries?lang=en", headers={"Accept": "text/html"})
    assert "restrict to one collaboration" in body.decode("utf-8")


def test_dataset_description(server):
    """VoID at /.well-known/void: endpoint, URI space, the graphs (ontology, data, inferred,
    rules) with their sizes."""
    graph = rdflib.Graph().parse(server + "/.well-known/void", format="turtle")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    dataset = [d for d in graph.subjects(rdflib.RDF.type, void.Dataset) if (d, void.sparqlEndpoint, None) in graph][0]
    assert str(graph.value(dataset, void.sparqlEndpoint)).endswith("/sparql")
    assert str(graph.value(dataset, void.uriSpace)) == "https://w3id.org/samarbejde-kg/id/"
    parts = list(graph.objects(dataset, void.subset))
    assert len(parts) == 4 and sum(int(graph.value(p, void.triples)) for p in parts) == int(graph.value(dataset, void.triples))
    assert rdflib.URIRef("https://w3id.org/samarbejde-kg/id/kommune/0101") in set(graph.objects(dataset, void.rootResource))


# ---------------------------------------------------------------------------- requests the server must not make
@pytest.fixture
def listener():
    """A local port that records whether anything connected to it (where SERVICE would go)."""
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.setblocking(False)

    def contacted() -> bool:
        try:
            sock.accept()[0].close()
            return True
        except BlockingIOError:
            return False

    yield f"http://127.0.0.1:{sock.getsockname()[1]}/sparql", contacted
    sock.close()


@pytest.mark.parametrize("case", table(HERE / "data" / "server" / "service.tsv"))
def test_service_is_refused_before_any_request_is_sent(server, listener, case):
    """A SERVICE clause would make the server fetch any URL a client names (request forgery);
    the word SERVICE in a string, IRI, comment, variable or prefix is no SERVICE clause."""
    url, contacted = listener
    query = case["query"].replace("{url}", url)
    status, _, body = request(server + "/sparql", "POST", query.encode("utf-8"),
                                    {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    if case["refused"] == "yes":
        assert status == 400 and body.decode().startswith("SERVICE (a federated query) is not allowed")
        assert body.decode().count("\n") == 1
    else:
        assert status == 200, body[:300]
    assert not contacted()


# ---------------------------------------------------------------------------- pages
def test_the_results_table_links_only_http_iris_and_local_pages(server):
    query = ("SELECT ?x WHERE { VALUES ?x { <javascript:alert(document.cookie)> <data:text/html,hi> "
             "<https://example.org/a> <https://w3id.org/samarbejde-kg/id/kommune/0101> } }")
    status, _, body = request(server + "/sparql?format=html&query=" + urllib.parse.quote(query))
    page = body.decode("utf-8")
    assert status == 200
    links = re.findall(r'<td>\s*<a href="([^"]*)"', page)
    assert sorted(links) == ["/samarbejde-kg/id/kommune/0101", "https://example.org/a"]
    assert "javascript:alert(document.cookie)</span>" in page and '<a href="data:' not in page


@pytest.mark.parametrize("case", table(HERE / "data" / "server" / "vary.tsv"))
def test_vary_names_every_header_an_answer_depends_on(server, case):
    """Caches must not hand a Danish page to an English reader, or a page to an RDF client."""
    headers = {"Accept": case["accept"]} if case["accept"] else {}
    _, answer_headers, _ = request(server + case["path"], headers=headers)
    assert answer_headers.get("Vary") == case["vary"]


# ---------------------------------------------------------------------------- RDF
@pytest.mark.filterwarnings("ignore::DeprecationWarning")   # inside rdflib's JSON-LD parser
@pytest.mark.parametrize("path", ["/samarbejde-kg/id/skole/0630/eksempelskolen-bakke", COLLABORATION, "/samarbejde-kg/def"])
def test_json_ld_is_the_resource_graph_with_the_project_context(server, path):
    """JSON-LD is triples (not a dataset of named graphs), compacted with ontology/context.jsonld
    written inline: a JSON-LD client reads the same statements as from N-Triples."""
    from samarbejde_kg.store import context_document

    _, _, nt = request(server + path + ".nt")
    expected = rdflib.Graph().parse(data=nt.decode("utf-8"), format="nt")
    for url, headers in ((server + path + ".jsonld", {}), (server + path, {"Accept": "application/ld+json"})):
        status, _, body = request(url, headers=headers)
        document = json.loads(body)
        assert status == 200 and document["@context"] == context_document()
        read = rdflib.Graph().parse(data=body, format="json-ld")   # the default graph: no statement in a named graph
        assert isomorphic(read, expected) and len(expected) > 0


def test_the_ontology_is_served_complete(server):
    """The ontology at its own IRI holds every statement of the ontology files (reference data
    aside), blank nodes included (restrictions, lists), and OWL tools read its axioms."""
    import owlready2

    files = rdflib.Graph()
    for path in sorted((Path(__file__).parents[1] / "ontology").glob("*.ttl")):
        files.parse(path, format="turtle", publicID="https://w3id.org/samarbejde-kg/id/")
    _, _, body = request(server + "/samarbejde-kg/def.ttl")
    served = rdflib.Graph().parse(data=body.decode("utf-8"), format="turtle")
    served.remove((rdflib.URIRef("https://w3id.org/samarbejde-kg/def"), rdflib.OWL.versionInfo, None))
    served.remove((rdflib.URIRef("https://w3id.org/samarbejde-kg/def"), rdflib.OWL.versionIRI, None))
    assert isomorphic(served, files)
    _, _, xml = request(server + "/samarbejde-kg/def.rdf")
    world = owlready2.World()
    ontology = world.get_ontology("https://w3id.org/samarbejde-kg/def").load(fileobj=io.BytesIO(xml))
    defined = [c for c in ontology.classes() if c.equivalent_to]
    assert defined and all("some(" in str(c.equivalent_to) for c in defined)


def test_each_named_graph_is_described_at_its_iri(server):
    """VoID/SD at each graph's IRI: what it is, its size, where to query it; the ontology and
    rules graphs (fixed by the package) with their statements, the others without."""
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    for name in ("ontology", "data", "inferred", "rules"):
        graph_iri = f"https://w3id.org/samarbejde-kg/graph/{name}"
        status, _, body = request(server + f"/samarbejde-kg/graph/{name}", headers={"Accept": "text/turtle"})
        described = rdflib.Graph().parse(data=body.decode("utf-8"), format="turtle")
        node = rdflib.URIRef(graph_iri)
        assert status == 200 and (node, rdflib.RDF.type, sd.Graph) in described
        _, _, count = request(server + "/sparql?query=" + urllib.parse.quote(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"), headers={"Accept": "text/csv"})
        assert int(described.value(node, void.triples)) == int(count.decode().split()[1]) > 0
        assert str(described.value(node, void.sparqlEndpoint)) == server + "/sparql"
        with_content = len(described) > int(described.value(node, void.triples))
        assert with_content == (name in ("ontology", "rules")), name


def test_the_service_description_lists_every_graph_of_the_default_graph(server):
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    _, _, body = request(server + "/sparql", headers={"Accept": "text/turtle"})
    described = rdflib.Graph().parse(data=body.decode("utf-8"), format="turtle")
    names = {str(n) for n in described.objects(None, sd.name)}
    _, _, rows = request(server + "/sparql?query=" + urllib.parse.quote("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"),
                         headers={"Accept": "text/csv"})
    assert names == set(rows.decode().split()[1:]) and len(names) == 4
    assert rdflib.URIRef("http://www.w3.org/ns/formats/JSON-LD") in set(described.objects(None, sd.resultFormat))


def test_descriptions_use_the_scheme_and_mount_point_of_the_request():
    """Under any WSGI server: VoID and the service description name the endpoint as the
    request reached the application (wsgi.url_scheme, Host, SCRIPT_NAME); proxy headers
    are not trusted (a WSGI server that knows its proxies sets the scheme)."""
    from wsgiref.util import setup_testing_defaults

    from samarbejde_kg.reasoner import load_and_reason
    from samarbejde_kg.server import Application

    app = Application(load_and_reason([Path(__file__).parents[1] / "examples" / "personmodellen.ttl"]))

    def get(path, **environ):
        environ = {"PATH_INFO": path, "SCRIPT_NAME": "/kg", "HTTP_HOST": "data.example.dk", "wsgi.url_scheme": "https",
                   "HTTP_ACCEPT": "text/turtle", **environ}
        setup_testing_defaults(environ)
        answer = {}
        body = b"".join(app(environ, lambda status, headers: answer.update(headers=dict(headers))))
        return answer["headers"], rdflib.Graph().parse(data=body.decode("utf-8"), format="turtle")

    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    _, graph = get("/.well-known/void")
    assert graph.value(rdflib.URIRef("https://data.example.dk/kg/"), void.sparqlEndpoint) == rdflib.URIRef(
        "https://data.example.dk/kg/sparql")
    _, graph = get("/sparql")
    assert {str(s) for s in graph.subjects(rdflib.RDF.type, rdflib.URIRef(
        "http://www.w3.org/ns/sparql-service-description#Service"))} == {"https://data.example.dk/kg/sparql"}
    _, graph = get("/.well-known/void", **{"wsgi.url_scheme": "http", "HTTP_X_FORWARDED_PROTO": "https"})
    assert (None, void.sparqlEndpoint, rdflib.URIRef("http://data.example.dk/kg/sparql")) in graph
    headers, _ = get("/samarbejde-kg/id/kommune/0101")
    assert headers["Content-Location"] == "/kg/samarbejde-kg/id/kommune/0101.ttl"


# ---------------------------------------------------------------------------- the CLI agrees with the server
def test_ask_from_the_cli_is_what_the_server_sends(server, tmp_path):
    ask = tmp_path / "ask.rq"
    ask.write_text("ASK { ?c a sk:Collaboration }\n", encoding="utf-8")
    printed = {}
    for fmt in ("json", "xml", "csv", "tsv"):
        _, _, body = request(server + "/sparql?format=" + fmt + "&query=" + urllib.parse.quote(ask.read_text()))
        cli = subprocess.run([sys.executable, "-m", "samarbejde_kg", "query", str(ask), "--format", fmt],
                             capture_output=True, check=True)
        assert cli.stdout == body, fmt
        printed[fmt] = cli.stdout.decode("utf-8")
    assert json.loads(printed["json"]) == {"head": {}, "boolean": True}
    assert "<boolean>true</boolean>" in printed["xml"]


HTML_ACCEPT = {"Accept": "text/html"}
MOSE = "/samarbejde-kg/id/samarbejde/0151/eksempelskolen-mose--dk-715100/2025-02-01"


def test_pages_link_ontology_terms_to_their_section(server):
    _, _, body = request(server + MOSE + "/grad/4/P", headers=HTML_ACCEPT)
    assert 'href="/samarbejde-kg/def#Personmodellen"' in body.decode()
    _, _, ontology = request(server + "/samarbejde-kg/def", headers=HTML_ACCEPT)
    assert 'id="Personmodellen"' in ontology.decode()


def test_the_language_switch_keeps_the_query_of_the_page(server):
    query = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
    _, _, body = request(server + "/sparql?" + urllib.parse.urlencode({"query": query}), headers=HTML_ACCEPT)
    switch = re.search(r'<span class="lang"><a href="([^"]+)"', body.decode()).group(1)
    params = urllib.parse.parse_qs(urllib.parse.urlsplit(html.unescape(switch)).query)
    assert params == {"query": [query], "lang": ["en"]}


def test_findings_are_named_by_label_on_english_pages(server):
    _, _, collaboration = request(server + MOSE + "?lang=en", headers=HTML_ACCEPT)
    assert ">ineffective offer</a>" in collaboration.decode() and "ineffective-offer</a>" not in collaboration.decode()
    _, _, municipality = request(server + "/samarbejde-kg/id/kommune/0151?lang=en", headers=HTML_ACCEPT)
    text = municipality.decode()
    assert "Findings: ineffective offer 2" in text and "1 collaboration description<" in text


def test_a_named_query_page_shows_the_query_as_it_ran(server):
    _, _, body = request(server + "/queries/degrees?collaboration=" + MOSE.removeprefix("/samarbejde-kg/id/"),
                         headers=HTML_ACCEPT)
    page = html.unescape(body.decode())
    assert "<h1>degrees</h1>" in page
    assert "BIND(<https://w3id.org/samarbejde-kg/id/" + MOSE.removeprefix("/samarbejde-kg/id/") + "> AS ?collaboration)" in page


def test_a_collaboration_page_groups_its_classifications_as_the_text_profile_does(server):
    oest = "/samarbejde-kg/id/samarbejde/0101/eksempelskolen-oest--dk-710100/2023-05-01"
    _, _, body = request(server + oest + "?lang=da", headers=HTML_ACCEPT)
    section = body.decode().split("<h2>Klassifikation</h2>", 1)[1].split("</ul>", 1)[0]
    items = [html.unescape(re.sub(r"<[^>]+>", "", item)) for item in re.findall(r"<li>(.*?)</li>", section)]
    profile = run_cli("profile", "--lang", "da").out.split("Eksempelskolen Øst – Hovedbiblioteket, Københavns Kommune · København (0101) · 2023-05-01")[1]
    line = next(line for line in profile.splitlines() if line.startswith("Klassifikation: "))
    assert "; ".join(items) == line.removeprefix("Klassifikation: ")
    assert any(item.count(", ") == 1 for item in items)   # one kind with two models


# ---------------------------------------------------------------------------- streaming, bodies, escapes
@pytest.fixture(scope="module")
def escapes_server():
    """A server of data/server/escapes.ttl, with its process id (to read its memory)."""
    proc = subprocess.Popen([sys.executable, "-m", "samarbejde_kg", "serve", "--port", "0", "--quiet",
                             str(HERE / "data" / "server" / "escapes.ttl")], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("Serving on "), proc.stderr.read()
        yield line.split()[2].rstrip("/"), proc.pid
    finally:
        proc.terminate()
        proc.wait(30)


@pytest.mark.parametrize("case", table(HERE / "data" / "server" / "escapes.tsv"))
def test_iris_with_escapes_are_served_at_their_own_paths(escapes_server, case):
    url, _ = escapes_server
    status, _, body = request(url + case["path"], headers={"Accept": case["accept"]} if case["accept"] else {})
    assert status == int(case["status"]) and case["contains"] in body.decode("utf-8"), body[:300]


def peak_memory_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmHWM:"))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the server's memory from /proc")
def test_large_results_are_streamed_not_held(escapes_server):
    """A million rows (hundreds of MB) go out as they are produced: the first bytes come
    at once, no Content-Length, and the server's memory hardly grows; a short answer comes whole."""
    url, pid = escapes_server
    before = peak_memory_mb(pid)
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 1000000"
    req = urllib.request.Request(url + "/sparql?query=" + urllib.parse.quote(query),
                                 headers={"Accept": "text/tab-separated-values"})   # no line breaks in values
    with urllib.request.urlopen(req, timeout=300) as answer:
        assert "Content-Length" not in answer.headers
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: answer.read(1 << 20), b""))
    assert lines == 1 + 1_000_000
    assert peak_memory_mb(pid) - before < 150   # held whole, the answer took over 700 MB
    _, headers, body = request(url + "/sparql?query=" + urllib.parse.quote("ASK {}"), headers={"Accept": "text/csv"})
    assert int(headers["Content-Length"]) == len(body) > 0


def test_a_control_character_late_in_xml_cuts_the_answer_short(server):
    """Past the first bytes an answer cannot change its status: a character XML 1.0 cannot
    carry then cuts it off, so a client sees a broken document, never a wrong one."""
    query = ('SELECT ?x WHERE { { SELECT ?x WHERE { ?s ?p ?o BIND(STR(?s) AS ?x) } LIMIT 5000 } '
             'UNION { BIND("a\\u0001b" AS ?x) } }')
    status, _, body = request(server + "/sparql?query=" + urllib.parse.quote(query),
                              headers={"Accept": "application/sparql-results+xml"})
    assert status == 200 and len(body) > 64 * 1024
    assert not body.rstrip().endswith(b"</sparql>") and b"\x01" not in body


def test_a_query_posted_in_chunks_is_read(server):
    """``Transfer-Encoding: chunked`` (no Content-Length), as streaming HTTP clients send."""
    import http.client

    host = urllib.parse.urlsplit(server).netloc
    connection = http.client.HTTPConnection(host, timeout=60)
    parts = iter([b"SELECT ?m WHERE { ?m a ", b"sk:Model }"])
    connection.request("POST", "/sparql", body=parts, encode_chunked=True,
                       headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    answer = connection.getresponse()
    rows = answer.read().decode().split()
    connection.close()
    assert answer.status == 200 and len(rows) == 4 and rows[0] == "m"


def test_a_byte_order_mark_before_a_posted_query_is_ignored(server):
    status, _, body = request(server + "/sparql", "POST", "\ufeffASK { ?m a sk:Model }".encode("utf-8"),
                              {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    assert status == 200 and json.loads(body)["boolean"] is True


def test_sparqlwrapper_json_on_construct_gets_a_graph(server):
    """JSON-LD is labelled application/ld+json, so a client that asked for JSON reads it as RDF."""
    import warnings

    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(server + "/sparql")
    client.setQuery("CONSTRUCT { ?m a sk:Model } WHERE { ?m a sk:Model }")
    client.setReturnFormat(JSON)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # rdflib's JSON-LD parser
        answer = client.query()
        graph = answer.convert()
    assert answer.info()["content-type"].startswith("application/ld+json")
    assert len(set(graph.subjects(rdflib.RDF.type, rdflib.URIRef(SK + "Model")))) == 3


@pytest.mark.parametrize("asked, cookie, remembered", [("en", None, "lang=en"), ("EN", "lang=da", "lang=en"),
                                                       ("xx", "lang=en", None), ("", "lang=en", None)])
def test_only_a_known_language_is_remembered(server, asked, cookie, remembered):
    headers = {"Accept": "text/html"} | ({"Cookie": cookie} if cookie else {})
    _, answer_headers, body = request(server + "/?lang=" + asked, headers=headers)
    assert (answer_headers.get("Set-Cookie", "").split(";")[0] or None) == remembered
    expected = (remembered or cookie).split("=")[1]
    assert f'<html lang="{expected}"' in body.decode()


def test_a_results_page_shows_the_first_rows_and_says_so(server):
    """A page cannot show millions of rows; it shows the first 5,000 and points to the data formats."""
    query = "SELECT * WHERE { ?s ?p ?o } LIMIT 6000"
    _, _, body = request(server + "/sparql?format=html&lang=en&query=" + urllib.parse.quote(query))
    page = body.decode("utf-8")
    assert page.count("<tr>") == 1 + 5000 and 'id="capped"' in page and "the data formats have them all" in page
    _, _, body = request(server + "/sparql?format=html&query=" + urllib.parse.quote("SELECT * WHERE { ?s ?p ?o } LIMIT 10"))
    assert 'id="capped"' not in body.decode("utf-8")


def test_head_of_a_long_streamed_answer_states_no_false_length(server):
    """A HEAD request is answered with the headers a GET gets; a streamed answer has no length
    to state, and must not claim 0."""
    query = urllib.parse.quote("SELECT * WHERE { ?s ?p ?o }")
    status, headers, body = request(server + "/sparql?query=" + query, "HEAD", headers={"Accept": "text/csv"})
    got_status, _, got = request(server + "/sparql?query=" + query, headers={"Accept": "text/csv"})
    assert status == got_status == 200 and body == b"" and len(got) > 64 * 1024
    assert headers.get("Content-Length") in (None, str(len(got)))

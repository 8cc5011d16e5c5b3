"""`samarbejde serve`: the SPARQL 1.1 Protocol endpoint and linked data, over real HTTP.

One server process (the bundled examples) serves every test here; the protocol cases are in
``data/server/protocol.tsv`` (request and expected answer side by side).
"""
from __future__ import annotations

import csv
import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import rdflib

from server_process import running_server

HERE = Path(__file__).parent
CASES = HERE / "data" / "server" / "protocol.tsv"
SK = "https://w3id.org/samarbejde-kg/def#"
COLLABORATION = "/samarbejde-kg/id/samarbejde/0101/eksempelskolen-vest--dk-710100/2023-05-01"


def cases():
    with open(CASES, encoding="utf-8", newline="") as handle:
        rows = [line for line in handle if not line.startswith("# ") or line.startswith("# what")]
    reader = csv.DictReader([r.lstrip("# ") if r.startswith("# what") else r for r in rows], delimiter="\t",
                            quoting=csv.QUOTE_NONE)
    return [pytest.param(row, id=row["what"]) for row in reader]


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
    assert status == 200 and body.decode().splitlines()[1] == "1"


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
    assert set(listing) == set(NAMED) and listing["degrees"]["parameters"] == {"collaboration": "restrict to one collaboration"}
    status, _, body = request(server + "/queries", headers={"Accept": "text/html"})
    assert status == 200 and b'href="/queries/degrees"' in body


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

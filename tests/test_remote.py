"""`samarbejde reason --endpoint`: the rules run inside an external SPARQL store (a real Oxigraph
server process), and give exactly what they give in the embedded store."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from server_process import running_server

ROOT = Path(__file__).parents[1]
EXAMPLES = sorted(str(p) for p in (ROOT / "examples").iterdir() if p.suffix in (".ttl", ".jsonld", ".csv"))
GRAPH = "https://w3id.org/samarbejde-kg/graph/"
OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def store():
    """A fresh in-memory Oxigraph server; yields its base URL."""
    port = free_port()
    proc = subprocess.Popen([OXIGRAPH, "serve", "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


def samarbejde(*args):
    return subprocess.run([sys.executable, "-m", "samarbejde_kg", *args], capture_output=True, text=True, timeout=600)


def graph(url: str, name: str) -> set:
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{GRAPH}{name}> {{ ?s ?p ?o }} }}"
    req = urllib.request.Request(url + "/query", data=urllib.parse.urlencode({"query": query}).encode(),
                                 headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(req) as answer:
        return {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(answer.read(), format=ox.RdfFormat.N_TRIPLES)}


def local_inferred(tmp_path, *files) -> set:
    out = tmp_path / "local.nq"
    result = samarbejde("reason", *files, "-o", str(out))
    assert result.returncode == 0, result.stderr
    return {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path=str(out))
            if q.graph_name.value == GRAPH + "inferred"}


def test_the_rules_give_the_same_results_in_an_external_store(store, tmp_path):
    result = samarbejde("reason", "--endpoint", store + "/query", *EXAMPLES)
    assert result.returncode == 0, result.stderr
    remote = graph(store, "inferred")
    assert remote == local_inferred(tmp_path, *EXAMPLES)
    assert len(graph(store, "rules")) > 0 and not graph(store, "inferred-staging")
    data = graph(store, "data")
    again = samarbejde("reason", "--endpoint", store + "/query", *EXAMPLES)   # running again changes nothing
    assert again.returncode == 0
    assert same_graph(graph(store, "data"), data) and graph(store, "inferred") == remote


def test_data_already_in_the_store_is_reasoned_where_it_is(store, tmp_path):
    """Descriptions put into the store by other tools (Graph Store Protocol) never leave it."""
    example = str(ROOT / "examples" / "tilbudsmodellen.ttl")
    exported = tmp_path / "data.nt"
    from samarbejde_kg.store import DATA, KnowledgeGraph

    kg = KnowledgeGraph()
    kg.load_all([example])
    exported.write_bytes(kg.serialize([DATA], "nt"))
    req = urllib.request.Request(f"{store}/store?graph={urllib.parse.quote(GRAPH + 'data')}", data=exported.read_bytes(),
                                 method="POST", headers={"Content-Type": "application/n-triples"})
    urllib.request.urlopen(req).read()
    result = samarbejde("reason", "--endpoint", store + "/query", "--update-endpoint", store + "/update")
    assert result.returncode == 0, result.stderr
    assert graph(store, "inferred") == local_inferred(tmp_path, example)


def test_a_changed_description_replaces_the_old_one(store, tmp_path):
    original = ROOT / "examples" / "personmodellen.ttl"
    changed = tmp_path / "personmodellen.ttl"
    text = original.read_text(encoding="utf-8")
    assert "sk:Observed" in text
    changed.write_text(text.replace("sk:Observed", "sk:Absent", 1), encoding="utf-8")
    assert samarbejde("reason", "--endpoint", store + "/query", str(original)).returncode == 0
    result = samarbejde("reason", "--endpoint", store + "/query", str(changed))
    assert result.returncode == 0, result.stderr
    assert graph(store, "inferred") == local_inferred(tmp_path, str(changed))
    assert same_graph(graph(store, "data"), local_data(str(changed)))


def same_graph(a: set, b: set) -> bool:
    """Equal up to the names of blank nodes (each query names them anew)."""
    import rdflib
    from rdflib.compare import isomorphic

    def as_rdflib(triples):
        return rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")

    return len(a) == len(b) and isomorphic(as_rdflib(a), as_rdflib(b))


def local_data(path) -> set:
    from samarbejde_kg.store import DATA, KnowledgeGraph

    kg = KnowledgeGraph()
    kg.load_all([path])
    return {ox.Triple(q.subject, q.predicate, q.object) for q in kg.quads(DATA)}


def test_bad_input_and_failing_stores_change_nothing(store, tmp_path):
    assert samarbejde("reason", "--endpoint", store + "/query", *EXAMPLES).returncode == 0
    before = {name: graph(store, name) for name in ("data", "inferred", "ontology")}
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    result = samarbejde("reason", "--endpoint", store + "/query", str(bad))
    assert result.returncode == 2 and "bad.ttl" in result.stderr and result.stderr.count("\n") == 1
    # an update endpoint that refuses: our own read-only server
    with running_server() as readonly:
        result = samarbejde("reason", "--endpoint", store + "/query", "--update-endpoint", readonly + "/sparql", *EXAMPLES)
    assert result.returncode == 2 and "403" in result.stderr and result.stderr.count("\n") == 1
    assert all(same_graph(graph(store, name), triples) for name, triples in before.items())
    result = samarbejde("reason", "--endpoint", f"http://127.0.0.1:{free_port()}/query")
    assert result.returncode == 2 and "cannot reach" in result.stderr and "Traceback" not in result.stderr
    result = samarbejde("reason", "--endpoint", store + "/query", "-o", str(tmp_path / "x.ttl"))
    assert result.returncode == 2 and "cannot be combined" in result.stderr

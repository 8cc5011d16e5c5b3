"""Reasoning inside an external SPARQL 1.1 store, so the data never has to leave it.

The same rule files run as SPARQL 1.1 Update requests sent over the SPARQL 1.1 Protocol to
any store that speaks it (Oxigraph server, Fuseki, GraphDB, Virtuoso …). The store holds the
descriptions in the data graph ``<…/graph/data>``; the ontology graph is written by us.

Three steps, so that readers of the store never see half a result:

1. one update request (stores run a request as one transaction): the current ontology
   replaces the ontology graph; FILEs, if given, replace the descriptions they contain in the
   data graph (a description and the nodes it owns: blank nodes and IRIs under its own);
   every rule runs once, writing into a staging graph instead of the inferred graph;
2. a recursive component runs again (into the staging graph) while a round adds statements,
   counted by a query;
3. one update request moves the staging graph onto the inferred graph and rewrites the rules
   graph.

If a request fails, the staging graph is dropped and the inferred graph is as it was; a
failure in step 1 changes nothing at all. Errors name the endpoint and the store's answer.
"""
from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox

from . import namespaces as ns
from .engine import MAX_ROUNDS, RULES_GRAPH, Engine, RunStats, rule_quads
from .errors import InputError
from .store import DATA, ONTOLOGY, KnowledgeGraph

STAGING = ns.GRAPH + "inferred-staging"
TIMEOUT = 3600   # seconds for one request: a national rule run is minutes, not hours


class Endpoint:
    """A SPARQL 1.1 Protocol query endpoint and its update endpoint."""

    def __init__(self, query_url: str, update_url: str | None = None):
        for url in (query_url, update_url):
            if url is not None and urllib.parse.urlsplit(url).scheme not in ("http", "https"):
                raise InputError(f"{url!r} is not an http(s) URL of a SPARQL endpoint")
        self.query_url = query_url
        self.update_url = update_url or default_update_url(query_url)

    def _post(self, url: str, body: bytes, content_type: str, accept: str | None = None) -> bytes:
        headers = {"Content-Type": content_type}
        if accept:
            headers["Accept"] = accept
        request = urllib.request.Request(url, data=body, method="POST", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
                return answer.read()
        except urllib.error.HTTPError as err:
            detail = err.read().decode("utf-8", "replace").strip().splitlines()
            raise InputError(f"the store answered {err.code} {err.reason}" + (f": {detail[0][:300]}" if detail else ""),
                             where=url) from None
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise InputError(f"cannot reach the SPARQL endpoint: {reason}", where=url) from None

    def update(self, text: str) -> None:
        self._post(self.update_url, text.encode("utf-8"), "application/sparql-update")

    def select(self, text: str) -> list[dict]:
        body = urllib.parse.urlencode({"query": text}).encode("utf-8")
        answer = self._post(self.query_url, body, "application/x-www-form-urlencoded", "application/sparql-results+json")
        try:
            return [{k: v["value"] for k, v in row.items()} for row in json.loads(answer)["results"]["bindings"]]
        except (ValueError, KeyError, TypeError):
            raise InputError("the answer is not SPARQL JSON results", where=self.query_url) from None

    def count(self, graph: str) -> int:
        return int(self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")[0]["n"])


def default_update_url(query_url: str) -> str:
    """``…/query`` -> ``…/update`` (Oxigraph, Fuseki); any other URL serves both."""
    return query_url[: -len("query")] + "update" if query_url.endswith("/query") else query_url


PREFIX_LINE = re.compile(r"^\s*PREFIX\s+([\w.-]*):\s*<([^>]*)>\s*$", re.IGNORECASE | re.MULTILINE)


def staged(text: str) -> str:
    """A rule's text writing to (and reading its own results from) the staging graph."""
    return text.replace(f"<{ns.INFERRED_GRAPH}>", f"<{STAGING}>")


def request(operations: list[str]) -> str:
    """Several update operations as one request, their PREFIX declarations gathered at the top.

    The grammar allows a prologue before every operation, but not every store accepts one
    after ``;`` (Oxigraph does not); the rules all use the same prefixes, so one prologue serves.
    """
    prefixes: dict[str, str] = {}
    bodies = []
    for text in operations:
        for name, iri in PREFIX_LINE.findall(text):
            if prefixes.setdefault(name, iri) != iri:
                raise InputError(f"the rules bind the prefix {name}: to both <{prefixes[name]}> and <{iri}>; "
                                 "use one namespace per prefix to reason in an external store")
        bodies.append(PREFIX_LINE.sub("", text).strip())
    prologue = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in prefixes.items())
    return prologue + " ;\n".join(bodies)


def insert_data(quads, graph: str) -> str:
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8") if triples else ""
    return f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}}} }}"


def replace_descriptions(kg: KnowledgeGraph) -> list[str]:
    """Update operations that delete the descriptions in ``kg`` from the data graph, then add them."""
    from .incremental import descriptions

    iris = [d for d in descriptions(kg) if isinstance(d, ox.NamedNode)]
    if not iris:
        return [insert_data(kg.quads(DATA), ns.DATA_GRAPH)]
    values = " ".join(f"<{d.value}>" for d in iris)
    data = ns.DATA_GRAPH
    return [
        # the nodes a description owns: blank nodes and IRIs under its own IRI
        f"DELETE {{ GRAPH <{data}> {{ ?n ?p ?o }} }} WHERE {{ VALUES ?d {{ {values} }} GRAPH <{data}> {{ ?d ?q ?n . ?n ?p ?o }} "
        f"FILTER(isBlank(?n) || STRSTARTS(STR(?n), CONCAT(STR(?d), \"/\"))) }}",
        f"DELETE {{ GRAPH <{data}> {{ ?d ?p ?o }} }} WHERE {{ VALUES ?d {{ {values} }} GRAPH <{data}> {{ ?d ?p ?o }} }}",
        insert_data(kg.quads(DATA), data),
    ]


def reason_remote(endpoint: Endpoint, files=(), *, progress=None, validate: bool = True) -> RunStats:
    """Run the rules inside the store behind ``endpoint`` (see the module docstring);
    ``files`` are parsed and, with ``validate``, checked against the shapes before anything is sent."""
    from .reasoner import require_valid

    engine = Engine()
    local = KnowledgeGraph()          # the ontology as this version ships it, and the FILEs parsed first
    if files:
        local.load_all(files)
        if validate:
            require_valid(local, files)
    components = engine.components()
    stats = RunStats()
    first = [f"DROP SILENT GRAPH <{ns.ONTOLOGY_GRAPH}>", insert_data(local.quads(ONTOLOGY), ns.ONTOLOGY_GRAPH)]
    if files:
        first += replace_descriptions(local)
    first.append(f"DROP SILENT GRAPH <{STAGING}>")
    first += [staged(rule.text) for rules, _ in components for rule in rules]
    endpoint.select("SELECT * WHERE {} LIMIT 1")   # the endpoint answers, before anything is sent
    try:
        endpoint.update(request(first))
        for rules, _ in components:
            for rule in rules:
                stats.rounds[rule.id] = 1
                if progress:
                    progress(rule)
        for rules, recursive in components:
            if not recursive:
                continue
            for _ in range(MAX_ROUNDS):
                before = endpoint.count(STAGING)
                endpoint.update(request([staged(rule.text) for rule in rules]))
                for rule in rules:
                    stats.rounds[rule.id] = stats.rounds.get(rule.id, 0) + 1
                if endpoint.count(STAGING) == before:
                    break
        endpoint.update(request([
            f"DROP SILENT GRAPH <{ns.INFERRED_GRAPH}>",
            f"MOVE SILENT GRAPH <{STAGING}> TO GRAPH <{ns.INFERRED_GRAPH}>",
            f"DROP SILENT GRAPH <{RULES_GRAPH.value}>",
            insert_data(rule_quads(engine.rules, engine.plan), RULES_GRAPH.value),
        ]))
    except InputError:
        try:
            endpoint.update(f"DROP SILENT GRAPH <{STAGING}>")
        except InputError:
            pass
        raise
    stats.inferred = endpoint.count(ns.INFERRED_GRAPH)
    return stats


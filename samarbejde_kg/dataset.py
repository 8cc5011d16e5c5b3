"""What the server says about itself, for machines: the dataset (VoID), each named graph
(VoID and SPARQL Service Description terms) and the SPARQL service (Service Description).

Addresses are built from the request's root (scheme, host and mount point), so a deployment
behind https or under a path advertises where it really is. The named graphs are listed from
the store, so the descriptions name every graph that the default graph (their union) holds.
"""
from __future__ import annotations

import pyoxigraph as ox

from . import namespaces as ns
from .engine import RULES_GRAPH
from .store import DATA, INFERRED, ONTOLOGY

VOID = "http://rdfs.org/ns/void#"
SD = "http://www.w3.org/ns/sparql-service-description#"
DCT = ns.PREFIXES["dcterms"]
RDF_TYPE = ns.PREFIXES["rdf"] + "type"
WORDS = {ONTOLOGY: "graph_ontology", DATA: "graph_data", INFERRED: "graph_inferred", RULES_GRAPH: "graph_rules"}
# graphs whose size does not grow with the data: served with their content at their IRI
BOUNDED = (ONTOLOGY, RULES_GRAPH)
PREFIXES = {**ns.PREFIXES, "void": VOID, "sd": SD}   # for writing these descriptions
# W3C format IRIs (https://www.w3.org/ns/formats/) where Oxigraph's differ
FORMAT_IRIS = {"JSON-LD": "http://www.w3.org/ns/formats/JSON-LD"}


def integer(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=ox.NamedNode(ns.PREFIXES["xsd"] + "integer"))


class Describer:
    """Descriptions over one read-only store; graph sizes are counted once."""

    def __init__(self, kg, words: dict):
        self.kg, self.words = kg, words
        self._sizes: dict = {}

    def graphs(self) -> list[ox.NamedNode]:
        return sorted((g for g in self.kg.store.named_graphs() if isinstance(g, ox.NamedNode)), key=str)

    def size(self, graph: ox.NamedNode) -> int:
        if graph not in self._sizes:
            self._sizes[graph] = self.kg.count(graph)
        return self._sizes[graph]

    def is_graph(self, iri: str) -> bool:
        return any(g.value == iri for g in self.graphs())

    # ------------------------------------------------------------------ VoID
    def void(self, root: str, roots: list[str]) -> list[ox.Quad]:
        """The dataset: titles, SPARQL endpoint, URI space, vocabularies, its named graphs as
        subsets with their sizes, and the resources to start browsing from."""
        dataset = ox.NamedNode(root)
        quads = [ox.Quad(dataset, ox.NamedNode(RDF_TYPE), ox.NamedNode(VOID + "Dataset"))]
        say = lambda p, o: quads.append(ox.Quad(dataset, ox.NamedNode(p), o))  # noqa: E731
        for lang in ("da", "en"):
            say(DCT + "title", ox.Literal(self.words[lang]["site"], language=lang))
        say(VOID + "sparqlEndpoint", ox.NamedNode(root + "sparql"))
        say(VOID + "uriSpace", ox.Literal(ns.base()))
        say(VOID + "triples", integer(len(self.kg.store)))
        for vocabulary in (ns.SK, ns.PREFIXES["skos"], ns.PREFIXES["prov"], ns.PREFIXES["schema"]):
            say(VOID + "vocabulary", ox.NamedNode(vocabulary))
        for graph in self.graphs():
            say(VOID + "subset", graph)
            quads += self.graph(graph, root, content=False)
        for iri in roots:
            say(VOID + "rootResource", ox.NamedNode(iri))
        return quads

    def graph(self, graph: ox.NamedNode, root: str, content: bool = True) -> list[ox.Quad]:
        """A named graph: what it is, its size, where to query it; with ``content`` the
        statements of a graph that does not grow with the data (ontology, rules).

        The data and inferred graphs are not dumped: they grow with the descriptions (millions
        of statements for the whole country); the endpoint answers any part of them."""
        quads = [ox.Quad(graph, ox.NamedNode(RDF_TYPE), ox.NamedNode(kind)) for kind in (SD + "Graph", VOID + "Dataset")]
        say = lambda p, o: quads.append(ox.Quad(graph, ox.NamedNode(p), o))  # noqa: E731
        key = WORDS.get(graph)
        for lang in ("da", "en"):
            words = self.words[lang]
            if key:
                say(DCT + "title", ox.Literal(f"{words['site']}: {words[key]}", language=lang))
            say(DCT + "description", ox.Literal(words["graph_help"].format(graph=graph.value), language=lang))
        say(VOID + "triples", integer(self.size(graph)))
        say(VOID + "sparqlEndpoint", ox.NamedNode(root + "sparql"))
        say(DCT + "isPartOf", ox.NamedNode(root))
        if content and graph in BOUNDED:
            quads += self.kg.store.quads_for_pattern(None, None, None, graph)
        return quads

    # ------------------------------------------------------------------ Service Description
    def service(self, root: str, formats) -> list[ox.Quad]:
        """SPARQL 1.1 Service Description of the endpoint: its formats and its default
        dataset, the union of every named graph in the store."""
        endpoint = ox.NamedNode(root + "sparql")
        dataset, default = ox.BlankNode(), ox.BlankNode()
        quads = []
        add = lambda s, p, o: quads.append(ox.Quad(s, ox.NamedNode(p), o))  # noqa: E731
        add(endpoint, RDF_TYPE, ox.NamedNode(SD + "Service"))
        add(endpoint, SD + "endpoint", endpoint)
        add(endpoint, SD + "supportedLanguage", ox.NamedNode(SD + "SPARQL11Query"))
        add(endpoint, SD + "feature", ox.NamedNode(SD + "UnionDefaultGraph"))
        for fmt in formats:
            add(endpoint, SD + "resultFormat", ox.NamedNode(FORMAT_IRIS.get(fmt.name, fmt.iri)))
        add(endpoint, SD + "defaultDataset", dataset)
        add(dataset, RDF_TYPE, ox.NamedNode(SD + "Dataset"))
        add(dataset, SD + "defaultGraph", default)
        add(default, RDF_TYPE, ox.NamedNode(SD + "Graph"))
        add(default, VOID + "triples", integer(len(self.kg.store)))
        for graph in self.graphs():
            named, described = ox.BlankNode(), ox.BlankNode()
            add(dataset, SD + "namedGraph", named)
            add(named, RDF_TYPE, ox.NamedNode(SD + "NamedGraph"))
            add(named, SD + "name", graph)
            add(named, SD + "graph", described)
            add(described, RDF_TYPE, ox.NamedNode(SD + "Graph"))
            add(described, VOID + "triples", integer(self.size(graph)))
        return quads

"""OWL defined classes over materialised results, classified by HermiT (``--owl``).

HermiT grows fast with the size of what it is given and rejects ``xsd:date``, so it gets
only what the defined classes need: the class axioms, the properties and individuals they
mention, the statements using those properties, and the types of the nodes involved. The
classification is written to the inferred graph like any rule's result: a plain
``rdf:type`` and an ``sk:OwlClassification`` node with provenance.
"""
from __future__ import annotations

import time

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from . import namespaces as ns
from .engine import RULES_GRAPH
from .errors import InputError
from .store import INFERRED, ONTOLOGY, KnowledgeGraph

RULE_ID = "owl-classification"
SK = ns.SK


def defined_classes(ontology: Graph) -> list[URIRef]:
    return sorted(c for c in ontology.subjects(RDF.type, URIRef(SK + "DefinedCollaborationClass"))
                  if (c, OWL.equivalentClass, None) in ontology)


def _closure(graph: Graph, node, out: Graph) -> None:
    """The class expression below ``node``: its triples and those of its blank nodes."""
    for s, p, o in graph.triples((node, None, None)):
        out.add((s, p, o))
        if isinstance(o, BNode):
            _closure(graph, o, out)


def extract(kg: KnowledgeGraph, ontology: Graph, classes: list[URIRef]) -> Graph:
    """Just what HermiT needs to classify the collaborations into ``classes``."""
    out = Graph()
    for cls in classes:
        out.add((cls, RDF.type, OWL.Class))
        for expr in ontology.objects(cls, OWL.equivalentClass):
            out.add((cls, OWL.equivalentClass, expr))
            _closure(ontology, expr, out)
    props = {o for o in out.objects(None, OWL.onProperty) if isinstance(o, URIRef)}
    for prop in list(props):
        for inverse in ontology.objects(prop, OWL.inverseOf):
            out.add((prop, OWL.inverseOf, inverse))
            props.add(inverse)
    named = {o for s, p, o in out if isinstance(o, URIRef) and p in (OWL.hasValue,)}
    mentioned_classes = {o for s, p, o in out if isinstance(o, URIRef) and p in (OWL.someValuesFrom, OWL.allValuesFrom, RDF.first)
                         and o not in named} | {URIRef(SK + "Collaboration")}
    # a restriction on a degree or a count compares values: those properties keep their literals
    literal_props = {p for p in props if (p, RDF.type, OWL.DatatypeProperty) in ontology}
    for prop in props:
        out.add((prop, RDF.type, OWL.DatatypeProperty if prop in literal_props else OWL.ObjectProperty))
    for cls in mentioned_classes:
        out.add((cls, RDF.type, OWL.Class))
    typed = " ".join(f"<{c}>" for c in mentioned_classes)
    nodes = set()
    for chosen, test in ((props - literal_props, "isIRI"), (literal_props, "isLiteral")):
        if not chosen:
            continue
        values = " ".join(f"<{p}>" for p in chosen)
        # only statements about nodes of the classes the definitions mention
        for row in kg.query(f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} VALUES ?c {{ {typed} }} "
                            f"?s a ?c ; ?p ?o . FILTER({test}(?o)) }}"):
            s, p, o = URIRef(row["s"].value), URIRef(row["p"].value), row["o"]
            if isinstance(o, ox.Literal):
                out.add((s, p, Literal(o.value, lang=o.language, datatype=None if o.language else URIRef(o.datatype.value))))
                nodes.add(s)
            else:
                out.add((s, p, URIRef(o.value)))
                nodes.update((s, URIRef(o.value)))
    for row in kg.query(f"SELECT ?s ?c WHERE {{ VALUES ?c {{ {typed} }} ?s a ?c . FILTER(isIRI(?s)) }}"):
        s, c = URIRef(row["s"].value), URIRef(row["c"].value)
        if s in nodes or c == URIRef(SK + "Collaboration"):
            out.add((s, RDF.type, c))
            out.add((s, RDF.type, OWL.NamedIndividual))
    for value in named | {o for s, p, o in out if p != RDF.type and isinstance(o, URIRef) and o in nodes
                          and (o, RDF.type, None) not in out}:
        out.add((value, RDF.type, OWL.NamedIndividual))
    return out


def classify_defined_classes(kg: KnowledgeGraph) -> dict:
    """Classify every collaboration into the defined classes; returns timing and counts."""
    from . import owl

    ontology = kg.rdflib_graph([ONTOLOGY])
    classes = defined_classes(ontology)
    started = time.perf_counter()
    if not classes:
        return {"classes": 0, "memberships": 0, "seconds": 0.0, "triples": 0}
    abox = extract(kg, ontology, classes)
    try:
        pairs = owl.classify(abox)
    except owl.OwlUnavailable as exc:
        raise InputError(f"--owl: {exc}") from None
    except Exception as exc:  # owlready2 reports an inconsistent ontology with its own error class
        if type(exc).__name__ == "OwlReadyInconsistentOntologyError":
            raise InputError("--owl: the defined classes and the results are inconsistent (HermiT)") from None
        raise
    wanted = {str(c) for c in classes}
    collaborations = {str(s) for s in abox.subjects(RDF.type, URIRef(SK + "Collaboration"))}
    memberships = [(i, c) for i, c in pairs if c in wanted and i in collaborations]
    _write(kg, memberships, abox)
    return {"classes": len(classes), "memberships": len(memberships),
            "seconds": time.perf_counter() - started, "triples": len(abox)}


def _write(kg: KnowledgeGraph, memberships, abox: Graph) -> None:
    rdf_type = ox.NamedNode(str(RDF.type))
    prov = ns.PREFIXES["prov"]
    rule = ox.NamedNode(ns.RULE + RULE_ID)
    quads = []
    for individual, cls in memberships:
        c, k = ox.NamedNode(individual), ox.NamedNode(cls)
        node = ox.NamedNode(f"{individual}/owl-klasse/{cls.rsplit('#', 1)[-1].rsplit('/', 1)[-1]}")
        quads += [ox.Quad(c, rdf_type, k, INFERRED),
                  ox.Quad(node, rdf_type, ox.NamedNode(SK + "OwlClassification"), INFERRED),
                  ox.Quad(node, ox.NamedNode(SK + "collaboration"), c, INFERRED),
                  ox.Quad(node, ox.NamedNode(SK + "owlClass"), k, INFERRED),
                  ox.Quad(node, ox.NamedNode(prov + "wasGeneratedBy"), rule, INFERRED),
                  ox.Quad(node, ox.NamedNode(prov + "wasDerivedFrom"), c, INFERRED)]
        for result in abox.subjects(URIRef(SK + "collaboration"), URIRef(individual)):
            quads.append(ox.Quad(node, ox.NamedNode(prov + "wasDerivedFrom"), ox.NamedNode(str(result)), INFERRED))
    rdfs = str(RDFS)
    quads += [ox.Quad(rule, rdf_type, ox.NamedNode(SK + "Rule"), RULES_GRAPH),
              ox.Quad(rule, ox.NamedNode(rdfs + "label"), ox.Literal("OWL-klassifikation med HermiT", language="da"), RULES_GRAPH),
              ox.Quad(rule, ox.NamedNode(rdfs + "label"), ox.Literal("OWL classification with HermiT", language="en"), RULES_GRAPH),
              ox.Quad(rule, ox.NamedNode(ns.PREFIXES["dcterms"] + "source"),
                      ox.Literal("DESIGN §3 (OWL defined classes); ontology/defined-classes.ttl"), RULES_GRAPH)]
    kg.store.extend(quads)

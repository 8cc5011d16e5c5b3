"""Properties of the reasoner over random descriptions (hypothesis)."""
import random

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import isomorphic

from samarbejde_kg import namespaces as ns
from samarbejde_kg.engine import Engine
from samarbejde_kg.store import DATA, INFERRED, KnowledgeGraph

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def engine():
    return Engine()


def indicators():
    kg = KnowledgeGraph()
    return [r["i"] for r in kg.select("SELECT ?i WHERE { ?i a sk:Indicator } ORDER BY ?i")]


INDICATORS = indicators()
C = f"<{ns.base()}samarbejde/0101/s--b/2025-01-01>"

descriptions = st.fixed_dictionaries({
    "evidence": st.dictionaries(st.sampled_from(INDICATORS), st.sampled_from(["Observed", "Absent"]), max_size=30),
    "facts": st.fixed_dictionaries({}, optional={
        "offerCatalogue": st.booleans(), "offerCatalogueAligned": st.booleans(),
        "offerCatalogueCommunicated": st.booleans(), "framesAndResources": st.booleans()}),
    "admins": st.one_of(st.none(), st.tuples(st.sampled_from("xy"), st.sampled_from("xy"))),
})


def ntriples(desc, seed=0) -> str:
    """The description as N-Triples with blank-node evidence, lines shuffled by ``seed``."""
    rng = random.Random(seed)
    labels = [f"b{rng.randrange(10**9)}_{n}" for n in range(len(desc["evidence"]))]
    sk, xsd, base = ns.SK, ns.PREFIXES["xsd"], ns.base()
    lines = [f"{C} <{ns.PREFIXES['rdf']}type> <{sk}Collaboration> .",
             f"{C} <{sk}municipality> <{base}kommune/0101> .",
             f"{C} <{sk}school> <{base}skole/0101/s> .",
             f"{C} <{sk}library> <{base}bibliotek/DK-710100> .",
             f'{C} <{sk}assessmentDate> "2025-01-01"^^<{xsd}date> .',
             f'{C} <{ns.PREFIXES["dcterms"]}source> "hypothesis" .']
    for (ind, status), label in zip(sorted(desc["evidence"].items()), labels):
        lines += [f"{C} <{sk}evidence> _:{label} .", f"_:{label} <{sk}indicator> <{ind}> .",
                  f"_:{label} <{sk}status> <{sk}{status}> ."]
    for prop, value in desc["facts"].items():
        lines.append(f'{C} <{sk}{prop}> "{str(value).lower()}"^^<{xsd}boolean> .')
    if desc["admins"]:
        lines.append(f"{C} <{sk}schoolAdministration> <{base}forvaltning/0101/{desc['admins'][0]}> .")
        lines.append(f"{C} <{sk}libraryAdministration> <{base}forvaltning/0101/{desc['admins'][1]}> .")
    rng.shuffle(lines)
    return "\n".join(lines) + "\n"


def reasoned(engine, text: str) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    kg.store.load(text.encode(), format=ox.RdfFormat.N_TRIPLES, to_graph=DATA)
    engine.run(kg)
    return kg


def inferred(kg) -> Graph:
    g = Graph()
    data = kg.serialize([INFERRED], "nt")
    if data:
        g.parse(data=data.decode(), format="nt")
    return g


def everything(kg) -> Graph:
    g = Graph()
    g.parse(data=kg.serialize([DATA, INFERRED], "nt").decode(), format="nt")
    return g


def degree(kg, parameter, model):
    rows = kg.select(f"SELECT ?d WHERE {{ ?x a sk:Degree ; sk:parameter <{parameter}> ; sk:model <{model}> ; sk:degree ?d }}")
    return rows[0]["d"] if rows else 0.0


@SETTINGS
@given(descriptions)
def test_reasoning_is_idempotent(engine, desc):
    kg = reasoned(engine, ntriples(desc))
    first = inferred(kg)
    engine.run(kg)
    assert isomorphic(first, inferred(kg))
    # reasoning over explicit plus inferred data as input reaches the same closure
    again = KnowledgeGraph()
    again.store.extend(kg.quads(DATA))
    again.store.extend(ox.Quad(q.subject, q.predicate, q.object, DATA) for q in kg.quads(INFERRED))
    engine.run(again)
    assert isomorphic(everything(kg), everything(again))


@SETTINGS
@given(descriptions, st.integers(0, 10**6))
def test_result_does_not_depend_on_triple_order_or_blank_node_labels(engine, desc, seed):
    assert isomorphic(inferred(reasoned(engine, ntriples(desc, 0))), inferred(reasoned(engine, ntriples(desc, seed))))


@SETTINGS
@given(descriptions)
def test_degrees_lie_between_zero_and_one(engine, desc):
    kg = reasoned(engine, ntriples(desc))
    for row in kg.select("SELECT ?d WHERE { { ?x a sk:Degree ; sk:degree ?d } UNION { ?x a sk:OverallDegree ; sk:degree ?d } }"):
        assert 0.0 <= row["d"] <= 1.0


@SETTINGS
@given(descriptions, st.sampled_from(INDICATORS))
def test_adding_an_observed_indicator_never_lowers_its_models_degree(engine, desc, indicator):
    if indicator in desc["evidence"]:
        return
    kg = KnowledgeGraph(ontology=True)
    row = kg.select(f"SELECT ?p ?m WHERE {{ <{indicator}> sk:parameter ?p ; sk:model ?m }}")[0]
    before = degree(reasoned(engine, ntriples(desc)), row["p"], row["m"])
    more = {**desc, "evidence": {**desc["evidence"], indicator: "Observed"}}
    after = degree(reasoned(engine, ntriples(more)), row["p"], row["m"])
    assert after >= before

"""The ontology's content: Figure 1 exactly, definitions, metadata and the violation queries."""
import csv
import re

import pytest

from conftest import DATA, ROOT
from samarbejde_kg import __version__, checks
from samarbejde_kg.store import ONTOLOGY, KnowledgeGraph

VIOLATIONS = DATA / "ontology" / "violations"


@pytest.fixture(scope="module")
def kg():
    return KnowledgeGraph()


def figure():
    with open(DATA / "ontology" / "figure1.tsv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_there_are_three_models_five_parameters_and_45_indicators(kg):
    counts = kg.select("SELECT (COUNT(DISTINCT ?m) AS ?m) (COUNT(DISTINCT ?p) AS ?p) (COUNT(DISTINCT ?i) AS ?i) "
                       "WHERE { ?m a sk:Model . ?p a sk:Parameter . ?i a sk:Indicator }")[0]
    assert (counts["m"], counts["p"], counts["i"]) == (3, 5, 45)


def test_indicators_match_figure_1_exactly_in_both_languages(kg):
    rows = kg.select("""
        SELECT ?da ?en ?position ?modelDa ?modelEn ?parameterDa ?parameterEn ?parameterNo WHERE {
          ?i a sk:Indicator ; sk:position ?position ; sk:model ?m ; sk:parameter ?p ;
             skos:prefLabel ?da , ?en .
          ?m skos:prefLabel ?modelDa , ?modelEn . ?p skos:prefLabel ?parameterDa , ?parameterEn ; skos:notation ?parameterNo .
          FILTER (lang(?da) = "da" && lang(?en) = "en" && lang(?modelDa) = "da" && lang(?modelEn) = "en"
                  && lang(?parameterDa) = "da" && lang(?parameterEn) = "en")
        }""")
    got = sorted((r["parameterNo"], r["parameterDa"], r["parameterEn"], r["modelDa"], r["modelEn"],
                  str(r["position"]), r["da"], r["en"]) for r in rows)
    expected = sorted(tuple(row.values()) for row in figure())
    assert got == expected


def test_each_indicator_has_one_model_one_parameter_and_a_stable_code(kg):
    rows = kg.select("""
        SELECT ?i (COUNT(DISTINCT ?m) AS ?models) (COUNT(DISTINCT ?p) AS ?parameters) (SAMPLE(?code) AS ?code)
               (SAMPLE(?pn) AS ?pn) (SAMPLE(?mn) AS ?mn) (SAMPLE(?pos) AS ?pos)
        WHERE { ?i a sk:Indicator ; sk:model ?m ; sk:parameter ?p ; skos:notation ?code ; sk:position ?pos .
                ?m skos:notation ?mn . ?p skos:notation ?pn . }
        GROUP BY ?i""")
    assert len(rows) == 45
    for r in rows:
        assert (r["models"], r["parameters"]) == (1, 1), r["i"]
        assert r["code"] == f"{r['pn']}{r['mn']}{r['pos']}", r["i"]
    assert len({r["code"] for r in rows}) == 45


def test_every_indicator_model_and_parameter_has_real_definitions_in_danish_and_english(kg):
    rows = kg.select("""
        SELECT ?x ?da ?en WHERE {
          VALUES ?class { sk:Indicator sk:Model sk:Parameter }
          ?x a ?class ; skos:definition ?da , ?en . FILTER (lang(?da) = "da" && lang(?en) = "en") }""")
    assert len({r["x"] for r in rows}) == 53
    for r in rows:
        for text in (r["da"], r["en"]):
            assert len(text.split()) >= 6 and "TODO" not in text, (r["x"], text)
    assert len({r["en"] for r in rows}) == len(rows)


def test_mutually_exclusive_indicators_share_a_parameter_and_differ_in_model(kg):
    rows = kg.select("SELECT ?a ?b ?pa ?pb ?ma ?mb WHERE { ?a sk:excludes ?b . ?a sk:parameter ?pa ; sk:model ?ma . "
                     "?b sk:parameter ?pb ; sk:model ?mb }")
    assert rows
    assert all(r["pa"] == r["pb"] and r["ma"] != r["mb"] for r in rows)


def test_ontology_metadata_has_titles_licence_and_the_package_version(kg):
    rows = kg.select("""
        SELECT ?titleDa ?titleEn ?licence ?version ?versionIri WHERE {
          ?o a owl:Ontology ; dcterms:title ?titleDa , ?titleEn ; dcterms:license ?licence ;
             owl:versionInfo ?version ; owl:versionIRI ?versionIri ; dcterms:description ?dDa , ?dEn .
          FILTER (lang(?titleDa) = "da" && lang(?titleEn) = "en" && lang(?dDa) = "da" && lang(?dEn) = "en") }""")
    assert len(rows) == 1
    assert rows[0]["licence"] == "https://creativecommons.org/licenses/by/4.0/"
    assert rows[0]["version"] == __version__
    assert rows[0]["versionIri"].endswith("/" + __version__)


def test_models_link_to_montiel_overall(kg):
    rows = kg.select("SELECT ?m WHERE { ?m a sk:Model ; skos:closeMatch ?c }")
    assert len(rows) == 3


def test_version_is_not_hand_written_in_the_ontology_files():
    for path in (ROOT / "ontology").rglob("*.ttl"):
        assert "owl:versionInfo" not in re.sub(r"#.*", "", path.read_text(encoding="utf-8")), path


# ---------------------------------------------------------------- violation queries

QUERIES = {q.name: q for q in checks.violation_queries()}


def test_every_violation_query_has_a_summary_in_both_languages_and_a_fixture():
    assert QUERIES
    for name, query in QUERIES.items():
        assert query.summary("en") != name and query.summary("da") != query.summary("en"), name
        assert (VIOLATIONS / f"{name}.ttl").exists(), f"no fixture triggers {name}"


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_violation_query_returns_no_rows_on_the_real_ontology(kg, name):
    assert checks.query_problems(kg, "en", str, [QUERIES[name]]) == []


@pytest.mark.parametrize("fixture", sorted(p.stem for p in VIOLATIONS.glob("*.ttl")))
def test_violation_query_catches_its_fixture(fixture):
    kg = KnowledgeGraph()
    kg.load_rdf(VIOLATIONS / f"{fixture}.ttl", ONTOLOGY)
    problems = checks.query_problems(kg, "en", str, [QUERIES[fixture]])
    assert problems and all(p.check == fixture for p in problems)

"""Reasoning on several cores gives exactly what one process gives."""

import pytest

from samarbejde_kg.engine import Engine
from samarbejde_kg.incremental import PartitionedEngine
from samarbejde_kg.store import INFERRED, KnowledgeGraph


@pytest.fixture
def examples(root):
    kg = KnowledgeGraph()
    kg.load_all(sorted((root / "examples").glob("*.ttl")))
    return kg


def test_two_worker_processes_infer_the_same_graph_as_the_whole_store_engine(examples, monkeypatch):
    monkeypatch.setenv("SAMARBEJDE_WORKERS", "2")
    PartitionedEngine(batch=3).run(examples)
    parallel = sorted(map(str, examples.quads(INFERRED)))
    Engine().run(examples)
    assert parallel == sorted(map(str, examples.quads(INFERRED)))


def test_the_cli_profiles_with_workers(cli, root):
    one = cli("profile", "--format", "json", env={"SAMARBEJDE_WORKERS": "1"})
    two = cli("profile", "--format", "json", env={"SAMARBEJDE_WORKERS": "2"})
    assert one.code == two.code == 0, two.err
    assert one.out == two.out


@pytest.mark.parametrize("workers", ["1", "2"])
def test_results_without_provenance_are_the_full_results_less_the_prov_links(examples, monkeypatch, workers):
    from samarbejde_kg.engine import PROVENANCE

    monkeypatch.setenv("SAMARBEJDE_WORKERS", workers)
    PartitionedEngine(batch=3).run(examples)
    full = set(map(str, examples.quads(INFERRED)))
    PartitionedEngine(batch=3).run(examples, provenance=False)
    lean = set(map(str, examples.quads(INFERRED)))
    expected = {q for q in full if not any(f"<{p}>" in q.split(" ", 2)[1] for p in PROVENANCE)}
    assert lean == expected and len(lean) < len(full)


BLANK_EVIDENCE = """
@prefix sk: <https://w3id.org/samarbejde-kg/def#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<samarbejde/0101/blank-{n}/2025-03-01> a sk:Collaboration ; sk:municipality <kommune/0101> ; sk:school <skole/0101/blank-{n}> ;
  sk:library <bibliotek/DK-710100> ; sk:assessmentDate "2025-03-01"^^xsd:date ; dcterms:source "test" ;
  sk:evidence [ sk:indicator sk:PersonligeAftaler ; sk:status sk:Observed ] ,
              [ sk:indicator sk:AdskilteOekonomier ; sk:status sk:Observed ] ,
              [ sk:indicator sk:Tilbudskatalog ; sk:status sk:Observed ] .
"""


def test_results_about_blank_node_evidence_point_at_that_evidence_on_every_core(tmp_path, monkeypatch):
    """Evidence written as blank nodes keeps its identity across worker processes: provenance
    links and defeats name the data's own evidence nodes, as in one process."""
    path = tmp_path / "blank.ttl"
    path.write_text("".join(BLANK_EVIDENCE.format(n=n) for n in range(4)), encoding="utf-8")
    loaded = KnowledgeGraph()
    loaded.load_all([path])   # loaded once: each load names blank nodes anew
    results = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("SAMARBEJDE_WORKERS", workers)
        kg = KnowledgeGraph(ontology=False)
        kg.store.extend(loaded.quads())
        PartitionedEngine(batch=1).run(kg)
        results[workers] = sorted(map(str, kg.quads(INFERRED)))
        evidence = {str(q.object) for q in kg.quads() if q.predicate.value.endswith("#evidence")}
        pointed = {str(q.object) for q in kg.quads(INFERRED)
                   if q.predicate.value.endswith("wasDerivedFrom") and str(q.object).startswith("_:")}
        assert pointed and pointed <= evidence, workers
    assert results["1"] == results["2"]

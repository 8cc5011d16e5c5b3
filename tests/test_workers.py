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

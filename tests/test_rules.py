"""Each rule, proven on its own input: tests/data/rules/<rule-id>/ holds input.ttl (a
description), expected.ttl (statements that must be inferred) and, where it matters,
not-expected.ttl (statements that must not be). Numbers compare numerically. A subfolder
<rule-id>/<variant>/ with the same files is one more case of that rule."""
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from samarbejde_kg import namespaces as ns
from samarbejde_kg.engine import Engine
from samarbejde_kg.rules import load_rules
from samarbejde_kg.store import INFERRED, KnowledgeGraph

CASES = Path(__file__).parent / "data" / "rules"
NUMERIC = ("#decimal", "#double", "#float", "#integer")
ALL_CASES = sorted(str(p.parent.relative_to(CASES)) for p in CASES.glob("**/input.ttl"))


def triples(path: Path):
    store = ox.Store()
    store.load(path.read_bytes(), format=ox.RdfFormat.TURTLE, base_iri=ns.base())
    return [(q.subject, q.predicate, q.object) for q in store]


def holds(kg: KnowledgeGraph, s, p, o) -> bool:
    if isinstance(o, ox.Literal) and o.datatype.value.endswith(NUMERIC):   # by value: 0.5 is 0.50, exactly
        return any(Decimal(q.object.value) == Decimal(o.value)
                   for q in kg.store.quads_for_pattern(s, p, None, INFERRED) if isinstance(q.object, ox.Literal))
    return any(True for _ in kg.store.quads_for_pattern(s, p, o, INFERRED))


@pytest.fixture(scope="module")
def engine():
    return Engine()


def test_every_rule_has_a_case():
    rule_ids = {rule.id for rule in load_rules()}
    cases = {p.name for p in CASES.iterdir() if p.is_dir()}
    assert rule_ids - cases == set(), "rules without a test case"
    assert cases - rule_ids == set(), "test cases for rules that do not exist"


@pytest.mark.parametrize("case", ALL_CASES)
def test_rule(case, engine):
    folder = CASES / case
    kg = KnowledgeGraph()
    kg.load(folder / "input.ttl")
    engine.run(kg)
    expected = folder / "expected.ttl"
    missing = [t for t in triples(expected) if not holds(kg, *t)] if expected.exists() else []
    assert not missing, f"not inferred: {missing}"
    if (folder / "not-expected.ttl").exists():
        wrong = [t for t in triples(folder / "not-expected.ttl") if holds(kg, *t)]
        assert not wrong, f"wrongly inferred: {wrong}"
    if not (folder / "expected.ttl").exists():
        return
    # a rule that creates nodes stamps them with its own IRI
    generated_by = ns.PREFIXES["prov"] + "wasGeneratedBy"
    rule = next(r for r in engine.rules if r.id == case.split("/")[0])
    if any(k.pred == generated_by for k in rule.writes):
        assert any(True for _ in kg.store.quads_for_pattern(None, ox.NamedNode(generated_by), ox.NamedNode(rule.iri), INFERRED))


@pytest.mark.parametrize("case", ALL_CASES)
def test_the_lean_rules_write_the_same_results_without_provenance(case, engine):
    from samarbejde_kg.engine import PROVENANCE, RunStats, run_components

    kg = KnowledgeGraph()
    kg.load(CASES / case / "input.ttl")
    engine.run(kg)
    full = {q for q in kg.quads(INFERRED) if q.predicate.value not in PROVENANCE}
    kg.store.clear_graph(INFERRED)
    run_components(kg.store, engine.components(), RunStats(), provenance=False)   # no clean-up afterwards
    assert set(kg.quads(INFERRED)) == full


@pytest.mark.parametrize("update, problem", [
    ("DELETE { GRAPH <https://w3id.org/samarbejde-kg/graph/inferred> { ?s ?p ?o } } WHERE { ?s ?p ?o }",
     "may only INSERT, found DELETE"),
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "writes only into GRAPH"),
    ("INSERT DATA { GRAPH <urn:elsewhere> { <urn:a> <urn:b> <urn:c> } }", "not <urn:elsewhere>"),
])
def test_a_rule_that_deletes_or_writes_elsewhere_is_refused_in_one_line(cli, root, tmp_path, update, problem):
    import shutil

    for name in ("ontology", "shapes", "rules", "queries", "examples"):
        shutil.copytree(root / name, tmp_path / name)
    (tmp_path / "rules" / "rogue.ru").write_text(f"# id: rogue\n{update}\n", encoding="utf-8")
    result = cli("profile", env={"SAMARBEJDE_DATA": str(tmp_path)})
    assert result.code == 2 and "Traceback" not in result.err
    assert "rogue.ru" in result.err and problem in result.err and len(result.err.strip().splitlines()) == 1

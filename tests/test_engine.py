"""The rule engine: strata from the dependency graph, fixpoints, rejection of bad rule sets."""
import shutil
from pathlib import Path

import pytest

from samarbejde_kg.engine import Engine
from samarbejde_kg.errors import InputError
from samarbejde_kg.rules import load_rules
from samarbejde_kg.store import INFERRED, KnowledgeGraph
from samarbejde_kg.strata import plan

ENGINE = Path(__file__).parent / "data" / "engine"


def test_bundled_rules_stratify_with_negation_and_aggregation_below_their_readers():
    rules = load_rules()
    the_plan = plan(rules)
    stratum = the_plan.stratum_of()
    for a, b, data in the_plan.graph.edges(data=True):
        assert stratum[a] <= stratum[b]
        if data["negative"]:
            assert stratum[a] < stratum[b], f"{b} negates or aggregates {a} in the same stratum"


def test_recursion_through_negation_is_rejected_naming_the_cycle():
    with pytest.raises(InputError) as err:
        plan(load_rules(ENGINE / "negation-cycle"))
    message = str(err.value)
    assert "negation or aggregation" in message
    cycle = message.split(": ", 1)[1].split(" (")[0].split(" -> ")
    assert cycle[0] == cycle[-1] and len(cycle) == len(set(cycle)) + 1   # a closed path, each rule once


def test_cli_rejects_a_rule_set_that_recurses_through_negation(tmp_path, cli, root):
    for folder in ("ontology", "shapes", "queries", "examples"):
        shutil.copytree(root / folder, tmp_path / folder)
    shutil.copytree(ENGINE / "negation-cycle", tmp_path / "rules")
    result = cli("--data", tmp_path, "reason")
    assert result.code == 2
    assert "recurse through negation" in result.err
    assert "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_positive_recursion_runs_to_a_fixpoint_before_aggregation():
    engine = Engine(load_rules(ENGINE / "recursive"))
    assert engine.plan.stratum_of()["closure"] < engine.plan.stratum_of()["count"]
    kg = KnowledgeGraph()
    kg.load(ENGINE / "recursive" / "chain.ttl")
    stats = engine.run(kg)
    reached = kg.select("SELECT ?z WHERE { <https://w3id.org/samarbejde-kg/id/n/1> sk:testReaches ?z }")
    assert len(reached) == 4
    count = kg.select("SELECT ?n WHERE { <https://w3id.org/samarbejde-kg/id/n/1> sk:testReachCount ?n }")
    assert count == [{"n": 4}]
    assert stats.rounds["closure"] >= 4 and stats.rounds["count"] == 1


def test_non_recursive_rules_run_once():
    kg = KnowledgeGraph()
    stats = Engine().run(kg)
    assert set(stats.rounds.values()) == {1}


def test_explicit_data_is_untouched_and_inferences_go_to_their_own_graph(root):
    kg = KnowledgeGraph()
    kg.load(Path(__file__).parent / "data" / "rules" / "defeat" / "input.ttl")
    from samarbejde_kg.store import DATA

    before = sorted(map(str, kg.quads(DATA)))
    Engine().run(kg)
    assert sorted(map(str, kg.quads(DATA))) == before
    assert kg.count(INFERRED) > 0
    Engine().run(kg)  # a second run starts from an empty inferred graph
    assert sorted(map(str, kg.quads(DATA))) == before


def test_rules_are_standard_sparql_update_that_rdflib_also_parses():
    from rdflib.plugins.sparql.parser import parseUpdate

    for rule in load_rules():
        parseUpdate(rule.text)


def test_every_rule_has_labels_in_both_languages_a_comment_and_a_source():
    for rule in load_rules():
        assert rule.labels.get("da") and rule.labels.get("en"), rule.id
        assert rule.comments.get("en"), rule.id
        assert rule.source, rule.id
        assert rule.id == rule.path.stem, rule.id

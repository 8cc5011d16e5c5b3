"""The rule engine: runs the stratified rules as SPARQL Update on the embedded store.

Strata run in order; inside a stratum, components run in dependency order. A component
that does not recurse runs once; a recursive one is re-run only while its last round added
statements. Everything written lands in the inferred graph, so clearing that graph undoes
a run and the explicit data is never touched. Rule descriptions (labels, comments,
sources, strata) go to the rules graph as ``sk:Rule`` resources, for explanations.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import pyoxigraph as ox

from . import namespaces as ns
from .rules import Rule, load_rules
from .store import INFERRED, KnowledgeGraph
from .strata import Plan, is_recursive, plan

RULES_GRAPH = ox.NamedNode(ns.GRAPH + "rules")
MAX_ROUNDS = 100


@dataclass
class RunStats:
    seconds: dict = field(default_factory=dict)  # rule id -> seconds
    rounds: dict = field(default_factory=dict)   # rule id -> times run
    inferred: int = 0


class Engine:
    def __init__(self, rules: list[Rule] | None = None):
        self.rules = rules if rules is not None else load_rules()
        self.plan: Plan = plan(self.rules)

    def run(self, kg: KnowledgeGraph, *, clear: bool = True, progress=None) -> RunStats:
        """Run every rule to a fixpoint; with ``clear`` start from an empty inferred graph."""
        stats = RunStats()
        if clear:
            kg.store.clear_graph(INFERRED)
        self.describe(kg)
        order = [comp for stratum in self.plan.strata for comp in stratum]
        for comp in order:
            recursive = is_recursive(self.plan.graph, comp)
            rounds = 0
            while True:
                before = _inferred_size(kg) if recursive else 0
                for rule in comp:
                    started = time.perf_counter()
                    kg.store.update(rule.text)
                    stats.seconds[rule.id] = stats.seconds.get(rule.id, 0.0) + time.perf_counter() - started
                    stats.rounds[rule.id] = stats.rounds.get(rule.id, 0) + 1
                    if progress:
                        progress(rule)
                rounds += 1
                if not recursive or _inferred_size(kg) == before or rounds >= MAX_ROUNDS:
                    break
        stats.inferred = _inferred_size(kg)
        return stats

    def describe(self, kg: KnowledgeGraph) -> None:
        """Write the rules' descriptions into the rules graph."""
        kg.store.clear_graph(RULES_GRAPH)
        kg.store.extend(rule_quads(self.rules, self.plan))


def _inferred_size(kg: KnowledgeGraph) -> int:
    return kg.count(INFERRED)


def rule_quads(rules: list[Rule], the_plan: Plan) -> list[ox.Quad]:
    sk, rdfs, dcterms = ns.SK, ns.PREFIXES["rdfs"], ns.PREFIXES["dcterms"]
    strata = the_plan.stratum_of()
    quads = []
    for rule in rules:
        node = ox.NamedNode(rule.iri)
        add = lambda p, o: quads.append(ox.Quad(node, ox.NamedNode(p), o, RULES_GRAPH))  # noqa: E731
        add(ns.PREFIXES["rdf"] + "type", ox.NamedNode(sk + "Rule"))
        for lang, text in rule.labels.items():
            add(rdfs + "label", ox.Literal(text, language=lang))
        for lang, text in rule.comments.items():
            add(rdfs + "comment", ox.Literal(text, language=lang))
        if rule.source:
            add(dcterms + "source", ox.Literal(rule.source))
        add(sk + "stratum", ox.Literal(str(strata[rule.id]), datatype=ox.NamedNode(ns.PREFIXES["xsd"] + "integer")))
        add(sk + "ruleFile", ox.Literal(rule.path.name))
    return quads

"""Evaluation order of the rules: a dependency graph in networkx, cut into strata.

Rule B depends on rule A when B reads a kind of statement that A writes. The edge is
*negative* when B reads it under negation or aggregation: then all of A's results must
exist before B runs, so A must sit in a strictly lower stratum. A cycle through such an
edge has no stratification (the rule set recurses through negation or aggregation) and is
rejected with the cycle named. Rules in one strongly connected component recurse
positively and run together to a fixpoint.
"""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from .errors import InputError
from .rules import Rule


@dataclass
class Plan:
    graph: nx.DiGraph
    strata: list[list[list[Rule]]]  # stratum -> components in topological order -> rules

    @property
    def order(self) -> list[Rule]:
        return [rule for stratum in self.strata for comp in stratum for rule in comp]

    def stratum_of(self) -> dict[str, int]:
        return {r.id: i for i, stratum in enumerate(self.strata) for comp in stratum for r in comp}


def dependency_graph(rules: list[Rule]) -> nx.DiGraph:
    """Edges A -> B when B reads what A writes; attribute ``negative`` when B negates/aggregates it."""
    graph = nx.DiGraph()
    for rule in rules:
        graph.add_node(rule.id, rule=rule)
    for a in rules:
        for b in rules:
            depends, negative = b.depends_on(a)
            if depends:
                graph.add_edge(a.id, b.id, negative=negative)
    return graph


def plan(rules: list[Rule]) -> Plan:
    graph = dependency_graph(rules)
    condensed = nx.condensation(graph)
    members = condensed.graph["mapping"]  # rule id -> component index
    for a, b, data in graph.edges(data=True):
        if data["negative"] and members[a] == members[b]:
            # the negative edge a -> b, then back from b to a: "a -> b -> … -> a"
            path = " -> ".join([a] + nx.shortest_path(graph, b, a))
            raise InputError(
                f"rules recurse through negation or aggregation: {path} "
                f"({b} negates or aggregates what {a} writes); such a rule set has no stratification"
            )
    level: dict[int, int] = {}
    for comp in nx.topological_sort(condensed):
        preds = [
            level[members[a]] + (1 if graph.edges[a, b]["negative"] else 0)
            for b in condensed.nodes[comp]["members"]
            for a in graph.predecessors(b)
            if members[a] != comp
        ]
        level[comp] = max(preds, default=0)
    strata: list[list[list[Rule]]] = [[] for _ in range(max(level.values(), default=-1) + 1)]
    for comp in nx.topological_sort(condensed):
        rules_in = sorted((graph.nodes[n]["rule"] for n in condensed.nodes[comp]["members"]), key=lambda r: r.id)
        strata[level[comp]].append(rules_in)
    return Plan(graph, strata)


def is_recursive(graph: nx.DiGraph, component: list[Rule]) -> bool:
    return len(component) > 1 or graph.has_edge(component[0].id, component[0].id)

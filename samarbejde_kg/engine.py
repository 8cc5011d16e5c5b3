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
from .errors import InputError
from .rules import Rule, load_rules
from .store import INFERRED, KnowledgeGraph
from .strata import Plan, is_recursive, plan
from .templates import PROVENANCE

RULES_GRAPH = ox.NamedNode(ns.GRAPH + "rules")
MAX_ROUNDS = 100
COUNT_INFERRED = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ns.INFERRED_GRAPH}> {{ ?s ?p ?o }} }}"


@dataclass
class RunStats:
    seconds: dict = field(default_factory=dict)  # rule id -> seconds
    rounds: dict = field(default_factory=dict)   # rule id -> times run
    inferred: int | None = 0   # statements in the inferred graph; None after an incremental update


class Engine:
    def __init__(self, rules: list[Rule] | None = None):
        self.rules = rules if rules is not None else load_rules()
        self.plan: Plan = plan(self.rules)

    def run(self, kg: KnowledgeGraph, *, clear: bool = True, progress=None, provenance: bool = True) -> RunStats:
        """Run every rule to a fixpoint; with ``clear`` start from an empty inferred graph;
        without ``provenance`` the results come without their ``prov:`` links."""
        stats = RunStats()
        if clear:
            kg.store.clear_graph(INFERRED)
        self.describe(kg)
        run_components(kg.store, self.components(), stats, progress, provenance)
        if not provenance:
            drop_provenance(kg.store)
        stats.inferred = kg.count(INFERRED)
        return stats

    def components(self, scope: str | None = None) -> list[tuple[list[Rule], bool]]:
        """The rule components in evaluation order, each with whether it recurses;
        with ``scope``, only the components whose rules all have that scope."""
        order = [comp for stratum in self.plan.strata for comp in stratum]
        return [(comp, is_recursive(self.plan.graph, comp)) for comp in order
                if scope is None or all(r.scope == scope for r in comp)]

    def describe(self, kg: KnowledgeGraph) -> None:
        """Write the rules' descriptions into the rules graph."""
        kg.store.clear_graph(RULES_GRAPH)
        kg.store.extend(rule_quads(self.rules, self.plan))


def count_inferred(store: ox.Store) -> int:
    """Statements in the inferred graph, counted by the store (not in Python)."""
    return int(next(iter(store.query(COUNT_INFERRED)))["n"].value)


def run_components(store: ox.Store, components, stats: RunStats, progress=None, provenance: bool = True) -> None:
    """Run rule components in order: each once, a recursive one until a round adds nothing.

    ``components`` is ``[(rules, recursive)]``; a rule needs only ``id``, ``text`` and
    ``lean`` (its text without provenance links, used without ``provenance``; ``None`` when it
    writes nothing else), so the worker processes run the same loop over the rules they were sent.
    """
    for rules, recursive in components:
        for _ in range(MAX_ROUNDS):
            before = count_inferred(store) if recursive else 0
            for rule in rules:
                text = rule.text if provenance else rule.lean
                if text is not None:
                    started = time.perf_counter()
                    try:
                        store.update(text)
                    except SyntaxError as exc:   # 'samarbejde check' places it in the file
                        raise InputError(f"rule {rule.id!r} is not valid SPARQL ({exc}); run 'samarbejde check' "
                                         "to see where") from None
                    stats.seconds[rule.id] = stats.seconds.get(rule.id, 0.0) + time.perf_counter() - started
                    stats.rounds[rule.id] = stats.rounds.get(rule.id, 0) + 1
                if progress:
                    progress(rule)
            if not recursive or count_inferred(store) == before:
                break


def drop_provenance(store: ox.Store) -> None:
    """Delete the provenance links from the inferred graph, keeping the results.

    The lean rules (templates.py) do not write them; this removes what a rule whose template
    could not be rewritten wrote anyway. Nothing to delete costs an index lookup.
    """
    for pred in PROVENANCE:
        store.update(f"DELETE WHERE {{ GRAPH <{ns.INFERRED_GRAPH}> {{ ?s <{pred}> ?o }} }}")


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

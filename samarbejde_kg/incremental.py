"""Reasoning by parts: every description on its own, every municipality on its own.

A rule's *scope* (``rules/README.md``) says what one of its results depends on: a
``collaboration`` rule only on one description, a ``municipality`` rule only on one
municipality's descriptions and their results. So the rules need never see the whole store
at once. The collaboration rules run over small batches of descriptions in a scratch store
(the ontology plus each description's own statements), and the municipality rules over
small batches of municipalities; the results are copied back into the inferred graph.

That does two things:

* the cost grows with the number of descriptions, whatever join order the SPARQL engine
  picks for a rule (a rule joining on a shared predicate such as ``sk:parameter`` is
  quadratic over a whole store, and constant over one batch);
* when descriptions are added, changed or removed, only their own results and their
  municipalities' aggregates are deleted and recomputed (:func:`update`).

The result is the same inferred graph that :meth:`Engine.run` gives over the whole store
(``tests/test_incremental.py`` proves it on the examples and on random edits). A rule set in
which a collaboration rule reads a class of node that a municipality rule mints cannot run by
parts; it then runs whole. Each batch gets a fresh scratch store: an Oxigraph store that
has been cleared and refilled answers queries much more slowly than a new one.
"""
from __future__ import annotations

import tempfile
from collections import defaultdict
from typing import Iterable

import pyoxigraph as ox

from . import namespaces as ns
from .engine import Engine, RunStats, drop_provenance, run_components
from .store import DATA, INFERRED, ONTOLOGY, KnowledgeGraph
from .workers import RuleText, add, reason_batches, worker_count

COLLABORATION_BATCH = 25     # descriptions per scratch run (chosen by measurement, benchmarks/run.py)
MUNICIPALITY_BATCH = 1      # descriptions per scratch run of the municipality rules: one municipality at a time

RDF_TYPE = ox.NamedNode(ns.PREFIXES["rdf"] + "type")
COLLABORATION = ox.NamedNode(ns.SK + "Collaboration")
IN_COLLABORATION = ox.NamedNode(ns.SK + "collaboration")
IN_MUNICIPALITY = ox.NamedNode(ns.SK + "municipality")
GENERATED_BY = ox.NamedNode(ns.PREFIXES["prov"] + "wasGeneratedBy")
# What makes a subject of the data graph a description even when it is not typed (as in closure.rq).
DESCRIPTION_PROPERTIES = [ox.NamedNode(ns.SK + p) for p in
                          ("evidence", "assessmentDate", "school", "library", "policyTarget")]


# ---------------------------------------------------------------------------- descriptions
def descriptions(kg: KnowledgeGraph) -> list:
    """Every description in the data graph, in a stable order."""
    found = {q.subject for q in kg.store.quads_for_pattern(None, RDF_TYPE, COLLABORATION, DATA)}
    for prop in DESCRIPTION_PROPERTIES:
        found.update(q.subject for q in kg.store.quads_for_pattern(None, prop, None, DATA))
    return sorted(found, key=str)


def has_descriptions(kg: KnowledgeGraph) -> bool:
    """Whether the data graph holds any description, as :func:`descriptions` finds them (one
    lookup per property instead of collecting them all)."""
    patterns = [(RDF_TYPE, COLLABORATION)] + [(prop, None) for prop in DESCRIPTION_PROPERTIES]
    return any(next(iter(kg.store.quads_for_pattern(None, p, o, DATA)), None) is not None for p, o in patterns)


def owned(kg: KnowledgeGraph, description) -> list[ox.Quad]:
    """A description's own statements: about it, and about the nodes that belong to it.

    A node belongs to the description when it is a blank node it refers to or an IRI under
    the description's own IRI (``<…/evidens/1P1>``): removing the description removes them.
    """
    prefix = f"{description.value}/" if isinstance(description, ox.NamedNode) else None
    out, todo, seen = [], [description], {description}
    while todo:
        node = todo.pop()
        for quad in kg.store.quads_for_pattern(node, None, None, DATA):
            out.append(quad)
            o = quad.object
            if o not in seen and (isinstance(o, ox.BlankNode) or
                                  (prefix and isinstance(o, ox.NamedNode) and o.value.startswith(prefix))):
                seen.add(o)
                todo.append(o)
    return out


def closure(kg: KnowledgeGraph, description, shared: dict | None = None) -> list[ox.Quad]:
    """What the collaboration rules may read about a description: its own statements and
    those of every resource it refers to (school, library, administration, evidence …).

    ``shared`` caches the statements of referenced resources across descriptions: many
    descriptions name the same school, library and indicators (most have no statements in
    the data graph, and asking the store about each again costs more than the rest)."""
    out = owned(kg, description)
    mine = {q.subject for q in out}
    shared = {} if shared is None else shared
    for node in {q.object for q in out if not isinstance(q.object, ox.Literal)} - mine:
        about = shared.get(node)
        if about is None:
            about = shared[node] = list(kg.store.quads_for_pattern(node, None, None, DATA))
        out.extend(about)
    return out


def municipalities_of(kg: KnowledgeGraph, items: Iterable) -> set:
    return {q.object for d in items for q in kg.store.quads_for_pattern(d, IN_MUNICIPALITY, None, DATA)}


def results_of(kg: KnowledgeGraph, description) -> list[ox.Quad]:
    """The inferred statements about a description and about the nodes minted for it."""
    out = list(kg.store.quads_for_pattern(description, None, None, INFERRED))
    for q in list(kg.store.quads_for_pattern(None, IN_COLLABORATION, description, INFERRED)):
        out.extend(kg.store.quads_for_pattern(q.subject, None, None, INFERRED))
    return out


# ---------------------------------------------------------------------------- the runner
class ReadKeys:
    """The (subject class, predicate) pairs some rules read, to copy only those statements."""

    def __init__(self, keys: set):
        from .rules import ANY

        self.everything = any(k.pred == ANY for k in keys)
        self.any_class = {ox.NamedNode(k.pred) for k in keys if k.cls == ANY and k.pred != ANY}
        self.by_class: dict = defaultdict(set)
        for k in keys:
            if k.cls != ANY and k.pred != ANY:
                self.by_class[ox.NamedNode(k.cls)].add(ox.NamedNode(k.pred))
        self.any_predicate = self.any_class.union(*self.by_class.values())

    def about(self, store: ox.Store, node, graph, classes=None):
        """The statements about ``node`` in ``graph`` that may be read; ``classes`` are the
        node's classes (None: not looked up, any class-keyed read counts)."""
        if self.everything:
            return list(store.quads_for_pattern(node, None, None, graph))
        if classes is None:
            wanted = self.any_predicate
        else:
            wanted = self.any_class.union(*(self.by_class.get(c, ()) for c in classes))
            if wanted == self.any_class:   # a node of a class no rule reads: look up the few predicates
                return [q for p in wanted for q in store.quads_for_pattern(node, p, None, graph)]
        return [q for q in store.quads_for_pattern(node, None, None, graph) if q.predicate in wanted]


def reads_results_of(reader, writer) -> bool:
    """Whether ``reader`` reads a class of node that ``writer`` mints.

    The rule analysis keys an untyped subject as "any class", so a collaboration rule reading
    ``?t sk:parameter ?p`` of its own policy target seems to read every profile cell; the
    rule's declared scope says it does not. Only reads of a named class count here.
    """
    from .rules import ANY

    return any(r.cls != ANY and r.matches(w) for r in reader.reads for w in writer.writes)


class PartitionedEngine:
    """Runs an engine's rules by scope over batches in a scratch store."""

    def __init__(self, engine: Engine | None = None, *, batch: int = COLLABORATION_BATCH,
                 municipality_batch: int = MUNICIPALITY_BATCH):
        self.engine = engine or Engine()
        self.batch, self.municipality_batch = batch, municipality_batch
        self.collaboration = self.engine.components("collaboration")
        self.municipality = self.engine.components("municipality")
        self.partitionable = len(self.collaboration) + len(self.municipality) == len(self.engine.components()) and not any(
            reads_results_of(b, a) for comp, _ in self.municipality for a in comp for comp2, _ in self.collaboration for b in comp2)
        self.municipality_rules = {r.iri for comp, _ in self.municipality for r in comp}
        self.municipality_reads = ReadKeys({k for comp, _ in self.municipality for r in comp for k in r.reads})
        reads = {k.pred for comp, _ in self.collaboration + self.municipality for r in comp for k in r.reads}
        self.rule_reads = None if "*" in reads else {ox.NamedNode(p) for p in reads}

    # -------------------------------------------------------------- full run
    def run(self, kg: KnowledgeGraph, *, progress=None, provenance: bool = True) -> RunStats:
        """The whole inferred graph, recomputed by parts (same result as Engine.run).

        Without ``provenance`` the rules run lean, without writing their ``prov:`` links
        (templates.py); such a store cannot be updated incrementally.
        """
        if not self.partitionable:
            return self.engine.run(kg, progress=progress, provenance=provenance)
        stats = RunStats()
        kg.store.clear_graph(INFERRED)
        self.engine.describe(kg)
        items = descriptions(kg)
        self._collaborations(kg, items, stats, progress, provenance)
        # every municipality is affected: its rules run once over the whole store
        run_components(kg.store, self.municipality, stats, provenance=provenance)
        if not provenance:
            drop_provenance(kg.store)
        stats.inferred = kg.count(INFERRED)
        return stats

    # -------------------------------------------------------------- incremental
    def update(self, kg: KnowledgeGraph, added: KnowledgeGraph | None = None, removed: Iterable = (),
               *, progress=None) -> RunStats:
        """Replace the descriptions in ``added`` (by IRI), remove those in ``removed``, re-reason.

        ``kg`` must already be reasoned with these rules. Only the changed descriptions'
        results and their municipalities' aggregates are deleted and recomputed.
        """
        stats = RunStats()
        new = descriptions(added) if added is not None else []
        changed = set(new) | {ox.NamedNode(r) if isinstance(r, str) else r for r in removed}
        touched = municipalities_of(kg, changed)
        if added is not None:
            touched |= municipalities_of(added, new)
        for d in changed:
            for quad in owned(kg, d) + results_of(kg, d):
                kg.store.remove(quad)
        if added is not None:
            kg.store.extend(added.quads(DATA))
        if not self.partitionable:
            return self.engine.run(kg, progress=progress)
        self._collaborations(kg, new, stats, progress)
        self._remove_municipal_results(kg, touched)
        self._municipalities(kg, touched, stats, progress)
        stats.inferred = None   # counting the whole graph would cost more than the update: ask kg.count
        return stats

    # -------------------------------------------------------------- the parts
    def _scratch(self, kg: KnowledgeGraph) -> KnowledgeGraph:
        scratch = KnowledgeGraph(ontology=False)
        scratch.store.bulk_extend(self._ontology(kg))
        return scratch

    def _ontology(self, kg) -> list[ox.Quad]:
        """The ontology statements a rule reads (by predicate): a third of the ontology, and
        every batch's scratch store starts with them."""
        if getattr(self, "_ontology_of", (None,))[0] is not kg:
            wanted = self.rule_reads
            self._ontology_of = (kg, [q for q in kg.quads(ONTOLOGY) if wanted is None or q.predicate in wanted])
        return self._ontology_of[1]

    def _collaborations(self, kg, items, stats, progress, provenance: bool = True) -> None:
        workers = worker_count(len(items))
        if workers > 1:
            return self._collaborations_in_parallel(kg, items, stats, progress, workers, provenance)
        shared: dict = {}
        for start in range(0, len(items), self.batch):
            batch = items[start:start + self.batch]
            scratch = self._scratch(kg)
            scratch.store.bulk_extend([q for d in batch for q in closure(kg, d, shared)])
            run_components(scratch.store, self.collaboration, stats, provenance=provenance)
            if not provenance:
                drop_provenance(scratch.store)
            kg.store.bulk_extend(list(scratch.quads(INFERRED)))
            if progress:
                progress(None, len(batch))

    def _collaborations_in_parallel(self, kg, items, stats, progress, workers, provenance) -> None:
        components = [([RuleText(r.id, r.text, r.lean) for r in comp], recursive) for comp, recursive in self.collaboration]
        shared: dict = {}
        batches = ([q for d in items[start:start + self.batch] for q in closure(kg, d, shared)]
                   for start in range(0, len(items), self.batch))
        done = 0
        # an on-disk store takes the results in one bulk load at the end: a transaction per
        # batch costs it more than the rules do (3× at the denmark scale)
        sink = tempfile.TemporaryFile() if kg.on_disk else None
        blank = False
        for inferred, seconds in reason_batches(self._ontology(kg), components, batches, workers, provenance):
            if sink is None:
                add(kg.store, inferred)
            else:
                sink.write(inferred)
                blank = blank or b"_:" in inferred
            for rule_id, value in seconds.items():
                stats.seconds[rule_id] = stats.seconds.get(rule_id, 0.0) + value
                stats.rounds[rule_id] = stats.rounds.get(rule_id, 0) + 1
            if progress:
                step = min(self.batch, len(items) - done)
                done += step
                progress(None, step)
        if sink is not None:
            with sink:
                sink.seek(0)
                if blank:   # parsed as a stream: blank nodes keep their names (workers.add)
                    kg.store.bulk_extend(ox.parse(sink, format=ox.RdfFormat.N_QUADS))
                else:
                    kg.store.bulk_load(sink, format=ox.RdfFormat.N_QUADS, lenient=True)

    def _municipalities(self, kg, municipalities, stats, progress) -> None:
        members = defaultdict(list)
        for m in municipalities:   # the municipality rules read typed descriptions only
            members[m] = [q.subject for q in kg.store.quads_for_pattern(None, IN_MUNICIPALITY, m, DATA)
                          if ox.Quad(q.subject, RDF_TYPE, COLLABORATION, DATA) in kg.store]
        batch, size = [], 0
        groups = sorted(((m, items) for m, items in members.items() if items), key=lambda kv: str(kv[0]))
        for i, (_, items) in enumerate(groups):
            batch.extend(items)
            size += len(items)
            if size >= self.municipality_batch or i == len(groups) - 1:
                scratch = self._scratch(kg)   # a fresh store: clearing one leaves it slower to query
                scratch.store.bulk_extend(self._municipal_input(kg, batch))
                run_components(scratch.store, self.municipality, stats)
                kg.store.bulk_extend(self._municipal_results(scratch))
                batch, size = [], 0

    def _municipal_results(self, scratch) -> list[ox.Quad]:
        """What the municipality rules wrote in a scratch store: every statement about a node one
        of them generated (a profile, a cell, a change). No such node is in their input, which
        holds only descriptions and their own results."""
        minted = {q.subject for rule in self.municipality_rules
                  for q in scratch.store.quads_for_pattern(None, GENERATED_BY, ox.NamedNode(rule), INFERRED)}
        return [q for node in minted for q in scratch.store.quads_for_pattern(node, None, None, INFERRED)]

    def _municipal_input(self, kg, items) -> list[ox.Quad]:
        """The statements the municipality rules read about these descriptions and their results.

        A result node is read only for the predicates the rules read of its class (a degree's
        value, not a finding's text): most of a description's results are not read at all,
        and a changed municipality's re-run is mostly this copy."""
        reads, store = self.municipality_reads, kg.store
        out = []
        for d in items:
            out.extend(reads.about(store, d, DATA))
            out.extend(reads.about(store, d, INFERRED))
            for link in store.quads_for_pattern(None, IN_COLLABORATION, d, INFERRED):
                classes = [t.object for t in store.quads_for_pattern(link.subject, RDF_TYPE, None, INFERRED)]
                out.extend(reads.about(store, link.subject, INFERRED, classes))
        return out

    def _remove_municipal_results(self, kg, municipalities) -> None:
        """Delete what the municipality rules derived for these municipalities."""
        rules = [ox.NamedNode(iri) for iri in self.municipality_rules]
        prefixes = tuple(f"{m.value}/" for m in municipalities if isinstance(m, ox.NamedNode))
        if not prefixes:
            return
        doomed = set()
        for rule in rules:
            for q in kg.store.quads_for_pattern(None, GENERATED_BY, rule, INFERRED):
                if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(prefixes):
                    doomed.add(q.subject)
        for node in doomed:
            for q in list(kg.store.quads_for_pattern(node, None, None, INFERRED)):
                kg.store.remove(q)


# ---------------------------------------------------------------------------- a kept store
def is_reasoned_with(kg: KnowledgeGraph, engine: Engine) -> bool:
    """Whether ``kg`` holds results of exactly these rules (else a full run is needed)."""
    from .engine import RULES_GRAPH, rule_quads

    if not kg.has_graph(RULES_GRAPH):
        return False
    return set(kg.quads(RULES_GRAPH)) == set(rule_quads(engine.rules, engine.plan))


def refresh_ontology(kg: KnowledgeGraph) -> bool:
    """Give a kept store the ontology it would get now (``--data`` or the bundled one), when
    its ontology files have changed since the store was made; True when it did (the results
    must then be recomputed: a new indicator changes every denominator of its cell).

    Compared by the statements between named resources and the number of the others (OWL
    restrictions and lists are blank nodes, named anew by every parse); the threshold a
    ``--min-assessed`` wrote into the store is not a change of the files."""
    threshold = ox.NamedNode(ns.SK + "minimumAssessedParameters")

    def signature(quads):
        named, others = set(), 0
        for q in quads:
            if q.predicate == threshold:
                continue
            if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode):
                others += 1
            else:
                named.add(ox.Triple(q.subject, q.predicate, q.object))
        return named, others

    now = KnowledgeGraph()
    if signature(kg.quads(ONTOLOGY)) == signature(now.quads(ONTOLOGY)):
        return False
    kg.store.clear_graph(ONTOLOGY)
    kg.store.extend(now.quads(ONTOLOGY))
    return True


def refuse_second_names(kg: KnowledgeGraph, added: KnowledgeGraph, files) -> None:
    """Refuse a school, library or administration that the store already names otherwise (in
    the same language): spelt two ways (``Skolen på Bakken``, ``Skolen paa Bakken``) in surveys
    read at different times, both spellings mint one IRI, which would end with two names."""
    from .errors import InputError

    name = ox.NamedNode(ns.PREFIXES["schema"] + "name")
    for quad in added.store.quads_for_pattern(None, name, None, DATA):
        new = quad.object
        for old in kg.store.quads_for_pattern(quad.subject, name, None, DATA):
            if isinstance(new, ox.Literal) and isinstance(old.object, ox.Literal) \
                    and old.object.language == new.language and old.object.value != new.value:
                raise InputError(f"<{quad.subject.value}> is named {new.value!r} here and {old.object.value!r} in the store: "
                                 "one institution with two names; spell it one way", where=", ".join(map(str, files)))


def reason_store(kg: KnowledgeGraph, files=(), removed=(), *, full: bool = False, progress=None,
                 validate: bool = True) -> tuple[str, RunStats]:
    """Bring a kept store up to date: replace the descriptions in ``files``, drop ``removed``.

    Files are parsed (and, with ``validate``, checked against the shapes) completely before
    the store's results are touched, so bad input changes nothing.
    Returns ("incremental" or "full", stats).
    """
    from .errors import InputError
    from .reasoner import require_descriptions, require_valid

    engine = PartitionedEngine()
    if files and not removed and kg.on_disk and not kg.has_graph(DATA):
        kg.load_all(files)   # a new store: streamed in, bounded memory
        try:
            require_descriptions(kg, files)
            if validate:
                require_valid(kg, files)
        except InputError:
            kg.store.clear_graph(DATA)   # the store was empty: leave it so
            raise
        return "full", engine.run(kg, progress=progress)
    added = None
    if files:
        added = KnowledgeGraph(ontology=False)
        added.store.extend(kg.quads(ONTOLOGY))
        added.load_all(files)
        require_descriptions(added, files)
        if validate:
            require_valid(added, files)
        refuse_second_names(kg, added, files)
    unknown = [iri for iri in removed
               if next(iter(kg.store.quads_for_pattern(ox.NamedNode(iri), None, None, DATA)), None) is None]
    if unknown:
        raise InputError(f"no description <{unknown[0]}> in the store")
    if not full and is_reasoned_with(kg, engine.engine):
        return "incremental", engine.update(kg, added, removed, progress=progress)
    for iri in removed:
        for quad in owned(kg, ox.NamedNode(iri)):
            kg.store.remove(quad)
    if added is not None:
        for d in descriptions(added):
            for quad in owned(kg, d):
                kg.store.remove(quad)
        kg.store.extend(added.quads(DATA))
    return "full", engine.run(kg, progress=progress)

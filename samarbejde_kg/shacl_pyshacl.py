"""The reference engine: pySHACL over each collaboration description's own subgraph.

pySHACL's cost grows with the graph it is given (about 0.3 ms per triple over a whole graph),
so each description is validated with only what it needs: its own subgraph (``closure.rq``)
plus the slice of the ontology the shapes read (``vocabulary.rq``), in batches, on several
processes when there are many. SHACL-SPARQL constraints are not run here: the validator runs
them in Oxigraph for both engines. The fast engine also uses this module for the shapes its
compiler does not translate, with every compiled shape deactivated.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import defaultdict

from .shacl_sparql import SH, SKS, targets
from .validation import Result, Term, query_text

BATCH_SIZE = 10          # descriptions per pySHACL run (chosen by measurement: benchmarks/validation.py)
PARALLEL_FROM = 50       # use a process pool from this many descriptions on


def core_shapes(shapes, deactivate=()):
    """The SHACL Core part for pySHACL, with each property shape targeted directly.

    pySHACL validates a property shape reached through ``sh:property`` once per focus
    node, but a targeted property shape once for all focus nodes; moving the targets
    is the same validation and about four times faster. SHACL-SPARQL constraints are
    left out: the validator runs them in Oxigraph. Shapes in ``deactivate`` are switched
    off (the fast engine has compiled them already).
    """
    import rdflib

    sh = rdflib.Namespace(SH)
    core = rdflib.Graph()
    for triple in shapes:
        if triple[1] != sh.sparql:
            core.add(triple)
    for node_shape, prop_shape in list(shapes.subject_objects(sh.property)):
        if (node_shape, sh.path, None) in shapes or (node_shape, sh.closed, rdflib.Literal(True)) in shapes:
            continue          # nested property shapes and closed shapes keep their sh:property
        for kind, target in targets(shapes, node_shape):
            core.add((prop_shape, rdflib.URIRef(kind), target))
        core.remove((node_shape, sh.property, prop_shape))
    for shape in deactivate:
        core.set((rdflib.URIRef(shape), sh.deactivated, rdflib.Literal(True)))
    return core


# Per-process state, set by _init (in the parent for serial runs, in each worker for a pool).
_SHAPES = None
_FIXES: dict[str, dict[str, str]] = {}
_VOCABULARY: list = []


def _init(files: list[str], vocabulary: list[tuple[Term, Term, Term]], deactivate: list[str]) -> None:
    import rdflib

    from .validation import load_shapes

    global _SHAPES, _FIXES, _VOCABULARY
    shapes = load_shapes(files)
    fixes: dict[str, dict[str, str]] = defaultdict(dict)
    for shape, text in shapes.subject_objects(rdflib.URIRef(SKS + "fix")):
        fixes[str(shape)][text.language or "da"] = str(text)
    _SHAPES, _FIXES = core_shapes(shapes, deactivate), dict(fixes)
    _VOCABULARY = [tuple(t.to_rdflib() for t in triple) for triple in vocabulary]


def _validate_batch(batch: list[tuple[Term, list[tuple[Term, Term, Term]]]]) -> list[Result]:
    """Validate a few descriptions together against the SHACL Core shapes."""
    import logging

    import pyshacl
    import rdflib
    from rdflib.namespace import RDF, SH as SHNS

    logging.getLogger("rdflib").setLevel(logging.ERROR)   # ill-typed literals are the shapes' business
    data = rdflib.Graph()
    for triple in _VOCABULARY:
        data.add(triple)
    for _, triples in batch:
        for s, p, o in triples:
            data.add((s.to_rdflib(), p.to_rdflib(), o.to_rdflib()))
    _, graph, _ = pyshacl.validate(
        data, shacl_graph=_SHAPES, inference="none", advanced=False, allow_infos=True,
        allow_warnings=True, inplace=True, meta_shacl=False, do_owl_imports=False,
    )
    results = []
    for node in graph.subjects(RDF.type, SHNS.ValidationResult):
        def one(prop):
            value = graph.value(node, prop)
            return None if value is None else Term.from_rdflib(value)

        shape = str(graph.value(node, SHNS.sourceShape))
        messages = {}
        for text in graph.objects(node, SHNS.resultMessage):
            messages.setdefault(text.language or "en", str(text))
        path = one(SHNS.resultPath)
        results.append(Result(
            severity=str(graph.value(node, SHNS.resultSeverity)).rsplit("#", 1)[-1],
            focus=one(SHNS.focusNode), path=path if path is None or path.kind == "iri" else None,
            value=one(SHNS.value), messages=messages, fix=dict(_FIXES.get(shape, {})),
            shape=shape, component=str(graph.value(node, SHNS.sourceConstraintComponent)),
        ))
    return results


def extract(kg) -> tuple[list, dict]:
    """The ontology slice the shapes read, and each description's own subgraph."""
    from .store import DATA, ONTOLOGY

    vocabulary = [(Term.from_oxigraph(t.subject), Term.from_oxigraph(t.predicate), Term.from_oxigraph(t.object))
                  for t in kg.store.query(query_text("vocabulary.rq"))]
    subgraphs: dict[Term, list] = {}
    seen: dict[Term, set] = defaultdict(set)
    for row in kg.store.query(query_text("closure.rq"), default_graph=[ONTOLOGY, DATA]):
        description = Term.from_oxigraph(row["description"])
        triple = (Term.from_oxigraph(row["s"]), Term.from_oxigraph(row["p"]), Term.from_oxigraph(row["o"]))
        if triple not in seen[description]:
            seen[description].add(triple)
            subgraphs.setdefault(description, []).append(triple)
    return vocabulary, subgraphs


def validate_core(kg, files: list[str], *, deactivate=(), batch_size: int = BATCH_SIZE,
                  processes: int | None = None, progress=None) -> list[Result]:
    """SHACL Core results for every description in ``kg``, by pySHACL.

    ``processes``: None chooses by the number of descriptions; 1 runs in this process.
    """
    vocabulary, subgraphs = extract(kg)
    items = sorted(subgraphs.items(), key=lambda kv: kv[0].id)
    batches = [items[i:i + batch_size] for i in range(0, len(items), batch_size)]
    if progress is not None:
        progress.total = (progress.total or 0) + len(batches)
    if processes is None:
        processes = min(os.cpu_count() or 1, len(batches)) if len(items) >= PARALLEL_FROM else 1
    chunks = []
    if processes > 1 and len(batches) > 1:
        ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
        with ctx.Pool(processes, initializer=_init, initargs=(files, vocabulary, list(deactivate))) as pool:
            for chunk in pool.imap(_validate_batch, batches, chunksize=1):
                chunks.append(chunk)
                if progress is not None:
                    progress.step()
    else:
        _init(files, vocabulary, list(deactivate))
        for batch in batches:
            chunks.append(_validate_batch(batch))
            if progress is not None:
                progress.step()
    return [r for chunk in chunks for r in chunk]

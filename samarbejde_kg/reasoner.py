"""Reasoning as users ask for it: load descriptions, run the rules, optionally classify with OWL.

With no input files the bundled examples are used, so ``samarbejde profile`` shows the
product at once.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from . import namespaces as ns
from . import resources
from .errors import InputError
from .incremental import PartitionedEngine
from .store import ONTOLOGY, RDF_EXTENSIONS, SURVEY_EXTENSIONS, KnowledgeGraph

INPUT_EXTENSIONS = set(RDF_EXTENSIONS) | SURVEY_EXTENSIONS


def example_files() -> list[Path]:
    """Every description file in ``examples/`` (RDF or survey spreadsheets)."""
    return [p for p in resources.files("examples") if p.suffix.lower() in INPUT_EXTENSIONS]


def inputs(paths) -> list[Path]:
    files = [Path(p) for p in paths] if paths else example_files()
    if not files:
        raise InputError("no input files, and no bundled examples found")
    return files


def set_min_assessed(kg: KnowledgeGraph, minimum: int) -> None:
    """Override the ontology's minimum number of assessed parameters for a classification."""
    if minimum < 0:
        raise InputError(f"--min-assessed must be 0 or more, not {minimum}")
    prop = ox.NamedNode(ns.SK + "minimumAssessedParameters")
    for quad in list(kg.store.quads_for_pattern(None, prop, None, ONTOLOGY)):
        kg.store.remove(quad)
    kg.store.add(ox.Quad(ox.NamedNode(ns.SK + "InsufficientEvidence"), prop,
                         ox.Literal(str(minimum), datatype=ox.NamedNode(ns.PREFIXES["xsd"] + "integer")), ONTOLOGY))


def reason(kg: KnowledgeGraph, *, min_assessed: int | None = None, owl: bool = False, progress=None,
           provenance: bool = True):
    """Run the rules (and HermiT with ``owl``); without ``provenance`` only the results are
    kept, which is all a profile reads (explanations need the links)."""
    if min_assessed is not None:
        set_min_assessed(kg, min_assessed)
    stats = PartitionedEngine().run(kg, progress=progress, provenance=provenance)
    if owl:
        from .owl_reasoning import classify_defined_classes

        classify_defined_classes(kg)
    return stats


def open_store(path) -> KnowledgeGraph:
    """A store kept by ``samarbejde reason --store DIR``, to query without reasoning again."""
    from .engine import RULES_GRAPH

    create = "create it with: samarbejde reason --store DIR FILE"
    if not Path(path).is_dir():
        raise InputError(f"no such store folder; {create}", where=str(path))
    if not (Path(path) / "CURRENT").is_file():   # every Oxigraph (RocksDB) store has one; do not create a store here
        raise InputError(f"not a reasoned store; {create}", where=str(path))
    try:
        kg = KnowledgeGraph(path, ontology=False)
    except OSError as exc:
        raise InputError(f"cannot open the store: {exc}", where=str(path)) from None
    if not kg.has_graph(RULES_GRAPH):
        raise InputError(f"not a reasoned store; {create}", where=str(path))
    return kg


def load_and_reason(paths, **options) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    kg.load_all(inputs(paths))
    reason(kg, **options)
    return kg

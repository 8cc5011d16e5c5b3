"""Reasoning as users ask for it: load descriptions, run the rules, optionally classify with OWL.

With no input files the bundled examples are used, so ``samarbejde profile`` shows the
product at once.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from . import namespaces as ns
from . import process_exit
from . import resources
from .errors import InputError
from .incremental import PartitionedEngine
from .store import ONTOLOGY, RDF_EXTENSIONS, SURVEY_EXTENSIONS, KnowledgeGraph, store_failure

INPUT_EXTENSIONS = set(RDF_EXTENSIONS) | SURVEY_EXTENSIONS


def example_files() -> list[Path]:
    """Every description file in ``examples/`` (RDF or survey spreadsheets)."""
    return [p for p in resources.files("examples") if p.suffix.lower() in INPUT_EXTENSIONS]


def inputs(paths) -> list[Path]:
    files = [Path(p) for p in paths] if paths else example_files()
    if not files:
        raise InputError(f"no input files, and no examples in {resources.folder('examples')}; "
                         "name the description files to read")
    return files


def set_min_assessed(kg: KnowledgeGraph, minimum: int) -> None:
    """Override the ontology's minimum number of assessed parameters for a classification."""
    if minimum < 0:
        raise InputError(f"--min-assessed must be 0 or more, not {minimum}")
    minimum = min(minimum, 2 ** 63 - 1)   # the store's integers are 64-bit; no description assesses more
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
    """A store kept by ``samarbejde reason --store DIR``, to query without reasoning again.

    Opened read-only: it holds no lock, so a server and any number of queries read it at once."""
    from .engine import RULES_GRAPH

    create = "create it with: samarbejde reason --store DIR FILE"
    if Path(path).is_file():
        raise InputError(f"is a file, not a store folder; {create}", where=str(path))
    if not Path(path).is_dir():
        raise InputError(f"no such store folder; {create}", where=str(path))
    if not (Path(path) / "CURRENT").is_file():   # every Oxigraph (RocksDB) store has one; do not create a store here
        raise InputError(f"not a reasoned store; {create}", where=str(path))
    try:
        kg = KnowledgeGraph(path, ontology=False, read_only=True)
        reasoned = kg.has_graph(RULES_GRAPH)
    except (OSError, RuntimeError) as exc:
        raise store_failure(path, exc) from None
    if not reasoned:
        raise InputError(f"not a reasoned store; {create}", where=str(path))
    return kg


REFUSAL = {"da": {"more": " (og {n} mere)", "hint": "'samarbejde validate' viser alle problemer, --no-validate ræsonnerer alligevel"},
           "en": {"more": " (and {n} more)", "hint": "'samarbejde validate' lists every problem, --no-validate reasons anyway"}}


def require_valid(kg: KnowledgeGraph, files, lang: str = "en") -> None:
    """Refuse descriptions that violate the shapes, before any rule runs.

    The rules assume valid descriptions: an unknown indicator or status would be left out
    or miscounted without a word. Warnings pass. The error names the file, the description
    and the first violation; ``samarbejde validate`` lists them all. Which file a violation
    comes from is worked out only when there is one (it costs a second load)."""
    from . import validation

    if validation.conforms(kg):
        return
    located = KnowledgeGraph()
    report = validation.validate(located, origins=validation.load_with_origins(located, files))
    violations = [r for r in report.results if r.severity == "Violation"]
    first = violations[0]
    name = first.collaboration_name.get(lang) or first.collaboration_name.get("en") or first.focus.id
    words = REFUSAL.get(lang, REFUSAL["en"])
    more = words["more"].format(n=len(violations) - 1) if len(violations) > 1 else ""
    message = (first.messages.get(lang) or first.messages.get("en") or "").rstrip(".")
    raise InputError(f"{name}: {message}{more}; {words['hint']}",
                     where=first.file or ", ".join(map(str, files)))


def require_descriptions(kg: KnowledgeGraph, files) -> None:
    """Refuse input that holds no collaboration description: with nothing to reason about, an
    empty profile would hide a wrong namespace (``sk:`` bound to another IRI) or the wrong file."""
    from .incremental import has_descriptions

    if not has_descriptions(kg):
        raise InputError(f"no collaboration descriptions: nothing is typed sk:Collaboration or has its properties "
                         f"(is sk: bound to <{ns.SK}>?)", where=", ".join(map(str, files)))


def load_and_reason(paths, *, validate: bool = True, lang: str = "en", **options) -> KnowledgeGraph:
    """Load the descriptions (the bundled examples without ``paths``), check them against the
    shapes unless ``validate`` is false, and reason."""
    files = inputs(paths)
    kg = KnowledgeGraph()
    kg.load_all(files)
    require_descriptions(kg, files)
    if validate:
        require_valid(kg, files, lang)
    reason(kg, **options)
    process_exit.keep(kg)   # on the command line, not freed at the end (about a second for a national store)
    return kg

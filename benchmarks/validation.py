"""Measure `samarbejde validate`: does validating N descriptions cost about N times one?

Generates synthetic collaboration descriptions (fixed seed, every indicator of the ontology
observed, absent or not assessed at random, structural facts and a policy target) and times
``samarbejde_kg.validation.validate`` for 1, 10, 100 and 1,000 descriptions: serially and
with the default process pool, and for comparison pySHACL over the whole graph at once
(all shapes, SHACL-SPARQL included) for the smaller sizes. Prints a table.

    python benchmarks/validation.py [--sizes 1,10,100,1000] [--whole-up-to 10]
"""
from __future__ import annotations

import argparse
import random
import time

from samarbejde_kg import iris, validation
from samarbejde_kg.store import DATA, KnowledgeGraph

SEED = 20250301


def synthetic(kg: KnowledgeGraph, n: int, seed: int = SEED) -> str:
    """N descriptions as Turtle, spread over the municipalities of the reference data."""
    rng = random.Random(seed)
    codes = [r["code"] for r in kg.select("SELECT ?code WHERE { ?m sk:municipalityCode ?code } ORDER BY ?code")]
    indicators = [r["i"] for r in kg.select("SELECT ?i ?n WHERE { ?i a sk:Indicator ; skos:notation ?n } ORDER BY ?n")]
    notations = [r["n"] for r in kg.select("SELECT ?i ?n WHERE { ?i a sk:Indicator ; skos:notation ?n } ORDER BY ?n")]
    params = [r["p"] for r in kg.select("SELECT ?p WHERE { ?p a sk:Parameter }")]
    models = [r["m"] for r in kg.select("SELECT ?m WHERE { ?m a sk:Model }")]
    out = ["@prefix sk: <https://w3id.org/samarbejde-kg/def#> .",
           "@prefix dcterms: <http://purl.org/dc/terms/> .",
           "@prefix schema: <https://schema.org/> .",
           "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> ."]
    for k in range(n):
        code = codes[k % len(codes)]
        school = f"Syntetisk skole {k}"
        library = iris.main_library_isil(code)
        date = f"2025-{rng.randint(1, 9):02d}-01"
        c = iris.collaboration(code, school, library, date)
        s = iris.school(code, school)
        admins = [iris.administration(code, "Forvaltning A"), iris.administration(code, rng.choice(["Forvaltning A", "Forvaltning B"]))]
        out.append(f"<{s}> a sk:School ; schema:name \"{school}\" ; sk:municipality <{iris.municipality(code)}> .")
        lines = [f"<{c}> a sk:Collaboration ; sk:municipality <{iris.municipality(code)}> ; sk:school <{s}> ;",
                 f"  sk:library <{iris.library(code, library)}> ; sk:assessmentDate \"{date}\"^^xsd:date ;",
                 f"  dcterms:source \"Syntetisk kilde {k}\" ; sk:schoolAdministration <{admins[0]}> ; sk:libraryAdministration <{admins[1]}> ;",
                 f"  sk:offerCatalogue {rng.choice(['true', 'false'])} ; sk:framesAndResources {rng.choice(['true', 'false'])} ;",
                 f"  sk:policyTarget [ sk:parameter <{rng.choice(params)}> ; sk:model <{rng.choice(models)}> ] ."]
        out += lines
        for indicator, notation in zip(indicators, notations):
            status = rng.choice(["Observed", "Absent", None])
            if status:
                e = iris.evidence(c, notation)
                out.append(f"<{c}> sk:evidence <{e}> . <{e}> a sk:Evidence ; sk:indicator <{indicator}> ; sk:status sk:{status} .")
    return "\n".join(out) + "\n"


def store_with(n: int) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    kg.store.load(synthetic(kg, n).encode("utf-8"), format=__import__("pyoxigraph").RdfFormat.TURTLE, to_graph=DATA)
    return kg


def whole_graph(kg: KnowledgeGraph) -> float:
    """pySHACL over data plus ontology in one graph, with the shapes as written."""
    import pyshacl

    from samarbejde_kg.store import ONTOLOGY

    graph = kg.rdflib_graph([ONTOLOGY, DATA])
    shapes = validation.load_shapes()
    start = time.perf_counter()
    pyshacl.validate(graph, shacl_graph=shapes, inference="none", allow_warnings=True, allow_infos=True)
    return time.perf_counter() - start


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100,1000")
    parser.add_argument("--whole-up-to", type=int, default=10, help="largest size to time pySHACL over the whole graph")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    validation.validate(store_with(1), processes=1)   # warm up: imports and shapes
    for n in sizes:
        kg = store_with(n)
        triples = kg.count(DATA)
        serial, report = timed(lambda: validation.validate(kg, processes=1))
        pooled, _ = timed(lambda: validation.validate(kg)) if n >= validation.PARALLEL_FROM else (serial, None)
        whole = whole_graph(kg) if n <= args.whole_up_to else None
        rows.append((n, triples, serial, pooled, whole, len(report.results)))
    base = rows[0][2] / rows[0][0]
    print(f"{'descriptions':>12} {'triples':>8} {'serial s':>9} {'ms/descr':>9} {'x one':>8} {'pool s':>8} {'whole-graph s':>14} {'results':>8}")
    for n, triples, serial, pooled, whole, results in rows:
        print(f"{n:>12} {triples:>8} {serial:>9.2f} {1000 * serial / n:>9.1f} {serial / base:>8.0f} {pooled:>8.2f} "
              f"{(f'{whole:.2f}' if whole is not None else '-'):>14} {results:>8}")
    print(f"\n'x one' = serial time / time of one description; batch size {validation.BATCH_SIZE}, "
          f"process pool from {validation.PARALLEL_FROM} descriptions.")


if __name__ == "__main__":
    main()

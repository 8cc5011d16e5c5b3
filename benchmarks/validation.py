"""Measure `samarbejde validate`: the fast engine against pySHACL, and how each scales.

Generates synthetic collaboration descriptions (fixed seed, every indicator of the ontology
observed, absent or not assessed at random, structural facts and a policy target) and times
``samarbejde_kg.validation.validate`` for 1, 10, 100 and 1,000 descriptions with

* the fast engine: the shapes compiled to SPARQL, run in Oxigraph over all descriptions;
* pySHACL per description (the reference engine), serially and with the process pool;
* pySHACL over the whole graph at once (all shapes, SHACL-SPARQL included), up to a size.

Then, if the national data set exists (``benchmarks/generate.py --scale denmark``), the same
for that file (pySHACL per description only with ``--reference-on-file``, it takes minutes).
Every row checks that both engines found the same results. Prints a Markdown table.

    python benchmarks/validation.py [--sizes 1,10,100,1000] [--whole-up-to 10]
        [--file benchmarks/data/denmark.nt] [--reference-on-file]
"""
from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from samarbejde_kg import iris, shacl_pyshacl, validation
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


def keys(report) -> set:
    return {(r.focus, r.path, r.value, r.shape, r.severity) for r in report.results}


def measure(label: str, kg: KnowledgeGraph, n: int, whole: bool, reference: bool) -> dict:
    """One row: the fast engine, pySHACL per description (serial and pooled), pySHACL whole."""
    row = {"label": label, "n": n, "triples": kg.count(DATA)}
    row["fast"], fast = timed(lambda: validation.validate(kg))
    row["results"] = len(fast.results)
    if reference:
        row["serial"], slow = timed(lambda: validation.validate(kg, engine="pyshacl", processes=1))
        row["pooled"] = timed(lambda: validation.validate(kg, engine="pyshacl"))[0] if n >= shacl_pyshacl.PARALLEL_FROM else row["serial"]
        row["same"] = "yes" if keys(fast) == keys(slow) else "NO"
    row["whole"] = whole_graph(kg) if whole else None
    return row


def cell(value, fmt="{:.2f}") -> str:
    return "-" if value is None else fmt.format(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100,1000")
    parser.add_argument("--whole-up-to", type=int, default=10, help="largest size to time pySHACL over the whole graph")
    parser.add_argument("--file", default=str(Path(__file__).parent / "data" / "denmark.nt"),
                        help="a generated data set to time as well, if it exists")
    parser.add_argument("--reference-on-file", action="store_true", help="also time pySHACL per description on --file")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    rows = []
    warm = store_with(1)
    validation.validate(warm)                          # warm up: imports and shapes
    validation.validate(warm, engine="pyshacl", processes=1)
    for n in sizes:
        rows.append(measure(f"synthetic {n}", store_with(n), n, n <= args.whole_up_to, True))
    path = Path(args.file)
    if path.exists():
        kg = KnowledgeGraph()
        load, _ = timed(lambda: kg.load_all([path]))
        n = len(validation.description_nodes(kg))
        rows.append(measure(f"{path.name} (load {load:.1f} s)", kg, n, False, args.reference_on_file))
    print("| data | descriptions | triples | fast s | fast ms/descr | pySHACL per descr. serial s | ms/descr "
          "| pooled s | pySHACL whole graph s | results | same results |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        serial = r.get("serial")
        print(f"| {r['label']} | {r['n']} | {r['triples']} | {r['fast']:.2f} | {1000 * r['fast'] / r['n']:.1f} "
              f"| {cell(serial)} | {cell(serial and 1000 * serial / r['n'], '{:.1f}')} | {cell(r.get('pooled'))} "
              f"| {cell(r['whole'])} | {r['results']} | {r.get('same', '-')} |")
    print(f"\npySHACL per description: batches of {shacl_pyshacl.BATCH_SIZE}, process pool from "
          f"{shacl_pyshacl.PARALLEL_FROM} descriptions; the fast engine runs in one process.")


if __name__ == "__main__":
    main()

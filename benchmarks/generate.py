"""Clearly synthetic, valid collaboration descriptions at named scales, for benchmarks.

    python benchmarks/generate.py --scale denmark -o benchmarks/data/denmark.nt

Every school is "Syntetisk skole N" and every source "Syntetiske data (benchmark)", so the
data can never be mistaken for a survey. A fixed seed makes every run produce the same file.
The indicators, their parameters and models, and the exclusion pairs are read from the
ontology; scales with at most 98 municipalities use real municipality codes from the
reference data (with their main libraries), larger scales mint synthetic municipalities
(``kommune/S0001`` with ``sk:municipalityCode "S0001"`` and a main library) into the
generated file itself, so they are "known" to validation.

Each description gets: a school-specific tendency towards the models that drifts from year to
year, 60–100 % of the indicators assessed, structural facts (administrations, offer catalogue,
frames and resources) most of the time, a municipal policy target now and then, and an
occasional contradiction (both indicators of an exclusion pair observed).
"""
from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from samarbejde_kg import iris  # noqa: E402
from samarbejde_kg import namespaces as ns  # noqa: E402
from samarbejde_kg.store import KnowledgeGraph  # noqa: E402


@dataclass(frozen=True)
class Scale:
    municipalities: int
    schools: int
    years: int


SCALES = {
    "mini": Scale(1, 2, 2),       # the Python baselines' growth curve starts here
    "tiny": Scale(2, 6, 2),
    "few": Scale(3, 12, 3),
    "small": Scale(10, 110, 3),
    "medium": Scale(30, 330, 3),
    "denmark": Scale(98, 1100, 3),
    "large": Scale(300, 3300, 5),
    "nordic": Scale(1100, 11000, 10),
}
SEED = 20250601
LAST_YEAR = 2024            # every assessment date lies in the past
SOURCE = "Syntetiske data (benchmark)"
SK, XSD = ns.SK, ns.PREFIXES["xsd"]
RDF_TYPE = ns.PREFIXES["rdf"] + "type"
NAME = "https://schema.org/name"
SOURCE_P = "http://purl.org/dc/terms/source"

ADMINISTRATIONS = {
    "same": ("Syntetisk børne- og kulturforvaltning",) * 2,
    "separate": ("Syntetisk skoleforvaltning", "Syntetisk kultur- og fritidsforvaltning"),
}


# ---------------------------------------------------------------------------- the ontology
def vocabulary(kg: KnowledgeGraph):
    """Indicators (iri, notation, parameter, model), models, parameters, exclusion pairs, municipalities."""
    indicators = [(r["i"], r["n"], r["p"], r["m"]) for r in kg.select(
        "SELECT ?i ?n ?p ?m WHERE { ?i a sk:Indicator ; skos:notation ?n ; sk:parameter ?p ; sk:model ?m } ORDER BY ?n")]
    models = sorted({m for *_, m in indicators})
    parameters = sorted({p for _, _, p, _ in indicators})
    exclusions = [(r["a"], r["b"]) for r in kg.select(
        "SELECT ?a ?b WHERE { ?a sk:excludes ?b } ORDER BY ?a ?b")]
    municipalities = [r["code"] for r in kg.select(
        "SELECT ?code WHERE { ?m a sk:Municipality ; sk:municipalityCode ?code } ORDER BY ?code")]
    return indicators, models, parameters, exclusions, municipalities


# ---------------------------------------------------------------------------- writing
class Writer:
    """N-Triples written straight from strings: the generator must outrun the parser it feeds."""

    def __init__(self, out):
        self.out = out
        self.triples = 0

    def iri(self, s: str, p: str, o: str) -> None:
        self.out.write(f"<{s}> <{p}> <{o}> .\n")
        self.triples += 1

    def lit(self, s: str, p: str, value: str, datatype: str | None = None) -> None:
        text = value.replace("\\", "\\\\").replace('"', '\\"')
        suffix = f"^^<{datatype}>" if datatype else ""
        self.out.write(f'<{s}> <{p}> "{text}"{suffix} .\n')
        self.triples += 1


def boolean(value: bool) -> str:
    return "true" if value else "false"


def generate(scale: Scale, out, seed: int = SEED) -> dict:
    """Write the data set for ``scale``; returns counts."""
    rng = random.Random(seed)
    kg = KnowledgeGraph()
    indicators, models, parameters, exclusions, known = vocabulary(kg)
    w = Writer(out)
    if scale.municipalities <= len(known):
        codes = sorted(rng.sample(known, scale.municipalities))
        synthetic = False
    else:
        codes = [f"S{n:04d}" for n in range(1, scale.municipalities + 1)]
        synthetic = True

    # municipalities: schools spread unevenly (a few big ones), one assessment month each
    weights = [rng.paretovariate(1.5) for _ in codes]
    total = sum(weights)
    counts = [max(1, round(scale.schools * x / total)) for x in weights]
    descriptions = 0
    first_year = LAST_YEAR - scale.years + 1
    school_no = 0
    for code, n_schools in zip(codes, counts):
        mun = iris.municipality(code)
        if synthetic:
            w.iri(mun, RDF_TYPE, SK + "Municipality")
            w.lit(mun, SK + "municipalityCode", code)
            w.lit(mun, NAME, f"Syntetisk kommune {code}")
            library = iris.library(code, "Syntetisk hovedbibliotek")
            library_key = "Syntetisk hovedbibliotek"
            w.iri(library, RDF_TYPE, SK + "PublicLibrary")
            w.lit(library, NAME, f"Syntetisk hovedbibliotek {code}")
            w.iri(library, SK + "municipality", mun)
            w.iri(mun, SK + "mainLibrary", library)
        else:
            library_key = iris.main_library_isil(code)
            library = iris.library(code, library_key)
        arrangement = "same" if rng.random() < 0.3 else "separate"
        school_admin_name, library_admin_name = ADMINISTRATIONS[arrangement]
        school_admin = iris.administration(code, school_admin_name)
        library_admin = iris.administration(code, library_admin_name)
        for admin, name in {school_admin: school_admin_name, library_admin: library_admin_name}.items():
            w.iri(admin, RDF_TYPE, SK + "Administration")
            w.lit(admin, NAME, name)
        month = rng.randint(1, 12)
        policies = {}
        for year in range(first_year, LAST_YEAR + 1):
            if rng.random() < 0.15:
                policies[year] = {p: rng.choice(models) for p in rng.sample(parameters, rng.randint(1, 2))}
        for _ in range(n_schools):
            school_no += 1
            school_name = f"Syntetisk skole {school_no}"
            school = iris.school(code, school_name)
            w.iri(school, RDF_TYPE, SK + "School")
            w.lit(school, NAME, school_name)
            w.iri(school, SK + "municipality", mun)
            tendency = {m: rng.gammavariate(0.7, 1.0) for m in models}
            for year in range(first_year, LAST_YEAR + 1):
                tendency = {m: max(0.01, x + rng.gauss(0, 0.15)) for m, x in tendency.items()}
                date = f"{year}-{month:02d}-01"
                c = iris.collaboration(code, school_name, library_key, date)
                describe(w, rng, c, mun, school, library, date, tendency, indicators, exclusions,
                         (school_admin, library_admin), policies.get(year, {}))
                descriptions += 1
    return {"municipalities": len(codes), "schools": school_no, "descriptions": descriptions, "triples": w.triples}


def describe(w, rng, c, mun, school, library, date, tendency, indicators, exclusions, admins, policy):
    w.iri(c, RDF_TYPE, SK + "Collaboration")
    w.iri(c, SK + "municipality", mun)
    w.iri(c, SK + "school", school)
    w.iri(c, SK + "library", library)
    w.lit(c, SK + "assessmentDate", date, XSD + "date")
    w.lit(c, SOURCE_P, SOURCE)
    if rng.random() < 0.8:
        w.iri(c, SK + "schoolAdministration", admins[0])
        w.iri(c, SK + "libraryAdministration", admins[1])
    if rng.random() < 0.6:
        catalogue = rng.random() < 0.7
        w.lit(c, SK + "offerCatalogue", boolean(catalogue), XSD + "boolean")
        if catalogue:
            w.lit(c, SK + "offerCatalogueAligned", boolean(rng.random() < 0.7), XSD + "boolean")
            w.lit(c, SK + "offerCatalogueCommunicated", boolean(rng.random() < 0.7), XSD + "boolean")
    if rng.random() < 0.7:
        w.lit(c, SK + "framesAndResources", boolean(rng.random() < 0.75), XSD + "boolean")
    for parameter, model in sorted(policy.items()):
        target = f"{c}/politik/{parameter.rsplit('#', 1)[-1]}"
        w.iri(c, SK + "policyTarget", target)
        w.iri(target, RDF_TYPE, SK + "PolicyTarget")
        w.iri(target, SK + "parameter", parameter)
        w.iri(target, SK + "model", model)

    top = max(tendency.values())
    assessed_share = rng.uniform(0.6, 1.0)
    status = {}
    for iri, notation, _, model in indicators:
        if rng.random() < assessed_share:
            status[iri] = rng.random() < 0.05 + 0.85 * tendency[model] / top
    if exclusions and rng.random() < 0.05:       # an occasional contradiction
        a, b = rng.choice(exclusions)
        status[a] = status[b] = True
    for iri, notation, _, _ in indicators:
        if iri in status:
            e = iris.evidence(c, notation)
            w.iri(c, SK + "evidence", e)
            w.iri(e, RDF_TYPE, SK + "Evidence")
            w.iri(e, SK + "indicator", iri)
            w.iri(e, SK + "status", SK + ("Observed" if status[iri] else "Absent"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=SCALES, default="tiny")
    parser.add_argument("-o", "--output", metavar="FILE.nt", help="output file (default: standard output)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    if args.output:
        path = Path(args.output)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        with open(tmp, "w", encoding="utf-8", buffering=1 << 20) as out:
            counts = generate(SCALES[args.scale], out, args.seed)
        tmp.replace(path)
    else:
        counts = generate(SCALES[args.scale], sys.stdout, args.seed)
    print(f"{args.scale}: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

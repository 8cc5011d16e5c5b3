"""Knowledge lives in data files: no Python module names a model, parameter or indicator."""
from pathlib import Path

from samarbejde_kg.store import KnowledgeGraph

PACKAGE = Path(__file__).resolve().parent.parent / "samarbejde_kg"


def domain_terms():
    kg = KnowledgeGraph()
    rows = kg.select("""
        SELECT ?x ?label WHERE { VALUES ?type { sk:Model sk:Parameter sk:Indicator } ?x a ?type .
                                 OPTIONAL { ?x skos:prefLabel ?label } }""")
    terms = set()
    for row in rows:
        terms.add(row["x"].rsplit("#", 1)[-1])
        if row["label"]:
            terms.add(row["label"])
    return {t for t in terms if len(t) >= 5}


def test_no_python_module_names_a_model_parameter_or_indicator():
    terms = domain_terms()
    assert len(terms) > 90  # names and Danish/English labels of 53 concepts
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.name}: {t}" for t in terms if t in text]
    assert offenders == []

"""The bundled examples: every file in examples/ is discovered by glob and validates."""
import pytest

from conftest import ROOT, run_cli
from samarbejde_kg import validation
from samarbejde_kg.store import KnowledgeGraph

EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.is_file() and not p.name.startswith("."))


def test_there_are_examples_in_several_syntaxes():
    suffixes = {p.suffix for p in EXAMPLES}
    assert {".ttl", ".jsonld"} <= suffixes
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_validates_without_violations(path):
    kg = KnowledgeGraph()
    origins = validation.load_with_origins(kg, [path])
    report = validation.validate(kg, origins=origins, processes=1)
    assert report.descriptions, f"{path.name} holds no collaboration description"
    violations = [(r.shape, validation.short(r.focus), r.messages.get("en")) for r in report.results if r.severity == "Violation"]
    assert violations == []


def test_partial_assessment_warns_about_the_unassessed_parameters():
    kg = KnowledgeGraph()
    validation.load_with_origins(kg, [ROOT / "examples" / "delvis-vurdering.ttl"])
    report = validation.validate(kg, processes=1)
    warned = {validation.short(r.value) for r in report.results if r.shape == validation.SKS + "ParameterAssessed"}
    assert warned == {"sk:PersonerOgFagligheder", "sk:RessourcerOgMaterialesamlinger", "sk:LedelseOgForvaltning"}


def test_all_examples_together_exit_0_with_a_readable_report():
    result = run_cli("validate", *EXAMPLES)
    assert result.code == 0, result.out + result.err
    assert "Resultat: gyldig" in result.out
    assert "_:" not in result.out

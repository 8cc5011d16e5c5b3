"""`samarbejde check`: the QA passes on the real ontology and catches broken copies."""
import shutil

import pytest

from conftest import DATA, run_cli
from ontology_helpers import copy_data

FIXTURES = DATA / "ontology"
needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")


def broken_copy(tmp_path, fixture):
    root = copy_data(tmp_path / "data")
    shutil.copy(FIXTURES / fixture, root / "ontology" / f"zz-{fixture}")
    return root


@needs_java
def test_check_passes_on_the_real_ontology_including_owl():
    result = run_cli("check")
    assert result.code == 0, result.out + result.err
    assert "0 problem(s)" in result.out
    assert "HermiT run" in result.out


def test_check_speaks_danish_when_asked():
    result = run_cli("check", "--no-owl", "--lang", "da")
    assert result.code == 0, result.out + result.err
    assert "0 problem(er)" in result.out


def test_missing_english_label_is_reported_with_file_and_line(tmp_path):
    root = broken_copy(tmp_path, "missing-label.ttl")
    result = run_cli("--data", root, "check", "--no-owl")
    assert result.code == 1
    lines = [l for l in result.out.splitlines() if "[shacl:has-english-label]" in l]
    assert lines == ["ontology/zz-missing-label.ttl:9: sk:NyIndikator: [shacl:has-english-label] "
                     "Missing English label (skos:prefLabel @en)"]


def test_missing_label_message_in_danish(tmp_path):
    root = broken_copy(tmp_path, "missing-label.ttl")
    result = run_cli("--data", root, "check", "--no-owl", "--lang", "da")
    assert result.code == 1
    assert "[shacl:has-english-label] Mangler engelsk label (skos:prefLabel @en)" in result.out


def test_indicator_with_two_models_is_reported(tmp_path):
    root = broken_copy(tmp_path, "two-models.ttl")
    result = run_cli("--data", root, "check", "--no-owl")
    assert result.code == 1
    assert ("ontology/indicators.ttl:8: sk:PersonligPrioritering: [shacl:indicator-one-model] "
            "The indicator has more than one model (sk:model)") in result.out.splitlines()


@needs_java
def test_unsatisfiable_class_is_reported_by_hermit(tmp_path):
    root = broken_copy(tmp_path, "unsatisfiable-class.ttl")
    result = run_cli("--data", root, "check")
    assert result.code == 1
    assert ("ontology/zz-unsatisfiable-class.ttl:9: sk:ModelIndikator: [owl-unsatisfiable] "
            "The class is unsatisfiable (HermiT): it can never have instances") in result.out.splitlines()


@needs_java
def test_inconsistent_ontology_is_reported_by_hermit(tmp_path):
    root = broken_copy(tmp_path, "inconsistent.ttl")
    result = run_cli("--data", root, "check")
    assert result.code == 1
    assert "[owl-consistency] The ontology is inconsistent" in result.out


def test_violation_query_problem_names_the_query_and_the_entity(tmp_path):
    root = copy_data(tmp_path / "data")
    shutil.copy(DATA / "ontology" / "violations" / "undeclared-term.ttl", root / "ontology" / "zz-typo.ttl")
    result = run_cli("--data", root, "check", "--no-owl")
    assert result.code == 1
    assert "sk:Personmodelen: [undeclared-term] A term in the ontology's namespace is used but never declared" in result.out


def test_turtle_syntax_error_exits_2_with_file_line_and_column(tmp_path):
    root = broken_copy(tmp_path, "syntax-error.ttl")
    result = run_cli("--data", root, "check", "--no-owl")
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("samarbejde: error: ontology/zz-syntax-error.ttl:10:1:")
    assert "Traceback" not in result.err


def test_sparql_syntax_error_in_a_query_file_exits_2(tmp_path):
    root = copy_data(tmp_path / "data")
    (root / "queries" / "broken.rq").write_text("SELECT ?x WHERE {\n  ?x ?y \n}\n", encoding="utf-8")
    result = run_cli("--data", root, "check", "--no-owl")
    assert result.code == 2
    assert "queries/broken.rq:3:" in result.err and "SPARQL syntax error" in result.err


def test_sparql_update_syntax_error_in_a_rule_exits_2(tmp_path):
    root = copy_data(tmp_path / "data")
    (root / "rules" / "zz-broken.ru").write_text("INSERT { ?x a sk:X }\nWHERE { ?x ?y\n", encoding="utf-8")
    result = run_cli("--data", root, "check", "--no-owl")
    assert result.code == 2
    assert "rules/zz-broken.ru:" in result.err and "SPARQL update syntax error" in result.err


def test_missing_java_is_a_clear_error_unless_owl_is_skipped():
    result = run_cli("check", env={"PATH": ""})
    assert result.code == 2
    assert "Java is not installed" in result.err and "--no-owl" in result.err
    assert "Traceback" not in result.err
    assert run_cli("check", "--no-owl", env={"PATH": ""}).code == 0

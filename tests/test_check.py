"""`samarbejde check`: the QA passes on the real ontology and catches broken copies."""
import re
import shutil

import pytest

from conftest import DATA, run_cli
from ontology_helpers import copy_data
from samarbejde_kg import checks

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


# ---------------------------------------------------------------------------- where a problem is
def test_problem_points_at_the_file_that_defines_the_entity_not_one_that_mentions_it(tmp_path):
    root = broken_copy(tmp_path, "missing-label.ttl")
    shutil.copy(FIXTURES / "mention-before-definition.ttl", root / "ontology" / "aa-mention.ttl")
    result = run_cli("--data", root, "check", "--no-owl")
    assert result.code == 1
    assert ("ontology/zz-missing-label.ttl:9: sk:NyIndikator: [shacl:has-english-label] "
            "Missing English label (skos:prefLabel @en)") in result.out.splitlines()


def test_an_indicator_is_located_in_indicators_ttl_where_it_is_typed(tmp_path):
    root = copy_data(tmp_path / "data")
    indicators = root / "ontology" / "indicators.ttl"
    text = indicators.read_text(encoding="utf-8")
    assert "sk:AdskilteOekonomier sk:excludes" in (root / "ontology" / "exclusions.ttl").read_text(encoding="utf-8")
    indicators.write_text(text.replace('"Adskilte økonomier"@da, ', ""), encoding="utf-8")
    line = text[:text.index("sk:AdskilteOekonomier a sk:Indicator")].count("\n") + 1
    result = run_cli("--data", root, "check", "--no-owl")
    assert result.code == 1
    assert (f"ontology/indicators.ttl:{line}: sk:AdskilteOekonomier: [shacl:has-danish-label] "
            "Missing Danish label (skos:prefLabel @da)") in result.out.splitlines()
    # the example survey has a column for that label: it waits until the ontology is clean
    assert "1 survey file(s) not imported until the ontology has no problems" in result.out


# ---------------------------------------------------------------------------- messages with values
@pytest.mark.parametrize("lang, text", [
    ("en", "Another indicator has the same label in the same language: "),
    ("da", "En anden indikator har samme label på samme sprog: "),
])
def test_messages_with_placeholders_are_in_the_requested_language(tmp_path, lang, text):
    root = copy_data(tmp_path / "data")
    shutil.copy(FIXTURES / "duplicate-indicator-label.ttl", root / "ontology" / "zz-duplicate-label.ttl")
    result = run_cli("--data", root, "check", "--no-owl", "--lang", lang)
    assert result.code == 1
    lines = sorted(l.split("] ", 1)[1] for l in result.out.splitlines() if "[shacl:indicator-label-unique]" in l)
    assert lines == [text + "sk:NyIndikator", text + "sk:Tilbudskatalog"]


def test_a_filled_message_is_chosen_by_its_template_whatever_the_order():
    templates = {"da": "Cellen {?parameter} har ingen indikator", "en": "The cell {?parameter} has no indicator"}
    filled = ["Cellen https://w3id.org/samarbejde-kg/def#X har ingen indikator",
              "The cell https://w3id.org/samarbejde-kg/def#X has no indicator"]
    for messages in (filled, filled[::-1]):
        assert checks.localised(messages, templates, "en") == "The cell sk:X has no indicator"
        assert checks.localised(messages, templates, "da") == "Cellen sk:X har ingen indikator"


# ---------------------------------------------------------------------------- every data file parses
def test_an_example_survey_with_an_impossible_date_stops_the_check(tmp_path):
    root = copy_data(tmp_path / "data")
    survey = root / "examples" / "survey-eksempel.csv"
    lines = survey.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    date = lines[1].split(";")[3]
    lines[1] = lines[1].replace(f";{date};", ";2024-02-30;", 1)
    survey.write_text("".join(lines), encoding="utf-8-sig")
    result = run_cli("--data", root, "check", "--no-owl")
    assert result.code == 2
    assert result.out == ""
    assert result.err == ("samarbejde: error: examples/survey-eksempel.csv: row 2, column 'dato': "
                          "value '2024-02-30' is not a real date\n")


def test_a_broken_json_ld_context_is_one_line_with_line_and_column(tmp_path):
    root = copy_data(tmp_path / "data")
    (root / "ontology" / "context.jsonld").write_text('{\n  "@context": {\n    "sk": \n  }\n}\n', encoding="utf-8")
    result = run_cli("--data", root, "check", "--no-owl")
    assert result.code == 2
    assert result.out == ""
    assert result.err == "samarbejde: error: ontology/context.jsonld:4:3: not valid JSON: Expecting value\n"


def test_rules_that_recurse_through_negation_are_a_problem_of_the_check(tmp_path):
    root = copy_data(tmp_path / "data")
    for rule in (DATA / "engine" / "negation-cycle").glob("*.ru"):
        shutil.copy(rule, root / "rules" / f"zz-{rule.name}")
    result = run_cli("--data", root, "check", "--no-owl")
    assert result.code == 1
    assert "[stratification]" in result.out and "recurse through negation" in result.out


def test_a_misspelt_concept_in_a_rule_is_named_with_file_and_line(tmp_path):
    root = copy_data(tmp_path / "data")
    rule = root / "rules" / "finding-tension.ru"
    text = rule.read_text(encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "sk:inTensionWith" in t and not t.startswith("#"))
    rule.write_text(text.replace("sk:inTensionWith", "sk:inTensionWit"), encoding="utf-8")
    result = run_cli("--data", root, "check", "--no-owl")
    assert result.code == 1
    assert f"rules/finding-tension.ru:{line}: [undeclared-term] sk:inTensionWit is not declared" in result.out


def test_codes_label_tags_severities_and_thresholds_that_rules_cannot_use_are_problems(tmp_path):
    root = broken_copy(tmp_path, "slips.ttl")
    result = run_cli("--data", root, "check", "--no-owl", "--lang", "en")
    assert result.code == 1
    out = result.out
    assert "sk:NyIndikator: [shacl:notation-iri-safe] The code (skos:notation) is part of IRIs" in out
    assert "sk:NyIndikator: [shacl:label-languages] The label New indicator (British) has the language tag 'en-gb'" in out
    assert "sk:NyFundtype: [shacl:shape] The finding kind needs exactly one severity" in out
    assert "sk:InsufficientEvidence: [shacl:shape] sk:minimumAssessedParameters must be one integer ≥ 0" in out


def test_a_rule_without_its_english_label_or_with_another_rules_stamp_is_named(tmp_path):
    root = copy_data(tmp_path / "data")
    tension = root / "rules" / "finding-tension.ru"
    text = tension.read_text(encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "prov:wasGeneratedBy skr:finding-tension" in t)
    tension.write_text(text.replace("prov:wasGeneratedBy skr:finding-tension", "prov:wasGeneratedBy skr:finding-defeat")
                       .replace("\n# label@en:", "\n# nothing:"), encoding="utf-8")
    result = run_cli("--data", root, "check", "--no-owl", "--lang", "en")
    assert result.code == 1
    assert "rules/finding-tension.ru:1: [rule-header] The rule's header lacks '# label@en:'" in result.out
    assert f"rules/finding-tension.ru:{line}: [rule-stamp] The rule stamps its results with prov:wasGeneratedBy" in result.out


def test_a_rule_syntax_error_is_placed_where_it_is_in_the_file(tmp_path):
    root = copy_data(tmp_path / "data")
    rule = root / "rules" / "finding-tension.ru"
    lines = rule.read_text(encoding="utf-8").splitlines()
    where = next(i for i, t in enumerate(lines) if t.strip().startswith("?c sk:evidence"))
    lines[where] = lines[where].replace("?c sk:evidence", "?c ) sk:evidence")
    rule.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("--data", root, "check", "--no-owl")
    assert result.code == 2
    assert result.err.startswith(f"samarbejde: error: rules/finding-tension.ru:{where + 1}:")


def test_a_rule_may_use_the_package_prefixes_without_declaring_them(tmp_path):
    root = copy_data(tmp_path / "data")
    rule = root / "rules" / "degree.ru"
    rule.write_text("".join(l for l in rule.read_text(encoding="utf-8").splitlines(keepends=True)
                            if not l.startswith("PREFIX skos:")), encoding="utf-8")
    assert run_cli("--data", root, "check", "--no-owl").code == 0
    plain, reduced = run_cli("profile", "--format", "json"), run_cli("--data", root, "profile", "--format", "json")
    assert reduced.code == 0, reduced.err
    assert reduced.out == plain.out


def test_a_rule_in_a_subfolder_is_named_as_never_run(tmp_path):
    root = copy_data(tmp_path / "data")
    (root / "rules" / "extra").mkdir()
    shutil.copy(root / "rules" / "degree.ru", root / "rules" / "extra" / "copy.ru")
    result = run_cli("--data", root, "check", "--no-owl", "--lang", "en")
    assert result.code == 1
    assert "rules/extra/copy.ru: [rule-not-run] Rules are read from rules/*.ru only" in result.out


@pytest.mark.parametrize("fixture, expected", [
    ("missing-label.ttl", ["[shacl:has-english-label]"]),
    ("duplicate-indicator-label.ttl", ["[shacl:indicator-label-unique]"] * 2),
])
def test_a_problem_the_shapes_report_is_not_reported_again_by_a_query(tmp_path, fixture, expected):
    root = broken_copy(tmp_path, fixture)
    result = run_cli("--data", root, "check", "--no-owl")
    tags = [re.search(r"\[[^]]+\]", line).group() for line in result.out.splitlines()
            if "sk:NyIndikator:" in line or "sk:Tilbudskatalog:" in line]
    about = [tag for tag in tags if "label" in tag]
    assert about == expected, result.out


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("file, old, new, expected", [
    ("examples/modsigelse.ttl", "sk:InstitutionelPrioritering", "sk:InstitutionelPrioritring",
     "examples/modsigelse.ttl: [example] "),
    ("rules/degree.ru", "prov:wasGeneratedBy skr:degree ; ", "", "rules/degree.ru:1: [rule-unstamped] "),
    ("rules/dominant-model.ru", "USING <https://w3id.org/samarbejde-kg/graph/ontology>\n", "",
     "rules/dominant-model.ru:1: [rule-using] The rule does not read the graph <https://w3id.org/samarbejde-kg/graph/ontology>"),
    ("ontology/samarbejde.ttl", "owl:Ontology ;", 'owl:Ontology ; owl:versionInfo "9.9" ;', "ontology/samarbejde.ttl:"),
    ("queries/checks/position-clash-violation.rq", "# summary@da:", "# resumé:",
     "queries/checks/position-clash-violation.rq:1: [query-header] The check query's header lacks '# summary@da:'"),
    ("rules/assessed-parameter.ru", "skos:notation ?pn", "skos:notaton ?pn", r"rules/assessed-parameter.ru:\d+: \[undeclared-term\] skos:notaton "),
])
def test_an_edit_that_would_break_a_later_command_is_caught_by_check(tmp_path, file, old, new, expected):
    root = copy_data(tmp_path / "data")
    _edit(root / file, old, new)
    result = run_cli("--data", root, "check", "--no-owl")
    assert result.code == 1, result.out + result.err
    assert any(line.startswith(expected) or re.match(expected, line) for line in result.out.splitlines()), result.out

"""`samarbejde validate`: SHACL shapes for collaboration descriptions, the report, exit codes.

Each file in tests/data/validation/invalid/ states on its first line the finding it must
produce: ``# expect: SEVERITY sks:Shape [fragment of the value or field]``.
"""
import json
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from conftest import DATA, ROOT, run_cli
from samarbejde_kg import validation
from samarbejde_kg.store import KnowledgeGraph

FIXTURES = DATA / "validation"
VALID = sorted((FIXTURES / "valid").glob("*.ttl"))
INVALID = sorted((FIXTURES / "invalid").glob("*.ttl"))
SKS = validation.SKS
EXPECT = re.compile(r"^# expect: (Violation|Warning|Info) sks:(\w+)(?: (.+))?$")


def validate_files(*paths):
    kg = KnowledgeGraph()
    origins = validation.load_with_origins(kg, paths)
    return validation.validate(kg, origins=origins, processes=1)


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_fixture_has_no_findings(path):
    report = validate_files(path)
    assert report.conforms
    assert report.results == []


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_produces_its_finding(path):
    match = EXPECT.match(path.read_text(encoding="utf-8").splitlines()[0])
    assert match, f"{path.name}: first line must be '# expect: SEVERITY sks:Shape [value]'"
    severity, shape, fragment = match.groups()
    report = validate_files(path)
    found = [r for r in report.results if r.shape == SKS + shape and r.severity == severity]
    assert found, [(r.severity, r.shape) for r in report.results]
    if fragment:
        shown = [validation.short(t) for r in found for t in (r.value, r.path) if t is not None]
        assert any(fragment in text for text in shown), shown
    assert report.conforms == (severity != "Violation")
    for r in found:
        assert r.messages.get("da") and r.messages.get("en")
        assert r.fix.get("da") and r.fix.get("en")
        assert r.collaboration_name["da"] and "_:" not in r.collaboration_name["da"]


def test_every_shape_has_danish_and_english_messages_and_fixes():
    shapes = validation.load_shapes()
    SH = rdflib.Namespace(validation.SH)
    constrained = {s for s, p, _ in shapes if p in (SH.path, SH.sparql) and isinstance(s, rdflib.URIRef)}
    assert constrained
    for shape in constrained:
        for prop in (SH.message, rdflib.URIRef(SKS + "fix")):
            langs = {o.language for o in shapes.objects(shape, prop)}
            assert {"da", "en"} <= langs, (shape, prop)
        assert shapes.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info), shape


def test_shapes_name_no_indicator_parameter_or_model():
    """A new indicator needs no new shape: the shapes read indicators from the ontology."""
    kg = KnowledgeGraph()
    terms = {r["t"] for r in kg.select("SELECT ?t WHERE { { ?t a sk:Indicator } UNION { ?t a sk:Parameter } UNION { ?t a sk:Model } }")}
    graph = validation.load_shapes()
    sparql = " ".join(str(o) for o in graph.objects(None, rdflib.URIRef(validation.SH + "select")))
    used = {str(n) for triple in graph for n in triple if isinstance(n, rdflib.URIRef)}
    assert not (terms & used)
    assert not any(t.rsplit("#", 1)[1] in sparql for t in terms)


def test_a_new_indicator_is_validated_without_a_new_shape(tmp_path):
    data = tmp_path / "data"
    for folder in ("ontology", "shapes"):
        shutil.copytree(ROOT / folder, data / folder)
    (data / "ontology" / "extra.ttl").write_text(
        "@prefix sk: <https://w3id.org/samarbejde-kg/def#> .\n"
        "sk:Laeseklub a sk:Indicator ; sk:parameter sk:TidStedOgFortaelling ; sk:model sk:Samskabelsesmodellen .\n",
        encoding="utf-8")
    description = (FIXTURES / "valid" / "minimal.ttl").read_text(encoding="utf-8").replace(
        "sk:PersonligPrioritering", "sk:Laeseklub")
    (tmp_path / "d.ttl").write_text(description, encoding="utf-8")
    assert run_cli("--data", data, "validate", tmp_path / "d.ttl").code == 0
    assert run_cli("validate", tmp_path / "d.ttl").code == 1


# ---------------------------------------------------------------------------- the CLI
def test_conforming_file_exits_0_with_a_danish_report():
    result = run_cli("validate", FIXTURES / "valid" / "minimal.ttl")
    assert result.code == 0, result.err
    assert "Testskolen og Hovedbiblioteket, Københavns Kommune · København (0101) · 2025-03-01" in result.out
    assert "Resultat: gyldig" in result.out


def test_violation_exits_1_and_names_field_value_and_fix():
    result = run_cli("validate", FIXTURES / "invalid" / "unknown-indicator.ttl")
    assert result.code == 1
    assert "Overtrædelse" in result.out
    assert "Indikatoren findes ikke i ontologien." in result.out
    assert "felt: indikator (sk:indicator)" in result.out
    assert "værdi: sk:Tilbudskatlog" in result.out
    assert "ret: " in result.out
    assert "_:" not in result.out


def test_lang_en_writes_the_report_in_english():
    result = run_cli("validate", "--lang", "en", FIXTURES / "invalid" / "future-date.ttl")
    assert result.code == 1
    assert "The assessment date is in the future." in result.out
    assert "field: assessment date (sk:assessmentDate)" in result.out
    assert "Result: does not conform" in result.out


def test_warnings_alone_exit_0():
    result = run_cli("validate", FIXTURES / "invalid" / "school-in-other-municipality.ttl")
    assert result.code == 0
    assert "Skolen hører til en anden kommune end samarbejdet." in result.out


def test_format_turtle_is_a_standard_shacl_report():
    result = run_cli("validate", "--format", "turtle", FIXTURES / "invalid" / "two-dates.ttl")
    assert result.code == 1
    g = rdflib.Graph().parse(data=result.out, format="turtle")
    SH = rdflib.Namespace(validation.SH)
    report = next(g.subjects(rdflib.RDF.type, SH.ValidationReport))
    assert g.value(report, SH.conforms) == rdflib.Literal(False)
    shapes = {str(g.value(r, SH.sourceShape)) for r in g.objects(report, SH.result)}
    assert SKS + "DateSingle" in shapes


def test_format_json_is_json_ld_of_the_shacl_report():
    result = run_cli("validate", "--format", "json", FIXTURES / "invalid" / "bad-status.ttl")
    assert result.code == 1
    data = json.loads(result.out)
    assert data["conforms"] is False
    [item] = [r for r in data["results"] if r["sourceShape"] == SKS + "StatusKnown"]
    assert item["resultSeverity"] == "sh:Violation"
    assert set(item["resultMessage"]) == {"da", "en"}
    assert item["collaborationName"]["da"].startswith("Testskolen")
    g = rdflib.Graph().parse(data=result.out, format="json-ld")
    SH = rdflib.Namespace(validation.SH)
    assert (None, SH.sourceShape, rdflib.URIRef(SKS + "StatusKnown")) in g


def test_several_files_and_syntaxes_validate_together(tmp_path):
    kg = KnowledgeGraph(ontology=False)
    kg.load(FIXTURES / "valid" / "minimal.ttl")
    nt = tmp_path / "minimal.nt"
    nt.write_bytes(kg.serialize([ox.NamedNode(validation.ns.DATA_GRAPH)], "nt"))
    xml = tmp_path / "minimal.rdf"
    xml.write_bytes(kg.serialize([ox.NamedNode(validation.ns.DATA_GRAPH)], "xml"))
    for path in (nt, xml):
        result = run_cli("validate", path)
        assert result.code == 0, (path, result.out, result.err)
    result = run_cli("validate", ROOT / "examples" / "personmodellen.ttl", FIXTURES / "invalid" / "no-source.ttl")
    assert result.code == 1
    assert "i 2 fil(er)" in result.out


def test_a_description_split_over_two_files_that_disagree_names_both_files(tmp_path):
    first, second = tmp_path / "first.ttl", tmp_path / "second.ttl"
    text = (FIXTURES / "valid" / "minimal.ttl").read_text(encoding="utf-8")
    date = re.search(r'sk:assessmentDate ("[0-9-]+")', text).group(1)
    first.write_text(text, encoding="utf-8")
    second.write_text(text.replace(f"sk:assessmentDate {date}", 'sk:assessmentDate "2020-01-01"'), encoding="utf-8")
    report = run_cli("validate", "--lang", "en", first, second)
    assert report.code == 1
    assert f"files: {first}, {second}" in report.out
    refused = run_cli("profile", first, second)
    assert refused.code == 2
    assert refused.err.startswith(f"samarbejde: error: {first}, {second}: ")


def test_plain_json_description_with_the_shipped_context_validates(tmp_path):
    doc = {
        "@context": "https://w3id.org/samarbejde-kg/context.jsonld",
        "id": "samarbejde/0751/jsonskolen--dk-775100/2025-03-01", "type": "Samarbejde",
        "kommune": "kommune/0751", "skole": {"id": "skole/0751/jsonskolen", "type": "Skole", "navn": "JSON-skolen", "kommune": "kommune/0751"},
        "bibliotek": "bibliotek/DK-775100", "dato": "2025-03-01", "kilde": "Test",
        "tilbudskatalog": True, "tilbudskatalog_afstemt": False,
        "politisk_maal": {"parameter": "LedelseOgForvaltning", "model": "sk:Samskabelsesmodellen"},
        "evidens": [{"indikator": n, "status": s} for n, s in (
            ("PersonligPrioritering", "observeret"), ("AfhaengigAfIldsjaele", "fravaerende"),
            ("sk:AdskilteOekonomier", "observeret"), ("Tilbudskatalog", "observeret"), ("LedelseEjerSamarbejde", "fraværende"))],
    }
    path = tmp_path / "plain.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = run_cli("validate", path)
    assert result.code == 0, result.out + result.err
    assert "JSON-skolen og Hovedbiblioteket, Aarhus Kommune · Aarhus (0751) · 2025-03-01" in result.out
    assert "Uden fund (1)" in result.out
    doc["evidens"][0]["status"] = "maaske"
    doc["dato"] = "2025-3-1"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = run_cli("validate", "--lang", "en", path)
    assert result.code == 1
    assert "The status is neither observed nor absent." in result.out
    assert "The assessment date is not a valid xsd:date." in result.out


# ---------------------------------------------------------------------------- unreadable input
def test_turtle_syntax_error_exits_2_with_file_line_and_column(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix sk: <https://w3id.org/samarbejde-kg/def#> .\n<a> sk:b <c> ;\n  sk:d .\n", encoding="utf-8")
    result = run_cli("validate", bad)
    assert result.code == 2
    assert re.search(rf"{re.escape(str(bad))}:3:\d+: ", result.err), result.err
    assert "Traceback" not in result.err and len(result.err.strip().splitlines()) == 1
    assert result.out == ""


@pytest.mark.parametrize("suffix, text", [
    (".nt", "<https://x/a> <https://x/b> .\n"),
    (".rdf", "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n<rdf:Description>\n</rdf:RDF>\n"),
    (".jsonld", '{\n  "@id": "a",\n  "b": \n}\n'),
])
def test_syntax_errors_in_other_rdf_syntaxes_exit_2_naming_the_file(tmp_path, suffix, text):
    bad = tmp_path / ("bad" + suffix)
    bad.write_text(text, encoding="utf-8")
    result = run_cli("validate", bad)
    assert result.code == 2
    assert result.err.startswith(f"samarbejde: error: {bad}:"), result.err
    assert "Traceback" not in result.err and len(result.err.strip().splitlines()) == 1


def test_json_ld_with_a_bad_context_exits_2_with_a_clear_message(tmp_path):
    bad = tmp_path / "bad-context.jsonld"
    bad.write_text('{"@context": {"kommune": 5}, "kommune": "kommune/0101"}', encoding="utf-8")
    result = run_cli("validate", bad)
    assert result.code == 2
    assert str(bad) in result.err and "Traceback" not in result.err
    remote = tmp_path / "remote.jsonld"
    remote.write_text('{"@context": "https://example.org/context.jsonld", "a": 1}', encoding="utf-8")
    result = run_cli("validate", remote)
    assert result.code == 2
    assert "no network" in result.err


def test_missing_file_exits_2(tmp_path):
    result = run_cli("validate", tmp_path / "nowhere.ttl")
    assert result.code == 2
    assert "nowhere.ttl: no such file" in result.err


def test_unknown_extension_exits_2(tmp_path):
    odd = tmp_path / "description.docx"
    odd.write_text("x", encoding="utf-8")
    result = run_cli("validate", odd)
    assert result.code == 2
    assert "unknown file type '.docx'" in result.err


def test_no_file_is_a_usage_error():
    result = run_cli("validate")
    assert result.code == 2
    assert "Traceback" not in result.err


def test_nothing_is_loaded_when_one_file_is_unreadable(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    result = run_cli("validate", FIXTURES / "valid" / "minimal.ttl", bad)
    assert result.code == 2
    assert result.out == ""


def test_rdf_xml_errors_name_the_line_or_say_it_is_unknown(tmp_path):
    bad = tmp_path / "bad.rdf"
    bad.write_text("<?xml version='1.0'?>\n<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n"
                   "<rdf:Description rdf:about='http://a'>\n</rdf:RDF>\n", encoding="utf-8")
    result = run_cli("validate", bad)
    assert result.code == 2
    assert result.err.startswith(f"samarbejde: error: {bad}:4:3: ill-formed document"), result.err
    well_formed = tmp_path / "bad-id.rdf"
    well_formed.write_text("<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n"
                           "<rdf:Description rdf:ID='1bad'/>\n</rdf:RDF>\n", encoding="utf-8")
    result = run_cli("validate", well_formed)
    assert result.code == 2
    assert result.err.startswith(f"samarbejde: error: {well_formed}: ") and "(line and column unknown)" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_a_label_where_a_name_is_expected_in_json_ld_is_an_input_error(tmp_path):
    doc = json.loads((ROOT / "examples" / "json-beskrivelse.jsonld").read_text(encoding="utf-8"))
    doc["@graph"][0]["evidens"][0]["indikator"] = "Personlig prioritering"
    path = tmp_path / "label.jsonld"
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    path.write_text(text, encoding="utf-8")
    at = text.index('"Personlig prioritering"')
    line, column = text[:at].count("\n") + 1, at - text.rfind("\n", 0, at)
    result = run_cli("validate", path)
    assert result.code == 2
    assert result.out == ""
    assert result.err == (f"samarbejde: error: {path}:{line}:{column}: " + '"indikator": '
                          "'Personlig prioritering' is neither a name in the ontology nor a valid IRI; "
                          'did you mean "PersonligPrioritering"?\n')
    doc["@graph"][0]["skole"] = "skole/0657/eksempel skolen"
    doc["@graph"][0]["evidens"][0]["indikator"] = "PersonligPrioritering"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = run_cli("validate", path)
    assert result.code == 2
    assert "\"skole\": 'skole/0657/eksempel skolen' is not a valid IRI" in result.err


def test_a_text_where_a_school_or_library_belongs_is_named_as_written():
    result = run_cli("validate", FIXTURES / "invalid" / "school-as-text.ttl")
    assert result.code == 1
    assert "Testskolen og Hovedbiblioteket, Københavns Kommune · København (0101) · 2025-03-01" in result.out
    assert "Skolen er ikke angivet med en IRI" in result.out


# ---------------------------------------------------------------------------- broken data files
def broken_data(tmp_path, path: str, change) -> Path:
    data = tmp_path / "data"
    for folder in ("ontology", "shapes"):
        shutil.copytree(ROOT / folder, data / folder)
    target = data / path
    target.write_text(change(target.read_text(encoding="utf-8")), encoding="utf-8")
    return data


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_a_syntax_error_in_a_shape_file_is_one_line_with_its_position(tmp_path, engine):
    data = broken_data(tmp_path, "shapes/descriptions/evidence.ttl", lambda text: text + "garbage .\n")
    line = (data / "shapes" / "descriptions" / "evidence.ttl").read_text(encoding="utf-8").count("\n")
    result = run_cli("--data", data, "validate", "--engine", engine, FIXTURES / "valid" / "minimal.ttl")
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith(f"samarbejde: error: shapes/descriptions/evidence.ttl:{line}:1: "), result.err
    assert len(result.err.strip().splitlines()) == 1


def test_a_broken_shipped_json_ld_context_is_one_line_with_its_position(tmp_path):
    data = broken_data(tmp_path, "ontology/context.jsonld", lambda text: text.replace('"sk": ', '"sk" ', 1))
    result = run_cli("--data", data, "validate", ROOT / "examples" / "json-beskrivelse.jsonld")
    assert result.code == 2
    assert result.out == ""
    assert re.fullmatch(r"samarbejde: error: ontology/context\.jsonld:\d+:\d+: not valid JSON: Expecting ':' delimiter\n",
                        result.err), result.err

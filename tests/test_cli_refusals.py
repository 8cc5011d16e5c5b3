"""Input the commands refuse in one line with exit 2, leaving every file as it was."""
import shutil

import pytest

EXAMPLE = "examples/modsigelse.ttl"


def assert_refused(result, *words):
    assert result.code == 2, result.out + result.err
    assert "Traceback" not in result.err and len(result.err.strip().splitlines()) == 1, result.err
    for word in words:
        assert word in result.err, result.err


@pytest.mark.parametrize("command", [
    ["profile", "in.ttl", "-o", "in.ttl"],
    ["reason", "in.ttl", "-o", "in.ttl"],
    ["reason", "in.ttl", "-o", "./in.ttl", "--format", "ttl"],
])
def test_an_output_that_is_an_input_is_refused_and_the_input_kept(cli, root, tmp_path, command):
    shutil.copy(root / EXAMPLE, tmp_path / "in.ttl")
    before = (tmp_path / "in.ttl").read_bytes()
    result = cli(*[str(tmp_path / a) if a.endswith("in.ttl") else a for a in command])
    assert_refused(result, "is also an input")
    assert (tmp_path / "in.ttl").read_bytes() == before


def test_importing_a_survey_over_itself_is_refused(cli, root, tmp_path):
    survey = tmp_path / "s.csv"
    shutil.copy(root / "examples/survey-eksempel.csv", survey)
    before = survey.read_bytes()
    assert_refused(cli("import", survey, "-o", survey, "--format", "ttl"), "is also an input")
    assert survey.read_bytes() == before


def test_exporting_the_ontology_over_one_of_its_files_is_refused(cli, root, tmp_path):
    data = tmp_path / "data"
    for folder in ("ontology", "shapes", "rules", "queries"):
        shutil.copytree(root / folder, data / folder)
    target = data / "ontology" / "models.ttl"
    before = target.read_bytes()
    assert_refused(cli("--data", data, "ontology", "export", "-o", target), "is also an input")
    assert target.read_bytes() == before


@pytest.mark.parametrize("content, expected", [
    ("", "the file is empty"),
    ("{}", "https://w3id.org/samarbejde-kg/def#"),
    ("@prefix sk: <https://w3id.org/samarbejde-kg/def/> .\n<x> a sk:Collaboration ; sk:municipality <kommune/0101> .\n",
     "https://w3id.org/samarbejde-kg/def#"),
])
@pytest.mark.parametrize("command", ["profile", "reason", "validate"])
def test_input_without_any_description_is_refused_not_reported_as_fine(cli, tmp_path, content, expected, command):
    path = tmp_path / ("in.jsonld" if content == "{}" else "in.ttl")
    path.write_text(content, encoding="utf-8")
    assert_refused(cli(command, path), str(path), expected)


def test_a_new_store_from_input_without_descriptions_is_not_made(cli, tmp_path):
    (tmp_path / "empty.ttl").write_text("@prefix sk: <https://w3id.org/samarbejde-kg/def#> .\n", encoding="utf-8")
    assert_refused(cli("reason", "--store", tmp_path / "store", tmp_path / "empty.ttl"), "no collaboration descriptions")
    assert not (tmp_path / "store").exists()


def test_reason_refuses_an_output_extension_it_does_not_write(cli, root, tmp_path):
    assert_refused(cli("reason", root / EXAMPLE, "-o", tmp_path / "r.csv"), "unknown output format '.csv'")
    assert not (tmp_path / "r.csv").exists()


def test_profile_writes_json_for_a_json_file_and_refuses_a_contradiction(cli, root, tmp_path):
    import json

    result = cli("profile", root / EXAMPLE, "-o", tmp_path / "p.json")
    assert result.code == 0, result.err
    assert "collaborations" in json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert_refused(cli("profile", root / EXAMPLE, "--format", "text", "-o", tmp_path / "q.json"), "contradicts")


def test_a_parse_error_that_quotes_the_input_stays_one_short_line(cli, root, tmp_path):
    path = tmp_path / "survey.xml"   # a spreadsheet saved under an RDF/XML name
    path.write_text((root / "examples/survey-eksempel.csv").read_text(encoding="utf-8") * 50, encoding="utf-8")
    result = cli("validate", path)
    assert_refused(result, str(path))
    assert len(result.err) < 700


def test_a_rule_with_a_syntax_error_is_placed_at_its_line_and_column(cli, root, tmp_path):
    data = tmp_path / "data"
    for folder in ("ontology", "shapes", "rules", "queries"):
        shutil.copytree(root / folder, data / folder)
    (data / "rules" / "zz-bad.ru").write_text("INSERT { ?x ?y } WHERE {\n", encoding="utf-8")
    assert_refused(cli("--data", data, "profile", root / EXAMPLE), "rules/zz-bad.ru:1:16: SPARQL update syntax error")
    result = cli("--data", data, "check", "--no-owl")
    assert_refused(result, "rules/zz-bad.ru:1:16", "more)")


def test_an_update_given_as_a_query_is_named_as_such(cli, root, tmp_path):
    path = tmp_path / "upd.rq"
    path.write_text("PREFIX ex: <http://example.org/>\nINSERT DATA { ex:a ex:b ex:c }\n", encoding="utf-8")
    assert_refused(cli("query", path, root / EXAMPLE), "is a SPARQL update, not a query")


def test_a_store_path_that_is_a_file_or_a_foreign_folder_is_refused(cli, root, tmp_path):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    assert_refused(cli("query", "degrees", "--store", tmp_path / "afile"), "is a file, not a store folder")
    assert_refused(cli("reason", "--store", tmp_path / "afile", root / EXAMPLE), "is a file, not a store folder")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "notes.txt").write_text("mine", encoding="utf-8")
    assert_refused(cli("reason", "--store", tmp_path / "notes", root / EXAMPLE), "holds other files")
    assert [p.name for p in (tmp_path / "notes").iterdir()] == ["notes.txt"]


def test_a_parameter_with_an_undeclared_prefix_is_refused_and_a_urn_is_an_iri(cli, root):
    assert_refused(cli("query", "municipalities", "--param", "municipality=nope:foo", root / EXAMPLE), "unknown prefix 'nope'")
    result = cli("query", "municipalities", "--param", "municipality=urn:x:y", root / EXAMPLE, "--format", "csv")
    assert result.code == 0, result.err
    assert result.out.strip().count("\n") == 0   # the header only: no municipality urn:x:y, and no error


def test_a_kept_store_is_not_touched_when_its_output_is_refused(cli, root, tmp_path):
    first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
    shutil.copy(root / "examples/tilbudsmodellen.ttl", first)
    shutil.copy(root / "examples/personmodellen.ttl", second)
    store = tmp_path / "store"
    assert cli("reason", "--store", store, first).code == 0
    count = cli("query", "collaborations", "--store", store, "--format", "csv").out
    before = second.read_bytes()
    assert_refused(cli("reason", "--store", store, second, "-o", second), "is also an input")
    assert_refused(cli("reason", "--store", store, second, "-o", tmp_path / "out.txt"), "unknown output format")
    assert second.read_bytes() == before
    assert cli("query", "collaborations", "--store", store, "--format", "csv").out == count


def test_an_empty_file_among_others_is_refused(cli, root, tmp_path):
    (tmp_path / "empty.ttl").write_text("\n", encoding="utf-8")
    assert_refused(cli("profile", root / EXAMPLE, tmp_path / "empty.ttl"), "empty.ttl: the file is empty")


def test_a_kept_store_refuses_a_school_spelt_another_way_later(cli, tmp_path):
    header = "kommunekode;skole;bibliotek;dato;kilde\n"
    (tmp_path / "c.csv").write_text(header + "0461;Skolen på Bakken;DK-746100;2025-03-01;Interview\n", encoding="utf-8")
    (tmp_path / "d.csv").write_text(header + "0461;Skolen paa Bakken;DK-746100;2025-04-01;Interview\n", encoding="utf-8")
    store = tmp_path / "store"
    assert cli("reason", "--store", store, tmp_path / "c.csv").code == 0
    assert_refused(cli("reason", "--store", store, tmp_path / "d.csv"), "'Skolen paa Bakken' here and 'Skolen på Bakken' in the store")
    assert cli("query", "collaborations", "--store", store, "--format", "csv").out.count("\n") == 2   # header and one row

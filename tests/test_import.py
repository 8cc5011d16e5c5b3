"""`samarbejde import`: a filled survey becomes collaboration descriptions in RDF.

The round trip goes template → filled in → import → `samarbejde validate`; re-importing gives the
same bytes; the output format follows the extension of ``-o`` or ``--format``.
"""
import datetime as dt
import json

import pytest

from conftest import DATA, ROOT, run_cli

EXAMPLE = ROOT / "examples" / "survey-eksempel.csv"
SURVEY = DATA / "survey"


def shacl_violations(turtle_path):
    """Violations that `samarbejde validate` reports for the file (as a user would check it)."""
    result = run_cli("validate", turtle_path, "--format", "json")
    assert result.code in (0, 1), result.err
    report = json.loads(result.out)
    items = report["results"]
    return [r for r in items if r.get("resultSeverity") == "sh:Violation"]


def test_round_trip_template_filled_in_excel_imports_and_validates(tmp_path):
    import openpyxl

    template = tmp_path / "survey.xlsx"
    assert run_cli("template", "-o", template).code == 0
    book = openpyxl.load_workbook(template)
    sheet = book["Undersøgelse"]
    header = [c.value for c in sheet[3]]
    row = {"kommunekode": "0751", "skole": "Rundhøjskolen", "bibliotek": "DK-775100",
           "dato": dt.datetime(2025, 2, 14), "kilde": "Interview med PLC-vejleder",
           "skole_forvaltning": "Børn og Unge", "bibliotek_forvaltning": "Kultur og Borgerservice",
           "tilbudskatalog": "ja", "tilbudskatalog_afstemt": "nej", "tilbudskatalog_formidlet": "ja",
           "rammer_og_ressourcer": "nej", "Personlige aftaler": "ja", "Tilbudskatalog": "ja",
           "Adskilte økonomier": "x", "Samtænkte økonomier": "nej", "Forvaltninger er adskilte": 1}
    for number, name in enumerate(header, start=1):
        if name in row:
            sheet.cell(row=4, column=number, value=row[name])
    book.save(template)

    out = tmp_path / "out.ttl"
    result = run_cli("import", template, "-o", out)
    assert result.code == 0, result.err
    text = out.read_text(encoding="utf-8")
    collaboration = "<https://w3id.org/samarbejde-kg/id/samarbejde/0751/rundhoejskolen--dk-775100/2025-02-14>"
    assert f"{collaboration} a sk:Collaboration" in text
    assert "sk:offerCatalogueAligned false" in text
    assert text.count("a sk:Evidence") == 5
    assert text.count("sk:status sk:Absent") == 1
    assert shacl_violations(out) == []


def test_the_bundled_example_survey_imports_to_descriptions_of_three_schools(tmp_path):
    out = tmp_path / "eksempel.ttl"
    result = run_cli("import", EXAMPLE, "-o", out)
    assert result.code == 0, result.err
    assert "4 collaboration descriptions" in result.err
    text = out.read_text(encoding="utf-8")
    for school in ("eksempelskole-a", "eksempelskole-b", "eksempelskole-c"):
        assert f"<https://w3id.org/samarbejde-kg/id/skole/0461/{school}> a sk:School" in text
    assert '<https://w3id.org/samarbejde-kg/id/bibliotek/0461/eksempelfilialen> a sk:PublicLibrary' in text
    assert shacl_violations(out) == []


def test_reimporting_gives_byte_identical_output(tmp_path):
    first, second = tmp_path / "1.ttl", tmp_path / "2.ttl"
    assert run_cli("import", EXAMPLE, "-o", first).code == 0
    assert run_cli("import", EXAMPLE, "-o", second).code == 0
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("args,check", [
    (["-o", "out.nt"], lambda text: text.startswith("<https://w3id.org/samarbejde-kg/id/")),
    (["-o", "out.jsonld"], lambda text: isinstance(json.loads(text), (list, dict))),
    (["-o", "out.rdf"], lambda text: "<rdf:RDF" in text),
    (["-o", "out.txt", "--format", "nt"], lambda text: " <https://w3id.org/samarbejde-kg/def#school> " in text),
])
def test_output_format_follows_the_extension_or_format_option(tmp_path, args, check):
    result = run_cli("import", SURVEY / "good-semicolon-bom.csv", *args, cwd=tmp_path)
    assert result.code == 0, result.err
    assert check((tmp_path / args[1]).read_text(encoding="utf-8"))


def test_without_output_file_turtle_goes_to_standard_output():
    result = run_cli("import", SURVEY / "good-semicolon-bom.csv")
    assert result.code == 0, result.err
    assert "@prefix sk: <https://w3id.org/samarbejde-kg/def#> ." in result.out
    assert "sk:Collaboration" in result.out


def test_base_option_moves_every_minted_iri():
    result = run_cli("--base", "https://data.example.dk/", "import", SURVEY / "good-semicolon-bom.csv")
    assert result.code == 0, result.err
    assert "<https://data.example.dk/samarbejde/0461/oerkildskolen--dk-746100/2025-03-01>" in result.out
    assert "w3id.org/samarbejde-kg/id/" not in result.out


@pytest.mark.parametrize("args,message", [
    (["missing.csv"], "missing.csv: no such file"),
    (["survey.ods"], "not a survey spreadsheet"),
    ([str(SURVEY / "good-semicolon-bom.csv"), "-o", "out.docx"], "unknown output format '.docx'"),
    ([str(SURVEY / "good-semicolon-bom.csv"), "-o", "out.ttl", "--format", "xml"], "contradicts the extension '.ttl'"),
    ([str(SURVEY / "good-semicolon-bom.csv"), "-o", "no-such-folder/out.ttl"], "folder does not exist"),
])
def test_usage_errors_exit_2_with_one_line_and_write_nothing(tmp_path, args, message):
    result = run_cli("import", *args, cwd=tmp_path)
    assert result.code == 2
    assert message in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []

"""The survey template is generated from the ontology: layout, drop-downs, colours, explanations.

A new indicator written in Turtle appears in the template and imports with no code change.
"""
import shutil

import pytest

from conftest import ROOT, run_cli
from samarbejde_kg import resources


def header_of_csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Danish Excel needs the BOM to read UTF-8"
    text = raw.decode("utf-8-sig")
    assert text.endswith("\r\n") and text.count("\r\n") == 1
    return text.rstrip("\r\n").split(";")


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    import openpyxl

    folder = tmp_path_factory.mktemp("template")
    assert run_cli("template", "-o", folder / "survey.xlsx").code == 0
    assert run_cli("template", "-o", folder / "survey.csv").code == 0
    return openpyxl.load_workbook(folder / "survey.xlsx"), header_of_csv(folder / "survey.csv")


def test_csv_template_is_one_semicolon_header_row_with_the_fixed_columns_then_the_indicators(workbook):
    _, header = workbook
    assert header[:11] == ["kommunekode", "skole", "bibliotek", "dato", "kilde", "skole_forvaltning",
                           "bibliotek_forvaltning", "tilbudskatalog", "tilbudskatalog_afstemt",
                           "tilbudskatalog_formidlet", "rammer_og_ressourcer"]
    assert len(header) == 11 + 45
    assert header[11] == "Personlig prioritering"  # parameter 1, person model, position 1
    assert "Samstemte rum, rammer og årshjul" in header
    assert header[-1] == "Samskabelse på alle niveauer"


def test_xlsx_header_row_matches_the_csv_and_sits_under_parameter_and_model_rows(workbook):
    book, header = workbook
    assert book.sheetnames == ["Undersøgelse", "Forklaring"]
    sheet = book["Undersøgelse"]
    assert [c.value for c in sheet[3]] == header
    groups = [c.value for c in sheet[1] if c.value]
    assert groups == ["Samarbejde", "Strukturelle forhold", "Tid, sted og fortælling", "Personer og fagligheder",
                      "Ressourcer og materialesamlinger", "Organisering og kommunikation", "Ledelse og forvaltning"]
    assert [c.value for c in sheet[2] if c.value][:3] == ["Personmodellen", "Tilbudsmodellen", "Samskabelsesmodellen"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert "L1:T1" in merged  # the first parameter spans its 3 x 3 indicator columns
    assert "L2:N2" in merged  # and its first model three of them
    assert sheet.freeze_panes == "C4"


def test_indicator_columns_are_coloured_by_parameter(workbook):
    book, header = workbook
    sheet = book["Undersøgelse"]
    colour = {cell.value: cell.fill.fgColor.rgb for cell in sheet[3]}
    first_parameter = {colour[h] for h in header[11:20]}
    second_parameter = {colour[h] for h in header[20:29]}
    assert len(first_parameter) == 1 and len(second_parameter) == 1
    assert first_parameter != second_parameter
    assert colour["kommunekode"] not in first_parameter | second_parameter


def test_indicator_and_yes_no_columns_have_ja_nej_drop_downs(workbook):
    from openpyxl.utils import get_column_letter

    book, header = workbook
    sheet = book["Undersøgelse"]
    lists = [dv for dv in sheet.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 1 and lists[0].formula1 == '"ja,nej"'
    covered = {str(r).split(":")[0] for r in lists[0].sqref.ranges}
    for number, name in enumerate(header, start=1):
        yes_no = number > 11 or name.startswith("tilbudskatalog") or name == "rammer_og_ressourcer"
        assert (f"{get_column_letter(number)}4" in covered) == yes_no, name
    assert sheet.column_dimensions["A"].number_format == "@"  # keeps the leading zero of 0101


def test_explanation_sheet_has_a_danish_row_for_every_column(workbook):
    book, header = workbook
    sheet = book["Forklaring"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=5, values_only=True) if row[0]}
    assert list(rows) == header
    assert rows["Tilbudskatalog"][1:4] == ("Organisering og kommunikation", "Tilbudsmodellen", "4T3")
    assert "tilbudskatalog" in rows["tilbudskatalog"][4].lower()
    assert rows["dato"][5].startswith("dato på formen ÅÅÅÅ-MM-DD")


def test_template_refuses_other_formats(tmp_path):
    result = run_cli("template", "-o", tmp_path / "survey.ods")
    assert result.code == 2
    assert "unknown template format '.ods'" in result.err
    assert list(tmp_path.iterdir()) == []


def test_an_empty_template_is_reported_as_having_no_rows(tmp_path):
    assert run_cli("template", "-o", tmp_path / "t.csv").code == 0
    result = run_cli("import", tmp_path / "t.csv")
    assert result.code == 2
    assert "no data rows below the header (row 1)" in result.err


NEW_INDICATOR = """
@prefix sk: <https://w3id.org/samarbejde-kg/def#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

sk:Forfatterbesoeg a sk:Indicator ;
    skos:notation "1T4" ;
    skos:prefLabel "Forfatterbesøg"@da , "Author visits"@en ;
    skos:definition "Skole og bibliotek inviterer forfattere sammen."@da , "School and library invite authors together."@en ;
    sk:model sk:Tilbudsmodellen ;
    sk:parameter sk:TidStedOgFortaelling ;
    sk:position 4 ;
    skos:inScheme sk:IndicatorScheme .
"""


def test_a_new_indicator_in_the_ontology_gets_a_column_and_imports_without_code_changes(tmp_path):
    data = tmp_path / "data"
    for name in resources.FOLDERS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, data / name)
    (data / "ontology" / "extra-indicator.ttl").write_text(NEW_INDICATOR, encoding="utf-8")

    assert run_cli("--data", data, "template", "-o", tmp_path / "x.csv").code == 0
    header = header_of_csv(tmp_path / "x.csv")
    assert len(header) == 11 + 46
    assert header.index("Forfatterbesøg") == header.index("Tradition for skolebesøg") + 1

    filled = tmp_path / "filled.csv"
    row = {"kommunekode": "0461", "skole": "Skolen", "bibliotek": "DK-746100", "dato": "2025-03-01",
           "kilde": "Interview", "Forfatterbesøg": "ja"}
    filled.write_bytes((";".join(header) + "\r\n" + ";".join(row.get(h, "") for h in header) + "\r\n").encode("utf-8-sig"))
    result = run_cli("--data", data, "import", filled)
    assert result.code == 0, result.err
    assert "/evidens/1T4>" in result.out
    assert "sk:indicator sk:Forfatterbesoeg" in result.out

    # the bundled ontology does not know the column
    result = run_cli("import", filled)
    assert result.code == 2
    assert "unknown column 'Forfatterbesøg'" in result.err

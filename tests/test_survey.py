"""Reading survey spreadsheets: encodings, delimiters, headers, cell values and every bad-input path.

The fixture table ``tests/data/survey/expectations.tsv`` keeps each input beside its expected
exit code and message; this module runs each line through the real command line.
"""
import csv
import datetime as dt

import pytest

from conftest import DATA, run_cli

SURVEY = DATA / "survey"


def expectations():
    lines = [l for l in (SURVEY / "expectations.tsv").read_text(encoding="utf-8").splitlines() if not l.startswith("#")]
    return [(row["file"], int(row["exit"]), row["message"]) for row in csv.DictReader(lines, delimiter="\t")]


@pytest.mark.parametrize("name,code,message", expectations(), ids=[e[0] for e in expectations()])
def test_import_gives_the_expected_exit_code_and_message(tmp_path, name, code, message):
    out = tmp_path / "out.ttl"
    result = run_cli("import", SURVEY / name, "-o", out)
    assert result.code == code, result.err
    assert message in result.err
    if code == 2:
        assert len(result.err.strip().splitlines()) == 1, result.err
        assert "Traceback" not in result.err
        assert not out.exists()
        assert list(tmp_path.iterdir()) == []  # no temporary file left behind either


def test_semicolon_with_bom_and_comma_without_bom_import_to_identical_turtle(tmp_path):
    a, b = tmp_path / "a.ttl", tmp_path / "b.ttl"
    assert run_cli("import", SURVEY / "good-semicolon-bom.csv", "-o", a).code == 0
    assert run_cli("import", SURVEY / "good-comma-no-bom.csv", "-o", b).code == 0
    assert a.read_bytes() == b.read_bytes()


def test_a_failed_import_leaves_an_existing_output_file_untouched(tmp_path):
    out = tmp_path / "out.ttl"
    out.write_text("# earlier output\n", encoding="utf-8")
    result = run_cli("import", SURVEY / "bad-value.csv", "-o", out)
    assert result.code == 2
    assert out.read_text(encoding="utf-8") == "# earlier output\n"


def write_csv(path, header, *rows, delimiter=";"):
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_headers_tolerate_surrounding_whitespace_and_case_but_not_ambiguity(tmp_path):
    loose = write_csv(tmp_path / "loose.csv",
                      [" Kommunekode ", "skole", "BIBLIOTEK", "dato", "kilde", "personlig   prioritering"],
                      ["0101", "Skolen", "DK-710100", "2025-01-01", "Interview", "ja"])
    result = run_cli("import", loose)
    assert result.code == 0, result.err
    assert "sk:indicator sk:PersonligPrioritering" in result.out

    # 'TILBUDSKATALOG' could be the context column 'tilbudskatalog' or the indicator 'Tilbudskatalog'
    ambiguous = write_csv(tmp_path / "ambiguous.csv", ["kommunekode", "skole", "bibliotek", "dato", "kilde", "TILBUDSKATALOG"],
                          ["0101", "Skolen", "DK-710100", "2025-01-01", "Interview", "ja"])
    result = run_cli("import", ambiguous)
    assert result.code == 2
    assert "unknown column 'TILBUDSKATALOG'" in result.err


def test_context_column_and_indicator_differing_only_in_case_are_both_read(tmp_path):
    path = write_csv(tmp_path / "both.csv", ["kommunekode", "skole", "bibliotek", "dato", "kilde", "tilbudskatalog", "Tilbudskatalog"],
                     ["0101", "Skolen", "DK-710100", "2025-01-01", "Interview", "nej", "ja"])
    result = run_cli("import", path)
    assert result.code == 0, result.err
    assert "sk:offerCatalogue false" in result.out
    assert "sk:indicator sk:Tilbudskatalog" in result.out


def test_a_three_digit_code_from_excel_gets_its_leading_zero_back(tmp_path):
    path = write_csv(tmp_path / "code.csv", ["kommunekode", "skole", "bibliotek", "dato", "kilde"],
                     ["461", "Skolen", "Hovedbiblioteket", "2025-01-01", "Interview"])
    result = run_cli("import", path)
    assert result.code == 0, result.err
    assert "/kommune/0461>" in result.out
    assert "/bibliotek/0461/hovedbiblioteket>" in result.out


def test_empty_rows_are_skipped_and_row_numbers_still_count_them(tmp_path):
    path = write_csv(tmp_path / "gaps.csv", ["kommunekode", "skole", "bibliotek", "dato", "kilde"],
                     ["0101", "Skolen", "DK-710100", "2025-01-01", "Interview"], ["", "", "", "", ""], [],
                     ["0101", "Skolen", "DK-710100", "2025-13-01", "Interview"])
    result = run_cli("import", path)
    assert result.code == 2
    assert "row 5, column 'dato'" in result.err


def test_a_value_in_a_column_without_header_is_an_error(tmp_path):
    path = write_csv(tmp_path / "stray.csv", ["kommunekode", "skole", "bibliotek", "dato", "kilde", ""],
                     ["0101", "Skolen", "DK-710100", "2025-01-01", "Interview", "ja"])
    result = run_cli("import", path)
    assert result.code == 2
    assert "row 2, column F: value 'ja' is in a column without a header" in result.err


def test_xlsx_cells_typed_as_numbers_dates_and_booleans_are_read(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["kommunekode", "skole", "bibliotek", "dato", "kilde", "tilbudskatalog", "Personlige aftaler", "Tilbudskatalog"])
    sheet.append([461, "Skolen", "DK-746100", dt.datetime(2025, 3, 1), "Interview", True, 1, 0])
    book.create_sheet("Noter").append(["this sheet is ignored"])
    path = tmp_path / "typed.xlsx"
    book.save(path)
    result = run_cli("import", path)
    assert result.code == 0, result.err
    assert '"2025-03-01"^^xsd:date' in result.out
    assert "/kommune/0461>" in result.out
    assert "sk:offerCatalogue true" in result.out
    assert result.out.count("sk:status sk:Observed") == 1
    assert result.out.count("sk:status sk:Absent") == 1


def test_xlsx_errors_name_the_spreadsheet_row(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Samarbejde"])  # a row above the header, as in the template
    sheet.append(["kommunekode", "skole", "bibliotek", "dato", "kilde"])
    sheet.append(["0101", "Skolen", "DK-710100", dt.datetime(2025, 3, 1, 14, 30), "Interview"])
    path = tmp_path / "time.xlsx"
    book.save(path)
    result = run_cli("import", path)
    assert result.code == 2
    assert "row 3, column 'dato'" in result.err and "give only the date" in result.err


def test_a_formula_without_a_saved_result_is_named_not_read_as_empty(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["kommunekode", "skole", "bibliotek", "dato", "kilde"])
    sheet.append(["0101", '="Skolen"&" A"', "DK-710100", "2025-03-01", "Interview"])
    path = tmp_path / "formula.xlsx"
    book.save(path)   # openpyxl writes formulas without calculating them
    result = run_cli("import", path)
    assert result.code == 2 and result.err.count("\n") == 1
    assert "row 2, column B: the formula '=\"Skolen\"&\" A\"' has no saved result" in result.err


@pytest.mark.parametrize("content,message", [
    (b"PK\x03\x04not really a zip", "not a readable Excel workbook"),
    (b"\xd0\xcf\x11\xe0old excel", "old Excel format (.xls)"),
    (b"kommunekode;skole\n", "not an Excel workbook"),
])
def test_a_broken_or_mislabelled_workbook_is_named(tmp_path, content, message):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(content)
    result = run_cli("import", path)
    assert result.code == 2
    assert message in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_a_workbook_saved_as_csv_is_named(tmp_path):
    path = tmp_path / "book.csv"
    path.write_bytes(b"PK\x03\x04....")
    result = run_cli("import", path)
    assert result.code == 2
    assert "file is an Excel workbook, not CSV" in result.err


def test_the_store_loads_a_survey_like_any_description_file():
    from samarbejde_kg.store import DATA as DATA_GRAPH, KnowledgeGraph

    kg = KnowledgeGraph()
    kg.load(SURVEY / "good-semicolon-bom.csv")
    rows = kg.select("SELECT ?c WHERE { GRAPH <https://w3id.org/samarbejde-kg/graph/data> { ?c a sk:Collaboration } }")
    assert len(rows) == 2
    assert kg.count(DATA_GRAPH) == 50


def test_excel_sep_hint_line_sets_the_delimiter_and_is_not_counted_as_a_row(tmp_path):
    path = tmp_path / "hint.csv"
    path.write_bytes(b"sep=,\r\nkommunekode,skole,bibliotek,dato,kilde\r\n0461,Skolen,DK-746100,2025-01-0x,k\r\n")
    result = run_cli("import", path)
    assert result.code == 2
    assert "row 2, column 'dato': value '2025-01-0x'" in result.err


@pytest.mark.parametrize("name", ["sep-hint-comma.csv", "sep-hint-comma-quoted.csv", "sep-hint-tab.csv"])
def test_excel_sep_hint_for_comma_or_tab_reads_like_the_semicolon_file(tmp_path, name):
    # "sep=," as Excel writes it, quoted as a program that read it as a cell saves it again, and "sep=<tab>"
    reference, hinted = tmp_path / "reference.ttl", tmp_path / "hinted.ttl"
    assert run_cli("import", SURVEY / "good-semicolon-bom.csv", "-o", reference).code == 0
    result = run_cli("import", SURVEY / name, "-o", hinted)
    assert result.code == 0, result.err
    assert hinted.read_bytes() == reference.read_bytes()


def test_a_cell_too_long_for_a_spreadsheet_is_named_with_row_and_column(tmp_path):
    path = write_csv(tmp_path / "long.csv", ["kommunekode", "skole", "bibliotek", "dato", "kilde"],
                     ["0461", "Skolen", "DK-746100", "2025-01-01", "Interview"],
                     ["0461", "Skolen", "DK-746100", "2025-02-01", "k" * 200_000])
    result = run_cli("import", path, "-o", tmp_path / "out.ttl")
    assert result.code == 2 and "Traceback" not in result.err
    assert result.err.strip().endswith("long.csv: row 3, column 'kilde': the cell is too long "
                                       "(200000 characters; a spreadsheet cell holds at most 32767)")
    assert not (tmp_path / "out.ttl").exists()


def test_a_future_date_cell_in_xlsx_is_refused_at_import(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["kommunekode", "skole", "bibliotek", "dato", "kilde"])
    book.active.append(["0461", "Skolen", "DK-746100", dt.datetime(2999, 1, 1), "Interview"])
    path = tmp_path / "future.xlsx"
    book.save(path)
    result = run_cli("import", path, "-o", tmp_path / "out.ttl")
    assert result.code == 2
    assert "future.xlsx: row 2, column 'dato': value '2999-01-01' is in the future (today is " in result.err
    assert not (tmp_path / "out.ttl").exists()


def test_today_is_not_in_the_future(tmp_path):
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    path = write_csv(tmp_path / "today.csv", ["kommunekode", "skole", "bibliotek", "dato", "kilde"],
                     ["0461", "Skolen", "DK-746100", today, "Interview"])
    result = run_cli("import", path)
    assert result.code == 0, result.err


def two_spellings(tmp_path):
    header = ["kommunekode", "skole", "bibliotek", "dato", "kilde"]
    a = write_csv(tmp_path / "sa.csv", header, ["0461", "Skole A/B", "DK-746100", "2025-03-01", "Interview"])
    b = write_csv(tmp_path / "sb2.csv", header, ["0461", "Skole A-B", "DK-746100", "2025-03-01", "Interview"])
    return a, b


@pytest.mark.parametrize("command", [["reason", "-o", "out.trig"], ["profile"]])
def test_two_files_spelling_one_school_two_ways_are_refused_not_merged(tmp_path, command):
    two_spellings(tmp_path)
    result = run_cli(command[0], "sa.csv", "sb2.csv", *command[1:], cwd=tmp_path)
    assert result.code == 2 and "Traceback" not in result.err
    assert result.err.strip().endswith(
        "sb2.csv: row 2, column 'skole': the school names 'Skole A-B' and 'Skole A/B' (sa.csv, row 2) give the same "
        "identifier (skole/0461/skole-a-b), one school with two names; spell it one way in both files")
    assert not (tmp_path / "out.trig").exists()


def test_validate_refuses_two_files_spelling_one_school_two_ways(tmp_path):
    a, b = two_spellings(tmp_path)
    result = run_cli("validate", a, b)
    assert result.code == 2
    assert "the school names 'Skole A-B' and 'Skole A/B' (" in result.err


def test_the_same_school_spelt_the_same_way_in_two_files_is_one_school(tmp_path):
    header = ["kommunekode", "skole", "bibliotek", "dato", "kilde"]
    a = write_csv(tmp_path / "a.csv", header, ["0461", "Skole A/B", "DK-746100", "2025-03-01", "Interview"])
    b = write_csv(tmp_path / "b.csv", header, ["0461", "Skole A/B", "DK-746100", "2025-04-01", "Interview"])
    result = run_cli("reason", a, b, "-o", tmp_path / "out.nt")
    assert result.code == 0, result.err


def template_workbook(tmp_path):
    """The template from 'samarbejde template' with one filled row, and its sheet names."""
    import openpyxl

    path = tmp_path / "template.xlsx"
    assert run_cli("template", "-o", path).code == 0
    book = openpyxl.load_workbook(path)
    survey_sheet, explanation_sheet = book.sheetnames
    sheet = book[survey_sheet]
    header = [c.value for c in sheet[3]]
    row = {"kommunekode": "0461", "skole": "Skolen", "bibliotek": "DK-746100",
           "dato": dt.datetime(2025, 3, 1), "kilde": "Interview"}
    for number, name in enumerate(header, start=1):
        if name in row:
            sheet.cell(row=4, column=number, value=row[name])
    return book, survey_sheet, explanation_sheet


def test_xlsx_with_the_explanation_sheet_moved_first_reads_the_survey_sheet(tmp_path):
    book, survey_sheet, explanation_sheet = template_workbook(tmp_path)
    book.save(tmp_path / "filled.xlsx")
    book.move_sheet(explanation_sheet, offset=-1)
    book.save(tmp_path / "moved.xlsx")
    assert run_cli("import", tmp_path / "filled.xlsx", "-o", tmp_path / "filled.ttl").code == 0
    result = run_cli("import", tmp_path / "moved.xlsx", "-o", tmp_path / "moved.ttl")
    assert result.code == 0, result.err
    assert (tmp_path / "moved.ttl").read_bytes() == (tmp_path / "filled.ttl").read_bytes()


def test_xlsx_without_the_survey_sheet_names_the_sheet_read_and_the_sheet_expected(tmp_path):
    book, survey_sheet, explanation_sheet = template_workbook(tmp_path)
    del book[survey_sheet]
    book.save(tmp_path / "only-explanation.xlsx")
    result = run_cli("import", tmp_path / "only-explanation.xlsx", "-o", tmp_path / "out.ttl")
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    assert (f"only-explanation.xlsx: the workbook has no sheet {survey_sheet!r}, only {explanation_sheet!r}, "
            "which explains the columns") in result.err

    book.create_sheet("Noter", 0).append(["Noter til interviewene"])
    book.save(tmp_path / "notes-first.xlsx")
    result = run_cli("import", tmp_path / "notes-first.xlsx", "-o", tmp_path / "out.ttl")
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    assert (f"notes-first.xlsx: sheet 'Noter', row 1: no header row found (no known column names such as "
            f"'kommunekode'); the survey is read from the sheet {survey_sheet!r} of 'samarbejde template', "
            "which this workbook does not have") in result.err
    assert not (tmp_path / "out.ttl").exists()

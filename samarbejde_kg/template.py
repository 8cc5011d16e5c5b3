"""Writing the survey spreadsheet from its columns (:func:`survey.columns`).

XLSX: a sheet "Undersøgelse" with a row naming each parameter over its indicator columns, a
row naming each model, then the header row; one fill colour per parameter; ja/nej
drop-downs on the indicator and yes/no context columns; frozen panes; and a sheet
"Forklaring" explaining every column in Danish. CSV: the header row only, separated by
';' and in UTF-8 with BOM, as Danish Excel opens and saves it.
"""
from __future__ import annotations

import csv
import io
from itertools import groupby

from .survey import EXPLANATION_SHEET, SURVEY_SHEET, Column

DATA_ROWS = 2000  # rows below the header that get drop-downs and formats

# (strong, light) fills; parameters take them in order, the fixed columns take grey.
FIXED_FILL = ("404040", "EDEDED")
PARAMETER_FILLS = (
    ("1F4E79", "DDEBF7"),
    ("375623", "E2EFDA"),
    ("833C0B", "FCE4D6"),
    ("3F3151", "E4DFEC"),
    ("7F6000", "FFF2CC"),
    ("0E5E6F", "D9F0F3"),
    ("7B2C5B", "F6DDEB"),
)

HEADER_ROW = 3
INTRO = ("Én række pr. samarbejdsbeskrivelse: en skole og et folkebibliotek i en kommune, vurderet på én dato ud "
         "fra en kilde. Kolonnerne kommunekode, skole, bibliotek, dato og kilde skal udfyldes. Indikatorerne "
         "udfyldes med ja (observeret), nej (fraværende) eller efterlades tomme (ikke vurderet). Overskrifterne i "
         "række 3 må ikke ændres; rækkerne over dem er kun til orientering. Arket indlæses med "
         "'samarbejde import FIL -o FIL.ttl'.")


def fills(column: Column) -> tuple[str, str]:
    if column.kind != "indicator":
        return FIXED_FILL
    return PARAMETER_FILLS[(column.group_index - 1) % len(PARAMETER_FILLS)]


def csv_bytes(columns: list[Column]) -> bytes:
    """The header row, ';'-separated, UTF-8 with BOM and CRLF, as Danish Excel writes CSV."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerow([c.name for c in columns])
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(columns: list[Column]) -> bytes:
    """The workbook: the survey sheet and the explanation sheet."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = SURVEY_SHEET
    thin = Side(style="thin", color="BFBFBF")
    thick = Side(style="medium", color="404040")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    last = HEADER_ROW + DATA_ROWS

    # Row 1: the group (parameter) over its columns; row 2: the model over its indicators.
    numbered = list(enumerate(columns, start=1))
    for _, block in groupby(numbered, key=lambda item: (item[1].group_index, item[1].group)):
        block = list(block)
        first, last_col = block[0][0], block[-1][0]
        strong, light = fills(block[0][1])
        cell = sheet.cell(row=1, column=first, value=block[0][1].group)
        if last_col > first:
            sheet.merge_cells(start_row=1, start_column=first, end_row=1, end_column=last_col)
        cell.fill = PatternFill("solid", fgColor=strong)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.alignment = centre
        for _, model_block in groupby(block, key=lambda item: item[1].model):
            model_block = list(model_block)
            m_first, m_last = model_block[0][0], model_block[-1][0]
            model_cell = sheet.cell(row=2, column=m_first, value=model_block[0][1].model or None)
            if m_last > m_first and model_block[0][1].model:
                sheet.merge_cells(start_row=2, start_column=m_first, end_row=2, end_column=m_last)
            model_cell.fill = PatternFill("solid", fgColor=light)
            model_cell.font = Font(italic=True, color=strong)
            model_cell.alignment = centre
            for number, _ in model_block:
                sheet.cell(row=2, column=number).border = Border(left=thick if number == m_first else None)

    # Row 3: the header the importer reads.
    for number, column in numbered:
        strong, light = fills(column)
        cell = sheet.cell(row=HEADER_ROW, column=number, value=column.name)
        cell.fill = PatternFill("solid", fgColor=light)
        cell.font = Font(bold=True, color=strong)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(left=thin, right=thin, top=thin, bottom=thick)
        note = " · ".join(p for p in (column.group, column.model, column.notation) if p and column.kind == "indicator")
        text = "\n".join(p for p in (note, column.description, f"Værdier: {column.allowed}") if p)
        cell.comment = Comment(text, "samarbejde template", width=320, height=160)
        letter = get_column_letter(number)
        sheet.column_dimensions[letter].width = 16 if column.kind == "indicator" else (
            24 if column.kind in ("text", "source", "administration") else 14)
    sheet.row_dimensions[HEADER_ROW].height = 60
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=3)  # keep headers, kommunekode and skole

    # Formats and drop-downs for the data rows.
    yes_no = DataValidation(type="list", formula1='"ja,nej"', allow_blank=True, showErrorMessage=True,
                            errorStyle="warning", errorTitle="Ugyldig værdi",
                            error="Skriv ja eller nej (x, 1 og 0 accepteres også), eller lad feltet stå tomt.",
                            showInputMessage=True, promptTitle="ja / nej / tom",
                            prompt="ja = observeret, nej = fraværende, tom = ikke vurderet")
    prompts: list[DataValidation] = []
    for number, column in numbered:
        letter = get_column_letter(number)
        span = f"{letter}{HEADER_ROW + 1}:{letter}{last}"
        if column.kind in ("indicator", "boolean"):
            yes_no.add(span)
        else:
            prompt = DataValidation(allow_blank=True, showInputMessage=True, promptTitle=column.name[:32],
                                    prompt=f"{column.allowed}"[:255])
            prompt.add(span)
            prompts.append(prompt)
        if column.kind in ("code", "date"):
            # kommunekode as text keeps the leading zero of 0101; dates shown as ISO dates
            sheet.column_dimensions[letter].number_format = "@" if column.kind == "code" else "yyyy-mm-dd"
    sheet.add_data_validation(yes_no)
    for prompt in prompts:
        sheet.add_data_validation(prompt)

    explain_sheet(book.create_sheet(EXPLANATION_SHEET), columns)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def explain_sheet(sheet, columns: list[Column]) -> None:
    """One row per survey column: what it means and which values it takes, in Danish."""
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet["A1"] = "Forklaring til undersøgelsesarket"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = INTRO
    sheet["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells("A2:F2")
    sheet.row_dimensions[2].height = 75
    headers = ("Kolonne", "Parameter / gruppe", "Model", "Notation", "Forklaring", "Tilladte værdier")
    for number, header in enumerate(headers, start=1):
        cell = sheet.cell(row=4, column=number, value=header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
    for row, column in enumerate(columns, start=5):
        strong, light = fills(column)
        values = (column.name, column.group, column.model, column.notation,
                  column.description or "(ingen definition i ontologien endnu)", column.allowed)
        for number, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=number, value=value or None)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.cell(row=row, column=1).fill = PatternFill("solid", fgColor=light)
        sheet.cell(row=row, column=1).font = Font(bold=True, color=strong)
    for letter, width in zip("ABCDEF", (34, 30, 22, 10, 70, 40)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "B5"

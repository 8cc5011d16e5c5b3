"""The survey spreadsheet (DESIGN §4): its columns, reading CSV/XLSX, and turning rows into RDF.

The columns are five fixed ones (who, when, from which source), six optional context
columns (structural facts), then one column per indicator. The indicator columns are read
from the ontology graph, so a new indicator gets a column with no code change: ordered by
parameter, model and indicator ``sk:position``, headed by the indicator's Danish
``skos:prefLabel``.

Header matching: surrounding whitespace is ignored and runs of inner whitespace count as
one space. Otherwise a header must match exactly; a header that differs only in case is
accepted when it matches exactly one column. Case matters because a context column (say
``tilbudskatalog``: is there a catalogue?) and an indicator can share a name up to case.

Rows become collaboration descriptions as documented in ``docs/descriptions.md``, with
IRIs minted by :mod:`iris`, so importing the same file twice gives the same graph. Any
problem raises :class:`InputError` naming the file, spreadsheet row (header row counted as
in Excel), column and value; nothing is returned half-done.
"""
from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
import unicodedata
import weakref
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from . import iris
from . import namespaces as ns
from .errors import InputError

SK = ns.SK
RDF_TYPE = ox.NamedNode(ns.PREFIXES["rdf"] + "type")
SCHEMA_NAME = ox.NamedNode(ns.PREFIXES["schema"] + "name")
XSD = ns.PREFIXES["xsd"]

# Cell values, after trimming and lower-casing.
OBSERVED = {"ja", "x", "1"}
ABSENT = {"nej", "0"}
ALLOWED = "ja/nej/x/1/0 or empty"
ALLOWED_DA = "ja (eller x/1) = observeret, nej (eller 0) = fraværende, tom = ikke vurderet"
YES_NO_DA = "ja eller nej (tom = ikke oplyst)"

# The template's sheets (``samarbejde template``): the survey is read from the first.
SURVEY_SHEET = "Undersøgelse"
EXPLANATION_SHEET = "Forklaring"

DELIMITERS = (";", ",", "\t")   # in order of preference when the header reads equally well
CELL_LIMIT = 32767              # the most characters an Excel cell holds
EARLIEST_DATE = dt.date(1900, 1, 1)


@dataclass(frozen=True)
class Column:
    """One column of the survey: its header and how its cells become RDF."""

    name: str                 # the header text
    kind: str                 # code | text | date | source | administration | boolean | indicator
    property: str             # the property of sk:Collaboration the column fills
    required: bool = False
    group: str = ""           # Danish label of the group (a parameter for indicator columns)
    group_index: int = 0      # 0 for the fixed columns, 1.. for the parameters in order
    model: str = ""           # Danish label of the indicator's model
    notation: str = ""        # the indicator's skos:notation
    indicator: str = ""       # the indicator's IRI
    description: str = ""     # Danish explanation for the template's second sheet
    allowed: str = ""         # Danish description of the allowed values


COLLABORATION_GROUP = "Samarbejde"
CONTEXT_GROUP = "Strukturelle forhold"

# The fixed columns of DESIGN §4, in order. They are the spreadsheet's interface, not domain
# knowledge: the indicators that follow them come from the ontology.
FIXED_COLUMNS = (
    Column("kommunekode", "code", SK + "municipality", True, COLLABORATION_GROUP,
           description="Kommunens officielle firecifrede kommunekode, fx 0101 for København eller 0461 for Odense.",
           allowed="4 cifre, en kendt kommunekode"),
    Column("skole", "text", SK + "school", True, COLLABORATION_GROUP,
           description="Skolens navn, fx »Eksempelskolen«. Samme navn i samme kommune er samme skole.",
           allowed="tekst"),
    Column("bibliotek", "text", SK + "library", True, COLLABORATION_GROUP,
           description="Folkebibliotekets ISIL-kode (DK-7 + kommunenummer + filialnummer, 00 = hovedbiblioteket, "
                       "fx DK-746100) eller bibliotekets navn.",
           allowed="ISIL-kode eller tekst"),
    Column("dato", "date", SK + "assessmentDate", True, COLLABORATION_GROUP,
           description="Den dato, samarbejdet er vurderet.",
           allowed="dato på formen ÅÅÅÅ-MM-DD, fx 2025-03-01"),
    Column("kilde", "source", ns.PREFIXES["dcterms"] + "source", True, COLLABORATION_GROUP,
           description="Hvor vurderingen kommer fra, fx »Interview med PLC-vejleder, marts 2025«.",
           allowed="tekst"),
    Column("skole_forvaltning", "administration", SK + "schoolAdministration", False, CONTEXT_GROUP,
           description="Navnet på den forvaltning, skolen hører under, fx »Børn- og Ungeforvaltningen«.",
           allowed="tekst (tom = ikke oplyst)"),
    Column("bibliotek_forvaltning", "administration", SK + "libraryAdministration", False, CONTEXT_GROUP,
           description="Navnet på den forvaltning, biblioteket hører under, fx »Kultur- og Fritidsforvaltningen«.",
           allowed="tekst (tom = ikke oplyst)"),
    Column("tilbudskatalog", "boolean", SK + "offerCatalogue", False, CONTEXT_GROUP,
           description="Har folkebiblioteket et årligt tilbudskatalog til skolerne? (Et strukturelt forhold; "
                       "indikatoren med samme navn og stort begyndelsesbogstav er en anden kolonne.)",
           allowed=YES_NO_DA),
    Column("tilbudskatalog_afstemt", "boolean", SK + "offerCatalogueAligned", False, CONTEXT_GROUP,
           description="Er tilbudskataloget afstemt med skolernes behov, rammer og ressourcer?",
           allowed=YES_NO_DA),
    Column("tilbudskatalog_formidlet", "boolean", SK + "offerCatalogueCommunicated", False, CONTEXT_GROUP,
           description="Bliver tilbudskataloget formidlet til lærerne?",
           allowed=YES_NO_DA),
    Column("rammer_og_ressourcer", "boolean", SK + "framesAndResources", False, CONTEXT_GROUP,
           description="Har skolen rammer og ressourcer til at samarbejde?",
           allowed=YES_NO_DA),
)

INDICATORS_QUERY = """
SELECT ?indicator ?label ?notation ?definition ?parameter ?parameterLabel ?model ?modelLabel
WHERE {
  ?indicator a sk:Indicator ;
      skos:prefLabel ?label ;
      sk:parameter ?parameter ;
      sk:model ?model .
  FILTER(LANGMATCHES(LANG(?label), "da"))
  ?parameter skos:prefLabel ?parameterLabel . FILTER(LANGMATCHES(LANG(?parameterLabel), "da"))
  ?model skos:prefLabel ?modelLabel . FILTER(LANGMATCHES(LANG(?modelLabel), "da"))
  OPTIONAL { ?parameter sk:position ?parameterPosition }
  OPTIONAL { ?model sk:position ?modelPosition }
  OPTIONAL { ?indicator sk:position ?position }
  OPTIONAL { ?indicator skos:notation ?notation }
  OPTIONAL { ?indicator skos:definition ?definition . FILTER(LANGMATCHES(LANG(?definition), "da")) }
}
ORDER BY COALESCE(?parameterPosition, 999) STR(?parameter) COALESCE(?modelPosition, 999) STR(?model)
         COALESCE(?position, 999) STR(?label) STR(?indicator)
"""


def normalise(text: str) -> str:
    """A header as compared: NFC, trimmed, inner whitespace runs as one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def columns(kg) -> list[Column]:
    """Every survey column in order: the fixed ones, then the ontology's indicators."""
    result = list(FIXED_COLUMNS)
    seen: set[str] = set()
    groups: dict[str, int] = {}
    names = {c.name: c for c in FIXED_COLUMNS}
    for row in kg.select(INDICATORS_QUERY):
        if row["indicator"] in seen:
            continue  # several labels or definitions in Danish: the first in order wins
        seen.add(row["indicator"])
        label = normalise(row["label"])
        if label in names:
            raise InputError(f"the Danish label {label!r} of {row['indicator']} is also the label of "
                             f"{names[label].indicator or 'a fixed survey column'}; survey headers must be unique",
                             where="ontology")
        group_index = groups.setdefault(row["parameter"], len(groups) + 1)
        definition = row["definition"] or ""
        column = Column(
            label, "indicator", SK + "evidence", False, normalise(row["parameterLabel"]), group_index,
            model=normalise(row["modelLabel"]), notation=row["notation"] or iris.slug(label),
            indicator=row["indicator"], description=definition if definition.strip() != "TODO" else "",
            allowed=ALLOWED_DA,
        )
        names[label] = column
        result.append(column)
    return result


# ---------------------------------------------------------------------- reading


@dataclass
class Table:
    """The cells of a CSV file or of a workbook's survey sheet: (row number, cells), numbered as shown."""

    path: Path
    rows: list[tuple[int, list]]
    sheet: str | None = None   # the worksheet read (XLSX), for messages

    def where(self, number: int) -> str:
        """'row N' for CSV; 'sheet 'X', row N' for a workbook."""
        return f"row {number}" if self.sheet is None else f"sheet {self.sheet!r}, row {number}"

    def hint(self) -> str:
        """Where the header is expected: the template, and its survey sheet when the workbook lacks it."""
        if self.sheet is not None and normalise(self.sheet).casefold() != SURVEY_SHEET.casefold():
            return (f"the survey is read from the sheet {SURVEY_SHEET!r} of 'samarbejde template', which this "
                    "workbook does not have")
        return "start from 'samarbejde template'"


def read_table(path: Path) -> Table:
    """Read a CSV or XLSX file as rows of cells, numbered as a spreadsheet shows them."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), where=str(path)) from None
    if path.suffix.lower() == ".xlsx":
        sheet, rows = read_xlsx(path, raw)
        return Table(path, rows, sheet)
    return Table(path, read_csv(path, raw))


def read_xlsx(path: Path, raw: bytes) -> tuple[str | None, list[tuple[int, list]]]:
    """The survey sheet of a workbook and its rows: see :func:`survey_sheet`."""
    if raw[:4] == b"\xd0\xcf\x11\xe0":
        raise InputError("file is in the old Excel format (.xls); save it as an Excel workbook (.xlsx)", where=str(path))
    if raw[:2] != b"PK":
        raise InputError("file is not an Excel workbook (.xlsx)", where=str(path))
    import zipfile

    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(f"file is not a readable Excel workbook (.xlsx): {exc}", where=str(path)) from None
    try:
        if not book.worksheets:
            return None, []
        index = survey_sheet(path, [sheet.title for sheet in book.worksheets])   # chart sheets have no cells
        sheet = book.worksheets[index]
        rows = [(number, list(cells)) for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1)]
        name = sheet.title
    finally:
        book.close()
    if _has_formulas(raw):
        _refuse_unsaved_formulas(path, raw, index, rows)
    return name, rows


def survey_sheet(path: Path, names: list[str]) -> int:
    """Which sheet holds the survey: the template's survey sheet wherever it is, else the first
    sheet that is not the template's explanation sheet. A workbook with only the explanation
    sheet is refused, as its column list would otherwise be read as a header."""
    def same(a: str, b: str) -> bool:  # Excel compares sheet names without regard to case
        return normalise(a).casefold() == normalise(b).casefold()

    for index, name in enumerate(names):
        if same(name, SURVEY_SHEET):
            return index
    for index, name in enumerate(names):
        if not same(name, EXPLANATION_SHEET):
            return index
    raise InputError(f"the workbook has no sheet {SURVEY_SHEET!r}, only {names[0]!r}, which explains the columns; "
                     f"fill in the sheet {SURVEY_SHEET!r} of 'samarbejde template'", where=str(path))


def _has_formulas(raw: bytes) -> bool:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return any(b"<f" in archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))


def _refuse_unsaved_formulas(path: Path, raw: bytes, index: int, rows: list) -> None:
    """A formula whose result the file does not hold (written by a program that does not
    calculate) would read as an empty cell: say so instead. Only workbooks with formulas pay
    for this second reading."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    try:
        formulas = book.worksheets[index].iter_rows(values_only=True)
        for (number, values), cells in zip(rows, formulas):
            for column, (value, formula) in enumerate(zip(values, cells), start=1):
                if value is None and isinstance(formula, str) and formula.startswith("="):
                    raise InputError(f"row {number}, column {get_column_letter(column)}: the formula {formula!r} has no saved "
                                     "result; open the workbook in a spreadsheet program and save it, or type the value",
                                     where=str(path))
    finally:
        book.close()


def decode(path: Path, raw: bytes) -> str:
    """UTF-8 text with or without BOM; anything else is named so the user can re-save it."""
    if raw[:2] == b"PK":
        raise InputError("file is an Excel workbook, not CSV; give it the extension .xlsx", where=str(path))
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError("file is UTF-16 (Excel's 'Unicode Text'); save it as 'CSV UTF-8'", where=str(path))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            raw.decode("cp1252")
            guess = "looks like Windows-1252, "
        except UnicodeDecodeError:
            guess = ""
        raise InputError(f"file is not UTF-8 ({guess}first bad byte on line {line}); save it as 'CSV UTF-8'",
                         where=str(path)) from None


SEP_HINT = re.compile(r' *"?sep=(.)"?[;,\t]* *', re.IGNORECASE)


def read_csv(path: Path, raw: bytes) -> list[tuple[int, list]]:
    """CSV separated by ';' (Danish Excel), ',' or tab: the delimiter that finds more known
    headers; Excel's hint line ``sep=X`` breaks a tie and is not counted as a row."""
    text = decode(path, raw)
    lines = text.splitlines(keepends=True)
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return []
    hint = None
    found = SEP_HINT.fullmatch(lines[first].rstrip("\r\n"))
    if found:  # Excel's delimiter hint line (Excel hides it); quoted or with empty cells after re-saving
        hint = found.group(1)
        if hint not in DELIMITERS:
            raise InputError(f"line {first + 1}: the hint {lines[first].strip()!r} names the delimiter {hint!r}; "
                             "save the file separated by ';' or ','", where=str(path))
        text = "".join(lines[:first] + lines[first + 1:])
        lines = text.splitlines(keepends=True)
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is None:
            return []
    header_line = lines[first]
    known = {c.name.casefold() for c in FIXED_COLUMNS}

    def score(sep: str) -> tuple[int, bool, int]:
        cells = next(csv.reader([header_line], delimiter=sep), [])
        return sum(normalise(c).casefold() in known for c in cells), sep == hint, len(cells)

    delimiter = max(DELIMITERS, key=score)
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))  # a long cell is named below, with its row and column
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = [(number, cells) for number, cells in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise InputError(f"not valid CSV: {exc}", where=str(path)) from None
    finally:
        csv.field_size_limit(limit)
    if '"' in text:
        opened = unclosed_quote(text, delimiter)
        if opened:
            number, position = opened
            raise InputError(f"row {number}, column {column_label(rows, number, position)}: the quote (\") that starts "
                             "the cell is never closed, so the rest of the file would be this one cell; close or "
                             "remove it", where=str(path))
    for number, cells in rows:
        for position, cell in enumerate(cells):
            if len(cell) > CELL_LIMIT:
                raise InputError(f"row {number}, column {column_label(rows, number, position)}: the cell is too long "
                                 f"({len(cell)} characters; a spreadsheet cell holds at most {CELL_LIMIT})",
                                 where=str(path))
    return rows


QUOTED_CONTENT = re.compile(r'[^"]*(?:""[^"]*)*')


def unclosed_quote(text: str, delimiter: str) -> tuple[int, int] | None:
    """Row number and 0-based cell position of a quoted cell that is still open at the end of
    the text, read as :mod:`csv` reads it (a quote opens a cell only as its first character,
    ``""`` inside is a quote); None if every quoted cell is closed."""
    special = re.compile('"|' + re.escape(delimiter) + r"|\r\n?|\n")
    number, position, cell_start, at = 1, 0, 0, 0
    while True:
        token = special.search(text, at)
        if token is None:
            return None
        kind, at = token.group(), token.end()
        if kind == '"':
            if token.start() == cell_start:
                at = QUOTED_CONTENT.match(text, at).end()
                if at == len(text):
                    return number, position
                at += 1  # the closing quote
        elif kind == delimiter:
            position, cell_start = position + 1, at
        else:
            number, position, cell_start = number + 1, 0, at


def column_label(rows: list[tuple[int, list]], number: int, position: int) -> str:
    """A cell's column for a message: its header when a header row lies above, else its letter."""
    above = [row for row in rows if row[0] < number]
    header = find_header(above)
    if header >= 0:
        cells = above[header][1]
        if position < len(cells) and not blank(cells[position]):
            return repr(normalise(text_of(cells[position])))
    return letter(position)


# ---------------------------------------------------------------------- cells


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text_of(value) -> str:
    """A cell as text, with numbers that Excel stored as floats written without '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def yes_no(value) -> bool | None:
    """ja/x/1 → True, nej/0 → False, empty → None; anything else raises ValueError."""
    if blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    word = text_of(value).casefold()
    if word in OBSERVED:
        return True
    if word in ABSENT:
        return False
    raise ValueError(f"is not {ALLOWED}")


def municipality_code(value) -> str:
    """Four digits; three digits are padded, as Excel drops the leading zero of 0101."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        value = f"{int(value):04d}"
    code = text_of(value)
    if re.fullmatch(r"\d{3}", code):
        code = "0" + code
    if not re.fullmatch(r"\d{4}", code):
        raise ValueError("is not a 4-digit municipality code")
    return code


def iso_date(value) -> str:
    """An ISO date YYYY-MM-DD (a date cell in XLSX counts too) that exists in the calendar,
    is not before 1900 and not after today."""
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            raise ValueError("is a date and time; give only the date (YYYY-MM-DD)")
        date = value.date()
    elif isinstance(value, dt.date):
        date = value
    else:
        text = text_of(value)
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError("is not a date in the form YYYY-MM-DD")
        try:
            date = dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError("is not a real date") from None
    if date < EARLIEST_DATE:
        raise ValueError(f"is before {EARLIEST_DATE.year}; give the date the collaboration was assessed")
    today = today_utc()
    if date > today:
        raise ValueError(f"is in the future (today is {today.isoformat()}); give the date the collaboration was assessed")
    return date.isoformat()


def today_utc() -> dt.date:
    """Today's date as the validation's check on assessment dates sees it (UTC)."""
    return dt.datetime.now(dt.timezone.utc).date()


# ---------------------------------------------------------------------- header


def find_header(rows: list[tuple[int, list]]) -> int:
    """Index of the header row: the first row with a 'kommunekode' cell, else the first non-empty row.

    The XLSX template has a row above the header naming the parameters; a CSV has none.
    """
    for index, (_, cells) in enumerate(rows):
        if any(isinstance(c, str) and normalise(c).casefold() == "kommunekode" for c in cells):
            return index
    return next((i for i, (_, cells) in enumerate(rows) if not all(blank(c) for c in cells)), -1)


def match_header(table: Table, header: tuple[int, list], cols: list[Column]) -> dict[int, Column]:
    """Map cell positions to columns; unknown, duplicate or missing required columns are errors."""
    number, cells = header
    exact = {c.name: c for c in cols}
    folded: dict[str, list[Column]] = {}
    for c in cols:
        folded.setdefault(c.name.casefold(), []).append(c)
    mapping: dict[int, Column] = {}
    seen: dict[str, int] = {}
    unknown: list[str] = []
    for position, cell in enumerate(cells):
        if blank(cell):
            continue
        name = normalise(text_of(cell))
        column = exact.get(name)
        if column is None and len(folded.get(name.casefold(), [])) == 1:
            column = folded[name.casefold()][0]
        if column is None:
            unknown.append(name)
            continue
        if column.name in seen:
            raise InputError(f"row {number}: column {column.name!r} appears twice "
                             f"(columns {letter(seen[column.name])} and {letter(position)})", where=str(table.path))
        seen[column.name] = position
        mapping[position] = column
    if len(unknown) > len(mapping):  # most cells unknown: this is data, not a header
        raise InputError(f"{table.where(number)}: no header row found (no known column names such as 'kommunekode'); "
                         f"{table.hint()}", where=str(table.path))
    if unknown:
        described = ", ".join(describe_unknown(name, exact) for name in unknown[:5])
        if len(unknown) > 5:
            described += f" and {len(unknown) - 5} more"
        noun = "column" if len(unknown) == 1 else "columns"
        raise InputError(f"row {number}: unknown {noun} {described}; the columns are those of 'samarbejde template'",
                         where=str(table.path))
    missing = [c.name for c in cols if c.required and c.name not in seen]
    if missing:
        noun = "column" if len(missing) == 1 else "columns"
        raise InputError(f"row {number}: missing required {noun} " + ", ".join(repr(m) for m in missing),
                         where=str(table.path))
    return mapping


def describe_unknown(name: str, exact: dict[str, Column]) -> str:
    close = difflib.get_close_matches(name, list(exact), n=1, cutoff=0.8)
    return f"{name!r} (did you mean {close[0]!r}?)" if close else repr(name)


def letter(position: int) -> str:
    """Spreadsheet column letters for a 0-based position: 0 → A, 26 → AA."""
    result = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        result = chr(65 + rest) + result
    return result


# ---------------------------------------------------------------------- rows to RDF


@dataclass
class Record:
    """One data row, checked: the cell values by column name, and its row number."""

    number: int
    values: dict[str, object]
    evidence: list[tuple[Column, bool]]


def records(path: Path, kg) -> tuple[list[Column], list[Record]]:
    """The checked rows of a survey; raises InputError on the first problem."""
    cols = columns(kg)
    table = read_table(Path(path))
    start = find_header(table.rows)
    if start < 0:
        empty = "file is empty" if table.sheet is None else f"sheet {table.sheet!r} is empty"
        raise InputError(f"{empty}; expected a header row starting with 'kommunekode'; {table.hint()}",
                         where=str(table.path))
    mapping = match_header(table, table.rows[start], cols)
    known_codes = municipality_codes(kg)
    result: list[Record] = []
    for number, cells in table.rows[start + 1:]:
        if all(blank(c) for c in cells):
            continue
        stray = [p for p, c in enumerate(cells) if p not in mapping and not blank(c)]
        if stray:
            p = stray[0]
            raise InputError(f"row {number}, column {letter(p)}: value {text_of(cells[p])!r} is in a column "
                             f"without a header", where=str(table.path))
        result.append(check_row(table, number, cells, mapping, known_codes))
    if not result:
        raise InputError(f"no data rows below the header ({table.where(table.rows[start][0])})", where=str(table.path))
    return cols, result


def check_row(table: Table, number: int, cells: list, mapping: dict[int, Column], known_codes: set[str]) -> Record:
    values: dict[str, object] = {}
    evidence: list[tuple[Column, bool]] = []
    for position, column in mapping.items():
        value = cells[position] if position < len(cells) else None

        def fail(problem: str):
            shown = f"value {text_of(value)!r}" if not blank(value) else "value"
            return InputError(f"row {number}, column {column.name!r}: {shown} {problem}", where=str(table.path))

        if column.required and blank(value):
            raise fail("is empty; every row needs one")
        try:
            if column.kind == "code":
                code = municipality_code(value)
                if code not in known_codes:
                    raise ValueError("is not a known municipality code")
                values[column.name] = code
            elif column.kind == "date":
                values[column.name] = iso_date(value)
            elif column.kind in ("boolean", "indicator"):
                flag = yes_no(value)
                if flag is not None:
                    if column.kind == "indicator":
                        evidence.append((column, flag))
                    else:
                        values[column.name] = flag
            elif not blank(value):
                values[column.name] = text_of(value)
        except ValueError as exc:
            raise fail(str(exc)) from None
    return Record(number, values, evidence)


def municipality_codes(kg) -> set[str]:
    return {row["code"] for row in kg.select("SELECT ?code WHERE { ?m sk:municipalityCode ?code }")}


def library_iri(code: str, name: str) -> tuple[str, bool]:
    """The library's IRI and whether the cell was an ISIL code (DK-7NNNNN, any case)."""
    isil = name.strip().upper()
    if iris.ISIL.match(isil):
        return iris.library(code, isil), True
    return iris.library(code, name), False


# ---------------------------------------------------------------------- names that mint one IRI


@dataclass(frozen=True)
class Naming:
    """Where a name minted an IRI: file, row, column and the name itself."""

    path: str
    row: int
    column: str
    name: str


# The names each knowledge graph has minted IRIs from, over every survey loaded into it, so
# that two files naming one school differently are refused as two rows of one file are.
_MINTED: "weakref.WeakKeyDictionary[object, dict[str, Naming]]" = weakref.WeakKeyDictionary()


def minted_names(kg) -> dict[str, Naming]:
    """The names that the surveys loaded into ``kg`` minted IRIs from (created on first use)."""
    return _MINTED.setdefault(kg, {})


def share_names(kg, other) -> None:
    """Check the surveys loaded into ``kg`` against those loaded into ``other`` (and the reverse):
    for loading several files into separate stores that end up as one graph."""
    _MINTED[kg] = minted_names(other)


class NameCheck:
    """Refuses two different names that mint the same IRI (``Østskolen`` and ``Oestskolen``):
    they would become one institution with two names."""

    def __init__(self, path: Path, earlier: dict[str, Naming]):
        self.path, self.earlier, self.here = str(path), earlier, {}

    def claim(self, iri: str, what: str, name: str, row: int, column: str) -> None:
        naming = Naming(self.path, row, column, name)
        first = self.here.get(iri) or self.earlier.get(iri)
        if first is None:
            self.here[iri] = naming
            return
        if first.name == name:
            return
        identifier = iri[len(ns.base()):] if iri.startswith(ns.base()) else iri
        same = f"give the same identifier ({identifier}), one {what} with two names; spell it one way"
        if iri not in self.here:   # named in an earlier file
            there = f"row {first.row}" + (f", column {first.column!r}" if first.column != column else "")
            raise InputError(f"row {row}, column {column!r}: the {what} names {name!r} and {first.name!r} "
                             f"({first.path}, {there}) {same} in both files", where=self.path)
        rows = f"rows {first.row} and {row}" if first.row != row else f"row {row}"
        if first.column == column:
            raise InputError(f"{rows}, column {column!r}: the {what} names {first.name!r} and {name!r} {same}",
                             where=self.path)
        raise InputError(f"{rows}: the {what} names {first.name!r} (column {first.column!r}) and {name!r} "
                         f"(column {column!r}) {same}", where=self.path)

    def commit(self) -> None:
        self.earlier.update(self.here)


def survey_quads(path: Path | str, kg, graph: ox.NamedNode) -> list[ox.Quad]:
    """The collaboration descriptions of a filled survey, as quads in ``graph``.

    Names are checked against those of the surveys loaded into ``kg`` before (see
    :func:`share_names` for surveys loaded into separate stores)."""
    cols, rows = records(Path(path), kg)
    names = NameCheck(Path(path), minted_names(kg))
    known_codes = municipality_codes(kg)
    by_name = {c.name: c for c in cols}
    quads: list[ox.Quad] = []
    described: set[str] = set()  # institutions and administrations already given a type and name
    first_row: dict[str, Record] = {}

    def add(s: str, p: str | ox.NamedNode, o) -> None:
        predicate = p if isinstance(p, ox.NamedNode) else ox.NamedNode(p)
        quads.append(ox.Quad(ox.NamedNode(s), predicate, o, graph))

    def describe(iri: str, cls: str, name: str | None, municipality: str | None) -> None:
        if iri in described:
            return
        described.add(iri)
        add(iri, RDF_TYPE, ox.NamedNode(cls))
        if name:
            add(iri, SCHEMA_NAME, ox.Literal(name))
        if municipality:
            add(iri, SK + "municipality", ox.NamedNode(municipality))

    for record in rows:
        v = record.values
        code, school, library, date = v["kommunekode"], v["skole"], v["bibliotek"], v["dato"]
        library_key = library.strip().upper() if iris.ISIL.match(library.strip().upper()) else library
        school_iri = iris.school(code, school)
        names.claim(school_iri, "school", school, record.number, "skole")
        library_node, is_isil = library_iri(code, library)
        if not is_isil:
            names.claim(library_node, "library", library, record.number, "bibliotek")
        for column in cols:
            if column.kind == "administration" and column.name in v:
                names.claim(iris.administration(code, v[column.name]), "administration", v[column.name],
                            record.number, column.name)
        collab = iris.collaboration(code, school, library_key, date)
        if collab in first_row:
            earlier = first_row[collab].number
            raise InputError(f"rows {earlier} and {record.number} describe the same collaboration "
                             f"({code}, {school!r}, {library!r}, {date}); merge them or change the date",
                             where=str(path))
        first_row[collab] = record
        municipality = iris.municipality(code)
        add(collab, RDF_TYPE, ox.NamedNode(SK + "Collaboration"))
        add(collab, SK + "municipality", ox.NamedNode(municipality))

        describe(school_iri, SK + "School", school, municipality)
        add(collab, SK + "school", ox.NamedNode(school_iri))

        if is_isil:
            if library_node not in described and not known(kg, library_node):
                # a branch outside the reference data: its ISIL names its municipality
                isil_code = f"{int(library_key[4:7]):04d}"
                describe(library_node, SK + "PublicLibrary", None,
                         iris.municipality(isil_code) if isil_code in known_codes else None)
                add(library_node, SK + "isil", ox.Literal(library_key))
        else:
            describe(library_node, SK + "PublicLibrary", library, municipality)
        add(collab, SK + "library", ox.NamedNode(library_node))

        add(collab, SK + "assessmentDate", ox.Literal(date, datatype=ox.NamedNode(XSD + "date")))
        add(collab, by_name["kilde"].property, ox.Literal(v["kilde"]))

        for column in cols:
            if column.name not in v:
                continue
            if column.kind == "administration":
                admin = iris.administration(code, v[column.name])
                describe(admin, SK + "Administration", v[column.name], None)
                add(collab, column.property, ox.NamedNode(admin))
            elif column.kind == "boolean":
                add(collab, column.property,
                    ox.Literal("true" if v[column.name] else "false", datatype=ox.NamedNode(XSD + "boolean")))

        for column, observed in record.evidence:
            node = iris.evidence(collab, column.notation)
            add(collab, SK + "evidence", ox.NamedNode(node))
            add(node, RDF_TYPE, ox.NamedNode(SK + "Evidence"))
            add(node, SK + "indicator", ox.NamedNode(column.indicator))
            add(node, SK + "status", ox.NamedNode(SK + ("Observed" if observed else "Absent")))
    names.commit()
    return quads


def known(kg, iri: str) -> bool:
    """Whether the ontology graph (the reference data) already describes ``iri``."""
    return bool(kg.query(f"ASK {{ <{iri}> ?p ?o }}"))

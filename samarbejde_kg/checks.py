"""The project's QA, as a knowledge engineer runs it after an edit (``samarbejde check``).

Four stages, each generic over the data files:

1. parse every file under ontology/, shapes/, rules/, queries/ and examples/;
2. validate the merged ontology with the shapes in ``shapes/ontology/``;
3. run ``queries/checks/*-violation.rq``; every row is a problem (first column: the entity);
4. check OWL consistency and unsatisfiable classes with HermiT (see ``owl.py``).

A problem names where it is (file and line when the entity's definition can be found,
else the IRI), the check, and a message in Danish or English.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from . import namespaces as ns
from . import resources
from .errors import InputError
from .store import ONTOLOGY, RDF_EXTENSIONS, KnowledgeGraph

MESSAGES = {
    "inconsistent": {"da": "Ontologien er inkonsistent (HermiT): ingen model kan opfylde alle aksiomer",
                     "en": "The ontology is inconsistent (HermiT): no model satisfies all axioms"},
    "unsatisfiable": {"da": "Klassen er ikke-opfyldelig (HermiT): den kan aldrig have instanser",
                      "en": "The class is unsatisfiable (HermiT): it can never have instances"},
    "owl-skipped": {"da": "{reason}; brug --no-owl for at springe OWL-tjekket over",
                    "en": "{reason}; use --no-owl to skip the OWL check"},
    "query-failed": {"da": "Forespørgslen kunne ikke køres: {error}", "en": "The query could not be run: {error}"},
}


@dataclass
class Problem:
    where: str
    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: [{self.check}] {self.message}"


def message(key: str, lang: str, **values) -> str:
    return MESSAGES[key][lang].format(**values)


# ---------------------------------------------------------------------- stage 1: parse

def relative(path: Path) -> str:
    """A path relative to the data root, as a knowledge engineer reads it."""
    try:
        return str(path.relative_to(resources.data_root()))
    except ValueError:
        return str(path)


def _parse_update(path: Path, text: str) -> None:
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(_with_prefixes(text))
    except ParseException as exc:
        line = exc.lineno - len(ns.PREFIXES)
        raise InputError(f"SPARQL update syntax error: {exc.msg}", where=f"{relative(path)}:{line}:{exc.col}") from None


def _with_prefixes(text: str) -> str:
    """The package prefixes, one per line, before ``text`` (as the store supplies them)."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in ns.PREFIXES.items()) + text


def _parse_query(path: Path, text: str) -> None:
    try:
        ox.Store().query(text, prefixes=ns.PREFIXES)
    except SyntaxError as exc:
        detail = str(getattr(exc, "msg", None) or exc)
        m = re.match(r"error at (\d+):(\d+): (.*)", detail, re.S)
        where = f"{relative(path)}:{m.group(1)}:{m.group(2)}" if m else relative(path)
        raise InputError(f"SPARQL syntax error: {m.group(3) if m else detail}", where=where) from None


def parse_file(path: Path) -> None:
    """Parse one data file by its extension; raise InputError naming file:line:col."""
    suffix = path.suffix.lower()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read: {exc}", where=relative(path)) from None
    if suffix == ".rq":
        _parse_query(path, text)
    elif suffix == ".ru":
        _parse_update(path, text)
    elif suffix in RDF_EXTENSIONS:
        try:
            KnowledgeGraph(ontology=False).load_rdf(path)
        except InputError as exc:
            raise InputError(str(exc).replace(str(path), relative(path), 1)) from None


def data_files() -> list[Path]:
    """Every file the checks parse: RDF, SPARQL queries (.rq) and updates (.ru)."""
    wanted = set(RDF_EXTENSIONS) | {".rq", ".ru"}
    return [p for name in resources.FOLDERS for p in resources.files(name) if p.suffix.lower() in wanted]


def parse_all() -> tuple[int, list[InputError]]:
    """(number of files parsed, errors)."""
    files = data_files()
    errors = []
    for path in files:
        try:
            parse_file(path)
        except InputError as exc:
            errors.append(exc)
    return len(files), errors


# ---------------------------------------------------------------------- where things are defined

class Locator:
    """Finds the file and line where an IRI is described, to point a knowledge engineer at it."""

    def __init__(self):
        self.texts = {p: p.read_text(encoding="utf-8").splitlines()
                      for p in resources.files("ontology") if p.suffix.lower() in (".ttl", ".turtle")}

    def patterns(self, iri: str) -> list[re.Pattern]:
        forms = [f"<{re.escape(iri)}>"]
        if iri.startswith(ns.base()):
            forms.append(f"<{re.escape(iri[len(ns.base()):])}>")
        for prefix, namespace in ns.PREFIXES.items():
            if iri.startswith(namespace) and len(iri) > len(namespace):
                forms.append(re.escape(f"{prefix}:{iri[len(namespace):]}") + r"(?=[\s;,.])")
        return [re.compile(rf"^\s*{form}") for form in forms]

    def __call__(self, iri: str) -> str:
        shown = compact(iri)
        pats = self.patterns(iri)
        for path, lines in self.texts.items():
            for number, line in enumerate(lines, 1):
                if any(p.match(line) for p in pats):
                    return f"{relative(path)}:{number}: {shown}"
        return shown


def compact(iri: str) -> str:
    for prefix, namespace in ns.PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    if iri.startswith(ns.base()):
        return f"<{iri[len(ns.base()):]}>"
    return iri


def show(value) -> str:
    if isinstance(value, ox.NamedNode):
        return compact(value.value)
    if isinstance(value, ox.Literal):
        if value.language:
            return f'"{value.value}"@{value.language}'
        return f'"{value.value}"' if value.datatype.value.endswith("#string") else value.value
    return str(value)


# ---------------------------------------------------------------------- stage 2: SHACL

def shacl_problems(kg: KnowledgeGraph, lang: str, locate: Locator) -> tuple[int, list[Problem]]:
    """Validate the ontology graph with ``shapes/ontology/``; (number of shape files, problems)."""
    import pyshacl
    import rdflib
    from rdflib.namespace import SH

    shape_files = [p for p in resources.files("shapes", "*") if p.suffix.lower() in RDF_EXTENSIONS
                   and p.relative_to(resources.folder("shapes")).parts[0] == "ontology"]
    if not shape_files:
        return 0, []
    shapes = rdflib.Graph()
    for path in shape_files:
        shapes.parse(path, format=rdflib.util.guess_format(str(path)) or "turtle")
    data = kg.rdflib_graph([ONTOLOGY])
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=True, allow_warnings=True)
    problems = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        source = report.value(result, SH.sourceConstraint) or report.value(result, SH.sourceShape)
        messages = list(report.objects(result, SH.resultMessage))
        chosen = next((m for m in messages if getattr(m, "language", None) == lang), None) or (messages[0] if messages else "")
        name = compact(str(source)).split(":", 1)[-1].split("#")[-1] if isinstance(source, rdflib.URIRef) else "shape"
        where = locate(str(focus)) if isinstance(focus, rdflib.URIRef) else str(focus)
        problems.append(Problem(where, f"shacl:{name}", str(chosen)))
    return len(shape_files), sorted(problems, key=str)


# ---------------------------------------------------------------------- stage 3: QC queries

@dataclass
class ViolationQuery:
    path: Path
    text: str

    @property
    def name(self) -> str:
        return self.path.name.removesuffix(".rq").removesuffix("-violation")

    def summary(self, lang: str) -> str:
        key = "summary@da" if lang == "da" else "summary"
        for line in self.text.splitlines():
            m = re.match(r"#\s*([\w@-]+)\s*:\s*(.*)", line)
            if m and m.group(1) == key:
                return m.group(2).strip()
        return self.name


def violation_queries() -> list[ViolationQuery]:
    return [ViolationQuery(p, p.read_text(encoding="utf-8")) for p in resources.files("queries", "*-violation.rq")
            if p.parent.name == "checks"]


def query_problems(kg: KnowledgeGraph, lang: str, locate: Locator, queries=None) -> list[Problem]:
    problems = []
    for query in violation_queries() if queries is None else queries:
        try:
            solutions = kg.query(query.text)
            names = [v.value for v in solutions.variables]
            rows = [[row[n] for n in names] for row in solutions]
        except (SyntaxError, OSError, ValueError) as exc:
            problems.append(Problem(relative(query.path), query.name, message("query-failed", lang, error=exc)))
            continue
        for row in rows:
            entity = row[0]
            where = locate(entity.value) if isinstance(entity, ox.NamedNode) else show(entity)
            details = ", ".join(f"{n}={show(v)}" for n, v in zip(names[1:], row[1:]) if v is not None)
            text = query.summary(lang) + (f" ({details})" if details else "")
            problems.append(Problem(where, query.name, text))
    return problems


# ---------------------------------------------------------------------- stage 4: OWL

def owl_problems(kg: KnowledgeGraph, lang: str, locate: Locator) -> list[Problem]:
    """Consistency and unsatisfiable classes; raises owl.OwlUnavailable when HermiT cannot run."""
    from . import owl

    consistent, unsatisfiable = owl.hermit_check(kg.rdflib_graph([ONTOLOGY]))
    if not consistent:
        return [Problem(compact(ns.ONTOLOGY_IRI), "owl-consistency", message("inconsistent", lang))]
    return [Problem(locate(iri), "owl-unsatisfiable", message("unsatisfiable", lang)) for iri in unsatisfiable]

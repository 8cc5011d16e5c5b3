"""The project's QA, as a knowledge engineer runs it after an edit (``samarbejde check``).

Four stages, each generic over the data files:

1. parse every file under ontology/, shapes/, rules/, queries/ and examples/ (survey
   spreadsheets are imported as ``samarbejde import`` would, once stages 2 and 3 pass);
2. validate the merged ontology with the shapes in ``shapes/ontology/``;
3. run ``queries/checks/*-violation.rq``; every row is a problem (first column: the entity);
   the rules must stratify, and rules and queries may name only ``sk:`` terms the ontology
   declares;
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
from .locator import Locator, compact
from .rules import parse_update, short_expected
from .store import DATA, ONTOLOGY, RDF_EXTENSIONS, SURVEY_EXTENSIONS, KnowledgeGraph

MESSAGES = {
    "inconsistent": {"da": "Ontologien er inkonsistent (HermiT): ingen model kan opfylde alle aksiomer",
                     "en": "The ontology is inconsistent (HermiT): no model satisfies all axioms"},
    "unsatisfiable": {"da": "Klassen er ikke-opfyldelig (HermiT): den kan aldrig have instanser",
                      "en": "The class is unsatisfiable (HermiT): it can never have instances"},
    "owl-skipped": {"da": "{reason}; brug --no-owl for at springe OWL-tjekket over",
                    "en": "{reason}; use --no-owl to skip the OWL check"},
    "query-failed": {"da": "Forespørgslen kunne ikke køres: {error}", "en": "The query could not be run: {error}"},
    "rule-header": {"da": "Reglens hoved mangler '# {field}:' (rules/README.md)",
                    "en": "The rule's header lacks '# {field}:' (rules/README.md)"},
    "rule-stamp": {"da": "Reglen stempler sine resultater med prov:wasGeneratedBy <{found}>, ikke sin egen IRI <{own}> (kopieret fra en anden regel?)",
                   "en": "The rule stamps its results with prov:wasGeneratedBy <{found}>, not its own IRI <{own}> (copied from another rule?)"},
    "rule-not-run": {"da": "Regler læses kun fra rules/*.ru; denne fil i en undermappe køres aldrig",
                     "en": "Rules are read from rules/*.ru only; this file in a subfolder is never run"},
    "rule-unstamped": {"da": "Reglens resultater har intet prov:wasGeneratedBy <{own}>; explain kan ikke sige, hvor de kommer fra",
                       "en": "The rule's results carry no prov:wasGeneratedBy <{own}>; explain cannot say where they come from"},
    "rule-using": {"da": "Reglen læser ikke grafen <{graph}> (USING mangler); den ser intet af den (rules/README.md)",
                   "en": "The rule does not read the graph <{graph}> (no USING); it sees nothing of it (rules/README.md)"},
    "query-header": {"da": "Tjek-forespørgslens hoved mangler '# {field}:', som er dens besked (queries/README.md)",
                     "en": "The check query's header lacks '# {field}:', which is its message (queries/README.md)"},
    "version-by-hand": {"da": "Versionen skrives ikke i hånden: owl:versionInfo og owl:versionIRI stemples fra pyproject.toml (denne linje erstattes)",
                        "en": "The version is not written by hand: owl:versionInfo and owl:versionIRI are stamped from pyproject.toml (this line is replaced)"},
    "undeclared-term": {"da": "{term} er ikke erklæret i ontologien (stavefejl?); reglen eller forespørgslen finder intet med det",
                        "en": "{term} is not declared in the ontology (a typo?); the rule or query matches nothing with it"},
    "undeclared-reused": {"da": "{term} er ikke erklæret i ontology/declarations.ttl: en stavefejl, eller erklær det dér",
                          "en": "{term} is not declared in ontology/declarations.ttl: a typo, or declare it there"},
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
    return resources.relative(path)


def _parse_query(path: Path, text: str) -> None:
    try:
        ox.Store().query(text, prefixes=ns.PREFIXES)
    except SyntaxError as exc:
        detail = str(getattr(exc, "msg", None) or exc)
        m = re.match(r"error at (\d+):(\d+): (.*)", detail, re.S)
        where = f"{relative(path)}:{m.group(1)}:{m.group(2)}" if m else relative(path)
        raise InputError(f"SPARQL syntax error: {short_expected(m.group(3) if m else detail)}", where=where) from None


def parse_file(path: Path, survey_graph: KnowledgeGraph | None = None) -> None:
    """Parse one data file by its extension; raise InputError naming file:line:col.

    A survey spreadsheet is imported into ``survey_graph`` (which holds the ontology: its
    columns and municipality codes come from there), and its error is the importer's own."""
    suffix = path.suffix.lower()
    if suffix in SURVEY_EXTENSIONS:
        from .survey import survey_quads

        try:
            survey_quads(path, survey_graph or KnowledgeGraph(), DATA)
        except InputError as exc:
            raise InputError(str(exc).replace(str(path), relative(path), 1)) from None
        return
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read: {exc}", where=relative(path)) from None
    if suffix == ".rq":
        _parse_query(path, text)
    elif suffix == ".ru":
        parse_update(path, text)
    elif suffix in RDF_EXTENSIONS:
        try:
            KnowledgeGraph(ontology=False).load_rdf(path)
        except InputError as exc:
            raise InputError(str(exc).replace(str(path), relative(path), 1)) from None


def data_files(surveys: bool = False) -> list[Path]:
    """The files the checks parse: RDF, SPARQL queries (.rq) and updates (.ru); or the
    survey spreadsheets (.csv, .xlsx)."""
    wanted = SURVEY_EXTENSIONS if surveys else set(RDF_EXTENSIONS) | {".rq", ".ru"}
    return [p for name in resources.FOLDERS for p in resources.files(name) if p.suffix.lower() in wanted]


def _parse_each(files: list[Path], graph: KnowledgeGraph | None = None) -> tuple[int, list[InputError]]:
    """(number of files, errors), each distinct error once (a broken JSON-LD context is
    reported for itself and for every file that uses it)."""
    errors: dict[str, InputError] = {}
    for path in files:
        try:
            parse_file(path, graph)
        except InputError as exc:
            errors.setdefault(str(exc), exc)
    return len(files), list(errors.values())


def parse_all() -> tuple[int, list[InputError]]:
    """Parse every RDF and SPARQL file: (number of files parsed, errors)."""
    return _parse_each(data_files())


def import_surveys(kg: KnowledgeGraph) -> tuple[int, list[InputError]]:
    """Import every survey spreadsheet against the ontology in ``kg``: (number, errors).

    Run once the ontology passes its checks: a survey's columns come from the ontology, so
    an ontology problem (a missing label) would otherwise show as a survey error."""
    return _parse_each(data_files(surveys=True), kg)


_VERSION = re.compile(r"owl:version(Info|IRI)\b|<http://www\.w3\.org/2002/07/owl#version(Info|IRI)>")


def version_problems(lang: str) -> list[Problem]:
    """A version stated in an ontology file: the package stamps the one version itself."""
    owl = ns.PREFIXES["owl"]
    problems = []
    for path in resources.files("ontology", "*.ttl"):
        text = path.read_text(encoding="utf-8")
        found = next(in_code(_VERSION, text), None)   # the line that states it, not a comment or a string
        if found is None:
            continue   # only a file that names the properties is parsed again, to see that it states them
        kg = KnowledgeGraph(ontology=False)
        kg.load_rdf(path, ONTOLOGY)
        if not any(True for p in ("versionInfo", "versionIRI")
                   for _ in kg.store.quads_for_pattern(None, ox.NamedNode(owl + p), None, ONTOLOGY)):
            continue
        line = text.count("\n", 0, found.start()) + 1
        problems.append(Problem(f"{relative(path)}:{line}", "version-by-hand", message("version-by-hand", lang)))
    return problems


def example_problems(lang: str) -> list[Problem]:
    """The bundled examples checked as ``samarbejde validate`` checks descriptions: every
    violation is a problem (an indicator renamed in the ontology but not in an example would
    otherwise pass here and fail the README's main command)."""
    from . import validation
    from .reasoner import example_files

    files = example_files()
    if not files:
        return []
    kg = KnowledgeGraph()
    origins = validation.load_with_origins(kg, files)
    report = validation.validate(kg, origins=origins)
    problems = []
    for r in report.results:
        if r.severity != "Violation":
            continue
        name = r.collaboration_name.get(lang) or r.collaboration_name.get("en") or validation.short(r.focus)
        message = (r.messages.get(lang) or r.messages.get("en") or "").rstrip(".")
        value = f" ({validation.short(r.value)})" if r.value is not None else ""
        where = ", ".join(relative(Path(f)) for f in (r.file or "").split(", ") if f) or "examples"
        problems.append(Problem(where, "example", f"{name}: {message}{value}"))
    return problems


# ---------------------------------------------------------------------- values in messages

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
        holder = source if (source, SH.message, None) in shapes else report.value(result, SH.sourceShape)
        templates = {t.language or "": str(t) for t in shapes.objects(holder, SH.message)}
        chosen = localised(list(report.objects(result, SH.resultMessage)), templates, lang)
        name = compact(str(source)).split(":", 1)[-1].split("#")[-1] if isinstance(source, rdflib.URIRef) else "shape"
        where = locate(str(focus)) if isinstance(focus, rdflib.URIRef) else str(focus)
        problems.append(Problem(where, f"shacl:{name}", chosen))
    return len(shape_files), sorted(problems, key=str)


PLACEHOLDER = re.compile(r"\{[?$](\w+)\}")


def localised(messages: list, templates: dict[str, str], lang: str) -> str:
    """The result message in ``lang``.

    pySHACL fills a message's placeholders (``{?other}``) but drops its language tag, so
    an untagged message is matched against the shape's message in each language, and the
    message in ``lang`` is filled with the values found (IRIs as prefixed names)."""
    tagged = sorted(str(m) for m in messages if getattr(m, "language", None) == lang)
    if tagged:
        return tagged[0]
    texts = sorted(str(m) for m in messages)
    wanted = templates.get(lang)
    if wanted is not None:
        for template in [wanted] + [t for key, t in sorted(templates.items()) if key != lang]:
            for text in texts:
                match = template_pattern(template).fullmatch(text)
                values = match.groupdict() if match else {}
                if match and set(PLACEHOLDER.findall(wanted)) <= set(values):
                    return PLACEHOLDER.sub(lambda m, v=values: shown_text(v[m.group(1)]), wanted)
    return texts[0] if texts else ""


def template_pattern(template: str) -> re.Pattern:
    """A message template as a pattern whose groups capture the placeholders' values."""
    parts, seen, at = [], set(), 0
    for m in PLACEHOLDER.finditer(template):
        name = m.group(1)
        parts += [re.escape(template[at:m.start()]), f"(?P={name})" if name in seen else f"(?P<{name}>.*?)"]
        seen.add(name)
        at = m.end()
    return re.compile("".join(parts) + re.escape(template[at:]), re.S)


def shown_text(value: str) -> str:
    """A value as pySHACL wrote it into a message, with an IRI as a prefixed name."""
    return compact(value) if re.fullmatch(r"[A-Za-z][\w+.-]*:\S+", value) else value


# ---------------------------------------------------------------------- stage 3: QC queries

@dataclass
class ViolationQuery:
    path: Path
    text: str

    @property
    def name(self) -> str:
        return self.path.name.removesuffix(".rq").removesuffix("-violation")

    def header(self, key: str) -> str | None:
        for line in self.text.splitlines():
            m = re.match(r"#\s*([\w@-]+)\s*:\s*(.*)", line)
            if m and m.group(1) == key:
                return m.group(2).strip()
        return None

    def summary(self, lang: str) -> str:
        return self.header("summary@da" if lang == "da" else "summary") or self.name


def violation_queries() -> list[ViolationQuery]:
    return [ViolationQuery(p, p.read_text(encoding="utf-8")) for p in resources.files("queries", "*-violation.rq")
            if p.parent.name == "checks"]


def query_problems(kg: KnowledgeGraph, lang: str, locate: Locator, queries=None) -> list[Problem]:
    problems = []
    for query in violation_queries() if queries is None else queries:
        problems += [Problem(f"{relative(query.path)}:1", "query-header", message("query-header", lang, field=field))
                     for field in ("summary", "summary@da") if not query.header(field)]
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


# ---------------------------------------------------------------------- stage 3b: rules

# the ontology's own terms and those of the vocabularies it reuses and declares (declarations.ttl)
CHECKED_PREFIXES = ("sk", "skos", "schema", "org", "dcterms")
_TERM = re.compile(r"(?<![\w:?$@\-.])(" + "|".join(CHECKED_PREFIXES) + r"):([^\W\d][\w\-]*)")


def rule_problems(kg: KnowledgeGraph, lang: str) -> list[Problem]:
    """The rules and queries as the engine and the server will use them: the rule set must
    stratify (the cycle is named), and every ``sk:`` term a rule or query names (and every
    term of a vocabulary the ontology reuses: skos, schema, org, dcterms) must be declared in
    the ontology — a misspelt concept would otherwise match nothing, silently."""
    from .rules import load_rules
    from .sparql_text import masked
    from .strata import plan

    problems = []
    try:
        rules = load_rules()
    except InputError as exc:   # the error names the rule file (and line, where the parser knows it)
        problems.append(Problem(exc.where or relative(resources.folder("rules")), "rule", exc.detail))
        rules = []
    try:
        plan(rules)
    except InputError as exc:
        problems.append(Problem(relative(resources.folder("rules")), "stratification", str(exc)))
    for rule in rules:
        problems += _rule_self_description(rule, lang)
    top = resources.folder("rules")
    problems += [Problem(relative(path), "rule-not-run", message("rule-not-run", lang))
                 for path in sorted(top.rglob("*.ru")) if path.parent != top]
    declared = {q.subject.value for q in kg.store.quads_for_pattern(None, None, None, ONTOLOGY)}
    for path in resources.files("rules", "*.ru") + resources.files("queries", "*.rq"):
        text = path.read_text(encoding="utf-8")
        for m in _TERM.finditer(masked(text)):
            if ns.PREFIXES[m.group(1)] + m.group(2) not in declared:
                line = text.count("\n", 0, m.start()) + 1
                key = "undeclared-term" if m.group(1) == "sk" else "undeclared-reused"
                problems.append(Problem(f"{relative(path)}:{line}", "undeclared-term", message(key, lang, term=m.group(0))))
    return problems


def in_code(pattern: re.Pattern, text: str):
    """The matches of ``pattern`` in ``text`` that do not start in a comment or a string."""
    from .sparql_text import masked

    blank = masked(text)   # comments and strings blanked out (an IRI keeps its '<')
    return (m for m in pattern.finditer(text) if blank[m.start()] == text[m.start()])


_STAMP = re.compile(r"(?:prov:wasGeneratedBy|<" + re.escape(ns.PREFIXES["prov"]) + r"wasGeneratedBy>)\s+"
                    r"(?:skr:([\w-]+)|<" + re.escape(ns.RULE) + r"([\w-]+)>)")
HEADER_FIELDS = ("label@da", "label@en", "comment@en", "source")   # what explanations and the rules graph show


def _rule_self_description(rule, lang: str) -> list[Problem]:
    """A rule's header names it in both languages, and its results name the rule itself:
    explanations show both, and a stamp copied from another rule credits the wrong one."""
    where = relative(rule.path)
    found = {"label@da": rule.labels.get("da"), "label@en": rule.labels.get("en"),
             "comment@en": rule.comments.get("en"), "source": rule.source}
    problems = [Problem(f"{where}:1", "rule-header", message("rule-header", lang, field=field))
                for field in HEADER_FIELDS if not found[field]]
    text = rule.path.read_text(encoding="utf-8")
    stamped = False
    for m in in_code(_STAMP, text):   # not in a comment or a string; the stamp may span lines
        stamped = True
        stamp = m.group(1) or m.group(2)
        if stamp != rule.id:
            problems.append(Problem(f"{where}:{text.count(chr(10), 0, m.start()) + 1}", "rule-stamp",
                                    message("rule-stamp", lang, found=ns.RULE + stamp, own=rule.iri)))
    mints = any(key.pred == ns.PREFIXES["rdf"] + "type" for key in rule.writes)   # a rule that only links nodes needs none
    if mints and not stamped:
        problems.append(Problem(f"{where}:1", "rule-unstamped", message("rule-unstamped", lang, own=rule.iri)))
    for graph in (ns.ONTOLOGY_GRAPH, ns.DATA_GRAPH, ns.INFERRED_GRAPH):
        if not re.search(r"\bUSING\s+<" + re.escape(graph) + ">", text, re.IGNORECASE):
            problems.append(Problem(f"{where}:1", "rule-using", message("rule-using", lang, graph=graph)))
    return problems


# ---------------------------------------------------------------------- stage 4: OWL

def owl_problems(kg: KnowledgeGraph, lang: str, locate: Locator) -> list[Problem]:
    """Consistency and unsatisfiable classes; raises owl.OwlUnavailable when HermiT cannot run."""
    from . import owl

    consistent, unsatisfiable = owl.hermit_check(kg.rdflib_graph([ONTOLOGY]))
    if not consistent:
        return [Problem(compact(ns.ONTOLOGY_IRI), "owl-consistency", message("inconsistent", lang))]
    return [Problem(locate(iri), "owl-unsatisfiable", message("unsatisfiable", lang)) for iri in unsatisfiable]

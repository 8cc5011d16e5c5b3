"""Validating collaboration descriptions against the SHACL shapes in ``shapes/descriptions/``.

Two engines give the same results. The default compiles the shapes to SPARQL
(``shacl_sparql``) and lets Oxigraph check every description at once, because pySHACL costs
about 0.3 ms per triple over a whole graph: minutes for the national data set. The
reference, pySHACL per description (``shacl_pyshacl``), stays available
(``samarbejde validate --engine pyshacl``) and the engine tests hold the two to the same
results; ``benchmarks/validation.py`` measures both.

Results are plain objects named for people: the collaboration by its schools, libraries,
municipality and date, and the messages and fixes of the shapes in Danish and English.
"""
from __future__ import annotations

from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import namespaces as ns
from . import resources
from .errors import InputError
from .shacl_sparql import SparqlConstraint, sparql_constraints, targets  # noqa: F401  (part of this module's API)

SH = ns.PREFIXES["sh"]
SKS = "https://w3id.org/samarbejde-kg/shapes#"
SEVERITIES = ("Violation", "Warning", "Info")
SHAPES_FOLDER = "descriptions"


# ---------------------------------------------------------------------------- terms
@dataclass(frozen=True)
class Term:
    """An RDF term as plain data: kind is 'iri', 'bnode' or 'literal'."""

    kind: str
    value: str
    datatype: str | None = None
    lang: str | None = None

    @classmethod
    def from_oxigraph(cls, t) -> "Term":
        if isinstance(t, ox.NamedNode):
            return cls("iri", t.value)
        if isinstance(t, ox.BlankNode):
            return cls("bnode", t.value)
        if t.language:
            return cls("literal", t.value, lang=t.language)
        return cls("literal", t.value, datatype=t.datatype.value)

    @classmethod
    def from_rdflib(cls, t) -> "Term":
        import rdflib

        if isinstance(t, rdflib.URIRef):
            return cls("iri", str(t))
        if isinstance(t, rdflib.BNode):
            return cls("bnode", str(t))
        if t.language:
            return cls("literal", str(t), lang=t.language)
        return cls("literal", str(t), datatype=str(t.datatype or ns.PREFIXES["xsd"] + "string"))

    def to_rdflib(self):
        import rdflib

        if self.kind == "iri":
            return rdflib.URIRef(self.value)
        if self.kind == "bnode":
            return rdflib.BNode(self.value)
        if self.lang:
            return rdflib.Literal(self.value, lang=self.lang)
        if self.datatype == ns.PREFIXES["xsd"] + "string":
            return rdflib.Literal(self.value)
        return rdflib.Literal(self.value, datatype=rdflib.URIRef(self.datatype))

    @property
    def id(self) -> str:
        """IRI, ``_:id`` for a blank node, or the lexical form of a literal."""
        return "_:" + self.value if self.kind == "bnode" else self.value


# ---------------------------------------------------------------------------- results
@dataclass
class Result:
    """One validation result, with the collaboration it belongs to."""

    severity: str                      # Violation | Warning | Info
    focus: Term
    path: Term | None
    value: Term | None
    messages: dict[str, str]           # {"da": ..., "en": ...}
    fix: dict[str, str]
    shape: str                         # IRI of the source shape
    component: str                     # IRI of the constraint component
    collaboration: Term | None = None
    collaboration_name: dict[str, str] = field(default_factory=dict)
    file: str | None = None

    def key(self):
        return (self.shape, self.component, self.focus, self.path, self.value)


@dataclass
class Description:
    """How a collaboration description is named in a report."""

    node: Term
    name: dict[str, str]
    file: str | None = None


@dataclass
class ValidationReport:
    results: list[Result]
    descriptions: list[Description]
    engine: str = "fast"
    fallback: dict[str, str] = field(default_factory=dict)    # shape -> why pySHACL validated it

    @property
    def conforms(self) -> bool:
        """No result of severity Violation (warnings and infos do not fail validation)."""
        return not any(r.severity == "Violation" for r in self.results)

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    def to_graph(self):
        """The standard SHACL validation report as an rdflib Graph."""
        import rdflib
        from rdflib.namespace import RDF, SH as SHNS, XSD

        g = rdflib.Graph()
        for prefix, iri in ns.PREFIXES.items():
            g.bind(prefix, iri)
        g.bind("sks", SKS)
        report = rdflib.BNode()
        g.add((report, RDF.type, SHNS.ValidationReport))
        g.add((report, SHNS.conforms, rdflib.Literal(self.conforms, datatype=XSD.boolean)))
        for r in self.results:
            node = rdflib.BNode()
            g.add((report, SHNS.result, node))
            g.add((node, RDF.type, SHNS.ValidationResult))
            g.add((node, SHNS.focusNode, r.focus.to_rdflib()))
            if r.path is not None:
                g.add((node, SHNS.resultPath, r.path.to_rdflib()))
            if r.value is not None:
                g.add((node, SHNS.value, r.value.to_rdflib()))
            g.add((node, SHNS.resultSeverity, rdflib.URIRef(SH + r.severity)))
            g.add((node, SHNS.sourceShape, rdflib.URIRef(r.shape)))
            g.add((node, SHNS.sourceConstraintComponent, rdflib.URIRef(r.component)))
            for lang, text in r.messages.items():
                g.add((node, SHNS.resultMessage, rdflib.Literal(text, lang=lang)))
            if r.collaboration is not None:
                g.add((node, rdflib.URIRef(ns.SK + "collaboration"), r.collaboration.to_rdflib()))
        return g

    def to_json(self) -> dict:
        """The SHACL validation report as JSON-LD that reads as plain JSON.

        Keys without a mapping (``collaborationName``, ``file``) are for readers of plain
        JSON; JSON-LD processors ignore them.
        """
        context = {
            "sh": SH, "sk": ns.SK, "sks": SKS, "xsd": ns.PREFIXES["xsd"],
            "conforms": "sh:conforms",
            "results": {"@id": "sh:result", "@container": "@set"},
            "focusNode": {"@id": "sh:focusNode", "@type": "@id"},
            "resultPath": {"@id": "sh:resultPath", "@type": "@id"},
            "value": "sh:value",
            "resultSeverity": {"@id": "sh:resultSeverity", "@type": "@id"},
            "sourceShape": {"@id": "sh:sourceShape", "@type": "@id"},
            "sourceConstraintComponent": {"@id": "sh:sourceConstraintComponent", "@type": "@id"},
            "resultMessage": {"@id": "sh:resultMessage", "@container": "@language"},
            "fix": {"@id": "sks:fix", "@container": "@language"},
            "collaboration": {"@id": "sk:collaboration", "@type": "@id"},
        }
        results = []
        for r in self.results:
            item = {"@type": "sh:ValidationResult", "focusNode": r.focus.id}
            if r.path is not None:
                item["resultPath"] = r.path.id
            if r.value is not None:
                item["value"] = json_value(r.value)
            item.update({
                "resultSeverity": "sh:" + r.severity,
                "sourceShape": r.shape,
                "sourceConstraintComponent": r.component,
                "resultMessage": dict(sorted(r.messages.items())),
                "fix": dict(sorted(r.fix.items())),
            })
            if r.collaboration is not None:
                item["collaboration"] = r.collaboration.id
            item["collaborationName"] = dict(sorted(r.collaboration_name.items()))
            item["file"] = r.file
            results.append(item)
        return {"@context": context, "@type": "sh:ValidationReport", "conforms": self.conforms, "results": results}


def json_value(term: Term):
    if term.kind != "literal":
        return {"@id": term.id}
    if term.lang:
        return {"@value": term.value, "@language": term.lang}
    return {"@value": term.value, "@type": term.datatype}


# ---------------------------------------------------------------------------- the shapes
def shape_files() -> list[Path]:
    return sorted((resources.folder("shapes") / SHAPES_FOLDER).glob("*.ttl"))


def query_text(name: str) -> str:
    return (resources.folder("shapes") / SHAPES_FOLDER / name).read_text(encoding="utf-8")


def check_shape_files() -> None:
    """Parse every file of the shapes folder (Turtle and the .rq queries) as ``samarbejde
    check`` does, so a syntax error is one line with file, line and column (exit 2)."""
    from .checks import parse_file

    for path in sorted((resources.folder("shapes") / SHAPES_FOLDER).glob("*")):
        if path.suffix in (".ttl", ".rq"):
            parse_file(path)


def load_shapes(files=None):
    import rdflib

    shapes = rdflib.Graph()
    for path in files or shape_files():
        try:
            shapes.parse(str(path), format="turtle")
        except (SyntaxError, ValueError, OSError) as exc:   # Oxigraph read it; rdflib may still not
            raise InputError(f"cannot be read as Turtle: {str(exc).splitlines()[0]}",
                             where=resources.relative(path)) from None
    return shapes


def solutions(kg, c: SparqlConstraint):
    """The solutions of one compiled constraint over the data and ontology graphs."""
    from .store import DATA, ONTOLOGY

    try:
        return kg.store.query(c.query, default_graph=[ONTOLOGY, DATA])
    except SyntaxError as exc:      # a shape's sh:select: Turtle parses it as a string only
        raise InputError(f"the SPARQL of {short(Term('iri', c.shape))} is not valid: {exc}",
                         where=resources.relative(resources.folder("shapes") / SHAPES_FOLDER)) from None


def run_sparql(kg, constraints: list[SparqlConstraint], progress=None) -> list[Result]:
    """Run compiled constraints in Oxigraph, two at a time: Oxigraph evaluates without
    holding the interpreter lock, so the second core takes one query while another runs."""
    def run(c):
        found = solutions(kg, c)
        names = {v.value for v in found.variables}
        return [(row["this"], row["path"] if "path" in names else None, row["value"] if "value" in names else None)
                for row in found]

    results = []
    with ThreadPoolExecutor(2) as pool:
        for c, rows in zip(constraints, pool.map(run, constraints)):
            for this, path, value in rows:
                results.append(Result(
                    severity=c.severity, focus=Term.from_oxigraph(this),
                    path=Term.from_oxigraph(path) if path is not None else (Term("iri", c.path) if c.path else None),
                    value=Term.from_oxigraph(value) if value is not None else None,
                    messages=dict(sorted(c.messages.items())), fix=dict(sorted(c.fix.items())), shape=c.shape,
                    component=c.component,
                ))
            if progress is not None:
                progress.step()
    return results


def conforms(kg) -> bool:
    """Whether no description violates a shape: what reasoning asks before it starts.

    Only the constraints of severity Violation run (two at a time), and each stops at its
    first solution; a full report (``validate``) also names every description and result.
    Shapes the compiler does not translate need pySHACL, and then the full report."""
    from .shacl_sparql import compile_core

    check_shape_files()
    shapes = load_shapes([str(p) for p in shape_files()])
    compiled, fallback = compile_core(shapes)
    if fallback:
        return validate(kg).conforms
    wanted = [c for c in compiled + sparql_constraints(shapes) if c.severity == "Violation"]
    with ThreadPoolExecutor(2) as pool:
        return not any(pool.map(lambda c: next(iter(solutions(kg, c)), None) is not None, wanted))


# ---------------------------------------------------------------------------- validation
ENGINES = ("fast", "pyshacl")
_LINKS = ("evidence", "assessmentDate", "school", "library")
DESCRIPTIONS = (f"SELECT DISTINCT ?description WHERE {{ {{ ?description a <{ns.SK}Collaboration> }} UNION "
                f"{{ ?description {'|'.join(f'<{ns.SK}{p}>' for p in _LINKS)} ?any }} }}")


def validate(kg, *, origins: dict[str, str] | None = None, engine: str = "fast",
             processes: int | None = None, batch_size: int | None = None, progress=None) -> ValidationReport:
    """Validate every collaboration description in ``kg`` (its data and ontology graphs).

    ``engine``: "fast" compiles the SHACL Core constraints to SPARQL (``shacl_sparql``) and
    runs them in Oxigraph over all descriptions at once, leaving to pySHACL only the shapes
    the compiler does not translate (``report.fallback`` names them); "pyshacl" is the
    reference, pySHACL per description. Both run the SHACL-SPARQL constraints in Oxigraph.
    ``origins`` maps subject ids to the file they came from, for the report.
    ``processes`` and ``batch_size`` tune pySHACL (None: chosen by the number of descriptions).
    ``progress``: a ``progress.Progress`` stepped once per query or pySHACL batch.
    """
    from . import shacl_pyshacl
    from .shacl_sparql import compile_core, referenced_shapes

    if engine not in ENGINES:
        raise ValueError(f"unknown validation engine {engine!r}; expected one of {', '.join(ENGINES)}")
    check_shape_files()
    files = [str(p) for p in shape_files()]
    shapes = load_shapes(files)
    queries = sparql_constraints(shapes)
    fallback: dict[str, str] = {}
    pyshacl_args = {"processes": processes, "batch_size": batch_size or shacl_pyshacl.BATCH_SIZE, "progress": progress}
    results = []
    if engine == "fast":
        compiled, fallback = compile_core(shapes)
        queries = compiled + queries
        if fallback:
            keep = set(fallback) | referenced_shapes(shapes)
            done = sorted({c.shape for c in compiled} - keep)
            results += shacl_pyshacl.validate_core(kg, files, deactivate=done, **pyshacl_args)
    else:
        results += shacl_pyshacl.validate_core(kg, files, **pyshacl_args)
    if progress is not None:
        progress.total = (progress.total or 0) + len(queries)
    results += run_sparql(kg, queries, progress)
    return assemble(kg, results, origins or {}, engine, fallback)


def description_nodes(kg) -> list[Term]:
    from .store import DATA, ONTOLOGY

    found = {Term.from_oxigraph(row["description"]) for row in kg.store.query(DESCRIPTIONS, default_graph=[ONTOLOGY, DATA])}
    return sorted(found, key=lambda t: t.id)


def owners(kg, foci: set[Term], nodes: list[Term]) -> dict[Term, Term]:
    """The description each focus node belongs to: itself, or the first description (by id)
    that links to it, as ``closure.rq`` draws a description's subgraph."""
    from .store import DATA, ONTOLOGY

    known = set(nodes)
    found = {f: f for f in foci if f in known}
    for focus in foci - known:
        if focus.kind == "literal" or (focus.kind == "iri" and focus.value.startswith(ns.SK)):
            continue
        node = ox.BlankNode(focus.value) if focus.kind == "bnode" else ox.NamedNode(focus.value)
        linking = {Term.from_oxigraph(q.subject) for g in (ONTOLOGY, DATA)
                   for q in kg.store.quads_for_pattern(None, None, node, g)}
        linking &= known
        if linking:
            found[focus] = min(linking, key=lambda t: t.id)
    return found


NEEDS_A_NODE = {"http://www.w3.org/ns/shacl#MinCountConstraintComponent",
                "http://www.w3.org/ns/shacl#QualifiedMinCountConstraintComponent"}


def shown(focus: Term, component: str, severity: str) -> bool:
    """Whether a result goes into the report. A text where a node belongs (``sk:school
    "Testskolen"``) has no properties, so the infos and warnings that it lacks a name or a
    municipality say nothing new: the violation that it is not a node says what is wrong."""
    return not (focus.kind == "literal" and component in NEEDS_A_NODE and severity != "Violation")


def assemble(kg, results: list[Result], origins: dict[str, str], engine: str, fallback: dict[str, str]) -> ValidationReport:
    """One report from the results of either engine: duplicates dropped, each result tied to
    its description and named for people, in an order that does not depend on the engine."""
    nodes = description_nodes(kg)
    names = description_names(kg)
    descriptions = [Description(node, names.get(node, unnamed(node)), origins.get(node.id)) for node in nodes]
    by_node = {d.node: d for d in descriptions}
    unique: dict = {}
    for result in results:
        if not shown(result.focus, result.component, result.severity):
            continue
        unique.setdefault(result.key(), result)
    results = list(unique.values())
    owner = owners(kg, {r.focus for r in results}, nodes)
    for r in results:
        r.collaboration = owner.get(r.focus)
        d = by_node.get(r.collaboration)
        if d is not None:
            r.collaboration_name, r.file = d.name, d.file
    order = {s: i for i, s in enumerate(SEVERITIES)}

    def ident(term):
        return (term.kind, term.id, term.datatype or "", term.lang or "") if term is not None else ("",)

    results.sort(key=lambda r: (r.file or "", r.collaboration_name.get("da", ""), r.collaboration.id if r.collaboration else "",
                                order.get(r.severity, 9), r.shape, r.value.id if r.value else "",
                                ident(r.focus), ident(r.path), ident(r.value), r.component))
    return ValidationReport(results, descriptions, engine=engine, fallback=dict(fallback))


# ---------------------------------------------------------------------------- names
def description_names(kg) -> dict[Term, dict[str, str]]:
    """Each description's display name in Danish and English."""
    parts: dict[Term, dict] = defaultdict(lambda: {"schools": {}, "libraries": {}, "municipality": {}, "code": None, "date": None})
    for row in kg.query(query_text("names.rq")):
        d = parts[Term.from_oxigraph(row["description"])]
        for role, node_var, name_var in (("schools", "school", "schoolName"), ("libraries", "library", "libraryName")):
            node = row[node_var]
            if node is not None:
                names = d[role].setdefault(node.value, {})
                if row[name_var] is not None:
                    names.setdefault(row[name_var].language or "", row[name_var].value)
                elif isinstance(node, ox.Literal):       # a text where a school should be: shown as written
                    names.setdefault("", node.value)
        if row["municipalityName"] is not None:
            d["municipality"].setdefault(row["municipalityName"].language or "", row["municipalityName"].value)
        elif row["municipality"] is not None and isinstance(row["municipality"], ox.NamedNode):
            d["municipality"].setdefault("", short(Term("iri", row["municipality"].value)))
        if row["code"] is not None:
            d["code"] = row["code"].value
        if row["date"] is not None:
            d["date"] = row["date"].value
    return {node: {lang: compose(d, lang) for lang in ("da", "en")} for node, d in parts.items()}


def pick(names: dict[str, str], lang: str) -> str | None:
    for key in (lang, "", "da", "en"):
        if names.get(key):
            return names[key]
    return next(iter(names.values()), None)


def compose(d: dict, lang: str) -> str:
    unknown = {"da": "ukendt", "en": "unknown"}[lang]
    joiner = {"da": " og ", "en": " and "}[lang]

    def names_of(role, what):
        found = [pick(n, lang) or short(Term("iri", iri)) for iri, n in sorted(d[role].items())]
        return ", ".join(found) if found else {"da": f"({what['da']} mangler)", "en": f"({what['en']} missing)"}[lang]

    who = names_of("schools", {"da": "skole", "en": "school"}) + joiner + names_of("libraries", {"da": "bibliotek", "en": "library"})
    where = pick(d["municipality"], lang) or unknown
    if d["code"]:
        where += f" ({d['code']})"
    return f"{who} · {where} · {d['date'] or unknown}"


def unnamed(node: Term) -> dict[str, str]:
    return {"da": "(beskrivelse uden skole, bibliotek, kommune og dato)", "en": "(description without school, library, municipality and date)"}


def short(term: Term) -> str:
    """An IRI relative to the instance base, or as a prefixed name, or in angle brackets."""
    if term.kind == "bnode":
        return "[ ]"
    if term.kind == "literal":
        return term.value
    base = ns.base()
    if term.value.startswith(base):
        return term.value[len(base):]
    for prefix, iri in ns.PREFIXES.items():
        if term.value.startswith(iri) and len(term.value) > len(iri):
            return f"{prefix}:{term.value[len(iri):]}"
    if term.value.startswith(SKS):
        return "sks:" + term.value[len(SKS):]
    return f"<{term.value}>"


def labels(kg, terms: set[Term]) -> dict[Term, dict[str, str]]:
    """Labels (rdfs:label, skos:prefLabel, schema:name) of IRIs, by language."""
    iris = sorted({t.value for t in terms if t is not None and t.kind == "iri"})
    found: dict[Term, dict[str, str]] = defaultdict(dict)
    if not iris:
        return found
    values = " ".join(f"<{iri}>" for iri in iris)
    text = query_text("labels.rq").replace("VALUES ?term { }", f"VALUES ?term {{ {values} }}")
    for row in kg.query(text):
        label = row["label"]
        found[Term("iri", row["term"].value)].setdefault(getattr(label, "language", None) or "", label.value)
    return found


def load_with_origins(kg, paths) -> dict[str, str]:
    """Load files all-or-nothing like ``KnowledgeGraph.load_all``, remembering which files
    each subject came from so the report can name them (a description stated in two files
    that disagree is named with both)."""
    from .store import DATA, ONTOLOGY, KnowledgeGraph
    from .survey import share_names

    sources: dict[str, list[str]] = {}
    parts = []
    ontology = list(kg.store.quads_for_pattern(None, None, None, ONTOLOGY))
    for path in paths:
        scratch = KnowledgeGraph(ontology=False)
        scratch.store.extend(ontology)
        share_names(scratch, kg)   # a school spelt two ways in two surveys is refused, as in one store
        scratch.load(path, DATA)
        quads = list(scratch.store.quads_for_pattern(None, None, None, DATA))
        for q in quads:
            files = sources.setdefault(Term.from_oxigraph(q.subject).id, [])
            if str(path) not in files:
                files.append(str(path))
        parts.append(quads)
    for quads in parts:
        kg.store.extend(quads)
    return {subject: ", ".join(files) for subject, files in sources.items()}

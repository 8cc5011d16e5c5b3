"""Validating collaboration descriptions against the SHACL shapes in ``shapes/descriptions/``.

pySHACL's cost grows with the graph it is given (about 0.3 ms per triple over a whole
graph), so each description is validated with only what it needs: its own subgraph
(``closure.rq``) plus the slice of the ontology the shapes read (``vocabulary.rq``),
in batches, on several processes when there are many. Validating 1,000 descriptions then
costs about 1,000 times one (``benchmarks/validation.py`` measures it).

Results are plain objects named for people: the collaboration by its schools, libraries,
municipality and date, and the messages and fixes of the shapes in Danish and English.
"""
from __future__ import annotations

import multiprocessing
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import namespaces as ns
from . import resources

SH = ns.PREFIXES["sh"]
SKS = "https://w3id.org/samarbejde-kg/shapes#"
SEVERITIES = ("Violation", "Warning", "Info")
SHAPES_FOLDER = "descriptions"
BATCH_SIZE = 10          # descriptions per pySHACL run (chosen by measurement: benchmarks/validation.py)
PARALLEL_FROM = 50       # use a process pool from this many descriptions on


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
                "resultMessage": dict(r.messages),
                "fix": dict(r.fix),
            })
            if r.collaboration is not None:
                item["collaboration"] = r.collaboration.id
            item["collaborationName"] = dict(r.collaboration_name)
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


def load_shapes(files=None):
    import rdflib

    shapes = rdflib.Graph()
    for path in files or shape_files():
        shapes.parse(str(path), format="turtle")
    return shapes


def targets(shapes, shape) -> list[tuple[str, str]]:
    """A shape's targets; a property shape without its own inherits those of the node
    shapes that point at it with sh:property."""
    import rdflib

    sh = rdflib.Namespace(SH)
    kinds = (sh.targetClass, sh.targetSubjectsOf, sh.targetObjectsOf, sh.targetNode)
    own = [(str(k), o) for k in kinds for o in shapes.objects(shape, k)]
    if own:
        return own
    return [t for parent in shapes.subjects(sh.property, shape) for t in targets(shapes, parent)]


def core_shapes(shapes):
    """The SHACL Core part for pySHACL, with each property shape targeted directly.

    pySHACL validates a property shape reached through ``sh:property`` once per focus
    node, but a targeted property shape once for all focus nodes; moving the targets
    is the same validation and about four times faster. SHACL-SPARQL constraints are
    left out here: ``sparql_constraints`` runs them in Oxigraph.
    """
    import rdflib

    sh = rdflib.Namespace(SH)
    core = rdflib.Graph()
    for triple in shapes:
        if triple[1] != sh.sparql:
            core.add(triple)
    for node_shape, prop_shape in list(shapes.subject_objects(sh.property)):
        for kind, target in targets(shapes, node_shape):
            core.add((prop_shape, rdflib.URIRef(kind), target))
        core.remove((node_shape, sh.property, prop_shape))
    return core


@dataclass
class SparqlConstraint:
    """A SHACL-SPARQL constraint compiled to one query over every focus node at once."""

    shape: str
    query: str
    severity: str
    path: Term | None
    messages: dict[str, str]
    fix: dict[str, str]


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def sparql_constraints(shapes) -> list[SparqlConstraint]:
    """Each sh:sparql constraint as a query with the SHACL pre-binding made explicit:
    ``$this`` ranges over the shape's targets, ``$PATH`` is the shape's path."""
    import rdflib

    sh = rdflib.Namespace(SH)
    compiled = []
    for shape, constraint in shapes.subject_objects(sh.sparql):
        if shapes.value(shape, sh.deactivated) == rdflib.Literal(True) or shapes.value(constraint, sh.deactivated) == rdflib.Literal(True):
            continue
        select = str(shapes.value(constraint, sh.select))
        prefixes = "".join(
            f"PREFIX {shapes.value(d, sh.prefix)}: <{shapes.value(d, sh.namespace)}>\n"
            for holder in shapes.objects(constraint, sh.prefixes) for d in shapes.objects(holder, sh.declare))
        path = shapes.value(shape, sh.path)
        if path is not None and not isinstance(path, rdflib.URIRef):
            raise ValueError(f"{shape}: SPARQL constraints need a simple path")
        body = select.replace("$this", "?this")
        if path is not None:
            body = body.replace("$PATH", f"<{path}>")
        patterns = {
            SH + "targetClass": "{{ ?this a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{}> }}",
            SH + "targetSubjectsOf": "{{ ?this <{}> [] }}",
            SH + "targetObjectsOf": "{{ [] <{}> ?this }}",
            SH + "targetNode": "{{ VALUES ?this {{ <{}> }} }}",
        }
        union = " UNION ".join(patterns[kind].format(target) for kind, target in targets(shapes, shape))
        if not union:
            continue
        match = _WHERE.search(body)
        query = prefixes + body[:match.end()] + f" {{ SELECT DISTINCT ?this WHERE {{ {union} }} }} " + body[match.end():]
        message_holder = constraint if shapes.value(constraint, sh.message) is not None else shape
        compiled.append(SparqlConstraint(
            shape=str(shape), query=query,
            severity=str(shapes.value(shape, sh.severity) or sh.Violation).rsplit("#", 1)[-1],
            path=Term("iri", str(path)) if path is not None else None,
            messages={m.language or "en": str(m) for m in shapes.objects(message_holder, sh.message)},
            fix={m.language or "da": str(m) for m in shapes.objects(shape, rdflib.URIRef(SKS + "fix"))},
        ))
    return compiled


def run_sparql(kg, constraints: list[SparqlConstraint]) -> list[Result]:
    """Run compiled SPARQL constraints over the data and ontology graphs in Oxigraph."""
    from .store import DATA, ONTOLOGY

    results = []
    for c in constraints:
        solutions = kg.store.query(c.query, default_graph=[ONTOLOGY, DATA])
        names = {v.value for v in solutions.variables}
        for row in solutions:
            path = row["path"] if "path" in names else None
            value = row["value"] if "value" in names else None
            results.append(Result(
                severity=c.severity, focus=Term.from_oxigraph(row["this"]),
                path=Term.from_oxigraph(path) if path is not None else c.path,
                value=Term.from_oxigraph(value) if value is not None else None,
                messages=dict(c.messages), fix=dict(c.fix), shape=c.shape,
                component=SH + "SPARQLConstraintComponent",
            ))
    return results


# Per-process state, set by _init (in the parent for serial runs, in each worker for a pool).
_SHAPES = None
_FIXES: dict[str, dict[str, str]] = {}
_VOCABULARY: list = []


def _init(files: list[str], vocabulary: list[tuple[Term, Term, Term]]) -> None:
    import rdflib

    global _SHAPES, _FIXES, _VOCABULARY
    shapes = load_shapes(files)
    fixes: dict[str, dict[str, str]] = defaultdict(dict)
    for shape, text in shapes.subject_objects(rdflib.URIRef(SKS + "fix")):
        fixes[str(shape)][text.language or "da"] = str(text)
    _SHAPES, _FIXES = core_shapes(shapes), dict(fixes)
    _VOCABULARY = [tuple(t.to_rdflib() for t in triple) for triple in vocabulary]


def _validate_batch(batch: list[tuple[Term, list[tuple[Term, Term, Term]]]]) -> list[Result]:
    """Validate a few descriptions together against the SHACL Core shapes."""
    import logging

    import pyshacl
    import rdflib
    from rdflib.namespace import RDF, SH as SHNS

    logging.getLogger("rdflib").setLevel(logging.ERROR)   # ill-typed literals are the shapes' business
    data = rdflib.Graph()
    for triple in _VOCABULARY:
        data.add(triple)
    for _, triples in batch:
        for s, p, o in triples:
            data.add((s.to_rdflib(), p.to_rdflib(), o.to_rdflib()))
    _, graph, _ = pyshacl.validate(
        data, shacl_graph=_SHAPES, inference="none", advanced=False, allow_infos=True,
        allow_warnings=True, inplace=True, meta_shacl=False, do_owl_imports=False,
    )
    results = []
    for node in graph.subjects(RDF.type, SHNS.ValidationResult):
        def one(prop):
            value = graph.value(node, prop)
            return None if value is None else Term.from_rdflib(value)

        shape = str(graph.value(node, SHNS.sourceShape))
        messages = {}
        for text in graph.objects(node, SHNS.resultMessage):
            messages.setdefault(text.language or "en", str(text))
        path = one(SHNS.resultPath)
        results.append(Result(
            severity=str(graph.value(node, SHNS.resultSeverity)).rsplit("#", 1)[-1],
            focus=one(SHNS.focusNode), path=path if path is None or path.kind == "iri" else None,
            value=one(SHNS.value), messages=messages, fix=dict(_FIXES.get(shape, {})),
            shape=shape, component=str(graph.value(node, SHNS.sourceConstraintComponent)),
        ))
    return results


# ---------------------------------------------------------------------------- validation
def extract(kg) -> tuple[list, dict]:
    """The ontology slice the shapes read, and each description's own subgraph."""
    from .store import DATA, ONTOLOGY

    vocabulary = [(Term.from_oxigraph(t.subject), Term.from_oxigraph(t.predicate), Term.from_oxigraph(t.object))
                  for t in kg.store.query(query_text("vocabulary.rq"))]
    subgraphs: dict[Term, list] = {}
    seen: dict[Term, set] = defaultdict(set)
    for row in kg.store.query(query_text("closure.rq"), default_graph=[ONTOLOGY, DATA]):
        description = Term.from_oxigraph(row["description"])
        triple = (Term.from_oxigraph(row["s"]), Term.from_oxigraph(row["p"]), Term.from_oxigraph(row["o"]))
        if triple not in seen[description]:
            seen[description].add(triple)
            subgraphs.setdefault(description, []).append(triple)
    return vocabulary, subgraphs


def validate(kg, *, origins: dict[str, str] | None = None, batch_size: int = BATCH_SIZE,
             processes: int | None = None) -> ValidationReport:
    """Validate every collaboration description in ``kg`` (its data and ontology graphs).

    ``origins`` maps subject ids to the file they came from, for the report.
    ``processes``: None chooses by the number of descriptions; 1 runs in this process.
    """
    vocabulary, subgraphs = extract(kg)
    files = [str(p) for p in shape_files()]
    items = sorted(subgraphs.items(), key=lambda kv: kv[0].id)
    batches = [items[i:i + batch_size] for i in range(0, len(items), batch_size)]
    if processes is None:
        processes = min(os.cpu_count() or 1, len(batches)) if len(items) >= PARALLEL_FROM else 1
    if processes > 1 and len(batches) > 1:
        ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
        with ctx.Pool(processes, initializer=_init, initargs=(files, vocabulary)) as pool:
            chunks = pool.map(_validate_batch, batches, chunksize=1)
    else:
        _init(files, vocabulary)
        chunks = [_validate_batch(batch) for batch in batches]
    chunks.append(run_sparql(kg, sparql_constraints(load_shapes(files))))

    names = description_names(kg)
    origins = origins or {}
    descriptions = [Description(node, names.get(node, unnamed(node)), origins.get(node.id)) for node, _ in items]
    by_node = {d.node: d for d in descriptions}
    owner: dict[Term, Term] = {}
    for node, triples in items:
        owner[node] = node
    for node, triples in items:
        for s, _, _ in triples:
            owner.setdefault(s, node)
    unique: dict = {}
    for result in (r for chunk in chunks for r in chunk):
        unique.setdefault(result.key(), result)
    results = list(unique.values())
    for r in results:
        r.collaboration = owner.get(r.focus)
        d = by_node.get(r.collaboration)
        if d is not None:
            r.collaboration_name, r.file = d.name, d.file
    order = {s: i for i, s in enumerate(SEVERITIES)}
    results.sort(key=lambda r: (r.file or "", r.collaboration_name.get("da", ""), order.get(r.severity, 9), r.shape, r.value.id if r.value else ""))
    return ValidationReport(results, descriptions)


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
    """Load files all-or-nothing like ``KnowledgeGraph.load_all``, remembering which file
    each subject came from so the report can name it."""
    from .store import DATA, ONTOLOGY, KnowledgeGraph

    origins: dict[str, str] = {}
    parts = []
    ontology = list(kg.store.quads_for_pattern(None, None, None, ONTOLOGY))
    for path in paths:
        scratch = KnowledgeGraph(ontology=False)
        scratch.store.extend(ontology)
        scratch.load(path, DATA)
        quads = list(scratch.store.quads_for_pattern(None, None, None, DATA))
        for q in quads:
            origins.setdefault(Term.from_oxigraph(q.subject).id, str(path))
        parts.append(quads)
    for quads in parts:
        kg.store.extend(quads)
    return origins

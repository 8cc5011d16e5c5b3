"""SHACL shapes compiled to SPARQL: one SELECT per constraint, over every focus node at once.

pySHACL walks the focus nodes one by one in Python, which costs about 0.3 ms per triple over a
whole graph: minutes for the national data set. Written as SPARQL, each constraint is one query
that Oxigraph answers over the data and ontology graphs in a single pass, so the whole set
validates in seconds. pySHACL stays the reference: the engine tests check that both give the
same results on every fixture, every example and a generated data set.

Both SHACL-SPARQL constraints (``sh:sparql``) and the SHACL Core components listed in
``COMPONENTS`` are compiled. A shape that uses anything else (``sh:node``, ``sh:or``,
``sh:closed``, ``sh:qualifiedValueShape``, SPARQL-based targets, ...) is not guessed at:
``compile_core`` names it with the reason, and the validator hands it to pySHACL.

Every query selects ``?this`` (the focus node) and, where the component reports one,
``?value`` (SPARQL constraints may also select ``?path``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

SH = "http://www.w3.org/ns/shacl#"
SKS = "https://w3id.org/samarbejde-kg/shapes#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL_CLASS = "http://www.w3.org/2002/07/owl#Class"

TARGETS = ("targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode")
# Predicates of a shape that are not constraints, or that another part of the validator reads.
NOT_CONSTRAINTS = {SH + p for p in (
    "path", "property", "severity", "message", "deactivated", "name", "description", "order",
    "group", "defaultValue", "sparql", "prefixes", "declare", "flags", *TARGETS)}
# Predicates by which one shape makes another part of its own constraint.
SHAPE_REFERENCES = {SH + p for p in ("node", "and", "or", "xone", "not", "qualifiedValueShape")}
# XSD datatypes whose lexical forms a SPARQL cast in Oxigraph checks, as pySHACL checks them.
CASTABLE = {XSD + t for t in (
    "string", "boolean", "integer", "decimal", "float", "double", "dateTime", "date", "time",
    "duration", "yearMonthDuration", "dayTimeDuration", "gYear")}
NODE_KINDS = {
    "IRI": "isIRI(?value)", "BlankNode": "isBlank(?value)", "Literal": "isLiteral(?value)",
    "BlankNodeOrIRI": "(isBlank(?value) || isIRI(?value))",
    "BlankNodeOrLiteral": "(isBlank(?value) || isLiteral(?value))",
    "IRIOrLiteral": "(isIRI(?value) || isLiteral(?value))",
}
COMPARISONS = {"minInclusive": ">=", "maxInclusive": "<=", "minExclusive": ">", "maxExclusive": "<"}


class Unsupported(Exception):
    """A shape uses a feature that this compiler does not translate."""


@dataclass
class SparqlConstraint:
    """One constraint of one shape as a SELECT over every focus node at once."""

    shape: str
    query: str
    severity: str                 # Violation | Warning | Info
    path: str | None              # the result path when the shape's path is a plain IRI
    messages: dict[str, str]
    fix: dict[str, str]
    component: str = SH + "SPARQLConstraintComponent"


# ---------------------------------------------------------------------------- shapes and targets
def is_true(shapes, node, prop: str) -> bool:
    import rdflib

    return shapes.value(node, rdflib.URIRef(prop)) == rdflib.Literal(True)


def targets(shapes, shape) -> list[tuple[str, object]]:
    """A shape's targets; a property shape without its own inherits those of the (active)
    node shapes that point at it with sh:property."""
    import rdflib

    own = [(SH + k, o) for k in TARGETS for o in shapes.objects(shape, rdflib.URIRef(SH + k))]
    if own:
        return own
    return [t for parent in shapes.subjects(rdflib.URIRef(SH + "property"), shape)
            if not is_true(shapes, parent, SH + "deactivated") for t in targets(shapes, parent)]


def all_shapes(shapes) -> set:
    """Every node of the shapes graph that SHACL treats as a shape."""
    import rdflib

    sh = rdflib.Namespace(SH)
    found = set(shapes.subjects(rdflib.RDF.type, sh.NodeShape)) | set(shapes.subjects(rdflib.RDF.type, sh.PropertyShape))
    found |= set(shapes.objects(None, sh.property)) | set(shapes.subjects(sh.path, None))
    for kind in (*TARGETS, "target"):
        found |= set(shapes.subjects(sh[kind], None))
    return found


def focus_nodes(shapes, shape) -> str | None:
    """A subquery binding ``?this`` to every focus node of the shape (None: it has none)."""
    import rdflib

    sh = rdflib.Namespace(SH)
    if (shape, sh.target, None) in shapes:
        raise Unsupported("sh:target")
    if any((shape, rdflib.RDF.type, c) in shapes for c in (rdflib.RDFS.Class, rdflib.URIRef(OWL_CLASS))):
        raise Unsupported("implicit class target")
    parents = list(shapes.subjects(sh.property, shape))
    if any((p, sh.path, None) in shapes for p in parents):
        raise Unsupported("sh:property of a property shape")
    parts = []
    for kind, target in targets(shapes, shape):
        if kind == SH + "targetClass":
            parts.append(f"{{ ?this <{RDF_TYPE}>/<{RDFS}subClassOf>* <{target}> }}")
        elif kind == SH + "targetSubjectsOf":
            parts.append(f"{{ ?this <{target}> [] }}")
        elif kind == SH + "targetObjectsOf":
            parts.append(f"{{ [] <{target}> ?this }}")
        elif isinstance(target, rdflib.BNode):
            raise Unsupported("sh:targetNode with a blank node")
        else:
            parts.append(f"{{ VALUES ?this {{ {target.n3()} }} }}")
    if not parts:
        return None
    return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " } }"


def sparql_path(shapes, node) -> str:
    """A SHACL property path as a SPARQL property path."""
    import rdflib
    from rdflib.collection import Collection

    sh = rdflib.Namespace(SH)
    if isinstance(node, rdflib.URIRef):
        return f"<{node}>"
    if (node, rdflib.RDF.first, None) in shapes:
        return "(" + "/".join(sparql_path(shapes, n) for n in Collection(shapes, node)) + ")"
    for prop, template in (("inversePath", "^({})"), ("zeroOrMorePath", "({})*"),
                           ("oneOrMorePath", "({})+"), ("zeroOrOnePath", "({})?")):
        inner = shapes.value(node, sh[prop])
        if inner is not None:
            return template.format(sparql_path(shapes, inner))
    alternatives = shapes.value(node, sh.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(sparql_path(shapes, n) for n in Collection(shapes, alternatives)) + ")"
    raise Unsupported("a property path form other than IRI, inverse, sequence, alternative or repetition")


# ---------------------------------------------------------------------------- components
def values(path: str | None) -> str:
    """The value nodes: objects of the path, or the focus node itself for a node shape."""
    return f"?this {path} ?value ." if path else "BIND (?this AS ?value)"


def failing(condition: str) -> str:
    """Keep the value nodes for which ``condition`` is false or an error (incomparable values)."""
    return f"FILTER (!COALESCE({condition}, false))"


def min_count(shapes, focus, path, n):
    if path is None:
        raise Unsupported("sh:minCount on a node shape")
    if int(n) == 1:           # the common case, as an anti-join: about twice as fast as counting
        return f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {path} ?value }} }}"
    return (f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {path} ?value }} }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {int(n)})")


def max_count(shapes, focus, path, n):
    if path is None:
        raise Unsupported("sh:maxCount on a node shape")
    if int(n) == 1:           # two different values, without counting every focus node's values
        return (f"SELECT DISTINCT ?this WHERE {{ {focus} ?this {path} ?value . ?this {path} ?other "
                f"FILTER (!sameTerm(?value, ?other)) }}")
    return (f"SELECT ?this WHERE {{ {focus} ?this {path} ?value }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {int(n)})")


def class_(shapes, focus, path, c):
    return (f"SELECT ?this ?value WHERE {{ {focus} {values(path)} "
            f"FILTER NOT EXISTS {{ ?value <{RDF_TYPE}>/<{RDFS}subClassOf>* <{c}> }} }}")


def datatype(shapes, focus, path, d):
    d = str(d)
    if d == RDFS + "Literal":
        ok = "isLiteral(?value)"
    elif d == RDF_LANGSTRING:
        ok = "(isLiteral(?value) && LANG(?value) != \"\")"
    elif d in CASTABLE:
        ok = f"(isLiteral(?value) && DATATYPE(?value) = <{d}> && DATATYPE(<{d}>(STR(?value))) = <{d}>)"
    elif d.startswith(XSD):
        raise Unsupported(f"sh:datatype {d} (its lexical forms are not checked here)")
    else:
        ok = f"(isLiteral(?value) && DATATYPE(?value) = <{d}>)"
    return f"SELECT ?this ?value WHERE {{ {focus} {values(path)} {failing(ok)} }}"


def node_kind(shapes, focus, path, kind):
    try:
        ok = NODE_KINDS[str(kind)[len(SH):]]
    except KeyError:
        raise Unsupported(f"sh:nodeKind {kind}") from None
    return f"SELECT ?this ?value WHERE {{ {focus} {values(path)} {failing(ok)} }}"


def has_value(shapes, focus, path, v):
    if path is None:
        return f"SELECT ?this WHERE {{ {focus} FILTER (!sameTerm(?this, {v.n3()})) }}"
    return f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {path} {v.n3()} }} }}"


def in_(shapes, focus, path, members):
    from rdflib.collection import Collection

    allowed = " || ".join(f"sameTerm(?value, {m.n3()})" for m in Collection(shapes, members)) or "false"
    return f"SELECT ?this ?value WHERE {{ {focus} {values(path)} {failing(allowed)} }}"


def pattern(shapes, focus, path, regex, flags=None):
    import rdflib

    args = rdflib.Literal(str(regex)).n3() + (", " + rdflib.Literal(str(flags)).n3() if flags is not None else "")
    ok = f"(!isBlank(?value) && REGEX(STR(?value), {args}))"
    return f"SELECT ?this ?value WHERE {{ {focus} {values(path)} {failing(ok)} }}"


def length(op):
    def build(shapes, focus, path, n):
        ok = f"(!isBlank(?value) && STRLEN(STR(?value)) {op} {int(n)})"
        return f"SELECT ?this ?value WHERE {{ {focus} {values(path)} {failing(ok)} }}"
    return build


def comparison(op):
    def build(shapes, focus, path, bound):
        ok = f"(isLiteral(?value) && ?value {op} {bound.n3()})"
        return f"SELECT ?this ?value WHERE {{ {focus} {values(path)} {failing(ok)} }}"
    return build


# constraint parameter -> (constraint component, query builder)
COMPONENTS = {
    "minCount": ("MinCountConstraintComponent", min_count),
    "maxCount": ("MaxCountConstraintComponent", max_count),
    "class": ("ClassConstraintComponent", class_),
    "datatype": ("DatatypeConstraintComponent", datatype),
    "nodeKind": ("NodeKindConstraintComponent", node_kind),
    "hasValue": ("HasValueConstraintComponent", has_value),
    "in": ("InConstraintComponent", in_),
    "pattern": ("PatternConstraintComponent", pattern),
    "minLength": ("MinLengthConstraintComponent", length(">=")),
    "maxLength": ("MaxLengthConstraintComponent", length("<=")),
    **{name: (name[0].upper() + name[1:] + "ConstraintComponent", comparison(op)) for name, op in COMPARISONS.items()},
}


# ---------------------------------------------------------------------------- compiling
def texts(shapes, node, prop: str, default_lang: str) -> dict[str, str]:
    import rdflib

    found: dict[str, str] = {}
    for text in shapes.objects(node, rdflib.URIRef(prop)):
        found.setdefault(text.language or default_lang, str(text))
    return found


def describe(shapes, shape, query: str, component: str) -> SparqlConstraint:
    import rdflib

    path = shapes.value(shape, rdflib.URIRef(SH + "path"))
    messages = texts(shapes, shape, SH + "message", "en") or {"en": f"{component.rsplit('#', 1)[-1]} not satisfied"}
    return SparqlConstraint(
        shape=str(shape), query=query, component=component,
        severity=str(shapes.value(shape, rdflib.URIRef(SH + "severity")) or SH + "Violation").rsplit("#", 1)[-1],
        path=str(path) if isinstance(path, rdflib.URIRef) else None,
        messages=messages, fix=texts(shapes, shape, SKS + "fix", "da"))


def compile_shape(shapes, shape) -> list[SparqlConstraint]:
    """The SHACL Core constraints of one shape; raises Unsupported for anything else."""
    import rdflib

    params = {p for p in shapes.predicates(shape) if str(p).startswith(SH)}
    unknown = {str(p) for p in params} - NOT_CONSTRAINTS - {SH + name for name in COMPONENTS}
    if unknown:
        raise Unsupported(", ".join(sorted("sh:" + p[len(SH):] for p in unknown)))
    if is_true(shapes, shape, SH + "deactivated"):
        return []
    path_node = shapes.value(shape, rdflib.URIRef(SH + "path"))
    path = sparql_path(shapes, path_node) if path_node is not None else None
    focus = focus_nodes(shapes, shape)
    compiled = []
    for name, (component, build) in COMPONENTS.items():
        for arg in shapes.objects(shape, rdflib.URIRef(SH + name)):
            extra = ()
            if name == "pattern":
                extra = (shapes.value(shape, rdflib.URIRef(SH + "flags")),)
            query = build(shapes, focus, path, arg, *extra)
            if focus is not None:
                compiled.append(describe(shapes, shape, query, SH + component))
    return compiled


def compile_core(shapes) -> tuple[list[SparqlConstraint], dict[str, str]]:
    """Every SHACL Core constraint of the shapes graph as SPARQL, and the shapes left to
    pySHACL (shape IRI -> what the compiler does not translate)."""
    compiled: list[SparqlConstraint] = []
    unsupported: dict[str, str] = {}
    for shape in sorted(all_shapes(shapes), key=str):
        try:
            compiled += compile_shape(shapes, shape)
        except Unsupported as exc:
            unsupported[str(shape)] = str(exc)
    return compiled, unsupported


def referenced_shapes(shapes) -> set[str]:
    """Shapes that another shape uses as part of its constraint (sh:node, sh:or, ...): pySHACL
    must keep them active when it validates the shapes that refer to them."""
    import rdflib
    from rdflib.collection import Collection

    found = set()
    for prop in SHAPE_REFERENCES:
        for obj in shapes.objects(None, rdflib.URIRef(prop)):
            members = list(Collection(shapes, obj)) if (obj, rdflib.RDF.first, None) in shapes else [obj]
            found |= {str(m) for m in members}
    return found


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def sparql_constraints(shapes) -> list[SparqlConstraint]:
    """Each sh:sparql constraint as a query with the SHACL pre-binding made explicit:
    ``$this`` ranges over the shape's targets, ``$PATH`` is the shape's path."""
    import rdflib

    sh = rdflib.Namespace(SH)
    compiled = []
    for shape, constraint in shapes.subject_objects(sh.sparql):
        if is_true(shapes, shape, SH + "deactivated") or is_true(shapes, constraint, SH + "deactivated"):
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
        focus = focus_nodes(shapes, shape)
        if focus is None:
            continue
        match = _WHERE.search(body)
        query = prefixes + body[:match.end()] + f" {focus} " + body[match.end():]
        holder = constraint if shapes.value(constraint, sh.message) is not None else shape
        c = describe(shapes, shape, query, SH + "SPARQLConstraintComponent")
        c.messages = texts(shapes, holder, SH + "message", "en")
        compiled.append(c)
    return compiled

"""IRIs the package relies on: the ontology namespace, the named graphs and the instance base.

The instance base is configurable (``--base`` or ``SAMARBEJDE_BASE``); data files write
instance IRIs relative to it (``<kommune/0101>``), so one setting moves every instance.
"""
import os
import re

SK = "https://w3id.org/samarbejde-kg/def#"
ONTOLOGY_IRI = "https://w3id.org/samarbejde-kg/def"
RULE = "https://w3id.org/samarbejde-kg/rule/"
GRAPH = "https://w3id.org/samarbejde-kg/graph/"
ONTOLOGY_GRAPH = GRAPH + "ontology"
DATA_GRAPH = GRAPH + "data"
INFERRED_GRAPH = GRAPH + "inferred"
DEFAULT_BASE = "https://w3id.org/samarbejde-kg/id/"

PREFIXES = {
    "sk": SK,
    "skr": RULE,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
}


def base() -> str:
    """The instance base IRI in force (ends with a slash)."""
    value = os.environ.get("SAMARBEJDE_BASE") or DEFAULT_BASE
    return value if value.endswith("/") else value + "/"


def sparql_prefixes() -> str:
    """PREFIX declarations for every prefix in PREFIXES, one per line: for queries written in
    Python, and before every rule (a rule may use the package prefixes without declaring them,
    as a named query may)."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def shorten(iri: str) -> str:
    """A CURIE for an IRI in a known namespace, else the IRI in angle brackets."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"


# IRI schemes whose IRIs have no "//": ``urn:x:y`` is an IRI, ``nope:x`` a CURIE with a typo
SCHEMES = {"urn", "tag", "mailto", "info", "did", "doi", "data"}
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def unknown_prefix(text: str) -> str | None:
    """The prefix of ``text`` when it reads as a CURIE whose prefix is not declared (and not a
    full IRI such as ``https://…`` or ``urn:…``), else None."""
    value = text.strip()
    if value.startswith("<"):
        return None
    prefix, colon, rest = value.partition(":")
    if colon and prefix not in PREFIXES and _SCHEME.fullmatch(prefix + ":") \
            and not (rest.startswith("//") or prefix.lower() in SCHEMES):
        return prefix
    return None


def resolve(text: str) -> str:
    """An IRI from a full IRI (``https://…``, ``urn:…``, or anything in ``<…>`` with a scheme), a
    CURIE (``sk:…``) or an IRI relative to the instance base. An undeclared prefix is refused: it
    is a typo far more often than a relative IRI."""
    from .errors import InputError

    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        inner = text[1:-1].strip()
        return inner if _SCHEME.match(inner) else base() + inner.lstrip("/")
    if "://" in text:
        return text
    prefix, colon, local = text.partition(":")
    if colon and prefix in PREFIXES:
        return PREFIXES[prefix] + local
    if unknown_prefix(text):
        raise InputError(f"unknown prefix {prefix!r} in {text!r}; known prefixes: {', '.join(PREFIXES)}; "
                         "write a full IRI as <…>")
    if colon and prefix.lower() in SCHEMES:
        return text
    return base() + text.lstrip("/")


_NUMBER = re.compile(r"[+-]?(\d+)(\.\d+)?|[+-]?\.\d+")
_LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(\S+))?', re.S)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parameter_value(text: str):
    """A query parameter's value as users write it: a number (``0.6``, ``3``), ``true``/``false``,
    a date (``2025-01-01``), a quoted literal (``"tekst"@da``, ``"0.6"^^xsd:decimal``), else an
    IRI (full, ``<…>``, a CURIE or relative to the instance base)."""
    import pyoxigraph as ox

    from .errors import InputError

    value = text.strip()
    if not value:
        raise InputError("the value is empty")
    xsd = PREFIXES["xsd"]
    if (m := _LITERAL.fullmatch(value)) is not None:
        lexical = m.group(1).replace('\\"', '"').replace("\\\\", "\\")
        if m.group(2):
            return ox.Literal(lexical, language=m.group(2))
        return ox.Literal(lexical, datatype=resolve_node(m.group(3)) if m.group(3) else None)
    if _NUMBER.fullmatch(value):
        return ox.Literal(value, datatype=ox.NamedNode(xsd + ("integer" if "." not in value else "decimal")))
    if value in ("true", "false"):
        return ox.Literal(value, datatype=ox.NamedNode(xsd + "boolean"))
    if _DATE.fullmatch(value):
        return ox.Literal(value, datatype=ox.NamedNode(xsd + "date"))
    if value.startswith('"'):
        raise InputError(f"{text!r} is not a literal: expected \"text\", \"text\"@lang or \"text\"^^type")
    return resolve_node(value)


def resolve_node(text: str):
    """:func:`resolve` as a node, or an InputError saying why ``text`` is not an IRI."""
    import pyoxigraph as ox

    from .errors import InputError

    try:
        return ox.NamedNode(resolve(text))
    except ValueError as exc:
        raise InputError(f"{text!r} is not an IRI: {exc}") from None

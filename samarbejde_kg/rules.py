"""Rules as data: ``rules/*.ru`` files of SPARQL 1.1 Update with a comment header.

Loading a rule parses its header (id, labels, comment, source) and works out, from the
update's algebra, which statements it reads and writes. A statement is keyed by the class
of its subject (when the rule types the variable) and its predicate, so that rules writing
results of one class do not appear to depend on rules writing another. Reads inside
``NOT EXISTS``/``MINUS`` are negative, reads under ``GROUP BY``/aggregates are aggregate
reads; reads inside ``GRAPH <…/graph/data>`` see only explicit data and depend on no rule.
The analysis is cached by the rules' content hash, since parsing SPARQL with rdflib is slow.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import namespaces as ns
from . import resources
from .errors import InputError

RDF_TYPE = ns.PREFIXES["rdf"] + "type"
ANY = "*"
HEADER = re.compile(r"^#\s*([\w-]+)(?:@(\w+))?\s*:\s*(.*)$")


@dataclass(frozen=True)
class Key:
    """A kind of statement: subject class (or ANY) and predicate (or ANY)."""

    cls: str
    pred: str

    def matches(self, other: "Key") -> bool:
        return (self.pred == other.pred or ANY in (self.pred, other.pred)) and (
            self.cls == other.cls or ANY in (self.cls, other.cls)
        )

    def __str__(self):
        short = lambda iri: ns.shorten(iri) if iri != ANY else ANY  # noqa: E731
        return f"{short(self.cls)} {short(self.pred)}"


@dataclass
class Rule:
    id: str
    path: Path
    text: str
    labels: dict = field(default_factory=dict)
    comments: dict = field(default_factory=dict)
    source: str = ""
    scope: str = "collaboration"  # what one run's results depend on: one description, or a municipality's
    lean: str | None = ""   # the text without provenance links (templates.py); None: it writes only those
    reads: set = field(default_factory=set)
    negative: set = field(default_factory=set)   # reads under NOT EXISTS / MINUS
    aggregate: set = field(default_factory=set)  # reads under an aggregate
    writes: set = field(default_factory=set)

    @property
    def iri(self) -> str:
        return ns.RULE + self.id

    def label(self, lang: str = "da") -> str:
        return self.labels.get(lang) or self.labels.get("en") or self.labels.get("da") or self.id

    def depends_on(self, other: "Rule") -> tuple[bool, bool]:
        """(depends, through negation or aggregation) on another rule's writes."""
        hit = lambda reads: any(r.matches(w) for r in reads for w in other.writes)  # noqa: E731
        return hit(self.reads), hit(self.negative | self.aggregate)


def parse_header(path: Path, text: str) -> dict:
    meta = {"labels": {}, "comments": {}, "source": "", "id": path.stem, "scope": "collaboration"}
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = HEADER.match(line)
        if not m:
            continue
        key, lang, value = m.group(1).lower(), m.group(2), m.group(3).strip()
        if key == "id":
            meta["id"] = value
        elif key == "label":
            meta["labels"][lang or "en"] = value
        elif key == "comment":
            meta["comments"][lang or "en"] = value
        elif key == "source":
            meta["source"] = value
        elif key == "scope":
            if value not in ("collaboration", "municipality"):
                raise InputError(f"scope must be 'collaboration' or 'municipality', not {value!r}", where=resources.relative(path))
            meta["scope"] = value
    return meta


def load_rules(folder: Path | None = None) -> list[Rule]:
    """Every ``*.ru`` file in the rules folder, analysed (cached by content)."""
    paths = sorted((folder or resources.folder("rules")).glob("*.ru"))
    texts = {p: p.read_text(encoding="utf-8") for p in paths}
    # the analysis depends on the rule texts and on this module's code
    digest = hashlib.sha256(Path(__file__).read_bytes() + "\0".join(
        f"{p.name}\0{t}" for p, t in texts.items()).encode()).hexdigest()
    cached = _read_cache(digest)
    rules, seen = [], {}
    for path, text in texts.items():
        meta = parse_header(path, text)
        if meta["id"] in seen:
            raise InputError(f"rule id {meta['id']!r} is also used by {seen[meta['id']].name}", where=resources.relative(path))
        seen[meta["id"]] = path
        rule = Rule(meta["id"], path, text, meta["labels"], meta["comments"], meta["source"], meta["scope"])
        if cached and path.name in cached:
            for attr in ("reads", "negative", "aggregate", "writes"):
                setattr(rule, attr, {Key(*k) for k in cached[path.name][attr]})
            rule.lean = cached[path.name]["lean"]
        else:
            analyse(rule)
        rules.append(rule)
    analysed = {r.path.name: r.lean for r in rules}
    for rule in rules:   # as the engine runs them: the package prefixes first, a rule's own may redeclare them
        rule.text = ns.sparql_prefixes() + rule.text
        rule.lean = ns.sparql_prefixes() + rule.lean if rule.lean is not None else None
    if not cached:
        _write_cache(digest, {r.path.name: {"lean": analysed[r.path.name], **{a: sorted([k.cls, k.pred] for k in getattr(r, a))
                                            for a in ("reads", "negative", "aggregate", "writes")}} for r in rules})
    return rules


# ---------------------------------------------------------------------------- analysis

def _algebra(text: str):
    from rdflib.plugins.sparql.algebra import translateUpdate
    from rdflib.plugins.sparql.parser import parseUpdate

    return translateUpdate(parseUpdate(text)).algebra


def _inserted(op) -> list[tuple]:
    """(graph or None for the default graph, triples) for each block an operation inserts.

    Keys are tested with ``in``: rdflib's ``CompValue.get`` returns the key itself when absent."""
    source = op if op.name == "InsertData" else (op["insert"] if "insert" in op else None)
    if source is None:
        return []
    quads = source["quads"] if "quads" in source and source["quads"] else {}
    triples = source["triples"] if "triples" in source and source["triples"] else []
    return list(quads.items()) + ([(None, triples)] if triples else [])


def short_expected(message: str, shown: int = 8) -> str:
    """The parser's "expected one of …" with its first alternatives only: the whole grammar
    of a term (every Unicode range of a name) does not fit on a line."""
    if not message.startswith("expected one of "):
        return message
    options = re.findall(r'"(?:[^"\\]|\\.)*"|\[[^\]]*\]|\w+', message[len("expected one of "):])
    if len(options) <= shown:
        return message
    return f"expected one of {', '.join(options[:shown])} … ({len(options) - shown} more)"


def parse_update(path: Path, text: str) -> None:
    """Parse a rule as the engine runs it (Oxigraph, the package prefixes first), so a problem
    is placed where it is in the file; then as the rule analysis reads it (rdflib)."""
    import pyoxigraph as ox
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseUpdate

    offset = len(ns.PREFIXES)
    try:
        ox.Store().update(ns.sparql_prefixes() + text)   # an empty store: parsed, nothing to change
    except SyntaxError as exc:
        detail = str(getattr(exc, "msg", None) or exc)
        m = re.match(r"error at (\d+):(\d+): (.*)", detail, re.S)
        where = f"{resources.relative(path)}:{int(m.group(1)) - offset}:{m.group(2)}" if m else resources.relative(path)
        raise InputError(f"SPARQL update syntax error: {short_expected((m.group(3) if m else detail).strip())}",
                         where=where) from None
    try:
        parseUpdate(ns.sparql_prefixes() + text)
    except ParseException as exc:
        raise InputError(f"SPARQL update syntax error: {exc.msg}", where=f"{resources.relative(path)}:{exc.lineno - offset}:{exc.col}") from None


def insert_template(text: str) -> list:
    """The triples an update inserts (any graph), as rdflib terms."""
    return [t for op in _algebra(text) for _, triples in _inserted(op) for t in triples]


def analyse(rule: Rule) -> None:
    """Fill ``reads``/``negative``/``aggregate``/``writes`` from the update's algebra, and
    the lean text (without provenance links)."""
    from .templates import lean_text

    try:
        algebra = _algebra(rule.text)
    except Exception as exc:
        parse_update(rule.path, rule.text)   # places the error in the file, as 'samarbejde check' does
        raise InputError(f"not a valid SPARQL 1.1 Update: {exc}", where=resources.relative(rule.path)) from None
    written = []
    for op in algebra:
        if op.name not in ("Modify", "InsertData") or ("delete" in op and op["delete"]):
            raise InputError(f"a rule may only INSERT, found {op.name if op.name != 'Modify' else 'DELETE'}",
                             where=resources.relative(rule.path))
        types: dict = {}
        _collect_types(op, types)
        templates = []
        for graph, triples in _inserted(op):
            if graph is None:
                raise InputError(f"a rule writes only into GRAPH <{ns.INFERRED_GRAPH}>", where=resources.relative(rule.path))
            if str(graph) != ns.INFERRED_GRAPH:
                raise InputError(f"a rule writes only into <{ns.INFERRED_GRAPH}>, not <{graph}>", where=resources.relative(rule.path))
            templates.extend(triples)
        written.extend(templates)
        for s, p, o in templates:
            rule.writes.update(_keys(s, p, o, types))
        if op.get("where") is not None:
            _walk(op["where"], rule, types, negative=False, aggregate=False)
    rule.lean = lean_text(rule.text, written, ns.INFERRED_GRAPH) if len(algebra) == 1 else rule.text


def _terms(value):
    """Flatten a (possibly nested) triples list into a flat list of terms."""
    out = []
    for item in value:
        if isinstance(item, (list, tuple)):
            out.extend(_terms(item))
        else:
            out.append(item)
    return out


def _triples(value):
    terms = _terms(value)
    return [tuple(terms[i:i + 3]) for i in range(0, len(terms) - len(terms) % 3, 3)]


def _collect_types(node, types):
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import URIRef, Variable

    if isinstance(node, CompValue) or isinstance(node, dict):
        for key, value in node.items():
            if key in ("triples",) and isinstance(value, (list, tuple)):
                for s, p, o in _triples(value):
                    if isinstance(s, Variable) and str(p) == RDF_TYPE and isinstance(o, URIRef):
                        types.setdefault(str(s), set()).add(str(o))
            elif key == "quads" and isinstance(value, dict):
                for triples in value.values():
                    _collect_types({"triples": triples}, types)
            else:
                _collect_types(value, types)
    elif isinstance(node, (list, tuple)):
        for item in node:
            _collect_types(item, types)


def _predicates(p):
    """IRIs a predicate position can match: an IRI, or every IRI in a property path."""
    from rdflib.paths import Path as RPath
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import URIRef, Variable

    if isinstance(p, URIRef):
        return {str(p)}
    if isinstance(p, Variable):
        return {ANY}
    found = set()
    if isinstance(p, RPath):
        for attr in ("args", "arg", "path"):
            sub = getattr(p, attr, None)
            if sub is None:
                continue
            for item in sub if isinstance(sub, (list, tuple)) else [sub]:
                found |= _predicates(item)
        return found
    if isinstance(p, CompValue):
        for value in p.values():
            for item in value if isinstance(value, (list, tuple)) else [value]:
                found |= _predicates(item)
        return found
    return found


def _keys(s, p, o, types):
    from rdflib.term import URIRef, Variable

    preds = _predicates(p)
    classes = types.get(str(s), {ANY}) if isinstance(s, Variable) else {ANY}
    keys = set()
    for pred in preds:
        if pred == RDF_TYPE:
            keys.add(Key(str(o) if isinstance(o, URIRef) else ANY, RDF_TYPE))
        else:
            keys.update(Key(cls, pred) for cls in classes)
    return keys


def _walk(node, rule, types, *, negative, aggregate):
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        name = node.name
        if name in ("Graph", "GraphGraphPattern") and str(node.get("term")) == ns.DATA_GRAPH:
            return  # explicit data only: depends on no rule
        negative = negative or name in ("Builtin_NOTEXISTS", "Minus", "MinusGraphPattern")
        aggregate = aggregate or name in ("AggregateJoin", "Group")
        for key, value in node.items():
            if key == "triples" and isinstance(value, (list, tuple)):
                for s, p, o in _triples(value):
                    keys = _keys(s, p, o, types)
                    rule.reads |= keys
                    if negative:
                        rule.negative |= keys
                    if aggregate:
                        rule.aggregate |= keys
            else:
                _walk(value, rule, types, negative=negative, aggregate=aggregate)
    elif isinstance(node, (list, tuple)):
        for item in node:
            _walk(item, rule, types, negative=negative, aggregate=aggregate)


# ---------------------------------------------------------------------------- cache

def _cache_file(digest: str) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "samarbejde_kg" / f"rules-{digest[:32]}.json"


def _read_cache(digest: str):
    try:
        return json.loads(_cache_file(digest).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


CACHE_KEEP = 20


def _write_cache(digest: str, data) -> None:
    path = _cache_file(digest)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(path)
        # keep the analyses of the last few rule sets (an edited rule set is a new one)
        for old in sorted(path.parent.glob("rules-*.json"), key=lambda p: p.stat().st_mtime)[:-CACHE_KEEP]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home only costs the analysis time

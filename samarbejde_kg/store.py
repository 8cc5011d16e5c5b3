"""The embedded store: an Oxigraph dataset with three named graphs.

* the ontology graph holds ``ontology/**/*.ttl`` (TBox, vocabularies, reference data);
* the data graph holds collaboration descriptions exactly as loaded;
* the inferred graph holds what the rules derive, so explicit data is never changed.

SPARQL queries see the union of the graphs. Oxigraph was chosen by measurement (see
``benchmarks/``): parsing, aggregate queries and rule updates are one to two orders of
magnitude faster than rdflib's in-memory graph; rdflib remains the API for pySHACL and
for serialisations Oxigraph lacks.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from . import namespaces as ns
from . import resources
from .errors import InputError
from .sparql_errors import service_refused, syntax_message

RDF_EXTENSIONS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}
SURVEY_EXTENSIONS = {".csv", ".xlsx"}
OUTPUT_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
    "rdfxml": ox.RdfFormat.RDF_XML,
}

RDF_TYPE = ox.NamedNode(ns.PREFIXES["rdf"] + "type")
COLLABORATION = ox.NamedNode(ns.SK + "Collaboration")
GENERATED_BY = ox.NamedNode(ns.PREFIXES["prov"] + "wasGeneratedBy")
ONTOLOGY = ox.NamedNode(ns.ONTOLOGY_GRAPH)
DATA = ox.NamedNode(ns.DATA_GRAPH)
INFERRED = ox.NamedNode(ns.INFERRED_GRAPH)


def syntax_error(path: Path | str, exc: SyntaxError, fmt: ox.RdfFormat | None = None,
                 raw: bytes | None = None) -> InputError:
    """A one-line error naming the file, line and column of a parse error.

    Oxigraph gives no position for RDF/XML and JSON-LD errors: an RDF/XML file that is not
    well-formed XML gets the position from Python's XML parser; otherwise the message says
    that the position is unknown."""
    line, col = getattr(exc, "lineno", None), getattr(exc, "offset", None)
    if not line and fmt == ox.RdfFormat.RDF_XML:
        line, col = xml_error_position(path, raw)
    message = str(exc.msg if hasattr(exc, "msg") and exc.msg else exc)
    message = message.split(": ", 1)[1] if message.startswith("Parser error") and ": " in message else message
    if not line:
        return InputError(f"{message} (line and column unknown)", where=str(path))
    return InputError(message, where=f"{path}:{line}:{col}")


def xml_error_position(path: Path | str, raw: bytes | None = None) -> tuple[int | None, int | None]:
    """Line and column (from 1) of the first XML well-formedness error, or (None, None)."""
    from xml.parsers import expat

    parser = expat.ParserCreate()
    try:
        if raw is not None:
            parser.Parse(raw, True)
        else:
            with open(path, "rb") as handle:
                parser.ParseFile(handle)
    except expat.ExpatError as exc:
        return exc.lineno, exc.offset + 1
    except OSError:
        pass
    return None, None


def open_disk_store(path, read_only: bool = False) -> ox.Store:
    """An on-disk store; read-only needs no lock, so readers (a server, queries) share a
    store. A failure caused by another process writing to the store is said in one line, and
    a reader does not open a store that is being written: it would see part of the data."""
    if read_only and writer_active(path):
        raise store_failure(path, RuntimeError("being written"), "open")
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except (OSError, RuntimeError) as exc:
        raise store_failure(path, exc, "open") from None


def store_failure(path, exc: Exception, doing: str = "read") -> InputError:
    """One line for a store that could not be opened or read, naming a writing process
    as the cause when there is one (a read-only reader sees files vanish under it)."""
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    if "lock" in first.lower() or writer_active(path):
        return InputError(f"cannot {doing} the store: another process is writing to it "
                          "(a running 'samarbejde reason --store'?); try again when it has finished", where=str(path))
    return InputError(f"cannot {doing} the store: {first}", where=str(path))


def writer_active(path) -> bool:
    """Whether another process holds the store's write lock (RocksDB locks LOCK with fcntl)."""
    try:
        import fcntl
    except ImportError:   # not on POSIX: cannot tell
        return False
    try:
        with open(Path(path) / "LOCK", "rb+") as handle:
            try:
                fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return True
            fcntl.lockf(handle, fcntl.LOCK_UN)
    except OSError:
        return False
    return False


def rdf_format(path: Path) -> ox.RdfFormat:
    try:
        return RDF_EXTENSIONS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(set(RDF_EXTENSIONS) | SURVEY_EXTENSIONS))
        raise InputError(f"unknown file type {path.suffix or '(none)'!r}; expected one of {known}", where=str(path)) from None


class KnowledgeGraph:
    """An Oxigraph store holding the ontology, the data and the inferences."""

    def __init__(self, path: str | Path | None = None, *, ontology: bool = True, read_only: bool = False):
        self.on_disk = bool(path)
        self.store = open_disk_store(path, read_only) if path else ox.Store()
        if ontology and not self.has_graph(ONTOLOGY):
            self.load_ontology()

    # ------------------------------------------------------------------ loading
    def has_graph(self, graph: ox.NamedNode) -> bool:
        return next(iter(self.store.quads_for_pattern(None, None, None, graph)), None) is not None

    def load_ontology(self) -> None:
        """Load every ``ontology/**/*.ttl`` and stamp the package version on the ontology."""
        files = resources.files("ontology", "*.ttl")
        if not files:
            raise InputError(f"no ontology files found under {resources.folder('ontology')}")
        for path in files:
            self.load_rdf(path, ONTOLOGY)
        stamp = version_quads(ONTOLOGY)
        for quad in stamp:   # one source of the version: a hand-written one is replaced ('samarbejde check' says so)
            for written in list(self.store.quads_for_pattern(quad.subject, quad.predicate, None, ONTOLOGY)):
                self.store.remove(written)
        self.store.extend(stamp)

    def load_rdf(self, path: Path, graph: ox.NamedNode = DATA, data: bytes | None = None, *,
                 stream: bool = False) -> None:
        """Parse one RDF file into ``graph``; relative IRIs resolve against the instance base.

        With ``stream`` (an on-disk store) a triples file is streamed in without a transaction,
        so inputs larger than memory load; the caller undoes a failure (:meth:`load_all`).
        """
        path = Path(path)
        fmt = rdf_format(path)
        if stream and data is None and not fmt.supports_datasets and fmt != ox.RdfFormat.JSON_LD:
            try:
                self.store.bulk_load(path=str(path), format=fmt, base_iri=ns.base(), to_graph=graph)
            except SyntaxError as exc:
                raise syntax_error(path, exc, fmt) from None
            except OSError as exc:
                raise InputError(exc.strerror or str(exc), where=str(path)) from None
            self.skolemize_descriptions(graph)
            self.strip_inferences(graph)
            return
        try:
            raw = data if data is not None else path.read_bytes()
        except OSError as exc:
            raise InputError(exc.strerror or str(exc), where=str(path)) from None
        if fmt == ox.RdfFormat.JSON_LD:
            from .jsonld_values import check_iris

            original, raw = raw, inline_jsonld_context(path, raw)
            check_iris(path, original, raw, self.store)
        try:
            if fmt.supports_datasets:
                # a dataset's own graph names do not matter here: its statements are data
                scratch = ox.Store()
                scratch.load(raw, format=fmt, base_iri=ns.base())
                self.store.extend(ox.Quad(q.subject, q.predicate, q.object, graph) for q in scratch)
            else:
                self.store.load(raw, format=fmt, base_iri=ns.base(), to_graph=graph)
        except SyntaxError as exc:
            raise syntax_error(path, exc, fmt, raw) from None
        self.skolemize_descriptions(graph)
        self.strip_inferences(graph)

    def strip_inferences(self, graph: ox.NamedNode = DATA) -> None:
        """Drop earlier results from input (e.g. a reasoned file loaded again).

        Results are recomputed from the evidence, never trusted from input: every node a
        rule generated (``prov:wasGeneratedBy`` a rule) and every rule description is removed
        with the statements pointing at it. Otherwise the store would hold each result twice,
        as data and as inference, and aggregates would count it twice.
        """
        generated = {q.subject for q in self.store.quads_for_pattern(None, GENERATED_BY, None, graph)
                     if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(ns.RULE)}
        generated |= {q.subject for q in self.store.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(ns.SK + "Rule"), graph)}
        for node in generated:
            for q in list(self.store.quads_for_pattern(node, None, None, graph)):
                self.store.remove(q)
            for q in list(self.store.quads_for_pattern(None, None, node, graph)):
                self.store.remove(q)

    def skolemize_descriptions(self, graph: ox.NamedNode = DATA) -> None:
        """Give blank-node descriptions an IRI, so results can be minted under it.

        The IRI hashes the description's statements (and those of its blank nodes), so it
        does not depend on blank-node labels or statement order: loading the same
        description twice gives the same IRI.
        """
        blank = {q.subject for q in self.store.quads_for_pattern(None, RDF_TYPE, COLLABORATION, graph)
                 if isinstance(q.subject, ox.BlankNode)}
        for node in blank:
            iri = ox.NamedNode(f"{ns.base()}samarbejde/genid/{self._content_hash(node, graph)}")
            for q in list(self.store.quads_for_pattern(node, None, None, graph)):
                self.store.remove(q)
                self.store.add(ox.Quad(iri, q.predicate, q.object, graph))
            for q in list(self.store.quads_for_pattern(None, None, node, graph)):
                self.store.remove(q)
                self.store.add(ox.Quad(q.subject, q.predicate, iri, graph))

    def _content_hash(self, node, graph, depth: int = 0) -> str:
        import hashlib

        lines = []
        for q in self.store.quads_for_pattern(node, None, None, graph):
            obj = q.object
            if isinstance(obj, ox.BlankNode):
                value = "[" + self._content_hash(obj, graph, depth + 1) + "]" if depth < 3 else "[]"
            else:
                value = str(obj)
            lines.append(f"{q.predicate} {value}")
        digest = hashlib.sha1("\n".join(sorted(lines)).encode("utf-8")).hexdigest()
        return digest[:20]

    def load(self, path: Path | str, graph: ox.NamedNode = DATA, *, stream: bool = False) -> None:
        """Load a description file: any RDF syntax, or a survey spreadsheet (CSV/XLSX)."""
        path = Path(path)
        if not path.exists():
            raise InputError("no such file", where=str(path))
        if path.is_dir():
            raise InputError("is a folder, not a file; name the description files in it", where=str(path))
        if path.suffix.lower() in SURVEY_EXTENSIONS:
            from .survey import survey_quads  # imported lazily: openpyxl is slow to import

            self.store.extend(survey_quads(path, self, graph))
        else:
            if path.stat().st_size < 4096 and not path.read_bytes().strip():   # among other files it would pass unseen
                raise InputError("the file is empty", where=str(path))
            self.load_rdf(path, graph, stream=stream)

    def load_all(self, paths: Iterable[Path | str], graph: ox.NamedNode = DATA) -> None:
        """Load several files all-or-nothing: parse each into a scratch store first.

        One file into an empty graph needs no scratch store: a parse is a transaction already.
        """
        paths = list(paths)
        if self.on_disk and not self.has_graph(graph):
            # nothing to keep: stream each file into the store, and on a failure empty the
            # graph again (a scratch copy in memory would not fit a national dataset)
            try:
                for path in paths:
                    self.load(path, graph, stream=True)
            except BaseException:
                self.store.clear_graph(graph)
                raise
            return
        if len(paths) == 1 and not self.has_graph(graph):
            self.load(paths[0], graph)
            return
        scratch = KnowledgeGraph(ontology=False)
        scratch.store.extend(self.store.quads_for_pattern(None, None, None, ONTOLOGY))
        for path in paths:
            scratch.load(path, graph)
        self.store.extend(scratch.store.quads_for_pattern(None, None, None, graph))

    # ------------------------------------------------------------------ querying
    def query(self, sparql: str, **kwargs):
        """Run a SPARQL query over the union of all graphs, with the package prefixes.

        A query with SERVICE is refused (InputError) before it runs: it would make the store
        send HTTP requests wherever the query says. A syntax error is a one-line SyntaxError."""
        refused = service_refused(sparql)
        if refused:
            raise InputError(refused)
        kwargs.setdefault("use_default_graph_as_union", True)
        try:
            return self.store.query(sparql, prefixes=ns.PREFIXES, **kwargs)
        except SyntaxError as exc:
            raise SyntaxError(syntax_message(sparql, exc, ns.PREFIXES)) from None

    def select(self, sparql: str, **kwargs) -> list[dict]:
        """SELECT rows as dicts of Python values (str for IRIs, native for literals)."""
        return python_rows(self.query(sparql, **kwargs))

    def update(self, sparql: str) -> None:
        self.store.update(sparql, prefixes=ns.PREFIXES)

    def quads(self, graph: ox.NamedNode | None = None):
        return self.store.quads_for_pattern(None, None, None, graph)

    def count(self, graph: ox.NamedNode | None = None) -> int:
        """Statements in the store or in one graph, counted by the store (not in Python)."""
        if graph is None:
            return len(self.store)
        solutions = self.store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph.value}> {{ ?s ?p ?o }} }}")
        return int(next(iter(solutions))["n"].value)

    # ------------------------------------------------------------------ output
    def serialize(self, graphs: Iterable[ox.NamedNode], fmt: str = "ttl") -> bytes:
        """Serialise the union of ``graphs`` as triples in a named format."""
        try:
            out_format = OUTPUT_FORMATS[fmt.lower()]
        except KeyError:
            raise InputError(f"unknown format {fmt!r}; expected one of {', '.join(OUTPUT_FORMATS)}") from None
        triples = [ox.Triple(q.subject, q.predicate, q.object) for g in graphs for q in self.quads(g)]
        if out_format in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            quads = [q for g in graphs for q in self.quads(g)]
            return ox.serialize(quads, format=out_format, prefixes=ns.PREFIXES)
        return ox.serialize(triples, format=out_format, prefixes=ns.PREFIXES)

    def rdflib_graph(self, graphs: Iterable[ox.NamedNode]):
        """The union of ``graphs`` as an rdflib Graph (for pySHACL and owlready2)."""
        import rdflib

        g = rdflib.Graph()
        for prefix, iri in ns.PREFIXES.items():
            g.bind(prefix, iri)
        data = self.serialize(graphs, "nt")
        if data:
            g.parse(data=data.decode("utf-8"), format="nt")
        return g


def version_quads(graph: ox.NamedNode) -> list[ox.Quad]:
    """owl:versionInfo and owl:versionIRI, stamped from the package's one version."""
    from . import __version__

    onto = ox.NamedNode(ns.ONTOLOGY_IRI)
    owl = ns.PREFIXES["owl"]
    return [
        ox.Quad(onto, ox.NamedNode(owl + "versionInfo"), ox.Literal(__version__), graph),
        ox.Quad(onto, ox.NamedNode(owl + "versionIRI"), ox.NamedNode(f"{ns.ONTOLOGY_IRI}/{__version__}"), graph),
    ]


def context_document() -> dict:
    """The shipped JSON-LD context (``ontology/context.jsonld``); a broken one is an input
    error naming its line and column, like any other data file."""
    path = resources.folder("ontology") / "context.jsonld"
    where = resources.relative(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise InputError(f"cannot read the JSON-LD context: {exc.strerror or exc}", where=where) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid JSON: {exc}", where=where) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", where=f"{where}:{exc.lineno}:{exc.colno}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("@context"), dict):
        raise InputError("the JSON-LD context must be an object with an \"@context\" object", where=where)
    return doc["@context"]


CONTEXT_IRIS = {"https://w3id.org/samarbejde-kg/context.jsonld", "context.jsonld"}


def inline_jsonld_context(path: Path, raw: bytes) -> bytes:
    """Replace references to the shipped context by its content: no network at runtime."""
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        col = getattr(exc, "colno", None)
        where = f"{path}:{line}:{col}" if line else str(path)
        raise InputError(f"not valid JSON: {getattr(exc, 'msg', exc)}", where=where) from None

    def resolve(ctx):
        if isinstance(ctx, str):
            if ctx in CONTEXT_IRIS:
                return context_document()
            raise InputError(f"remote JSON-LD context {ctx!r} is not loaded (no network); "
                             f"use \"https://w3id.org/samarbejde-kg/context.jsonld\" or an inline context", where=str(path))
        if isinstance(ctx, list):
            return [resolve(c) for c in ctx]
        return ctx

    def walk(node):
        if isinstance(node, dict):
            return {k: (resolve(v) if k == "@context" else walk(v)) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(n) for n in node]
        return node

    return json.dumps(walk(doc)).encode("utf-8")


_XSD = ns.PREFIXES["xsd"]
_CONVERT = {_XSD + "integer": int, _XSD + "int": int, _XSD + "long": int,
            _XSD + "decimal": float, _XSD + "double": float, _XSD + "float": float,
            _XSD + "boolean": lambda v: v in ("true", "1")}


def python_rows(solutions) -> list[dict]:
    """SELECT solutions as dicts of Python values, one per row (cells read by position)."""
    names = [v.value for v in solutions.variables]
    columns = range(len(names))
    return [dict(zip(names, [to_python(row[i]) for i in columns])) for row in solutions]


def to_python(term):
    """A pyoxigraph term as a plain Python value (called once per cell of a result table)."""
    if term is None:
        return None
    kind = type(term)
    if kind is ox.Literal:
        convert = _CONVERT.get(term.datatype.value)
        return convert(term.value) if convert else term.value
    if kind is ox.BlankNode:
        return "_:" + term.value
    return term.value

"""The fast validation engine (shapes compiled to SPARQL) against pySHACL, the reference.

Both engines must give the same results — focus node, path, value, source shape and
severity, and the same messages — on every fixture, every example and generated data, and
the fast engine must agree with pySHACL run over the whole graph as the SHACL specification
describes it. Shapes the compiler does not translate must be named and left to pySHACL.
"""
import io
import json
import shutil
import sys

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from conftest import DATA, ROOT, run_cli
from samarbejde_kg import shacl_sparql, validation
from samarbejde_kg.progress import Progress
from samarbejde_kg.store import DATA as DATA_GRAPH, ONTOLOGY, KnowledgeGraph

sys.path.insert(0, str(ROOT / "benchmarks"))
import generate  # noqa: E402

FIXTURES = sorted((DATA / "validation").glob("*/*.ttl"))
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.is_file() and not p.name.startswith("."))
CASES = FIXTURES + EXAMPLES + ["tiny", "tiny with defects"]
SK = "https://w3id.org/samarbejde-kg/def#"

# Defects injected into generated data, so that the engines are compared on many findings.
DEFECTS = f"""
PREFIX sk: <{SK}>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE {{ GRAPH <{DATA_GRAPH.value}> {{ ?e sk:status ?s }} }}
WHERE {{ GRAPH <{DATA_GRAPH.value}> {{ ?e sk:status ?s FILTER (STRENDS(STR(?e), "1P1")) }} }} ;
INSERT {{ GRAPH <{DATA_GRAPH.value}> {{ ?c sk:offerCatalogue "ja" ; sk:assessmentDate "2025-13-01"^^xsd:date ;
    sk:spelledWrong 1 ; sk:evidence "tekst" ; sk:policyTarget [ sk:model sk:Nothing ] ; sk:municipality ?c }} }}
WHERE {{ GRAPH <{DATA_GRAPH.value}> {{ ?c a sk:Collaboration FILTER (STRENDS(STR(?c), "-01")) }} }}
"""


def knowledge_graph(case, tmp_path_factory) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    if isinstance(case, str):
        path = tmp_path_factory.mktemp("engines") / "tiny.nt"
        with open(path, "w", encoding="utf-8") as out:
            generate.generate(generate.SCALES["tiny"], out)
        kg.load_all([path])
        if case == "tiny with defects":
            kg.update(DEFECTS)
    else:
        validation.load_with_origins(kg, [case])
    return kg


def keys(results):
    return {(r.focus, r.path, r.value, r.shape, r.severity) for r in results}


def whole_graph_reference(kg):
    """pySHACL over data plus ontology in one graph, with the shapes exactly as written
    (SHACL-SPARQL included), blank nodes keeping their ids."""
    import pyshacl

    normalize, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False   # keep "2025-03-01+01:00" as written
    try:
        graph = rdflib.Graph()
        for q in kg.store.quads_for_pattern(None, None, None, None):
            if q.graph_name in (ONTOLOGY, DATA_GRAPH):
                graph.add(tuple(validation.Term.from_oxigraph(t).to_rdflib() for t in (q.subject, q.predicate, q.object)))
        _, report, _ = pyshacl.validate(graph, shacl_graph=validation.load_shapes(), inference="none",
                                        allow_warnings=True, allow_infos=True)
    finally:
        rdflib.NORMALIZE_LITERALS = normalize
    SH = rdflib.Namespace(validation.SH)
    found = set()
    for node in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        def term(prop):
            value = report.value(node, prop)
            return None if value is None else validation.Term.from_rdflib(value)

        path = term(SH.resultPath)
        if not validation.shown(term(SH.focusNode), str(report.value(node, SH.sourceConstraintComponent)),
                                str(report.value(node, SH.resultSeverity)).rsplit("#", 1)[-1]):
            continue   # left out of every report (validation.shown)
        found.add((term(SH.focusNode), path if path is None or path.kind == "iri" else None, term(SH.value),
                   str(report.value(node, SH.sourceShape)), str(report.value(node, SH.resultSeverity)).rsplit("#", 1)[-1]))
    return found


def test_every_description_shape_compiles_to_sparql():
    compiled, fallback = shacl_sparql.compile_core(validation.load_shapes())
    assert fallback == {}
    assert {c.component.rsplit("#", 1)[1] for c in compiled} >= {
        "MinCountConstraintComponent", "MaxCountConstraintComponent", "ClassConstraintComponent",
        "DatatypeConstraintComponent", "NodeKindConstraintComponent", "HasValueConstraintComponent"}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c if isinstance(c, str) else f"{c.parent.name}/{c.name}")
def test_fast_engine_and_pyshacl_give_the_same_results(case, tmp_path_factory):
    kg = knowledge_graph(case, tmp_path_factory)
    fast = validation.validate(kg, engine="fast")
    reference = validation.validate(kg, engine="pyshacl", processes=1)
    assert keys(fast.results) == keys(reference.results)
    assert fast.fallback == {}
    assert [(r.key(), r.messages, r.fix, r.collaboration, r.collaboration_name) for r in fast.results] == \
        [(r.key(), r.messages, r.fix, r.collaboration, r.collaboration_name) for r in reference.results]
    assert fast.conforms == reference.conforms
    if case == "tiny with defects":
        shapes = {r.shape.rsplit("#", 1)[1] for r in fast.results}
        assert {"StatusRequired", "OfferCatalogueType", "DateType", "KnownTerms", "EvidenceIsNode",
                "PolicyParameter", "PolicyModel", "MunicipalitySingle", "MunicipalityKnown"} <= shapes


@pytest.mark.parametrize("case", CASES, ids=lambda c: c if isinstance(c, str) else f"{c.parent.name}/{c.name}")
def test_fast_engine_agrees_with_pyshacl_over_the_whole_graph(case, tmp_path_factory):
    kg = knowledge_graph(case, tmp_path_factory)
    assert keys(validation.validate(kg).results) == whole_graph_reference(kg)


# ---------------------------------------------------------------------------- beyond our shapes
EXTRA_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/> .
ex:Thing a sh:NodeShape ; sh:targetClass ex:Thing ; sh:targetNode ex:lonely ;
    sh:property ex:Code , ex:Size , ex:Colour , ex:Label , ex:Parent , ex:Chain , ex:Kind , ex:Count .
ex:Code a sh:PropertyShape ; sh:path ex:code ; sh:pattern "^[0-9]{4}$" ; sh:minLength 4 ; sh:maxLength 4 .
ex:Size a sh:PropertyShape ; sh:path ex:size ; sh:minInclusive 1 ; sh:maxExclusive 10 ; sh:severity sh:Warning .
ex:Colour a sh:PropertyShape ; sh:path ex:colour ; sh:in ( ex:red ex:green "blå"@da ) .
ex:Label a sh:PropertyShape ; sh:path ex:label ; sh:datatype rdf:langString ; sh:pattern "^a" ; sh:flags "i" .
ex:Parent a sh:PropertyShape ; sh:path [ sh:inversePath ex:child ] ; sh:maxCount 1 ; sh:class ex:Thing .
ex:Chain a sh:PropertyShape ; sh:path ( ex:child ex:size ) ; sh:datatype xsd:integer ; sh:severity sh:Info .
ex:Kind a sh:PropertyShape ; sh:path [ sh:oneOrMorePath ex:child ] ; sh:nodeKind sh:IRI .
ex:Count a sh:PropertyShape ; sh:path ex:colour ; sh:minCount 2 ; sh:maxCount 3 .
ex:Off a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:code ; sh:minCount 5 ; sh:deactivated true .
ex:Exact a sh:NodeShape ; sh:targetObjectsOf ex:child ; sh:hasValue ex:a ; sh:nodeKind sh:IRI .
"""
EXTRA_DATA = """
@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a a ex:Thing ; ex:code "0101" , "12x" , _:b ; ex:size 0 , 5 , 10 , "7" ; ex:colour ex:red , "blå"@da , "blå" ;
    ex:label "Abc"@da , "bcd"@en , "abc" ; ex:child ex:b , _:c .
ex:b a ex:Thing ; ex:size 3 , "x"^^xsd:integer ; ex:colour ex:blue ; ex:child ex:a .
_:c ex:size 2.5 .
ex:z ex:child ex:b .
"""


def test_compiled_components_beyond_our_shapes_agree_with_pyshacl():
    import pyshacl

    shapes = rdflib.Graph().parse(data="@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n" + EXTRA_SHAPES, format="turtle")
    compiled, fallback = shacl_sparql.compile_core(shapes)
    assert fallback == {}
    kg = KnowledgeGraph(ontology=False)
    kg.store.load(EXTRA_DATA.encode(), format=ox.RdfFormat.TURTLE, to_graph=DATA_GRAPH)
    fast = keys(validation.run_sparql(kg, compiled))
    graph = rdflib.Graph()
    for q in kg.store.quads_for_pattern(None, None, None, DATA_GRAPH):
        graph.add(tuple(validation.Term.from_oxigraph(t).to_rdflib() for t in (q.subject, q.predicate, q.object)))
    _, report, _ = pyshacl.validate(graph, shacl_graph=shapes, inference="none", allow_warnings=True, allow_infos=True)
    SH = rdflib.Namespace(validation.SH)
    reference = set()
    for node in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        t = {p: report.value(node, SH[p]) for p in ("focusNode", "resultPath", "value", "sourceShape", "resultSeverity")}
        reference.add((validation.Term.from_rdflib(t["focusNode"]),
                       validation.Term.from_rdflib(t["resultPath"]) if isinstance(t["resultPath"], rdflib.URIRef) else None,
                       validation.Term.from_rdflib(t["value"]) if t["value"] is not None else None,
                       str(t["sourceShape"]), str(t["resultSeverity"]).rsplit("#", 1)[1]))
    assert len(reference) > 10
    assert fast == reference


def test_unsupported_components_are_named_and_left_to_pyshacl():
    shapes = rdflib.Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
        ex:Either a sh:NodeShape ; sh:targetClass ex:Thing ; sh:or ( ex:HasCode ex:HasName ) .
        ex:HasCode a sh:PropertyShape ; sh:path ex:code ; sh:minCount 1 .
        ex:HasName sh:path ex:name ; sh:minCount 1 .
        ex:Closed a sh:NodeShape ; sh:targetClass ex:Thing ; sh:closed true .
        ex:Named a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:name ; sh:maxCount 1 ;
            sh:qualifiedValueShape ex:HasCode ; sh:qualifiedMinCount 1 .
    """, format="turtle")
    compiled, fallback = shacl_sparql.compile_core(shapes)
    assert fallback == {"https://example.org/Either": "sh:or", "https://example.org/Closed": "sh:closed",
                        "https://example.org/Named": "sh:qualifiedMinCount, sh:qualifiedValueShape"}
    assert shacl_sparql.referenced_shapes(shapes) >= {"https://example.org/HasCode", "https://example.org/HasName"}


def test_the_cli_names_shapes_it_leaves_to_pyshacl_and_still_reports_them(tmp_path):
    data = tmp_path / "data"
    for folder in ("ontology", "shapes"):
        shutil.copytree(ROOT / folder, data / folder)
    (data / "shapes" / "descriptions" / "extra.ttl").write_text("""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix sk: <https://w3id.org/samarbejde-kg/def#> .
        @prefix sks: <https://w3id.org/samarbejde-kg/shapes#> . @prefix dcterms: <http://purl.org/dc/terms/> .
        sks:SourceOrCatalogue a sh:NodeShape ; sh:targetClass sk:Collaboration ; sh:severity sh:Warning ;
            sh:message "Hverken kilde eller katalog."@da , "Neither source nor catalogue."@en ;
            sh:or ( [ sh:path dcterms:source ; sh:minCount 2 ] [ sh:path sk:offerCatalogue ; sh:minCount 1 ] ) .
    """, encoding="utf-8")
    minimal = DATA / "validation" / "valid" / "minimal.ttl"
    results = {}
    for engine in ("fast", "pyshacl"):
        result = run_cli("--data", data, "validate", "--lang", "en", "--format", "json", "--engine", engine, minimal)
        assert result.code == 0, result.err
        results[engine] = json.loads(result.out)["results"]
        assert any(r["sourceShape"].endswith("SourceOrCatalogue") for r in results[engine])
    assert results["fast"] == results["pyshacl"]
    assert "sks:SourceOrCatalogue validated by pySHACL (not compiled to SPARQL: sh:or)" in \
        run_cli("--data", data, "validate", minimal).err


# ---------------------------------------------------------------------------- the CLI
@pytest.mark.parametrize("fmt", ["text", "json", "turtle"])
def test_both_engines_write_the_same_report(fmt):
    files = [DATA / "validation" / "invalid" / name for name in ("two-municipalities.ttl", "unknown-indicator.ttl", "evidence-as-text.ttl")]
    fast = run_cli("validate", "--format", fmt, *files)
    reference = run_cli("validate", "--format", fmt, "--engine", "pyshacl", *files)
    assert fast.code == reference.code == 1
    if fmt == "turtle":
        assert isomorphic(rdflib.Graph().parse(data=fast.out, format="turtle"),
                          rdflib.Graph().parse(data=reference.out, format="turtle"))
    else:
        assert fast.out == reference.out
    assert fast.err == reference.err == ""


def test_unknown_engine_is_a_usage_error():
    result = run_cli("validate", "--engine", "turbo", DATA / "validation" / "valid" / "minimal.ttl")
    assert result.code == 2 and "Traceback" not in result.err


class Terminal(io.StringIO):
    def __init__(self, tty):
        super().__init__()
        self.tty = tty

    def isatty(self):
        return self.tty


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_progress_is_shown_on_a_terminal_only(engine):
    kg = KnowledgeGraph()
    validation.load_with_origins(kg, [ROOT / "examples" / "flere-skoler.ttl"])
    for tty in (True, False):
        stream = Terminal(tty)
        with Progress("validering", stream=stream) as progress:
            validation.validate(kg, engine=engine, processes=1, progress=progress)
        assert ("validering: " in stream.getvalue()) == tty
        assert progress.done == progress.total > 0


@pytest.mark.parametrize("path", FIXTURES + EXAMPLES, ids=lambda p: p.name)
def test_the_quick_conformance_check_agrees_with_the_full_report(path):
    """What reasoning asks first (any violation?) answers as the full report does."""
    kg = KnowledgeGraph()
    kg.load_all([path])
    assert validation.conforms(kg) == validation.validate(kg).conforms

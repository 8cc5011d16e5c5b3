"""`samarbejde ontology export`: the merged ontology in four syntaxes, loadable by OWL tools."""
import json

import pytest
import rdflib

from conftest import run_cli
from samarbejde_kg import __version__

FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    for fmt in FORMATS:
        result = run_cli("ontology", "export", "--format", fmt, "-o", folder / f"ontology.{fmt}")
        assert result.code == 0, result.err
    return folder


def test_every_format_holds_the_same_triples(exports):
    graphs = {fmt: rdflib.Graph().parse(exports / f"ontology.{fmt}", format=name) for fmt, name in FORMATS.items()}
    sizes = {fmt: len(g) for fmt, g in graphs.items()}
    assert len(set(sizes.values())) == 1, sizes
    assert sizes["nt"] > 2000


def test_export_carries_the_ontology_header_and_version(exports):
    g = rdflib.Graph().parse(exports / "ontology.ttl")
    onto = rdflib.URIRef("https://w3id.org/samarbejde-kg/def")
    assert (onto, rdflib.RDF.type, rdflib.OWL.Ontology) in g
    assert str(g.value(onto, rdflib.OWL.versionInfo)) == __version__
    assert (None, None, rdflib.URIRef("https://w3id.org/samarbejde-kg/id/kommune/0101")) in g


def test_rdf_xml_export_loads_in_owlready2(exports):
    import owlready2

    world = owlready2.World()
    onto = world.get_ontology((exports / "ontology.xml").as_uri()).load()
    assert onto.metadata.versionInfo == [__version__]
    indicator = world["https://w3id.org/samarbejde-kg/def#Indicator"]
    assert indicator is not None and len(list(indicator.instances())) == 45
    individuals = {i.iri for i in onto.individuals()}   # declared owl:NamedIndividual, as Protégé lists them
    assert {i.iri for i in indicator.instances()} <= individuals


def test_export_to_stdout_is_stable_between_runs():
    first, second = run_cli("ontology", "export"), run_cli("ontology", "export")
    assert first.code == 0
    assert first.out == second.out
    assert first.out.startswith("@prefix")


def test_unknown_format_and_missing_action_are_usage_errors(tmp_path):
    bad = run_cli("ontology", "export", "--format", "owl")
    assert bad.code == 2 and "invalid choice" in bad.err
    assert run_cli("ontology").code == 2


def test_output_into_a_missing_folder_fails_cleanly(tmp_path):
    target = tmp_path / "nowhere" / "ontology.ttl"
    result = run_cli("ontology", "export", "-o", target)
    assert result.code == 2 and "folder does not exist" in result.err
    assert not target.parent.exists()


@pytest.mark.parametrize("name, check", [
    ("ontology.owl", lambda text: text.startswith("<?xml") and "<rdf:RDF" in text),
    ("ontology.rdf", lambda text: "<rdf:RDF" in text),
    ("ontology.jsonld", lambda text: isinstance(json.loads(text), (list, dict))),
    ("ontology.nt", lambda text: text.startswith("<https://w3id.org/samarbejde-kg/def>")),
])
def test_without_format_the_extension_of_the_output_file_chooses_the_syntax(tmp_path, name, check):
    result = run_cli("ontology", "export", "-o", tmp_path / name)
    assert result.code == 0, result.err
    assert check((tmp_path / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("args, message", [
    (["--format", "ttl", "-o", "ontology.owl"], "--format ttl contradicts the extension '.owl' (xml)"),
    (["-o", "ontology.txt"], "unknown output format '.txt'"),
])
def test_a_format_that_contradicts_the_extension_is_refused(tmp_path, args, message):
    result = run_cli("ontology", "export", *args, cwd=tmp_path)
    assert result.code == 2
    assert message in result.err and len(result.err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []

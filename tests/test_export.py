"""`samarbejde ontology export`: the merged ontology in four syntaxes, loadable by OWL tools."""
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
    assert result.code == 2 and "no such folder" in result.err
    assert not target.parent.exists()

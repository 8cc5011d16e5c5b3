"""`--owl`: HermiT classifies collaborations into defined classes over the materialised results."""
import json
import shutil

import pytest

from samarbejde_kg import owl

pytestmark = pytest.mark.skipif(not owl.java_available(), reason="HermiT needs Java")  # .ci/run installs Java

DEFINED = "Samskabende ledelse med personbårne ressourcer"


def test_owl_classification_appears_in_the_profile_and_is_queryable(cli, root):
    mixture = root / "examples" / "samskabelse-paa-flere-niveauer.ttl"
    pure = root / "examples" / "samskabelsesmodellen.ttl"
    data = json.loads(cli("profile", mixture, pure, "--owl", "--format", "json").out)
    by_school = {c["school"]: c["owl_classes"] for c in data["collaborations"]}
    assert [DEFINED] in by_school.values()       # co-creating leadership, person-borne resources
    assert [] in by_school.values()              # the pure co-creation model is not
    result = cli("reason", mixture, "--owl", "--format", "nt")
    assert "#SamskabendeLedelsePersonbaaredeRessourcer>" in result.out
    assert "rule/owl-classification>" in result.out


def test_the_owl_classifications_query_reads_them_with_owl_and_a_store_is_refused(cli, root, tmp_path):
    mixture = root / "examples" / "samskabelse-paa-flere-niveauer.ttl"
    result = cli("query", "owl-classifications", mixture, "--owl", "--format", "csv")
    assert result.code == 0, result.err
    assert "#SamskabendeLedelsePersonbaaredeRessourcer" in result.out
    refused = cli("query", "owl-classifications", "--owl", "--store", tmp_path / "store")
    assert refused.code == 2 and "--owl" in refused.err


def test_a_knowledge_engineer_adds_a_defined_class_without_code(cli, root, tmp_path):
    for folder in ("ontology", "shapes", "rules", "queries", "examples"):
        shutil.copytree(root / folder, tmp_path / folder)
    (tmp_path / "ontology" / "my-class.ttl").write_text("""
@prefix sk: <https://w3id.org/samarbejde-kg/def#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
sk:TilbudsbaaretOrganisering a owl:Class , sk:DefinedCollaborationClass ;
    rdfs:subClassOf sk:Collaboration ;
    rdfs:label "Tilbudsbåret organisering"@da , "Offer-borne organisation"@en ;
    skos:prefLabel "Tilbudsbåret organisering"@da , "Offer-borne organisation"@en ;
    skos:definition "Tilbudsmodellen dominerer på Organisering og kommunikation."@da , "The offer model dominates organisation and communication."@en ;
    owl:equivalentClass [ a owl:Class ; owl:intersectionOf ( sk:Collaboration
        [ a owl:Restriction ; owl:onProperty sk:hasResult ; owl:someValuesFrom [ a owl:Class ; owl:intersectionOf ( sk:DominantModel
            [ a owl:Restriction ; owl:onProperty sk:parameter ; owl:hasValue sk:OrganiseringOgKommunikation ]
            [ a owl:Restriction ; owl:onProperty sk:model ; owl:hasValue sk:Tilbudsmodellen ] ) ] ] ) ] .
""", encoding="utf-8")
    result = cli("--data", tmp_path, "profile", root / "examples" / "tilbudsmodellen.ttl", "--owl", "--format", "json")
    assert result.code == 0, result.err
    assert "Tilbudsbåret organisering" in json.loads(result.out)["collaborations"][0]["owl_classes"]


def test_a_defined_class_may_compare_values_of_the_results(cli, root, data_dir, tmp_path):
    for folder in ("ontology", "shapes", "rules", "queries", "examples"):
        shutil.copytree(root / folder, tmp_path / folder)
    shutil.copy(data_dir / "ontology" / "strong-co-creation.ttl", tmp_path / "ontology" / "strong-co-creation.ttl")
    pure, person = root / "examples" / "samskabelsesmodellen.ttl", root / "examples" / "personmodellen.ttl"
    result = cli("--data", tmp_path, "profile", pure, person, "--owl", "--format", "json")
    assert result.code == 0, result.err
    classes = {c["school"]: c["owl_classes"] for c in json.loads(result.out)["collaborations"]}
    assert sorted("Stærk samskabelse" in found for found in classes.values()) == [False, True]

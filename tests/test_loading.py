"""Loading descriptions as users write them: blank-node descriptions, datasets, plain JSON."""
import json

from samarbejde_kg.store import DATA, KnowledgeGraph

BLANK = """
@prefix sk: <https://w3id.org/samarbejde-kg/def#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
[] a sk:Collaboration ; sk:municipality <kommune/0101> ; sk:school <skole/0101/a> ; sk:library <bibliotek/DK-710100> ;
  sk:assessmentDate "2025-03-01"^^xsd:date ; dcterms:source "test" ;
  sk:evidence [ sk:indicator sk:PersonligeAftaler ; sk:status sk:Observed ] ,
              [ sk:indicator sk:AdskilteOekonomier ; sk:status sk:Observed ] .
"""


def test_a_blank_node_description_gets_a_stable_iri_and_is_reasoned(cli, tmp_path):
    path = tmp_path / "blank.ttl"
    path.write_text(BLANK, encoding="utf-8")
    first, second = KnowledgeGraph(), KnowledgeGraph()
    first.load(path)
    second.load(path)
    iri = lambda kg: kg.select("SELECT ?c WHERE { ?c a sk:Collaboration }")  # noqa: E731
    assert iri(first) == iri(second) and iri(first)[0]["c"].startswith("https://")
    data = json.loads(cli("profile", path, "--format", "json").out)
    c = data["collaborations"][0]
    assert c["parameters"]["Organisering og kommunikation"]["dominant"] == ["Personmodellen"]


def test_reasoned_trig_output_loads_back_as_data(cli, root, tmp_path):
    out = tmp_path / "out.trig"
    assert cli("reason", root / "examples" / "personmodellen.ttl", "-o", out).code == 0
    kg = KnowledgeGraph()
    kg.load(out)
    assert kg.count(DATA) > 0
    again = json.loads(cli("profile", out, "--format", "json").out)
    before = json.loads(cli("profile", root / "examples" / "personmodellen.ttl", "--format", "json").out)
    strip = lambda d: [{k: v for k, v in c.items() if k != "sources"} for c in d["collaborations"]]  # noqa: E731
    assert strip(again) == strip(before)


def test_json_ld_values_written_as_names_prefixed_names_or_iris_load(tmp_path):
    """Only values that would become invalid IRIs are refused (see jsonld_values.py)."""
    doc = {
        "@context": ["https://w3id.org/samarbejde-kg/context.jsonld", {"note": {"@id": "sk:note", "@type": "@id"}}],
        "@graph": [{
            "id": "samarbejde/0101/a--dk-710100/2025-03-01", "type": ["Samarbejde"], "note": "#fodnote",
            "evidens": [
                {"id": "_:e1", "indikator": "PersonligPrioritering", "status": "observeret"},
                {"indikator": "sk:AdskilteOekonomier", "status": "sk:Absent"},
                {"indikator": "https://w3id.org/samarbejde-kg/def#Tilbudskatalog", "status": "fraværende"},
            ],
        }],
    }
    path = tmp_path / "names.jsonld"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    kg = KnowledgeGraph()
    kg.load(path)
    rows = kg.select("SELECT ?i ?s WHERE { ?e sk:indicator ?i ; sk:status ?s }")
    assert sorted((r["i"].rsplit("#", 1)[1], r["s"].rsplit("#", 1)[1]) for r in rows) == [
        ("AdskilteOekonomier", "Absent"), ("PersonligPrioritering", "Observed"), ("Tilbudskatalog", "Absent")]

"""A knowledge engineer adds a fourth model (with indicators on all five parameters) and one
more indicator in an existing cell, in Turtle only. Template, validation, import, reasoning,
profile and explanations take them in with no code change."""
import csv
import json
import shutil

import pytest

NEW_MODEL = """
@prefix sk: <https://w3id.org/samarbejde-kg/def#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

sk:Netvaerksmodellen a sk:Model ; skos:notation "N" ; sk:position 4 ; skos:inScheme sk:ModelScheme ;
    skos:topConceptOf sk:ModelScheme ;
    skos:prefLabel "Netværksmodellen"@da , "Network model"@en ;
    skos:definition "Samarbejdet bæres af et kommunalt netværk af skoler og biblioteker."@da ,
        "The collaboration is carried by a municipal network of schools and libraries."@en .
"""
INDICATOR = """
sk:{name} a sk:Indicator ; skos:notation "{notation}" ; sk:position {position} ; skos:inScheme sk:IndicatorScheme ;
    skos:prefLabel "{da}"@da , "{en}"@en ;
    skos:definition "{da} (testindikator)."@da , "{en} (test indicator)."@en ;
    sk:model sk:{model} ; sk:parameter sk:{parameter} .
"""
PARAMETERS = ["TidStedOgFortaelling", "PersonerOgFagligheder", "RessourcerOgMaterialesamlinger",
              "OrganiseringOgKommunikation", "LedelseOgForvaltning"]
NEW = [dict(name=f"Netvaerk{i}", notation=f"{i}N1", position=1, da=f"Netværk på niveau {i}", en=f"Network on level {i}",
            model="Netvaerksmodellen", parameter=p) for i, p in enumerate(PARAMETERS, 1)]
EXTRA = dict(name="FaellesBookingsystem", notation="4T4", position=4, da="Fælles bookingsystem", en="Shared booking system",
             model="Tilbudsmodellen", parameter="OrganiseringOgKommunikation")


@pytest.fixture(scope="module")
def data(tmp_path_factory, root=None):
    from tests.conftest import ROOT

    folder = tmp_path_factory.mktemp("extended")
    for name in ("ontology", "shapes", "rules", "queries", "examples"):
        shutil.copytree(ROOT / name, folder / name)
    text = NEW_MODEL + "".join(INDICATOR.format(**i) for i in NEW + [EXTRA])
    (folder / "ontology" / "network-model.ttl").write_text(text, encoding="utf-8")
    return folder


DESCRIPTION = """
@prefix sk: <https://w3id.org/samarbejde-kg/def#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<samarbejde/0101/net--dk-710100/2025-06-01> a sk:Collaboration ; sk:municipality <kommune/0101> ;
    sk:school <skole/0101/net> ; sk:library <bibliotek/DK-710100> ; sk:assessmentDate "2025-06-01"^^xsd:date ;
    dcterms:source "udvidelsestest" ;
    sk:evidence [ a sk:Evidence ; sk:indicator sk:Netvaerk4 ; sk:status sk:Observed ] ,
                [ a sk:Evidence ; sk:indicator sk:FaellesBookingsystem ; sk:status sk:Observed ] ,
                [ a sk:Evidence ; sk:indicator sk:TraditionForSamarbejde ; sk:status sk:Observed ] ,
                [ a sk:Evidence ; sk:indicator sk:PersonligeAftaler ; sk:status sk:Observed ] ,
                [ a sk:Evidence ; sk:indicator sk:Netvaerk1 ; sk:status sk:Observed ] ,
                [ a sk:Evidence ; sk:indicator sk:Netvaerk2 ; sk:status sk:Absent ] .
"""


def test_the_extended_ontology_passes_the_checks(cli, data):
    result = cli("--data", data, "check", "--no-owl")
    assert result.code == 0, result.out + result.err


def test_template_gets_the_new_columns(cli, data, tmp_path):
    out = tmp_path / "survey.csv"
    assert cli("--data", data, "template", "-o", out).code == 0
    header = next(csv.reader(out.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    for label in [i["da"] for i in NEW] + [EXTRA["da"]]:
        assert label in header


def test_validation_accepts_new_indicators(cli, data, tmp_path):
    desc = tmp_path / "net.ttl"
    desc.write_text(DESCRIPTION, encoding="utf-8")
    assert cli("--data", data, "validate", desc).code == 0
    assert cli("validate", desc).code == 1  # the bundled ontology does not know them


def test_reasoning_profile_and_explanation_use_the_new_model_and_denominators(cli, data, tmp_path):
    desc = tmp_path / "net.ttl"
    desc.write_text(DESCRIPTION, encoding="utf-8")
    result = cli("--data", data, "profile", desc, "--format", "json")
    assert result.code == 0, result.err
    c = json.loads(result.out)["collaborations"][0]
    organisation = c["parameters"]["Organisering og kommunikation"]
    assert organisation["counts"]["Tilbudsmodellen"] == [2, 4]      # the new cell size is the denominator
    assert organisation["counts"]["Netværksmodellen"] == [1, 1]
    assert organisation["dominant"] == ["Netværksmodellen"]
    assert "Netværksmodellen" in c["overall"]
    text = cli("--data", data, "profile", desc).out
    header = next(line for line in text.splitlines() if line.strip().startswith("Parameter"))
    assert "Netværksmodellen" in header                              # a fourth column in the table
    why = cli("--data", data, "explain", "samarbejde/0101/net--dk-710100/2025-06-01", desc,
              "--why-not", "Organisering og kommunikation", "Tilbudsmodellen")
    assert why.code == 0, why.err
    assert "Fælles bookingsystem: observeret, tæller" in why.out
    tree = cli("--data", data, "explain", "samarbejde/0101/net--dk-710100/2025-06-01/dominerende/4/N", desc)
    assert tree.code == 0 and "Netværk på niveau 4" in tree.out


def test_survey_import_takes_the_new_columns(cli, data, tmp_path):
    template = tmp_path / "survey.csv"
    cli("--data", data, "template", "-o", template)
    header = next(csv.reader(template.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    row = {h: "" for h in header}
    row.update({"kommunekode": "0101", "skole": "Netskolen", "bibliotek": "DK-710100", "dato": "2025-06-01",
                "kilde": "test", "Netværk på niveau 3": "ja", "Fælles bookingsystem": "nej"})
    filled = tmp_path / "filled.csv"
    filled.write_text(";".join(header) + "\n" + ";".join(row[h] for h in header) + "\n", encoding="utf-8")
    out = tmp_path / "out.ttl"
    result = cli("--data", data, "import", filled, "-o", out)
    assert result.code == 0, result.err
    assert "evidens/3N1" in out.read_text(encoding="utf-8")
    assert cli("--data", data, "profile", filled).code == 0

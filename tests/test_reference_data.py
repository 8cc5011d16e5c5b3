"""Reference data: 98 municipalities, their regions over time and their main libraries."""
import pytest

from samarbejde_kg.store import KnowledgeGraph

BASE = "https://w3id.org/samarbejde-kg/id/"

REGION_AT = """
SELECT ?code ?name ?region WHERE {
  ?m a sk:Municipality ; sk:municipalityCode ?code ; schema:name ?name ; sk:regionMembership ?ms .
  ?ms sk:region ?r ; schema:validFrom ?from .
  OPTIONAL { ?ms schema:validThrough ?through }
  OPTIONAL { ?r sk:regionCode ?regionCode }
  BIND (COALESCE(?regionCode, STR(?r)) AS ?region)
  FILTER (?from <= "%s"^^xsd:date && (!BOUND(?through) || ?through >= "%s"^^xsd:date))
}"""


@pytest.fixture(scope="module")
def kg():
    return KnowledgeGraph()


def regions_at(kg, date):
    return {r["code"]: (r["name"], r["region"]) for r in kg.select(REGION_AT % (date, date))}


def test_there_are_98_municipalities_with_unique_four_digit_codes(kg):
    rows = kg.select("SELECT ?m ?code WHERE { ?m a sk:Municipality ; sk:municipalityCode ?code }")
    assert len(rows) == 98
    assert len({r["code"] for r in rows}) == 98
    assert all(r["m"] == f"{BASE}kommune/{r['code']}" and len(r["code"]) == 4 and r["code"].isdigit() for r in rows)


def test_municipalities_per_region_in_2026(kg):
    counts = {}
    for _, region in regions_at(kg, "2026-06-30").values():
        counts[region] = counts.get(region, 0) + 1
    assert counts == {"DK-81": 11, "DK-82": 19, "DK-83": 22, "DK-84": 29, "DK-85": 17}


def test_hovedstaden_and_sjaelland_become_region_oestdanmark_on_1_january_2027(kg):
    before, after = regions_at(kg, "2026-12-31"), regions_at(kg, "2027-01-01")
    assert len(before) == len(after) == 98
    east = f"{BASE}region/oestdanmark"
    assert {c for c, (_, r) in after.items() if r == east} == {c for c, (_, r) in before.items() if r in ("DK-84", "DK-85")}
    assert sum(1 for _, r in after.values() if r == east) == 46
    assert after["0851"][1] == "DK-81"


@pytest.mark.parametrize("code, name, region", [
    ("0101", "København", "DK-84"), ("0147", "Frederiksberg", "DK-84"), ("0400", "Bornholm", "DK-84"),
    ("0330", "Slagelse", "DK-85"), ("0461", "Odense", "DK-83"), ("0492", "Ærø", "DK-83"),
    ("0607", "Fredericia", "DK-83"), ("0615", "Horsens", "DK-82"), ("0751", "Aarhus", "DK-82"),
    ("0773", "Morsø", "DK-81"), ("0851", "Aalborg", "DK-81"), ("0860", "Hjørring", "DK-81"),
])
def test_spot_checks_of_codes_names_and_regions(kg, code, name, region):
    assert regions_at(kg, "2020-01-01")[code] == (name, region)


def test_regions_have_iso_codes_and_oestdanmark_has_none_yet(kg):
    rows = kg.select("SELECT ?r ?code WHERE { ?r a sk:Region . OPTIONAL { ?r sk:regionCode ?code } }")
    codes = {r["r"]: r["code"] for r in rows}
    assert codes == {**{f"{BASE}region/DK-8{i}": f"DK-8{i}" for i in range(1, 6)}, f"{BASE}region/oestdanmark": None}


def test_each_municipality_has_its_main_library_isil(kg):
    rows = kg.select("""SELECT ?code ?library ?isil WHERE {
        ?m sk:municipalityCode ?code ; sk:mainLibrary ?library . ?library a sk:PublicLibrary ; sk:isil ?isil ;
        sk:municipality ?m }""")
    assert len(rows) == 98
    for r in rows:
        assert r["isil"] == f"DK-7{r['code'][1:]}00"
        assert r["library"] == f"{BASE}bibliotek/{r['isil']}"
    assert {r["code"]: r["isil"] for r in rows}["0101"] == "DK-710100"


def test_reference_iris_follow_the_configured_base(monkeypatch):
    monkeypatch.setenv("SAMARBEJDE_BASE", "https://data.example.org/")
    kg = KnowledgeGraph()
    rows = kg.select('SELECT ?m WHERE { ?m sk:municipalityCode "0101" }')
    assert rows == [{"m": "https://data.example.org/kommune/0101"}]

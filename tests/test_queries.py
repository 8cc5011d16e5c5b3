"""Every named query runs from the CLI and returns what its summary promises."""
import csv
import io
import json

import pytest

from samarbejde_kg import queries

NAMED = sorted(n for n in queries.registry() if not n.startswith("checks/"))
EXPECTED_COLUMNS = {
    "collaborations": {"collaboration", "code", "date", "schools", "libraries"},
    "degrees": {"collaboration", "parameter", "model", "degree", "dominant"},
    "overall-degrees": {"collaboration", "model", "degree"},
    "classifications": {"collaboration", "kind", "model"},
    "findings": {"collaboration", "kind", "severity", "messageDa", "messageEn", "indicators"},
    "municipal-profiles": {"municipality", "date", "parameter", "model", "meanDegree", "dominantCount"},
    "municipal-findings": {"municipality", "date", "kind", "count"},
    "profile-changes": {"municipality", "fromDate", "toDate", "change"},
    "owl-classifications": {"collaboration", "class"},
    "vocabulary": {"concept", "labelDa", "labelEn"},
    "municipalities": {"municipality", "code", "name", "legalName", "mainLibrary", "collaborations", "firstDate", "lastDate"},
    "region-memberships": {"municipality", "region", "validFrom", "validThrough"},
}


def test_every_named_query_has_a_summary_in_both_languages_and_an_expectation():
    for name in NAMED:
        q = queries.get(name)
        assert q.summary.get("en") and q.summary.get("da"), name
    assert set(NAMED) == set(EXPECTED_COLUMNS)


@pytest.mark.parametrize("name", NAMED)
def test_named_query_runs_and_returns_sparql_json(cli, name):
    result = cli("query", name, "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert EXPECTED_COLUMNS[name] <= set(data["head"]["vars"])
    if name != "owl-classifications":  # needs --owl reasoning
        assert data["results"]["bindings"], f"{name} returned no rows on the examples"


def test_parameters_restrict_results(cli):
    collab = "samarbejde/0151/eksempelskolen-mose--dk-715100/2025-02-01"
    result = cli("query", "degrees", "--param", f"collaboration={collab}", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert rows and all(r["collaboration"].endswith(collab) for r in rows)
    assert cli("query", "degrees", "--param", "nope=x").code == 2
    result = cli("query", "collaborations", "--param", "municipality=kommune/0461", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert len(rows) == 4 and {r["code"] for r in rows} == {"0461"}


def test_query_files_and_result_formats(cli, tmp_path):
    rq = tmp_path / "count.rq"
    rq.write_text("PREFIX sk: <https://w3id.org/samarbejde-kg/def#>\nSELECT (COUNT(*) AS ?n) WHERE { ?c a sk:Collaboration }\n")
    for fmt, marker in (("json", '"head"'), ("xml", "<sparql"), ("csv", "n\n"), ("tsv", "?n"), ("table", "(1 rows)")):
        result = cli("query", rq, "--format", fmt)
        assert result.code == 0 and marker in result.out, (fmt, result.out[:200])
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT WHERE {")
    result = cli("query", bad)
    assert result.code == 2 and "Traceback" not in result.err


def test_a_bound_parameter_gives_what_substitution_gives():
    """Parameters are bound with BIND at the top of the query (fast in Oxigraph); for every
    parameterised query and every value in the examples, the rows equal SEP-0007 substitution."""
    import pyoxigraph as ox

    from samarbejde_kg.reasoner import load_and_reason
    from samarbejde_kg.store import python_rows

    kg = load_and_reason([])
    values = {"collaboration": [r["c"] for r in kg.select("SELECT ?c WHERE { ?c a sk:Collaboration }")],
              "municipality": [r["m"] for r in kg.select("SELECT DISTINCT ?m WHERE { ?c sk:municipality ?m }")]}
    checked = 0
    for name in NAMED:
        q = queries.get(name)
        for param in q.parameters:
            for value in values[param]:
                term = ox.NamedNode(value)
                text, rest = queries.bound(q.text, {ox.Variable(param): term})
                assert not rest and text != q.text, name
                fast = python_rows(kg.query(text))
                slow = python_rows(kg.query(q.text, substitutions={ox.Variable(param): term}))
                assert sorted(map(repr, fast)) == sorted(map(repr, slow)), (name, value)
                checked += 1
    assert checked > 50

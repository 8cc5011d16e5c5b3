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
        for param, texts in q.parameter_texts.items():
            assert texts.get("en") and texts.get("da"), (name, param)
            assert q.parameters[param] == texts["en"]
    assert set(NAMED) == set(EXPECTED_COLUMNS)


def test_a_parameter_described_only_in_danish_is_still_declared(tmp_path):
    path = tmp_path / "mine.rq"
    path.write_text("# summary: mine\n# parameter@da: ?kommune  begræns til én kommune\n"
                    "SELECT ?kommune WHERE { ?kommune a ?t }\n", encoding="utf-8")
    q = queries.parse(path)
    assert q.parameters == {"kommune": "begræns til én kommune"}
    assert q.parameter_texts == {"kommune": {"da": "begræns til én kommune"}}


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


def test_service_is_refused_before_any_request_is_sent(cli, tmp_path):
    """The CLI runs no query that would fetch another service: no network at runtime."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(4)
        sock.setblocking(False)
        rq = tmp_path / "service.rq"
        rq.write_text(f"SELECT * WHERE {{\n  ?c a sk:Collaboration .\n  SERVICE <http://127.0.0.1:{sock.getsockname()[1]}/> {{ ?s ?p ?o }}\n}}\n")
        result = cli("query", rq)
        with pytest.raises(BlockingIOError):
            sock.accept()
    assert result.code == 2 and result.err.count("\n") == 1 and "Traceback" not in result.err
    assert "SERVICE (a federated query) is not allowed" in result.err and "(line 3, column 3)" in result.err


def test_query_files_that_cannot_be_read_or_parsed_are_one_line(cli, tmp_path):
    latin1 = tmp_path / "latin1.rq"
    latin1.write_bytes("# forespørgsel\nASK { ?s ?p ?o }\n".encode("latin-1"))
    prefix = tmp_path / "prefix.rq"
    prefix.write_text("PREFIX ex: <http://example.org/>\nSELECT ?x WHERE {\n ?x ex:y ?z .\n foo:bar ?x ?z }\n")
    grammar = tmp_path / "grammar.rq"
    grammar.write_text("SELECT ?x WHERE { ?x ?y } ORDER BY ?x\n")
    for path, message in ((latin1, "latin1.rq: not UTF-8 text (byte 0xf8 on line 1)"),
                          (prefix, "prefix.rq: SPARQL syntax error: prefix foo: is not declared (line 4, column 2)"),
                          (grammar, "grammar.rq: SPARQL syntax error: line 1, column ")):
        result = cli("query", path)
        assert result.code == 2 and result.err.count("\n") == 1 and "Traceback" not in result.err, result.err
        assert message in result.err


def test_a_parameter_inside_a_subquery_is_refused_not_ignored(cli, tmp_path):
    """BIND in the outer query does not reach a subquery's own variable: the value would be
    silently ignored. A subquery that selects the parameter is joined on it and works."""
    hidden = tmp_path / "hidden.rq"
    hidden.write_text("# parameter: ?m a municipality\n"
                      "SELECT ?n WHERE { { SELECT (COUNT(*) AS ?n) WHERE { ?c sk:municipality ?m . ?c a sk:Collaboration } } }\n")
    result = cli("query", hidden, "--param", "m=kommune/0461")
    assert result.code == 2 and result.err.count("\n") == 1
    assert "parameter ?m of hidden is used inside a subquery" in result.err
    selected = tmp_path / "selected.rq"
    selected.write_text("# parameter: ?m a municipality\n"
                        "SELECT ?n WHERE { { SELECT ?m (COUNT(*) AS ?n) WHERE { ?c sk:municipality ?m . ?c a sk:Collaboration } "
                        "GROUP BY ?m } }\n")
    result = cli("query", selected, "--param", "m=kommune/0461", "--format", "csv")
    assert result.code == 0 and result.out.split() == ["n", "4"], result.err


@pytest.mark.parametrize("value, count", [("0", "291"), ("0.9", "79"), ('"0.9"^^xsd:decimal', "79"), ("2", "0")])
def test_parameters_take_numbers_and_literals_as_well_as_iris(cli, tmp_path, value, count):
    query = tmp_path / "min.rq"
    query.write_text("# summary: degrees of at least a minimum\n# parameter: ?minDegree  the least degree\n"
                     "PREFIX sk: <https://w3id.org/samarbejde-kg/def#>\n"
                     "SELECT (COUNT(*) AS ?n) WHERE { ?d a sk:Degree ; sk:degree ?x . FILTER(?x >= ?minDegree) }\n",
                     encoding="utf-8")
    result = cli("query", query, "--param", f"minDegree={value}", "--format", "csv")
    assert result.code == 0, result.err
    assert result.out.split() == ["n", count]


@pytest.mark.parametrize("value, term", [
    ("0.6", '"0.6"^^<http://www.w3.org/2001/XMLSchema#decimal>'),
    ("3", '"3"^^<http://www.w3.org/2001/XMLSchema#integer>'),
    ("true", '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'),
    ("2025-01-01", '"2025-01-01"^^<http://www.w3.org/2001/XMLSchema#date>'),
    ('"tekst"@da', '"tekst"@da'),
    ("sk:Personmodellen", "<https://w3id.org/samarbejde-kg/def#Personmodellen>"),
    ("kommune/0101", "<https://w3id.org/samarbejde-kg/id/kommune/0101>"),
])
def test_a_parameter_value_is_read_as_users_write_it(value, term):
    from samarbejde_kg import namespaces as ns

    assert str(ns.parameter_value(value)) == term

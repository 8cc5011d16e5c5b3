"""`samarbejde reason` and `samarbejde profile` as files and formats a user gets."""
import json

import pyoxigraph as ox
import pytest

from samarbejde_kg import namespaces as ns


def test_reason_writes_explicit_plus_inferred_turtle_that_parses(cli, root, tmp_path):
    out = tmp_path / "out.ttl"
    result = cli("reason", root / "examples" / "modsigelse.ttl", "-o", out)
    assert result.code == 0, result.err
    store = ox.Store()
    store.load(path=str(out), format=ox.RdfFormat.TURTLE)
    found = {r["k"].value for r in store.query(
        "PREFIX sk: <https://w3id.org/samarbejde-kg/def#> SELECT ?k WHERE { ?f sk:findingKind ?k }")}
    assert ns.SK + "Contradiction" in found and ns.SK + "ClaimVersusStructure" in found
    explicit = list(store.query("PREFIX sk: <https://w3id.org/samarbejde-kg/def#> SELECT ?c WHERE { ?c a sk:Collaboration }"))
    assert explicit
    rules = list(store.query("PREFIX sk: <https://w3id.org/samarbejde-kg/def#> SELECT ?r WHERE { ?r a sk:Rule }"))
    assert len(rules) >= 20


def test_trig_output_keeps_inferred_statements_in_their_own_graph(cli, root):
    result = cli("reason", root / "examples" / "personmodellen.ttl", "--format", "trig")
    assert result.code == 0
    store = ox.Store()
    store.load(result.out.encode(), format=ox.RdfFormat.TRIG)
    assert any(True for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(ns.INFERRED_GRAPH)))
    assert any(True for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(ns.DATA_GRAPH)))


@pytest.mark.parametrize("fmt", ["nt", "jsonld", "xml"])
def test_reason_output_formats_parse(cli, root, tmp_path, fmt):
    result = cli("reason", root / "examples" / "personmodellen.ttl", "--format", fmt, "-o", tmp_path / f"out.{fmt}")
    assert result.code == 0, result.err
    fmt_map = {"nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}
    store = ox.Store()
    store.load(path=str(tmp_path / f"out.{fmt}"), format=fmt_map[fmt])
    assert len(store) > 100


def test_bad_input_leaves_no_output(cli, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix sk: <https://w3id.org/samarbejde-kg/def#> .\n<a> sk:x \"unterminated .\n", encoding="utf-8")
    out = tmp_path / "out.ttl"
    result = cli("reason", bad, "-o", out)
    assert result.code == 2
    assert f"{bad}:" in result.err and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert not out.exists()
    assert not list(tmp_path.glob(".out.ttl.*"))


def test_missing_file_and_unknown_extension_are_input_errors(cli, tmp_path):
    assert cli("profile", tmp_path / "nope.ttl").code == 2
    odd = tmp_path / "notes.txt"
    odd.write_text("x", encoding="utf-8")
    result = cli("profile", odd)
    assert result.code == 2 and "unknown file type" in result.err


def test_profile_json_has_the_documented_structure(cli, root):
    result = cli("profile", "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["collaborations"] and data["municipalities"]
    c = data["collaborations"][0]
    for key in ("iri", "municipality", "school", "library", "date", "parameters", "overall", "classifications", "findings"):
        assert key in c
    assert set(c["municipality"]) >= {"code", "name"}
    for cell in c["parameters"].values():
        assert set(cell) >= {"degrees", "dominant"}
    for f in (f for c in data["collaborations"] for f in c["findings"]):
        assert f["severity"] in ("violation", "warning", "info")
        assert set(f["messages"]) == {"da", "en"}
    towns = [m for m in data["municipalities"] if m["changes"]]
    assert towns, "the two-date example shows a change between dates"


def test_profile_without_files_profiles_the_bundled_examples_in_danish(cli):
    result = cli("profile")
    assert result.code == 0, result.err
    assert "Kommuneprofil" in result.out and "Klassifikation" in result.out


def test_min_assessed_changes_insufficient_evidence(cli, root):
    strict = json.loads(cli("profile", root / "examples" / "personmodellen.ttl", "--format", "json", "--min-assessed", "6").out)
    kinds = {k["kind"] for k in strict["collaborations"][0]["classifications"]}
    assert "insufficient-evidence" in kinds
    assert cli("profile", "--min-assessed", "-1").code == 2


def test_one_configurable_base_moves_every_instance_iri(cli):
    data = json.loads(cli("--base", "https://data.example.dk/sk/", "profile", "--format", "json").out)
    c = data["collaborations"][0]
    assert c["iri"].startswith("https://data.example.dk/sk/samarbejde/")
    assert c["municipality"]["iri"].startswith("https://data.example.dk/sk/kommune/")
    assert c["municipality"]["name"]  # the reference data moved along
    bad = cli("--base", "not an iri", "profile")
    assert bad.code == 2 and "Traceback" not in bad.err


def test_profile_json_puts_one_record_per_line(cli):
    text = cli("profile", "--format", "json").out
    data = json.loads(text)
    lines = text.splitlines()
    assert lines[0] == "{" and lines[1] == '  "collaborations": ['
    records = [line for line in lines if line.startswith("    {")]
    assert len(records) == len(data["collaborations"]) + len(data["municipalities"])
    assert json.loads(records[0].rstrip(",")) == data["collaborations"][0]

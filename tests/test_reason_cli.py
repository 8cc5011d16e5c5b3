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
        assert f["label"] and f["label_en"] and f["label"] != f["label_en"]
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


def test_invalid_descriptions_are_refused_before_reasoning_in_one_line(cli, data_dir, tmp_path):
    bad = data_dir / "profile" / "unknown-status.ttl"
    out = tmp_path / "out.ttl"
    for command in (["profile", bad, "--lang", "en"], ["reason", bad, "-o", out]):
        result = cli(*command)
        assert result.code == 2 and result.out == ""
        assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err
        assert "unknown-status.ttl" in result.err and "neither observed nor absent" in result.err
    assert not out.exists()
    anyway = cli("profile", bad, "--no-validate")
    assert anyway.code == 0 and "ikke vurderet" in anyway.out   # a status the rules do not count


def test_a_kept_store_is_unchanged_by_an_invalid_file(cli, root, data_dir, tmp_path):
    store = tmp_path / "kept"
    assert cli("reason", "--store", store, root / "examples" / "personmodellen.ttl").code == 0
    before = cli("query", "degrees", "--store", store, "--format", "csv").out
    result = cli("reason", "--store", store, data_dir / "profile" / "unknown-status.ttl")
    assert result.code == 2 and "unknown-status.ttl" in result.err
    assert cli("query", "degrees", "--store", store, "--format", "csv").out == before


def test_a_municipality_whose_descriptions_assess_nothing_keeps_its_profile(cli, data_dir):
    result = cli("profile", data_dir / "profile" / "nothing-assessed.ttl", "--format", "json")
    assert result.code == 0, result.err
    municipalities = json.loads(result.out)["municipalities"]
    assert [(m["code"], m["collaborations"], m["findings"]) for m in municipalities] == [("0175", 1, {"not-assessed": 5})]
    text = cli("profile", data_dir / "profile" / "nothing-assessed.ttl").out
    assert "i 1 kommune(r)" in text and "Fund: ikke vurderet 5" in text


def test_findings_are_named_by_their_label_in_either_language(cli, root):
    catalogue = root / "examples" / "tilbudskatalog-personbaaret.ttl"
    english = cli("profile", catalogue, "--lang", "en").out
    assert "[warning] ineffective offer:" in english and "Findings: ineffective offer" in english
    danish = cli("profile", catalogue).out
    assert "Fund: virkningsløst tilbud" in danish and "ineffective-offer" not in danish


def test_files_may_follow_options(cli, root):
    example = root / "examples" / "personmodellen.ttl"
    assert cli("query", "degrees", "--format", "csv", example).code == 0
    assert cli("profile", "--lang", "en", example, "--format", "json").code == 0
    wrong = cli("profile", example, "--bogus")
    assert wrong.code == 2 and "unrecognized arguments: --bogus" in wrong.err


@pytest.mark.parametrize("args", [
    ["explain", "samarbejde/0151/skole a"],
    ["query", "degrees", "--param", "collaboration=a b"],
])
def test_a_name_that_is_not_an_iri_is_an_input_error(cli, args):
    result = cli(*args)
    assert result.code == 2 and "is not an IRI" in result.err and "Traceback" not in result.err


def test_an_output_folder_that_cannot_be_written_is_an_input_error(cli, root):
    result = cli("reason", root / "examples" / "personmodellen.ttl", "-o", "/proc/out.ttl")
    assert result.code == 2 and "/proc/out.ttl" in result.err and "Traceback" not in result.err


def test_output_files_get_the_usual_permissions(cli, root, tmp_path):
    import os

    out = tmp_path / "out.ttl"
    out.write_text("")
    out.chmod(0o644)
    old = os.umask(0o022)
    try:
        assert cli("reason", root / "examples" / "personmodellen.ttl", "-o", out).code == 0
        assert cli("template", "-o", tmp_path / "survey.csv").code == 0
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "survey.csv").stat().st_mode & 0o777 == 0o644


def test_municipal_tables_show_every_parameter_and_how_many_assessed_it(cli, data_dir):
    text = cli("profile", data_dir / "profile" / "nothing-assessed.ttl").out
    municipal = text[text.index("Kommuneprofil:"):]
    assert municipal.splitlines()[0].endswith("· 1 samarbejde")                  # singular
    assert "vurderet i" in municipal
    assert municipal.count("ikke vurderet") == 5 + 1                             # five rows, and the finding count


def test_a_classification_kind_is_named_once_with_its_models_in_figure_order(cli):
    lines = [line for line in cli("profile", "--lang", "en").out.splitlines() if line.startswith("Classification:")]
    assert lines
    for line in lines:
        kinds = [part.split(":")[0] for part in line.removeprefix("Classification: ").split("; ")]
        assert len(kinds) == len(set(kinds))
    assert any("model on several levels: Offer model, Co-creation model" in line for line in lines)


def test_a_data_folder_without_a_folder_a_command_reads_is_named_in_one_line(cli, root, tmp_path):
    import shutil

    shutil.copytree(root / "ontology", tmp_path / "ontology")
    for command, missing in ((["check", "--no-owl"], "shapes/"), (["validate", root / "examples" / "personmodellen.ttl"], "shapes/")):
        result = cli("--data", tmp_path, *command)
        assert result.code == 2 and f"no {missing} folder" in result.err and "Traceback" not in result.err
    shutil.copytree(root / "shapes", tmp_path / "shapes")
    result = cli("--data", tmp_path, "profile", root / "examples" / "personmodellen.ttl")
    assert result.code == 2 and "no rules/ folder" in result.err
    assert "data:" in cli("--version").out          # where the bundled data is, to copy it


@pytest.mark.parametrize("base", ["https://example.org/kg#", "https://example.org/kg/?a=b", "urn:x-sk:"])
def test_a_base_that_is_not_a_slash_iri_is_refused(cli, base):
    result = cli("--base", base, "profile")
    assert result.code == 2 and "slash IRI" in result.err and len(result.err.strip().splitlines()) == 1


def test_a_source_over_several_lines_keeps_the_explanation_a_tree(cli, root, tmp_path):
    text = (root / "examples" / "personmodellen.ttl").read_text(encoding="utf-8")
    source = next(line for line in text.splitlines() if "dcterms:source" in line).strip()
    multi = tmp_path / "multi.ttl"
    multi.write_text(text.replace(source, 'dcterms:source """linje 1\nlinje 2""" ;', 1), encoding="utf-8")
    description = next(line.split()[0].strip("<>") for line in text.splitlines() if "a sk:Collaboration" in line)
    result = cli("explain", description, multi)
    assert result.code == 0, result.err
    assert "linje 1 linje 2" in result.out
    assert not any(line.startswith("linje 2") for line in result.out.splitlines())


def test_an_english_profile_names_main_libraries_in_english(cli, root):
    example = root / "examples" / "personmodellen.ttl"
    assert "– Main library, " in cli("profile", example, "--lang", "en").out
    assert "– Hovedbiblioteket, " in cli("profile", example).out


def test_several_schools_are_named_in_alphabetical_order(cli, tmp_path):
    schools = ["Øster", "delta", "Charlie", "Ådal", "alfa", "Æble", "bravo"]
    lines = ["@prefix sk: <https://w3id.org/samarbejde-kg/def#> .", "@prefix schema: <https://schema.org/> .",
             "@prefix dcterms: <http://purl.org/dc/terms/> .", "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
             "<samarbejde/0147/mange/2025-03-01> a sk:Collaboration ; sk:municipality <kommune/0147> ;",
             "  sk:library <bibliotek/DK-714700> ; sk:assessmentDate \"2025-03-01\"^^xsd:date ; dcterms:source \"t\" ;",
             "  sk:school " + " , ".join(f"<skole/0147/s{i}>" for i in range(len(schools))) + " ."]
    lines += [f'<skole/0147/s{i}> a sk:School ; schema:name "{name}" ; sk:municipality <kommune/0147> .'
              for i, name in enumerate(schools)]
    path = tmp_path / "mange.ttl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("profile", "--format", "json", path)
    assert result.code == 0, result.err
    named = json.loads(result.out)["collaborations"][0]["schools"]
    assert named == ["alfa", "bravo", "Charlie", "delta", "Æble", "Øster", "Ådal"]


def test_output_through_a_symbolic_link_replaces_its_target_and_keeps_the_link(cli, root, tmp_path):
    target, link = tmp_path / "target.ttl", tmp_path / "link.ttl"
    target.write_text("old")
    target.chmod(0o640)
    link.symlink_to(target.name)
    assert cli("reason", root / "examples" / "personmodellen.ttl", "-o", link).code == 0
    assert link.is_symlink() and "sk:Collaboration" in target.read_text(encoding="utf-8")
    assert target.stat().st_mode & 0o777 == 0o640   # an existing file keeps its permissions


def test_output_to_a_fifo_is_written_through_not_replaced(cli, tmp_path):
    import os
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = cli("profile", "--format", "json", "-o", fifo)
    reader.join(timeout=60)
    assert result.code == 0, result.err
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(received[0])["collaborations"]


@pytest.mark.parametrize("args", [("profile",), ("query", "degrees"), ("query", "--list"), ("validate", "examples/personmodellen.ttl"),
                                  ("explain", "samarbejde/0101/eksempelskolen-oest--dk-710100/2023-05-01")])
def test_a_full_disk_on_standard_output_is_one_line(root, args):
    import os
    import stat
    import subprocess
    import sys

    if not os.path.exists("/dev/full") or not stat.S_ISCHR(os.stat("/dev/full").st_mode):
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-m", "samarbejde_kg", *args], stdout=full, stderr=subprocess.PIPE,
                              text=True, cwd=root, timeout=600)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == ["samarbejde: error: standard output: cannot write the output: No space left on device"]


def test_a_format_that_contradicts_the_output_extension_is_refused_before_reasoning(cli, tmp_path):
    out = tmp_path / "r.ttl"
    result = cli("reason", "--format", "nt", "-o", out)
    assert result.code == 2 and "contradicts the extension '.ttl'" in result.err and not out.exists()
    assert cli("reason", "--format", "turtle", "-o", out).code == 0


def test_a_folder_given_as_a_description_file_is_named_as_a_folder(cli, tmp_path):
    for command, name in (("profile", "beskrivelser.ttl"), ("validate", "beskrivelser"), ("import", "survey.csv")):
        folder = tmp_path / name
        folder.mkdir()
        result = cli(command, folder)
        assert result.code == 2 and f"{folder}: is a folder, not a file" in result.err, result.err


def test_a_new_store_that_fails_leaves_no_store_folder(cli, root, tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix x: <y> .\nbroken\n")
    new, given = tmp_path / "new-store", tmp_path / "given"
    given.mkdir()
    assert cli("reason", "--store", new, broken).code == 2
    assert not new.exists()
    assert cli("reason", "--store", given, root / "tests" / "data" / "validation" / "invalid" / "two-dates.ttl").code == 2
    assert given.is_dir() and not any(given.iterdir())   # the folder the user made stays, empty


def test_a_minimum_beyond_the_stores_integers_still_means_insufficient_evidence(cli, root):
    data = json.loads(cli("profile", root / "examples" / "personmodellen.ttl", "--format", "json",
                          "--min-assessed", str(2 ** 64)).out)
    kinds = {k["kind"] for c in data["collaborations"] for k in c["classifications"]}
    assert "insufficient-evidence" in kinds, kinds


def test_a_kept_store_takes_a_changed_ontology_and_reasons_again(cli, root, tmp_path):
    import shutil

    from ontology_helpers import copy_data

    data = copy_data(tmp_path / "data")
    shutil.copy(root / "tests" / "data" / "ontology" / "extra-indicator.ttl", data / "ontology" / "zz-extra.ttl")
    store = tmp_path / "store"
    person, offer = root / "examples" / "personmodellen.ttl", root / "examples" / "tilbudsmodellen.ttl"
    assert cli("reason", "--store", store, person).code == 0

    def totals():
        rows = cli("query", "degrees", "--store", store, "--format", "csv").out.splitlines()[1:]
        return {row.split(",")[5] for row in rows if "#TidStedOgFortaelling,https://w3id.org/samarbejde-kg/def#Personmodellen" in row}

    assert totals() == {"3"}
    refused = cli("--data", data, "reason", "--store", store, root / "tests" / "data" / "validation" / "invalid" / "two-dates.ttl")
    assert refused.code == 2 and totals() == {"3"}   # a failed update leaves ontology and results as they were
    changed = cli("--data", data, "reason", "--store", store, offer)
    assert changed.code == 0 and "the ontology has changed" in changed.err and "full reasoning" in changed.err
    assert totals() == {"4"}
    again = cli("--data", data, "reason", "--store", store, offer)
    assert "incremental reasoning" in again.err and "ontology has changed" not in again.err


def test_a_data_folder_without_examples_and_no_files_names_where_it_looked(cli, tmp_path):
    import shutil

    from ontology_helpers import copy_data

    data = copy_data(tmp_path / "data")
    shutil.rmtree(data / "examples")
    result = cli("--data", data, "profile")
    assert result.code == 2 and f"no examples in {data / 'examples'}" in result.err

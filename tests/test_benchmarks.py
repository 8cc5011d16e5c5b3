"""The benchmark data generator and the benchmark command (behaviour only, never timings)."""
import io
import subprocess
import sys

import pytest

from samarbejde_kg.incremental import PartitionedEngine, descriptions
from samarbejde_kg.store import INFERRED, KnowledgeGraph

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import generate  # noqa: E402


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    path = tmp_path_factory.mktemp("bench") / "tiny.nt"
    with open(path, "w", encoding="utf-8") as out:
        counts = generate.generate(generate.SCALES["tiny"], out)
    return path, counts


def test_the_generator_is_deterministic(tiny):
    path, _ = tiny
    again = io.StringIO()
    generate.generate(generate.SCALES["tiny"], again)
    assert again.getvalue() == path.read_text(encoding="utf-8")


def test_generated_data_is_clearly_synthetic_and_loads_and_reasons(tiny):
    path, counts = tiny
    text = path.read_text(encoding="utf-8")
    assert "Syntetisk skole 1" in text and "Syntetiske data (benchmark)" in text
    kg = KnowledgeGraph()
    kg.load_all([path])
    assert len(descriptions(kg)) == counts["descriptions"] == 12
    stats = PartitionedEngine().run(kg)
    assert stats.inferred > 0
    degrees = kg.select("SELECT (COUNT(*) AS ?n) WHERE { ?d a sk:Degree }")[0]["n"]
    assert degrees > 0
    assert kg.count(INFERRED) == stats.inferred


def test_generated_data_validates(tiny):
    validation = pytest.importorskip("samarbejde_kg.validation")
    if not hasattr(validation, "validate"):
        pytest.skip("validation not available")
    kg = KnowledgeGraph()
    kg.load_all([tiny[0]])
    report = validation.validate(kg, processes=1)
    assert report.count("Violation") == 0, [r.messages for r in report.results][:3]


def test_the_benchmark_command_prints_a_table(tmp_path):
    written = tmp_path / "latest.md"   # not the committed results of a real run
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--scales", "tiny", "--quick",
                             "--output", str(written)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "### tiny" in result.stdout and "### tiny" in written.read_text(encoding="utf-8")
    assert "| parse floor" in result.stdout and "| reason" in result.stdout
    assert "of full" in result.stdout


def test_the_benchmark_command_rejects_an_unknown_scale():
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--scales", "huge"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_on_disk_benchmark_prints_a_table_from_the_command_line_runs(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "on_disk.py"), "--scales", "tiny",
                             "--output", str(tmp_path / "on-disk.md")], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "### tiny (kept on-disk store)" in result.stdout
    table = [line for line in result.stdout.splitlines() if line.startswith("| `samarbejde")]
    assert len(table) == 3 and not any("skipped" in line or "failed" in line for line in table)


def test_every_rule_translates_into_a_shacl_af_construct_rule_that_rdflib_parses():
    from rdflib.plugins.sparql import prepareQuery
    from run import rule_as_construct

    from samarbejde_kg.engine import Engine

    for rule in Engine().rules:
        query = rule_as_construct(rule.text)
        assert query.lstrip().startswith("PREFIX") and "CONSTRUCT" in query and "USING" not in query
        prepareQuery(query)


def test_the_server_benchmark_prints_a_table(tmp_path):
    """Both servers start, answer the same requests, and the table shows them side by side."""
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "server.py"), "--scales", "mini", "--repeat", "1",
                             "--output", str(tmp_path / "server.md")],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "### `mini`" in result.stdout and "| SPARQL: degrees (all, named query) |" in result.stdout
    assert "| collaboration page |" in result.stdout and "Peak memory: ours" in result.stdout

"""The installed wheel works on its own: data files travel inside it and are found there."""
import subprocess
import sys

import pytest

from conftest import ROOT

LOAD_EVERY_DATA_FILE = """
import pathlib
from samarbejde_kg import resources, __version__
from samarbejde_kg.store import KnowledgeGraph
root = resources.data_root()
assert 'site-packages' in str(root), root
count = 0
for name in resources.FOLDERS:
    for path in resources.files(name):
        path.read_bytes()
        count += 1
kg = KnowledgeGraph()
assert kg.count() > 2000
print(__version__, count)
"""


@pytest.mark.slow
def test_wheel_installs_in_a_fresh_venv_and_finds_every_data_file(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", dist, ROOT],
                   check=True, capture_output=True, timeout=900)
    wheel = next(dist.glob("samarbejde_kg-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True, timeout=300)
    python = venv / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", wheel], check=True, capture_output=True, timeout=1800)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    loaded = subprocess.run([python, "-c", LOAD_EVERY_DATA_FILE], cwd=elsewhere,
                            capture_output=True, text=True, timeout=300)
    assert loaded.returncode == 0, loaded.stderr
    version, count = loaded.stdout.split()
    source_count = sum(1 for name in ("ontology", "shapes", "rules", "queries", "examples")
                       if (ROOT / name).is_dir() for p in (ROOT / name).rglob("*") if p.is_file())
    assert int(count) == source_count

    script = venv / "bin" / "samarbejde"
    shown = subprocess.run([script, "--version"], capture_output=True, text=True, cwd=elsewhere)
    assert shown.returncode == 0 and version in shown.stdout
    checked = subprocess.run([script, "check", "--no-owl"], capture_output=True, text=True, cwd=elsewhere, timeout=300)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    as_module = subprocess.run([python, "-m", "samarbejde_kg", "--version"], capture_output=True, text=True, cwd=elsewhere)
    assert as_module.returncode == 0 and version in as_module.stdout

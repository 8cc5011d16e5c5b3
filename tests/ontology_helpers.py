"""Helpers for the ontology tests: a copy of the data folders to break on purpose."""
import shutil
from pathlib import Path

from conftest import ROOT
from samarbejde_kg.resources import FOLDERS


def copy_data(target: Path) -> Path:
    """Copy ontology/, shapes/, rules/, queries/ and examples/ to ``target``."""
    for name in FOLDERS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            (target / name).mkdir(parents=True)
    return target

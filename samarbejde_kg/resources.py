"""Where the data files are: the installed wheel's copy, a source checkout, or an override.

Data lives in the top-level folders ``ontology/``, ``shapes/``, ``rules/``, ``queries/`` and
``examples/``. A wheel carries them under ``samarbejde_kg/data/``; a source checkout (or an
editable install) reads them beside the package. ``--data DIR`` or ``SAMARBEJDE_DATA`` points
at a copy, so a knowledge engineer can try an extended ontology without reinstalling.
"""
import os
from importlib import resources
from pathlib import Path

FOLDERS = ("ontology", "shapes", "rules", "queries", "examples")


def data_root() -> Path:
    override = os.environ.get("SAMARBEJDE_DATA")
    return Path(override) if override else bundled_root()


def folder(name: str) -> Path:
    """One of FOLDERS under the data root. A copy (``--data``) must hold the folders a command
    reads; ``examples/`` only serves as the default input, so it may be left out."""
    if name not in FOLDERS:
        raise ValueError(f"unknown data folder {name!r}")
    path = data_root() / name
    if name != "examples" and os.environ.get("SAMARBEJDE_DATA") and not path.is_dir():
        from .errors import InputError

        raise InputError(f"no {name}/ folder; a data folder holds {', '.join(f + '/' for f in FOLDERS)} "
                         f"(the bundled ones are in {bundled_root()})", where=f"--data {data_root()}")
    return path


def bundled_root() -> Path:
    """The data folders that come with the package (what ``--data`` copies start from)."""
    packaged = resources.files("samarbejde_kg") / "data"
    return Path(str(packaged)) if packaged.is_dir() else Path(__file__).resolve().parent.parent


def relative(path) -> str:
    """A path relative to the data root, as a knowledge engineer reads it (else as given)."""
    try:
        return str(Path(path).relative_to(data_root()))
    except ValueError:
        return str(path)


def files(name: str, pattern: str = "*") -> list[Path]:
    """Files under a data folder matching a glob pattern (recursive), in a stable order."""
    root = folder(name)
    return sorted(p for p in root.rglob(pattern) if p.is_file()) if root.is_dir() else []

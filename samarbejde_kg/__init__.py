"""samarbejde_kg: a knowledge graph and reasoner for school–library collaboration in Danish municipalities.

The version has one source, ``pyproject.toml``; it reaches the code through the installed
package metadata (or the file itself when running from a source checkout).
"""
from importlib import metadata as _metadata


def _version() -> str:
    try:
        return _metadata.version("samarbejde-kg")
    except _metadata.PackageNotFoundError:  # running from a source tree that is not installed
        import tomllib
        from pathlib import Path

        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]


__version__ = _version()

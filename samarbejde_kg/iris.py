"""Minting instance IRIs: deterministic, slash-separated, keyed on official codes.

Every importer and generator mints through these functions, so re-importing the same
survey yields the same graph and examples written by hand agree with imported data.
"""
import hashlib
import re
import unicodedata

from . import namespaces as ns

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})
ISIL = re.compile(r"^DK-7\d{5}$")


def slug(text: str) -> str:
    """ASCII, lower case, words joined by '-': 'Ørsted Skole' -> 'oersted-skole'.

    Letters with no ASCII form (Greek, Arabic, emoji …) cannot be spelt out, so a short hash
    of the name is added: two schools that differ only in them keep different IRIs."""
    folded = unicodedata.normalize("NFKD", text.strip().translate(_FOLD))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    lost = any(not ch.isascii() and not unicodedata.combining(ch) for ch in folded)
    if lost or not base:
        digest = hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:8]
        return f"{base}-{digest}" if base else digest
    return base


def municipality(code: str) -> str:
    return f"{ns.base()}kommune/{code}"


def region(code: str) -> str:
    return f"{ns.base()}region/{code}"


def main_library_isil(code: str) -> str:
    """ISIL of a municipality's main library: DK-7 + 3-digit municipality number + 00."""
    return f"DK-7{int(code):03d}00"


def library(code: str, name_or_isil: str) -> str:
    """A library by ISIL when given one, else by name within the municipality."""
    value = name_or_isil.strip()
    if ISIL.match(value):
        return f"{ns.base()}bibliotek/{value}"
    return f"{ns.base()}bibliotek/{code}/{slug(value)}"


def school(code: str, name: str) -> str:
    return f"{ns.base()}skole/{code}/{slug(name)}"


def administration(code: str, name: str) -> str:
    return f"{ns.base()}forvaltning/{code}/{slug(name)}"


def collaboration(code: str, school_name: str, library_name: str, date: str) -> str:
    return f"{ns.base()}samarbejde/{code}/{slug(school_name)}--{slug(library_name)}/{date}"


def evidence(collaboration_iri: str, notation: str) -> str:
    return f"{collaboration_iri}/evidens/{notation}"

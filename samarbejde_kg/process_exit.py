"""Ending a command-line run without tearing down its in-memory store.

Freeing a reasoned national store (a million statements and more) takes about a second, and
the process is about to end anyway: the operating system takes the memory back at once. A
command that holds only in-memory stores hands them to :func:`keep`, and the command line
ends with ``os._exit`` once the output is flushed. Library callers are not affected: unless
the command line asked for it, :func:`keep` keeps nothing.
"""
from __future__ import annotations

import os
import sys

_kept: list | None = None


def enable() -> None:
    """Called by the command line (never by library code) before a command runs."""
    global _kept
    _kept = []


def keep(*objects) -> None:
    """Keep these objects until the process ends (only when the command line enabled it)."""
    if _kept is not None:
        _kept.extend(objects)


def end(code: int) -> int:
    """Flush and end the process at once when something is kept; else return ``code``."""
    if not _kept:
        return code
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)

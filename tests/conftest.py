"""Shared test helpers: run the real CLI in a subprocess, locate fixtures."""
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_cli(*args, env=None, cwd=None, input=None) -> Result:
    """Run ``python -m samarbejde_kg ARGS`` as a user would, and capture its output."""
    full_env = dict(os.environ)
    full_env.pop("SAMARBEJDE_DATA", None)
    full_env.pop("SAMARBEJDE_BASE", None)
    full_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "samarbejde_kg", *map(str, args)],
        capture_output=True, text=True, env=full_env, cwd=cwd, input=input, timeout=600,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def data_dir():
    return DATA

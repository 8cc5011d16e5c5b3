"""Start and stop a real `samarbejde serve` process for the tests that talk to it over HTTP."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from contextlib import contextmanager


@contextmanager
def running_server(*args: str, options: tuple = (), env: dict | None = None, timeout: float = 120):
    """Yield the base URL of a server started as a user would start it (port chosen by the OS);
    ``options`` go before the command (``--base``, ``--data``)."""
    proc = subprocess.Popen([sys.executable, "-m", "samarbejde_kg", *options, "serve", "--port", "0", "--quiet", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})
    try:
        deadline = time.monotonic() + timeout
        line = proc.stdout.readline()
        while not line.startswith("Serving on ") and time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited with {proc.returncode}: {proc.stderr.read()}")
            line = proc.stdout.readline()
        url = line.split()[2]
        yield url.rstrip("/")
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()

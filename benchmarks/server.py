"""The server under load: our SPARQL endpoint and pages against Oxigraph's own server.

    python benchmarks/server.py [--scales small,denmark] [--repeat 5]

For each scale the generated data is reasoned once into a kept store (``samarbejde reason
--store``) and the same reasoned data is loaded into a second on-disk store for Oxigraph's
own HTTP server (``oxigraph serve-read-only --union-default-graph``, from the ``oxigraph``
package): the obvious alternative for publishing SPARQL over the same engine. Both servers
then answer the same SPARQL requests (the median of ``--repeat`` runs, JSON results), and
ours also the pages people read. A million rows as TSV (once) show that results are streamed:
the time to the first byte, and the server's peak memory, which must not grow with the answer. Reported: seconds per request, answer size, and each server's
peak resident memory. Prints Markdown and writes it to ``benchmarks/results/server.md`` (``--output``).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import ensure_data  # noqa: E402

QUERIES = {   # name -> SPARQL (the named queries a research tool runs, and a point lookup)
    "degrees (all, named query)": (HERE.parent / "queries" / "degrees.rq").read_text(encoding="utf-8"),
    "municipal profiles (named query)": (HERE.parent / "queries" / "municipal-profiles.rq").read_text(encoding="utf-8"),
    "count statements": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "one collaboration's degrees": "PREFIX sk: <https://w3id.org/samarbejde-kg/def#>\n"
                                   "SELECT ?p ?m ?x WHERE { ?d sk:collaboration <{c}> ; sk:parameter ?p ; sk:model ?m ; sk:degree ?x }",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc, timeout: float = 1800) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stderr.read().decode()[-500:]}")
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")


def peak_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def timed(url: str, data: bytes | None = None, headers: dict | None = None, repeat: int = 5) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(repeat):
        request = urllib.request.Request(url, data=data, headers=headers or {})
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=600) as answer:
            size = len(answer.read())
        times.append(time.perf_counter() - started)
    return statistics.median(times), size


def sparql(endpoint: str, query: str, repeat: int) -> tuple[float, int]:
    body = urllib.parse.urlencode({"query": query}).encode()
    return timed(endpoint, body, {"Content-Type": "application/x-www-form-urlencoded",
                                  "Accept": "application/sparql-results+json"}, repeat)


BIG = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 1000000"   # about 400 MB as TSV


def streamed(url: str, query: str) -> tuple[float, float, int]:
    """(seconds to the first byte, seconds to the last, bytes) of one answer read as it comes."""
    request = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": "text/tab-separated-values"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=1800) as answer:
        size = len(answer.read(1))
        first = time.perf_counter() - started
        while chunk := answer.read(1 << 20):
            size += len(chunk)
    return first, time.perf_counter() - started, size


def bench(scale: str, repeat: int, work: Path) -> list[str]:
    data = ensure_data(scale)
    ours_store, theirs_store, dump = work / f"{scale}-ours", work / f"{scale}-oxigraph", work / f"{scale}.nq"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "samarbejde_kg", "reason", "--store", str(ours_store), str(data)],
                   check=True, stderr=subprocess.DEVNULL)
    reason_s = time.perf_counter() - started
    subprocess.run([sys.executable, "-m", "samarbejde_kg", "reason", str(data), "-o", str(dump)], check=True,
                   stderr=subprocess.DEVNULL)
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    started = time.perf_counter()
    subprocess.run([oxigraph, "load", "--location", str(theirs_store), "--file", str(dump)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    load_s = time.perf_counter() - started
    port_ours, port_theirs = free_port(), free_port()
    ours = subprocess.Popen([sys.executable, "-m", "samarbejde_kg", "serve", "--quiet", "--store", str(ours_store),
                             "--port", str(port_ours)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    theirs = subprocess.Popen([oxigraph, "serve-read-only", "--location", str(theirs_store), "--union-default-graph",
                               "--bind", f"127.0.0.1:{port_theirs}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    rows = [f"### `{scale}`", "",
            f"Reasoned into a kept store in {reason_s:.1f} s; the same results loaded by `oxigraph load` in {load_s:.1f} s.", "",
            "| request | ours (s) | Oxigraph server (s) | ratio | answer bytes |", "|---|---:|---:|---:|---:|"]
    try:
        base_ours, base_theirs = f"http://127.0.0.1:{port_ours}", f"http://127.0.0.1:{port_theirs}"
        wait_until_up(base_ours + "/", ours)
        wait_until_up(base_theirs + "/query?query=ASK%7B%7D", theirs)
        collaboration = _first_collaboration(base_ours)
        for name, query in QUERIES.items():
            query = query.replace("{c}", collaboration)
            t_ours, size = sparql(base_ours + "/sparql", query, repeat)
            t_theirs, _ = sparql(base_theirs + "/query", query, repeat)
            rows.append(f"| SPARQL: {name} | {t_ours:.3f} | {t_theirs:.3f} | {t_ours / t_theirs:.1f}× | {size:,} |")
        first, total, size = streamed(base_ours + "/sparql", BIG)
        first_theirs, total_theirs, _ = streamed(base_theirs + "/query", BIG)
        rows.append(f"| SPARQL: a million rows as TSV, first byte | {first:.3f} | {first_theirs:.3f} | | |")
        rows.append(f"| SPARQL: a million rows as TSV, last byte | {total:.3f} | {total_theirs:.3f} | "
                    f"{total / total_theirs:.1f}× | {size:,} |")
        path = urllib.parse.urlsplit(collaboration).path
        municipality = _municipality_path(base_ours, collaboration)
        pages = {"index page": "/", "municipality page": municipality, "collaboration page": path,
                 "degree page with explanation": path + "/grad/1/P", "municipality as Turtle": municipality + ".ttl"}
        for name, page in pages.items():
            t_ours, size = timed(base_ours + page, headers={"Accept": "text/html"}, repeat=repeat)
            rows.append(f"| {name} | {t_ours:.3f} | | | {size:,} |")
        rows += ["", f"Peak memory: ours {peak_mb(ours.pid):.0f} MB, Oxigraph server {peak_mb(theirs.pid):.0f} MB.", ""]
    finally:
        for proc in (ours, theirs):
            proc.terminate()
            proc.wait(30)
    return rows


def _select_one(base: str, query: str) -> str:
    body = urllib.parse.urlencode({"query": "PREFIX sk: <https://w3id.org/samarbejde-kg/def#> " + query}).encode()
    request = urllib.request.Request(base + "/sparql", data=body, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request) as answer:
        row = json.loads(answer.read())["results"]["bindings"][0]
    return next(iter(row.values()))["value"]


def _first_collaboration(base: str) -> str:
    return _select_one(base, "SELECT ?c WHERE { ?c a sk:Collaboration } ORDER BY ?c LIMIT 1")


def _municipality_path(base: str, collaboration: str) -> str:
    return urllib.parse.urlsplit(_select_one(base, f"SELECT ?m WHERE {{ <{collaboration}> sk:municipality ?m }}")).path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="small,denmark")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--output", type=Path, default=HERE / "results" / "server.md", help="where the Markdown goes too")
    args = parser.parse_args(argv)
    lines = ["# Server benchmark", "", f"`python benchmarks/server.py --scales {args.scales} --repeat {args.repeat}` "
             f"on {os.cpu_count()} cores; seconds are the median over {args.repeat} requests.", ""]
    with tempfile.TemporaryDirectory() as work:
        for scale in args.scales.split(","):
            lines += bench(scale.strip(), args.repeat, Path(work))
    text = "\n".join(lines) + "\n"
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

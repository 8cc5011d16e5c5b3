"""Data larger than memory: the kept on-disk store, as a user runs it from the command line.

    python benchmarks/on_disk.py [--scales denmark,large,nordic]

At the ``nordic`` scale (110,000 descriptions, 17M triples) the data and its inferences do not
fit an in-memory store on a 24 GB machine, so the user keeps them on disk
(``samarbejde reason --store DIR``, docs/reasoner.md). For each scale this prints, each step in
a fresh process with its wall time and peak memory:

* parse floor: pyoxigraph parsing the file into an in-memory store (as in ``run.py``);
* ``samarbejde reason --store DIR FILE`` into a new store (streamed load, rules by parts);
* ``samarbejde query degrees --store DIR`` over the kept store (all degrees as CSV);
* ``samarbejde reason --store DIR CHANGED`` after one description changed (incremental);

and the store's size on disk. Appends its Markdown to ``benchmarks/results/on-disk.md``.
Reasoning runs with ``--no-validate`` (generated data is valid): this measures the kept
store; validation is measured in ``run.py``.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from run import ensure_data, fmt_mb, fmt_s, measure, parse_scales, ratio, report, run_measured  # noqa: E402

CLI = [sys.executable, "-m", "samarbejde_kg"]


def changed_description(store: Path, out: Path) -> str:
    """Write one description of the kept store with one indicator's status flipped."""
    import pyoxigraph as ox

    from samarbejde_kg import namespaces as ns
    from samarbejde_kg.incremental import descriptions, owned
    from samarbejde_kg.store import KnowledgeGraph

    kg = KnowledgeGraph(store, ontology=False)
    items = descriptions(kg)
    target = items[len(items) // 2]
    status = ox.NamedNode(ns.SK + "status")
    observed, absent = ox.NamedNode(ns.SK + "Observed"), ox.NamedNode(ns.SK + "Absent")
    triples, flipped = [], False
    for q in owned(kg, target):
        obj = q.object
        if q.predicate == status and not flipped:
            obj, flipped = (absent if obj == observed else observed), True
        triples.append(ox.Triple(q.subject, q.predicate, obj))
    out.write_bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    del kg   # releases the store's lock before the next process opens it
    return target.value


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def bench_scale(scale: str, cap: float) -> str:
    path = ensure_data(scale)
    work = Path(tempfile.mkdtemp(prefix=f"samarbejde-{scale}-"))
    store = work / "store"
    try:
        parse = measure("parse", path, cap)
        reason = run_measured(CLI + ["reason", "--no-validate", "--store", str(store), str(path)], cap)
        size = folder_mb(store) if store.exists() else 0.0
        query = run_measured(CLI + ["query", "degrees", "--store", str(store), "--format", "csv"], cap)
        incremental: dict = {"skipped": "no store"}
        if "skipped" not in reason:
            changed = work / "changed.nt"
            changed_description(store, changed)
            incremental = run_measured(CLI + ["reason", "--no-validate", "--store", str(store), str(changed)], cap)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    share = (f"{100 * incremental['seconds'] / reason['seconds']:.2f} % of full"
             if "skipped" not in incremental and "skipped" not in reason else "")
    rows = [
        ("parse floor (pyoxigraph parses the file, in memory)", parse, ""),
        ("`samarbejde reason --store DIR FILE` (new store)", reason,
         ratio(reason, parse) + " floor" if ratio(reason, parse) else ""),
        ("`samarbejde query degrees --store DIR` (CSV)", query, ""),
        ("`samarbejde reason --store DIR CHANGED` (one description changed)", incremental, share),
    ]
    lines = [f"### {scale} (kept on-disk store): {parse.get('triples', 0):,} triples in the file, "
             f"store {size:,.0f} MB on disk\n",
             "| step | seconds | peak MB | ratio |", "|---|---:|---:|---|"]
    lines += [f"| {name} | {fmt_s(res)} | {fmt_mb(res)} | {note} |" for name, res, note in rows]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="denmark,nordic")
    parser.add_argument("--cap", type=float, default=3600.0, help="seconds after which a step is stopped")
    parser.add_argument("-o", "--output", type=Path, default=HERE / "results" / "on-disk.md",
                        help="also write the Markdown to this file (default: benchmarks/results/on-disk.md)")
    args = parser.parse_args(argv)
    scales = parse_scales(args.scales)
    if scales is None:
        return 2
    report("Kept on-disk store", f"python benchmarks/on_disk.py --scales {','.join(scales)}", scales,
           lambda scale: bench_scale(scale, args.cap), args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())

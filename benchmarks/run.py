"""The benchmark: every step a user runs, at each scale, against the obvious alternatives.

    python benchmarks/run.py [--scales tiny,small,medium,denmark] [--baselines] [--quick]

For each scale the generated data (``benchmarks/generate.py``, made on demand) is put through
each step in a fresh Python process, so that the peak memory reported is that step's own:

* parse floor: pyoxigraph only parsing the file into a store (the least any step can cost);
* load, validate, reason (by parts), reason lean (results without provenance links, as
  ``samarbejde profile`` runs it), profile (build + render), a typical query (degrees.rq);
* ``samarbejde profile FILE`` end to end, interpreter start included, with and without its
  check of the input against the shapes (``--no-validate``);
* incremental re-reasoning after one description changes, against a full run;
* baselines, with ``--baselines``: the same rules as SPARQL Update in rdflib's engine over an
  rdflib Dataset, the same rules as SHACL-AF ``sh:SPARQLRule`` s run by pySHACL's rule engine
  (``pyshacl.shacl_rules``) over an rdflib Dataset, pySHACL validating the whole graph, rdflib
  parsing the file, and our own whole-store engine (``Engine.run``). A baseline that ran past the time cap is not run at larger scales:
  the table then shows the curve from the smaller ones.

Wall times are the step itself (setup such as loading is excluded) and "peak MB" is the
process's peak resident memory; "store MB" is what loading the data added to the process.
Prints Markdown and writes it to ``benchmarks/results/latest.md``.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

STEPS = ["parse", "load", "validate", "reason", "reason-lean", "profile", "query", "incremental"]
BASELINES = ["rdflib-parse", "rdflib-rules", "pyshacl-rules", "pyshacl", "whole-store-engine"]


# ---------------------------------------------------------------------------- the child steps
def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def child(step: str, path: str) -> dict:
    """Run one step in this (fresh) process; returns seconds and counts."""
    from samarbejde_kg.store import KnowledgeGraph

    out: dict = {}

    def loaded():
        kg = KnowledgeGraph()
        before = out["base_mb"] = rss_mb()
        kg.load_all([path])
        out["store_mb"] = rss_mb() - before
        out["triples"] = kg.count() 
        return kg

    def reasoned():
        from samarbejde_kg.incremental import PartitionedEngine

        kg = loaded()
        engine = PartitionedEngine()
        started = time.perf_counter()
        stats = engine.run(kg)
        out["reason_s"] = time.perf_counter() - started
        out["inferred"] = stats.inferred
        out["reasoned_mb"] = rss_mb() - out["base_mb"]   # the store with data and results
        return kg, engine

    if step == "parse":
        import pyoxigraph as ox

        started = time.perf_counter()
        store = ox.Store()
        store.load(path=path, format=ox.RdfFormat.N_TRIPLES)
        out["seconds"] = time.perf_counter() - started
        out["triples"] = len(store)
    elif step == "load":
        started = time.perf_counter()
        kg = loaded()
        out["seconds"] = time.perf_counter() - started
        from samarbejde_kg.incremental import descriptions

        out["descriptions"] = len(descriptions(kg))
    elif step == "validate":
        from samarbejde_kg import validation

        if not hasattr(validation, "validate"):
            return {"skipped": "n/a"}
        kg = loaded()
        started = time.perf_counter()
        report = validation.validate(kg)
        out["seconds"] = time.perf_counter() - started
        out["violations"] = report.count("Violation")
    elif step == "reason":
        kg, _ = reasoned()
        out["seconds"] = out.pop("reason_s")
    elif step == "reason-lean":
        from samarbejde_kg.incremental import PartitionedEngine

        kg = loaded()
        started = time.perf_counter()
        stats = PartitionedEngine().run(kg, provenance=False)
        out["seconds"] = time.perf_counter() - started
        out["inferred"] = stats.inferred
    elif step == "profile":
        from samarbejde_kg import profile

        kg, _ = reasoned()
        started = time.perf_counter()
        text = profile.render(profile.build(kg), kg, "da")
        out["seconds"] = time.perf_counter() - started
        out["chars"] = len(text)
    elif step == "query":
        from samarbejde_kg import queries

        kg, _ = reasoned()
        started = time.perf_counter()
        rows = queries.select(kg, "degrees")
        out["seconds"] = time.perf_counter() - started
        out["rows"] = len(rows)
    elif step == "incremental":
        import pyoxigraph as ox

        from samarbejde_kg import namespaces as ns
        from samarbejde_kg.incremental import descriptions, owned

        kg, engine = reasoned()
        target = descriptions(kg)[len(descriptions(kg)) // 2]
        status = ox.NamedNode(ns.SK + "status")
        observed, absent = ox.NamedNode(ns.SK + "Observed"), ox.NamedNode(ns.SK + "Absent")
        changed, flipped = KnowledgeGraph(ontology=False), False
        for q in owned(kg, target):
            if q.predicate == status and not flipped:
                q, flipped = ox.Quad(q.subject, q.predicate, absent if q.object == observed else observed, q.graph_name), True
            changed.store.add(q)
        started = time.perf_counter()
        engine.update(kg, changed)
        out["seconds"] = time.perf_counter() - started
        out["full_s"] = out.pop("reason_s")
    elif step == "whole-store-engine":
        from samarbejde_kg.engine import Engine

        kg = loaded()
        started = time.perf_counter()
        out["inferred"] = Engine().run(kg).inferred
        out["seconds"] = time.perf_counter() - started
    elif step == "rdflib-parse":
        import rdflib

        started = time.perf_counter()
        g = rdflib.Graph()
        g.parse(path, format="nt")
        out["seconds"] = time.perf_counter() - started
        out["triples"] = len(g)
    elif step == "rdflib-rules":
        out.update(rdflib_rules(path))
    elif step == "pyshacl-rules":
        out.update(pyshacl_rules(path))
    elif step == "pyshacl":
        out.update(pyshacl_whole(path))
    else:
        raise SystemExit(f"unknown step {step}")
    return out


USING = re.compile(r"^USING (NAMED )?<[^>]+>\s*$", re.M)


def rdflib_rules(path: str) -> dict:
    """Our .ru rules run by rdflib's SPARQL Update engine over an rdflib Dataset.

    rdflib reads ``USING <g>`` as "fetch g from the web", so the USING lines are dropped and
    the Dataset's default graph is the union of its graphs, which is what they ask for.
    """
    import rdflib

    from samarbejde_kg import namespaces as ns
    from samarbejde_kg import resources
    from samarbejde_kg.engine import Engine

    ds = rdflib.Dataset(default_union=True)
    onto = ds.graph(rdflib.URIRef(ns.ONTOLOGY_GRAPH))
    for f in resources.files("ontology", "*.ttl"):
        onto.parse(f, format="turtle", publicID=ns.base())
    ds.graph(rdflib.URIRef(ns.DATA_GRAPH)).parse(path, format="nt")
    engine = Engine()
    failed = []
    started = time.perf_counter()
    for rule in engine.plan.order:
        try:
            ds.update(USING.sub("", rule.text))
        except Exception as exc:  # report a rule rdflib cannot run, keep going
            failed.append(f"{rule.id}: {type(exc).__name__}")
    seconds = time.perf_counter() - started
    inferred = len(ds.graph(rdflib.URIRef(ns.INFERRED_GRAPH)))
    return {"seconds": seconds, "inferred": inferred, "failed": failed}


# INSERT { GRAPH <inferred> { TEMPLATE } } USING … WHERE { BODY }, after the PREFIX lines
INSERT_RULE = re.compile(r"^(?P<prefixes>(?:\s*PREFIX[^\n]*\n)*)\s*INSERT\s*\{\s*GRAPH\s*<[^>]+>\s*\{(?P<template>.*?)\}\s*\}"
                         r"\s*(?:USING\s+(?:NAMED\s+)?<[^>]+>\s*)*WHERE\s*(?P<body>\{.*\})\s*$", re.S)


def rule_as_construct(text: str) -> str:
    """A rule's ``INSERT { GRAPH <inferred> { T } } USING … WHERE { B }`` as ``CONSTRUCT { T } WHERE { B }``,
    with its PREFIX lines (the ``#`` header is dropped; USING goes as in ``rdflib_rules``)."""
    update = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    m = INSERT_RULE.match(update.strip() + "\n")
    if not m:
        raise ValueError("not of the form INSERT { GRAPH <g> { ... } } USING ... WHERE { ... }")
    return f"{m['prefixes'].strip()}\nCONSTRUCT {{{m['template']}}}\nWHERE {m['body']}\n"


def pyshacl_rules(path: str) -> dict:
    """Our .ru rules as SHACL-AF ``sh:SPARQLRule`` s, run by pySHACL's rule engine over an rdflib Dataset.

    One shape per rule component of ``Engine.components()`` (today every component is a single
    rule), in our evaluation order: ``sh:order`` on the shape and on each of its rules, and the
    first rule's IRI as its only ``sh:targetNode``. The rules do not use ``$this``, so the target
    only makes pySHACL run each rule once. Only if a component recurses is ``iterate_rules`` on
    (pySHACL then re-runs every shape's rules until they add nothing, as ``run_components`` does
    for a recursive component). The Dataset holds the ontology and data as named graphs and reads
    as their union (``GRAPH <…/graph/data>`` in a body still works); pySHACL adds what the rules
    construct to the default graph in place, later rules read it, and that graph is then what
    our inferred graph is.
    """
    import pyshacl
    import rdflib
    from rdflib.namespace import RDF, SH
    from rdflib.plugins.sparql import prepareQuery

    from samarbejde_kg import namespaces as ns
    from samarbejde_kg import resources
    from samarbejde_kg.engine import Engine

    ds = rdflib.Dataset(default_union=True)
    onto = ds.graph(rdflib.URIRef(ns.ONTOLOGY_GRAPH))
    for f in resources.files("ontology", "*.ttl"):
        onto.parse(f, format="turtle", publicID=ns.base())
    ds.graph(rdflib.URIRef(ns.DATA_GRAPH)).parse(path, format="nt")
    shapes, failed, rules, order = rdflib.Graph(), [], 0, 0
    components = Engine().components()
    for component, _ in components:
        shape = rdflib.URIRef(component[0].iri)
        shapes.add((shape, RDF.type, SH.NodeShape))
        shapes.add((shape, SH.targetNode, shape))
        shapes.add((shape, SH.order, rdflib.Literal(order)))
        for rule in component:
            try:
                query = rule_as_construct(rule.text)
                prepareQuery(query)  # a rule rdflib cannot parse is reported, the others still run
            except Exception as exc:
                failed.append(f"{rule.id}: {type(exc).__name__}")
                continue
            sparql_rule = rdflib.BNode()
            shapes.add((shape, SH.rule, sparql_rule))
            shapes.add((sparql_rule, RDF.type, SH.SPARQLRule))
            shapes.add((sparql_rule, SH.order, rdflib.Literal(order)))
            shapes.add((sparql_rule, SH.construct, rdflib.Literal(query)))
            rules, order = rules + 1, order + 1
    recursive = any(rec for _, rec in components)
    started = time.perf_counter()
    try:
        expanded = pyshacl.shacl_rules(ds, shacl_graph=shapes, inplace=True, iterate_rules=recursive)
        if getattr(expanded, "impl", None) is not ds:  # pySHACL returns an error graph, not the data
            failed.append("pyshacl: " + "; ".join(str(m) for m in expanded.objects(None, SH.message))[:120])
    except Exception as exc:  # a rule pySHACL cannot run stops its run: report it, keep what was added
        failed.append(f"pyshacl: {type(exc).__name__}: {str(exc)[:120]}")
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "inferred": len(ds.default_graph), "rules": rules, "failed": failed}


def pyshacl_whole(path: str) -> dict:
    """pySHACL over the whole graph (data plus ontology) with the description shapes."""
    import pyshacl
    import rdflib

    from samarbejde_kg import namespaces as ns
    from samarbejde_kg import resources

    data = rdflib.Graph()
    for f in resources.files("ontology", "*.ttl"):
        data.parse(f, format="turtle", publicID=ns.base())
    data.parse(path, format="nt")
    shapes = rdflib.Graph()
    for f in sorted((resources.folder("shapes") / "descriptions").glob("*.ttl")):
        shapes.parse(f, format="turtle")
    started = time.perf_counter()
    conforms, _, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True,
                                      allow_infos=True, inplace=True)
    return {"seconds": time.perf_counter() - started, "conforms": bool(conforms)}


# ---------------------------------------------------------------------------- the parent
def measure(step: str, path: Path, timeout: float) -> dict:
    """One step in a fresh process: its own report plus wall time and peak RSS of the process."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", step, str(path)]
    return run_measured(cmd, timeout, parse_json=True)


def run_measured(cmd, timeout, parse_json=False, env=None) -> dict:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE if parse_json else subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env)
    deadline = started + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            os.wait4(proc.pid, 0)
            return {"skipped": f"> {timeout:.0f} s"}
        time.sleep(0.02)
    wall = time.perf_counter() - started
    stdout = proc.stdout.read().decode() if parse_json else ""
    stderr = proc.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        return {"skipped": "failed: " + (stderr.strip().splitlines() or ["?"])[-1][:80]}
    result = json.loads(stdout.strip().splitlines()[-1]) if parse_json else {}
    result.setdefault("seconds", wall)
    result["wall"] = wall
    result["peak_mb"] = usage.ru_maxrss / 1024
    return result


def ensure_data(scale: str) -> Path:
    path = HERE / "data" / f"{scale}.nt"
    if not path.exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--scale", scale, "-o", str(path)], check=True)
    return path


def fmt_s(r: dict) -> str:
    return r["skipped"] if "skipped" in r else f"{r['seconds']:.2f}"


def fmt_mb(r: dict) -> str:
    return "" if "skipped" in r else f"{r['peak_mb']:.0f}"


def ratio(a: dict, b: dict) -> str:
    if "skipped" in a or "skipped" in b or not b.get("seconds"):
        return ""
    return f"{a['seconds'] / b['seconds']:.1f}×"


def bench_scale(scale: str, args, capped: set) -> tuple[str, dict]:
    from generate import SCALES

    path = ensure_data(scale)
    r: dict = {}
    for step in STEPS:
        if args.quick and step == "validate" and list(SCALES).index(scale) > list(SCALES).index("small"):
            r[step] = {"skipped": "skipped (--quick)"}
            continue
        r[step] = measure(step, path, args.cap * 4)
        progress(scale, step, r[step])
    e2e_cmd = [sys.executable, "-m", "samarbejde_kg", "profile", str(path)]
    r["e2e"] = run_measured(e2e_cmd, args.cap * 4)
    progress(scale, "e2e", r["e2e"])
    r["e2e-unchecked"] = run_measured(e2e_cmd + ["--no-validate"], args.cap * 4)   # input already validated
    progress(scale, "e2e-unchecked", r["e2e-unchecked"])
    if args.baselines:
        for step in BASELINES:
            if step in capped:
                r[step] = {"skipped": "capped at a smaller scale"}
                continue
            r[step] = measure(step, path, args.cap)
            if r[step].get("skipped", "").startswith(">"):
                capped.add(step)
            progress(scale, step, r[step])

    load, parse, reason = r["load"], r["parse"], r["reason"]
    rows = [
        ("parse floor (pyoxigraph parses the file)", r["parse"], ""),
        ("load (`KnowledgeGraph.load_all`)", load, ratio(load, parse) + " floor" if ratio(load, parse) else ""),
        ("validate (`validation.validate`)", r["validate"], ""),
        ("reason (rules by parts)", reason, ratio(reason, parse) + " floor" if ratio(reason, parse) else ""),
        ("reason, results only (as `profile` runs it)", r["reason-lean"],
         ratio(r["reason-lean"], parse) + " floor" if ratio(r["reason-lean"], parse) else ""),
        ("profile (build + render)", r["profile"], ""),
        ("query (`degrees.rq`)", r["query"], ""),
        ("`samarbejde profile FILE` end to end (checks the input first)", r["e2e"], ""),
        ("`samarbejde profile --no-validate FILE` end to end", r["e2e-unchecked"], ""),
        ("re-reason after one description changed", r["incremental"],
         f"{100 * r['incremental']['seconds'] / r['incremental']['full_s']:.2f} % of full" if "skipped" not in r["incremental"] else ""),
    ]
    if args.baselines:
        rows += [
            ("baseline: rdflib parses the file", r["rdflib-parse"], ratio(r["rdflib-parse"], parse) + " ours" if ratio(r["rdflib-parse"], parse) else ""),
            ("baseline: our whole-store engine (`Engine.run`)", r["whole-store-engine"], ratio(r["whole-store-engine"], reason) + " ours" if ratio(r["whole-store-engine"], reason) else ""),
            ("baseline: same rules in rdflib's SPARQL engine", r["rdflib-rules"], ratio(r["rdflib-rules"], reason) + " ours" if ratio(r["rdflib-rules"], reason) else ""),
            ("baseline: same rules as SHACL-AF rules in pySHACL", r["pyshacl-rules"],
             ratio(r["pyshacl-rules"], reason) + " ours" if ratio(r["pyshacl-rules"], reason) else ""),
            ("baseline: pySHACL over the whole graph", r["pyshacl"], ratio(r["pyshacl"], r["validate"]) + " ours" if ratio(r["pyshacl"], r["validate"]) else ""),
        ]
    triples = load.get("triples", parse.get("triples", 0))
    head = (f"### {scale}: {load.get('descriptions', '?'):,} descriptions, {parse.get('triples', 0):,} triples in the file, "
            f"{triples:,} with the ontology, {reason.get('inferred', 0):,} inferred\n\n")
    lines = ["| step | seconds | peak MB | ratio |", "|---|---:|---:|---|"]
    lines += [f"| {name} | {fmt_s(res)} | {fmt_mb(res)} | {note} |" for name, res, note in rows]
    notes = []
    if "reasoned_mb" in reason and "skipped" not in reason:
        peak = reason["peak_mb"] - reason["base_mb"]
        notes.append(f"memory: the store holds the data in {reason['store_mb']:.0f} MB and data plus results in "
                     f"{reason['reasoned_mb']:.0f} MB; reasoning peaked at {peak:.0f} MB above the interpreter "
                     f"({reason['base_mb']:.0f} MB), {peak / reason['reasoned_mb']:.1f}× the store's footprint")
    if args.baselines:
        for name, engine in (("rdflib-rules", "rdflib"), ("pyshacl-rules", "pySHACL")):
            if r.get(name, {}).get("failed"):
                notes.append(f"{engine} could not run: " + ", ".join(r[name]["failed"]))
        for name in ("rdflib-rules", "pyshacl-rules", "whole-store-engine"):
            if "inferred" in r.get(name, {}) and "inferred" in reason:
                same = "same" if r[name]["inferred"] == reason["inferred"] else "DIFFERENT"
                notes.append(f"{name}: {r[name]['inferred']:,} inferred statements ({same} count as ours)")
    text = head + "\n".join(lines) + "\n" + "".join(f"\n{n}" for n in notes) + "\n"
    return text, r


def parse_scales(text: str) -> list[str] | None:
    """The comma-separated scale names, or None (after a one-line error) if one is unknown."""
    from generate import SCALES

    scales = [s.strip() for s in text.split(",") if s.strip()]
    unknown = [s for s in scales if s not in SCALES]
    if unknown:
        print(f"{Path(sys.argv[0]).name}: error: unknown scale {unknown[0]!r}; expected one of {', '.join(SCALES)}",
              file=sys.stderr)
        return None
    return scales


def report(title: str, command: str, scales: list[str], bench, name: str | Path) -> None:
    """Print a heading naming the machine and the command, then ``bench(scale)``'s Markdown for
    each scale as it is measured; write it all to ``benchmarks/results/NAME`` (or to ``NAME``
    when it is a path) too."""
    cpu = platform.processor() or platform.machine()
    out = [f"## {title} ({os.cpu_count()} cores, {cpu}, Python {platform.python_version()})\n", f"`{command}`\n"]
    print("\n".join(out), flush=True)
    for scale in scales:
        out.append(bench(scale))
        print(out[-1], flush=True)
    target = name if isinstance(name, Path) else HERE / "results" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(out), encoding="utf-8")


def progress(scale, step, result):
    if sys.stderr.isatty():
        print(f"  {scale} {step}: {fmt_s(result)}", file=sys.stderr)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="tiny,small,medium,denmark")
    parser.add_argument("--baselines", action="store_true", help="also run the baselines (capped)")
    parser.add_argument("--quick", action="store_true", help="skip validation above 'small' and use a 60 s cap")
    parser.add_argument("-o", "--output", type=Path, default=HERE / "results" / "latest.md",
                        help="also write the Markdown to this file (default: benchmarks/results/latest.md)")
    parser.add_argument("--cap", type=float, help="seconds after which a baseline is stopped (default 300, 60 with --quick)")
    parser.add_argument("--child", nargs=2, metavar=("STEP", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(*args.child)))
        return 0
    args.cap = args.cap or (60.0 if args.quick else 300.0)
    scales = parse_scales(args.scales)
    if scales is None:
        return 2
    command = (f"python benchmarks/run.py --scales {','.join(scales)}"
               f"{' --baselines' if args.baselines else ''}{' --quick' if args.quick else ''}")
    capped: set = set()
    report("Benchmark", command, scales, lambda scale: bench_scale(scale, args, capped)[0], args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())

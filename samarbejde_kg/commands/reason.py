"""`samarbejde reason`: run the rules and write explicit plus inferred data (with provenance)."""
import sys
from pathlib import Path

from . import add_validate_option
from ..engine import RULES_GRAPH
from ..errors import InputError
from ..output import refuse_input, to_stdout, write_atomic
from ..progress import Progress
from .import_ import output_format
from ..reasoner import inputs, load_and_reason
from ..store import DATA, INFERRED, ONTOLOGY, OUTPUT_FORMATS

EXTENSION_FORMATS = {".ttl": "ttl", ".nt": "nt", ".nq": "nq", ".trig": "trig", ".jsonld": "jsonld", ".json": "jsonld",
                     ".rdf": "xml", ".xml": "xml", ".owl": "xml"}


def configure(parser):
    parser.add_argument("files", nargs="*", metavar="FILE", help="descriptions (RDF or survey CSV/XLSX); default: the bundled examples")
    add_validate_option(parser)
    parser.add_argument("-o", "--output", metavar="OUT", help="output file (default: standard output)")
    parser.add_argument("--format", choices=sorted(OUTPUT_FORMATS), help="output syntax (default: from the extension of OUT, where an unknown one is refused; Turtle on standard output); trig/nq keep the named graphs")
    parser.add_argument("--inferred-only", action="store_true", help="write only the inferred graph and the rule descriptions")
    parser.add_argument("--min-assessed", type=int, metavar="N", help="fewer assessed parameters than N give 'insufficient evidence'")
    parser.add_argument("--owl", action="store_true", help="also classify collaborations into the OWL defined classes with HermiT")
    parser.add_argument("--store", metavar="DIR", help="keep the reasoned graph in an on-disk store in DIR; when DIR already holds one, "
                        "replace the descriptions found in FILE and re-reason only what depends on them")
    parser.add_argument("--remove", action="append", default=[], metavar="IRI", help="with --store: remove the description IRI (full, CURIE or relative to the base) and re-reason (repeatable)")
    parser.add_argument("--endpoint", metavar="URL", help="run the rules inside an external SPARQL 1.1 store (its query endpoint); "
                        "FILEs, if given, replace their descriptions in the store's data graph first")
    parser.add_argument("--update-endpoint", metavar="URL", help="with --endpoint: its update endpoint (default: …/query -> …/update, else the same URL)")


def run(args):
    if args.endpoint or args.update_endpoint:
        return run_remote(args)
    if args.store or args.remove:
        return run_store(args)
    output_format(args, EXTENSION_FORMATS)   # before any reasoning
    refuse_input(args.output, inputs(args.files))
    with Progress("beskrivelser") as progress:
        kg = load_and_reason(args.files, min_assessed=args.min_assessed, owl=args.owl, progress=progress.step,
                             validate=args.validate)
    write(kg, args)
    return 0


def write(kg, args) -> None:
    """Explicit plus inferred data (or the inferences only) in the chosen syntax, all or nothing."""
    fmt = output_format(args, EXTENSION_FORMATS)
    graphs = [INFERRED, RULES_GRAPH] if args.inferred_only else [DATA, INFERRED, RULES_GRAPH]
    data = kg.serialize(graphs, fmt)
    if args.output:
        write_atomic(args.output, data)
    else:
        to_stdout(data)


def run_store(args):
    """Reason into a kept store: incrementally when it already holds results of these rules."""
    import gc
    import shutil
    import traceback

    from ..store import KnowledgeGraph

    if not args.store:
        raise InputError("--remove needs --store DIR")
    if args.owl:
        raise InputError("--owl cannot be combined with --store")
    if args.output or args.format:   # before the store is touched: a refused output changes nothing
        output_format(args, EXTENSION_FORMATS)
        refuse_input(args.output, args.files)
    folder = Path(args.store)
    existed = folder.exists()
    if existed and not folder.is_dir():
        raise InputError("is a file, not a store folder", where=args.store)
    new = not existed or not any(folder.iterdir())
    if existed and not new and not (folder / "CURRENT").is_file():   # every Oxigraph (RocksDB) store has one
        raise InputError("the folder holds other files and no store; name an empty or new folder", where=args.store)

    def undo():   # a store this command began: leave no half-made store behind (a folder given empty stays, empty)
        gc.collect()
        for part in (folder.iterdir() if existed else [folder]):
            shutil.rmtree(part, ignore_errors=True) if part.is_dir() else part.unlink(missing_ok=True)

    try:
        kg = KnowledgeGraph(args.store)
    except OSError as exc:
        if new:
            undo()
        raise InputError(f"cannot open the store: {exc}", where=args.store) from None
    try:
        return _reason_into(kg, args)
    except BaseException as exc:
        if new:   # the store closes only when nothing refers to it, the failed frames included
            traceback.clear_frames(exc.__traceback__)
            del kg
            undo()
        raise


def _reason_into(kg, args) -> int:
    from .. import namespaces as ns
    from ..incremental import reason_store, refresh_ontology
    from ..reasoner import inputs, set_min_assessed

    empty = not kg.has_graph(DATA)
    files = inputs(args.files) if (args.files or (empty and not args.remove)) else []
    removed = [ns.resolve_node(iri).value for iri in args.remove]   # full, CURIE or relative to the base
    before = list(kg.quads(ONTOLOGY))   # a failed update leaves the store's ontology as it was too
    try:
        changed = not empty and refresh_ontology(kg)
        if changed:
            print(f"{args.store}: the ontology has changed since the store was reasoned; it takes the new one", file=sys.stderr)
        if args.min_assessed is not None:
            set_min_assessed(kg, args.min_assessed)
        with Progress("beskrivelser") as progress:
            mode, stats = reason_store(kg, files, removed, full=args.min_assessed is not None or changed,
                                       progress=progress.step, validate=args.validate)
    except BaseException:
        kg.store.clear_graph(ONTOLOGY)
        kg.store.extend(before)
        raise
    kg.store.flush()
    inferred = stats.inferred if stats.inferred is not None else kg.count(INFERRED)
    print(f"{args.store}: {mode} reasoning, {inferred} inferred statements", file=sys.stderr)
    if args.output or args.format:
        write(kg, args)
    return 0


def run_remote(args):
    """Reason inside an external SPARQL store (remote.py): the data stays there."""
    from ..remote import Endpoint, reason_remote

    if not args.endpoint:
        raise InputError("--update-endpoint needs --endpoint URL")
    unsupported = [name for name, value in (("--store", args.store), ("--remove", args.remove), ("--owl", args.owl),
                                            ("--min-assessed", args.min_assessed is not None), ("-o", args.output),
                                            ("--format", args.format), ("--inferred-only", args.inferred_only)) if value]
    if unsupported:
        raise InputError(f"{unsupported[0]} cannot be combined with --endpoint (query the store for the results)")
    endpoint = Endpoint(args.endpoint, args.update_endpoint)
    with Progress("regler") as progress:
        stats = reason_remote(endpoint, args.files, progress=progress.step, validate=args.validate)
    print(f"{endpoint.update_url}: {stats.inferred} inferred statements in <https://w3id.org/samarbejde-kg/graph/inferred>",
          file=sys.stderr)
    return 0

"""`samarbejde serve`: a SPARQL 1.1 endpoint and linked-data pages over reasoned data."""
import sys

from . import add_owl_option, add_validate_option, refuse_owl_with_store
from ..errors import InputError
from ..progress import Progress
from ..reasoner import load_and_reason, open_store


def configure(parser):
    parser.add_argument("files", nargs="*", metavar="FILE", help="descriptions (RDF or survey CSV/XLSX); default: the bundled examples")
    add_validate_option(parser)
    add_owl_option(parser)
    parser.add_argument("--store", metavar="DIR", help="serve a store kept by 'samarbejde reason --store DIR' instead of reasoning FILEs")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1; 0.0.0.0 for every interface)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    parser.add_argument("--quiet", action="store_true", help="do not log requests")


def run(args):
    refuse_owl_with_store(args)
    from ..server import Application, bind

    if not 0 <= args.port <= 65535:
        raise InputError(f"--port {args.port}: expected 0 to 65535")
    if args.store and args.files:
        raise InputError("give either --store DIR or description files, not both")
    try:
        server = bind(args.host, args.port, quiet=args.quiet)
    except OSError as exc:
        raise InputError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    try:
        if args.store:
            kg = open_store(args.store)
        else:
            with Progress("beskrivelser") as progress:
                kg = load_and_reason(args.files, progress=progress.step, validate=args.validate, owl=args.owl)
        server.set_app(Application(kg))
        host = args.host if args.host not in ("0.0.0.0", "::") else "localhost"
        print(f"Serving on http://{host}:{server.server_port}/ (SPARQL endpoint: http://{host}:{server.server_port}/sparql); "
              "Ctrl-C stops", flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    finally:
        server.server_close()
    return 0

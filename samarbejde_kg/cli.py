"""The ``samarbejde`` command line: a registry of subcommands and the exit-code contract.

Exit codes (as pySHACL documents them): 0 success / conforms, 1 validation failed or
findings of severity violation, 2 usage or input error (one line on stderr, no traceback).
Each subcommand lives in ``samarbejde_kg/commands/<name>.py`` with ``configure(parser)``
and ``run(args) -> int``; modules are imported only when their command runs.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from . import __version__, process_exit
from .errors import InputError
from .output import to_stdout
from .resources import bundled_root

COMMANDS = {
    "check": ("check", "QA of the ontology and data files: parse, SHACL, QC queries, OWL consistency"),
    "ontology": ("ontology", "export the merged ontology"),
    "validate": ("validate", "validate collaboration descriptions with SHACL"),
    "template": ("template", "write the survey spreadsheet generated from the ontology"),
    "import": ("import_", "convert a filled survey spreadsheet to RDF"),
    "reason": ("reason", "run the rules and write explicit plus inferred data"),
    "profile": ("profile", "profile collaborations and municipalities (the bundled examples by default)"),
    "explain": ("explain", "explain an inference down to the evidence"),
    "query": ("query", "run a named SPARQL query or a .rq file"),
    "serve": ("serve", "serve a SPARQL endpoint and linked-data pages (HTML and RDF)"),
}


class Parser(argparse.ArgumentParser):
    """argparse with usage errors as one line and exit code 2."""

    def error(self, message):
        raise InputError(message)


def _command(module: str):
    return importlib.import_module(f"samarbejde_kg.commands.{module}")


def main(argv: list[str] | None = None) -> int:
    if argv is None:   # the command line itself (not a caller passing arguments): it may end without teardown
        process_exit.enable()
    argv = sys.argv[1:] if argv is None else argv
    try:
        parser = build_parser_for(argv)
        args = parse(parser, argv)
        if args.data:
            os.environ["SAMARBEJDE_DATA"] = check_data(args.data)
        if args.base:
            os.environ["SAMARBEJDE_BASE"] = check_base(args.base)
        if not args.command:
            parser.print_help()
            return 2
        code = int(_command(args._module).run(args) or 0)
        to_stdout("")   # what print() left in the buffer: a full disk is one line here, not a traceback at exit
        return process_exit.end(code)
    except InputError as exc:
        print(f"samarbejde: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("samarbejde: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def parse(parser: argparse.ArgumentParser, argv: list[str]):
    """Parse ``argv``, letting FILEs follow options (``query degrees --format csv a.ttl``).

    argparse fills a ``nargs="*"`` positional from the first run of positionals only; the
    files after an option come back unrecognised and are added to ``files`` here."""
    args, extra = parser.parse_known_args(argv)
    if extra and isinstance(getattr(args, "files", None), list) and not any(e.startswith("-") for e in extra):
        args.files = args.files + extra
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(e for e in extra if e.startswith('-')) or ' '.join(extra)}")
    return args


def check_data(value: str) -> str:
    """A ``--data`` folder exists; each command then finds the folders it reads there
    (``resources.folder`` names a missing one)."""
    if not Path(value).is_dir():
        raise InputError("no such folder", where=f"--data {value}")
    return value


def check_base(value: str) -> str:
    """The instance base is a slash IRI (``scheme://host/path/``): instance IRIs are the base
    plus a path, which a fragment or a query in the base would swallow."""
    import pyoxigraph as ox

    try:
        ox.NamedNode(value)
    except ValueError as exc:
        raise InputError(f"--base {value!r} is not a valid IRI: {exc}") from None
    if "://" not in value or "#" in value or "?" in value:
        raise InputError(f"--base {value!r}: expected a slash IRI with a scheme and a host, without # or ? "
                         "(e.g. https://data.example.dk/samarbejde/)")
    return value if value.endswith("/") else value + "/"


def build_parser_for(argv: list[str]) -> argparse.ArgumentParser:
    """Configure only the subcommand named in argv, so start-up stays fast."""
    parser = Parser(prog="samarbejde", description="Knowledge graph and reasoner for school–library collaboration in Danish municipalities.")
    parser.add_argument("--version", action="version", version=f"samarbejde_kg {__version__} (data: {bundled_root()})")
    parser.add_argument("--data", metavar="DIR", help="folder with ontology/, shapes/, rules/, queries/, examples/ (default: the bundled ones)")
    parser.add_argument("--base", metavar="IRI", help="base IRI for instances (default: https://w3id.org/samarbejde-kg/id/)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    wanted = next((a for a in argv if a in COMMANDS), None)
    for name, (module, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(_module=module)
        if name == wanted:
            _command(module).configure(p)
    return parser

"""One module per ``samarbejde`` subcommand: ``configure(parser)`` and ``run(args) -> int``."""


def add_validate_option(parser) -> None:
    """``--no-validate``, for the commands that reason over description files."""
    parser.add_argument("--no-validate", dest="validate", action="store_false",
                        help="reason without checking the descriptions against the shapes first "
                             "(faster; only for input that 'samarbejde validate' has passed)")


def add_owl_option(parser) -> None:
    """``--owl``, for the commands that read reasoned description files (not a kept store)."""
    parser.add_argument("--owl", action="store_true",
                        help="also classify the collaborations into the OWL defined classes with HermiT "
                             "(the owl-classifications query reads them; not with --store)")


def refuse_owl_with_store(args) -> None:
    from ..errors import InputError

    if getattr(args, "owl", False) and getattr(args, "store", None):
        raise InputError("--owl classifies description FILEs; a kept store (--store) holds no OWL classifications")

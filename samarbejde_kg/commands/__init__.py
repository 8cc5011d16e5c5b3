"""One module per ``samarbejde`` subcommand: ``configure(parser)`` and ``run(args) -> int``."""


def add_validate_option(parser) -> None:
    """``--no-validate``, for the commands that reason over description files."""
    parser.add_argument("--no-validate", dest="validate", action="store_false",
                        help="reason without checking the descriptions against the shapes first "
                             "(faster; only for input that 'samarbejde validate' has passed)")

"""One module per ``samarbejde`` subcommand: ``configure(parser)`` and ``run(args) -> int``."""

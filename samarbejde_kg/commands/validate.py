"""`samarbejde validate`: not built yet."""
from ..errors import InputError


def configure(parser):
    pass


def run(args):
    raise InputError("'validate' is not available yet")

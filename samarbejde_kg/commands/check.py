"""`samarbejde check`: not built yet."""
from ..errors import InputError


def configure(parser):
    pass


def run(args):
    raise InputError("'check' is not available yet")

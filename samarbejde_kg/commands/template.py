"""`samarbejde template`: not built yet."""
from ..errors import InputError


def configure(parser):
    pass


def run(args):
    raise InputError("'template' is not available yet")

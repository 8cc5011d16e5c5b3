"""`samarbejde reason`: not built yet."""
from ..errors import InputError


def configure(parser):
    pass


def run(args):
    raise InputError("'reason' is not available yet")

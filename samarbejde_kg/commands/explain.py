"""`samarbejde explain`: not built yet."""
from ..errors import InputError


def configure(parser):
    pass


def run(args):
    raise InputError("'explain' is not available yet")

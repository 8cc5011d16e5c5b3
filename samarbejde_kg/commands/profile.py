"""`samarbejde profile`: not built yet."""
from ..errors import InputError


def configure(parser):
    pass


def run(args):
    raise InputError("'profile' is not available yet")

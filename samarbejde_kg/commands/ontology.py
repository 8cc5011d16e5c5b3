"""`samarbejde ontology`: not built yet."""
from ..errors import InputError


def configure(parser):
    pass


def run(args):
    raise InputError("'ontology' is not available yet")

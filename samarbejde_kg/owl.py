"""OWL reasoning with HermiT through owlready2: consistency, unsatisfiable classes, realisation.

HermiT only accepts the datatypes of the OWL 2 datatype map, which lacks ``xsd:date`` (used
for validity and assessment dates). Before reasoning, such literals become ``xsd:dateTime``
at midnight and ranges of ``xsd:date`` become ``xsd:dateTime``; other datatypes outside the
map become plain strings. This keeps the order of dates, which is all the ontology needs.

HermiT runs in a Java subprocess with bounded memory and time (``SAMARBEJDE_JAVA_MEMORY`` in
MB, ``SAMARBEJDE_OWL_TIMEOUT`` in seconds).
"""
from __future__ import annotations

import io
import os
import shutil

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

DEFAULT_JAVA_MEMORY_MB = 1000
DEFAULT_TIMEOUT_S = 300

# Datatypes outside the OWL 2 datatype map that HermiT rejects.
NOT_IN_OWL2_MAP = {XSD.date, XSD.time, XSD.gYear, XSD.gYearMonth, XSD.gMonth, XSD.gMonthDay,
                   XSD.gDay, XSD.duration, XSD.dayTimeDuration, XSD.yearMonthDuration}


class OwlUnavailable(Exception):
    """HermiT cannot run here (no Java, or Java failed or timed out)."""


def java_available() -> bool:
    import owlready2

    return shutil.which(owlready2.JAVA_EXE) is not None


def owl2_compatible(graph: Graph) -> Graph:
    """A copy of ``graph`` with literals and ranges of unsupported datatypes rewritten."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype in NOT_IN_OWL2_MAP:
            if o.datatype == XSD.date:
                o = Literal(f"{str(o)[:10]}T00:00:00", datatype=XSD.dateTime)
            else:
                o = Literal(str(o))
        elif p == RDFS.range and o in NOT_IN_OWL2_MAP:
            o = XSD.dateTime if o == XSD.date else RDFS.Literal
        out.add((s, p, o))
    return out


def _world(graph: Graph):
    """A fresh owlready2 World holding ``graph``."""
    import owlready2

    world = owlready2.World()
    data = owl2_compatible(graph).serialize(format="nt", encoding="utf-8")
    world.get_ontology("urn:samarbejde-kg:reasoning").load(fileobj=io.BytesIO(data), format="ntriples")
    return world


def _run_hermit(world) -> None:
    """Run HermiT on ``world``; OwlReadyInconsistentOntologyError propagates."""
    import subprocess

    import owlready2
    import owlready2.reasoning as reasoning

    if not java_available():
        raise OwlUnavailable(f"Java is not installed ('{owlready2.JAVA_EXE}' is not on PATH); "
                             "HermiT needs a Java runtime (e.g. apt-get install default-jre-headless)")
    owlready2.reasoning.JAVA_MEMORY = int(os.environ.get("SAMARBEJDE_JAVA_MEMORY", DEFAULT_JAVA_MEMORY_MB))
    timeout = float(os.environ.get("SAMARBEJDE_OWL_TIMEOUT", DEFAULT_TIMEOUT_S))
    saved = dict(reasoning._subprocess_kargs)
    reasoning._subprocess_kargs["timeout"] = timeout
    try:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except subprocess.TimeoutExpired:
        raise OwlUnavailable(f"HermiT did not finish within {timeout:g} s") from None
    except owlready2.OwlReadyJavaError as exc:
        lines = [line.strip() for line in str(exc).splitlines()]
        detail = next((line for line in lines if "Exception" in line or "Error" in line and "Java error" not in line), "")
        raise OwlUnavailable("HermiT failed: " + (detail or "Java error")) from None
    finally:
        reasoning._subprocess_kargs.clear()
        reasoning._subprocess_kargs.update(saved)


def hermit_check(graph: Graph) -> tuple[bool, list[str]]:
    """(consistent, IRIs of unsatisfiable named classes) of an ontology graph."""
    import owlready2

    world = _world(graph)
    try:
        _run_hermit(world)
    except owlready2.OwlReadyInconsistentOntologyError:
        return False, []
    unsatisfiable = sorted({c.iri for c in world.inconsistent_classes() if getattr(c, "iri", None)} - {str(owlready2.Nothing.iri)})
    return True, unsatisfiable


def classify(graph: Graph) -> list[tuple[str, str]]:
    """Inferred rdf:type of individuals: (individual IRI, class IRI) pairs not asserted in ``graph``.

    ``graph`` holds the ABox together with the (defined) classes. Only named classes count;
    types already asserted, or implied by owl:Thing, are left out. Raises
    owlready2.OwlReadyInconsistentOntologyError when the graph is inconsistent.
    """
    import owlready2

    world = _world(graph)
    builtin = (str(OWL), str(RDF), str(RDFS))
    individuals = [world[str(s)] for s, c in graph.subject_objects(RDF.type)
                   if isinstance(s, URIRef) and not str(c).startswith(builtin)]
    individuals = [i for i in individuals if isinstance(i, owlready2.Thing)]

    def types():
        pairs = set()
        for ind in individuals:
            iri = ind.iri
            for cls in ind.INDIRECT_is_a:
                cls_iri = getattr(cls, "iri", None)
                if cls_iri and cls is not owlready2.Thing:
                    pairs.add((iri, cls_iri))
        return pairs

    before = types()
    _run_hermit(world)
    return sorted(types() - before)

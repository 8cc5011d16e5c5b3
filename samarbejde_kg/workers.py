"""Collaboration rules on both cores: batches of descriptions reasoned in worker processes.

A description's results depend on that description alone (rule scope ``collaboration``), so
batches can run anywhere. Each worker gets the ontology and the rules once, then turns a batch
of descriptions (N-Quads) into the batch's inferences (N-Quads). Workers are spawned, not
forked: the parent holds an Oxigraph store that must not be shared across a fork. Below
``PARALLEL_MIN`` descriptions starting the processes costs more than it saves.
"""
from __future__ import annotations

import multiprocessing
import os
from typing import NamedTuple

import pyoxigraph as ox

from .engine import RunStats, drop_provenance, run_components
from .store import INFERRED


class RuleText(NamedTuple):
    """What a worker needs of a rule: small to send to another process."""
    id: str
    text: str
    lean: str | None


PARALLEL_MIN = 400
_STATE: dict = {}


def worker_count(descriptions: int) -> int:
    """How many processes to use: ``SAMARBEJDE_WORKERS`` if set, else one per core from PARALLEL_MIN on."""
    configured = os.environ.get("SAMARBEJDE_WORKERS")
    if configured and configured.isdigit():
        return max(1, int(configured))
    return min(os.cpu_count() or 1, 4) if descriptions >= PARALLEL_MIN else 1


def _init(ontology: bytes, components: list, provenance: bool) -> None:
    _STATE.update(ontology=list(ox.parse(ontology, format=ox.RdfFormat.N_QUADS)), components=components,
                  provenance=provenance)


def _reason(batch: bytes) -> tuple[bytes, dict]:
    store = ox.Store()
    store.extend(_STATE["ontology"])
    add(store, batch)
    stats = RunStats()
    run_components(store, _STATE["components"], stats, provenance=_STATE["provenance"])
    if not _STATE["provenance"]:
        drop_provenance(store)
    return ox.serialize(store.quads_for_pattern(None, None, None, INFERRED), format=ox.RdfFormat.N_QUADS), stats.seconds


def add(store: ox.Store, nquads: bytes) -> None:
    """Add N-Quads (written by Oxigraph) to a store, keeping blank nodes as they are named.

    ``Store.load`` gives every blank node a fresh name, so a result about an evidence node
    written as ``[ … ]`` would point at a node that is not in the data; parsed quads keep their
    names. Without blank nodes the bytes load directly (faster; Oxigraph wrote them, so
    nothing needs checking again)."""
    if b"_:" in nquads:
        store.extend(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
    else:
        store.load(nquads, format=ox.RdfFormat.N_QUADS, lenient=True)


def reason_batches(ontology: list, components: list, batches, workers: int, provenance: bool = True):
    """Yield (inferred N-Quads, seconds per rule) for each batch of quads, using ``workers`` processes."""
    context = multiprocessing.get_context("spawn")
    payload = ox.serialize(ontology, format=ox.RdfFormat.N_QUADS)
    inputs = (ox.serialize(batch, format=ox.RdfFormat.N_QUADS) for batch in batches)
    with context.Pool(workers, initializer=_init, initargs=(payload, components, provenance)) as pool:
        yield from pool.imap(_reason, inputs, chunksize=2)

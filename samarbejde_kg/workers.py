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
import time

import pyoxigraph as ox

from .store import INFERRED

PARALLEL_MIN = 400
_STATE: dict = {}


def worker_count(descriptions: int) -> int:
    """How many processes to use: ``SAMARBEJDE_WORKERS`` if set, else one per core from PARALLEL_MIN on."""
    configured = os.environ.get("SAMARBEJDE_WORKERS")
    if configured and configured.isdigit():
        return max(1, int(configured))
    return min(os.cpu_count() or 1, 4) if descriptions >= PARALLEL_MIN else 1


def _init(ontology: bytes, components: list) -> None:
    _STATE["ontology"], _STATE["components"] = ontology, components


def _reason(batch: bytes) -> tuple[bytes, dict]:
    store = ox.Store()
    store.load(_STATE["ontology"], format=ox.RdfFormat.N_QUADS)
    store.load(batch, format=ox.RdfFormat.N_QUADS)
    seconds: dict = {}
    for texts, recursive in _STATE["components"]:
        for _ in range(100):
            before = sum(1 for _ in store.quads_for_pattern(None, None, None, INFERRED)) if recursive else 0
            for rule_id, text in texts:
                started = time.perf_counter()
                store.update(text)
                seconds[rule_id] = seconds.get(rule_id, 0.0) + time.perf_counter() - started
            if not recursive or sum(1 for _ in store.quads_for_pattern(None, None, None, INFERRED)) == before:
                break
    return ox.serialize(store.quads_for_pattern(None, None, None, INFERRED), format=ox.RdfFormat.N_QUADS), seconds


def reason_batches(ontology: list, components: list, batches: list, workers: int):
    """Yield (inferred N-Quads, seconds per rule) for each batch of quads, using ``workers`` processes."""
    context = multiprocessing.get_context("spawn")
    payload = ox.serialize(ontology, format=ox.RdfFormat.N_QUADS)
    inputs = (ox.serialize(batch, format=ox.RdfFormat.N_QUADS) for batch in batches)
    with context.Pool(workers, initializer=_init, initargs=(payload, components)) as pool:
        yield from pool.imap(_reason, inputs, chunksize=2)

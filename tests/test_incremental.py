"""Reasoning by parts and incremental maintenance give exactly the full recomputation."""
import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samarbejde_kg import namespaces as ns
from samarbejde_kg.engine import Engine
from samarbejde_kg.incremental import PartitionedEngine, descriptions, owned
from samarbejde_kg.reasoner import example_files
from samarbejde_kg.store import DATA, INFERRED, ONTOLOGY, KnowledgeGraph

SK = ns.SK
XSD_DATE = ox.NamedNode(ns.PREFIXES["xsd"] + "date")
STATUS = ox.NamedNode(SK + "status")
OBSERVED, ABSENT = ox.NamedNode(SK + "Observed"), ox.NamedNode(SK + "Absent")
DATE = ox.NamedNode(SK + "assessmentDate")
MUNICIPALITY = ox.NamedNode(SK + "municipality")


@pytest.fixture(scope="module")
def engine():
    return PartitionedEngine(Engine(), batch=3)


@pytest.fixture(scope="module")
def reasoned(engine):
    """The bundled examples, reasoned by parts; each test works on a copy."""
    kg = KnowledgeGraph()
    kg.load_all(example_files())
    engine.run(kg)
    return list(kg.store)


def copy_of(quads) -> KnowledgeGraph:
    kg = KnowledgeGraph(ontology=False)
    kg.store.extend(quads)
    return kg


def full_recompute(kg: KnowledgeGraph) -> set:
    """The reference: the whole-store engine over the same ontology and data."""
    fresh = KnowledgeGraph(ontology=False)
    fresh.store.extend(kg.quads(ONTOLOGY))
    fresh.store.extend(kg.quads(DATA))
    Engine().run(fresh)
    return set(fresh.quads(INFERRED))


def edited(kg: KnowledgeGraph, description, change) -> KnowledgeGraph:
    """A file's worth of data: one description, rewritten by ``change(quads) -> quads``."""
    added = KnowledgeGraph(ontology=False)
    added.store.extend(change(owned(kg, description)))
    return added


def flip_first_status(quads):
    out, done = [], False
    for q in quads:
        if q.predicate == STATUS and not done:
            q = ox.Quad(q.subject, q.predicate, ABSENT if q.object == OBSERVED else OBSERVED, q.graph_name)
            done = True
        out.append(q)
    return out


def test_reasoning_by_parts_equals_the_whole_store_engine_on_the_examples(reasoned):
    kg = copy_of(reasoned)
    assert set(kg.quads(INFERRED)) == full_recompute(kg)


def test_changing_an_indicator_value_re_reasons_to_the_full_result(engine, reasoned):
    kg = copy_of(reasoned)
    target = descriptions(kg)[0]
    engine.update(kg, edited(kg, target, flip_first_status))
    assert set(kg.quads(INFERRED)) == full_recompute(kg)


def test_adding_a_description_re_reasons_to_the_full_result(engine, reasoned):
    kg = copy_of(reasoned)
    source = descriptions(kg)[0]
    new = ox.NamedNode(source.value + "-kopi")

    def rename(quads):
        def term(t):
            if isinstance(t, ox.NamedNode) and (t == source or t.value.startswith(source.value + "/")):
                return ox.NamedNode(new.value + t.value[len(source.value):])
            return t
        return [ox.Quad(term(q.subject), q.predicate, term(q.object), q.graph_name) for q in quads]

    before = len(descriptions(kg))
    engine.update(kg, edited(kg, source, rename))
    assert len(descriptions(kg)) == before + 1
    assert set(kg.quads(INFERRED)) == full_recompute(kg)


def test_removing_a_description_deletes_its_results_and_updates_its_municipality(engine, reasoned):
    kg = copy_of(reasoned)
    target = descriptions(kg)[-1]
    engine.update(kg, removed=[target.value])
    assert target not in descriptions(kg)
    assert not list(kg.store.quads_for_pattern(None, ox.NamedNode(SK + "collaboration"), target, INFERRED))
    assert set(kg.quads(INFERRED)) == full_recompute(kg)


def test_moving_a_description_to_another_date_and_municipality(engine, reasoned):
    kg = copy_of(reasoned)
    target = descriptions(kg)[1]
    other = ox.NamedNode(ns.base() + "kommune/0851")

    def move(quads):
        out = []
        for q in quads:
            if q.subject == target and q.predicate == DATE:
                q = ox.Quad(q.subject, q.predicate, ox.Literal("2020-01-15", datatype=XSD_DATE), q.graph_name)
            elif q.subject == target and q.predicate == MUNICIPALITY:
                q = ox.Quad(q.subject, q.predicate, other, q.graph_name)
            out.append(q)
        return out

    engine.update(kg, edited(kg, target, move))
    assert set(kg.quads(INFERRED)) == full_recompute(kg)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.sampled_from(["flip", "remove", "redate"]), st.integers(0, 1000)),
                      min_size=1, max_size=3))
def test_random_edits_keep_incremental_equal_to_full(engine, reasoned, edits):
    kg = copy_of(reasoned)
    for kind, pick in edits:
        items = descriptions(kg)
        if not items:
            break
        target = items[pick % len(items)]
        if kind == "remove":
            engine.update(kg, removed=[target.value])
        elif kind == "flip":
            engine.update(kg, edited(kg, target, flip_first_status))
        else:
            day = 1 + pick % 28

            def redate(quads, day=day):
                return [ox.Quad(q.subject, q.predicate, ox.Literal(f"2021-02-{day:02d}", datatype=XSD_DATE), q.graph_name)
                        if q.subject == target and q.predicate == DATE else q for q in quads]
            engine.update(kg, edited(kg, target, redate))
    assert set(kg.quads(INFERRED)) == full_recompute(kg)


def test_a_kept_store_is_updated_incrementally_from_the_command_line(cli, root, tmp_path):
    store = tmp_path / "store"
    first = cli("reason", "--store", store, root / "examples" / "to-datoer.ttl")
    assert first.code == 0, first.err
    assert "full" in first.err
    again = cli("reason", "--store", store, root / "examples" / "modsigelse.ttl")
    assert again.code == 0, again.err
    assert "incremental" in again.err
    kg = KnowledgeGraph(store)
    assert set(kg.quads(INFERRED)) == full_recompute(kg)
    victim = descriptions(kg)[0].value
    del kg
    removed = cli("reason", "--store", store, "--remove", victim)
    assert removed.code == 0, removed.err
    kg = KnowledgeGraph(store)
    assert victim not in {d.value for d in descriptions(kg)}
    assert set(kg.quads(INFERRED)) == full_recompute(kg)


def test_a_bad_file_leaves_a_kept_store_unchanged(cli, root, tmp_path):
    store = tmp_path / "store"
    assert cli("reason", "--store", store, root / "examples" / "personmodellen.ttl").code == 0
    before = set(KnowledgeGraph(store).store)
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    result = cli("reason", "--store", store, bad)
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1
    assert set(KnowledgeGraph(store).store) == before


def as_rdflib(kg: KnowledgeGraph, graph):
    import rdflib

    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in kg.quads(graph)]
    return rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")


def isomorphic(a, b) -> bool:
    from rdflib.compare import isomorphic as same

    return same(a, b)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_new_store_streams_its_input_and_infers_what_memory_infers(cli, root, tmp_path, workers):
    files = sorted((root / "examples").glob("*.ttl"))
    result = cli("reason", "--store", tmp_path / "store", *files, env={"SAMARBEJDE_WORKERS": workers})
    assert result.code == 0, result.err
    on_disk = KnowledgeGraph(tmp_path / "store")
    in_memory = KnowledgeGraph()
    in_memory.load_all(files)
    PartitionedEngine().run(in_memory)
    for graph in (DATA, INFERRED):   # the same graphs, up to blank-node labels
        assert isomorphic(as_rdflib(on_disk, graph), as_rdflib(in_memory, graph))


def test_a_bad_file_leaves_a_new_store_without_data(cli, root, tmp_path):
    bad = tmp_path / "bad.nt"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    result = cli("reason", "--store", tmp_path / "store", root / "examples" / "personmodellen.ttl", bad)
    assert result.code == 2 and "bad.nt:1" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert not any(True for _ in KnowledgeGraph(tmp_path / "store").quads(DATA))


def test_a_kept_store_is_queried_without_reasoning_again(cli, root, tmp_path):
    store = tmp_path / "store"
    assert cli("reason", "--store", store, root / "examples" / "personmodellen.ttl").code == 0
    kept = cli("query", "degrees", "--store", store, "--format", "csv")
    fresh = cli("query", "degrees", root / "examples" / "personmodellen.ttl", "--format", "csv")
    assert kept.code == fresh.code == 0, kept.err
    assert sorted(kept.out.splitlines()) == sorted(fresh.out.splitlines())


@pytest.mark.parametrize("folder", ["missing", "empty"])
def test_querying_a_folder_that_is_no_store_is_a_one_line_error_that_creates_nothing(cli, tmp_path, folder):
    path = tmp_path / folder
    if folder == "empty":
        path.mkdir()
    result = cli("query", "degrees", "--store", path)
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    assert not path.exists() or not any(path.iterdir())

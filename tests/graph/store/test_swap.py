"""A large change to an on-disk store is written into a copy and swapped in: atomic, in bounded memory.

Each test compares what the store holds, quad for quad and the default graph included, with what the
same change written in one transaction gives, and shows what a user would see after an interruption
(the old store or the new one, never a leftover copy beside it).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

import cybernorms.graph.store.embedded as embedded
from cybernorms.errors import CybernormsError
from cybernorms.graph.store import swap
from cybernorms.graph.store.embedded import OxigraphStore
from cybernorms.namespaces import PARTNER_GRAPH_PREFIX, PROVENANCE_GRAPH, partner_inferred_graph

EX = "http://example.org/"
CLAIM = "https://w3id.org/cybernorms/graph/claim/one"
PARTNER = PARTNER_GRAPH_PREFIX + "tracker"
PARTNER_INFERRED = partner_inferred_graph(PARTNER)
ROOT = Path(__file__).resolve().parents[3]


def _t(s: str, p: str, o: ox.NamedNode | ox.Literal | ox.BlankNode) -> ox.Triple:
    return ox.Triple(ox.NamedNode(EX + s), ox.NamedNode(EX + p), o)


def _partner(n: int, offset: int = 0) -> list[ox.Triple]:
    return [_t(f"org/{i}", "label", ox.Literal(f"Organisation {i}", language="en")) for i in range(offset, offset + n)]


def _held(where: Path) -> list[str]:
    """Every quad of the store, the default graph's included, as sorted N-Quads lines (blank nodes as _:b)."""
    with OxigraphStore.open(where, read_only=True) as store:
        lines = [str(q) for q in store.engine.quads_for_pattern(None, None, None)]
    return sorted(lines)


def _without_blank_labels(lines: list[str]) -> list[str]:
    return sorted(re.sub(r"_:\S+", "_:b", line) for line in lines)


def _seed(where: Path) -> None:
    with OxigraphStore.open(where) as store:
        store.replace_graphs({CLAIM: [_t("a", "p", ox.NamedNode(EX + "b")), _t("a", "p", ox.NamedNode(EX + "c"))],
                              PROVENANCE_GRAPH: [_t("g", "source", ox.Literal("the report"))],
                              PARTNER: _partner(30), PARTNER_INFERRED: _partner(10)})


CHANGES = {
    "a new partner graph": lambda: {PARTNER_GRAPH_PREFIX + "other": _partner(40, 100)},
    "a partner graph replaced": lambda: {PARTNER: _partner(25, 20), PARTNER_INFERRED: []},
    "a partner graph removed, the provenance changed": lambda: {
        PARTNER: [], PARTNER_INFERRED: [], PROVENANCE_GRAPH: [_t("g", "source", ox.Literal("another"))]},
    "a curated graph changed with a partner's": lambda: {
        CLAIM: [_t("a", "p", ox.NamedNode(EX + "b")), _t("a", "q", ox.BlankNode())], PARTNER: _partner(50)},
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_swapped_change_leaves_the_store_one_transaction_would(tmp_path: Path, change: str,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    in_one, swapped = tmp_path / "one-transaction", tmp_path / "swapped"
    for where in (in_one, swapped):
        _seed(where)
    with OxigraphStore.open(in_one) as store:
        store.replace_graphs(CHANGES[change]())
    first = os.stat(swapped).st_ino
    monkeypatch.setattr(embedded, "SWAP_AT_LEAST", 1)
    with OxigraphStore.open(swapped) as store:
        store.replace_graphs(CHANGES[change]())
        assert store.count_facts() >= 2  # the store is open and usable after the swap
    assert os.stat(swapped).st_ino != first, "the change was not swapped in"
    assert _without_blank_labels(_held(swapped)) == _without_blank_labels(_held(in_one))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one-transaction", "swapped"]  # no copy left beside it


def test_a_store_opened_through_a_symbolic_link_is_swapped_where_it_is(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    real, link = tmp_path / "real" / "store", tmp_path / "link"
    real.parent.mkdir()
    _seed(real)
    link.symlink_to(real, target_is_directory=True)
    monkeypatch.setattr(embedded, "SWAP_AT_LEAST", 1)
    with OxigraphStore.open(link) as store:
        store.replace_graphs({PARTNER: _partner(4)})
    assert link.is_symlink() and link.resolve() == real
    with OxigraphStore.open(link, read_only=True) as store:
        assert store.count(PARTNER) == 4
    assert sorted(p.name for p in real.parent.iterdir()) == ["store"]


def test_a_change_below_the_limit_stays_one_transaction(tmp_path: Path) -> None:
    where = tmp_path / "store"
    _seed(where)
    first = os.stat(where).st_ino
    with OxigraphStore.open(where) as store:
        store.replace_graphs({PARTNER: _partner(5)})
        assert store.count(PARTNER) == 5
    assert os.stat(where).st_ino == first


def test_without_an_atomic_exchange_the_change_is_one_transaction(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    where = tmp_path / "store"
    _seed(where)
    first = os.stat(where).st_ino
    monkeypatch.setattr(embedded, "SWAP_AT_LEAST", 1)
    monkeypatch.setattr(swap, "_renameat2", lambda: None)  # a system without renameat2
    assert not swap.exchange_supported(where)
    with OxigraphStore.open(where) as store:
        store.replace_graphs({PARTNER: _partner(7)})
        assert store.count(PARTNER) == 7
    assert os.stat(where).st_ino == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_an_unfinished_iterator_stops_the_swap_and_the_store_is_unchanged(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    where = tmp_path / "store"
    _seed(where)
    before = _held(where)
    monkeypatch.setattr(embedded, "SWAP_AT_LEAST", 1)
    store = OxigraphStore.open(where)
    pending = store.engine.quads_for_pattern(None, None, None)  # holds the engine open
    with pytest.raises(CybernormsError, match="was not changed: something in this process still holds it open"):
        store.replace_graphs({PARTNER: _partner(3)})
    del pending
    assert _held(where) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_a_copy_left_by_a_swap_interrupted_before_the_exchange_is_removed_on_opening(tmp_path: Path) -> None:
    where = tmp_path / "store"
    _seed(where)
    before = _held(where)
    with OxigraphStore.open(where) as store:
        copy = swap.copy_store(store.engine, where)
        copy.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(PARTNER)) for t in _partner(9, 500))
        del copy
    assert swap.sibling(where).is_dir()
    with OxigraphStore.open(where):  # the next command
        pass
    assert not swap.sibling(where).exists()
    assert _held(where) == before


def test_the_old_store_left_by_a_swap_interrupted_after_the_exchange_is_removed_on_opening(tmp_path: Path) -> None:
    where = tmp_path / "store"
    _seed(where)
    with OxigraphStore.open(where) as store:
        copy = swap.copy_store(store.engine, where)
        copy.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(PARTNER)) for t in _partner(9, 500))
        del copy
    swap._exchange(where, swap.sibling(where))  # the process stopped right after the exchange
    with OxigraphStore.open(where) as store:
        assert store.count(PARTNER) == 39
    assert not swap.sibling(where).exists()


def test_opening_for_writing_during_a_swap_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    where = tmp_path / "store"
    _seed(where)
    holder = subprocess.Popen(  # another process in the middle of a swap holds the directory's lock
        [sys.executable, "-c", textwrap.dedent("""
            import fcntl, os, sys, time
            fd = os.open(sys.argv[1], os.O_RDONLY | os.O_DIRECTORY)
            fcntl.flock(fd, fcntl.LOCK_EX)
            print("locked", flush=True)
            time.sleep(60)
        """), str(where)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(CybernormsError) as refused:
            OxigraphStore.open(where)
        assert str(refused.value) == (f"the store at {where} is in use by another process (a write is being swapped "
                                      "in); wait for that process to finish or use another --store directory")
    finally:
        holder.kill()
        holder.wait(timeout=30)
        if holder.stdout is not None:
            holder.stdout.close()
    with OxigraphStore.open(where, read_only=True) as store:
        assert store.count(PARTNER) == 30


#: A process that writes a change above the limit into the store: 300,000 triples of a new partner graph.
SWAPPING = """
import sys
from cybernorms.graph.store.embedded import OxigraphStore
import pyoxigraph as ox
triples = [ox.Triple(ox.NamedNode(f"http://example.org/org/{i}"), ox.NamedNode("http://example.org/label"),
                     ox.Literal(f"Organisation {i}")) for i in range(300_000)]
with OxigraphStore.open(sys.argv[1]) as store:
    print("writing", flush=True)
    store.replace_graphs({sys.argv[2]: triples})
"""


def _signature(where: Path) -> tuple[tuple[tuple[str, int], ...], int]:
    with OxigraphStore.open(where) as store:  # opened for writing, as the next command does
        return tuple((g, store.count(g)) for g in store.graphs()), store.count_facts()


def _copies(tmp_path: Path, seeded: Path, count: int) -> Iterator[Path]:
    import shutil

    for index in range(count):
        copy = tmp_path / f"copy-{index}"
        shutil.copytree(seeded, copy)
        yield copy


def test_a_swap_killed_at_any_point_leaves_the_old_store_or_the_new(tmp_path: Path) -> None:
    seeded = tmp_path / "seeded"
    _seed(seeded)
    before = _signature(seeded)
    new = PARTNER_GRAPH_PREFIX + "big"
    command = [sys.executable, "-c", SWAPPING]
    complete = next(_copies(tmp_path / "complete", seeded, 1))
    with subprocess.Popen([*command, str(complete), new], stdout=subprocess.PIPE, text=True, cwd=ROOT) as process:
        assert process.stdout is not None and process.stdout.readline().strip() == "writing"
        started = time.monotonic()
        assert process.wait(timeout=300) == 0
        duration = time.monotonic() - started
    after = _signature(complete)
    assert dict(after[0])[new] == 300_000 and after != before

    outcomes = []
    for fraction, copy in zip((0.05, 0.2, 0.4, 0.6, 0.75, 0.85, 0.92, 0.97, 0.99),
                              _copies(tmp_path / "killed", seeded, 9)):
        with subprocess.Popen([*command, str(copy), new], stdout=subprocess.PIPE, text=True, cwd=ROOT) as process:
            assert process.stdout is not None and process.stdout.readline().strip() == "writing"
            time.sleep(duration * fraction)
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=60)
        found = _signature(copy)
        assert found in (before, after), f"killed at {fraction:.0%} of the write: {found}"
        assert not swap.sibling(copy).exists()
        outcomes.append("new" if found == after else "old")
    assert "old" in outcomes  # the kills did land while the write ran

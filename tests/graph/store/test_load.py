"""``cybernorms load``: bulk loads into an on-disk store, all or nothing, even when killed."""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from cybernorms.errors import UsageError
from cybernorms.graph.store.load import file_format, load_files
from cybernorms.graph.store.embedded import OxigraphStore
from cybernorms.bench.synth import write

EX = "http://example.org/"
SMALL_NQ = (
    f'<{EX}a> <{EX}name> "Alpha" <{EX}graph/one> .\n'
    f'<{EX}b> <{EX}name> "Beta" <{EX}graph/two> .\n'
)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cybernorms", *args], capture_output=True, text=True, check=False,
                          timeout=300, stdin=subprocess.DEVNULL)


def dump(store_dir: Path) -> set[str]:
    with OxigraphStore.open(store_dir, read_only=True) as store:
        return {str(q) for q in store.quads()}


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    """A store holding two graphs, closed."""
    source = tmp_path / "small.nq"
    source.write_text(SMALL_NQ)
    store_dir = tmp_path / "store"
    with OxigraphStore.open(store_dir) as store:
        load_files(store, [source])
    return store_dir


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic graph large enough that loading it takes several seconds (about 5 * 10^5 quads)."""
    path = tmp_path_factory.mktemp("big") / "big.nq"
    write(path, states=193, years=20, seed=3)
    return path


def test_load_command_fills_a_new_store_and_says_how_much(tmp_path: Path) -> None:
    source = tmp_path / "small.nq"
    source.write_text(SMALL_NQ)
    done = cli("load", str(source), "--store", str(tmp_path / "s"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("loaded 2 quads from 1 file(s) in ")
    assert done.stdout.rstrip().endswith("the store holds 2")
    assert len(dump(tmp_path / "s")) == 2


def test_triple_files_need_a_graph_and_go_into_it(seeded: Path, tmp_path: Path) -> None:
    turtle = tmp_path / "extra.ttl.gz"
    with gzip.open(turtle, "wt") as handle:
        handle.write(f"<{EX}c> <{EX}name> 'Gamma' .\n")
    done = cli("load", str(turtle), "--store", str(seeded))
    assert done.returncode == 2
    assert "say which named graph with --graph IRI" in done.stderr
    done = cli("load", str(turtle), "--store", str(seeded), "--graph", EX + "graph/three")
    assert done.returncode == 0, done.stderr
    assert f'<{EX}c> <{EX}name> "Gamma" <{EX}graph/three>' in dump(seeded)


def test_a_bad_line_in_the_last_file_loads_nothing(seeded: Path, tmp_path: Path) -> None:
    before = dump(seeded)
    good, bad = tmp_path / "good.nq", tmp_path / "bad.nq"
    good.write_text(f'<{EX}x> <{EX}p> "1" <{EX}graph/x> .\n' * 3)
    bad.write_text(f'<{EX}y> <{EX}p> "2" <{EX}graph/y> .\n<{EX}y> <{EX}p> "unterminated <{EX}graph/y> .\n')
    done = cli("load", str(good), str(bad), "--store", str(seeded))
    assert done.returncode == 2
    assert f"cannot parse {bad} as nq: line 2" in done.stderr
    assert "nothing was loaded" in done.stderr
    assert dump(seeded) == before


def test_default_graph_triples_in_a_dataset_file_are_refused(tmp_path: Path) -> None:
    source = tmp_path / "mixed.nq"
    source.write_text(SMALL_NQ + f'<{EX}d> <{EX}p> "outside" .\n')
    with OxigraphStore.open(tmp_path / "s") as store:
        with pytest.raises(UsageError, match="1 triple.s. in its default graph that none of its named graphs holds"):
            load_files(store, [source])
        assert len(store) == 0


def test_a_default_graph_that_repeats_the_named_graphs_is_not_loaded_twice(tmp_path: Path) -> None:
    """The project's own exports carry each fact once in the default graph; they load back as they were."""
    with OxigraphStore.open(tmp_path / "s") as store:
        source = tmp_path / "export.nq.gz"
        (tmp_path / "small.nq").write_text(SMALL_NQ + f'<{EX}a> <{EX}name> "Alpha" <{EX}graph/two> .\n')
        load_files(store, [tmp_path / "small.nq"])
        with gzip.open(source, "wb") as out:
            out.write(store.dump("nq"))
        named, facts = len(store), store.count_facts()
    with OxigraphStore.open(tmp_path / "t") as again:
        report = load_files(again, [source])
        assert (report.quads, len(again), again.count_facts()) == (named, named, facts) == (3, 3, 2)


@pytest.mark.parametrize(
    ("name", "expected"),
    [pytest.param("a.nq", "nq", id="nq"), pytest.param("a.TTL", "ttl", id="upper-case"),
     pytest.param("a.trig.gz", "trig", id="gzip"), pytest.param("a.owl", "xml", id="owl"),
     pytest.param("a.jsonld", "jsonld", id="jsonld")],
)
def test_formats_are_told_by_the_file_name(name: str, expected: str) -> None:
    assert file_format(Path(name)) == expected


def test_an_unknown_ending_asks_for_the_format() -> None:
    with pytest.raises(UsageError, match="give --format"):
        file_format(Path("data.txt"))


def test_a_load_killed_half_way_leaves_the_store_as_it_was(seeded: Path, big_file: Path) -> None:
    before = dump(seeded)
    process = subprocess.Popen(
        [sys.executable, "-m", "cybernorms", "load", str(big_file), "--store", str(seeded)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL,
    )
    try:
        assert process.stderr is not None
        assert process.stderr.readline().startswith("… loading 1 file(s) into")
        time.sleep(0.5)
        # while it loads, another process is told the store is in use, and sees nothing half-done
        other = cli("query", "table1", "--store", str(seeded))
        assert other.returncode == 2
        assert "is in use by another process" in other.stderr
        assert process.poll() is None, "the load ended before it could be killed: use a bigger file"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=60)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    assert process.returncode == -signal.SIGKILL
    assert dump(seeded) == before
    done = cli("load", str(big_file), "--store", str(seeded))  # and the store still takes a load
    assert done.returncode == 0, done.stderr
    assert len(dump(seeded)) == len(before) + sum(1 for _ in ox.parse(path=str(big_file)))

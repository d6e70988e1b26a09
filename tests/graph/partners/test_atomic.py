"""An import into an on-disk store is atomic: killed at any point, it leaves the old dataset or the new.

The partner graph, its provenance and the partners' inferred graphs change together, whether in one
transaction or (a large import) in a copy of the store swapped in (:mod:`cybernorms.graph.store.swap`). A real
``cybernorms import --replace`` process (the fixture data, so that it runs in seconds) is killed with
SIGKILL at points spread over its run, each time on a fresh copy of the store; each copy then holds,
quad for quad, either what it held before or what the uninterrupted import wrote, never a mix.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cybernorms.graph.partners.gate import import_file
from cybernorms.graph.store import swap
from cybernorms.graph.store.embedded import OxigraphStore
from cybernorms.namespaces import PARTNER_GRAPH_PREFIX, partner_inferred_graph

from tests.graph.exchange_helpers import (  # noqa: F401 - fixtures
    FIXTURE_DATA,
    PARTNER_FILES,
    canonical_set,
    isolated,
    shared_cache,
)

PORTAL = PARTNER_GRAPH_PREFIX + "portal"
ROOT = Path(__file__).resolve().parents[3]
#: The import, in a process of its own, on the fixture data.
SCRIPT = """
import sys
import cybernorms.graph.build.dataset as build
import cybernorms.graph.store.embedded as embedded
from pathlib import Path
build.DATA_DIR = Path(sys.argv[1])
embedded.SWAP_AT_LEAST = int(sys.argv[2])
from cybernorms import cli
sys.exit(cli.main(sys.argv[3:]))
"""
#: How the write is made: one transaction (the fixture's change is far below the limit), or a copy of the
#: store swapped in (the limit set to 0, as for a large import).
WRITES = {"one transaction": 10**9, "swapped in": 0}


GENERATED = "<http://www.w3.org/ns/prov#generatedAtTime>"


def state(store_dir: Path) -> set[str]:
    """What the store holds as the next command sees it (opened for writing: the engine recovers first), the
    import's time left out (each run stamps its own)."""
    with OxigraphStore.open(store_dir) as store:
        quads = canonical_set(store.quads())
        stamps = [q for q in quads if f" {GENERATED} " in q]
        assert len(stamps) == 1  # one partner graph, one time of import
        return {q for q in quads if q not in stamps} | {f"facts {store.count_facts()}"}


def start_import(store_dir: Path, swap_at_least: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-c", SCRIPT, str(FIXTURE_DATA), str(swap_at_least), "import", "-q", str(PARTNER_FILES / "portal_v2.ttl"),
               "--graph", "portal", "--replace", "--store", str(store_dir)]
    return subprocess.Popen(command, cwd=ROOT, env=dict(os.environ), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


@pytest.mark.parametrize("write", sorted(WRITES))
def test_a_killed_import_leaves_the_old_dataset_or_the_new(isolated: Path, write: str) -> None:
    original = isolated / "original"
    done = import_file(PARTNER_FILES / "portal.ttl", name="portal", store_dir=original)
    assert done.action == "imported"
    before = state(original)

    complete = isolated / "complete"
    shutil.copytree(original, complete)
    started = time.monotonic()
    with start_import(complete, WRITES[write]) as finished:
        _, err = finished.communicate(timeout=600)
    duration = time.monotonic() - started
    assert finished.returncode == 0, err.decode()
    after = state(complete)
    assert after != before
    with OxigraphStore.open(complete, read_only=True) as store:
        assert store.count(PORTAL) == 2 and partner_inferred_graph(PORTAL) in store.graphs()

    outcomes = []
    for fraction in (0.15, 0.35, 0.55, 0.7, 0.8, 0.9, 0.95, 0.99):
        copy = isolated / f"killed-{fraction}"
        shutil.copytree(original, copy)
        with start_import(copy, WRITES[write]) as process:
            time.sleep(duration * fraction)
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=60)
        found = state(copy)
        assert found in (before, after), (
            f"killed at {fraction:.0%} of the import: a mix of old and new ({len(found - before)} quads not in the "
            f"old, {len(before - found)} of the old missing; {len(found - after)} not in the new, "
            f"{len(after - found)} of the new missing): {sorted(found ^ before)[:3]}")
        assert not swap.sibling(copy).exists()  # an interrupted swap's copy is gone once the store is opened
        outcomes.append("new" if found == after else "old")
    assert "old" in outcomes  # the kills did land while the import ran

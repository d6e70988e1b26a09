"""A partner graph's name is taken once: a different file under it needs ``--replace``.

Without ``--replace`` the import is refused (exit 2) with what would be lost, the triple count, source
file and date of the graph the dataset holds, read from the provenance the gate wrote; every graph keeps
its quads. With ``--replace`` the message says what was replaced. The same file again is "already
imported", exit 0, nothing changed. The same holds in the default dataset and in an on-disk store.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from pathlib import Path

import pytest

from cybernorms import cli
from cybernorms.graph.build.dataset import data_home, open_dataset
from cybernorms.graph.partners.gate import import_file
from cybernorms.graph.store.embedded import OxigraphStore
from cybernorms.namespaces import PARTNER_GRAPH_PREFIX

from tests.graph.exchange_helpers import PARTNER_FILES, isolated, shared_cache  # noqa: F401 - fixtures

PORTAL = PARTNER_GRAPH_PREFIX + "portal"
FIRST, SECOND = PARTNER_FILES / "portal.ttl", PARTNER_FILES / "portal_v2.ttl"
WHEN = _dt.datetime(2026, 1, 15, 9, 30, tzinfo=_dt.timezone.utc)


def graph_counts(store_dir: Path | None) -> Counter[str]:
    """The quads per graph of the default dataset or of the on-disk store at ``store_dir``."""
    if store_dir is None:
        return Counter(str(q.graph_name) for q in open_dataset().store.quads())
    with OxigraphStore.open(store_dir) as store:
        return Counter(str(q.graph_name) for q in store.quads())


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("on_disk", [False, True], ids=["default-dataset", "on-disk-store"])
def test_a_different_file_under_a_taken_name_needs_replace(
    isolated: Path, capsys: pytest.CaptureFixture[str], on_disk: bool,
) -> None:
    store_dir = isolated / "store" if on_disk else None
    where = ["--store", str(store_dir)] if store_dir is not None else []
    import_file(FIRST, name="portal", store_dir=store_dir, now=WHEN)
    partner_file = data_home() / "partners" / "portal.nq"
    kept = partner_file.read_bytes() if not on_disk else b""
    before = graph_counts(store_dir)
    assert before[f"<{PORTAL}>"] == 7

    code, out, err = run(capsys, "import", "-q", str(SECOND), "--graph", "portal", *where)

    assert (code, out) == (2, "")
    assert err.startswith(f"cybernorms: error: {SECOND} was not imported: the partner graph 'portal' already holds "
                          "7 triples from portal.ttl (imported 2026-01-15T09:30:00Z), sha256 ")
    assert "would replace all of it: add --replace to replace it, or give another name with --graph NAME" in err
    assert err.rstrip().endswith("the dataset is unchanged") and err.count("\n") == 1
    assert graph_counts(store_dir) == before
    if not on_disk:
        assert partner_file.read_bytes() == kept

    code, out, _ = run(capsys, "import", "-q", str(SECOND), "--graph", "portal", "--replace", *where)

    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(f"replaced {SECOND} as {PORTAL}: 2 triples, sha256 ")
    assert lines[1].startswith("it replaced 7 triples from portal.ttl (imported 2026-01-15T09:30:00Z), sha256 ")
    after = graph_counts(store_dir)
    assert after[f"<{PORTAL}>"] == 2

    code, out, _ = run(capsys, "import", str(SECOND), "--graph", "portal", *where)

    assert code == 0 and out.endswith(": nothing to do\n") and "is already imported as" in out
    assert graph_counts(store_dir) == after


def test_a_new_name_needs_no_replace(isolated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import_file(FIRST, name="portal", now=WHEN)
    code, out, _ = run(capsys, "import", "-q", str(SECOND), "--graph", "portal-2")
    assert code == 0 and out.startswith(f"imported {SECOND} as {PARTNER_GRAPH_PREFIX}portal-2: 2 triples")
    assert graph_counts(None)[f"<{PORTAL}>"] == 7

"""The session fixtures of ``tests/conftest.py``: private user folders, one curated build and its copies."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox

from cybernorms.graph.build.dataset import cache_dir, data_home
from cybernorms.graph.store.embedded import OxigraphStore


def test_the_session_keeps_out_of_the_users_folders(user_folders: Path) -> None:
    assert os.environ["CYBERNORMS_HOME"] == str(user_folders / "home") and data_home() == user_folders / "home"
    assert os.environ["CYBERNORMS_CACHE"] == str(user_folders / "cache") and cache_dir() == user_folders / "cache"


def test_the_cache_holds_the_curated_build(curated_cache: Path, curated_store: OxigraphStore) -> None:
    # the file's name is the content key when the session built: the same as cache_file()'s unless
    # the curated data or the build code changed while the tests ran
    assert curated_cache.parent == cache_dir() and curated_cache.name.startswith("dataset-")
    with OxigraphStore.memory() as loaded:
        loaded.load(curated_cache, "nq")
        assert len(loaded) == len(curated_store) and loaded.graphs() == curated_store.graphs()


def test_a_copy_can_change_and_the_curated_store_does_not(
        curated_copy: OxigraphStore, curated_store: OxigraphStore) -> None:
    before = len(curated_store)
    assert len(curated_copy) == before
    curated_copy.add_quads([ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("o"),
                                    ox.NamedNode("urn:x:g"))])
    assert len(curated_copy) == before + 1 and len(curated_store) == before


def test_the_suite_gives_its_answers_whatever_the_users_own_folders_hold(tmp_path: Path) -> None:
    """The user's real default folders hold a partner import and a cache file that would break any build
    reading them; the suite, run there, reads neither and passes (its named queries' answers unchanged)."""
    import subprocess
    import sys

    home = tmp_path / "home"
    partners = home / ".local" / "share" / "cybernorms" / "partners"
    partners.mkdir(parents=True)
    (partners / "evil.nq").write_text("this is not N-Quads <\n", encoding="utf-8")
    cache = home / ".cache" / "cybernorms"
    cache.mkdir(parents=True)
    (cache / "dataset-0000.nq").write_text("not a dataset either <\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items()
           if k not in ("CYBERNORMS_HOME", "CYBERNORMS_CACHE", "XDG_DATA_HOME", "XDG_CACHE_HOME")}
    env["HOME"] = str(home)
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "tests/test_fixtures.py::test_the_session_keeps_out_of_the_users_folders",
                           "tests/queries/test_named_queries.py"],
                          cwd=root, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert " passed" in done.stdout.splitlines()[-1] and "failed" not in done.stdout.splitlines()[-1]
    assert sorted(p.name for p in partners.iterdir()) == ["evil.nq"]  # nothing written there either
    assert sorted(p.name for p in cache.iterdir()) == ["dataset-0000.nq"]

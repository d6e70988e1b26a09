"""The store package: one open_store, one URL test, re-exports loaded on first use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import cybernorms.graph.store as store_package
from cybernorms.graph.store import OxigraphStore, RemoteStore, is_store_url, open_store


def test_open_store_picks_the_store_a_value_names(tmp_path: Path) -> None:
    assert isinstance(open_store(), OxigraphStore) and open_store().path is None
    with open_store(tmp_path / "s") as on_disk:
        assert isinstance(on_disk, OxigraphStore) and on_disk.path == tmp_path / "s"
    with open_store("HTTPS://db.example/repositories/cn") as remote:
        assert isinstance(remote, RemoteStore)
        assert remote.url == "https://db.example/repositories/cn"  # the services are found on the first request


def test_is_store_url_is_the_one_answer() -> None:
    from cybernorms.graph.store import remote

    assert remote.is_store_url is is_store_url
    assert is_store_url("http://x") and is_store_url("HTTPS://x")
    assert not is_store_url("./http") and not is_store_url(Path("http://x")) and not is_store_url(None)


def test_every_re_export_resolves_and_unknown_names_fail() -> None:
    for name in store_package.__all__:
        assert getattr(store_package, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        store_package.nothing  # noqa: B018


def test_importing_the_package_loads_no_rdf_engine_and_no_http_client() -> None:
    code = ("import sys\nimport cybernorms.graph.store\nfrom cybernorms.graph.store import is_store_url\n"
            "print(sorted(m for m in ('pyoxigraph', 'rdflib', 'httpx') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.splitlines()[-1] == "[]"

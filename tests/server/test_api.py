"""The package's public API."""

from __future__ import annotations

import cybernorms.server as server


def test_all_is_sorted_and_importable() -> None:
    assert server.__all__ == sorted(server.__all__)
    for name in server.__all__:
        assert getattr(server, name) is not None

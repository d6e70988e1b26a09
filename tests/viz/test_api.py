"""The public API of ``cybernorms.viz``: sorted, and every name importable."""

from __future__ import annotations

import cybernorms.viz as viz


def test_all_is_sorted_and_complete() -> None:
    assert viz.__all__ == sorted(viz.__all__)
    assert all(hasattr(viz, name) for name in viz.__all__)


def test_every_public_name_has_a_home() -> None:
    assert sorted(viz._HOMES) == sorted(viz.__all__)

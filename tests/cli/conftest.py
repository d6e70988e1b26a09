"""The command line's tests use the hand-made landscape of the view tests."""

from __future__ import annotations

from tests.viz.conftest import fixture_store  # noqa: F401 - a fixture

__all__ = ["fixture_store"]

"""The command line takes every view the library draws: one list of view names."""

from __future__ import annotations

import pytest

from cybernorms.cli import main
from cybernorms.viz.catalog import VIEW_NAMES
from cybernorms.viz.views import VIEWS


def test_the_catalogue_names_every_view_in_order() -> None:
    assert tuple(VIEWS) == VIEW_NAMES


@pytest.mark.parametrize("name", [*VIEWS, "all"])
def test_viz_accepts_every_view_the_library_knows(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["viz", name, "--help"]) == 0
    assert capsys.readouterr().out.startswith("usage: cybernorms viz ")


def test_viz_refuses_a_view_the_library_does_not_know(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["viz", "no-such-view"]) == 2
    assert "invalid choice: 'no-such-view'" in capsys.readouterr().err

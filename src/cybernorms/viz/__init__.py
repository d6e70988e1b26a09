"""Views of the graph and their network analysis.

The landscape (:mod:`~cybernorms.viz.landscape`) is read once from the store; each view is a
projection of it (:mod:`~cybernorms.viz.projection`), placed in Python
(:mod:`~cybernorms.viz.layout`) and drawn as one offline page (:mod:`~cybernorms.viz.page`)
or a PNG (:mod:`~cybernorms.viz.images`); :mod:`~cybernorms.viz.analytics` measures
brokerage, bridging and norm communities. ``docs/views.md`` documents the projections.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cybernorms.viz.analytics import Analysis, analyse
    from cybernorms.viz.landscape import Landscape, load_landscape
    from cybernorms.viz.views import VIEWS, ViewOptions, build_view, render_view, write_outputs, write_views

#: Where each public name lives: imported on first use, so that ``cybernorms --help`` (which
#: imports :mod:`cybernorms.cli.viz`) does not pay for networkx, numpy and scipy.
_HOMES = {
    "Analysis": "analytics", "analyse": "analytics",
    "Landscape": "landscape", "load_landscape": "landscape",
    "VIEWS": "views", "ViewOptions": "views", "build_view": "views", "render_view": "views",
    "write_outputs": "views", "write_views": "views",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'cybernorms.viz' has no attribute {name!r}")
    return getattr(importlib.import_module(f"cybernorms.viz.{_HOMES[name]}"), name)


__all__ = [
    "Analysis",
    "Landscape",
    "VIEWS",
    "ViewOptions",
    "analyse",
    "build_view",
    "load_landscape",
    "render_view",
    "write_outputs",
    "write_views",
]

"""The interactive views of :mod:`cybernorms.viz`, served beside the explorer.

A view is a self-contained HTML page (vis-network inlined, data escaped) that
:func:`cybernorms.viz.views.render_view` draws from the dataset; the two matrices
(``table1-matrix``, ``crosswalk``) are drawn by :func:`cybernorms.viz.matrices.build_matrix`. The server renders each
view in a query process, under the same timeout as a query, and keeps the page (the data
does not change while it runs). ``/views/neighbourhood?focus=IRI`` draws the
neighbourhood of any entity; a bounded number of those pages are kept. When the viz
module is not installed, the server serves the pages found in ``--views DIR`` instead
(written by ``cybernorms build --out DIR``).

A view page carries inline scripts, which the explorer's Content-Security-Policy forbids;
each page is therefore sent with its own policy that allows exactly its inline scripts
by their SHA-256 hashes (CSP Level 2 "hash-source"), and nothing from another origin.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["ViewCatalog", "page_policy", "render_in_worker"]

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_KEPT_PAGES = 64
FOCUSED = "neighbourhood"


def _viz_views() -> dict[str, str] | None:
    """``{name: title}`` of the views :mod:`cybernorms.viz` draws, or ``None`` without it."""
    try:
        from cybernorms.viz.matrices import MATRICES
        from cybernorms.viz.views import VIEWS
    except ImportError:
        return None
    return {name: view.title for name, view in VIEWS.items()} | MATRICES


def render_in_worker(engine: Any, name: str, focus: str | None = None, language: str = "en") -> bytes:
    """In a query process: draw one view over the process's dataset, its names in ``language``.

    Raises ``LookupError`` for an unknown view or a focus the dataset does not hold.
    """
    import pyoxigraph as ox

    from cybernorms.errors import CybernormsError
    from cybernorms.graph.store.embedded import OxigraphStore
    from cybernorms.viz.landscape import load_landscape
    from cybernorms.viz.region import resolve_in_store
    from cybernorms.viz.matrices import MATRICES, build_matrix
    from cybernorms.viz.views import VIEWS, ViewOptions, default_neighbourhood, load_for_view, render_view

    if name not in VIEWS and name not in MATRICES:
        raise LookupError(name)
    store = OxigraphStore(engine, read_only=True) if isinstance(engine, ox.Store) else engine.store
    if name in MATRICES:  # a table, not a network: no focus, no language (norms keep their documents' names)
        return build_matrix(store, name)[0].encode("utf-8")
    options = ViewOptions(language=language)
    if name == FOCUSED and focus is None:
        chosen = default_neighbourhood(load_landscape(store), options)
        if chosen is None:
            raise LookupError(name)
        options = chosen
    elif name == FOCUSED and focus is not None:
        try:  # what the command line's --focus takes: an IRI of any namespace, a CURIE or an id
            options = ViewOptions(focus=resolve_in_store(store, focus), depth=1, language=language)
        except CybernormsError:
            raise LookupError(focus) from None
    try:
        landscape = load_for_view(store, name, options)
        if name == FOCUSED and options.focus not in landscape.entities:
            raise LookupError(options.focus)
        html, _, _ = render_view(landscape, name, options)
    except CybernormsError:
        raise LookupError(name) from None
    return html.encode("utf-8")


def page_policy(html: bytes) -> str:
    """A Content-Security-Policy that lets exactly this page's inline scripts run."""
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(match.group(1).encode("utf-8")).digest()).decode() + "'"
        for match in _INLINE_SCRIPT.finditer(html.decode("utf-8", errors="replace"))
    ]
    scripts = " ".join(["'self'", *sorted(set(hashes))])
    return (
        f"default-src 'none'; script-src {scripts}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'none'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
    )


@dataclass
class ViewCatalog:
    """The views this server offers: drawn by :mod:`cybernorms.viz`, or read from a directory."""

    directory: Path | None = None

    def __post_init__(self) -> None:
        self._pages: OrderedDict[tuple[str, str | None, str], bytes] = OrderedDict()

    @property
    def rendered(self) -> bool:
        """Whether views are drawn here (by :mod:`cybernorms.viz`) rather than read from files."""
        return _viz_views() is not None

    def listing(self) -> list[tuple[str, str]]:
        """``(name, title)`` of every view."""
        views = _viz_views()
        if views is not None:
            return list(views.items())
        if self.directory is None or not self.directory.is_dir():
            return []
        return [
            (path.stem, path.stem.replace("-", " ").replace("_", " "))
            for path in sorted(self.directory.glob("*.html"))
            if _NAME.match(path.stem)
        ]

    def file_page(self, name: str) -> bytes | None:
        """A page from the directory, or ``None``."""
        if not _NAME.match(name) or self.directory is None:
            return None
        path = self.directory / f"{name}.html"
        return path.read_bytes() if path.is_file() else None

    def cached(self, name: str, focus: str | None = None, language: str = "en") -> bytes | None:
        page = self._pages.get((name, focus, language))
        if page is not None:
            self._pages.move_to_end((name, focus, language))
        return page

    def keep(self, name: str, focus: str | None, page: bytes, language: str = "en") -> None:
        self._pages[(name, focus, language)] = page
        while len(self._pages) > _KEPT_PAGES:
            self._pages.popitem(last=False)

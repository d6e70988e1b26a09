"""One self-contained, offline, safe HTML page per view.

The page is our own ``template.html`` with everything inlined: the vis-network script and
style that the pyvis package ships (pyvis's own templates load Bootstrap and vis-network from
CDNs, even in their "local" and "in_line" modes, so they are not used), our ``page.js`` and
``page.css``, and the data.

Safety: the data goes into ``<script type="application/json">`` as JSON with ``<``, ``>``,
``&``, U+2028 and U+2029 escaped, so no label can close the script element; ``page.js``
shows every text with ``textContent`` and hands vis-network tooltips as DOM elements, never
as HTML strings. A Content-Security-Policy allows only the page's own scripts and styles (by
their SHA-256 hashes) and data: images, and forbids every connection.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Hashable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx

from cybernorms.viz.kinds import ACTOR_KINDS, LINKS, NODES

__all__ = ["csp", "json_for_html", "page_data", "render_page", "vis_assets"]

HERE = Path(__file__).resolve().parent
VIS_VERSION = "9.1.2"


@cache
def vis_assets() -> tuple[str, str]:
    """The vis-network script and stylesheet that the installed pyvis package ships."""
    import pyvis

    folder = Path(pyvis.__file__).resolve().parent / "lib" / f"vis-{VIS_VERSION}"
    script = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    style = (folder / "vis-network.css").read_text(encoding="utf-8")
    if re.search(r"</script", script, re.IGNORECASE) or re.search(r"</style", style, re.IGNORECASE):
        raise RuntimeError(f"the vis-network files in {folder} cannot be inlined")
    return script, style


def json_for_html(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>``, ``&`` or line separators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def csp(scripts: list[str], styles: list[str]) -> str:
    """The Content-Security-Policy of a page with these inline scripts and styles."""
    return "; ".join([
        "default-src 'none'",
        "script-src " + " ".join(_hash(s) for s in scripts),
        "style-src " + " ".join(_hash(s) for s in styles),
        "img-src data:",
        "font-src 'none'",
        "connect-src 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ])


def page_data(
    graph: nx.MultiDiGraph[str],
    positions: Mapping[Hashable, tuple[float, float]],
    title: str,
    description: str,
    focus: Hashable | None = None,
) -> dict[str, Any]:
    """The JSON a page draws: nodes with positions, edges, the legend's styles, the view's text."""
    order = list(graph)
    index: dict[Hashable, int] = {node: i for i, node in enumerate(order)}
    nodes = []
    for i, node in enumerate(order):
        attrs = graph.nodes[node]
        x, y = positions[node]
        nodes.append({
            "id": i, "iri": str(attrs.get("iri", node)), "label": attrs.get("label", str(node)),
            "name": attrs.get("name", str(node)), "kind": attrs.get("kind", "other"),
            "x": round(float(x), 1), "y": round(float(y), 1),
            "texts": [[text, list(cites)] for text, cites in attrs.get("texts", [])],
            "citations": list(attrs.get("citations", [])),
            "categories": list(attrs.get("categories", [])),
            "documents": list(attrs.get("documents", [])),
            "date": attrs.get("date"), "status": attrs.get("status"), "detail": attrs.get("detail"),
            "focus": node == focus,
        })
        if attrs.get("partner"):
            nodes[-1]["partner"] = str(attrs["partner"])
        if attrs.get("lang"):
            nodes[-1]["lang"] = str(attrs["lang"])
        if attrs.get("aggregate"):
            nodes[-1]["aggregate"] = int(attrs["aggregate"])
            nodes[-1]["members"] = [
                {"iri": str(m["iri"]), "name": str(m["name"]), "label": str(m["label"]), "kind": str(m["kind"])}
                for m in attrs.get("members", [])
            ]
    edges = [
        {"from": index[u], "to": index[v], "relation": data.get("relation", "link"),
         "text": data.get("text"), "date": data.get("date"), "citations": list(data.get("citations", []))}
        for u, v, data in graph.edges(data=True)
    ]
    return {
        "view": {"title": title, "description": description},
        "nodes": nodes,
        "edges": edges,
        "focus": index.get(focus) if focus is not None else None,
        "axis": [{"x": round(float(x), 1), "label": str(label)} for x, label in graph.graph.get("axis", [])],
        "lanes": [{"y": round(float(y), 1), "label": str(label)} for y, label in graph.graph.get("lanes", [])],
        "quiet": sorted(graph.graph.get("quiet", ())),
        "note": graph.graph.get("note"),
        "kinds": {k: {"legend": s.legend, "color": s.color, "shape": s.shape, "size": s.size}
                  for k, s in NODES.items()},
        "links": {k: {"legend": s.legend, "color": s.color, "dashes": s.dashes, "width": s.width,
                      "arrow": s.arrow} for k, s in LINKS.items()},
        "actorKinds": sorted(ACTOR_KINDS),
    }


@cache
def _own(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8")


def render_page(data: Mapping[str, Any]) -> str:
    """The HTML of one view: template, inlined assets, escaped data, CSP by hashes."""
    vis_js, vis_css = vis_assets()
    page_js, page_css = _own("page.js"), _own("page.css")
    values = {
        "csp": html.escape(csp([vis_js, page_js], [vis_css, page_css]), quote=True),
        "title": html.escape(str(data["view"]["title"])),
        "vis_css": vis_css,
        "page_css": page_css,
        "data": json_for_html(data),
        "vis_js": vis_js,
        "page_js": page_js,
    }
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m[1]], _own("template.html"))

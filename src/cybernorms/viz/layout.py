"""Positions computed in Python, so that the browser draws at once and never runs physics.

Two building blocks and one layout per view:

* :func:`force_layout`, Fruchterman and Reingold's spring embedder in its grid variant
  (repulsion only between nodes closer than twice the ideal edge length, found with a k-d
  tree), vectorised with numpy: about a second for 5,000 nodes, where networkx's
  ``spring_layout`` takes half a minute. Some nodes may be held fixed (anchors).
* :func:`spread`, which snaps nodes to a grid of label-sized cells, each node to the nearest
  free cell, most connected nodes first: no two nodes (and no two labels) overlap.

The views: :func:`regime_complex_layout` (issue areas on a circle, institutions near the
areas they govern, actors around their institutions), :func:`forum_positioning_layout`
(the proposed forum in the middle, stakeholder groups and the regime complex around it,
states at the top for the main arrow), :func:`norm_convergence_layout` (a table: a column
per document, a row per category, as Table 1 of the report), :func:`timeline_layout` (dates
from left to right) and :func:`generic_layout` (components packed side by side).

Coordinates are in screen pixels (y grows downwards), as vis-network takes them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Hashable, Mapping
from typing import Any

import networkx as nx
import numpy as np
from scipy.spatial import cKDTree

from cybernorms.viz.subgraph import ordered_subgraph

__all__ = [
    "CELL",
    "force_layout",
    "forum_positioning_layout",
    "generic_layout",
    "norm_convergence_layout",
    "regime_complex_layout",
    "spread",
    "timeline_layout",
]

Positions = dict[Hashable, tuple[float, float]]
#: The grid cell of :func:`spread`: wide enough for a short label under its node.
CELL = (190.0, 64.0)


def force_layout(
    graph: nx.Graph[Any],
    initial: Mapping[Hashable, tuple[float, float]] | None = None,
    fixed: set[Hashable] | frozenset[Hashable] = frozenset(),
    iterations: int = 120,
    seed: int = 7,
) -> Positions:
    """Spring-embed ``graph`` (ideal edge length 1); nodes in ``fixed`` keep their ``initial`` place.

    A connected graph of more than :data:`LARGE` nodes with nothing fixed starts from its
    pivot-MDS positions, scaled to the ideal density, and is refined from there.
    """
    nodes = list(graph)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    rng = np.random.default_rng(seed)
    edges = np.array([(index[u], index[v]) for u, v in graph.edges() if u != v], dtype=int).reshape(-1, 2)
    initial = initial or {}
    if n > LARGE and not (fixed and initial):
        pos = _normalise(_pivot_mds(n, edges, rng) + rng.normal(0, 1e-3, size=(n, 2)))
        pos = _refine(pos, edges, 40, 1.0)
    else:
        side = max(math.sqrt(n), 1.0)
        pos = rng.uniform(-side / 2, side / 2, size=(n, 2))
        for node, xy in initial.items():
            if node in index:
                pos[index[node]] = xy
        held = np.array([node in fixed and node in initial for node in nodes])
        pos = _refine(pos, edges, iterations, side / 10, held)
    return {node: (float(pos[i, 0]), float(pos[i, 1])) for i, node in enumerate(nodes)}


#: Graphs larger than this start from :func:`_pivot_mds` instead of random places.
LARGE = 400


def _refine(pos: np.ndarray, edges: np.ndarray, iterations: int, start: float,
            held: np.ndarray | None = None) -> np.ndarray:
    """Fruchterman-Reingold steps with a temperature falling linearly from ``start``."""
    anchor = pos.copy()
    gravity = 0.2 / max(math.sqrt(len(pos)), 1.0)  # a weak pull to the centre, weaker for larger graphs
    for step in range(iterations):
        temperature = max(start * (1 - step / iterations), 0.01)
        disp = _repulsion(pos) + _attraction(pos, edges) - gravity * pos
        length = np.maximum(np.linalg.norm(disp, axis=1), 1e-9)
        pos = pos + disp / length[:, None] * np.minimum(length, temperature)[:, None]
        if held is not None and held.any():
            pos[held] = anchor[held]
    return pos


def _pivot_mds(n: int, edges: np.ndarray, rng: np.random.Generator, pivots: int = 50) -> np.ndarray:
    """Brandes and Pich's pivot MDS: hop distances from a few far-apart pivots, double-centred, SVD.

    Places a connected graph of thousands of nodes by its global shape in a fraction of a
    second; the refining steps after it and :func:`spread` take care of the local detail.
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import shortest_path

    adjacency = coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n)).tocsr()
    chosen = [int(rng.integers(n))]
    columns = []
    nearest = np.full(n, np.inf)
    for _ in range(min(pivots, n)):
        column = shortest_path(adjacency, method="D", directed=False, unweighted=True, indices=chosen[-1])
        column[~np.isfinite(column)] = 0.0
        columns.append(column)
        nearest = np.minimum(nearest, column)
        chosen.append(int(np.argmax(nearest)))
    squared = np.stack(columns, axis=1) ** 2
    centred = -0.5 * (squared - squared.mean(axis=0) - squared.mean(axis=1)[:, None] + squared.mean())
    left, values, _ = np.linalg.svd(centred, full_matrices=False)
    coordinates: np.ndarray = left[:, :2] * values[:2]
    return coordinates


def _normalise(pos: np.ndarray) -> np.ndarray:
    """Scale ``pos`` so that the median distance to the nearest other node is the ideal length 1.

    Merged graphs are dense and their layouts tight; expanded as they are, every node would
    have a hundred others within the repulsion's reach.
    """
    if len(pos) < 2:
        return pos
    nearest = _median_nearest(pos)
    return pos / nearest if nearest > 1e-9 else pos


def _repulsion(pos: np.ndarray, reach: float = 2.0) -> np.ndarray:
    """k²/d between every pair closer than ``reach`` (k = 1), summed per node."""
    pairs = cKDTree(pos).query_pairs(reach, output_type="ndarray")
    disp = np.zeros_like(pos)
    if len(pairs) == 0:
        return disp
    delta = pos[pairs[:, 0]] - pos[pairs[:, 1]]
    dist2 = np.maximum((delta**2).sum(axis=1), 1e-6)
    force = delta / dist2[:, None]
    _add(disp, pairs[:, 0], force)
    _add(disp, pairs[:, 1], -force)
    return disp


def _attraction(pos: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """d²/k along every edge (k = 1)."""
    disp = np.zeros_like(pos)
    if len(edges) == 0:
        return disp
    delta = pos[edges[:, 0]] - pos[edges[:, 1]]
    force = delta * np.linalg.norm(delta, axis=1)[:, None]
    _add(disp, edges[:, 0], -force)
    _add(disp, edges[:, 1], force)
    return disp


def _add(target: np.ndarray, rows: np.ndarray, values: np.ndarray) -> None:
    n = len(target)
    target[:, 0] += np.bincount(rows, weights=values[:, 0], minlength=n)
    target[:, 1] += np.bincount(rows, weights=values[:, 1], minlength=n)


def spread(
    pos: Mapping[Hashable, tuple[float, float]],
    order: list[Hashable] | None = None,
    cell: tuple[float, float] = CELL,
    scale: float | None = None,
) -> Positions:
    """Snap positions to a grid of ``cell``-sized cells, one node per cell, nearest free cell first.

    ``scale`` multiplies the positions first (by default so that the median distance to the
    nearest other node is one cell width). Nodes earlier in ``order`` keep their place best.
    """
    nodes = list(order) if order is not None else list(pos)
    if not nodes:
        return {}
    xy = np.array([pos[node] for node in nodes], dtype=float)
    if scale is None:
        scale = _auto_scale(xy, cell[0])
    xy = xy * scale
    taken: set[tuple[int, int]] = set()
    placed: Positions = {}
    for node, (x, y) in zip(nodes, xy, strict=True):
        gx, gy = _free_cell(round(x / cell[0]), round(y / cell[1]), taken)
        taken.add((gx, gy))
        placed[node] = (gx * cell[0], gy * cell[1])
    return placed


def _median_nearest(points: np.ndarray) -> float:
    """The median distance from each point to its nearest other point."""
    distances = np.asarray(cKDTree(points).query(points, k=2)[0])
    return float(np.median(distances[:, 1]))


def _auto_scale(xy: np.ndarray, width: float) -> float:
    if len(xy) < 2:
        return 1.0
    nearest = _median_nearest(xy)
    return width / nearest if nearest > 1e-9 else 1.0


def _free_cell(gx: int, gy: int, taken: set[tuple[int, int]]) -> tuple[int, int]:
    """The free grid cell nearest (gx, gy), searching rings of growing radius."""
    if (gx, gy) not in taken:
        return gx, gy
    radius = 1
    while True:
        ring = [(gx + dx, gy + dy) for dx in range(-radius, radius + 1) for dy in range(-radius, radius + 1)
                if max(abs(dx), abs(dy)) == radius]
        free = [c for c in ring if c not in taken]
        if free:
            return min(free, key=lambda c: ((c[0] - gx) * 3) ** 2 + (c[1] - gy) ** 2)
        radius += 1


def _by_degree(graph: nx.Graph[Any], nodes: list[Hashable] | None = None) -> list[Hashable]:
    nodes = list(graph) if nodes is None else nodes
    return sorted(nodes, key=lambda n: (-graph.degree(n), str(n)))


def _kind_nodes(graph: nx.Graph[Any], *kinds: str) -> list[Hashable]:
    return sorted(n for n, d in graph.nodes(data=True) if d.get("kind") in kinds)


def _circle(nodes: list[Hashable], radius: float, start: float = -math.pi / 2) -> Positions:
    count = max(len(nodes), 1)
    return {node: (radius * math.cos(start + 2 * math.pi * i / count),
                   radius * math.sin(start + 2 * math.pi * i / count)) for i, node in enumerate(nodes)}


def generic_layout(graph: nx.Graph[Any], centre: Hashable | None = None) -> Positions:
    """Force layout per connected component, components packed in rows, then :func:`spread`."""
    simple: nx.Graph[Any] = nx.Graph(graph)
    components = sorted(nx.connected_components(simple), key=lambda c: (-len(c), sorted(map(str, c))[0]))
    boxes: list[tuple[Positions, float, float]] = []
    for component in components:
        sub = ordered_subgraph(simple, component)
        init = {centre: (0.0, 0.0)} if centre in component else None
        local = force_layout(sub, init, fixed={centre} if init else frozenset(), iterations=150)
        placed = spread(local, _by_degree(sub))
        xs = [p[0] for p in placed.values()]
        ys = [p[1] for p in placed.values()]
        shifted = {n: (x - min(xs), y - min(ys)) for n, (x, y) in placed.items()}
        boxes.append((shifted, max(xs) - min(xs) + CELL[0], max(ys) - min(ys) + CELL[1]))
    return _pack(boxes)


def _pack(boxes: list[tuple[Positions, float, float]]) -> Positions:
    """Shelf-pack component boxes into rows about as wide as the largest box or the square root of the area."""
    if not boxes:
        return {}
    area = sum(w * h for _, w, h in boxes)
    width = max(max(w for _, w, _ in boxes), math.sqrt(area) * 1.3)
    out: Positions = {}
    x = y = shelf = 0.0
    for placed, w, h in boxes:
        if x > 0 and x + w > width:
            x, y, shelf = 0.0, y + shelf, 0.0
        for node, (px, py) in placed.items():
            out[node] = (px + x, py + y)
        x += w
        shelf = max(shelf, h)
    return out


def regime_complex_layout(graph: nx.Graph[Any]) -> Positions:
    """Issue areas on a circle around the regime complex; institutions near what they govern."""
    simple: nx.Graph[Any] = nx.Graph(graph)
    areas = _kind_nodes(graph, "issue-area")
    complexes = _kind_nodes(graph, "regime-complex")
    radius = max(2.5, 0.45 * len(simple) ** 0.5)
    anchors = _circle(areas, radius)
    for i, rc in enumerate(complexes):
        anchors[rc] = (0.0, i * 1.5)
    init = dict(anchors)
    for node in simple:
        if node in init:
            continue
        near = [anchors[m] for m in simple[node] if m in anchors]
        if near:
            init[node] = (sum(p[0] for p in near) / len(near) * 0.8, sum(p[1] for p in near) / len(near) * 0.8)
    pos = force_layout(simple, init, fixed=set(anchors), iterations=200)
    order = [*complexes, *areas, *(n for n in _by_degree(simple) if n not in anchors)]
    placed = spread(pos, order, scale=CELL[0] * 0.9)
    return _set_apart(simple, placed, set(graph.graph.get("apart", ())))


def _set_apart(graph: nx.Graph[Any], pos: Positions, apart: set[Hashable]) -> Positions:
    """``pos`` with the ``apart`` nodes, and the nodes linked to nothing else, moved right of the rest."""
    if not apart:
        return pos
    group = set(apart) | {n for n in graph if n not in apart and graph[n] and set(graph[n]) <= apart}
    rest = [p for n, p in pos.items() if n not in group]
    if not rest:
        return pos
    right = max(x for x, _ in rest) + CELL[0] * 1.5
    left = min(pos[n][0] for n in group)
    top, mid = min(y for _, y in rest), min(pos[n][1] for n in group)
    return {n: ((x - left + right, y - mid + top) if n in group else (x, y)) for n, (x, y) in pos.items()}


#: Where each stakeholder group sits around the forum (degrees; y down, so -90 is the top).
#: The sources do not give Figure 2's geometry, only that the forum sits between states,
#: business, civil society and the regime complex, and that states are the main target.
GROUP_ANGLES = {"states": -90.0, "private-sector": 0.0, "civil-society": 180.0, "technical-academic": 135.0}


def forum_positioning_layout(graph: nx.Graph[Any]) -> Positions:
    """The proposed forum in the middle; states above (the main arrow), the others around it.

    Stakeholder groups and the regime complex sit on a circle of :data:`FIGURE2_RADIUS`
    pixels at the places of :data:`GROUP_ANGLES`; supporters and proposers between the forum
    and their groups; the characteristics in columns to the right.
    """
    simple: nx.Graph[Any] = nx.Graph(graph)
    radius = FIGURE2_RADIUS / CELL[0]
    anchors: Positions = {}
    for i, forum in enumerate(_kind_nodes(graph, "proposed-forum")):
        anchors[forum] = (i * 1.3, i * 1.3)
    groups = _kind_nodes(graph, "stakeholder-group")
    spare = [a for a in (45.0, 225.0, 315.0) if a not in GROUP_ANGLES.values()]
    for group in groups:
        key = str(group).rsplit("/", 1)[-1]
        angle = GROUP_ANGLES.get(key, spare.pop(0) if spare else 270.0)
        anchors[group] = (radius * math.cos(math.radians(angle)), radius * math.sin(math.radians(angle)))
    for i, rc in enumerate(_kind_nodes(graph, "regime-complex")):
        anchors[rc] = (i * 1.2, radius)
    init = dict(anchors)
    for node in simple:
        if node not in init:
            near = [anchors[m] for m in simple[node] if m in anchors]
            if near:
                init[node] = (sum(p[0] for p in near) / len(near), sum(p[1] for p in near) / len(near))
    characteristics = _kind_nodes(graph, "characteristic", "characteristic-lacking")
    inner = ordered_subgraph(simple, (n for n in simple if n not in characteristics))
    pos = force_layout(inner, init, fixed=set(anchors), iterations=200)
    order = [*anchors, *(n for n in _by_degree(inner) if n not in anchors)]
    cell = (CELL[0], 44.0)
    placed = spread(pos, order, cell=cell, scale=CELL[0])
    right = max((x for x, _ in placed.values()), default=0.0) + CELL[0] * 1.2
    rows = max(1, math.ceil(len(characteristics) / 2))
    for i, node in enumerate(characteristics):
        placed[node] = (right + (i // rows) * CELL[0] * 1.1, (i % rows - (rows - 1) / 2) * cell[1])
    return placed


#: The radius of the circle of stakeholder groups in the forum-positioning view, in pixels.
FIGURE2_RADIUS = 420.0


def norm_convergence_layout(graph: nx.Graph[Any]) -> Positions:
    """Table 1 as a grid: a column per document, a row per category, each norm in its cell."""
    documents = sorted(_kind_nodes(graph, "reference-document", "document"),
                       key=lambda d: (graph.nodes[d].get("date") or "9999", graph.nodes[d]["label"]))
    categories = sorted(_kind_nodes(graph, "category"), key=lambda c: graph.nodes[c]["label"])
    column = {d: i for i, d in enumerate(documents)}
    row = {c: i for i, c in enumerate(categories)}
    cells: dict[tuple[int, int], list[Hashable]] = defaultdict(list)
    for norm in _kind_nodes(graph, "norm"):
        docs = [m for m in graph.successors(norm) if m in column] if isinstance(graph, nx.DiGraph) else []
        cats = [m for m in graph.successors(norm) if m in row] if isinstance(graph, nx.DiGraph) else []
        c = min((column[d] for d in docs), default=len(documents))
        r = min((row[k] for k in cats), default=len(categories))
        cells[(c, r)].append(norm)
    per_row = max(1, math.ceil(math.sqrt(max((len(v) for v in cells.values()), default=1))))
    width = [per_row] * (len(documents) + 1)
    heights = [1] * (len(categories) + 1)
    for (_, r), norms in cells.items():
        heights[r] = max(heights[r], math.ceil(len(norms) / per_row))
    col_x = np.cumsum([0, *[w * CELL[0] + CELL[0] * 0.5 for w in width]]) + CELL[0] * 1.5
    row_y = np.cumsum([0, *[h * CELL[1] + CELL[1] for h in heights]]) + CELL[1] * 1.5
    pos: Positions = {}
    for d, i in column.items():
        pos[d] = (float(col_x[i]) + (per_row - 1) * CELL[0] / 2, 0.0)
    for k, j in row.items():
        pos[k] = (0.0, float(row_y[j]) + (heights[j] - 1) * CELL[1] / 2)
    for (c, r), norms in cells.items():
        for n, norm in enumerate(sorted(norms, key=lambda x: graph.nodes[x]["label"])):
            pos[norm] = (float(col_x[c]) + (n % per_row) * CELL[0], float(row_y[r]) + (n // per_row) * CELL[1])
    for node in graph:
        pos.setdefault(node, (0.0, float(row_y[-1]) + CELL[1]))
    return spread(pos, list(pos), scale=1.0)


def timeline_layout(graph: nx.Graph[Any], today: dt.date | None = None) -> Positions:
    """A time axis from the first dated item's year to ``today``'s (default: the day it is drawn).

    Each year is one segment of the axis, at least :data:`YEAR_WIDTH` pixels wide and wider
    where the year is crowded: its items take slots of :data:`TIMELINE_SLOT` pixels in date
    order, turn by turn in three lanes on their side, so that two labels of one lane are three
    slots apart (a crowded 2015 reads, and the later years keep their place on the axis).
    Events sit above the axis, memberships (kind ``membership``) above the events, and documents
    below it; the actors beyond the documents, near the mean place of their items.
    ``graph.graph["axis"]`` gets each year's place and ``graph.graph["lanes"]`` each lane's title,
    for the page to draw.
    """
    items = sorted((n for n, d in graph.nodes(data=True) if d.get("date")),
                   key=lambda n: (graph.nodes[n]["date"], str(n)))
    pos: Positions = {}
    axis: list[tuple[float, str]] = []
    last = (today or dt.date.today()).year
    by_year: dict[int, list[Hashable]] = defaultdict(list)
    for node in items:
        by_year[int(str(graph.nodes[node]["date"])[:4])].append(node)
    first = min(by_year, default=last)
    x = 0.0
    for year in range(first, max(last, max(by_year, default=last)) + 1):
        axis.append((x, str(year)))
        slots = dict.fromkeys(_LANE_ROWS, 0)
        for node in by_year.get(year, []):
            lane = _lane(graph.nodes[node]["kind"])
            i = slots[lane]
            slots[lane] += 1
            first, rows = _LANE_ROWS[lane]
            y = (first + i % rows) * CELL[1]
            pos[node] = (x + 20 + i * TIMELINE_SLOT, -y if lane != "documents" else y)
        x += max(YEAR_WIDTH, max(slots.values()) * TIMELINE_SLOT + CELL[0] * 0.75)
    simple: nx.Graph[Any] = nx.Graph(graph)
    for node in simple:
        if node in pos:
            continue
        xs = [pos[m][0] for m in simple[node] if m in pos]
        pos[node] = (sum(xs) / len(xs) if xs else 0.0, CELL[1] * 5)
    actors = _by_degree(simple, [n for n in simple if n not in items])
    placed = spread({n: pos[n] for n in actors}, actors, cell=(CELL[0], CELL[1]), scale=1.0)
    if placed:
        shift = max(0.0, CELL[1] * 5 - min(y for _, y in placed.values()))
        placed = {n: (x, y + shift) for n, (x, y) in placed.items()}
    graph.graph["axis"] = axis
    lanes = [(-2 * CELL[1], "events"), (2 * CELL[1], "documents")]
    if any(graph.nodes[n]["kind"] == "membership" for n in items):
        lanes.insert(0, (-4.5 * CELL[1], "memberships"))
    if placed:
        lanes.append((min(y for _, y in placed.values()), "actors"))
    graph.graph["lanes"] = lanes
    return {**pos, **placed}


#: The timeline's lanes of dated items: the first row (in cells from the axis) and how many rows each has.
_LANE_ROWS = {"events": (1, 3), "memberships": (4, 2), "documents": (1, 3)}


def _lane(kind: str) -> str:
    """The timeline lane of a dated item of ``kind``: events and memberships above the axis, the rest below."""
    return {"event": "events", "membership": "memberships"}.get(kind, "documents")


#: The narrowest segment of one year on the timeline's axis, in pixels.
YEAR_WIDTH = 150.0
#: The horizontal step between two dated items of the timeline, in pixels.
TIMELINE_SLOT = 70.0


def _days(iso: str) -> int:
    year, month, day = (int(p) for p in iso[:10].split("-"))
    import datetime as dt

    return dt.date(year, month, day).toordinal()

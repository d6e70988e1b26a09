"""Content negotiation: which serialisation of an answer a client gets.

A SELECT or ASK answer is offered in the four W3C result formats, a CONSTRUCT or
DESCRIBE answer (and any graph) in Turtle, N-Triples, RDF/XML and JSON-LD. The client's
``Accept`` header picks among them by quality, most specific range first (RFC 9110
§12.5.1); ties go to the order below, so ``*/*`` or no header gets SPARQL JSON or
Turtle. A ``format=`` parameter (``json``, ``xml``, ``csv``, ``tsv``, ``ttl``, ``nt``,
``jsonld``) overrides the header, so that a plain link can download a given format.
"""

from __future__ import annotations

from dataclasses import dataclass

from cybernorms.graph import formats

__all__ = [
    "GRAPH_TYPES",
    "RESULT_TYPES",
    "Choice",
    "choose",
    "format_override",
    "graph_format",
    "parse_accept",
]

RESULT_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/javascript": "json",
    "application/javascript": "json",
}
"""Media types of SELECT and ASK answers, preferred first, to the short format name."""

_GRAPH_SYNTAXES = [syntax for syntax in formats.SYNTAXES if syntax.graph_answer]

GRAPH_TYPES: dict[str, str] = {
    **{syntax.media_type: syntax.name for syntax in _GRAPH_SYNTAXES},
    **{media: syntax.name for syntax in _GRAPH_SYNTAXES for media in syntax.other_media_types},
}
"""Media types of graphs, preferred first (the standard types, then the others), to the short format name."""

CONTENT_TYPES: dict[tuple[str, str], str] = {
    ("select", "json"): "application/sparql-results+json",
    ("select", "xml"): "application/sparql-results+xml",
    ("select", "csv"): "text/csv; charset=utf-8",
    ("select", "tsv"): "text/tab-separated-values; charset=utf-8",
    **{("graph", syntax.name): syntax.media_type + ("; charset=utf-8" if syntax.media_type.startswith("text/") else "")
       for syntax in _GRAPH_SYNTAXES},
}
"""The Content-Type sent for each kind of answer and format."""

#: The file extension of a download, by format name (``xml`` is a results file: graphs in XML are rare downloads).
EXTENSIONS: dict[str, str] = {
    **{syntax.name: syntax.extension.lstrip(".") for syntax in _GRAPH_SYNTAXES},
    "json": "srj", "xml": "srx", "csv": "csv", "tsv": "tsv",
}

#: What a ``format=`` value asks for: (results format, graph format). The results names
#: come last, so ``json`` and ``xml`` ask for both kinds.
_OVERRIDES: dict[str, tuple[str | None, str | None]] = {
    **{name: (None, syntax.name) for syntax in _GRAPH_SYNTAXES for name in (syntax.name, *syntax.aliases)},
    "json": ("json", "jsonld"),
    "xml": ("xml", "xml"),
    "csv": ("csv", None),
    "tsv": ("tsv", None),
}


@dataclass(frozen=True)
class Choice:
    """The format for each kind of answer; ``None`` where the client accepts none."""

    select: str | None
    graph: str | None

    @property
    def acceptable(self) -> bool:
        return self.select is not None or self.graph is not None


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``Accept`` as ``(range, quality)`` pairs; a missing or empty header accepts anything."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges: list[tuple[str, float]] = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        quality = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        ranges.append((media, quality))
    return ranges


def _quality(media: str, ranges: list[tuple[str, float]]) -> float:
    """The quality the most specific matching range gives ``media``; 0 if none matches."""
    kind = media.split("/")[0]
    best: tuple[int, float] = (-1, 0.0)
    for pattern, quality in ranges:
        if pattern == media:
            specificity = 2
        elif pattern == f"{kind}/*":
            specificity = 1
        elif pattern == "*/*":
            specificity = 0
        else:
            continue
        if specificity > best[0]:
            best = (specificity, quality)
    return best[1]


def _best(offers: dict[str, str], ranges: list[tuple[str, float]]) -> str | None:
    chosen: tuple[float, str] | None = None
    for media, fmt in offers.items():
        quality = _quality(media, ranges)
        if quality > 0 and (chosen is None or quality > chosen[0]):
            chosen = (quality, fmt)
    return chosen[1] if chosen else None


def choose(accept: str | None) -> Choice:
    """The formats ``accept`` picks for a results answer and for a graph answer."""
    ranges = parse_accept(accept)
    return Choice(_best(RESULT_TYPES, ranges), _best(GRAPH_TYPES, ranges))


def choose_graph(accept: str | None) -> str | None:
    """The graph format ``accept`` picks, or ``None``."""
    return _best(GRAPH_TYPES, parse_accept(accept))


def prefers_html(accept: str | None) -> bool:
    """Whether a client (a browser) asks for HTML before any RDF format."""
    ranges = parse_accept(accept)
    html = _quality("text/html", ranges)
    if not any(pattern in ("text/html", "application/xhtml+xml") for pattern, _ in ranges):
        return False
    rdf = max(_quality(media, ranges) for media in GRAPH_TYPES if media not in ("text/plain",))
    return html >= rdf and html > 0


def format_override(value: str | None) -> Choice | None:
    """The formats a ``format=`` parameter asks for, by short name or media type.

    ``None`` when there is no such parameter or its value names no format this server
    writes: clients such as SPARQLWrapper send ``format=`` with values of their own
    (``n3``, ``rdf+xml``), so an unknown value leaves the choice to ``Accept``.
    """
    if not value:
        return None
    key = value.strip().lower()
    if key in _OVERRIDES:
        select, graph = _OVERRIDES[key]
        return Choice(select, graph)
    media = key.split(";")[0].strip()
    if media in RESULT_TYPES or media in GRAPH_TYPES:
        return Choice(RESULT_TYPES.get(media), GRAPH_TYPES.get(media))
    return None


def graph_format(override: str | None, accept: str | None) -> str | None:
    """The RDF format for a graph: a recognised ``format=`` first, else ``Accept``; ``None`` if none fits."""
    chosen = format_override(override)
    return chosen.graph if chosen is not None else choose_graph(accept)

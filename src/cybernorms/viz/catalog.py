"""The catalogue of views: each view's name on the command line, its title and its caption.

The one list of view names. :mod:`cybernorms.viz.views` builds :data:`~cybernorms.viz.views.VIEWS`
from it, and the command line takes its choices from it; it imports nothing heavy, so that
``cybernorms --help`` can list the views without networkx, numpy or an RDF engine.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MATRIX_CATALOG", "MATRIX_NAMES", "PAGE_NAMES", "VIEW_CATALOG", "VIEW_NAMES", "ViewEntry"]


@dataclass(frozen=True)
class ViewEntry:
    """What a view is called and how it is captioned, apart from how it is drawn."""

    name: str
    title: str
    description: str

    def described(self) -> tuple[str, str, str]:
        """The name, title and description, in the order :class:`~cybernorms.viz.views.View` takes them."""
        return self.name, self.title, self.description


_ENTRIES = (
    ViewEntry(
        "regime-complex",
        "The regime complex: forums and institutions by the issue areas they govern",
        "After Nye's regime complex (Figure 1 of the EWI report): the forums, regimes and institutions, "
        "the sub-issue areas they govern, and the actors that take part in them. Only what the curated "
        "data states is drawn; Nye's ratings by depth, breadth, fabric and compliance are not in the sources.",
    ),
    ViewEntry(
        "forum-positioning",
        "The proposed forum between states, business, civil society and the regime complex",
        "After Figure 2 of the EWI report: the proposed forum, the stakeholder groups and the regime complex "
        "it sits between, its main target (states, the thick arrow), its supporters by group, and its "
        "essential characteristics, those still lacking drawn with a dashed red border.",
    ),
    ViewEntry(
        "norm-convergence",
        "Norm convergence: the reference documents, their norms and the five categories",
        "After Appendix I and Table 1: a column per document, a row per category, each norm in its cell; "
        "links between norms of different documents show where they align and where they are in tension. "
        "Click a norm for its exact text and source.",
    ),
    ViewEntry(
        "neighbourhood",
        "Neighbourhood",
        "One entity and everything within a few links of it, whatever the kind of link.",
    ),
    ViewEntry(
        "timeline",
        "Timeline: dated events, memberships and documents, with their actors",
        "Events and, above them, members joining a forum (above the axis) and documents (below) from left to "
        "right by date, each linked to the actors it involves, that issued it or that the members joined. A date "
        "given only as a year or a month is placed on its first day.",
    ),)

#: Every view by name, in the order they are drawn and listed.
VIEW_CATALOG: dict[str, ViewEntry] = {entry.name: entry for entry in _ENTRIES}
#: The names of the views, as ``cybernorms viz`` takes them.
VIEW_NAMES: tuple[str, ...] = tuple(VIEW_CATALOG)

_MATRICES = (
    ViewEntry(
        "table1-matrix",
        "Table 1 as a matrix: norms by category and reference document",
        "After Table 1 of the EWI report: a row per category (I-V), a column per reference document, "
        "in each cell how many of the document's norms the report files under the category (Appendix I), "
        "darker for more. Click a cell for its norms: exact text, source and locator.",
    ),
    ViewEntry(
        "crosswalk",
        "Crosswalk: how the norms of different documents align",
        "Norms against the norms of other documents (Appendix I and later sources): each coloured cell is "
        "an alignment the graph records (same commitment, broader, narrower, related, in tension, continues). "
        "Filter by document and category; click a cell for both texts, the alignment, its rationale and source.",
    ),
)

#: The matrix pages (:mod:`cybernorms.viz.matrices`), drawn as tables rather than networks.
MATRIX_CATALOG: dict[str, ViewEntry] = {entry.name: entry for entry in _MATRICES}
#: The names of the matrix pages, as ``cybernorms viz`` takes them.
MATRIX_NAMES: tuple[str, ...] = tuple(MATRIX_CATALOG)
#: Every page ``cybernorms viz`` writes: the network views, then the matrices.
PAGE_NAMES: tuple[str, ...] = VIEW_NAMES + MATRIX_NAMES

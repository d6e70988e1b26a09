"""The kinds of node and link the views draw: how each is named, coloured and shaped.

One table for the legend, the page, the static images and the exports, so that a
state is the same blue diamond everywhere. A node's kind is read from its ``rdf:type``
(asserted or inferred) by :func:`kind_of`, most specific class first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cybernorms.namespaces import CN, PREFIXES

__all__ = ["ACTOR_KINDS", "LINKS", "NODES", "LinkStyle", "NodeStyle", "classes_of", "kind_of"]

_ORG = PREFIXES["org"]


@dataclass(frozen=True)
class NodeStyle:
    """How one kind of node looks: legend text, fill colour, vis-network shape, matplotlib marker."""

    legend: str
    color: str
    shape: str
    marker: str
    size: int = 14


@dataclass(frozen=True)
class LinkStyle:
    """How one kind of link looks: legend text, colour, dashes, width, whether it has an arrow."""

    legend: str
    color: str
    dashes: bool = False
    width: float = 1.0
    arrow: bool = True


#: Node kinds, in legend order. Colours are Okabe-Ito and Tol's muted palette (colour-blind safe).
NODES: dict[str, NodeStyle] = {
    "proposed-forum": NodeStyle("proposed forum", "#D55E00", "star", "*", 30),
    "forum": NodeStyle("forum or process", "#E69F00", "square", "s", 18),
    "regime": NodeStyle("regime", "#CC6677", "square", "s", 16),
    "regime-complex": NodeStyle("regime complex", "#882255", "hexagon", "h", 26),
    "issue-area": NodeStyle("issue area", "#44AA99", "ellipse", "o", 22),
    "stakeholder-group": NodeStyle("stakeholder group", "#332288", "hexagon", "h", 28),
    "state": NodeStyle("state", "#0072B2", "diamond", "D", 12),
    "government-body": NodeStyle("government body", "#56B4E9", "diamond", "D", 11),
    "igo": NodeStyle("intergovernmental organization", "#117733", "triangle", "^", 16),
    "corporation": NodeStyle("corporation", "#AA4499", "triangleDown", "v", 13),
    "civil-society": NodeStyle("civil society organization", "#009E73", "dot", "o", 12),
    "research": NodeStyle("research institute", "#999933", "dot", "o", 11),
    "technical": NodeStyle("technical body", "#88CCEE", "dot", "o", 11),
    "person": NodeStyle("person", "#BBBBBB", "dot", "o", 9),
    "actor": NodeStyle("other actor", "#DDDDDD", "dot", "o", 10),
    "initiative": NodeStyle("initiative", "#DDCC77", "box", "s", 14),
    "characteristic": NodeStyle("characteristic", "#F0E442", "box", "s", 14),
    "characteristic-lacking": NodeStyle("characteristic still lacking", "#FFFFFF", "box", "s", 14),
    "reference-document": NodeStyle("reference document", "#000000", "box", "s", 20),
    "document": NodeStyle("document", "#666666", "box", "s", 14),
    "category": NodeStyle("norm category", "#882255", "box", "s", 18),
    "norm": NodeStyle("norm", "#0072B2", "dot", "o", 9),
    "event": NodeStyle("event", "#E69F00", "triangle", "^", 12),
    "membership": NodeStyle("members joining a forum", "#BBCC33", "box", "s", 12),
    "other": NodeStyle("other", "#CCCCCC", "dot", "o", 8),
}

#: Node kinds that are actors, for the "actor type" filter and the brokerage analysis.
ACTOR_KINDS = frozenset(
    {"state", "government-body", "igo", "corporation", "civil-society", "research", "technical",
     "person", "actor"}
)

#: Classes to kinds, most specific first: the first class a node has decides its kind.
_CLASS_KINDS: tuple[tuple[str, str], ...] = (
    (CN + "ProposedForum", "proposed-forum"),
    (CN + "RegimeComplex", "regime-complex"),
    (CN + "Forum", "forum"),
    (CN + "MultiStakeholderForum", "forum"),
    (CN + "Regime", "regime"),
    (CN + "IssueArea", "issue-area"),
    (CN + "StakeholderGroup", "stakeholder-group"),
    (CN + "State", "state"),
    (CN + "GovernmentBody", "government-body"),
    (CN + "IntergovernmentalOrganization", "igo"),
    (CN + "Corporation", "corporation"),
    (CN + "NonGovernmentalOrganization", "civil-society"),
    (CN + "CivilSocietyOrganization", "civil-society"),
    (CN + "ResearchInstitute", "research"),
    (CN + "TechnicalBody", "technical"),
    (CN + "Person", "person"),
    (CN + "NormEntrepreneur", "actor"),
    (CN + "Actor", "actor"),
    (CN + "Initiative", "initiative"),
    (CN + "NormCampaign", "initiative"),
    (CN + "Characteristic", "characteristic"),
    (CN + "SupportRequirement", "characteristic"),
    (CN + "FundingRequirement", "characteristic"),
    (CN + "ReferenceDocument", "reference-document"),
    (CN + "Document", "document"),
    (CN + "NormStatement", "norm"),
    (CN + "ContestedNorm", "norm"),
    (CN + "NormCategory", "category"),
    (CN + "Event", "event"),
    (_ORG + "Organization", "actor"),
    (_ORG + "FormalOrganization", "actor"),
)

#: Link kinds: the relation names the projections give edges (see ``docs/views.md``).
LINKS: dict[str, LinkStyle] = {
    "main target": LinkStyle("main target (Figure 2's main arrow)", "#800000", width=6.0),
    "positioned between": LinkStyle("positioned between", "#D55E00", width=2.5),
    "supports": LinkStyle("supports", "#009E73", width=1.5),
    "proposed by": LinkStyle("proposed by", "#D55E00", dashes=True),
    "has characteristic": LinkStyle("has characteristic", "#999999", arrow=False),
    "required group": LinkStyle("requires supporters from", "#999999", dashes=True),
    "stakeholder group": LinkStyle("belongs to stakeholder group", "#BBBBBB", arrow=False),
    "part of regime complex": LinkStyle("part of the regime complex", "#882255", width=1.5),
    "governs": LinkStyle("governs (issue area)", "#44AA99", width=2.0),
    "member": LinkStyle("member or participant", "#AAAAAA", arrow=False),
    "stated in": LinkStyle("stated in", "#BBBBBB", arrow=False),
    "in category": LinkStyle("in category", "#CC99BB", arrow=False),
    "same commitment": LinkStyle("same commitment", "#117733", width=2.5, arrow=False),
    "broader": LinkStyle("broader than", "#44AA99", width=1.5),
    "narrower": LinkStyle("narrower than", "#44AA99", width=1.5),
    "related": LinkStyle("related", "#88CCEE", width=1.5, arrow=False),
    "in tension": LinkStyle("in tension", "#CC3311", width=2.5, dashes=True, arrow=False),
    "continues": LinkStyle("continues", "#332288", width=1.5),
    "involves": LinkStyle("involves", "#BBBBBB", arrow=False),
    "issued by": LinkStyle("issued, submitted or written by", "#BBBBBB", arrow=False),
    "produced": LinkStyle("produced", "#666666"),
    "presented in": LinkStyle("presented in", "#666666", dashes=True),
    "affiliation": LinkStyle("affiliation", "#DDDDDD", arrow=False),
    "government of": LinkStyle("government of", "#56B4E9", arrow=False),
    "link": LinkStyle("other link", "#CCCCCC"),
}


def classes_of(kinds: Iterable[str]) -> set[str]:
    """The classes whose instances are of one of ``kinds``."""
    wanted = set(kinds)
    return {iri for iri, kind in _CLASS_KINDS if kind in wanted}


def kind_of(types: Iterable[str]) -> str:
    """The node kind of an entity with these class IRIs (``"other"`` if none is known)."""
    have = set(types)
    for iri, kind in _CLASS_KINDS:
        if iri in have:
            return kind
    return "other"

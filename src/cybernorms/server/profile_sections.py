"""What a profile page shows of each kind of entity: its sections, each one SPARQL query.

A profile reads an entity as an analyst asks about it (issue 18, after UNIDIR's Cyber Policy
Portal's state profiles): a state's names, memberships, documents, their norms, endorsements and
timeline; an organisation's or person's affiliations and what it proposed, supported or wrote; a
forum's members by period, documents, norms and the report's evaluation of it; a document's norms
in order, submitters and dates; a norm's text, document, category, themes, alignments and lineage.

Every query binds ``?g``, the named graph that states the row's main fact, so that each row is
shown with its source and passage (``docs/provenance.md``) and is kept apart by where it comes
from: curated claim graphs, ``graph/inferred``, a partner's graphs. ``THIS`` stands for the
entity's IRI (put in as an IRI term by :mod:`cybernorms.server.profiles`). The properties are the
ontology's (``ontology/cybernorms.ttl``): W3C ORG memberships (``org:member``,
``org:organization``, ``org:role``, ``org:memberDuring``), ``cn:Endorsement`` (``cn:endorser``,
``cn:endorsed``, ``cn:supportRole``), ``cn:Alignment`` (``cn:fromNorm``, ``cn:toNorm``,
``cn:relation``, ``cn:rationale``).
"""

from __future__ import annotations

from dataclasses import dataclass

from cybernorms.namespaces import CN

__all__ = ["KINDS", "Column", "Section", "kind_of", "sections_of"]

PROLOGUE = """PREFIX cn: <https://w3id.org/cybernorms/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

#: Rows of a section beyond this many are left out (the page says so; the data formats have them all).
SECTION_LIMIT = 400


@dataclass(frozen=True)
class Column:
    """One column of a section: the query's variable and its heading."""

    var: str
    heading: str


@dataclass(frozen=True)
class Section:
    """One section of a profile: its heading, its columns, the query that fills it.

    Rows with the same values in the first ``keys`` columns are one row of the page; their other
    columns gather every value the rows give, their sources every graph.
    """

    key: str
    title: str
    columns: tuple[Column, ...]
    query: str
    keys: int = 1
    #: The column the rows are sorted by (after the tier): its variable.
    order: str = ""
    #: A line under the heading, saying how to read the section.
    note: str = ""

    def text(self) -> str:
        return PROLOGUE + self.query + f"\nLIMIT {SECTION_LIMIT}"


def _c(var: str, heading: str) -> Column:
    return Column(var, heading)


NAMES = Section(
    "names", "Names", (_c("name", "name"), _c("property", "as")),
    """SELECT ?name ?property ?g WHERE {
  VALUES ?property { rdfs:label skos:prefLabel skos:altLabel cn:shortName cn:unSymbol cn:countryCode }
  GRAPH ?g { THIS ?property ?name }
}""", keys=2)

MEMBERSHIPS = Section(
    "memberships", "Memberships", (_c("forum", "forum"), _c("role", "role"), _c("period", "period")),
    """SELECT ?forum ?role ?period ?g WHERE {
  { GRAPH ?g { ?m org:member THIS ; org:organization ?forum }
    OPTIONAL { ?m org:role ?role }
    OPTIONAL { ?m org:memberDuring ?t OPTIONAL { ?t rdfs:label ?pl } BIND(COALESCE(?pl, ?t) AS ?period) } }
  UNION { VALUES ?p { cn:participatesIn org:memberOf } GRAPH ?g { THIS ?p ?forum } }
}""", keys=1, order="forum")

DOCUMENTS_OF_ACTOR = Section(
    "documents", "Documents issued, submitted or written", (_c("document", "document"), _c("how", "how"),
                                                             _c("date", "date")),
    """SELECT ?document ?how ?date ?g WHERE {
  VALUES ?how { cn:issuedBy cn:submittedBy cn:author cn:contributor }
  GRAPH ?g { ?document ?how THIS }
  OPTIONAL { ?document dcterms:date ?date }
}""", keys=1, order="date")

NORMS_OF_ACTOR = Section(
    "norms", "Norms of those documents", (_c("norm", "norm"), _c("document", "document"),
                                          _c("category", "category")),
    """SELECT ?norm ?document ?category ?g WHERE {
  { ?document cn:issuedBy|cn:submittedBy|cn:author THIS . GRAPH ?g { ?norm cn:statedIn ?document } }
  UNION { GRAPH ?g { THIS cn:proposes ?norm } OPTIONAL { ?norm cn:statedIn ?document } }
  OPTIONAL { ?norm cn:inCategory ?category }
}""", keys=1, order="document")

ENDORSEMENTS = Section(
    "endorsements", "Endorsements and support", (_c("what", "supports"), _c("role", "as"), _c("date", "date")),
    """SELECT ?what ?role ?date ?g WHERE {
  { GRAPH ?g { ?e cn:endorser THIS ; cn:endorsed ?what }
    OPTIONAL { ?e cn:supportRole ?role } OPTIONAL { ?e dcterms:date ?date } }
  UNION { GRAPH ?g { THIS cn:supports ?what } }
}""", keys=1, order="what",
    note="The Paris Call, the GCSC and every other document, forum or initiative it backs, each with who says so.")

TIMELINE = Section(
    "timeline", "Timeline", (_c("date", "date"), _c("what", "what"), _c("how", "how")),
    """SELECT ?date ?what ?how ?g WHERE {
  { GRAPH ?g { ?what cn:involves THIS } ?what dcterms:date ?date BIND(cn:involves AS ?how) }
  UNION { VALUES ?how { cn:issuedBy cn:submittedBy cn:author } GRAPH ?g { ?what ?how THIS } ?what dcterms:date ?date }
  UNION { GRAPH ?g { ?e cn:endorser THIS ; cn:endorsed ?what ; dcterms:date ?date } BIND(cn:endorsed AS ?how) }
}""", keys=2, order="date")

ACTOR_ABOUT = Section(
    "about", "What it is", (_c("property", "property"), _c("value", "value")),
    f"""SELECT ?property ?value ?g WHERE {{
  VALUES ?property {{ rdf:type cn:stakeholderGroup cn:basedIn cn:governmentOf cn:position cn:url }}
  GRAPH ?g {{ THIS ?property ?value }}
  FILTER(?property != rdf:type || STRSTARTS(STR(?value), "{CN}"))
}}""", keys=2, order="property")

AFFILIATIONS = Section(
    "affiliations", "Affiliations", (_c("other", "with"), _c("how", "how")),
    """SELECT ?other ?how ?g WHERE {
  { GRAPH ?g { THIS cn:affiliation ?other } BIND("affiliated with" AS ?how) }
  UNION { GRAPH ?g { ?other cn:affiliation THIS } BIND("has affiliated" AS ?how) }
  UNION { GRAPH ?g { THIS org:subOrganizationOf ?other } BIND("part of" AS ?how) }
  UNION { GRAPH ?g { ?other org:subOrganizationOf THIS } BIND("has as part" AS ?how) }
}""", keys=2, order="other")

FORUM_MEMBERS = Section(
    "members", "Members by period", (_c("period", "period"), _c("member", "member"), _c("role", "role")),
    """SELECT ?period ?member ?role ?g WHERE {
  { GRAPH ?g { ?m org:organization THIS ; org:member ?member }
    OPTIONAL { ?m org:role ?role }
    OPTIONAL { ?m org:memberDuring ?t OPTIONAL { ?t rdfs:label ?pl } BIND(COALESCE(?pl, ?t) AS ?p0) } }
  UNION { VALUES ?p { cn:participatesIn org:memberOf } GRAPH ?g { ?member ?p THIS } }
  UNION { GRAPH ?g { THIS cn:hasParticipant ?member } }
  BIND(COALESCE(?p0, "") AS ?period)
}""", keys=2, order="period")

FORUM_SUPPORTERS = Section(
    "supporters", "Backed by", (_c("who", "who"), _c("role", "as")),
    """SELECT ?who ?role ?g WHERE {
  { GRAPH ?g { ?who cn:supports THIS } }
  UNION { GRAPH ?g { ?e cn:endorsed THIS ; cn:endorser ?who } OPTIONAL { ?e cn:supportRole ?role } }
}""", keys=1, order="who")

FORUM_DOCUMENTS = Section(
    "documents", "Documents", (_c("document", "document"), _c("how", "how"), _c("date", "date")),
    """SELECT ?document ?how ?date ?g WHERE {
  { GRAPH ?g { ?document cn:presentedIn THIS } BIND(cn:presentedIn AS ?how) }
  UNION { GRAPH ?g { ?event cn:partOf THIS ; cn:produced ?document } BIND(cn:produced AS ?how) }
  UNION { GRAPH ?g { ?document cn:issuedBy THIS } BIND(cn:issuedBy AS ?how) }
  OPTIONAL { ?document dcterms:date ?date }
}""", keys=1, order="date")

FORUM_NORMS = Section(
    "norms", "Norms of its documents", (_c("norm", "norm"), _c("document", "document"), _c("category", "category")),
    """SELECT ?norm ?document ?category ?g WHERE {
  ?document cn:presentedIn|cn:issuedBy THIS .
  GRAPH ?g { ?norm cn:statedIn ?document }
  OPTIONAL { ?norm cn:inCategory ?category }
}""", keys=1, order="document")

FORUM_CHARACTERISTICS = Section(
    "characteristics", "Characteristics and the report's evaluation",
    (_c("characteristic", "characteristic"), _c("verdict", "verdict"), _c("comment", "why")),
    """SELECT ?characteristic ?verdict ?comment ?g WHERE {
  { GRAPH ?g { ?e cn:evaluatedForum THIS ; cn:evaluatedCharacteristic ?characteristic }
    OPTIONAL { ?e cn:verdict ?verdict } OPTIONAL { ?e rdfs:comment ?comment } }
  UNION { GRAPH ?g { THIS cn:hasCharacteristic ?characteristic } }
}""", keys=1, order="characteristic")

DOCUMENT_DATES = Section(
    "dates", "Dates", (_c("date", "date"), _c("property", "as")),
    """SELECT ?date ?property ?g WHERE {
  VALUES ?property { dcterms:date cn:endDate cn:entryIntoForce cn:openForSignatureFrom cn:appliesFrom }
  GRAPH ?g { THIS ?property ?date }
}""", keys=2, order="date",
    note="Where sources give different dates, each date is shown with the source that gives it.")

DOCUMENT_NORMS = Section(
    "norms", "Its norms, in order", (_c("notation", "no."), _c("norm", "norm"), _c("category", "category")),
    """SELECT ?notation ?norm ?category ?ordinal ?g WHERE {
  GRAPH ?g { ?norm cn:statedIn THIS }
  OPTIONAL { ?norm cn:notation ?notation }
  OPTIONAL { ?norm cn:ordinal ?ordinal }
  OPTIONAL { ?norm cn:inCategory ?category }
}""", keys=2, order="ordinal")

DOCUMENT_SUBMITTERS = Section(
    "submitters", "Issued, submitted or written by", (_c("who", "who"), _c("how", "how")),
    """SELECT ?who ?how ?g WHERE {
  VALUES ?how { cn:issuedBy cn:submittedBy cn:author cn:contributor }
  GRAPH ?g { THIS ?how ?who }
}""", keys=2, order="who")

DOCUMENT_LINKS = Section(
    "links", "Forums and other documents", (_c("other", "what"), _c("how", "how")),
    """SELECT ?other ?how ?g WHERE {
  { VALUES ?p { cn:presentedIn cn:endorses cn:updates } GRAPH ?g { THIS ?p ?other } BIND(?p AS ?how) }
  UNION { GRAPH ?g { ?other cn:endorses THIS } BIND("reaffirmed by" AS ?how) }
  UNION { GRAPH ?g { ?other cn:updates THIS } BIND("updated by" AS ?how) }
}""", keys=2, order="other")

DOCUMENT_ENDORSERS = Section(
    "endorsers", "Endorsed or supported by", (_c("who", "who"), _c("role", "as")),
    """SELECT ?who ?role ?g WHERE {
  { GRAPH ?g { ?e cn:endorsed THIS ; cn:endorser ?who } OPTIONAL { ?e cn:supportRole ?role } }
  UNION { GRAPH ?g { ?who cn:supports THIS } }
}""", keys=1, order="who")

NORM_TEXT = Section(
    "text", "Its exact text", (_c("text", "text"),),
    """SELECT ?text ?g WHERE { GRAPH ?g { THIS cn:text ?text } }""", keys=1)

NORM_ABOUT = Section(
    "about", "Document, category, themes", (_c("property", "property"), _c("value", "value")),
    """SELECT ?property ?value ?g WHERE {
  VALUES ?property { cn:statedIn cn:notation cn:inCategory cn:theme cn:orientation cn:modality cn:bindingness }
  GRAPH ?g { THIS ?property ?value }
}""", keys=2, order="property")

NORM_ALIGNMENTS = Section(
    "alignments", "Alignments and lineage", (_c("other", "norm"), _c("relation", "relation"),
                                             _c("direction", "direction"), _c("rationale", "rationale")),
    """SELECT ?other ?relation ?direction ?rationale ?g WHERE {
  { GRAPH ?g { ?a cn:fromNorm THIS ; cn:toNorm ?other } BIND("this norm to it" AS ?direction) }
  UNION { GRAPH ?g { ?a cn:toNorm THIS ; cn:fromNorm ?other } BIND("it to this norm" AS ?direction) }
  OPTIONAL { ?a cn:relation ?relation }
  OPTIONAL { ?a cn:rationale ?rationale }
}""", keys=2, order="other",
    note="Every curated link between this norm and another, with its type and the curators' or the source's "
         "rationale; each pair opens side by side.")

NORM_LATER = Section(
    "later", "Later instruments that carry it on", (_c("instrument", "instrument"), _c("how", "how"),
                                                    _c("date", "date")),
    """SELECT ?instrument ?how ?date ?g WHERE {
  { GRAPH ?g { ?a cn:toNorm THIS ; cn:fromNorm ?instrument ; cn:relation ?how }
    FILTER(?how IN (<https://w3id.org/cybernorms/id/alignment-relation/continues>,
                    <https://w3id.org/cybernorms/id/alignment-relation/narrower>,
                    <https://w3id.org/cybernorms/id/alignment-relation/broader>))
    OPTIONAL { ?instrument cn:statedIn/dcterms:date ?date } }
  UNION { THIS cn:statedIn ?doc . GRAPH ?g { ?instrument cn:endorses ?doc }
          BIND("reaffirms the document" AS ?how) OPTIONAL { ?instrument dcterms:date ?date } }
  UNION { GRAPH ?g { ?e cn:endorsed THIS ; cn:endorser ?instrument } BIND("endorses the norm" AS ?how)
          OPTIONAL { ?e dcterms:date ?date } }
}""", keys=2, order="date")

#: The sections of each kind of entity, in the order of the page.
KINDS: dict[str, tuple[Section, ...]] = {
    "state": (NAMES, MEMBERSHIPS, DOCUMENTS_OF_ACTOR, NORMS_OF_ACTOR, ENDORSEMENTS, TIMELINE),
    "actor": (NAMES, ACTOR_ABOUT, AFFILIATIONS, MEMBERSHIPS, DOCUMENTS_OF_ACTOR, NORMS_OF_ACTOR, ENDORSEMENTS,
              TIMELINE),
    "forum": (NAMES, FORUM_CHARACTERISTICS, FORUM_MEMBERS, FORUM_SUPPORTERS, FORUM_DOCUMENTS, FORUM_NORMS),
    "document": (NAMES, DOCUMENT_DATES, DOCUMENT_SUBMITTERS, DOCUMENT_NORMS, DOCUMENT_LINKS, DOCUMENT_ENDORSERS),
    "norm": (NAMES, NORM_TEXT, NORM_ABOUT, NORM_ALIGNMENTS, NORM_LATER),
    "entity": (NAMES,),
}

#: Which kind a class makes an entity, most specific first (a norm before anything else it may be).
_KIND_OF_CLASS = (
    (CN + "NormStatement", "norm"),
    (CN + "Document", "document"),
    (CN + "ReferenceDocument", "document"),
    (CN + "State", "state"),
    (CN + "Forum", "forum"),
    (CN + "MultiStakeholderForum", "forum"),
    (CN + "ProposedForum", "forum"),
    (CN + "Person", "actor"),
    (CN + "Actor", "actor"),
    (CN + "Corporation", "actor"),
    (CN + "CivilSocietyOrganization", "actor"),
    (CN + "NonGovernmentalOrganization", "actor"),
    (CN + "ResearchInstitute", "actor"),
    (CN + "TechnicalBody", "actor"),
    (CN + "GovernmentBody", "actor"),
    (CN + "IntergovernmentalOrganization", "actor"),
)

#: What each kind is called on its page.
KIND_NAMES = {"state": "state", "actor": "organisation or person", "forum": "forum", "document": "document",
              "norm": "norm", "entity": "entity"}


def kind_of(types: set[str]) -> str:
    """The kind of profile for an entity of these classes: ``entity`` (names only) when none is known."""
    for cls, kind in _KIND_OF_CLASS:
        if cls in types:
            return kind
    return "entity"


def sections_of(kind: str) -> tuple[Section, ...]:
    """The sections of a kind's profile."""
    return KINDS.get(kind, KINDS["entity"])

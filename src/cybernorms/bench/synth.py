"""A synthetic knowledge graph of any size, for tests and benchmarks: ``cybernorms synth``.

The generator grows the real landscape along its two axes, states and years, and keeps
the curated graph's shape so that every named query has something to answer:

* the packaged ontology in its graph, as the build puts it;
* the five reference documents (with the curated graph's IRIs: ``doc:coc``, ...) and a
  synthetic ``doc:ewi-2015`` that files their norms under the categories I-V, leaving
  one category out per document (Table 1, the gaps), with its findings, conclusions,
  arguments, the proposed forum and its characteristics, Bergsmo's factors;
* ``N`` states (the UN member states by ISO 3166-1 alpha-3 code, then user-assigned
  codes), companies, civil-society organisations and research institutes;
* forums founded over the years, their membership rosters by year (``org:Membership``
  with an ``org:memberDuring`` period), and a press source per some forums that lists
  members differently (conflicting claims); the 2014-2015 GGE on two lists that disagree;
* the GCSC as the forum that realised the proposal, with its backers and an evaluation
  of each characteristic; the EWI's initiative and its corporate supporters;
* per year: national statements with norms in the five categories and their themes,
  alignments to earlier norms (some in tension, some carrying a 2015 norm on), dated
  endorsements by states, companies and civil society, forum sessions and reports that
  reaffirm reference documents; partner graphs, among them the Paris Call's supporters;
* every fact in a claim graph of one passage (``graph/claim/<source>/<locator>``)
  described in the provenance graph with ``prov:wasDerivedFrom`` and ``cn:locator``;
* an inferred graph holding what the ontology's axioms entail for these facts (super
  classes, stakeholder groups, participation, proposing, alignment, the classes the
  reasoner fills), computed by construction: HermiT does not reach 10^6 triples.

The output is deterministic for a seed (the same bytes), and conforms to the SHACL shapes
(``tests/bench/test_synth.py`` validates one). Sizes: ``--states 20 --years 3`` gives
about 10^4 triples, ``--states 193 --years 39`` about 10^6 (:func:`plan_for`).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Generator as _Generator
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cybernorms.errors import UsageError
from cybernorms.graph import formats
from cybernorms.graph._files import atomic_target
from cybernorms.graph.language import DEFAULT_LANGUAGE, is_natural_language
from cybernorms.namespaces import (
    CLAIM_GRAPH_PREFIX,
    CN,
    ID,
    INFERRED_GRAPH,
    ONTOLOGY_GRAPH,
    PARTNER_GRAPH_PREFIX,
    PREFIXES,
    PROVENANCE_GRAPH,
)

if TYPE_CHECKING:
    import pyoxigraph as ox

    from cybernorms.graph.store.embedded import OxigraphStore

FIRST_YEAR = 1998  # the first UN General Assembly resolution on information security
UN_MEMBERS = (
    # The report's protagonists first, so that a small graph still has them; then the rest.
    "USA CHN RUS GBR FRA DEU JPN IND BRA KAZ KGZ TJK UZB CAN AUS KOR NLD EST ISR ZAF "
    "AFG ALB DZA AND AGO ATG ARG ARM AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRN BGR "
    "BFA BDI CPV KHM CMR CAF TCD CHL COL COM COG CRI CIV HRV CUB CYP CZE PRK COD DNK DJI DMA DOM ECU "
    "EGY SLV GNQ ERI SWZ ETH FJI FIN GAB GMB GEO GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IDN IRN "
    "IRQ IRL ITA JAM JOR KEN KIR KWT LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL "
    "MRT MUS MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU NPL NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG "
    "PRY PER PHL POL PRT QAT MDA ROU RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB "
    "SOM SSD ESP LKA SDN SUR SWE CHE SYR THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE TZA URY VUT "
    "VEN VNM YEM ZMB ZWE"
).split()
CATEGORIES = ("I", "II", "III", "IV", "V")
CATEGORY_LABELS = (
    "Basic principles ensuring the security and stability of global cyberspace",
    "The responsibility of states to avoid and to prevent certain types of cyber attacks launched from their territories",
    "The responsibility of states to enhance the security of information and systems within their territories",
    "The duty of states to cooperate with each other to mitigate certain types of cyber incidents",
    "Restraint measures",
)
THEMES = (
    "critical-infrastructure", "supply-chain", "vulnerabilities", "human-rights", "emergency-response",
    "attribution", "commercial-espionage", "content-control", "capacity-building", "confidence-building",
    "internet-governance", "cybercrime",
)
VERBS = ("should not", "should", "shall", "will", "commit to", "undertake to", "may")
ACTIONS = (
    "conduct or knowingly support ICT activity that damages {theme} of another state",
    "cooperate to protect {theme} against malicious ICT activity",
    "take reasonable steps to ensure the integrity of {theme}",
    "share information and assist one another on {theme}",
    "respect human rights and fundamental freedoms when addressing {theme}",
    "not permit their territory to be used for internationally wrongful acts affecting {theme}",
    "report and remedy weaknesses in {theme} responsibly",
)
RELATIONS = ("same-commitment", "broader", "narrower", "related", "in-tension", "continues")
ROLES = ("supporter", "partner", "founder", "backer", "champion", "signatory")
#: The five reference documents of the report, with the curated graph's ids, short names and dates.
REFERENCE_DOCUMENTS = (
    ("coc", "CoC", "International Code of Conduct for Information Security", "2015-01-09"),
    ("usg-kerry-seoul-2015", "USG", "An Open and Secure Internet: We Must Have Both", "2015-05-18"),
    ("ungge-2015", "UNGGE", "Report of the Group of Governmental Experts (A/70/174)", "2015-07-22"),
    ("tallinn-manual-2013", "Tallinn", "Tallinn Manual on the International Law Applicable to Cyber Warfare", "2013-03-01"),
    ("msft-norms-2014", "MSFT", "International Cybersecurity Norms", "2014-12-01"),
)


def plan_for(triples: float) -> tuple[int, int]:
    """``(states, years)`` that give about ``triples`` triples (calibrated on this generator)."""
    if triples <= 0:
        raise UsageError("a size must be positive")
    states = 193 if triples >= 4e5 else max(10, min(193, int((triples / 25) ** 0.5)))
    per_state_year = 131.0  # measured: triples per (state, year) once the fixed part is paid
    fixed = 800 + 10 * states
    years = max(1, round((triples - fixed) / (per_state_year * states)))
    return states, years


def state_codes(n: int) -> list[str]:
    """``n`` ISO 3166-1 alpha-3 codes: the UN members first, then user-assigned codes (XAA, XAB, ...)."""
    if n < 1:
        raise UsageError("--states must be at least 1")
    codes = UN_MEMBERS[:n]
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    extra = (f"{a}{b}{c}" for a in "XQ" for b in letters for c in letters)
    while len(codes) < n:
        codes.append(next(extra))
    if len(codes) > len(UN_MEMBERS) + 2 * 26 * 26:
        raise UsageError("--states is at most 1545")
    return codes


@dataclass
class _Facts:
    """What the generator remembers to write the inferred graph at the end (insertion-ordered)."""

    types: dict[str, list[str]] = field(default_factory=dict)
    members: dict[str, dict[str, str]] = field(default_factory=dict)  # forum -> actor -> kind
    issued: dict[str, list[str]] = field(default_factory=dict)  # document -> issuers (issuedBy)
    submitted: dict[str, list[str]] = field(default_factory=dict)  # document -> submitters
    norms_of: dict[str, list[str]] = field(default_factory=dict)  # document -> norms
    aligned: list[tuple[str, str, str]] = field(default_factory=list)  # from, to, relation
    norms_of_reference: list[str] = field(default_factory=list)


class Generator:
    """Writes the quads of one synthetic graph; see the module's description."""

    def __init__(self, states: int, years: int, seed: int = 0) -> None:
        import pyoxigraph as ox

        if years < 1:
            raise UsageError("--years must be at least 1")
        self.ox = ox
        self.rng = random.Random(seed)
        self.codes = [c.lower() for c in state_codes(states)]
        self.years = list(range(FIRST_YEAR, FIRST_YEAR + years))
        self.facts = _Facts()
        self._nodes: dict[str, ox.NamedNode] = {}
        self._described: set[str] = set()
        self._xsd_date = ox.NamedNode(PREFIXES["xsd"] + "date")
        self._xsd_integer = ox.NamedNode(PREFIXES["xsd"] + "integer")
        self.companies = [f"org/synth-company-{i:03d}" for i in range(max(3, states // 4))]
        self.societies = [f"org/synth-ngo-{i:03d}" for i in range(max(3, states // 5))]
        self.institutes = [f"org/synth-institute-{i:03d}" for i in range(max(1, states // 20))]
        self.forums: list[tuple[str, int]] = []  # (forum id, founding year)
        self.norms: list[tuple[str, int]] = []  # (norm id, year)
        self._pairs: set[tuple[str, str]] = set()

    # -- terms --

    def node(self, iri: str) -> ox.NamedNode:
        """The NamedNode of a full IRI, a CURIE or a bare id (under ``id/``), cached."""
        found = self._nodes.get(iri)
        if found is None:
            if iri.startswith(("http://", "https://")):
                full = iri
            elif ":" in iri and iri.partition(":")[0] in PREFIXES:
                full = PREFIXES[iri.partition(":")[0]] + iri.partition(":")[2]
            else:
                full = ID + iri
            found = self._nodes[iri] = self.ox.NamedNode(full)
        return found

    def text(self, value: str) -> ox.Literal:
        return self.ox.Literal(value)

    def date(self, year: int, month: int = 1, day: int = 1) -> ox.Literal:
        return self.ox.Literal(f"{year:04d}-{month:02d}-{day:02d}", datatype=self._xsd_date)

    def integer(self, value: int) -> ox.Literal:
        return self.ox.Literal(str(value), datatype=self._xsd_integer)

    def some_date(self, year: int) -> ox.Literal:
        return self.date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))

    # -- graphs --

    def claim(self, source: str, locator: str, quote: str | None = None) -> Iterator[ox.Quad]:
        """The provenance of claim graph (source, locator), once; yields its quads."""
        graph = self.claim_iri(source, locator)
        if graph in self._described:
            return
        self._described.add(graph)
        ox, meta, g = self.ox, self.node(PROVENANCE_GRAPH), self.node(graph)
        yield ox.Quad(g, self.node("rdf:type"), self.node("cn:ClaimGraph"), meta)
        yield ox.Quad(g, self.node("cn:locator"), self.text(locator), meta)
        if source == "curator":
            yield ox.Quad(g, self.node("cn:curatorJudgement"), ox.Literal(True), meta)
            yield ox.Quad(g, self.node("prov:wasAttributedTo"), self.node("agent/cybernorms-curators"), meta)
        else:
            yield ox.Quad(g, self.node("prov:wasDerivedFrom"), self.node(source), meta)
        if quote:
            yield ox.Quad(g, self.node("cn:quote"), ox.Literal(quote, language=DEFAULT_LANGUAGE), meta)

    @staticmethod
    def claim_iri(source: str, locator: str) -> str:
        slug = "-".join("".join(c if c.isalnum() else " " for c in locator.lower()).split())
        return f"{CLAIM_GRAPH_PREFIX}{source.rsplit('/', 1)[-1]}/{slug}"

    def facts_in(self, graph: str, subject: str, pairs: list[tuple[str, object]]) -> Iterator[ox.Quad]:
        """``subject``'s facts as (predicate CURIE, value) pairs in ``graph``; str values are ids."""
        ox, g, s = self.ox, self.node(graph), self.node(subject)
        asserted = graph != INFERRED_GRAPH
        for predicate, value in pairs:
            obj = self.node(value) if isinstance(value, str) else value
            node = self.node(predicate)
            if is_natural_language(node.value) and isinstance(obj, ox.Literal) and obj.language is None:
                obj = ox.Literal(obj.value, language=DEFAULT_LANGUAGE)
            yield ox.Quad(s, node, obj, g)
            if predicate == "rdf:type" and asserted:
                self.facts.types.setdefault(subject, []).append(str(value))

    def stated(
        self, source: str, locator: str, subject: str, pairs: list[tuple[str, object]], quote: str | None = None
    ) -> Iterator[ox.Quad]:
        """Facts about ``subject`` that passage ``locator`` of ``source`` states, with the provenance."""
        yield from self.claim(source, locator, quote)
        yield from self.facts_in(self.claim_iri(source, locator), subject, pairs)

    # -- the whole graph --

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the synthetic graph, in a fixed order."""
        yield from self.ontology()
        yield from self.concepts()
        yield from self.actors()
        yield from self.report()
        for year in self.years:
            yield from self.year(year)
        yield from self.partners()
        yield from self.landscape_to_today()
        yield from self.inferred()

    def ontology(self) -> Iterator[ox.Quad]:
        from cybernorms.ontology import ONTOLOGY_FILE

        ox, graph = self.ox, self.node(ONTOLOGY_GRAPH)
        labels: dict[str, Any] = {}  # the parser's blank node ids are random: number them in order

        def stable(term: Any) -> Any:
            if isinstance(term, ox.BlankNode):
                return labels.setdefault(term.value, ox.BlankNode(f"ontology{len(labels) + 1}"))
            return term

        for triple in ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE):
            yield ox.Quad(stable(triple.subject), triple.predicate, stable(triple.object), graph)

    def concepts(self) -> Iterator[ox.Quad]:
        for numeral, label in zip(CATEGORIES, CATEGORY_LABELS, strict=True):
            yield from self.stated("document/ewi-2015", f"categories, item {numeral}", f"category/{numeral}", [
                ("rdf:type", "cn:NormCategory"), ("rdfs:label", self.text(label)),
                ("skos:notation", self.text(numeral)), ("skos:inScheme", "scheme/norm-categories"),
            ])
        for theme in THEMES:
            yield from self.stated("curator", "themes", f"theme/{theme}", [
                ("rdf:type", "cn:Theme"), ("rdfs:label", self.text(theme.replace("-", " "))),
            ])
        yield from self.stated("curator", "roles", "role/member", [
            ("rdf:type", "org:Role"), ("rdfs:label", self.text("member")),
        ])

    def actors(self) -> Iterator[ox.Quad]:
        roster = "document/synth-un-member-states"
        yield from self.document(roster, "UN member states (synthetic roster)", self.years[0], "cn:Document")
        for code in self.codes:
            yield from self.stated(roster, "members", f"state/{code}", [
                ("rdf:type", "cn:State"), ("rdfs:label", self.text(f"Member state {code.upper()}")),
                ("cn:countryCode", self.text(code.upper())),
            ])
        directory = "document/synth-directory"
        yield from self.document(directory, "Directory of organisations (synthetic)", self.years[0], "cn:Document")
        kinds = (("cn:Corporation", self.companies, "companies"), ("cn:NonGovernmentalOrganization",
                 self.societies, "civil society"), ("cn:ResearchInstitute", self.institutes, "research"))
        for cls, ids, section in kinds:
            for index, actor in enumerate(ids):
                home = self.codes[index % len(self.codes)]
                yield from self.stated(directory, section, actor, [
                    ("rdf:type", cls), ("rdfs:label", self.text(f"{section.title()} body {index:03d}")),
                    ("cn:basedIn", f"state/{home}"), ("cn:countryCode", self.text(home.upper())),
                ])
        yield from self.stated(directory, "people", "person/synth-author", [
            ("rdf:type", "cn:Person"), ("rdfs:label", self.text("Synthetic Author")),
            ("cn:affiliation", "org/eastwest-institute"),
        ])
        yield from self.stated(directory, "civil society", "org/eastwest-institute", [
            ("rdf:type", "cn:NonGovernmentalOrganization"), ("rdfs:label", self.text("EastWest Institute")),
            ("cn:basedIn", "state/usa" if "usa" in self.codes else f"state/{self.codes[0]}"),
        ])

    def document(
        self, doc: str, label: str, year: int, cls: str, source: str | None = None, extra: list[tuple[str, Any]] | None = None
    ) -> Iterator[ox.Quad]:
        """A document's title-page facts, stated by itself (or by ``source``)."""
        when = self.some_date(year)
        pairs: list[tuple[str, object]] = [("rdf:type", cls), ("rdfs:label", self.text(label)),
                                           ("dcterms:date", when), ("cn:datePrecision", self.text("day"))]
        yield from self.stated(source or doc, "title page", doc, pairs + (extra or []))

    # -- the report and its reference documents --

    def report(self) -> Iterator[ox.Quad]:
        ewi = "document/ewi-2015"
        yield from self.document(ewi, "Promoting International Cyber Norms: A New Advocacy Forum (synthetic)",
                                 2015, "cn:Document", extra=[("cn:author", "person/synth-author"),
                                                             ("cn:issuedBy", "org/eastwest-institute")])
        for rank, (slug, short, title, when) in enumerate(REFERENCE_DOCUMENTS, 1):
            yield from self.reference_document(rank, slug, short, title, when)
        yield from self.statements(ewi)
        yield from self.proposal(ewi)
        yield from self.gge_and_initiative(ewi)

    def gge_and_initiative(self, ewi: str) -> Iterator[ox.Quad]:
        """The 2014-2015 GGE on two member lists that disagree, and the EWI's initiative with its supporters."""
        gge, page = "forum/un-gge-2014-2015", "document/synth-un-gge-page"
        yield from self.stated(ewi, "footnote 4", gge, [
            ("rdf:type", "cn:Forum"), ("rdfs:label", self.text("UN GGE 2014-2015")),
        ])
        yield from self.document(page, "Group of Governmental Experts (synthetic UN page)", 2015, "cn:Document")
        members = [f"state/{c}" for c in self.codes[:20]]
        for source, locator, listed in ((ewi, "footnote 4", members[:-1]), (page, "members", members[1:])):
            for actor in listed:
                yield from self.membership(gge, actor, source, locator, 2014)
        initiative = "initiative/ewi-global-cooperation-in-cyberspace"
        yield from self.stated(ewi, "supporters", initiative, [
            ("rdf:type", "cn:Initiative"), ("rdfs:label", self.text("Global Cooperation in Cyberspace Initiative")),
            ("cn:runBy", "org/eastwest-institute"),
        ])
        for company in self.companies[: max(2, len(self.companies) // 2)]:
            yield from self.stated(ewi, "supporters", company, [("cn:supports", initiative)])

    def reference_document(self, rank: int, slug: str, short: str, title: str, when: str) -> Iterator[ox.Quad]:
        doc, ewi = f"document/{slug}", "document/ewi-2015"
        year, month, day = (int(part) for part in when.split("-"))
        issuer_id = {
            "CoC": f"state/{self.codes[min(1, len(self.codes) - 1)]}", "USG": f"state/{self.codes[0]}",
            "UNGGE": f"state/{self.codes[-1]}", "Tallinn": self.institutes[0], "MSFT": self.companies[0],
        }[short]
        yield from self.stated(ewi, f"reference documents, item {rank}", doc, [
            ("rdf:type", "cn:ReferenceDocument"), ("cn:shortName", self.text(short)),
            ("rdfs:label", self.text(title)), ("dcterms:title", self.text(title)),
            ("dcterms:date", self.date(year, month, day)), ("cn:datePrecision", self.text("day")),
            ("cn:ordinal", self.integer(rank)), ("cn:issuedBy", issuer_id),
        ])
        self.facts.issued.setdefault(doc, []).append(issuer_id)
        silent = CATEGORIES[rank % 5]  # each document is silent on one category: the gaps
        filed = [c for c in CATEGORIES if c != silent]
        for number in range(1, 9):
            norm = f"norm/{slug}-{number}"
            category = filed[number % len(filed)]
            yield from self.norm(doc, norm, f"({number})", year, f"paragraph {number}")
            if number <= 4:  # the others are carried on by no later instrument (the lineage gaps)
                self.facts.norms_of_reference.append(norm)
            yield from self.stated(ewi, f"Appendix I, category {category}", norm, [("cn:inCategory", f"category/{category}")])

    def norm(self, doc: str, norm: str, notation: str, year: int, locator: str) -> Iterator[ox.Quad]:
        """One norm statement as its document states it (text, category filed by the document, theme)."""
        rng = self.rng
        theme = THEMES[rng.randrange(len(THEMES))]
        text = f"States {rng.choice(VERBS)} {rng.choice(ACTIONS).format(theme=theme.replace('-', ' '))}."
        pairs: list[tuple[str, object]] = [
            ("rdf:type", "cn:NormStatement"), ("cn:text", self.text(text)), ("cn:statedIn", doc),
            ("cn:notation", self.text(notation)), ("cn:theme", f"theme/{theme}"),
            ("cn:inCategory", f"category/{CATEGORIES[rng.randrange(5)]}"),
        ]
        yield from self.stated(doc, locator, norm, pairs)
        self.facts.norms_of.setdefault(doc, []).append(norm)
        self.norms.append((norm, year))

    def statements(self, ewi: str) -> Iterator[ox.Quad]:
        """The report's findings, conclusions, arguments and considerations."""
        for index, (slug, short, _title, _when) in enumerate(REFERENCE_DOCUMENTS):
            category = CATEGORIES[(index + 1) % 5]
            yield from self.stated(ewi, f"Appendix I, category {category}, analysis", f"finding/gap-{slug}", [
                ("rdf:type", "cn:Finding"), ("cn:findingKind", self.text("gap")),
                ("cn:text", self.text(f"{short} says nothing on category {category}.")),
                ("cn:silentIn", f"document/{slug}"), ("cn:about", f"category/{category}"),
            ])
        for number in range(1, 5):
            yield from self.stated(ewi, "Preliminary conclusions", f"conclusion/synth-{number}", [
                ("rdf:type", "cn:Conclusion"), ("cn:ordinal", self.integer(number)),
                ("cn:text", self.text(f"Synthetic preliminary conclusion {number}.")),
            ])
        for number, stance in enumerate(("for", "for", "against", "against"), 1):
            yield from self.stated(ewi, "Arguments", f"argument/synth-{number}", [
                ("rdf:type", "cn:Argument"), ("cn:stance", self.text(stance)), ("cn:ordinal", self.integer(number)),
                ("cn:text", self.text(f"Synthetic argument {number} {stance} the forum.")),
            ])
        for number in range(1, 4):
            yield from self.stated(ewi, "Dangerous considerations", f"consideration/synth-{number}", [
                ("rdf:type", "cn:Consideration"), ("cn:ordinal", self.integer(number)),
                ("cn:text", self.text(f"Synthetic consideration {number}.")),
            ])

    def proposal(self, ewi: str) -> Iterator[ox.Quad]:
        """The proposed forum, its characteristics, Bergsmo's factors and Broitman's measures."""
        forum = "forum/synth-advocacy-forum"
        characteristics = [f"characteristic/synth-{n}" for n in range(1, 6)]
        yield from self.stated(ewi, "The proposed forum", forum, [
            ("rdf:type", "cn:ProposedForum"), ("rdfs:label", self.text("NGO-led norms advocacy forum (synthetic)")),
            ("cn:proposedIn", ewi), *[("cn:hasCharacteristic", c) for c in characteristics],
        ])
        for number, characteristic in enumerate(characteristics, 1):
            pairs: list[tuple[str, object]] = [
                ("rdf:type", "cn:Characteristic"), ("cn:ordinal", self.integer(number)),
                ("cn:text", self.text(f"Synthetic characteristic {number}.")),
                ("rdfs:label", self.text(f"synthetic characteristic {number}")),
            ]
            if number == 1:
                pairs += [("rdf:type", "cn:SupportRequirement"), ("cn:minimumCount", self.integer(3)),
                          ("cn:requiredGroup", "stakeholder-group/private-sector")]
            if number == 2:
                pairs += [("rdf:type", "cn:FundingRequirement")]
            yield from self.stated(ewi, "The proposed forum, characteristics", characteristic, pairs)
        yield from self.realisation(forum, characteristics)
        for number in range(1, 7):
            factor, campaign = f"factor/bergsmo-{number}", f"campaign/synth-{number}"
            yield from self.stated(ewi, "Bergsmo's factors", factor, [
                ("rdf:type", "cn:SuccessFactor"), ("cn:ordinal", self.integer(number)),
                ("cn:text", self.text(f"Synthetic success factor {number}.")),
            ])
            yield from self.stated(ewi, "Bergsmo's factors", campaign, [
                ("rdf:type", "cn:NormCampaign"), ("rdfs:label", self.text(f"Synthetic campaign {number}")),
                ("cn:exemplifies", factor), ("cn:runBy", self.societies[number % len(self.societies)]),
            ])
        slides = "document/synth-broitman-slides"
        yield from self.document(slides, "Pre-normative approaches (synthetic slides)", 2015, "cn:Document")
        kinds = ("cn:PreNormativeMeasure", "cn:ConfidenceBuildingMeasure", "cn:CapacityBuilding", "cn:SectorAgreement")
        for number, kind in enumerate(kinds, 1):
            outcome = f"outcome/synth-{number}"
            yield from self.stated(slides, f"slide {number}", outcome, [
                ("rdf:type", "cn:Outcome"), ("rdfs:label", self.text(f"synthetic outcome {number}")),
            ])
            yield from self.stated(slides, f"slide {number}", f"measure/synth-{number}", [
                ("rdf:type", kind), ("rdfs:label", self.text(f"synthetic measure {number}")),
                ("cn:leadsTo", outcome), ("cn:proposedBy", "person/synth-author"),
            ])

    def realisation(self, proposed: str, characteristics: list[str]) -> Iterator[ox.Quad]:
        """A later forum that realised the proposal (the GCSC), its backers and its evaluation."""
        gcsc, news = "forum/gcsc", "document/synth-gcsc-launch"
        launched = min(max(self.years[0], 2017), self.years[-1])
        yield from self.document(news, "Launch of the Global Commission (synthetic news)", launched, "cn:Document")
        yield from self.stated(news, "paragraph 1", gcsc, [
            ("rdf:type", "cn:Forum"), ("rdfs:label", self.text("Global Commission on the Stability of Cyberspace")),
        ])
        yield from self.stated(news, "paragraph 1", proposed, [("cn:realizedBy", gcsc)])
        for backer in self.companies[:3] + [f"state/{c}" for c in self.codes[:2]]:
            yield from self.stated(news, "paragraph 2", f"endorsement/{backer.rsplit('/', 1)[-1]}/gcsc", [
                ("rdf:type", "cn:Endorsement"), ("cn:endorser", backer), ("cn:endorsed", gcsc),
                ("dcterms:date", self.some_date(launched)), ("cn:supportRole", self.text("backer")),
            ])
        verdicts = ("met", "partly met", "not met", "unknown", "met")
        for number, (characteristic, verdict) in enumerate(zip(characteristics, verdicts, strict=True), 1):
            yield from self.stated("curator", "GCSC evaluation", f"evaluation/gcsc-{number}", [
                ("rdf:type", "cn:Evaluation"), ("cn:evaluatedForum", gcsc),
                ("cn:evaluatedCharacteristic", characteristic), ("cn:verdict", self.text(verdict)),
                ("rdfs:comment", self.text(f"Synthetic reason for '{verdict}'.")),
            ])

    # -- one year --

    def year(self, year: int) -> Iterator[ox.Quad]:
        yield from self.new_forums(year)
        yield from self.memberships(year)
        statements: list[str] = []
        for code in self.codes:  # every state speaks every year, in one or two forums
            for part in range(1 if self.rng.random() < 0.5 else 2):
                doc = yield from self.national_statement(code, year, part)
                statements.append(doc)
        yield from self.alignments(year)
        yield from self.endorsements(year, statements)
        yield from self.sessions(year)

    def new_forums(self, year: int) -> Iterator[ox.Quad]:
        count = 3 if year == self.years[0] else (1 if year % 2 == 0 else 0)
        for _ in range(count):
            number = len(self.forums) + 1
            forum = f"forum/synth-{number:03d}"
            charter = f"document/synth-forum-{number:03d}-charter"
            yield from self.document(charter, f"Charter of forum {number}", year, "cn:Document")
            yield from self.stated(charter, "article 1", forum, [
                ("rdf:type", "cn:Forum"), ("rdfs:label", self.text(f"Synthetic forum {number:03d}")),
            ])
            self.forums.append((forum, year))

    def memberships(self, year: int) -> Iterator[ox.Quad]:
        """Members joining each forum this year, stated by the forum's roster (and a press source)."""
        for forum, founded in self.forums:
            number = forum.rsplit("-", 1)[-1]
            roster = f"document/synth-forum-{number}-members"
            if founded == year:
                yield from self.document(roster, f"Members of forum {number}", year, "cn:Document")
            joiners = self.joiners(forum, founded == year)
            for actor in joiners:
                yield from self.membership(forum, actor, roster, f"members {year}", year)
            if int(number) % 3 == 1 and founded == year:  # a press source that lists members differently
                press = f"document/synth-forum-{number}-press"
                yield from self.document(press, f"Press report on forum {number}", year, "cn:Document")
                listed = joiners[:2] + [f"state/{self.codes[-1]}"]
                for actor in dict.fromkeys(listed):
                    yield from self.membership(forum, actor, press, "paragraph 2", year)

    def joiners(self, forum: str, founding: bool) -> list[str]:
        current = self.facts.members.setdefault(forum, {})
        pool = [f"state/{c}" for c in self.codes] + self.companies + self.societies
        free = [a for a in pool if a not in current]
        size = max(3, len(self.codes) // 6) if founding else self.rng.randint(0, max(1, len(self.codes) // 25))
        chosen = self.rng.sample(free, min(size, len(free)))
        if founding and forum.endswith("001") and "state/usa" in free and "state/usa" not in chosen:
            chosen.append("state/usa")
        if founding and int(forum.rsplit("-", 1)[-1]) % 2 == 1:  # multi-stakeholder forums
            chosen += [a for a in (self.companies[0], self.societies[0]) if a not in chosen]
        return chosen

    def membership(self, forum: str, actor: str, source: str, locator: str, year: int) -> Iterator[ox.Quad]:
        slug = f"{forum.rsplit('/', 1)[-1]}/{actor.rsplit('/', 1)[-1]}/{source.rsplit('/', 1)[-1]}"
        member, period, start = f"membership/{slug}", f"membership/{slug}/period", f"membership/{slug}/start"
        pairs: list[tuple[str, object]] = [
            ("rdf:type", "org:Membership"), ("org:member", actor), ("org:organization", forum),
            ("org:role", "role/member"), ("org:memberDuring", period),
        ]
        yield from self.stated(source, locator, member, pairs)
        graph = self.claim_iri(source, locator)
        yield from self.facts_in(graph, period, [("rdf:type", "time:Interval"), ("time:hasBeginning", start)])
        yield from self.facts_in(graph, start, [("rdf:type", "time:Instant"), ("time:inXSDDate", self.some_date(year))])
        kind = "state" if actor.startswith("state/") else ("company" if actor in self.companies else "society")
        self.facts.members.setdefault(forum, {})[actor] = kind

    def national_statement(self, code: str, year: int, part: int) -> _Generator[ox.Quad, None, str]:
        doc = f"document/{code}-statement-{year}" + (f"-{part + 1}" if part else "")
        forum = self.forums[self.rng.randrange(len(self.forums))][0]
        yield from self.document(doc, f"National statement of {code.upper()}, {year}", year, "cn:Document", extra=[
            ("cn:shortName", self.text(f"{code.upper()} {year}" + (f"/{part + 1}" if part else ""))),
            ("cn:issuedBy", f"state/{code}"),
            ("cn:presentedIn", forum),
        ])
        self.facts.issued.setdefault(doc, []).append(f"state/{code}")
        for number in range(1, self.rng.randint(3, 7) + 1):
            norm = f"norm/{doc.rsplit('/', 1)[-1].replace('-statement', '')}-{number}"
            yield from self.norm(doc, norm, f"({number})", year, f"section {1 + number // 4}")
        return doc

    def alignments(self, year: int) -> Iterator[ox.Quad]:
        review = f"document/synth-review-{year}"
        yield from self.document(review, f"Annual review of cyber norms, {year}", year, "cn:Document")
        this_year = [n for n, y in self.norms if y == year]
        earlier = [n for n, y in self.norms if y <= year]
        references = self.facts.norms_of_reference
        for index, norm in enumerate(this_year[: max(1, len(this_year) // 3)]):
            # every tenth carries a norm of the reference documents on (the lineage of the 2015 norms)
            other = references[index % len(references)] if index % 10 == 0 else self.rng.choice(earlier)
            if other == norm or (norm, other) in self._pairs:
                continue
            self._pairs.add((norm, other))
            relation = (("continues", "narrower", "broader")[year % 3] if index % 10 == 0
                        else "in-tension" if index % 10 == 1 else RELATIONS[self.rng.randrange(len(RELATIONS))])
            source, locator = (review, f"alignments, {index // 10 + 1}") if index % 4 else ("curator", f"alignments {year}")
            alignment = f"alignment/{norm.rsplit('/', 1)[-1]}--{other.rsplit('/', 1)[-1]}"
            quote = f"Synthetic passage on alignments of {year}." if source == review else None
            yield from self.stated(source, locator, alignment, [
                ("rdf:type", "cn:Alignment"), ("cn:fromNorm", norm), ("cn:toNorm", other),
                ("cn:relation", f"alignment-relation/{relation}"),
                ("cn:rationale", self.text(f"Synthetic rationale: {relation.replace('-', ' ')}.")),
            ], quote)
            self.facts.aligned.append((norm, other, relation))

    def endorsements(self, year: int, statements: list[str]) -> Iterator[ox.Quad]:
        if not statements:
            return
        endorsers = [f"state/{c}" for c in self.codes] + self.companies + self.societies
        for index, endorser in enumerate(endorsers[:: max(1, len(endorsers) // 3)]):  # subscribing to a 2015 norm
            norm = self.facts.norms_of_reference[(year + index) % len(self.facts.norms_of_reference)]
            slug = f"{endorser.rsplit('/', 1)[-1]}/{norm.rsplit('/', 1)[-1]}-{year}"
            yield from self.stated(f"document/synth-review-{year}", "subscriptions", f"endorsement/{slug}", [
                ("rdf:type", "cn:Endorsement"), ("cn:endorser", endorser), ("cn:endorsed", norm),
                ("dcterms:date", self.some_date(year)), ("cn:supportRole", self.text("subscriber")),
            ])
        for endorser in endorsers:
            picks = min(len(statements), 2 if endorser.startswith("state/") else 1)
            for doc in self.rng.sample(statements, picks):
                slug = f"{endorser.rsplit('/', 1)[-1]}/{doc.rsplit('/', 1)[-1]}"
                yield from self.stated(doc, "signatories", f"endorsement/{slug}", [
                    ("rdf:type", "cn:Endorsement"), ("cn:endorser", endorser), ("cn:endorsed", doc),
                    ("dcterms:date", self.some_date(year)),
                    ("cn:supportRole", self.text(ROLES[self.rng.randrange(len(ROLES))])),
                ])

    def sessions(self, year: int) -> Iterator[ox.Quad]:
        for forum, founded in self.forums:
            number = forum.rsplit("-", 1)[-1]
            report = f"document/synth-forum-{number}-report-{year}"
            members = [a for a, kind in self.facts.members.get(forum, {}).items() if kind == "state"]
            reaffirms = f"document/{REFERENCE_DOCUMENTS[(year + int(number)) % 2][0]}"
            yield from self.document(report, f"Report of forum {number}, {year}", year, "cn:Document",
                                     extra=[("cn:presentedIn", forum), ("cn:endorses", reaffirms)])
            yield from self.stated(report, "session", f"event/{year}-synth-forum-{number}-session", [
                ("rdf:type", "cn:Event"), ("rdfs:label", self.text(f"Session of forum {number}, {year}")),
                ("dcterms:date", self.some_date(year)), ("cn:datePrecision", self.text("day")),
                ("cn:partOf", forum), ("cn:produced", report),
                *[("cn:involves", a) for a in members[:3]],
            ])

    # -- partners and inferences --

    def partners(self) -> Iterator[ox.Quad]:
        """Partner graphs: the Paris Call's supporters, and endorsements other partners collected."""
        call = "document/paris-call-2018"
        yield from self.stated(call, "title page", call, [
            ("rdf:type", "cn:Document"), ("rdfs:label", self.text("Paris Call for Trust and Security in Cyberspace")),
            ("dcterms:date", self.date(2018, 11, 12)), ("cn:datePrecision", self.text("day")),
        ])
        signers = [f"state/{c}" for c in self.codes[::2]] + self.companies[::2] + self.societies[::2]
        quads: list[ox.Quad] = []
        for index, actor in enumerate(signers):
            dated = [("dcterms:date", self.date(2018, 11, 12))] if index % 3 else []
            quads.extend(self.facts_in(PARTNER_GRAPH_PREFIX + "paris-call", f"endorsement/paris-call/{actor.rsplit('/', 1)[-1]}", [
                ("rdf:type", "cn:Endorsement"), ("cn:endorser", actor), ("cn:endorsed", call),
                ("cn:supportRole", self.text("supporter")), *dated,
            ]))
        yield from self.partner_graph("paris-call", quads)
        statements = [doc for doc in self.facts.norms_of if "-statement-" in doc]
        for number in range(1, max(1, len(self.years) // 5) + 1):
            name = f"synth-partner-{number}"
            quads = []
            for society in self.societies:
                doc = self.rng.choice(statements) if statements else "document/ewi-2015"
                quads.extend(self.facts_in(PARTNER_GRAPH_PREFIX + name, f"endorsement/{name}/{society.rsplit('/', 1)[-1]}", [
                    ("rdf:type", "cn:Endorsement"), ("cn:endorser", society), ("cn:endorsed", doc),
                    ("dcterms:date", self.some_date(self.years[-1])),
                    ("cn:supportRole", self.text("supporter")),
                ]))
            yield from self.partner_graph(name, quads)

    def landscape_to_today(self) -> Iterator[ox.Quad]:
        """The 2021-2026 instruments the named queries ask about, with the curated graph's ids and no
        randomness (the rest of the graph is unchanged): two OEWG progress reports, the second
        reaffirming the first and the first the 2015 report; the Cybercrime Convention with two
        sources' signatory counts that disagree, and a statement about it naming a Paris Call supporter."""
        first, second = "document/oewg-2022-first-apr", "document/oewg-2023-second-apr"
        yield from self.stated(first, "title page", first, [
            ("rdf:type", "cn:Document"), ("rdfs:label", self.text("First annual progress report of the OEWG 2021-2025")),
            ("dcterms:date", self.date(2022, 7, 29)), ("cn:datePrecision", self.text("day")),
            ("cn:endorses", "document/ungge-2015"),
        ])
        yield from self.stated(second, "title page", second, [
            ("rdf:type", "cn:Document"), ("rdfs:label", self.text("Second annual progress report of the OEWG 2021-2025")),
            ("dcterms:date", self.date(2023, 7, 1)), ("cn:datePrecision", self.text("month")),
            ("cn:endorses", first),
        ])
        convention = "document/un-convention-against-cybercrime"
        yield from self.stated(convention, "title page", convention, [
            ("rdf:type", "cn:Document"), ("rdfs:label", self.text("United Nations Convention against Cybercrime")),
            ("dcterms:date", self.date(2024, 12, 24)), ("cn:datePrecision", self.text("day")),
            ("cn:openForSignatureFrom", self.date(2025, 10, 25)), ("cn:openForSignatureUntil", self.date(2026, 12, 31)),
        ])
        for name, count, qualifier in (("synth-news-a", 72, "exactly"), ("synth-news-b", 60, "around")):
            source = f"document/{name}"
            yield from self.stated(source, "page", source, [
                ("rdf:type", "cn:Document"), ("rdfs:label", self.text(f"Signatories of the Convention ({name})")),
            ])
            yield from self.stated(source, "signatories", f"tally/un-convention-against-cybercrime/{name}", [
                ("rdf:type", "cn:Tally"), ("rdfs:label", self.text(f"Signatories of the Convention ({name})")),
                ("cn:tallyOf", convention), ("cn:tallyCount", self.integer(count)),
                ("cn:countedGroup", self.text("states")), ("cn:countQualifier", self.text(qualifier)),
            ])
        supporter = f"state/{self.codes[0]}"  # a Paris Call endorser (partners(): every other state from the first)
        yield from self.stated("document/synth-news-a", "who signed", "statement/synth-convention-signatory", [
            ("rdf:type", "cn:Statement"), ("rdfs:label", self.text("A state signed the Convention")),
            ("cn:text", self.text("The state signed the Convention at the ceremony.")),
            ("cn:about", convention), ("cn:about", supporter),
        ])
        # A curated source naming that endorsement too, as the curated graph holds the US and EU
        # endorsements: the default graph is curated facts only, so the partner's list alone would
        # leave the Paris Call queries empty unless asked with the partners' graphs.
        yield from self.stated("document/synth-news-a", "who endorsed", f"endorsement/synth-news-a/{self.codes[0]}", [
            ("rdf:type", "cn:Endorsement"), ("cn:endorser", supporter), ("cn:endorsed", "document/paris-call-2018"),
            ("dcterms:date", self.date(2018, 11, 12)), ("cn:supportRole", self.text("supporter")),
        ])

    def partner_graph(self, name: str, quads: list[ox.Quad]) -> Iterator[ox.Quad]:
        """One partner's quads, with the description of its import in the provenance graph."""
        ox, graph = self.ox, PARTNER_GRAPH_PREFIX + name
        data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
        meta, g = self.node(PROVENANCE_GRAPH), self.node(graph)
        yield ox.Quad(g, self.node("rdf:type"), self.node("cn:PartnerGraph"), meta)
        yield ox.Quad(g, self.node("cn:fileName"), self.text(f"{name}.nq"), meta)
        yield ox.Quad(g, self.node("cn:sha256"), self.text(hashlib.sha256(data).hexdigest()), meta)
        yield from quads

    def inferred(self) -> Iterator[ox.Quad]:
        """What the ontology's axioms entail for the generated facts (see the module's description)."""
        graph = INFERRED_GRAPH
        supers = _superclasses()
        groups = {
            CN + "State": "states", CN + "Corporation": "private-sector",
            CN + "NonGovernmentalOrganization": "civil-society", CN + "ResearchInstitute": "technical-academic",
        }
        for subject, classes in self.facts.types.items():
            named = [self.node(c).value for c in classes]
            implied = sorted({s for c in named for s in supers.get(c, ())} - set(named))
            yield from self.facts_in(graph, subject, [("rdf:type", c) for c in implied])
            for cls in named:
                if cls in groups:
                    yield from self.facts_in(graph, subject, [("cn:stakeholderGroup", f"stakeholder-group/{groups[cls]}")])
        for forum, members in self.facts.members.items():
            for actor in members:
                yield from self.facts_in(graph, actor, [("cn:participatesIn", forum), ("org:memberOf", forum)])
                yield from self.facts_in(graph, forum, [("cn:hasParticipant", actor)])
            if {"state", "company", "society"} <= set(members.values()):
                yield from self.facts_in(graph, forum, [("rdf:type", "cn:MultiStakeholderForum")])
        yield from self.inferred_proposing(graph)
        contested: dict[str, None] = {}
        for source, target, relation in self.facts.aligned:
            yield from self.facts_in(graph, source, [("cn:alignedWith", target)])
            yield from self.facts_in(graph, target, [("cn:alignedWith", source)])
            if relation == "in-tension":
                contested.update(dict.fromkeys((source, target)))
        for norm in contested:
            yield from self.facts_in(graph, norm, [("rdf:type", "cn:ContestedNorm")])

    def inferred_proposing(self, graph: str) -> Iterator[ox.Quad]:
        entrepreneurs: dict[str, None] = {}
        for doc, issuers in self.facts.issued.items():
            for actor in dict.fromkeys(issuers):
                yield from self.facts_in(graph, doc, [("prov:wasAttributedTo", actor)])
                for norm in self.facts.norms_of.get(doc, []):
                    yield from self.facts_in(graph, actor, [("cn:proposes", norm)])
                    entrepreneurs[actor] = None
        for actor in entrepreneurs:
            yield from self.facts_in(graph, actor, [("rdf:type", "cn:NormEntrepreneur")])


def _superclasses() -> dict[str, set[str]]:
    """Every named class of the ontology with all its named superclasses (transitive)."""
    import pyoxigraph as ox

    from cybernorms.ontology import ONTOLOGY_FILE

    direct: dict[str, set[str]] = {}
    sub_class_of = PREFIXES["rdfs"] + "subClassOf"
    for triple in ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE):
        if triple.predicate.value == sub_class_of and isinstance(triple.object, ox.NamedNode) \
                and isinstance(triple.subject, ox.NamedNode):
            direct.setdefault(triple.subject.value, set()).add(triple.object.value)
    closed: dict[str, set[str]] = {}
    for cls in direct:
        seen: set[str] = set()
        todo = list(direct[cls])
        while todo:
            parent = todo.pop()
            if parent not in seen:
                seen.add(parent)
                todo.extend(direct.get(parent, ()))
        closed[cls] = seen
    return closed


def write(path: Path, states: int, years: int, seed: int = 0) -> int:
    """Write the synthetic graph to ``path`` (N-Quads, or TriG for ``.trig``); return the quads written."""
    import pyoxigraph as ox

    syntax = formats.by_extension(path.suffix)
    if syntax is None or not syntax.datasets or syntax.compacted:  # streamed: N-Quads or TriG
        raise UsageError(f"synth writes a dataset: give --out a .nq or .trig file, not {path.name}")
    rdf_format = syntax.rdf_format
    counter = [0]

    def counted() -> Iterator[ox.Quad]:
        for quad in Generator(states, years, seed).quads():
            counter[0] += 1
            yield quad

    prefixes = dict(PREFIXES) if rdf_format == ox.RdfFormat.TRIG else None
    with atomic_target(path) as tmp:
        ox.serialize(counted(), output=str(tmp), format=rdf_format, prefixes=prefixes)
    return counter[0]


def synthetic_store_of_size(triples: float, seed: int = 0) -> OxigraphStore:
    """A memory store holding a synthetic graph of about ``triples`` statements (:func:`plan_for`), each fact
    also in its default graph."""
    import tempfile

    from cybernorms.graph.store.embedded import OxigraphStore as Memory

    states, years = plan_for(triples)
    store = Memory.memory()
    with tempfile.TemporaryDirectory(prefix="cybernorms-synth-") as folder:
        path = Path(folder) / "synthetic.nq"
        write(path, states, years, seed)
        import pyoxigraph

        store.engine.bulk_load(path=str(path), format=pyoxigraph.RdfFormat.N_QUADS)
    store.derive_facts()
    return store

"""The supporters of the Paris Call as a partner's dataset: from the CSV to RDF, then through the import gate.

Source: ``data/paris-call-supporters.csv`` beside this module (its notes in ``data/README.md``), extracted
from the public repository ``ambanum/pariscall.international`` (``_supporters/``, EUPL 1.2): 1,222 supporters with a
category, a nationality (ISO 3166-1 alpha-3) and, for 138, a date of signature. The data is a
partner's: real and imperfect, so it is converted as it is and every imperfection is reported
(:class:`Report`), never dropped silently.

The conversion writes two Turtle files, each imported as its own partner graph:

* ``iso-3166.ttl`` (graph ``partner/iso-3166``): the states the nationalities name that the
  curated graph does not hold yet, ``cn:State`` with their ISO 3166-1 alpha-3 code and their
  name from the ISO 3166 database of ``pycountry``; its provenance names ``document/iso-3166-1`` as its
  ``dcterms:source`` (written by the gate, since a partner graph states nothing about a graph);
* ``paris-call.ttl`` (graph ``partner/paris-call``): each supporter typed by its category
  (:data:`CATEGORY_CLASSES`), labelled, ``cn:basedIn`` the state of its nationality (a public
  authority also ``cn:governmentOf`` it), and a ``cn:Endorsement`` of ``document/paris-call-2018``
  with the role "supporter" and ``dcterms:date`` where the data gives one; its provenance's
  ``dcterms:source`` is ``document/pariscall-international-repository``.

A state supporter is the state itself (``state/<iso3>``). Another supporter that is already an
actor of the curated graph (same name once accents, case, a leading "The" and a bracketed
abbreviation are set aside, or :data:`NAME_CROSSWALK`) is that actor: its signature is added, its
curated type is kept. Any other supporter gets ``org/paris-call/<its CSV id>``.

Every build admits both graphs of the shipped list through the gate (:mod:`cybernorms.graph.partners.shipped`).
``cybernorms paris-call import CSV --replace`` converts and imports a newer list in their place (the import
gate checks them against the SHACL shapes and the reasoner); ``cybernorms paris-call convert CSV --out DIR``
only writes them, for ``cybernorms import DIR/iso-3166.ttl --graph iso-3166`` and then
``cybernorms import DIR/paris-call.ttl --graph paris-call``.
"""

from __future__ import annotations

import csv
import datetime as _dt
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from cybernorms.errors import UsageError
from cybernorms.namespaces import CN, ID, PARTNER_GRAPH_PREFIX, PREFIXES


def slug(text: str) -> str:
    """:func:`cybernorms.graph.build.compile.slug`, imported when used: compile imports yaml, which
    the command line's start-up (it builds every command's options from here) should not pay."""
    from cybernorms.graph.build.compile import slug as compile_slug

    return compile_slug(text)


if TYPE_CHECKING:
    from cybernorms.graph.partners.gate import ImportResult
    from cybernorms.graph.partners.safe_parse import ParsedFile

__all__ = [
    "CATEGORY_CLASSES",
    "CODE_CORRECTIONS",
    "NAME_CROSSWALK",
    "Conversion",
    "Report",
    "convert",
    "import_supporters",
    "read_graphs",
]

STATES_GRAPH = "iso-3166"
SUPPORTERS_GRAPH = "paris-call"
#: How the gate names what this reader read (``parsed ... as paris-call-csv``).
READER_KIND = "paris-call-csv"
PARIS_CALL = ID + "document/paris-call-2018"
REPOSITORY = ID + "document/pariscall-international-repository"
ISO_3166 = ID + "document/iso-3166-1"
COLUMNS = ("id", "name", "category", "nature", "nationality", "date_signed")
#: The language tag of a supporter's name: each is written in its own organisation's language (English,
#: French, Spanish, ...), which the data does not say, so it is "und", undetermined (BCP 47, section 4.1;
#: ISO 639-2). The states' names in the CSV are French (``skos:altLabel`` tagged ``fr``); the
#: ``nature`` column is French too (``dcterms:description`` tagged ``fr``).
NAME_LANGUAGE = "und"

#: The class of each category of the data; an empty category is an actor of no known kind.
CATEGORY_CLASSES: dict[str, str] = {
    "state": CN + "State",
    "private-sector": CN + "Corporation",
    "civil-society": CN + "CivilSocietyOrganization",
    "public-authority": CN + "GovernmentBody",
    "": CN + "Actor",
}
#: The ontology's pairwise disjoint actor classes (owl:AllDisjointClasses), and their subclasses.
_DISJOINT = {
    CN + "State": {CN + "State"},
    CN + "GovernmentBody": {CN + "GovernmentBody"},
    CN + "IntergovernmentalOrganization": {CN + "IntergovernmentalOrganization"},
    CN + "Corporation": {CN + "Corporation"},
    CN + "CivilSocietyOrganization": {CN + "CivilSocietyOrganization", CN + "NonGovernmentalOrganization"},
    CN + "Person": {CN + "Person"},
}

#: Nationality codes of the data that are not ISO 3166-1 alpha-3, read as the code the row means.
#: Each correction is reported, and noted on the supporter's endorsement.
CODE_CORRECTIONS: dict[str, tuple[str, str]] = {
    "ROM": ("ROU", "ROM is not an ISO 3166-1 code (Romania's is ROU); the rows are Romanian bodies"),
    "MTG": ("MNE", "MTG is not an ISO 3166-1 code; the row is the state 'Monténégro' (MNE)"),
    "SCG": ("SRB", ("SCG was Serbia and Montenegro, withdrawn from ISO 3166-1 in 2006; the row is the "
                    "state 'Serbie' (SRB)")),
}

#: Supporters that are curated actors under another name (the curators' identification).
NAME_CROSSWALK: dict[str, str] = {
    "huawei-private-sector-CHN": "org/huawei-technologies",  # "Huawei"; the EWI supporters page's "Huawei Technologies"
    "nxp-private-sector-NLD": "org/nxp-semiconductors",  # "NXP"; the EWI supporters page's "NXP Semiconductors"
    "hp_inc-private-sector-USA": "org/hp",  # "HP Inc"; the Tech Accord's "HP", named apart from HPE
}

_RDF_TYPE = PREFIXES["rdf"] + "type"
_LABEL = PREFIXES["rdfs"] + "label"
_XSD_DATE = PREFIXES["xsd"] + "date"


@dataclass(frozen=True)
class Supporter:
    """One row of the data, its values stripped of stray spaces."""

    id: str
    name: str
    category: str
    nature: str
    nationality: str
    date_signed: str


@dataclass
class Report:
    """What the conversion did and every imperfection of the data it met."""

    rows: int = 0
    categories: Counter[str] = field(default_factory=Counter)
    dated: int = 0
    stray_spaces: Counter[str] = field(default_factory=Counter)
    no_category: list[str] = field(default_factory=list)
    no_nationality: list[str] = field(default_factory=list)
    corrected_codes: Counter[str] = field(default_factory=Counter)
    unknown_codes: list[str] = field(default_factory=list)
    bad_dates: list[str] = field(default_factory=list)
    no_state: list[str] = field(default_factory=list)
    matched: list[tuple[str, str]] = field(default_factory=list)
    type_conflicts: list[str] = field(default_factory=list)
    new_states: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report as the command prints it."""
        kinds = ", ".join(f"{n} {k or 'uncategorised'}" for k, n in sorted(self.categories.items()))
        out = [f"{self.rows} supporters ({kinds}); {self.dated} with a date of signature"]
        out += _listed("curated actors they are", [f"{row} -> {iri}" for row, iri in self.matched])
        out.append(f"{len(self.new_states)} states added from ISO 3166 (pycountry): {', '.join(self.new_states)}")
        out.append("imperfections of the data:")
        spaces = ", ".join(f"{n} in {col}" for col, n in sorted(self.stray_spaces.items()))
        out.append(f"  stray spaces stripped: {spaces or 'none'}")
        out += _listed("  no category (typed cn:Actor only)", self.no_category)
        out += _listed("  no nationality (no cn:basedIn)", self.no_nationality)
        for code, n in sorted(self.corrected_codes.items()):
            target, why = CODE_CORRECTIONS[code]
            out.append(f"  nationality {code} read as {target} in {n} rows: {why}")
        out += _listed("  nationality not an ISO 3166-1 alpha-3 code (no cn:basedIn)", self.unknown_codes)
        out += _listed("  public authority or state with no state code (typed cn:Actor only)", self.no_state)
        out += _listed("  date of signature not a date (left out)", self.bad_dates)
        out += _listed("  category at odds with the curated type (curated type kept)", self.type_conflicts)
        return out


def _listed(title: str, items: list[str]) -> list[str]:
    return [f"{title}: {len(items)}", *(f"    {item}" for item in items)] if items else [f"{title}: none"]


@dataclass
class Conversion:
    """The two graphs of a conversion, as triples, and its report."""

    states: list[ox.Triple]
    supporters: list[ox.Triple]
    report: Report


# -- reading --


def read_supporters(path: Path, report: Report) -> list[Supporter]:
    """The rows of the CSV at ``path``, stripped, counting the stray spaces in ``report``."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if tuple(reader.fieldnames or ()) != COLUMNS:
                raise UsageError(f"{path}: expected the columns {', '.join(COLUMNS)}, got {reader.fieldnames}")
            rows = list(reader)
    except FileNotFoundError:
        raise UsageError(f"no such file: {path}") from None
    supporters = []
    for row in rows:
        for column in COLUMNS:
            if row[column] != row[column].strip():
                report.stray_spaces[column] += 1
        supporters.append(Supporter(*(row[column].strip() for column in COLUMNS)))
    report.rows = len(supporters)
    return supporters


@dataclass
class Curated:
    """What the curated graph already holds: actors by normalised name, their types, state codes."""

    by_name: dict[str, set[str]]
    types: dict[str, set[str]]
    states: set[str]


def curated_actors() -> Curated:
    """The actors of the packaged curated data (compiled afresh: no build, no cache)."""
    from cybernorms.graph.build.dataset import DATA_DIR
    from cybernorms.ontology import ONTOLOGY_FILE
    from cybernorms.graph.build.compile import compile_directory

    curated = Curated({}, {}, set())
    names = {_LABEL, PREFIXES["skos"] + "altLabel"}
    for quad in compile_directory(DATA_DIR, ONTOLOGY_FILE):
        subject, predicate, value = _value(quad.subject), quad.predicate.value, _value(quad.object)
        if predicate == _RDF_TYPE:
            curated.types.setdefault(subject, set()).add(value)
        elif predicate in names and subject.startswith(ID + "org/"):
            curated.by_name.setdefault(name_key(value), set()).add(subject)
        elif predicate == CN + "countryCode" and subject.startswith(ID + "state/"):
            curated.states.add(value)
    return curated


def name_key(name: str) -> str:
    """A name compared loosely: no accents, case, leading "The", bracketed part or punctuation."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


# -- converting --


def convert(path: Path) -> Conversion:
    """Convert the CSV at ``path``: the states to add, the supporters, and the report."""
    report = Report()
    supporters = read_supporters(path, report)
    curated = curated_actors()
    codes = {row.id: _code(row, report) for row in supporters}
    needed = sorted({code for code in codes.values() if code and code not in curated.states})
    states = list(_state_triples(needed, report))
    triples: list[ox.Triple] = []
    for row in supporters:
        report.categories[row.category] += 1
        triples += _supporter_triples(row, codes[row.id], curated, report)
    return Conversion(states, triples, report)


def _code(row: Supporter, report: Report) -> str | None:
    """The ISO 3166-1 alpha-3 code of a row's nationality, corrected or None, reporting why."""
    import pycountry

    code = row.nationality
    if not code:
        report.no_nationality.append(f"{row.id} ({row.name}, {row.category or 'uncategorised'})")
        return None
    if code in CODE_CORRECTIONS:
        report.corrected_codes[code] += 1
        code = CODE_CORRECTIONS[code][0]
    if pycountry.countries.get(alpha_3=code) is None:
        report.unknown_codes.append(f"{row.id} ({row.name}): {row.nationality!r}")
        return None
    return code


def _state_triples(codes: Iterable[str], report: Report) -> Iterator[ox.Triple]:
    """The states the curated graph lacks, labelled by pycountry, derived from ISO 3166-1."""
    import pycountry

    for code in codes:
        country = pycountry.countries.get(alpha_3=code)  # every code was checked by _code
        name = str(getattr(country, "common_name", None) or getattr(country, "name", code))
        iri = _state(code)
        yield _triple(iri, _RDF_TYPE, ox.NamedNode(CN + "State"))
        yield _triple(iri, _LABEL, ox.Literal(name, language="en"))
        yield _triple(iri, CN + "countryCode", ox.Literal(code))
        report.new_states.append(f"{code} {name}")


def _supporter_triples(row: Supporter, code: str | None, curated: Curated, report: Report) -> list[ox.Triple]:
    """One supporter: who it is (its actor's IRI and facts) and its endorsement of the Call."""
    if row.category == "state" and code:
        actor, facts = _state(code), [_triple(_state(code), PREFIXES["skos"] + "altLabel", ox.Literal(row.name, language="fr"))]
    else:
        actor, facts = _actor(row, code, curated, report)
    if not row.category:
        report.no_category.append(f"{row.id} ({row.name})")
    return facts + [_triple(actor, CN + "supports", ox.NamedNode(PARIS_CALL)), *_endorsement(row, actor, report)]


def _actor(row: Supporter, code: str | None, curated: Curated, report: Report) -> tuple[str, list[ox.Triple]]:
    """A non-state supporter: the curated actor it is, or a new one typed by its category."""
    klass = CATEGORY_CLASSES.get(row.category, CN + "Actor")
    if row.category in ("public-authority", "state") and not code:
        report.no_state.append(f"{row.id} ({row.name}, {row.category}, nationality {row.nationality or 'none'})")
        klass = CN + "Actor"
    known = _curated_iri(row, curated)
    facts: list[ox.Triple] = []
    if known is None:
        actor = ID + "org/paris-call/" + slug(row.id)
        facts += [_triple(actor, _LABEL, ox.Literal(row.name, language=NAME_LANGUAGE))]
        facts += [_triple(actor, _RDF_TYPE, ox.NamedNode(klass))]
    else:
        actor = known
        report.matched.append((f"{row.id} ({row.name})", known.removeprefix(ID)))
        facts += _curated_type(row, actor, klass, curated, report)
    if row.nature:
        facts.append(_triple(actor, PREFIXES["dcterms"] + "description", ox.Literal(row.nature, language="fr")))
    if code:
        facts.append(_triple(actor, CN + "basedIn", ox.NamedNode(_state(code))))
        if klass == CN + "GovernmentBody":
            facts.append(_triple(actor, CN + "governmentOf", ox.NamedNode(_state(code))))
    return actor, facts


def _curated_iri(row: Supporter, curated: Curated) -> str | None:
    """The curated actor a supporter is, by the crosswalk or by one unambiguous name."""
    if row.id in NAME_CROSSWALK:
        return ID + NAME_CROSSWALK[row.id]
    found = curated.by_name.get(name_key(row.name), set())
    return next(iter(found)) if len(found) == 1 else None


def _curated_type(row: Supporter, actor: str, klass: str, curated: Curated, report: Report) -> list[ox.Triple]:
    """The category's class for a curated actor, unless it has it already or it would contradict its type."""
    types = curated.types.get(actor, set())
    if klass not in _DISJOINT or types & _DISJOINT[klass]:
        return []
    clashing = {t for c, sub in _DISJOINT.items() if c != klass for t in sub} & types
    if clashing:
        names = ", ".join(sorted(t.removeprefix(CN) for t in clashing))
        report.type_conflicts.append(f"{row.id} ({row.name}): {row.category}, curated as {names}")
        return []
    return [_triple(actor, _RDF_TYPE, ox.NamedNode(klass))]


def _endorsement(row: Supporter, actor: str, report: Report) -> list[ox.Triple]:
    node = ID + "endorsement/paris-call-2018/" + slug(row.id)
    triples = [
        _triple(node, _RDF_TYPE, ox.NamedNode(CN + "Endorsement")),
        _triple(node, CN + "endorser", ox.NamedNode(actor)),
        _triple(node, CN + "endorsed", ox.NamedNode(PARIS_CALL)),
        _triple(node, CN + "supportRole", ox.Literal("supporter", language="en")),
        _triple(node, PREFIXES["dcterms"] + "identifier", ox.Literal(row.id)),
    ]
    if row.nationality in CODE_CORRECTIONS:
        target, why = CODE_CORRECTIONS[row.nationality]
        triples.append(_triple(node, PREFIXES["rdfs"] + "comment",
                               ox.Literal(f"nationality given as {row.nationality}, read as {target}: {why}", language="en")))
    if row.date_signed:
        try:
            _dt.date.fromisoformat(row.date_signed)
        except ValueError:
            report.bad_dates.append(f"{row.id}: {row.date_signed!r}")
        else:
            triples.append(_triple(node, PREFIXES["dcterms"] + "date",
                                   ox.Literal(row.date_signed, datatype=ox.NamedNode(_XSD_DATE))))
            report.dated += 1
    return triples


def _value(term: object) -> str:
    """The IRI or lexical form of a term (empty for a quoted triple, which the curated data has none of)."""
    return term.value if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)) else ""


def _state(code: str) -> str:
    return ID + "state/" + code.lower()


def _triple(subject: str, predicate: str, value: ox.NamedNode | ox.Literal) -> ox.Triple:
    return ox.Triple(ox.NamedNode(subject), ox.NamedNode(predicate), value)


# -- writing and importing --


def write(conversion: Conversion, out: Path) -> tuple[Path, Path]:
    """Write ``iso-3166.ttl`` and ``paris-call.ttl`` into the folder ``out``, deterministically."""
    from cybernorms.graph._files import atomic_write
    from cybernorms.graph.exchange.canonical import canonical_turtle

    out.mkdir(parents=True, exist_ok=True)
    paths = (out / f"{STATES_GRAPH}.ttl", out / f"{SUPPORTERS_GRAPH}.ttl")
    for path, triples in zip(paths, (conversion.states, conversion.supporters), strict=True):
        atomic_write(path, canonical_turtle(triples))
    return paths


def import_supporters(
    path: Path, *, store_dir: Path | None = None, progress: Callable[[str], None] = lambda _: None,
    replace: bool = False,
) -> tuple[Report, list[ImportResult]]:
    """Convert the CSV and import both graphs through the import gate: the states, then the supporters
    (``replace``: either may replace a graph of that name from another file)."""
    from cybernorms.graph.partners.gate import admit, partner_graph

    conversion = convert(path)
    results = []
    for name, parsed in read_graphs(path, conversion):
        progress(f"read {path} as {parsed.format}: {len(parsed.quads)} statements for {partner_graph(name)}")
        results.append(admit(parsed, partner_graph(name), store_dir=store_dir, progress=progress, replace=replace))
    return conversion.report, results


def read_graphs(path: Path, conversion: Conversion) -> list[tuple[str, ParsedFile]]:
    """The reader of the Paris Call CSV: the partner graphs it fills, each with its statements for the gate.

    The states graph comes first (the supporters refer to its states) and only when the CSV names states
    the curated graph lacks.
    """
    from cybernorms.graph.partners.safe_parse import ParsedFile

    graphs = [(STATES_GRAPH, conversion.states, ISO_3166)] if conversion.states else []
    graphs.append((SUPPORTERS_GRAPH, conversion.supporters, REPOSITORY))
    return [(name, ParsedFile.of_triples(path, READER_KIND, triples, source=source)) for name, triples, source in graphs]

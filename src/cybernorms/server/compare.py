"""Pages that put entities side by side: norms (their texts, a word-level difference, the alignment
between each pair) and two or three states (memberships, documents, endorsements).

``/compare/norms?n=norm:a&n=norm:b`` (two to eight norms, CURIEs or IRIs), or
``/compare/norms?category=category:II`` (every norm of one category of the report's Table 1);
``/compare/states?s=state:usa&s=state:fra`` (one to three states; with one, the page offers the
others). The facts come from :mod:`cybernorms.server.profiles`, so each carries its source and
passage and keeps curated, inferred and partner facts apart; the difference is
:func:`cybernorms.server.wording.word_diff`, each column against the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from starlette.responses import Response

from cybernorms.namespaces import CN, ID, iri_candidates, partner_of, shorten
from cybernorms.server._http import HTTPProblem
from cybernorms.server.explorer import bindings, language_context, page_language, render
from cybernorms.server.profile_sections import PROLOGUE
from cybernorms.server.profiles import Label, Origin, Profile, Row, build_profile, labels_of, origins_of
from cybernorms.server.wording import Piece, word_diff

if TYPE_CHECKING:
    from starlette.requests import Request

__all__ = ["compare_norms", "compare_states"]

MAX_NORMS = 8
MAX_CATEGORY_NORMS = 30
MAX_STATES = 3

_TYPED = PROLOGUE + "SELECT ?x ?t WHERE { VALUES ?x { IRIS } ?x rdf:type ?t }"


async def _resolve(request: Request, given: list[str], cls: str, what: str, param: str) -> list[str]:
    """The IRIs the typed names stand for, each checked to be a ``cls``; a bad one is one line, HTTP 400."""
    candidates: dict[str, list[str]] = {}
    for text in given:
        found = []
        for iri in iri_candidates(text.strip()):
            try:
                ox.NamedNode(iri)
            except ValueError:
                continue
            found.append(iri)
        candidates[text] = found
    every = sorted({iri for found in candidates.values() for iri in found})
    typed: set[str] = set()
    if every:
        rows = await bindings(request, _TYPED.replace("IRIS", " ".join(str(ox.NamedNode(i)) for i in every)))
        typed = {r["x"]["value"] for r in rows if r["t"]["value"] == cls}
    chosen: list[str] = []
    for text, found in candidates.items():
        match = next((i for i in found if i in typed), None)
        if match is None:
            raise HTTPProblem(400, f"{param}={text[:80]!r} is no {what} of the dataset; give one as a CURIE "
                                   f"such as {'norm:ungge-13a' if what == 'norm' else 'state:usa'} or a full IRI")
        if match not in chosen:
            chosen.append(match)
    return chosen


_CATEGORY_NORMS = PROLOGUE + """SELECT DISTINCT ?norm ?doc ?notation WHERE {
  ?norm cn:inCategory CATEGORY . OPTIONAL { ?norm cn:statedIn ?doc } OPTIONAL { ?norm cn:notation ?notation }
} ORDER BY ?doc ?notation ?norm"""


async def _category_norms(request: Request, text: str) -> tuple[str, list[str]]:
    """A category's IRI and its norms; an unknown category is one line, HTTP 400."""
    category = next((iri for iri in iri_candidates(text.strip()) if iri.startswith(ID + "category/")), None)
    if category is None:
        raise HTTPProblem(400, f"category={text[:80]!r} is no category of Table 1; give one as category:I … category:V")
    try:
        term = str(ox.NamedNode(category))
    except ValueError:
        raise HTTPProblem(400, f"category={text[:80]!r} is not an IRI; give one as category:I … category:V") from None
    rows = await bindings(request, _CATEGORY_NORMS.replace("CATEGORY", term))
    norms = list(dict.fromkeys(r["norm"]["value"] for r in rows))
    if not norms:
        raise HTTPProblem(400, f"category={text[:80]!r} has no norms here; the categories are category:I … category:V")
    return category, norms[:MAX_CATEGORY_NORMS]


@dataclass
class NormColumn:
    """One norm's column: its profile (text, document, category, themes) and its text as runs of words."""

    profile: Profile
    text: str
    text_rows: list[Row]
    pieces: list[Piece] = field(default_factory=list)


@dataclass
class Link:
    """A curated (or partner's) alignment between two of the norms shown, with its sources."""

    source: str
    target: str
    relation: str | None
    rationale: str | None
    origins: list[Origin]


_LINKS = PROLOGUE + """SELECT ?from ?to ?relation ?rationale ?g WHERE {
  VALUES ?from { IRIS } VALUES ?to { IRIS }
  GRAPH ?g { ?a cn:fromNorm ?from ; cn:toNorm ?to }
  OPTIONAL { ?a cn:relation ?relation } OPTIONAL { ?a cn:rationale ?rationale }
}"""


def _text_of(profile: Profile) -> tuple[str, list[Row]]:
    """A norm's exact text (the curated one first), else its name, with the rows that state it."""
    section = profile.section("text")
    rows = section.rows if section else []
    if rows and rows[0].cells[0]:
        return rows[0].cells[0][0]["value"], rows[:1]
    return (profile.title.text if profile.title else shorten(profile.iri)), []


async def _links(request: Request, norms: list[str]) -> list[Link]:
    listed = " ".join(str(ox.NamedNode(n)) for n in norms)
    rows = await bindings(request, _LINKS.replace("IRIS", listed))
    origins = await origins_of(lambda q: bindings(request, q), {r["g"]["value"] for r in rows})
    merged: dict[tuple[str, str, str | None], Link] = {}
    for r in rows:
        key = (r["from"]["value"], r["to"]["value"], r.get("relation", {}).get("value"))
        link = merged.setdefault(key, Link(key[0], key[1], key[2], r.get("rationale", {}).get("value"), []))
        origin = origins[r["g"]["value"]]
        if origin not in link.origins:
            link.origins.append(origin)
    return sorted(merged.values(), key=lambda link: (norms.index(link.source), norms.index(link.target)))


async def compare_norms(request: Request) -> Response:
    """``/compare/norms``: norms side by side, their words compared with the first norm's."""
    language = page_language(request)
    given = request.query_params.getlist("n")
    category_given = request.query_params.get("category")
    category: str | None = None
    if category_given:
        category, norms = await _category_norms(request, category_given)
    else:
        if len(given) < 2:
            raise HTTPProblem(400, "give two or more norms as ?n=norm:a&n=norm:b (or a category as ?category=category:II)")
        if len(given) > MAX_NORMS:
            raise HTTPProblem(400, f"at most {MAX_NORMS} norms side by side; {len(given)} were given")
        norms = await _resolve(request, given, CN + "NormStatement", "norm", "n")
    select = lambda q: bindings(request, q)  # noqa: E731
    columns: list[NormColumn] = []
    for iri in norms:
        profile = await build_profile(select, iri, language, kind="norm", only=("text", "about"))
        text, rows = _text_of(profile)
        columns.append(NormColumn(profile, text, rows))
    if len(columns) >= 2:
        first, second = word_diff(columns[0].text, columns[1].text)
        columns[0].pieces, columns[1].pieces = first, second
        for column in columns[2:]:
            column.pieces = word_diff(columns[0].text, column.text)[1]
    links = await _links(request, norms)
    extra = {o.source for link in links for o in link.origins if o.source}
    extra |= {link.relation for link in links if link.relation}
    if category:
        extra.add(category)
    labels = {iri: found[0] for iri, found in (await labels_of(select, set(norms) | extra, language)).items()
              if found[0] is not None}
    return render("compare_norms.html", columns=columns, links=links, labels=labels, category=category,
                  **language_context(request, language))


@dataclass
class StateRow:
    """One item (a forum, a document, a thing endorsed) and, per state, the row that links it, if any."""

    item: dict[str, Any]
    cells: list[Row | None]


_STATE_SECTIONS = ("memberships", "documents", "endorsements")
_STATES = PROLOGUE + "SELECT DISTINCT ?s WHERE { ?s rdf:type cn:State }"


def _state_rows(profiles: list[Profile], key: str) -> list[StateRow]:
    """The union of one section's items over the states, each with the states' rows."""
    rows: dict[str, StateRow] = {}
    for i, profile in enumerate(profiles):
        section = profile.section(key)
        for row in section.rows if section else []:
            if not row.cells[0]:
                continue
            item = row.cells[0][0]
            entry = rows.setdefault(item["value"], StateRow(item, [None] * len(profiles)))
            entry.cells[i] = row

    def shared(row: StateRow) -> int:
        return -sum(cell is not None for cell in row.cells)

    return sorted(rows.values(), key=lambda r: (shared(r), _label_key(profiles, r.item)))


def _label_key(profiles: list[Profile], item: dict[str, Any]) -> str:
    for profile in profiles:
        if item["value"] in profile.labels:
            return profile.labels[item["value"]].text.casefold()
    return str(item["value"]).casefold()


async def compare_states(request: Request) -> Response:
    """``/compare/states``: two or three states side by side (memberships, documents, endorsements)."""
    language = page_language(request)
    given = request.query_params.getlist("s")
    if not given:
        raise HTTPProblem(400, "give one to three states as ?s=state:usa&s=state:fra")
    if len(given) > MAX_STATES:
        raise HTTPProblem(400, f"at most {MAX_STATES} states side by side; {len(given)} were given")
    states = await _resolve(request, given, CN + "State", "state", "s")
    select = lambda q: bindings(request, q)  # noqa: E731
    profiles = [await build_profile(select, iri, language, kind="state", only=_STATE_SECTIONS) for iri in states]
    tables = [(key, profiles[0].section(key).section.title if profiles[0].section(key) else key,  # type: ignore[union-attr]
               _state_rows(profiles, key)) for key in _STATE_SECTIONS]
    labels: dict[str, Label] = {}
    for profile in profiles:
        for iri, label in profile.labels.items():
            labels.setdefault(iri, label)
    others: list[tuple[str, str]] = []
    if len(states) < MAX_STATES:
        every = [r["s"]["value"] for r in await bindings(request, _STATES)]
        named = await labels_of(select, every, language)
        others = sorted(((iri, found[0].text) for iri, found in named.items()
                         if found[0] is not None and found[0].partner is None and iri not in states),
                        key=lambda pair: pair[1].casefold())
    return render("compare_states.html", profiles=profiles, tables=tables, labels=labels, others=others,
                  states=states, partner_of=partner_of, **language_context(request, language))

"""The web explorer: the query editor, the named queries, and a page per entity.

Pages are rendered by Jinja2 with autoescaping on, so every label, literal and IRI from
the data is shown as text; the editor's script (``static/explorer.js``) builds the
results table with ``textContent`` only. No page loads anything from another origin.

An entity's IRI under ``https://w3id.org/cybernorms/`` is served at the same path here
(``…/id/state/usa`` at ``/id/state/usa``), so that on a deployment behind w3id.org the
IRIs dereference: HTML for browsers, Turtle, N-Triples, RDF/XML or JSON-LD by ``Accept``.
Each fact on the page shows the claim graph that states it, the source that graph is
derived from (``prov:wasDerivedFrom``) and the locator in that source (``cn:locator``).

The reader's language is ``?lang=`` (one of the six UN languages, else the server's ``--lang``):
a page names its entity and the entities it links to in that language where the data has a name
in it (a state's ``skos:prefLabel``), in English otherwise, and every link on the page keeps
``lang``, so that a link passed on shows the same language. Text in a language written right
to left (Arabic) is marked ``dir="rtl"``; every name from the data ``dir="auto"``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote_to_bytes, urlencode

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from cybernorms._version import DATA_RELEASED, DATA_VERSION
from cybernorms.graph.language import DEFAULT_LANGUAGE, UN_LANGUAGES, choose, direction
from cybernorms.namespaces import (
    BASE,
    ID,
    INFERRED_GRAPH,
    ONTOLOGY_GRAPH,
    ONTOLOGY_IRI,
    is_inferred_graph,
    partner_of,
    shorten,
)
from cybernorms.server._http import HTTPProblem, answer_response
from cybernorms.server.negotiation import Choice, graph_format, prefers_html
from cybernorms.server.protocol import as_of_day, negotiate, run_query, send_graph
from cybernorms.server.profiles import build_profile
from cybernorms.server.search_index import similar_norms
from cybernorms.server.state import server_state

if TYPE_CHECKING:
    from starlette.requests import Request

__all__ = [
    "entity_page",
    "graph_page",
    "index_page",
    "named_query",
    "ontology_page",
    "page_language",
    "query_list",
    "resource_page",
    "template_env",
]

_LABELS = ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel")
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_MAX_FACTS = 1000

_PROLOGUE = """PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX cn:   <https://w3id.org/cybernorms/ontology#>
"""
#: A linked resource's label: in the reader's language (LANG, one of the six, checked before it is put
#: in) its rdfs:label, else its skos:prefLabel; then its rdfs:label in any language, else a skos:prefLabel.
_FACTS_OUT = _PROLOGUE + """SELECT ?p ?o ?g (SAMPLE(?pl) AS ?pLabel)
       (COALESCE(SAMPLE(?oll), SAMPLE(?opll), SAMPLE(?ol), SAMPLE(?opl)) AS ?oLabel)
       (SAMPLE(?src) AS ?source) (SAMPLE(?sl) AS ?sourceLabel) (SAMPLE(?loc) AS ?locator)
WHERE {
  GRAPH ?g { THIS ?p ?o }
  OPTIONAL { ?p rdfs:label ?pl }
  OPTIONAL { ?o rdfs:label ?ol }
  OPTIONAL { ?o skos:prefLabel ?opl }
  OPTIONAL { ?o rdfs:label ?oll FILTER(LANGMATCHES(LANG(?oll), "LANG")) }
  OPTIONAL { ?o skos:prefLabel ?opll FILTER(LANGMATCHES(LANG(?opll), "LANG")) }
  OPTIONAL { ?g prov:wasDerivedFrom ?src OPTIONAL { ?src rdfs:label ?sl } }
  OPTIONAL { ?g cn:locator ?loc }
}
GROUP BY ?p ?o ?g ORDER BY ?p ?o ?g LIMIT %d
"""
_FACTS_IN = _PROLOGUE + """SELECT ?s ?p ?g (SAMPLE(?pl) AS ?pLabel)
       (COALESCE(SAMPLE(?sll), SAMPLE(?spll), SAMPLE(?sl0), SAMPLE(?spl)) AS ?sLabel)
       (SAMPLE(?src) AS ?source) (SAMPLE(?srcl) AS ?sourceLabel) (SAMPLE(?loc) AS ?locator)
WHERE {
  GRAPH ?g { ?s ?p THIS }
  OPTIONAL { ?p rdfs:label ?pl }
  OPTIONAL { ?s rdfs:label ?sl0 }
  OPTIONAL { ?s skos:prefLabel ?spl }
  OPTIONAL { ?s rdfs:label ?sll FILTER(LANGMATCHES(LANG(?sll), "LANG")) }
  OPTIONAL { ?s skos:prefLabel ?spll FILTER(LANGMATCHES(LANG(?spll), "LANG")) }
  OPTIONAL { ?g prov:wasDerivedFrom ?src OPTIONAL { ?src rdfs:label ?srcl } }
  OPTIONAL { ?g cn:locator ?loc }
}
GROUP BY ?s ?p ?g ORDER BY ?p ?s ?g LIMIT %d
"""
_DESCRIPTION = """CONSTRUCT { THIS ?p ?o . ?s ?q THIS }
WHERE { { GRAPH ?g { THIS ?p ?o } } UNION { GRAPH ?g { ?s ?q THIS } } UNION { THIS ?p ?o } UNION { ?s ?q THIS } }"""
#: Whether the dataset holds an IRI: in any named graph (a partner's too), or as a graph's name.
_EXISTS = ("ASK { { GRAPH ?g { THIS ?p ?o } } UNION { GRAPH ?g { ?s ?q THIS } } UNION { GRAPH THIS { ?a ?b ?c } } "
           "UNION { THIS ?p ?o } }")


@cache
def template_env() -> Environment:
    """The Jinja2 environment: package templates, autoescaping on for every file."""
    env = Environment(
        loader=PackageLoader("cybernorms.server", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["local_href"] = _local_href_in_language
    env.globals["lang_dir"] = direction
    env.globals["in_lang"] = _in_language
    env.globals["shorten"] = shorten
    env.globals["data_version"] = DATA_VERSION
    env.globals["data_released"] = DATA_RELEASED.isoformat()
    return env


def render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page from a template."""
    return HTMLResponse(template_env().get_template(name).render(**context), status_code=status)


_URI_SAFE = "/:@!$&'()*+,;=-._~%"


def local_href(iri: str) -> str:
    """Where this server shows ``iri``: its own path for the project's IRIs, else ``/resource?iri=``.

    Always a path on this server, never the IRI itself, so that an IRI such as
    ``javascript:…`` in partner data can never become a live link.
    """
    rest = iri[len(BASE):] if iri.startswith(BASE) else None
    if rest and not rest.startswith(("/", "\\")) and "#" not in rest and "?" not in rest:
        return "/" + quote(rest, safe=_URI_SAFE)  # non-ASCII as UTF-8 %XX (RFC 3987 §3.1)
    return "/resource?iri=" + quote(iri, safe="")


#: The six UN languages as a reader picks them: each in its own words.
LANGUAGE_NAMES = {"ar": "العربية", "zh": "中文", "en": "English", "fr": "Français", "ru": "Русский", "es": "Español"}


def page_language(request: Request) -> str:
    """The reader's language: ``?lang=`` (one of the six UN languages), else the server's ``--lang``.

    Any other ``lang`` is refused with a 400 that names the six.
    """
    given = request.query_params.get("lang")
    if given is None or given == "":
        return server_language(request)
    if given not in UN_LANGUAGES:
        raise HTTPProblem(400, f"lang {given[:20]!r} is not one of the six UN languages: {', '.join(UN_LANGUAGES)}")
    return given


def server_language(request: Request) -> str:
    """The language of a page whose URL names none: the server's ``--lang`` (English by default)."""
    configured = getattr(server_state(request).config, "language", DEFAULT_LANGUAGE)
    return configured if configured in UN_LANGUAGES else DEFAULT_LANGUAGE


def with_language(href: str, language: str | None, default: str = DEFAULT_LANGUAGE) -> str:
    """``href`` (a path on this server) with ``lang=language`` in its query, unless it is the server's default."""
    if not language or language == default or not href.startswith("/"):
        return href
    return href + ("&" if "?" in href else "?") + urlencode({"lang": language})


@pass_context
def _local_href_in_language(context: Context, iri: str) -> str:
    """:func:`local_href` in a template: the link keeps the page's language (``lang`` of the context)."""
    return with_language(local_href(iri), context.get("lang"), context.get("lang_default", DEFAULT_LANGUAGE))


@pass_context
def _in_language(context: Context, href: str) -> str:
    """A path on this server in a template, keeping the page's language."""
    return with_language(href, context.get("lang"), context.get("lang_default", DEFAULT_LANGUAGE))


def language_context(request: Request, language: str) -> dict[str, Any]:
    """What every page's template needs of the reader's language: the code, its direction, the switch.

    The switch links the page itself in each language (the same path and parameters, ``lang`` replaced;
    none for the server's default language, which a URL without ``lang`` shows).
    """
    default = server_language(request)
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    links = []
    for code, name in LANGUAGE_NAMES.items():
        query = urlencode(params + ([("lang", code)] if code != default else []))
        links.append({"code": code, "name": name, "href": request.url.path + ("?" + query if query else ""),
                      "dir": direction(code), "current": code == language})
    return {"lang": language, "lang_default": default, "languages": links, **cite_context(request)}


def cite_context(request: Request) -> dict[str, Any]:
    """What a page's "cite this" line needs beside its title: the page's URL and its as-of day, if any."""
    day = request.query_params.get("as-of", "")
    query = request.url.query
    return {"cite_url": str(request.url), "cite_href": request.url.path + ("?" + query if query else ""),
            "cite_as_of": day if re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) else None}


def _iri_path(raw: str) -> str:
    """The IRI form of a request path: %XX runs that encode non-ASCII UTF-8 become characters again."""

    def decode(match: re.Match[str]) -> str:
        try:
            return unquote_to_bytes(match.group()).decode("utf-8")
        except UnicodeDecodeError:
            return match.group()

    return re.sub(r"(?:%[89A-Fa-f][0-9A-Fa-f])+", decode, raw)


# -- the explorer's front page and its query API --


_FIRST_DATE = "SELECT (MIN(STR(?when)) AS ?first) WHERE { ?x <http://purl.org/dc/terms/date> ?when }"
_FALLBACK_FIRST_YEAR = 1998


async def _first_year(request: Request) -> int:
    """The year of the dataset's earliest ``dcterms:date``: where the explorer's as-of slider starts.

    Asked once per server (the dataset does not change while it runs); 1998 if it cannot be.
    """
    known = getattr(request.app.state, "first_year", None)
    if known is not None:
        return int(known)
    year = _FALLBACK_FIRST_YEAR
    try:
        rows, _ = await _select(request, _FIRST_DATE)
        first = _value(rows[0].get("first")) if rows else None
        if first and re.match(r"^\d{4}", first):
            year = int(first[:4])
            request.app.state.first_year = year
    except HTTPProblem:
        pass
    return year


async def index_page(request: Request) -> Response:
    """``/``: the query editor, the named queries, the views."""
    import datetime as dt

    state = server_state(request)
    today = dt.date.today()
    first_year = min(await _first_year(request) - 1, today.year - 1)  # from before the first dated thing
    return render("index.html", **language_context(request, page_language(request)),
                  views=state.views.listing(), config=state.config,
                  graph_count=len(state.pool.graphs), first_year=first_year, this_year=today.year,
                  today=today.isoformat(), tables=_release_tables())


def _release_tables() -> list[tuple[str, str]]:
    """The release tables (name, description) the front page offers as spreadsheets."""
    from cybernorms.graph.exchange.tables import TABLES

    return [(table.name, table.description) for table in TABLES]


async def query_list(request: Request) -> Response:
    """``/api/queries``: every named query with its question, parameters, columns and text."""
    from cybernorms.queries.library import library

    items = [
        {
            "name": named.name,
            "question": named.question,
            "text": named.text,
            "parameters": [
                {"name": p.name, "default": p.default, "description": p.description, "required": p.required}
                for p in named.parameters
            ],
            "columns": [{"name": n, "description": d} for n, d in named.columns],
        }
        for named in library().values()
    ]
    return JSONResponse(items)


async def named_query(request: Request) -> Response:
    """``/api/queries/NAME?param=value&format=…``: run a named query, parameters bound by the engine."""
    from cybernorms.errors import CybernormsError
    from cybernorms.queries.library import library
    from cybernorms.queries.run import bind

    name = request.path_params["name"]
    named = library().get(name)
    if named is None:
        raise HTTPProblem(404, f"no named query {name!r}; /api/queries lists them")
    given = {k: v for k, v in request.query_params.items() if k not in ("format", "as-of") and v != ""}
    day = as_of_day(request.query_params.get("as-of"))
    try:
        terms = bind(named, given)
    except CybernormsError as error:
        raise HTTPProblem(400, error.message) from None
    choice = negotiate(request, request.query_params)
    substitutions = {key: str(term) for key, term in terms.items()}
    reply = await run_query(request, named.text, choice, substitutions=substitutions, as_of=day)
    state = server_state(request)
    download = name if request.query_params.get("format") else None
    return answer_response(reply, max_rows=state.config.max_rows, download=download)


# -- entity pages --


@dataclass
class Fact:
    """One statement on an entity page, with where it comes from."""

    predicate: str
    predicate_label: str | None
    value: dict[str, Any]
    value_label: str | None
    graph: str
    source: str | None
    source_label: str | None
    locator: str | None

    @property
    def origin(self) -> str:
        if self.graph == INFERRED_GRAPH:
            return "inferred by the reasoner"
        if self.graph == ONTOLOGY_GRAPH:
            return "the ontology"
        partner = partner_of(self.graph)
        if partner is not None:
            return (f"inferred by the reasoner with the partner data {partner}" if is_inferred_graph(self.graph)
                    else f"the partner data {partner}")
        return ""


@dataclass
class EntityView:
    """What an entity page shows."""

    iri: str
    label: str | None = None
    #: The language tag of ``label`` ("" for an untagged one).
    label_lang: str = ""
    types: list[dict[str, Any]] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    references: list[Fact] = field(default_factory=list)
    neighbours: list[tuple[str, str]] = field(default_factory=list)
    truncated: bool = False


def _query_text(template: str, iri: str, language: str = DEFAULT_LANGUAGE) -> str:
    if language not in UN_LANGUAGES:  # never put anything else in a query
        raise ValueError(f"not a language of the explorer: {language!r}")
    return template.replace("THIS", str(ox.NamedNode(iri))).replace('"LANG"', f'"{language}"')


def _value(binding: dict[str, Any] | None) -> str | None:
    return binding["value"] if binding else None


async def _select(request: Request, query: str) -> tuple[list[dict[str, Any]], bool]:
    reply = await run_query(request, query, Choice("json", None))
    rows = json.loads(reply.body)["results"]["bindings"]
    return rows, bool(reply.header.get("truncated"))


async def bindings(request: Request, query: str) -> list[dict[str, Any]]:
    """The rows of a SELECT query the page itself runs, as SPARQL JSON bindings."""
    rows, _ = await _select(request, query)
    return rows


async def _entity(request: Request, iri: str, language: str = DEFAULT_LANGUAGE) -> EntityView:
    view = EntityView(iri)
    out_rows, _ = await _select(request, _query_text(_FACTS_OUT % _MAX_FACTS, iri, language))
    in_rows, _ = await _select(request, _query_text(_FACTS_IN % _MAX_FACTS, iri, language))
    view.truncated = len(out_rows) >= _MAX_FACTS or len(in_rows) >= _MAX_FACTS
    neighbours: dict[str, str] = {}
    labels: list[tuple[str, str]] = []  # (text, tag), rdfs:label before skos:prefLabel (the rows' order)
    for row in out_rows:
        fact = _fact(row, row["o"], row.get("oLabel"))
        if fact.predicate in _LABELS and fact.value.get("type") == "literal":
            labels.append((fact.value["value"], fact.value.get("xml:lang", "")))
        if fact.predicate == _TYPE:
            if fact.value not in view.types:
                view.types.append(fact.value)
        view.facts.append(fact)
        if row["o"]["type"] == "uri" and row["o"]["value"].startswith(ID):
            neighbours.setdefault(row["o"]["value"], _value(row.get("oLabel")) or shorten(row["o"]["value"]))
    for row in in_rows:
        fact = _fact(row, row["s"], row.get("sLabel"))
        view.references.append(fact)
        if row["s"]["type"] == "uri" and row["s"]["value"].startswith(ID):
            neighbours.setdefault(row["s"]["value"], _value(row.get("sLabel")) or shorten(row["s"]["value"]))
    neighbours.pop(iri, None)
    view.neighbours = sorted(neighbours.items(), key=lambda item: item[1].lower())
    view.label, view.label_lang = choose(labels, language) or (None, "")
    return view


_NAMES_IN = _PROLOGUE + """SELECT ?s (SAMPLE(?l) AS ?name) WHERE {
  VALUES ?s { IRIS } { ?s rdfs:label ?l } UNION { ?s skos:prefLabel ?l } FILTER(LANGMATCHES(LANG(?l), "LANG"))
} GROUP BY ?s"""


async def names_in(request: Request, iris: list[str], language: str) -> dict[str, str]:
    """The names in ``language`` of those of ``iris`` that have one (none asked for English: the data's own)."""
    if language == DEFAULT_LANGUAGE or language not in UN_LANGUAGES or not iris:
        return {}
    listed = " ".join(str(ox.NamedNode(iri)) for iri in iris)
    rows, _ = await _select(request, _NAMES_IN.replace("IRIS", listed).replace('"LANG"', f'"{language}"'))
    return {row["s"]["value"]: row["name"]["value"] for row in rows if "name" in row}


def _fact(row: dict[str, Any], value: dict[str, Any], label: dict[str, Any] | None) -> Fact:
    return Fact(
        predicate=row["p"]["value"],
        predicate_label=_value(row.get("pLabel")),
        value=value,
        value_label=_value(label),
        graph=row["g"]["value"],
        source=_value(row.get("source")),
        source_label=_value(row.get("sourceLabel")),
        locator=_value(row.get("locator")),
    )


async def _exists(request: Request, iri: str) -> bool:
    reply = await run_query(request, _query_text(_EXISTS, iri), Choice("json", None))
    return bool(json.loads(reply.body).get("boolean"))


async def describe(request: Request, iri: str) -> Response:
    """An IRI's page: HTML for browsers, its description in RDF for other clients."""
    try:
        ox.NamedNode(iri)
    except ValueError:
        raise HTTPProblem(400, "not an absolute IRI") from None
    accept = request.headers.get("accept")
    override = request.query_params.get("format")
    if override is None and prefers_html(accept):
        language = page_language(request)
        if not await _exists(request, iri):
            return render("missing.html", status=404, iri=iri, **language_context(request, language))
        view = await _entity(request, iri, language)
        is_graph = iri in server_state(request).pool.graphs
        views = server_state(request).views
        neighbourhood = (
            with_language("/views/neighbourhood?focus=" + quote(iri, safe=""), language, server_language(request))
            if views.rendered and "neighbourhood" in dict(views.listing()) and iri.startswith(ID)
            else None
        )
        similar = await similar_norms(request, iri) if iri.startswith(ID + "norm/") else []
        profile = await build_profile(lambda query: bindings(request, query), iri, language)
        return render("entity.html", entity=view, profile=profile, is_graph=is_graph, graph_href=_graph_href(iri),
                      neighbourhood=neighbourhood, similar=similar, **language_context(request, language))
    fmt = graph_format(override, accept)
    if fmt is None:
        raise HTTPProblem(406, "this resource is available as text/html, text/turtle, application/n-triples, "
                               "application/rdf+xml or application/ld+json")
    if not await _exists(request, iri):
        raise HTTPProblem(404, f"nothing is known about <{iri}> here")
    reply = await run_query(request, _query_text(_DESCRIPTION, iri), Choice(None, fmt))
    response = answer_response(reply, max_rows=server_state(request).config.max_rows)
    response.headers["Vary"] = "Accept"
    return response


def _graph_href(iri: str) -> str:
    return "/store?graph=" + quote(iri, safe="")


def _iri_from_path(request: Request, prefix: str) -> str:
    raw = request.scope.get("raw_path") or request.url.path.encode()
    path = _iri_path(raw.decode("latin-1").split("?")[0])
    return BASE + path.lstrip("/") if path.startswith("/" + prefix) else BASE + prefix


async def entity_page(request: Request) -> Response:
    """``/id/…``: the entity whose IRI is ``https://w3id.org/cybernorms/id/…``."""
    return await describe(request, _iri_from_path(request, "id/"))


async def graph_page(request: Request) -> Response:
    """``/graph/…``: a named graph: its provenance for browsers, its triples for RDF clients."""
    iri = _iri_from_path(request, "graph/")
    if request.query_params.get("format") is None and prefers_html(request.headers.get("accept")):
        return await describe(request, iri)
    return await send_graph(request, iri)


async def ontology_page(request: Request) -> Response:
    """``/ontology``: the ontology: its header for browsers, the whole ontology graph for RDF clients."""
    if request.query_params.get("format") is None and prefers_html(request.headers.get("accept")):
        return await describe(request, ONTOLOGY_IRI)
    return await send_graph(request, ONTOLOGY_GRAPH)


async def resource_page(request: Request) -> Response:
    """``/resource?iri=…``: any IRI of the dataset (ontology terms, other vocabularies)."""
    iri = request.query_params.get("iri")
    if not iri:
        raise HTTPProblem(400, "give the IRI as ?iri=")
    if iri.startswith(BASE) and local_href(iri) != "/resource?iri=" + quote(iri, safe=""):
        return RedirectResponse(local_href(iri), status_code=303)
    return await describe(request, iri)


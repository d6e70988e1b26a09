"""The names of states in the six UN languages, from the ISO 3166-1 translations.

ISO 3166-1 (country codes) names each country in English; the iso-codes project
(Debian's ``iso-codes`` database, which ``pycountry`` ships) translates those names
in its gettext domain ``iso3166-1``. A curated state whose id is ``state/<alpha-3>``
(lower case) gets its names in Arabic, Chinese, English, French, Russian and Spanish
as ``skos:prefLabel`` with the language tags ``ar``, ``zh``, ``en``, ``fr``, ``ru``
and ``es``, all in one claim graph of their own (``graph/claim/iso-3166-1/translations``),
derived from ``document/iso-3166-1``. The curated ``rdfs:label`` stays the one label a
state has: queries join on it, and more values would multiply their rows.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable
from dataclasses import dataclass, field

import pycountry
from pyoxigraph import Literal, NamedNode, Quad

from cybernorms.graph.build.compile import claim_graph_iri
from cybernorms.namespaces import CN, ID, PREFIXES, PROVENANCE_GRAPH

__all__ = ["LANGUAGES", "SOURCE", "TRANSLATIONS_GRAPH", "Names", "state_names"]

#: The source document: ISO 3166-1, as the iso-codes database carries it.
SOURCE = ID + "document/iso-3166-1"
#: The one claim graph of the names.
TRANSLATIONS_GRAPH = claim_graph_iri("document/iso-3166-1", "translations")
#: The language tag of each UN language and the iso-codes locale that translates into it
#: (``None``: English, the names of ISO 3166-1 themselves, pycountry's ``name``).
LANGUAGES: tuple[tuple[str, str | None], ...] = (
    ("ar", "ar"), ("zh", "zh_CN"), ("en", None), ("fr", "fr"), ("ru", "ru"), ("es", "es"),
)
DOMAIN = "iso3166-1"
_STATE = ID + "state/"
_PREF_LABEL = NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
_RDF_TYPE = NamedNode(PREFIXES["rdf"] + "type")


@dataclass
class Names:
    """The quads of the names, and how many states were named or skipped."""

    quads: list[Quad] = field(default_factory=list)
    named: int = 0
    skipped: int = 0


def _locator() -> str:
    return f"iso-codes translation domain {DOMAIN} (ar, zh_CN, fr, ru, es; English: the ISO 3166-1 names), " \
           f"as pycountry {pycountry.__version__} ships it"


def state_names(states: Iterable[str]) -> Names:
    """The six names of each state IRI ``…/id/state/<alpha-3>`` that ISO 3166-1 knows; others are counted."""
    translations = [
        (tag, gettext.translation(DOMAIN, pycountry.LOCALES_DIR, languages=[locale]) if locale else None)
        for tag, locale in LANGUAGES
    ]
    result = Names()
    graph = NamedNode(TRANSLATIONS_GRAPH)
    for iri in sorted(set(states)):
        code = iri[len(_STATE):] if iri.startswith(_STATE) else ""
        country = pycountry.countries.get(alpha_3=code) if len(code) == 3 and code.islower() else None
        if country is None:
            result.skipped += 1
            continue
        result.named += 1
        subject = NamedNode(iri)
        for tag, translation in translations:
            name = translation.gettext(country.name) if translation else country.name
            result.quads.append(Quad(subject, _PREF_LABEL, Literal(name, language=tag), graph))
    if result.named:
        meta = NamedNode(PROVENANCE_GRAPH)
        result.quads += [
            Quad(graph, _RDF_TYPE, NamedNode(CN + "ClaimGraph"), meta),
            Quad(graph, NamedNode(CN + "locator"), Literal(_locator()), meta),
            Quad(graph, NamedNode(PREFIXES["prov"] + "wasDerivedFrom"), NamedNode(SOURCE), meta),
        ]
    return result

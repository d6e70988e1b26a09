"""Natural-language text and its language: which properties hold it, which languages a user may choose.

A literal that is text a person reads (a label, a title, a norm's words, a quote, a note, a rationale, a
description) carries a language tag, BCP 47 as RDF 1.1 Concepts (section 3.3) has it, so that a user's
language can be chosen among labels and a partner's tools know what they read. Codes, symbols, identifiers,
locators, dates and the words of a closed list of values are not natural language and carry none: they
are compared as they are by the queries and the SHACL shapes. The rule, property by property, is written
for curators in ``docs/curating.md``; the SHACL shape ``cnsh:NaturalLanguageShape``
(``graph/checks/shapes.ttl``) holds the same list and refuses an untagged literal on any of them.

The languages a user may choose are the six official languages of the United Nations (Arabic, Chinese,
English, French, Russian and Spanish: General Assembly resolution 3190 (XXVIII) and rules of procedure,
rule 51), the languages of the states' names (``graph/build/names.py``). Arabic is written right to left.
"""

from __future__ import annotations

from collections.abc import Iterable

from cybernorms.namespaces import CN, PREFIXES

__all__ = [
    "CODE_PROPERTIES", "DEFAULT_LANGUAGE", "NATURAL_LANGUAGE_PROPERTIES", "UN_LANGUAGES",
    "choose", "direction", "is_natural_language", "language_or_default",
]

#: The language of the curated sources and of what the build writes, unless a value says otherwise.
DEFAULT_LANGUAGE = "en"
#: The six official languages of the United Nations, as the language tags the data uses.
UN_LANGUAGES: tuple[str, ...] = ("ar", "zh", "en", "fr", "ru", "es")
#: Languages written right to left, among those a user may choose.
RIGHT_TO_LEFT = frozenset({"ar"})

_RDFS, _SKOS, _DCT = PREFIXES["rdfs"], PREFIXES["skos"], PREFIXES["dcterms"]

#: Properties whose values are natural-language text: every literal on them carries a language tag.
NATURAL_LANGUAGE_PROPERTIES = frozenset({
    _RDFS + "label", _RDFS + "comment",
    _SKOS + "prefLabel", _SKOS + "altLabel", _SKOS + "definition", _SKOS + "scopeNote",
    _DCT + "title", _DCT + "description", _DCT + "creator",
    CN + "text", CN + "quote", CN + "curatorNote", CN + "rationale",
    CN + "position", CN + "place", CN + "signaturePlace", CN + "entryIntoForceCondition",
    CN + "countedGroup", CN + "supportRole", CN + "ratingValue",
})

#: Properties whose string values are codes, symbols, identifiers, locators or one of a closed list of
#: values: never tagged (listed so that the rule is complete for every string property of the ontology).
CODE_PROPERTIES = frozenset({
    CN + "countryCode", CN + "unSymbol", CN + "notation", _SKOS + "notation", CN + "shortName",
    _DCT + "identifier", _DCT + "license", CN + "locator", CN + "fileName", CN + "sha256",
    CN + "datePrecision", CN + "verification", CN + "findingKind", CN + "stance", CN + "verdict",
    CN + "countQualifier", PREFIXES["owl"] + "versionInfo",
})


def is_natural_language(predicate: str) -> bool:
    """Whether the values of the property ``predicate`` (an IRI) are natural-language text."""
    return predicate in NATURAL_LANGUAGE_PROPERTIES


def language_or_default(language: str | None) -> str:
    """One of the six UN languages: ``language`` (``fr``, ``fr-CA``, ``FR``) or English when it is none of them."""
    primary = (language or "").strip().lower().replace("_", "-").split("-", 1)[0]
    return primary if primary in UN_LANGUAGES else DEFAULT_LANGUAGE


def direction(language: str) -> str:
    """The HTML ``dir`` of text in ``language``: ``rtl`` for Arabic, else ``ltr``."""
    return "rtl" if language_or_default(language) in RIGHT_TO_LEFT else "ltr"


def choose(labels: Iterable[tuple[str, str]], language: str) -> tuple[str, str] | None:
    """The label to show a reader of ``language`` among ``(text, tag)`` pairs, with its tag.

    In order: a label tagged ``language`` (or a subtag of it, ``zh-Hans`` for ``zh``), one tagged
    English, an untagged one, then the first in the order given. None when there is no label at all.
    """
    pairs = list(labels)
    if not pairs:
        return None
    wanted = language_or_default(language)

    def primary(tag: str) -> str:
        return tag.lower().split("-", 1)[0]

    for goal in (wanted, DEFAULT_LANGUAGE, ""):
        for text, tag in pairs:
            if primary(tag) == goal:
                return text, tag
    return pairs[0]

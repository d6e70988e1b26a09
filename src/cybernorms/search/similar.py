"""Similar norms: for a norm, the norms of other documents that address the same thing, each with why.

Ranked by the number of themes in common (the curators' classification, the strongest signal on the
curated alignments: docs/search.md has the figures), then by the share of the other norm's themes that
are in common (a norm about those themes alone before one that also addresses others), then by the
similarity of the texts: bm25 (counted over the norms and the curated entries, not a partner's
other entries) of the
candidate's text against the norm's own words, stopwords left out (so a norm without themes, such as a
partner's, is ranked by its text alone). Norms of the same document are left out. Each similar norm
carries the themes in common, the words its text shares with the norm's, and the curated alignment
between the two when there is one (``cn:Alignment``, either direction: its relation and rationale).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from cybernorms.errors import UsageError
from cybernorms.namespaces import CN, ID, iri_candidates, shorten
from cybernorms.search.index import COLUMNS, MARK_OPEN, SearchIndex, marked_spans
from cybernorms.search.syntax import STOPWORDS

if TYPE_CHECKING:
    from cybernorms.graph.store.embedded import Store

__all__ = ["NORM_STOPWORDS", "Alignment", "Similar", "alignments", "resolve_norm", "similar"]

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_MAX_WORDS = 64
#: Words every norm text uses ("States should not ..."), left out of the text similarity too.
NORM_STOPWORDS = STOPWORDS | frozenset(
    "should shall must may would could can do does not any all such also own other others each every "
    "state states country countries".split()
)

_ALIGNMENTS = f"""SELECT ?from ?to (SAMPLE(?rl) AS ?relation) (SAMPLE(?why) AS ?rationale) WHERE {{
  ?a <{CN}fromNorm> ?from ; <{CN}toNorm> ?to .
  OPTIONAL {{ ?a <{CN}relation> ?r . OPTIONAL {{ ?r <http://www.w3.org/2000/01/rdf-schema#label> ?rl }} }}
  OPTIONAL {{ ?a <{CN}rationale> ?why }}
}} GROUP BY ?from ?to"""


@dataclass(frozen=True)
class Alignment:
    """A curated alignment between two norms: its relation and rationale."""

    source: str
    target: str
    relation: str
    rationale: str


@dataclass(frozen=True)
class Similar:
    """A norm similar to the one asked about, with the reasons and the alignment between them."""

    iri: str
    label: str
    document: str | None
    document_label: str
    category: str | None
    score: float
    shared_themes: tuple[str, ...]
    shared_words: tuple[str, ...]
    alignment: Alignment | None


def alignments(store: Store) -> dict[frozenset[str], Alignment]:
    """The curated alignments of the store, by the pair of norms they join."""
    found: dict[frozenset[str], Alignment] = {}
    for row in store.query(_ALIGNMENTS).rows:
        source, target, relation, rationale = (getattr(t, "value", "") if t is not None else "" for t in row)
        if source and target:
            found[frozenset((source, target))] = Alignment(source, target, relation, rationale)
    return found


def resolve_norm(index: SearchIndex, norm: str) -> str:
    """The IRI of a norm given as an IRI, a CURIE (``norm:coc-1``) or an id (``norm/coc-1``)."""
    text = norm.strip()
    candidates = iri_candidates(text)
    if not text.startswith("norm/"):
        candidates.append(ID + "norm/" + text.strip("/"))
    for iri in candidates:
        row = index.by_iri.get(iri)
        if row is not None and index.entries[row].kind == "norm":
            return iri
    names = {shorten(e.iri): e.iri for e in index.entries if e.kind == "norm"}
    close = difflib.get_close_matches(shorten(candidates[-1]), list(names), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `cybernorms search TEXT --kind norm` finds one"
    raise UsageError(f"{norm!r} is not a norm of the graph{hint}")


def _words_query(text: str) -> str | None:
    words = list(dict.fromkeys(w.lower() for w in _WORD.findall(text) if w.lower() not in NORM_STOPWORDS))
    if not words:
        return None
    return "{text} : (" + " OR ".join(f'"{w}"' for w in words[:_MAX_WORDS]) + ")"


def _score(shared: int, ratio: float, text: float) -> float:
    """One number that orders as the ranking does: 2 per theme in common, plus the share of the other
    norm's themes in common (0 to 1), plus the text's bm25 / 10,000 (under 0.01)."""
    return round(2 * shared + ratio + min(text, 99.0) / 10000.0, 4)


_NORM_TEXTS: WeakKeyDictionary[SearchIndex, SearchIndex] = WeakKeyDictionary()


def norm_texts(index: SearchIndex) -> SearchIndex:
    """The entries whose words weigh in comparing norms' texts: every norm, and the curated rest (made
    once per index).

    bm25 weighs a word by how few entries hold it; counted over these alone, what a partner adds
    besides norms (a thousand organisations and their descriptions) never moves a norm's similar norms.
    """
    found = _NORM_TEXTS.get(index)
    if found is None:
        kept = [e for e in index.entries if e.kind == "norm" or e.partner is None]
        found = _NORM_TEXTS[index] = SearchIndex(kept)
    return found


def similar(index: SearchIndex, norm: str, known: dict[frozenset[str], Alignment], *, limit: int = 10) -> list[Similar]:
    """The norms of other documents most similar to ``norm`` (an IRI, CURIE or id), best first."""
    if limit < 1:
        raise UsageError(f"--limit must be 1 or more, got {limit}")
    iri = resolve_norm(index, norm)
    entry = index.entries[index.by_iri[iri]]
    themes = {t.iri: t.label for t in entry.themes}
    match = _words_query(" ".join((entry.text or entry.label, entry.label)))
    texts = norm_texts(index)
    text_scores = {texts.entries[row].iri: score for row, score in
                   texts.ranked(match, where="fts.rowid != ?", params=(texts.by_iri[iri],))} if match else {}
    ranked: list[tuple[int, float, float, int]] = []
    for row, other in enumerate(index.entries):
        if other.kind != "norm" or other.iri == iri or (entry.document and other.document == entry.document):
            continue
        shared = sum(1 for t in other.themes if t.iri in themes)
        text = text_scores.get(other.iri)
        if shared == 0 and text is None:
            continue
        ranked.append((shared, shared / (len(other.themes) or 1), -(text or 0.0), row))
    # More themes in common first; of as many, the norm that is more nearly about those themes alone;
    # then the closer text.
    ranked.sort(key=lambda r: (-r[0], -r[1], -r[2], index.entries[r[3]].iri))
    found: list[Similar] = []
    for shared, ratio, text_score, row in ranked[:limit]:
        other = index.entries[row]
        words: tuple[str, ...] = ()
        if match and text_score:
            marked = index.highlights(row, match)[COLUMNS.index("text")]
            words = tuple(marked_spans(marked)) if MARK_OPEN in marked else ()
        found.append(Similar(
            iri=other.iri, label=other.label, document=other.document, document_label=other.document_label,
            category=other.category, score=_score(shared, ratio, text_score),
            shared_themes=tuple(t.label for t in other.themes if t.iri in themes), shared_words=words,
            alignment=known.get(frozenset((iri, other.iri))),
        ))
    return found

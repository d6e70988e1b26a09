"""The word-level difference between two norms' texts, for the side-by-side page.

Carnegie's Cyber Norms Index compares norm wording across documents; here two texts are split into
words and matched with :class:`difflib.SequenceMatcher` (the standard library's Ratcliff/Obershelp
matching, ``autojunk`` off so that common words are not dropped from long texts). Words match when
they are the same after case folding and without the punctuation around them, so that "States" and
"states," are the same word; each text keeps its own spelling on the page.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

__all__ = ["Piece", "word_diff"]

_WORD = re.compile(r"\S+")
_EDGES = re.compile(r"^[^\w]+|[^\w]+$")


@dataclass(frozen=True)
class Piece:
    """A run of words of one text: ``same`` as the other text, or only in this one (``changed``)."""

    text: str
    kind: str

    @property
    def changed(self) -> bool:
        return self.kind == "changed"


def _normal(word: str) -> str:
    return _EDGES.sub("", word.casefold()) or word


def _pieces(words: list[str], spans: list[tuple[int, int, str]]) -> list[Piece]:
    return [Piece(" ".join(words[start:end]), kind) for start, end, kind in spans if end > start]


def word_diff(first: str, second: str) -> tuple[list[Piece], list[Piece]]:
    """Each text as runs of words, those not in the other text marked ``changed``."""
    a, b = _WORD.findall(first), _WORD.findall(second)
    matcher = difflib.SequenceMatcher(None, [_normal(w) for w in a], [_normal(w) for w in b], autojunk=False)
    left: list[tuple[int, int, str]] = []
    right: list[tuple[int, int, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        kind = "same" if tag == "equal" else "changed"
        left.append((i1, i2, kind))
        right.append((j1, j2, kind))
    return _pieces(a, left), _pieces(b, right)

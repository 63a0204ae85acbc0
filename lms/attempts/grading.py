"""Grading, as pure functions of a question's key and a response (no database).

Every function returns a score between 0 and the item's points, inclusive; responses that
are malformed score 0 rather than raising, since they were already validated on saving.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

_SPACES = re.compile(r"\s+")
#: punctuation that people type interchangeably in Chinese and English input modes
_PUNCT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "《": "<", "》": ">"})


def normalise_text(text: str) -> str:
    """Fold full-width to half-width (NFKC), drop all white space, ignore case."""
    folded = unicodedata.normalize("NFKC", text).translate(_PUNCT)
    return _SPACES.sub("", folded).casefold()


@dataclass(frozen=True)
class Key:
    """What grading needs to know about a question."""

    kind: str
    points: Decimal
    #: ids of the correct choices (single/multiple)
    correct: frozenset[int] = frozenset()
    #: ids of every choice (single/multiple)
    choices: frozenset[int] = frozenset()
    #: true/false answer, or accepted fill-in answers
    answer: Any = None


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def grade(key: Key, response: Any, *, multiple_scoring: str = "all_or_nothing") -> Decimal | None:
    """The score of ``response``, or None when a person must grade it (essays)."""
    zero = Decimal(0)
    if key.kind == "essay":
        return None
    if response is None:
        return zero
    if key.kind == "single":
        chosen = _choice_ids(response)
        return key.points if chosen == key.correct and len(chosen) == 1 else zero
    if key.kind == "multiple":
        chosen = _choice_ids(response) & key.choices
        if multiple_scoring == "proportional":
            if not key.correct:
                return zero
            right = len(chosen & key.correct)
            wrong = len(chosen - key.correct)
            share = Decimal(max(right - wrong, 0)) / Decimal(len(key.correct))
            return min(key.points, _round(key.points * share))
        return key.points if chosen == key.correct else zero
    if key.kind == "true_false":
        return key.points if isinstance(response, bool) and response is key.answer else zero
    if key.kind == "fill_blank":
        if not isinstance(response, str):
            return zero
        given = normalise_text(response)
        accepted = {normalise_text(str(a)) for a in key.answer or []}
        return key.points if given and given in accepted else zero
    return zero


def _choice_ids(response: Any) -> frozenset[int]:
    values = response if isinstance(response, list) else [response]
    ids = set()
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool):
            ids.add(value)
    return frozenset(ids)


def percent(score: Decimal, max_score: Decimal) -> Decimal:
    if max_score <= 0:
        return Decimal(0)
    return _round(Decimal(100) * score / max_score)

"""Grading of every kind, with property tests: bounded, shuffle-proof, idempotent."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from lms.attempts.grading import Key, grade, normalise_text

CHOICES = frozenset({11, 12, 13, 14})


def key(kind, points="4", correct=(), answer=None):
    return Key(
        kind=kind,
        points=Decimal(points),
        correct=frozenset(correct),
        choices=CHOICES,
        answer=answer,
    )


def test_single_choice():
    k = key("single", "2", [12])
    assert grade(k, [12]) == 2
    assert grade(k, [11]) == 0
    assert grade(k, [11, 12]) == 0
    assert grade(k, None) == 0


def test_multiple_choice_all_or_nothing():
    k = key("multiple", "3", [11, 13])
    assert grade(k, [13, 11]) == 3
    assert grade(k, [11]) == 0
    assert grade(k, [11, 13, 14]) == 0


def test_multiple_choice_proportional_never_below_zero():
    k = key("multiple", "4", [11, 12, 13])
    assert grade(k, [11, 12, 13], multiple_scoring="proportional") == 4
    assert grade(k, [11, 12], multiple_scoring="proportional") == Decimal("2.67")
    assert grade(k, [11, 14], multiple_scoring="proportional") == 0  # one right, one wrong
    assert grade(k, [14], multiple_scoring="proportional") == 0


def test_true_false():
    k = key("true_false", "1", answer=False)
    assert grade(k, False) == 1
    assert grade(k, True) == 0
    assert grade(k, "false") == 0  # only a real boolean counts


def test_fill_blank_normalises_width_spaces_and_case():
    k = key("fill_blank", "2", answer=["一网通办", "One Stop"])
    assert grade(k, "一网通办") == 2
    assert grade(k, " 一 网 通 办 ") == 2
    assert grade(k, "ＯＮＥ　ｓｔｏｐ") == 2  # full-width letters and space
    assert grade(k, "一网通") == 0
    assert grade(k, "") == 0


def test_normalise_text():
    assert normalise_text("Ａｂｃ　１２３") == "abc123"
    assert normalise_text("“一网通办”") == normalise_text('"一网通办"')


def test_essay_waits_for_a_person():
    assert grade(key("essay", "8"), "我的回答") is None


responses = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=20),
    st.integers(),
    st.lists(
        st.one_of(st.integers(min_value=10, max_value=15), st.booleans(), st.text()), max_size=6
    ),
)
kinds = st.sampled_from(["single", "multiple", "true_false", "fill_blank"])
points = st.decimals(min_value=Decimal("0.5"), max_value=Decimal("50"), places=2)


@settings(max_examples=300)
@given(
    kind=kinds,
    pts=points,
    correct=st.sets(st.sampled_from(sorted(CHOICES)), min_size=1),
    response=responses,
    scoring=st.sampled_from(["all_or_nothing", "proportional"]),
)
def test_score_is_between_zero_and_the_points(kind, pts, correct, response, scoring):
    k = Key(
        kind=kind,
        points=pts,
        correct=frozenset(correct),
        choices=CHOICES,
        answer=True if kind == "true_false" else ["答案"],
    )
    score = grade(k, response, multiple_scoring=scoring)
    assert Decimal(0) <= score <= pts


@settings(max_examples=200)
@given(
    correct=st.sets(st.sampled_from(sorted(CHOICES)), min_size=1),
    chosen=st.lists(st.sampled_from(sorted(CHOICES)), unique=True),
    scoring=st.sampled_from(["all_or_nothing", "proportional"]),
    data=st.data(),
)
def test_the_order_of_choices_never_changes_a_score(correct, chosen, scoring, data):
    k = key("multiple", "6", correct)
    shuffled = data.draw(st.permutations(chosen))
    assert grade(k, list(chosen), multiple_scoring=scoring) == grade(
        k, list(shuffled), multiple_scoring=scoring
    )

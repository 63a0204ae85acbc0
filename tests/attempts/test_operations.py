"""The attempt engine: drawing, resuming, limits, deadlines, grading, re-grading, completion."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from lms.assessment.models import Question, Quiz
from lms.attempts import marking
from lms.attempts import operations as ops
from lms.attempts.models import Attempt, AttemptItem
from lms.attempts.queries import competency_scores, quiz_results
from lms.audit.models import AuditEvent
from lms.core.errors import Conflict, Invalid, NotAllowed, NotFound
from lms.db import utcnow
from lms.learning.models import Enrollment
from lms.learning.operations import complete_lesson


def _items(ctx, attempt):
    return list(
        ctx.session.scalars(
            select(AttemptItem)
            .where(AttemptItem.attempt_id == attempt.id)
            .order_by(AttemptItem.position)
        )
    )


def _answer_all_correctly(ctx, attempt):
    for item in _items(ctx, attempt):
        q = ctx.session.get(Question, item.question_id)
        if q.kind in ("single", "multiple"):
            response = ctx.correct(q.key)
        elif q.kind == "true_false":
            response = q.answer
        elif q.kind == "fill_blank":
            response = q.answer[0]
        else:
            response = "我的作答"
        ops.save_answer(ctx.session, attempt, item.id, response)


def test_a_fixed_quiz_draws_its_questions_in_order_and_shuffles_choices(ctx, rng):
    attempt = ops.start_attempt(ctx.session, ctx.learner, ctx.module_quiz, rng=rng)
    items = _items(ctx, attempt)
    assert [ctx.session.get(Question, i.question_id).key for i in items] == [
        "s-001",
        "s-002",
        "s-003",
    ]
    first = ctx.question("s-001")
    assert sorted(items[0].choice_order) == sorted(c.id for c in first.choices)
    assert attempt.max_score == Decimal(6)
    assert attempt.deadline_at - attempt.started_at == timedelta(minutes=10)


def test_a_drawn_exam_takes_n_per_rule_and_keeps_case_parts_together(ctx, rng):
    attempt = ops.start_attempt(ctx.session, ctx.learner, ctx.final, rng=rng)
    items = _items(ctx, attempt)
    keys = [ctx.session.get(Question, i.question_id).key for i in items]
    service = {"s-001", "s-002", "s-003", "s-004"}
    assert len([k for k in keys if k in service]) == 2
    # the tag rule drew either the essay s-005 or the case s-006 (as its two parts, adjacent)
    assert ("s-005" in keys) != ("s-006-1" in keys)
    if "s-006-1" in keys:
        assert keys[keys.index("s-006-1") + 1] == "s-006-2"
    assert len({i.question_id for i in items}) == len(items)


def test_starting_again_resumes_the_open_attempt(ctx, rng):
    first = ops.start_attempt(ctx.session, ctx.learner, ctx.module_quiz, rng=rng)
    assert ops.start_attempt(ctx.session, ctx.learner, ctx.module_quiz, rng=rng).id == first.id


def test_the_attempt_limit_is_enforced(ctx, rng):
    for _ in range(3):
        attempt = ops.start_attempt(ctx.session, ctx.learner, ctx.module_quiz, rng=rng)
        ops.submit_attempt(ctx.session, attempt)
    with pytest.raises(NotAllowed, match="3"):
        ops.start_attempt(ctx.session, ctx.learner, ctx.module_quiz, rng=rng)
    assert ctx.session.scalar(select(func.count()).select_from(Attempt)) == 3


def test_an_archived_quiz_cannot_be_started(ctx, rng):
    ctx.module_quiz.is_archived = True
    with pytest.raises(NotAllowed):
        ops.start_attempt(ctx.session, ctx.learner, ctx.module_quiz, rng=rng)


def test_answers_are_refused_after_the_deadline_and_the_attempt_closes_at_it(ctx, rng):
    start = utcnow() - timedelta(minutes=30)
    attempt = ops.start_attempt(ctx.session, ctx.learner, ctx.module_quiz, now=start, rng=rng)
    item = _items(ctx, attempt)[0]
    ops.save_answer(
        ctx.session, attempt, item.id, ctx.correct("s-001"), now=start + timedelta(minutes=5)
    )
    with pytest.raises(Conflict):
        ops.save_answer(ctx.session, attempt, item.id, [], now=start + timedelta(minutes=11))
    assert attempt.submitted_at == attempt.deadline_at and attempt.auto_submitted
    assert attempt.score == Decimal(2)  # the answer saved in time counts
    with pytest.raises(Conflict):
        ops.submit_attempt(ctx.session, attempt)


def test_close_expired_submits_only_attempts_past_their_deadline(ctx, rng):
    old = ops.start_attempt(
        ctx.session, ctx.learner, ctx.module_quiz, now=utcnow() - timedelta(hours=1), rng=rng
    )
    fresh = ops.start_attempt(ctx.session, ctx.other, ctx.module_quiz, rng=rng)
    assert ops.close_expired(ctx.session) == 1
    assert old.submitted_at is not None and fresh.submitted_at is None


@pytest.mark.parametrize(
    "key,response,message",
    [
        ("s-001", "s-002-choice", "不属于本题"),
        ("s-003", "yes", "请选择“正确”或“错误”"),
        ("s-004", "字" * 201, "200"),
    ],
)
def test_bad_answers_are_refused(ctx, rng, key, response, message):
    attempt = ops.start_attempt(
        ctx.session, ctx.learner, ctx.final if key == "s-004" else ctx.module_quiz, rng=rng
    )
    by_key = {ctx.session.get(Question, i.question_id).key: i for i in _items(ctx, attempt)}
    if key not in by_key:
        pytest.skip("not drawn")
    if response == "s-002-choice":
        response = [ctx.question("s-002").choices[0].id]
    with pytest.raises(Invalid, match=message):
        ops.save_answer(ctx.session, attempt, by_key[key].id, response)


def test_an_item_of_another_attempt_is_refused(ctx, rng):
    mine = ops.start_attempt(ctx.session, ctx.learner, ctx.module_quiz, rng=rng)
    theirs = ops.start_attempt(ctx.session, ctx.other, ctx.module_quiz, rng=rng)
    with pytest.raises(Invalid):
        ops.save_answer(ctx.session, mine, _items(ctx, theirs)[0].id, None)


def test_an_oversize_essay_is_refused(ctx):
    with pytest.raises(Invalid, match="5000"):
        ops.clean_response("essay", [], "长" * 5001)
    assert ops.clean_response("essay", [], "  答  ") == "答"


def test_submit_grades_every_kind(ctx, rng):
    attempt = ops.start_attempt(ctx.session, ctx.learner, ctx.module_quiz, rng=rng)
    _answer_all_correctly(ctx, attempt)
    ops.submit_attempt(ctx.session, attempt)
    assert (attempt.status, attempt.score, attempt.percent, attempt.passed) == (
        "graded",
        Decimal(6),
        Decimal(100),
        True,
    )


def test_an_essay_waits_for_a_trainer_then_counts(ctx, rng):
    quiz = ctx.final
    attempt = None
    for seed in range(50):  # find a draw that includes written answers
        import random

        candidate = ops.start_attempt(ctx.session, ctx.learner, quiz, rng=random.Random(seed))
        if any(i.needs_manual for i in _items(ctx, candidate)):
            attempt = candidate
            break
        ctx.session.delete(candidate)
        ctx.session.flush()
    assert attempt is not None
    _answer_all_correctly(ctx, attempt)
    ops.submit_attempt(ctx.session, attempt)
    assert attempt.status == "awaiting_grading" and attempt.score is None
    manual = [i for i in _items(ctx, attempt) if i.needs_manual]
    with pytest.raises(NotFound):
        marking.grade_manually(ctx.session, ctx.trainer2, manual[0], Decimal(1), "")
    with pytest.raises(Invalid):
        marking.grade_manually(ctx.session, ctx.trainer, manual[0], manual[0].max_points + 1, "")
    for item in manual:
        marking.grade_manually(ctx.session, ctx.trainer, item, item.max_points / 2, "要点不全")
    assert attempt.status == "graded" and attempt.score < attempt.max_score
    events = ctx.session.scalars(select(AuditEvent).where(AuditEvent.action == "attempt.grade"))
    assert len(list(events)) == len(manual)


def test_correcting_a_key_regrades_and_is_audited_and_idempotent(ctx, rng):
    attempt = ops.start_attempt(ctx.session, ctx.learner, ctx.module_quiz, rng=rng)
    item = _items(ctx, attempt)[0]  # s-001, right answer B
    ops.save_answer(ctx.session, attempt, item.id, [ctx.choice("s-001", "A").id])
    ops.submit_attempt(ctx.session, attempt)
    assert item.score == 0
    count = marking.correct_key(
        ctx.session,
        ctx.trainer,
        ctx.question("s-001"),
        correct_choice_ids=[ctx.choice("s-001", "A").id],
        reason="原答案有误，经教研组复核",
    )
    assert count == 1 and item.score == 2 and attempt.score == 2
    event = ctx.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "question.correct_key")
    )
    assert event.actor_id == ctx.trainer.id
    assert event.details["before"] == ["B"] and event.details["after"] == ["A"]
    assert event.details["reason"] == "原答案有误，经教研组复核"
    before = [(i.id, i.score) for i in _items(ctx, attempt)]
    marking.regrade_question(ctx.session, ctx.question("s-001"))
    marking.regrade_question(ctx.session, ctx.question("s-001"))
    assert [(i.id, i.score) for i in _items(ctx, attempt)] == before


def test_correcting_a_key_needs_a_reason_and_the_right_trainer(ctx):
    with pytest.raises(Invalid):
        marking.correct_key(
            ctx.session, ctx.trainer, ctx.question("s-003"), answer=True, reason=" "
        )
    with pytest.raises(NotFound):
        marking.correct_key(
            ctx.session, ctx.trainer2, ctx.question("s-003"), answer=True, reason="x"
        )


def test_grading_method_highest_or_last(ctx, rng):
    results = []
    for right in (True, False):
        attempt = ops.start_attempt(ctx.session, ctx.learner, ctx.module_quiz, rng=rng)
        if right:
            _answer_all_correctly(ctx, attempt)
        ops.submit_attempt(ctx.session, attempt)
        results.append(attempt)
    assert (
        quiz_results(ctx.session, ctx.learner.id, [ctx.module_quiz])[ctx.module_quiz.id].percent
        == 100
    )
    ctx.module_quiz.grading = "last"
    result = quiz_results(ctx.session, ctx.learner.id, [ctx.module_quiz])[ctx.module_quiz.id]
    assert result.percent == 0 and not result.passed


def test_passing_every_quiz_with_every_lesson_completes_the_course(ctx, rng):
    from lms.courses.models import Lesson

    for lesson in ctx.session.scalars(select(Lesson).where(Lesson.course_id == ctx.course.id)):
        complete_lesson(ctx.session, ctx.learner, lesson, ctx.course)
    attempt = ops.start_attempt(ctx.session, ctx.learner, ctx.module_quiz, rng=rng)
    _answer_all_correctly(ctx, attempt)
    ops.submit_attempt(ctx.session, attempt)
    enrollment = ctx.session.scalar(
        select(Enrollment).where(Enrollment.person_id == ctx.learner.id)
    )
    assert enrollment.completed_at is None  # the final exam is still to pass
    exam = ops.start_attempt(ctx.session, ctx.learner, ctx.final, rng=rng)
    _answer_all_correctly(ctx, exam)
    ops.submit_attempt(ctx.session, exam)
    for item in _items(ctx, exam):
        if item.needs_manual:
            marking.grade_manually(ctx.session, ctx.trainer, item, item.max_points, "好")
    assert exam.passed
    assert enrollment.completed_at is not None


def test_competency_scores_use_the_best_attempt_per_quiz(ctx, rng):
    for right in (False, True, False):
        attempt = ops.start_attempt(ctx.session, ctx.learner, ctx.module_quiz, rng=rng)
        if right:
            _answer_all_correctly(ctx, attempt)
        ops.submit_attempt(ctx.session, attempt)
    other = ops.start_attempt(ctx.session, ctx.other, ctx.module_quiz, rng=rng)
    ops.save_answer(ctx.session, other, _items(ctx, other)[0].id, ctx.correct("s-001"))
    ops.submit_attempt(ctx.session, other)
    scores = competency_scores(ctx.session)
    assert scores[ctx.learner.id] == {"service-awareness": Decimal("1.0000")}
    assert scores[ctx.other.id] == {"service-awareness": Decimal("0.3333")}
    assert competency_scores(ctx.session, [ctx.other.id]).keys() == {ctx.other.id}


def test_questions_in_attempts_survive_a_reimport_that_drops_them(
    ctx, rng, app, tmp_path, import_package, session
):
    import shutil

    from tests.conftest import SAMPLE_PACKAGE

    attempt = ops.start_attempt(ctx.session, ctx.learner, ctx.module_quiz, rng=rng)
    ops.submit_attempt(ctx.session, attempt)
    ctx.session.commit()
    package = tmp_path / "sample-course"
    shutil.copytree(SAMPLE_PACKAGE, package)
    text = (package / "questions.yaml").read_text(encoding="utf-8")
    start = text.index("- id: s-003")
    end = text.index("- id: s-004")
    (package / "questions.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    (package / "course.yaml").write_text(
        (package / "course.yaml")
        .read_text(encoding="utf-8")
        .replace("[s-001, s-002, s-003]", "[s-001, s-002]"),
        encoding="utf-8",
    )
    import_package(package)
    retired = session.scalar(select(Question).where(Question.key == "s-003"))
    assert retired is not None and retired.is_retired
    assert session.scalar(select(func.count()).select_from(AttemptItem)) == 3
    assert session.scalar(select(func.count()).select_from(Quiz)) == 2


def test_stored_competency_scores_follow_grading_and_regrading(ctx, rng):
    from lms.reports.models import PersonCompetency

    def stored():
        ctx.session.flush()
        return {
            (row.person_id, row.competency_code): row.share
            for row in ctx.session.scalars(select(PersonCompetency))
        }

    def computed():
        return {
            (pid, code): value
            for pid, scores in competency_scores(ctx.session).items()
            for code, value in scores.items()
        }

    attempt = ops.start_attempt(ctx.session, ctx.learner, ctx.module_quiz, rng=rng)
    item = _items(ctx, attempt)[0]
    ops.save_answer(ctx.session, attempt, item.id, [ctx.choice("s-001", "A").id])
    ops.submit_attempt(ctx.session, attempt)
    assert stored() == computed() == {(ctx.learner.id, "service-awareness"): Decimal("0")}
    marking.correct_key(
        ctx.session,
        ctx.trainer,
        ctx.question("s-001"),
        correct_choice_ids=[ctx.choice("s-001", "A").id],
        reason="更正",
    )
    assert stored() == computed() == {(ctx.learner.id, "service-awareness"): Decimal("0.3333")}

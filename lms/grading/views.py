"""The trainer's grading queue, grading one answer, and correcting an answer key."""

from __future__ import annotations

from decimal import Decimal

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from lms import db
from lms.assessment.models import Question
from lms.attempts import marking
from lms.attempts.models import Attempt, AttemptItem
from lms.core.access import role_required
from lms.core.errors import DomainError, NotFound
from lms.core.paging import clamp_page
from lms.courses.models import Course
from lms.courses.permissions import load_course_or_404
from lms.grading import bp, queries
from lms.grading.forms import GradeForm, KeyForm


@bp.route("/")
@role_required("trainer")
def queue():  # type: ignore[no-untyped-def]
    session = db.session()
    page = queries.grading_queue(session, current_user, page=clamp_page(request.args.get("page")))
    return render_template(
        "grading/queue.html", page=page, courses=queries.gradable_courses(session, current_user)
    )


def _load_item(item_id: int) -> tuple[AttemptItem, Attempt, Question, Course]:
    session = db.session()
    item = session.get(AttemptItem, item_id)
    attempt = session.get(Attempt, item.attempt_id) if item else None
    question = session.get(Question, item.question_id) if item else None
    course = session.get(Course, question.course_id) if question else None
    if (
        item is None
        or attempt is None
        or question is None
        or not marking.can_grade(current_user, course)
    ):
        raise NotFound(_("This answer does not exist."))
    assert course is not None
    return item, attempt, question, course


@bp.route("/items/<int:item_id>", methods=["GET", "POST"])
@role_required("trainer")
def grade(item_id: int):  # type: ignore[no-untyped-def]
    item, attempt, question, course = _load_item(item_id)
    form = GradeForm()
    if request.method == "GET":
        form.score.data = item.score
        form.comment.data = item.grader_comment
    status = 200
    if form.validate_on_submit():
        try:
            marking.grade_manually(
                db.session(),
                current_user,
                item,
                Decimal(form.score.data),
                form.comment.data or "",
                ip=request.remote_addr,
            )
        except DomainError as exc:
            form.score.errors = [*form.score.errors, exc.message]
            status = 400
        else:
            flash(_("Grade saved."), "success")
            return redirect(url_for("grading.queue"))
    elif form.is_submitted():
        status = 400
    return render_template(
        "grading/item.html", item=item, attempt=attempt, question=question, course=course, form=form
    ), status


@bp.route("/courses/<code>/questions")
@role_required("trainer")
def questions(code: str):  # type: ignore[no-untyped-def]
    session = db.session()
    course = load_course_or_404(session, code, current_user)
    if not marking.can_grade(current_user, course):
        raise NotFound(_("This course does not exist or is not open yet."))
    return render_template(
        "grading/questions.html",
        course=course,
        questions=queries.course_questions(session, course.id),
    )


@bp.route("/questions/<int:question_id>/key", methods=["GET", "POST"])
@role_required("trainer")
def correct_key(question_id: int):  # type: ignore[no-untyped-def]
    session = db.session()
    question = session.get(Question, question_id, options=[selectinload(Question.choices)])
    course = session.get(Course, question.course_id) if question else None
    if question is None or not marking.can_grade(current_user, course):
        raise NotFound(_("This question does not exist."))
    form = KeyForm()
    form.correct.choices = [SelectChoice(c.id, f"{c.key}. {c.text}") for c in question.choices]
    if request.method == "GET":
        form.correct.data = [c.id for c in question.choices if c.is_correct]
        form.truth.data = "true" if question.answer is True else "false"
        form.accepted.data = (
            "\n".join(question.answer or []) if question.kind == "fill_blank" else ""
        )
    status = 200
    if form.validate_on_submit():
        try:
            count = marking.correct_key(
                session,
                current_user,
                question,
                correct_choice_ids=form.correct.data,
                answer=_answer_from(question.kind, form),
                reason=form.reason.data,
                ip=request.remote_addr,
            )
        except DomainError as exc:
            form.form_errors.append(exc.message)
            status = 400
        else:
            flash(_("The key is corrected and %(n)d attempts were re-graded.", n=count), "success")
            return redirect(url_for("grading.questions", code=course.code))
    elif form.is_submitted():
        status = 400
    return render_template("grading/key.html", question=question, course=course, form=form), status


def _answer_from(kind: str, form: KeyForm):  # type: ignore[no-untyped-def]
    if kind == "true_false":
        return {"true": True, "false": False}.get(form.truth.data or "")
    if kind == "fill_blank":
        return (form.accepted.data or "").splitlines()
    return None

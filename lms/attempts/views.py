"""Quiz pages, the attempt itself (paged, with and without JavaScript), saving and review."""

from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms import db
from lms.assessment.models import Question, Quiz
from lms.attempts import bp, operations, queries
from lms.attempts.forms import response_from_form
from lms.attempts.models import Attempt
from lms.core.access import login_required
from lms.core.errors import DomainError, NotFound
from lms.core.forms import ActionForm
from lms.courses.models import Course
from lms.courses.permissions import can_view_course
from lms.db import utcnow

#: questions (a case with its parts counts as one) per page of an attempt
PER_PAGE = 5


def _load_quiz(quiz_id: int) -> tuple[Quiz, Course]:
    session = db.session()
    quiz = session.get(Quiz, quiz_id)
    course = session.get(Course, quiz.course_id) if quiz else None
    if quiz is None or course is None or not can_view_course(current_user, course):
        raise NotFound(_("This quiz does not exist."))
    return quiz, course


def _load_attempt(attempt_id: int) -> tuple[Attempt, Quiz, Course]:
    """The current person's own attempt (anyone else's is 'not found')."""
    session = db.session()
    attempt = session.get(Attempt, attempt_id)
    if attempt is None or attempt.person_id != current_user.id:
        raise NotFound(_("This attempt does not exist."))
    quiz, course = _load_quiz(attempt.quiz_id)
    return attempt, quiz, course


@bp.route("/quizzes/<int:quiz_id>")
@login_required
def quiz(quiz_id: int):  # type: ignore[no-untyped-def]
    session = db.session()
    quiz, course = _load_quiz(quiz_id)
    attempts = queries.attempts_of(session, current_user.id, quiz.id)
    for attempt in attempts:
        operations.close_if_expired(session, attempt)
    result = queries.quiz_results(session, current_user.id, [quiz]).get(quiz.id)
    open_attempt = next((a for a in attempts if a.submitted_at is None), None)
    used = len(attempts)
    left = None if quiz.max_attempts is None else max(quiz.max_attempts - used, 0)
    return render_template(
        "attempts/quiz.html",
        quiz=quiz,
        course=course,
        attempts=attempts,
        result=result,
        open_attempt=open_attempt,
        left=left,
        form=ActionForm(),
    )


@bp.route("/quizzes/<int:quiz_id>/start", methods=["POST"])
@login_required
def start(quiz_id: int):  # type: ignore[no-untyped-def]
    quiz, _course = _load_quiz(quiz_id)
    ActionForm().validate_or_400()
    attempt = operations.start_attempt(db.session(), current_user, quiz)
    return redirect(url_for("attempts.attempt", attempt_id=attempt.id))


def _pages(views: list[queries.ItemView]) -> list[list[queries.ItemView]]:
    groups: list[list[queries.ItemView]] = []
    for view in views:
        if view.case is not None and not view.first_of_case and groups:
            groups[-1].append(view)
        else:
            groups.append([view])
    return [sum(groups[i : i + PER_PAGE], []) for i in range(0, len(groups), PER_PAGE)] or [[]]


def _page_number(pages: list[list[queries.ItemView]]) -> int:
    try:
        number = int(request.values.get("page", 1))
    except ValueError:
        number = 1
    return min(max(number, 1), len(pages))


@bp.route("/attempts/<int:attempt_id>", methods=["GET", "POST"])
@login_required
def attempt(attempt_id: int):  # type: ignore[no-untyped-def]
    session = db.session()
    attempt, quiz, course = _load_attempt(attempt_id)
    if operations.close_if_expired(session, attempt):
        flash(_("Time is up: your attempt has been submitted with the answers saved."), "info")
    if attempt.submitted_at is not None:
        return redirect(url_for("attempts.review", attempt_id=attempt.id))
    pages = _pages(queries.attempt_items(session, attempt))
    number = _page_number(pages)
    if request.method == "POST":
        for view in pages[number - 1]:
            name = f"q{view.item.id}"
            operations.save_answer(
                session,
                attempt,
                view.item.id,
                response_from_form(view.question.kind, request.form, name),
            )
        action = request.form.get("action", "save")
        if action == "submit":
            operations.submit_attempt(session, attempt)
            return redirect(url_for("attempts.review", attempt_id=attempt.id))
        target = number + 1 if action == "next" else number - 1 if action == "prev" else number
        flash(_("Your answers on this page are saved."), "success")
        return redirect(
            url_for("attempts.attempt", attempt_id=attempt.id, page=min(max(target, 1), len(pages)))
        )
    answered = sum(1 for page in pages for v in page if v.item.response is not None)
    total = sum(len(page) for page in pages)
    return render_template(
        "attempts/attempt.html",
        attempt=attempt,
        quiz=quiz,
        course=course,
        page=pages[number - 1],
        number=number,
        pages=len(pages),
        answered=answered,
        total=total,
        now=utcnow(),
        form=ActionForm(),
    )


@bp.route("/attempts/<int:attempt_id>/answers", methods=["POST"])
@login_required
def save(attempt_id: int):  # type: ignore[no-untyped-def]
    """Save one answer as JSON ({"item": id, "response": …}); used by attempt.js."""
    session = db.session()
    attempt, _quiz, _course = _load_attempt(attempt_id)
    data = request.get_json(silent=True)
    if not isinstance(data, dict) or not isinstance(data.get("item"), int):
        return _json_error(400, "bad_request", _("The request could not be understood."))
    try:
        saved = operations.save_answer(session, attempt, data["item"], data.get("response"))
    except DomainError as exc:
        # the attempt may have just been closed by its deadline: keep that, report the error
        db.keep_changes()
        return _json_error(exc.status, exc.code, exc.message)
    return jsonify(
        {
            "saved": True,
            "item": saved.id,
            "saved_at": saved.answered_at.isoformat() if saved.answered_at else None,
        }
    )


def _json_error(status: int, code: str, message: str):  # type: ignore[no-untyped-def]
    return jsonify({"error": {"code": code, "message": message}}), status


@bp.route("/attempts/<int:attempt_id>/submit", methods=["POST"])
@login_required
def submit(attempt_id: int):  # type: ignore[no-untyped-def]
    session = db.session()
    attempt, _quiz, _course = _load_attempt(attempt_id)
    ActionForm().validate_or_400()
    if operations.close_if_expired(session, attempt):
        flash(_("Time is up: your attempt has been submitted with the answers saved."), "info")
    else:
        operations.submit_attempt(session, attempt)
    return redirect(url_for("attempts.review", attempt_id=attempt.id))


@bp.route("/attempts/<int:attempt_id>/review")
@login_required
def review(attempt_id: int):  # type: ignore[no-untyped-def]
    session = db.session()
    attempt, quiz, course = _load_attempt(attempt_id)
    operations.close_if_expired(session, attempt)
    if attempt.submitted_at is None:
        return redirect(url_for("attempts.attempt", attempt_id=attempt.id))
    result = queries.quiz_results(session, current_user.id, [quiz]).get(quiz.id)
    show = queries.may_review(quiz, attempt, bool(result and result.passed), utcnow())
    views = queries.attempt_items(session, attempt) if show else []
    return render_template(
        "attempts/review.html",
        attempt=attempt,
        quiz=quiz,
        course=course,
        views=views,
        show=show,
        result=result,
        Question=Question,
    )

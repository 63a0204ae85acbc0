"""The catalogue and course pages."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms import db
from lms.attempts.queries import quiz_results
from lms.core.access import login_required
from lms.core.competencies import CODES
from lms.core.forms import ActionForm
from lms.core.paging import clamp_page
from lms.core.time import local_year
from lms.courses import bp, queries
from lms.courses.permissions import load_course_or_404
from lms.learning import operations as learning_ops
from lms.learning import queries as learning_queries


@bp.route("/")
@login_required
def catalogue():  # type: ignore[no-untyped-def]
    session = db.session()
    text = request.args.get("q", "")
    competency = request.args.get("competency") or None
    if competency not in CODES:
        competency = None
    page = queries.catalogue(
        session, query=text, competency=competency, page=clamp_page(request.args.get("page"))
    )
    status = learning_queries.enrollment_status(
        session, current_user.id, [c.id for c in page.items]
    )
    return render_template(
        "courses/catalogue.html", page=page, q=text, competency=competency, status=status
    )


@bp.route("/<code>")
@login_required
def course(code: str):  # type: ignore[no-untyped-def]
    session = db.session()
    course = load_course_or_404(session, code, current_user, with_competencies=True)
    quizzes = queries.course_quizzes(session, course.id)
    return render_template(
        "courses/course.html",
        course=course,
        outline=queries.course_outline(session, course.id, current_user.id),
        quizzes=quizzes,
        results=quiz_results(session, current_user.id, list(quizzes.values())),
        status=learning_queries.course_status(session, current_user, course.id, local_year()),
        form=ActionForm(),
    )


@bp.route("/<code>/enroll", methods=["POST"])
@login_required
def enroll(code: str):  # type: ignore[no-untyped-def]
    session = db.session()
    course = load_course_or_404(session, code, current_user)
    ActionForm().validate_or_400()
    learning_ops.enroll(session, current_user, course)
    flash(_("You have enrolled in this course."), "success")
    return redirect(url_for("courses.course", code=course.code))

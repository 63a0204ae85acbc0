"""The learner's home and lesson pages."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import exists, select
from sqlalchemy.orm import undefer

from lms import db
from lms.core.access import login_required
from lms.core.errors import NotFound
from lms.core.forms import ActionForm
from lms.core.time import local_year, today_local
from lms.courses.models import Lesson
from lms.courses.permissions import load_course_or_404
from lms.courses.queries import course_outline
from lms.learning import bp, operations, queries
from lms.learning.models import LessonProgress


@bp.route("/learn/")
@login_required
def home():  # type: ignore[no-untyped-def]
    from lms.classes.operations import classes_of

    session = db.session()
    home = queries.learner_home(session, current_user, local_year())
    return render_template(
        "learning/home.html",
        home=home,
        today=today_local(),
        classes=classes_of(session, current_user),
    )


def _load_lesson(code: str, slug: str, *, with_body: bool = False):  # type: ignore[no-untyped-def]
    """The course and lesson, and whether the current person has studied the lesson."""
    session = db.session()
    course = load_course_or_404(session, code, current_user)
    studied = exists().where(
        LessonProgress.person_id == current_user.id, LessonProgress.lesson_id == Lesson.id
    )
    query = select(Lesson, studied).where(Lesson.course_id == course.id, Lesson.slug == slug)
    if with_body:
        query = query.options(undefer(Lesson.body_html))
    row = session.execute(query).one_or_none()
    if row is None:
        raise NotFound(_("This lesson does not exist."))
    return session, course, row[0], row[1]


@bp.route("/courses/<code>/lessons/<slug>")
@login_required
def lesson(code: str, slug: str):  # type: ignore[no-untyped-def]
    session, course, lesson, done = _load_lesson(code, slug, with_body=True)
    module, prev, nxt = course_outline(session, course.id).locate(lesson.id)
    return render_template(
        "learning/lesson.html",
        course=course,
        module=module,
        lesson=lesson,
        prev=prev,
        next=nxt,
        done=done,
        form=ActionForm(),
    )


@bp.route("/courses/<code>/lessons/<slug>/complete", methods=["POST"])
@login_required
def complete(code: str, slug: str):  # type: ignore[no-untyped-def]
    session, course, lesson, _done = _load_lesson(code, slug)
    ActionForm().validate_or_400()
    required = queries.is_required(session, current_user, course.id, local_year()) is not None
    operations.complete_lesson(session, current_user, lesson, course, required=required)
    _module, _prev, nxt = course_outline(session, course.id).locate(lesson.id)
    flash(_("Lesson completed: %(title)s", title=lesson.title), "success")
    if nxt is not None:
        return redirect(url_for("learning.lesson", code=course.code, slug=nxt.slug))
    return redirect(url_for("courses.course", code=course.code))

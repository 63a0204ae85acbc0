"""Who may see which course."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from lms.accounts.models import Person
from lms.core.errors import NotFound
from lms.courses.models import Course


def can_view_course(person: Person, course: Course) -> bool:
    """Published courses are open to everyone signed in; drafts to their owner and admins."""
    if course.status == "published":
        return True
    return person.role == "admin" or (person.role == "trainer" and course.owner_id == person.id)


def load_course_or_404(
    session: Session, code: str, viewer: Person, *, with_competencies: bool = False
) -> Course:
    """The course, or NotFound when it does not exist or the viewer may not see it."""
    query = select(Course).where(Course.code == code)
    if with_competencies:
        query = query.options(joinedload(Course.competency_links))
    course = session.scalars(query).unique().one_or_none()
    if course is None or not can_view_course(viewer, course):
        raise NotFound(_("This course does not exist or is not open yet."))
    return course

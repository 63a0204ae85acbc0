"""Required courses seen from a unit subtree: for each course, how many of the subtree's
people must take it, how many have completed it and how many are overdue.

A person counts once per course however many assignments name them (a province-wide
assignment and a county one for the same course overlap). Assignments made higher up the
tree count too: a county's dashboard shows the province's required courses for its people.
Three statements whatever the number of people: assignments on units, completions of the
assigned courses by unit, assignments on single people.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.courses.models import Course
from lms.learning.models import Assignment, Enrollment
from lms.orgs.models import OrgUnit
from lms.orgs.operations import in_subtree
from lms.reports.models import PersonYearSummary


@dataclass
class CourseProgress:
    course_id: int
    title: str = ""
    people: int = 0
    completed: int = 0
    overdue: int = 0


class Subtree:
    """Unit ids by path, to find the units under any unit of the subtree by bisection."""

    def __init__(self, paths: dict[int, str]) -> None:
        pairs = sorted((path, unit_id) for unit_id, path in paths.items())
        self.paths = [p for p, _ in pairs]
        self.ids = [i for _, i in pairs]

    def under(self, path: str) -> list[int]:
        start = bisect_left(self.paths, path)
        end = bisect_right(self.paths, path + "\uffff")
        return self.ids[start:end]


def progress_in_subtree(
    session: Session,
    unit: OrgUnit | None,
    year: int,
    paths: dict[int, str],
    people_by_unit: dict[int, int],
    today: date,
) -> list[CourseProgress]:
    """``paths``: every unit of the subtree; ``people_by_unit``: its active people per unit
    (from the yearly summaries of ``year``)."""
    prefix = unit.path if unit else "/"
    subtree = Subtree(paths)
    covered: dict[int, set[int]] = defaultdict(set)
    due: dict[int, set[int]] = defaultdict(set)
    for course_id, due_date, target in session.execute(
        select(Assignment.course_id, Assignment.due_date, OrgUnit.path)
        .join(OrgUnit, OrgUnit.id == Assignment.unit_id)
        .where(Assignment.year == year)
    ):
        if prefix.startswith(target):  # on the subtree's root or above it: everyone
            units = subtree.ids
        elif target.startswith(prefix):
            units = subtree.under(target)
        else:
            continue
        covered[course_id].update(units)
        if due_date < today:
            due[course_id].update(units)
    singles = session.execute(
        select(
            Assignment.course_id,
            Assignment.person_id,
            func.min(Assignment.due_date),
            PersonYearSummary.unit_id,
            func.max(Enrollment.completed_at),
        )
        .join(
            PersonYearSummary,
            (PersonYearSummary.person_id == Assignment.person_id)
            & (PersonYearSummary.year == year),
        )
        .outerjoin(
            Enrollment,
            (Enrollment.person_id == Assignment.person_id)
            & (Enrollment.course_id == Assignment.course_id),
        )
        .where(
            Assignment.year == year,
            Assignment.person_id.is_not(None),
            PersonYearSummary.active.is_(True),
        )
        .group_by(Assignment.course_id, Assignment.person_id, PersonYearSummary.unit_id)
    ).all()
    # a year's assignments on single people are few: keep the subtree's here, so the
    # planner starts from them rather than from the summaries
    singles = [row for row in singles if row[3] in paths]
    courses = set(covered) | {row[0] for row in singles}
    if not courses:
        return []
    done: dict[tuple[int, int], int] = {}
    if covered:
        done = {
            (course_id, unit_id): count
            for course_id, unit_id, count in session.execute(
                select(Enrollment.course_id, Enrollment.unit_id, func.count())
                .where(
                    Enrollment.course_id.in_(list(covered)),
                    Enrollment.active.is_(True),
                    Enrollment.completed_at.is_not(None),
                    in_subtree(Enrollment.unit_id, unit),
                )
                .group_by(Enrollment.course_id, Enrollment.unit_id)
            )
        }
    progress = {course_id: CourseProgress(course_id) for course_id in courses}
    for course_id, units in covered.items():
        row = progress[course_id]
        row.people = sum(people_by_unit.get(unit_id, 0) for unit_id in units)
        row.overdue = sum(people_by_unit.get(unit_id, 0) for unit_id in due[course_id])
    for (course_id, unit_id), finished in done.items():
        row = progress[course_id]
        if unit_id in covered[course_id]:
            row.completed += finished
        if unit_id in due[course_id]:
            row.overdue -= finished
    for course_id, _person, due_date, unit_id, completed_at in singles:
        row = progress[course_id]
        late = due_date < today and completed_at is None
        if unit_id in covered.get(course_id, ()):
            # already counted through a unit; only a stricter personal due date adds
            if late and unit_id not in due.get(course_id, ()):
                row.overdue += 1
            continue
        row.people += 1
        row.completed += completed_at is not None
        row.overdue += late
    for course_id, title in session.execute(
        select(Course.id, Course.title).where(Course.id.in_(list(courses)))
    ):
        progress[course_id].title = title
    return sorted(progress.values(), key=lambda r: (-r.people, r.title))

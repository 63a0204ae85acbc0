"""Keep derived data current in the same flush as the change that affects it, wherever in
the code the change was made:

- ``Person.record_changed_at``, which the data feed's ``updated_since`` compares against;
- ``PersonYearSummary`` rows, which reports and exports read;
- ``PersonCompetency`` rows, when attempts are graded or re-graded.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, update
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.attempts.models import Attempt
from lms.certificates.models import Certificate, CreditEntry
from lms.core.time import local_year
from lms.db import utcnow
from lms.learning.models import Enrollment
from lms.reports.summaries import refresh, refresh_competencies

#: changes that alter what the data feed reports about a person
RECORD = (CreditEntry, Certificate, Attempt, Enrollment)
#: changes that alter a person's yearly summary (completions count by month)
SUMMARY = (CreditEntry, Certificate, Enrollment)


@event.listens_for(Session, "after_flush")
def _track(session: Session, _context: Any) -> None:
    changed = [
        obj
        for obj in (*session.new, *session.dirty, *session.deleted)
        if isinstance(obj, RECORD) and getattr(obj, "person_id", None)
    ]
    if not changed:
        return
    connection = session.connection()
    people = {obj.person_id for obj in changed}
    connection.execute(
        update(Person).where(Person.id.in_(people)).values(record_changed_at=utcnow())
    )
    graded = {obj.person_id for obj in changed if isinstance(obj, Attempt)}
    if graded:
        refresh_competencies(connection, graded)
    summary = [obj for obj in changed if isinstance(obj, SUMMARY)]
    if summary:
        years = {local_year()}
        years |= {obj.year for obj in summary if isinstance(obj, CreditEntry)}
        years |= {
            obj.completed_on.year
            for obj in summary
            if isinstance(obj, Certificate) and obj.completed_on
        }
        years |= {
            local_year(obj.completed_at)
            for obj in summary
            if isinstance(obj, Enrollment) and obj.completed_at
        }
        refresh(connection, {obj.person_id for obj in summary}, years)

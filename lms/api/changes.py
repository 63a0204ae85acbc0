"""Keep ``Person.record_changed_at`` current, for the data feed's ``updated_since``.

Whatever changes what the feed reports about a person (ledger rows, certificates, graded
attempts, completed courses) touches that person's timestamp in the same flush, wherever in
the code the change was made.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, update
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.attempts.models import Attempt
from lms.certificates.models import Certificate, CreditEntry
from lms.db import utcnow
from lms.learning.models import Enrollment

WATCHED = (CreditEntry, Certificate, Attempt, Enrollment)


@event.listens_for(Session, "after_flush")
def _touch_records(session: Session, _context: Any) -> None:
    people = {
        obj.person_id
        for obj in (*session.new, *session.dirty)
        if isinstance(obj, WATCHED) and getattr(obj, "person_id", None)
    }
    if people:
        session.connection().execute(
            update(Person).where(Person.id.in_(people)).values(record_changed_at=utcnow())
        )

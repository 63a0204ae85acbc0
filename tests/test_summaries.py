"""Yearly summaries always equal a brute-force recount of the ledger and the targets."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from lms import db
from lms.accounts.models import Person
from lms.certificates import ledger
from lms.certificates.models import AnnualTarget, CreditEntry
from lms.certificates.operations import reverse_entry
from lms.core.time import local_year
from lms.reports.models import PersonYearSummary
from lms.reports.summaries import refresh_everyone
from tests.conftest import post


def _recount(session, person, year):
    standing = ledger.standing(session, person, year)
    return (
        standing.hours["online"],
        standing.hours["offline"],
        standing.hours["external"],
        standing.total,
        standing.target.total,
        standing.on_track,
    )


def _summary(session, person_id, year):
    row = session.get(PersonYearSummary, (person_id, year))
    return (row.online, row.offline, row.external, row.total, row.target_total, row.on_track)


def test_summaries_follow_every_ledger_change_and_match_a_recount(app, org):
    rng = random.Random(5)
    year = local_year()
    with app.app_context():
        session = db.session()
        refresh_everyone(session.connection(), year)
        people = list(session.scalars(select(Person)))
        manager = session.get(Person, org.manager.id)
        session.add(
            AnnualTarget(unit_id=org.county_a.id, total_hours=Decimal(12), online_hours=Decimal(4))
        )
        session.flush()
        refresh_everyone(session.connection(), year)
        entries = []
        for _ in range(60):
            person = rng.choice(people)
            entry = CreditEntry(
                person_id=person.id,
                year=year,
                category=rng.choice(["online", "offline", "external"]),
                hours=Decimal(rng.randint(1, 80)) / 10,
                title="t",
                occurred_on=date(year, 1, 2),
            )
            session.add(entry)
            session.flush()
            entries.append(entry)
        for entry in rng.sample(entries, 8):
            reverse_entry(session, entry, actor=manager, note="更正")
        session.commit()
        for person in people:
            assert _summary(session, person.id, year) == _recount(session, person, year), (
                person.username
            )


def test_a_new_target_reaches_the_summaries_of_the_subtree(as_user, org, session):
    year = local_year()
    post(
        as_user("manager"),
        "/manage/targets",
        {"unit_code": "P-A", "total_hours": "30", "rank": "", "staff_type": ""},
    )
    row = session.get(PersonYearSummary, (org.villager.id, year))
    assert row is not None and row.target_total == Decimal(30)
    other = session.get(PersonYearSummary, (org.learner_b.id, year))
    assert other.target_total == Decimal(90)  # not in the subtree: the default stays


def test_a_move_and_a_deactivation_reach_every_report_copy(app, org, sample_course, session):
    """Saving a person refreshes them: the enrolments, the competency scores and every
    year's summary follow their unit and active flag (the dashboard reads those copies)."""
    from lms.admin.operations import PersonFields, save_person
    from lms.learning.models import Enrollment
    from lms.reports.models import PersonCompetency

    learner = session.get(Person, org.learner.id)
    session.add(Enrollment(person_id=learner.id, course_id=sample_course.id))
    session.add(
        PersonCompetency(
            person_id=learner.id,
            competency_code="data-security",
            earned=Decimal(1),
            possible=Decimal(2),
            share=Decimal("0.5"),
            unit_id=learner.unit_id,
        )
    )
    session.add(
        PersonYearSummary(
            person_id=learner.id, year=local_year() - 1, unit_id=learner.unit_id, target_total=90
        )
    )
    session.commit()
    assert session.scalar(select(Enrollment.unit_id)) == org.township_a.id
    with app.test_request_context():
        s = db.session()
        person = s.get(Person, learner.id)
        fields = PersonFields(
            username=person.username,
            display_name=person.display_name,
            employee_no="",
            email="",
            unit_code="P-B-1",
            role="learner",
            rank="",
            staff_type="",
            scope_unit_code="",
            is_active=False,
        )
        save_person(s, s.get(Person, org.admin.id), person, fields)
        s.commit()
    session.expire_all()
    enrolment = session.scalar(select(Enrollment))
    score = session.scalar(select(PersonCompetency))
    assert (enrolment.unit_id, enrolment.active) == (org.township_b.id, False)
    assert (score.unit_id, score.active) == (org.township_b.id, False)
    rows = session.scalars(
        select(PersonYearSummary).where(PersonYearSummary.person_id == learner.id)
    ).all()
    assert len(rows) == 2 and not any(row.active for row in rows)

"""The dashboard's figures equal a brute-force recount; drill-down stays in scope."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from lms import db
from lms.accounts.models import Person
from lms.certificates import ledger
from lms.certificates.models import CreditEntry
from lms.core.time import local_year, today_local
from lms.manage import dashboard
from lms.orgs.models import OrgUnit
from tests.certificates.conftest import complete_course


def _seed(app, org, no_quizzes):
    rng = random.Random(11)
    with app.app_context():
        session = db.session()
        people = list(session.scalars(select(Person)))
        for _ in range(40):
            person = rng.choice(people)
            session.add(
                CreditEntry(
                    person_id=person.id,
                    year=local_year(),
                    category=rng.choice(["online", "offline", "external"]),
                    hours=Decimal(rng.randint(5, 400)) / 10,
                    title="t",
                    occurred_on=today_local() - timedelta(days=1),
                )
            )
        session.commit()
    complete_course(app, org.learner.id, no_quizzes.id)


def test_figures_equal_a_brute_force_recount(app, org, no_quizzes):
    from lms.reports.models import PersonCompetency
    from lms.reports.summaries import refresh

    _seed(app, org, no_quizzes)
    year = local_year()
    with app.test_request_context():
        session = db.session()
        for person, share in ((org.learner, "0.8"), (org.villager, "0.2"), (org.manager, "0.5")):
            session.add(
                PersonCompetency(
                    person_id=person.id,
                    competency_code="data-security",
                    earned=Decimal(share),
                    possible=Decimal(1),
                    share=Decimal(share),
                    unit_id=person.unit_id,
                )
            )
        # a deactivated person leaves every figure (as saving them in the admin pages does)
        session.get(Person, org.villager.id).is_active = False
        session.flush()
        refresh(session.connection(), [org.villager.id], [year])
        session.commit()
        county = session.get(OrgUnit, org.county_a.id)
        board = dashboard.build(session, county, county, year)
        people = [
            p
            for p in session.scalars(select(Person).where(Person.is_active.is_(True)))
            if session.get(OrgUnit, p.unit_id).path.startswith(county.path)
        ]
        assert {p.username for p in people} == {"manager", "learner"}
        assert board.profile["data-security"] == 0.65  # the villager's 0.2 is left out
        standings = [ledger.standing(session, p, year) for p in people]
        assert board.people == len(people)
        assert board.on_track == sum(1 for s in standings if s.on_track)
        assert board.hours["total"] == sum((s.total for s in standings), Decimal(0))
        for category in ("online", "offline", "external"):
            assert board.hours[category] == sum((s.hours[category] for s in standings), Decimal(0))
        assert board.targets["total"] == sum((s.target.total for s in standings), Decimal(0))
        assert board.certificates == 1
        assert sum(board.monthly) == 1 and board.monthly[today_local().month - 1] == 1
        township = next(c for c in board.children if c.unit.code == "P-A-1")
        assert township.people == 1  # the learner; the villager below is deactivated


def test_the_dashboard_page_and_drill_down(as_user, org, no_quizzes, app):
    _seed(app, org, no_quizzes)
    manager = as_user("manager")
    page = manager.get("/manage/").get_data(as_text=True)
    assert page.count("<svg") >= 3 and "柳溪镇" in page
    assert 'href="/manage/?unit=P-A-1"' in page
    township = manager.get("/manage/?unit=P-A-1").get_data(as_text=True)
    assert "柳溪村" in township
    assert manager.get("/manage/?unit=P-B").status_code == 404
    assert as_user("admin").get("/manage/").status_code == 200


def test_required_courses_count_each_person_once_and_include_higher_assignments(
    app, org, no_quizzes, session
):
    from lms.learning.models import Assignment

    year = local_year()
    past, future = date(year, 1, 1), date(year, 12, 31)
    # the province requires the course with a future due date, the county with a past one
    # fifteen times over, and the villager personally: each person counts once
    session.add(
        Assignment(course_id=no_quizzes.id, unit_id=org.province.id, year=year, due_date=future)
    )
    for _ in range(15):
        session.add(
            Assignment(course_id=no_quizzes.id, unit_id=org.county_a.id, year=year, due_date=past)
        )
    session.add(
        Assignment(course_id=no_quizzes.id, person_id=org.villager.id, year=year, due_date=past)
    )
    session.commit()
    complete_course(app, org.learner.id, no_quizzes.id)
    with app.test_request_context():
        s = db.session()
        county = s.get(OrgUnit, org.county_a.id)
        board = dashboard.build(s, county, county, year)
        assert board.courses == [(no_quizzes.title, 1, 3, 2)]  # 3 people, 李明 done
        assert board.overdue == 2
        other = s.get(OrgUnit, org.county_b.id)
        board_b = dashboard.build(s, other, other, year)
        # the province's assignment reaches county B, not yet due there
        assert board_b.courses == [(no_quizzes.title, 0, 2, 0)] and board_b.overdue == 0

"""`lms bench seed` builds a consistent province (small here; 100,000 in tests/perf)."""

from __future__ import annotations

from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import func, select

from lms.accounts.models import Person
from lms.certificates import ledger
from lms.certificates.models import Certificate, CreditEntry
from lms.cli import main
from lms.core.time import local_year
from lms.reports.models import PersonYearSummary


def test_seed_is_consistent_and_refuses_real_databases(app, session):
    run = CliRunner().invoke(
        main, ["bench", "seed", "--people", "300"], obj=ScriptInfo(create_app=lambda: app)
    )
    assert run.exit_code == 0, run.output
    assert "people: 300" in run.output
    assert session.scalar(select(func.count()).select_from(Person)) == 300
    certificates = session.scalar(select(func.count()).select_from(Certificate))
    assert (
        certificates > 300
        and session.scalar(
            select(func.count())
            .select_from(CreditEntry)
            .where(CreditEntry.certificate_id.is_not(None))
        )
        == certificates
    )
    year = local_year()
    assert session.scalar(select(func.count()).select_from(PersonYearSummary)) == 300
    for person in session.scalars(select(Person).limit(20)):
        summary = session.get(PersonYearSummary, (person.id, year))
        standing = ledger.standing(session, person, year)
        assert (summary.total, summary.on_track) == (standing.total, standing.on_track)
    # a second seed on top would mix data it did not make: it adds, but refuses others'
    session.add(Person(username="someone", display_name="x", unit_id=1))
    session.commit()
    refused = CliRunner().invoke(
        main, ["bench", "seed", "--people", "10"], obj=ScriptInfo(create_app=lambda: app)
    )
    assert refused.exit_code == 1

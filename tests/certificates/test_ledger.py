"""The credit-hour ledger: totals are the sum of rows, reversals cancel, targets inherit."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from lms.accounts.models import Person
from lms.certificates import ledger
from lms.certificates.models import AnnualTarget, CreditEntry
from lms.certificates.operations import record_offline_training, reverse_entry
from lms.core.errors import Invalid, NotFound
from lms.core.time import today_local


@pytest.fixture
def people(app_ctx, org):
    session = app_ctx
    return (
        session,
        session.get(Person, org.manager.id),
        session.get(Person, org.learner.id),
        session.get(Person, org.learner_b.id),
    )


@pytest.mark.parametrize(
    "hours,message",
    [
        ("-1", "大于 0"),
        ("0", "大于 0"),
        ("200.5", "不超过 200"),
        ("1.25", "一位小数"),
    ],
)
def test_bad_hours_are_refused_and_nothing_is_written(people, hours, message):
    session, manager, learner, _ = people
    with pytest.raises(Invalid, match=message):
        record_offline_training(
            session,
            manager,
            [learner],
            title="集中培训",
            provider="县委党校",
            hours=Decimal(hours),
            occurred_on=today_local(),
        )
    assert session.scalars(select(CreditEntry)).all() == []


def test_future_dates_and_people_outside_the_subtree_are_refused(people):
    session, manager, learner, outsider = people
    with pytest.raises(Invalid, match="晚于今天"):
        record_offline_training(
            session,
            manager,
            [learner],
            title="培训",
            provider="",
            hours=Decimal(4),
            occurred_on=today_local() + timedelta(days=1),
        )
    with pytest.raises(NotFound):
        record_offline_training(
            session,
            manager,
            [learner, outsider],
            title="培训",
            provider="",
            hours=Decimal(4),
            occurred_on=today_local(),
        )
    assert session.scalars(select(CreditEntry)).all() == []


def test_group_training_for_several_people(people):
    session, manager, learner, _ = people
    villager = session.scalar(select(Person).where(Person.username == "villager"))
    entries = record_offline_training(
        session,
        manager,
        [learner, villager],
        title="党纪学习",
        provider="县委党校",
        hours=Decimal("6.5"),
        occurred_on=today_local(),
    )
    assert len(entries) == 2
    year = today_local().year
    assert ledger.hours_by_category(session, learner.id, year)["offline"] == Decimal("6.5")


rows = st.lists(
    st.tuples(
        st.sampled_from(["online", "offline", "external"]),
        st.decimals(min_value=Decimal("0.1"), max_value=Decimal(200), places=1),
        st.booleans(),
    ),
    max_size=12,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=rows)
def test_totals_are_the_sum_of_rows_and_reversals_cancel(people, rows):
    session, manager, learner, _ = people
    session.execute(delete(CreditEntry))
    year = 2025
    expected = {"online": Decimal(0), "offline": Decimal(0), "external": Decimal(0)}
    for category, hours, reversed_ in rows:
        entry = CreditEntry(
            person_id=learner.id,
            year=year,
            category=category,
            hours=hours,
            title="t",
            occurred_on=date(year, 5, 1),
        )
        session.add(entry)
        session.flush()
        if reversed_:
            reverse_entry(session, entry, actor=manager, note="更正")
        else:
            expected[category] += hours
    totals = ledger.hours_by_category(session, learner.id, year)
    assert totals == expected
    assert ledger.standing(session, learner, year).total == sum(expected.values())


def test_targets_inherit_down_the_tree_and_rank_wins(people, org):
    session, manager, learner, other = people
    year = today_local().year
    assert ledger.target_for(session, learner, year) == ledger.Target(
        Decimal(90), Decimal(50), None
    )
    session.add(
        AnnualTarget(unit_id=org.province.id, total_hours=Decimal(100), online_hours=Decimal(60))
    )
    session.add(
        AnnualTarget(
            unit_id=org.county_a.id,
            total_hours=Decimal(110),
            online_hours=Decimal(70),
            offline_hours=Decimal(20),
        )
    )
    session.flush()
    assert ledger.target_for(session, learner, year).total == 110  # nearest unit
    assert ledger.target_for(session, other, year).total == 100  # county B inherits the province
    learner.rank = "乡科级正职"
    session.add(AnnualTarget(unit_id=org.province.id, rank="乡科级正职", total_hours=Decimal(120)))
    session.flush()
    assert ledger.target_for(session, learner, year).total == 120  # the rank target wins
    assert ledger.target_for(session, other, year).total == 100

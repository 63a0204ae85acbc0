"""Moving a unit rewrites its whole subtree in one statement; scopes follow."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.accounts.models import Person
from lms.accounts.permissions import people_in_scope
from lms.core.errors import Invalid
from lms.orgs.models import OrgUnit
from lms.orgs.operations import move_unit


def test_moving_a_township_to_another_county(session, org, count_queries):
    township = session.get(OrgUnit, org.township_a.id)
    county_b = session.get(OrgUnit, org.county_b.id)
    with count_queries() as counter:
        moved = move_unit(session, township, county_b)
    assert moved == 2  # the township and its village
    assert sum("UPDATE org_unit" in s for s in counter.statements) <= 2
    session.commit()
    village = session.get(OrgUnit, org.village_a.id)
    assert village.path == f"{county_b.path}{township.id}/{village.id}/"
    assert village.depth == county_b.depth + 2
    manager2 = session.get(Person, org.manager2.id)
    seen = {p.username for p in session.scalars(people_in_scope(session, manager2))}
    assert {"learner", "villager", "learner_b"} <= seen
    manager = session.get(Person, org.manager.id)
    assert "villager" not in {
        p.username for p in session.scalars(people_in_scope(session, manager))
    }


def test_a_unit_cannot_move_below_itself(session, org):
    county = session.get(OrgUnit, org.county_a.id)
    village = session.get(OrgUnit, org.village_a.id)
    with pytest.raises(Invalid):
        move_unit(session, county, village)
    assert session.scalar(select(OrgUnit.path).where(OrgUnit.id == county.id)) == county.path

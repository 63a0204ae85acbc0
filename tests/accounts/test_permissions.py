"""A manager sees only their own org subtree; admins see everyone; others see nobody."""

from __future__ import annotations

from lms.accounts.models import Person
from lms.accounts.permissions import can_see_person, people_in_scope


def _usernames(session, viewer):
    return sorted(p.username for p in session.scalars(people_in_scope(session, viewer)))


def test_manager_sees_exactly_their_county_subtree(session, org):
    manager = session.get(Person, org.manager.id)
    assert _usernames(session, manager) == ["learner", "manager", "villager"]
    manager2 = session.get(Person, org.manager2.id)
    assert _usernames(session, manager2) == ["learner_b", "manager2"]


def test_manager_cannot_see_a_person_of_another_county(session, org):
    manager = session.get(Person, org.manager.id)
    assert can_see_person(session, manager, session.get(Person, org.villager.id))
    assert not can_see_person(session, manager, session.get(Person, org.learner_b.id))
    assert not can_see_person(
        session, session.get(Person, org.manager2.id), session.get(Person, org.learner.id)
    )


def test_a_sibling_unit_with_a_prefix_like_id_is_not_in_scope(session, org, make_unit, make_person):
    # ids 1 and 1x share a textual prefix; the path "/1/2/" must not match "/1/20/".
    for i in range(20):
        make_unit(f"X{i}", kind="county", parent=org.province)
    manager = session.get(Person, org.manager.id)
    names = _usernames(session, manager)
    assert "learner_b" not in names and len(names) == 3


def test_admin_sees_everyone_and_learners_see_nobody(session, org):
    assert len(_usernames(session, session.get(Person, org.admin.id))) == 8
    assert _usernames(session, session.get(Person, org.learner.id)) == []
    assert _usernames(session, session.get(Person, org.trainer.id)) == []

"""Administrators manage units and people; every change is audited, records are kept."""

from __future__ import annotations

from sqlalchemy import select

from lms.accounts.models import Person
from lms.audit.models import AuditEvent
from lms.orgs.models import OrgUnit
from tests.conftest import login, post


def _person_form(**overrides):
    data = {
        "username": "wang5",
        "display_name": "王五",
        "employee_no": "W005",
        "email": "",
        "unit_code": "P-A-1",
        "role": "learner",
        "rank": "",
        "staff_type": "公务员",
        "scope_unit_code": "",
        "is_active": "y",
    }
    data.update(overrides)
    return data


def test_create_edit_deactivate_and_reset(app, as_user, org, session):
    admin = as_user("admin")
    taken = post(admin, "/admin/people/new", _person_form(username="learner"))
    assert taken.status_code == 400 and "已被他人使用" in taken.get_data(as_text=True)
    bad_unit = post(admin, "/admin/people/new", _person_form(unit_code="NOPE"))
    assert bad_unit.status_code == 400
    created = post(admin, "/admin/people/new", _person_form())
    assert created.status_code == 302
    person = session.scalar(select(Person).where(Person.username == "wang5"))
    assert person.staff_type == "公务员" and person.is_active
    # make them a manager of the township, then disable them
    url = f"/admin/people/{person.id}"
    post(admin, url, _person_form(role="manager", scope_unit_code="P-A-1"))
    session.expire_all()
    assert session.get(Person, person.id).scope_unit_id == org.township_a.id
    form = _person_form(role="manager", scope_unit_code="P-A-1")
    del form["is_active"]
    post(admin, url, form)
    session.expire_all()
    assert session.get(Person, person.id).is_active is False  # kept, only disabled
    reset = post(admin, url, {"action": "reset"})
    temporary = reset.get_data(as_text=True).split('temporary-password">')[1].split("<")[0]
    post(admin, url, _person_form(role="manager", scope_unit_code="P-A-1"))  # enable again
    client = app.test_client()
    assert login(client, "wang5", temporary).status_code == 302
    assert client.get("/learn/").headers["Location"].endswith("/password")
    actions = set(session.scalars(select(AuditEvent.action)))
    assert {"person.create", "person.update", "person.password_reset"} <= actions


def test_create_and_move_units(as_user, org, session):
    admin = as_user("admin")
    response = post(
        admin,
        "/admin/units",
        {"code": "P-A-2", "name": "桃源乡", "kind": "township", "parent_code": "P-A"},
    )
    assert response.status_code == 302
    assert (
        post(
            admin,
            "/admin/units",
            {"code": "P-A-2", "name": "重复", "kind": "township", "parent_code": "P-A"},
        ).status_code
        == 400
    )
    moved = post(admin, "/admin/units/P-A-1/move", {"parent_code": "P-B"})
    assert moved.status_code == 302
    session.expire_all()
    village = session.scalar(select(OrgUnit).where(OrgUnit.code == "P-A-1-V"))
    county_b = session.scalar(select(OrgUnit).where(OrgUnit.code == "P-B"))
    assert village.path.startswith(county_b.path)
    below = post(admin, "/admin/units/P-B/move", {"parent_code": "P-A-1-V"})
    assert below.status_code == 400
    assert "villager" in as_user("manager2").get("/manage/people").get_data(as_text=True)


def test_only_admins(as_user, org):
    for role in ("learner", "trainer", "manager"):
        client = as_user(role)
        for url in ("/admin/people", "/admin/units", f"/admin/people/{org.learner.id}"):
            assert client.get(url).status_code == 403


def test_the_unit_tree_comes_in_pages(as_user, org, session):
    from sqlalchemy import insert

    from lms.orgs.models import OrgUnit

    province = session.get(OrgUnit, org.province.id)
    session.execute(
        insert(OrgUnit),
        [
            {
                "id": 1000 + n,
                "code": f"V{n:03d}",
                "name": f"第{n}村",
                "kind": "village",
                "parent_id": province.id,
                "path": f"{province.path}{1000 + n}/",
                "depth": 1,
            }
            for n in range(250)
        ],
    )
    session.commit()
    admin = as_user("admin")
    first = admin.get("/admin/units").get_data(as_text=True)
    second = admin.get("/admin/units?page=2").get_data(as_text=True)
    assert first.count('class="serial"') == 200 and "示范省" in first
    assert second.count('class="serial"') == 256 - 200  # 250 villages and the six org units
    assert "V249" in first + second and "V000" in first + second

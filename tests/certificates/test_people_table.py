"""The people table, its CSV and Excel exports, and a person's record, for managers."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import openpyxl
from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.core.time import today_local
from tests.certificates.conftest import complete_course
from tests.conftest import post


def _offline(manager, people, hours="8"):
    return post(
        manager,
        "/manage/offline",
        {
            "title": "集中培训",
            "provider": "县委党校",
            "hours": hours,
            "occurred_on": (today_local() - timedelta(days=1)).isoformat(),
            "people": people,
        },
    )


def test_the_table_filters_sorts_and_stays_in_scope(app, as_user, no_quizzes, org, session):
    manager = as_user("manager")
    assert _offline(manager, "villager", "95").status_code == 302  # on track (90 / 50?)
    complete_course(app, org.learner.id, no_quizzes.id)
    page = manager.get("/manage/people").get_data(as_text=True)
    assert "李明" in page and "villager" in page and "learner_b" not in page
    assert "3 人" in page
    hours_first = manager.get("/manage/people?sort=hours").get_data(as_text=True)
    assert hours_first.index("villager") < hours_first.index("李明")
    by_unit = manager.get("/manage/people?unit=P-A-1-V").get_data(as_text=True)
    assert "villager" in by_unit and "李明" not in by_unit
    done = manager.get("/manage/people?course=sample-course&course_state=completed")
    assert "李明" in done.get_data(as_text=True) and "villager" not in done.get_data(as_text=True)
    # online target (50) unmet for the villager: everyone is behind
    behind = manager.get("/manage/people?status=behind").get_data(as_text=True)
    assert "3 人" in behind
    assert "0 人" in manager.get("/manage/people?unit=P-B").get_data(as_text=True)


def test_csv_export_opens_in_excel_and_matches_the_screen(app, as_user, no_quizzes, org, session):
    manager = as_user("manager")
    complete_course(app, org.learner.id, no_quizzes.id)
    response = manager.get("/manage/people.csv?sort=name")
    assert response.status_code == 200 and response.is_streamed
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    data = response.get_data()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel in China needs
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["工号", "姓名", "用户名"]
    by_user = {row[2]: row for row in rows[1:]}
    assert set(by_user) == {"learner", "villager", "manager"}
    assert by_user["learner"][7] == "2.5" and by_user["learner"][14] == "1"
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "export.people"))
    assert event.actor_id == org.manager.id


def test_xlsx_export_reads_back_with_openpyxl(as_user, org, session):
    response = as_user("manager").get("/manage/people.xlsx?unit=P-A-1")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][1] == "姓名"
    assert sorted(r[2] for r in rows[1:]) == ["learner", "villager"]
    assert as_user("manager").get("/manage/people.pdf").status_code == 404


def test_a_managers_view_of_one_record(as_user, org, certificate):
    manager = as_user("manager")
    page = manager.get(f"/manage/people/{org.learner.id}").get_data(as_text=True)
    assert "李明" in page and certificate.title in page and "能力画像" in page
    assert as_user("manager2").get(f"/manage/people/{org.learner.id}").status_code == 404


def _scores(session, org, shares):
    from lms.reports.models import PersonCompetency

    for person, share in shares.items():
        session.add(
            PersonCompetency(
                person_id=getattr(org, person).id,
                competency_code="data-security",
                earned=Decimal(share) * 10,
                possible=Decimal(10),
                share=Decimal(share),
            )
        )
    session.commit()


def test_competency_below_a_threshold_lists_the_gaps(as_user, org, session):
    _scores(session, org, {"learner": "0.9", "villager": "0.3"})
    manager = as_user("manager")
    page = manager.get("/manage/people?competency=data-security&below=60").get_data(as_text=True)
    # the villager scored 30 %, the manager was never assessed: both are gaps
    assert "villager" in page and "30%" in page and "未测评" in page
    assert "李明" not in page and "2 人" in page
    higher = manager.get("/manage/people?competency=data-security&below=95").get_data(as_text=True)
    assert "李明" in higher and "90%" in higher
    bad = manager.get("/manage/people?competency=data-security&below=abc")
    assert bad.status_code == 400 and "1 到 100 之间的整数" in bad.get_data(as_text=True)
    assert manager.get("/manage/people.csv?competency=data-security&below=0").status_code == 400
    other = as_user("manager2").get("/manage/people?competency=data-security&below=95")
    assert "李明" not in other.get_data(as_text=True)
    exported = manager.get("/manage/people.csv?competency=data-security&below=60&sort=name")
    rows = list(csv.reader(io.StringIO(exported.get_data().decode("utf-8-sig"))))
    assert rows[0][-1] == "数据安全与个人信息保护 得分（%）"
    assert {row[2]: row[-1] for row in rows[1:]} == {"villager": "30", "manager": ""}


def test_csv_cells_never_start_a_formula(as_user, org, session):
    from lms.accounts.models import Person

    session.get(Person, org.villager.id).display_name = '=HYPERLINK("http://x","点我")'
    session.commit()
    data = as_user("manager").get("/manage/people.csv").get_data().decode("utf-8-sig")
    row = next(r for r in csv.reader(io.StringIO(data)) if r[2] == "villager")
    assert row[1] == '\'=HYPERLINK("http://x","点我")'


def test_a_unit_below_the_select_box_stays_chosen(as_user, org, make_unit, session):
    group = make_unit("P-A-1-V-G", "柳溪村第一组", "department", org.village_a)
    deep = make_unit("P-A-1-V-G-1", "第一小组", "department", group)
    assert deep.depth == 5
    page = as_user("admin").get("/manage/people?unit=P-A-1-V-G-1").get_data(as_text=True)
    # the select box offers three levels below the root; the chosen deeper unit is added
    assert '<option value="P-A-1-V-G-1" selected>第一小组</option>' in page
    assert "柳溪村第一组" not in page  # depth 4: neither offered nor chosen

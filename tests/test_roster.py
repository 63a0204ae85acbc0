"""Roster import: encodings and Excel, all-or-nothing validation, upsert, first sign-in."""

from __future__ import annotations

import io

import openpyxl
import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import func, select

from lms.accounts.models import Person
from lms.cli import main
from tests.conftest import csrf_token, login

HEADER = "employee_no,username,display_name,unit_code,role,rank,staff_type,email\n"
GOOD = HEADER + (
    "A001,zhang3,张三,P-A-1,learner,一级主任科员及以下,公务员,zhang3@example.gov.cn\n"
    "\n"
    "A002,li4,李四,P-A-1-V,,,村干部,\n"
)
PASSWORD = "Start-2026-pass"


@pytest.fixture
def run(app):
    def invoke(*args):
        return CliRunner().invoke(main, list(args), obj=ScriptInfo(create_app=lambda: app))

    return invoke


def _count(session):
    return session.scalar(select(func.count()).select_from(Person))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_every_encoding_excel_in_china_writes(run, org, session, tmp_path, encoding):
    path = tmp_path / "roster.csv"
    path.write_bytes(GOOD.encode(encoding))
    result = run("users", "import", str(path), "--initial-password", PASSWORD)
    assert result.exit_code == 0, result.output
    assert "2 created" in result.output
    person = session.scalar(select(Person).where(Person.employee_no == "A001"))
    assert (person.display_name, person.staff_type, person.must_change_password) == (
        "张三",
        "公务员",
        True,
    )


def test_new_people_must_change_the_initial_password(app, run, org, tmp_path):
    (tmp_path / "r.csv").write_text(GOOD, encoding="utf-8")
    run("users", "import", str(tmp_path / "r.csv"), "--initial-password", PASSWORD)
    client = app.test_client()
    assert login(client, "zhang3", PASSWORD).status_code == 302
    assert client.get("/learn/").headers["Location"].endswith("/password")


def test_reimport_updates_by_employee_no_and_keeps_passwords(run, org, session, tmp_path):
    (tmp_path / "r.csv").write_text(GOOD, encoding="utf-8")
    run("users", "import", str(tmp_path / "r.csv"), "--initial-password", PASSWORD)
    hashed = session.scalar(select(Person.password_hash).where(Person.username == "zhang3"))
    (tmp_path / "r.csv").write_text(GOOD.replace("张三", "张叁"), encoding="utf-8")
    result = run("users", "import", str(tmp_path / "r.csv"))
    assert "0 created, 1 updated, 1 unchanged" in result.output
    session.expire_all()
    person = session.scalar(select(Person).where(Person.username == "zhang3"))
    assert person.display_name == "张叁" and person.password_hash == hashed


@pytest.mark.parametrize(
    "content,message",
    [
        ("id,name\n1,x\n", "表头必须包含这些列"),
        (GOOD + "A001,wang5,王五,P-A-1,learner,,,\n", "工号 A001 与第 2 行重复"),
        (GOOD.replace("P-A-1-V", "NOPE"), "未知单位代码 NOPE"),
        (GOOD.replace(",learner,", ",boss,"), "角色（role）只能是"),
        (GOOD.replace("村干部", "临时工"), "人员类别（staff_type）只能是"),
        (GOOD.replace("li4", "manager"), "用户名 manager 已被他人使用"),
        (GOOD.replace("zhang3@example.gov.cn", "not-an-email"), "邮箱（email）格式不正确"),
    ],
)
def test_any_bad_row_imports_nothing(run, org, session, tmp_path, content, message):
    before = _count(session)
    (tmp_path / "r.csv").write_text(content, encoding="utf-8")
    result = run("users", "import", str(tmp_path / "r.csv"), "--initial-password", PASSWORD)
    assert result.exit_code == 1 and message in result.output, result.output
    assert "nothing was imported" in result.output
    assert _count(session) == before


def test_a_weak_initial_password_is_refused(run, org, session, tmp_path):
    (tmp_path / "r.csv").write_text(GOOD, encoding="utf-8")
    result = run("users", "import", str(tmp_path / "r.csv"), "--initial-password", "123")
    assert result.exit_code == 1 and "initial password" in result.output


def test_excel_upload_with_a_row_by_row_report(as_user, org, session):
    book = openpyxl.Workbook()
    sheet = book.active
    for line in GOOD.strip().splitlines():
        sheet.append(line.split(",") if line else [])
    sheet.append(["A003", "x", "", "NOPE", "", "", "", ""])
    data = io.BytesIO()
    book.save(data)
    admin = as_user("admin")

    def upload(content):
        return admin.post(
            "/admin/people/import",
            data={
                "csrf_token": csrf_token(admin),
                "initial_password": PASSWORD,
                "file": (io.BytesIO(content), "花名册.xlsx"),
            },
            content_type="multipart/form-data",
        )

    response = upload(data.getvalue())
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "未导入任何数据" in page
    assert "未知单位代码 NOPE" in page
    assert _count(session) == 8
    sheet.delete_rows(sheet.max_row)
    data = io.BytesIO()
    book.save(data)
    response = upload(data.getvalue())
    assert response.status_code == 200 and "新增 2" in response.get_data(as_text=True)
    assert as_user("manager").get("/admin/people/import").status_code == 403


def test_fifty_thousand_rows(run, org, session, tmp_path):
    lines = [HEADER] + [f"N{i:05d},user{i:05d},人员{i},P-A-1,,,公务员,\n" for i in range(50_000)]
    (tmp_path / "big.csv").write_text("".join(lines), encoding="utf-8")
    result = run("users", "import", str(tmp_path / "big.csv"), "--initial-password", PASSWORD)
    assert result.exit_code == 0, result.output[-500:]
    assert "50000 created" in result.output

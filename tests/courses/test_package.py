"""Course packages: validation before writing, clear file:line errors, lossless round trips."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lms import db
from lms.assessment.models import Choice, Question, Quiz, QuizDrawRule
from lms.courses.models import Course, Lesson, Module
from lms.courses.operations import import_course_folder
from lms.courses.package import PackageError, export_course, read_package
from tests.conftest import ROOT, SAMPLE_PACKAGE


@pytest.fixture(autouse=True)
def _chinese_messages(app):
    """Messages come in the site's default language (zh_Hans), as on the command line."""
    with app.app_context():
        yield


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A writable copy of the sample package."""
    target = tmp_path / "sample-course"
    shutil.copytree(SAMPLE_PACKAGE, target)
    return target


def _problems(folder: Path) -> list[str]:
    with pytest.raises(PackageError) as info:
        read_package(folder)
    return [str(p) for p in info.value.problems]


def _counts(session) -> dict[str, int]:
    return {
        model.__name__: session.scalar(select(func.count()).select_from(model))
        for model in (Course, Module, Lesson, Question, Choice, Quiz)
    }


def test_sample_package_reads_completely(package):
    spec = read_package(package)
    assert spec.code == "sample-course"
    assert [len(m.lessons) for m in spec.modules] == [2, 1]
    assert spec.modules[0].lessons[1].video_url == "https://video.example.org/notice.mp4"
    kinds = {q.kind for q in spec.questions} | {p.kind for q in spec.questions for p in q.parts}
    assert kinds == {"single", "multiple", "true_false", "fill_blank", "essay", "case"}
    case = next(q for q in spec.questions if q.kind == "case")
    assert case.points == 8 and case.parts[1].competency == "service-awareness"
    assert spec.final_exam.draw[1].tag == "隐私"


def test_broken_yaml_names_file_and_line(package):
    text = (package / "questions.yaml").read_text(encoding="utf-8")
    (package / "questions.yaml").write_text(
        text.replace("  points: 3\n", "  points: [3\n"), encoding="utf-8"
    )
    problems = _problems(package)
    assert any(
        p.startswith("sample-course/questions.yaml:") and "YAML 语法错误" in p for p in problems
    ), problems


def test_missing_lesson_file_is_reported(package):
    (package / "03-privacy.md").unlink()
    assert "sample-course/03-privacy.md: 缺少课时文件" in _problems(package)


def test_duplicate_question_id_names_the_line(package):
    text = (package / "questions.yaml").read_text(encoding="utf-8")
    (package / "questions.yaml").write_text(
        text.replace("id: s-003", "id: s-002"), encoding="utf-8"
    )
    problems = _problems(package)
    line = text.splitlines().index("- id: s-003") + 1
    assert f"sample-course/questions.yaml:{line}: 题目 id“s-002”重复" in problems


def test_answer_not_among_choices_names_the_line(package):
    text = (package / "questions.yaml").read_text(encoding="utf-8")
    (package / "questions.yaml").write_text(
        text.replace("  answer: B\n", "  answer: E\n", 1), encoding="utf-8"
    )
    problems = _problems(package)
    line = text.splitlines().index("  answer: B") + 1
    assert f"sample-course/questions.yaml:{line}: 答案“E”不在选项中" in problems


@pytest.mark.parametrize(
    "old,new,message",
    [
        ("credit_hours: 2.5", "credit_hours: -1", "credit_hours"),
        ("credit_hours: 2.5", "credit_hours: 2.55", "credit_hours"),
        (
            "competencies: [service-awareness, data-security]",
            "competencies: [flying]",
            "未知能力维度“flying”",
        ),
        (
            "      questions: [s-001, s-002, s-003]",
            "      questions: [s-001, s-999]",
            "题目“s-999”不在 questions.yaml 中",
        ),
        (
            "    - {competency: service-awareness, count: 2}",
            "    - {competency: service-awareness, count: 9}",
            "该规则要抽 9 题",
        ),
        ("code: sample-course", "code: other-course", "必须与文件夹名"),
        ("status: published", "status: live", "“status”只能是以下之一"),
        ("closes_at: 2030-12-31T18:00", "closes_at: next week", "closes_at"),
    ],
)
def test_course_yaml_mistakes_are_reported(package, old, new, message):
    text = (package / "course.yaml").read_text(encoding="utf-8")
    assert old in text
    (package / "course.yaml").write_text(text.replace(old, new), encoding="utf-8")
    problems = _problems(package)
    assert any(message in p and p.startswith("sample-course/course.yaml:") for p in problems), (
        problems
    )


def test_unsafe_video_url_is_refused(package):
    lesson = package / "02-one-time-notice.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace(
            "https://video.example.org/notice.mp4", "javascript:alert(1)"
        ),
        encoding="utf-8",
    )
    assert any("video_url" in p for p in _problems(package))


def test_a_bad_package_writes_nothing_even_beside_good_ones(app, tmp_path, package, session):
    good = tmp_path / "good" / "sample-course"
    shutil.copytree(SAMPLE_PACKAGE, good)
    bad = tmp_path / "good" / "broken-course"
    shutil.copytree(SAMPLE_PACKAGE, bad)
    (bad / "course.yaml").write_text(
        (bad / "course.yaml")
        .read_text(encoding="utf-8")
        .replace("code: sample-course", "code: broken-course")
        .replace("[01-greeting.md, ", "[missing.md, "),
        encoding="utf-8",
    )
    with app.app_context(), pytest.raises(PackageError):
        import_course_folder(db.session(), tmp_path / "good")
    assert set(_counts(session).values()) == {0}


def test_import_export_import_is_lossless(app, import_package, tmp_path, session, org):
    import_package(SAMPLE_PACKAGE)
    first = _snapshot(session)
    with app.app_context():
        export_course(db.session(), "sample-course", tmp_path / "out1")
    # the exported package reads back to the same specification
    assert read_package(tmp_path / "out1" / "sample-course") == _with_source(
        read_package(SAMPLE_PACKAGE), tmp_path / "out1" / "sample-course"
    )
    import_package(tmp_path / "out1" / "sample-course")
    session.expire_all()
    assert _snapshot(session) == first
    with app.app_context():
        export_course(db.session(), "sample-course", tmp_path / "out2")
    for path in (tmp_path / "out1" / "sample-course").iterdir():
        assert path.read_text(encoding="utf-8") == (
            tmp_path / "out2" / "sample-course" / path.name
        ).read_text(encoding="utf-8")


def test_every_shipped_course_round_trips(app, import_package, tmp_path, session, org):
    import_package(ROOT / "courses")
    for code in session.scalars(select(Course.code)).all():
        with app.app_context():
            export_course(db.session(), code, tmp_path)
        original = read_package(ROOT / "courses" / code)
        assert read_package(tmp_path / code) == _with_source(original, tmp_path / code)


def test_reimport_updates_in_place_and_keeps_ids(import_package, package, session, org):
    import_package(package)
    lesson_id = session.scalar(select(Lesson.id).where(Lesson.slug == "03-privacy"))
    course_yaml = package / "course.yaml"
    text = course_yaml.read_text(encoding="utf-8")
    # move lesson 03 into the first module and drop the second module
    text = text.replace(
        "[01-greeting.md, 02-one-time-notice.md]",
        "[01-greeting.md, 03-privacy.md, 02-one-time-notice.md]",
    )
    text = text.replace("  - title: 第二章 保护群众信息\n    lessons: [03-privacy.md]\n", "")
    course_yaml.write_text(text, encoding="utf-8")
    import_package(package)
    session.expire_all()
    assert session.scalar(select(Lesson.id).where(Lesson.slug == "03-privacy")) == lesson_id
    assert session.scalar(select(func.count()).select_from(Module)) == 1
    assert session.scalar(select(Course.lesson_count)) == 3
    assert session.scalar(select(func.count()).select_from(QuizDrawRule)) == 2


def test_lesson_markdown_is_rendered_and_sanitised_on_import(import_package, session, org):
    import_package(SAMPLE_PACKAGE)
    html = session.scalar(select(Lesson.body_html).where(Lesson.slug == "01-greeting"))
    assert "<strong>第一个被问到的工作人员</strong>" in html
    assert "<table>" in html


def _with_source(spec, folder: Path):
    spec.source = str(folder)
    return spec


def _snapshot(session) -> dict:
    course = session.scalar(select(Course))
    lessons = session.execute(
        select(
            Lesson.id, Lesson.slug, Lesson.title, Lesson.body_md, Lesson.video_url, Lesson.position
        ).order_by(Lesson.id)
    ).all()
    questions = session.execute(
        select(
            Question.id,
            Question.key,
            Question.kind,
            Question.stem,
            Question.points,
            Question.answer,
            Question.tags,
            Question.parent_id,
        ).order_by(Question.id)
    ).all()
    choices = session.execute(
        select(Choice.id, Choice.key, Choice.text, Choice.is_correct).order_by(Choice.id)
    ).all()
    quizzes = session.execute(
        select(Quiz.id, Quiz.title, Quiz.pass_percent, Quiz.grading, Quiz.review_policy).order_by(
            Quiz.id
        )
    ).all()
    return {
        "course": (course.id, course.title, course.credit_hours, course.status),
        "lessons": lessons,
        "questions": questions,
        "choices": choices,
        "quizzes": quizzes,
    }

"""Read and validate a course package folder without touching the database."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from flask_babel import gettext as _

from lms.assessment.models import (
    GRADING_METHODS,
    MULTIPLE_SCORING,
    REVIEW_POLICIES,
)
from lms.core.competencies import CODES
from lms.core.sanitize import is_safe_media_url
from lms.core.time import SHANGHAI
from lms.courses.models import COURSE_STATUSES
from lms.courses.package import yamlfile
from lms.courses.package.errors import PackageError, Problem
from lms.courses.package.questions import QuestionChecker
from lms.courses.package.spec import (
    CoursePackageSpec,
    DrawSpec,
    LessonSpec,
    ModuleSpec,
    QuestionSpec,
    QuizSpec,
)
from lms.courses.package.yamlfile import LineDict, YamlSyntaxError

CODE_RE = re.compile(r"^[a-z0-9][a-z0-9-]{2,59}$")
LESSON_FILE_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,75}\.md$")


def find_packages(path: Path) -> list[Path]:
    """``path`` itself when it is a package, else every package folder directly inside it."""
    if (path / "course.yaml").is_file():
        return [path]
    if not path.is_dir():
        return []
    return sorted(p for p in path.iterdir() if (p / "course.yaml").is_file())


class _Reader(QuestionChecker):
    """Reads course.yaml and the lesson files; questions come from QuestionChecker."""

    def read(self) -> CoursePackageSpec | None:
        raw = self.load_yaml("course.yaml")
        questions = self.read_questions()
        if raw is None:
            return None
        course = self.mapping("course.yaml", raw, 1, "course.yaml")
        if course is None:
            return None
        f = "course.yaml"
        code = self.text(f, course, "code")
        if code and not CODE_RE.match(code):
            self.fail(
                f,
                course.line_of("code"),
                _("'code' must be 3–60 lowercase letters, digits or hyphens"),
            )
        elif code and code != self.folder.name:
            self.fail(
                f,
                course.line_of("code"),
                _(
                    "'code' (%(code)s) must match the folder name (%(folder)s)",
                    code=code,
                    folder=self.folder.name,
                ),
            )
        title = self.text(f, course, "title", max_len=200)
        summary = self.text(f, course, "summary", required=False, max_len=2000)
        hours = self.credit_hours(f, course)
        competencies = self.competency_list(f, course)
        owner = course.get("owner")
        if owner is not None and not isinstance(owner, str):
            self.fail(f, course.line_of("owner"), _("'owner' must be a username"))
            owner = None
        status = self.choice(f, course, "status", COURSE_STATUSES, "draft")
        keys = {q.key for q in questions} | {p.key for q in questions for p in q.parts}
        modules = self.modules(f, course, questions)
        final = None
        if course.get("final_exam") is not None:
            final = self.quiz(
                f, course.get("final_exam"), course.line_of("final_exam"), questions, keys
            )
        unknown = set(course) - {
            "code",
            "title",
            "summary",
            "credit_hours",
            "competencies",
            "owner",
            "status",
            "modules",
            "final_exam",
        }
        for key in sorted(unknown, key=str):
            self.fail(f, course.line_of(key), _("unknown key '%(key)s'", key=key))
        return CoursePackageSpec(
            code=code,
            title=title,
            summary=summary,
            credit_hours=hours,
            competencies=competencies,
            owner=owner,
            status=status,
            modules=modules,
            final_exam=final,
            questions=questions,
            source=str(self.folder),
        )

    def credit_hours(self, f: str, course: LineDict) -> Decimal:
        value = course.get("credit_hours")
        try:
            hours = Decimal(str(value))
            ok = (
                not isinstance(value, bool)
                and hours > 0
                and hours <= 200
                and hours == hours.quantize(Decimal("0.1"))
            )
        except (InvalidOperation, ValueError):
            ok = False
        if not ok:
            self.fail(
                f,
                course.line_of("credit_hours"),
                _(
                    "'credit_hours' must be a number above 0 and at most 200, "
                    "with at most one decimal"
                ),
            )
            return Decimal("1")
        return hours.quantize(Decimal("0.1"))

    def competency_list(self, f: str, course: LineDict) -> list[str]:
        value = course.get("competencies")
        if not isinstance(value, list) or not value:
            self.fail(
                f,
                course.line_of("competencies"),
                _("'competencies' must be a non-empty list of competency codes"),
            )
            return []
        result = []
        for code in value:
            if code not in CODES:
                self.fail(
                    f, course.line_of("competencies"), _("unknown competency '%(code)s'", code=code)
                )
            elif code not in result:
                result.append(code)
        return result

    def modules(self, f: str, course: LineDict, questions: list[QuestionSpec]) -> list[ModuleSpec]:
        value = course.get("modules")
        if not isinstance(value, list) or not value:
            self.fail(f, course.line_of("modules"), _("'modules' must be a non-empty list"))
            return []
        keys = {q.key for q in questions} | {p.key for q in questions for p in q.parts}
        seen_files: set[str] = set()
        modules = []
        for raw in value:
            module = self.mapping(f, raw, course.line_of("modules"), _("a module"))
            if module is None:
                continue
            lessons = []
            files = module.get("lessons")
            if not isinstance(files, list) or not files:
                self.fail(
                    f,
                    module.line_of("lessons"),
                    _("'lessons' must be a non-empty list of lesson files"),
                )
                files = []
            for name in files:
                if not isinstance(name, str) or not LESSON_FILE_RE.match(name):
                    self.fail(
                        f,
                        module.line_of("lessons"),
                        _(
                            "'%(name)s' is not a valid lesson file name (a-z, 0-9, -, .md)",
                            name=name,
                        ),
                    )
                elif name in seen_files:
                    self.fail(
                        f,
                        module.line_of("lessons"),
                        _("lesson file '%(name)s' is listed twice", name=name),
                    )
                else:
                    seen_files.add(name)
                    lesson = self.lesson(name)
                    if lesson:
                        lessons.append(lesson)
            quiz = None
            if module.get("quiz") is not None:
                quiz = self.quiz(f, module.get("quiz"), module.line_of("quiz"), questions, keys)
            modules.append(
                ModuleSpec(
                    title=self.text(f, module, "title", max_len=200),
                    summary=self.text(f, module, "summary", required=False, max_len=2000),
                    lessons=lessons,
                    quiz=quiz,
                )
            )
        return modules

    def lesson(self, name: str) -> LessonSpec | None:
        path = self.folder / name
        if not path.is_file():
            self.fail(name, 0, _("lesson file is missing"))
            return None
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            self.fail(name, 0, _("file is not UTF-8 text"))
            return None
        match = re.match(r"^---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|$)", text, re.S)
        if not match:
            self.fail(name, 1, _("the file must start with YAML front matter between '---' lines"))
            return None
        try:
            front = yamlfile.load(match.group(1))
        except YamlSyntaxError as exc:
            self.fail(name, exc.line + 1, _("YAML syntax error: %(error)s", error=exc.message))
            return None
        front = self.mapping(name, front, 2, _("the front matter"))
        if front is None:
            return None
        for key in front.key_lines:
            front.key_lines[key] += 1
        title = self.text(name, front, "title", max_len=200)
        video = front.get("video_url")
        if video is not None and (not isinstance(video, str) or not is_safe_media_url(video)):
            self.fail(name, front.line_of("video_url"), _("'video_url' must be an http(s) address"))
            video = None
        body = text[match.end() :].strip("\n")
        if not body.strip():
            self.fail(name, 0, _("the lesson has no text"))
        return LessonSpec(slug=name[:-3], title=title, body=body, video_url=video)

    def quiz(
        self, f: str, raw: Any, line: int, questions: list[QuestionSpec], keys: set[str]
    ) -> QuizSpec | None:
        quiz = self.mapping(f, raw, line, _("a quiz"))
        if quiz is None:
            return None
        fixed = quiz.get("questions")
        draw_raw = quiz.get("draw")
        draws: list[DrawSpec] | None = None
        if (fixed is None) == (draw_raw is None):
            self.fail(f, quiz.line, _("a quiz needs either 'questions' or 'draw', not both"))
        if fixed is not None:
            if not isinstance(fixed, list) or not fixed:
                self.fail(f, quiz.line_of("questions"), _("'questions' must be a list of ids"))
                fixed = []
            top = {q.key for q in questions}
            for key in fixed:
                if key not in top and self.bank_loaded:
                    self.fail(
                        f,
                        quiz.line_of("questions"),
                        _("question '%(id)s' is not in questions.yaml", id=key),
                    )
            if len(set(fixed)) != len(fixed):
                self.fail(f, quiz.line_of("questions"), _("a question is listed twice"))
        if draw_raw is not None:
            draws = self.draws(f, quiz, draw_raw, questions)
        return QuizSpec(
            title=self.text(f, quiz, "title", max_len=200),
            questions=[str(k) for k in fixed] if fixed is not None else None,
            draw=draws,
            pass_percent=self.integer(f, quiz, "pass_percent", 60, low=1, high=100) or 60,
            time_limit_minutes=self.integer(f, quiz, "time_limit_minutes", None, low=1, high=600),
            max_attempts=self.integer(f, quiz, "max_attempts", None, low=1, high=100),
            grading=self.choice(f, quiz, "grading", GRADING_METHODS, "highest"),
            review=self.choice(f, quiz, "review", REVIEW_POLICIES, "after_submit"),
            multiple_scoring=self.choice(
                f, quiz, "multiple_scoring", MULTIPLE_SCORING, "all_or_nothing"
            ),
            shuffle_choices=bool(quiz.get("shuffle_choices", True)),
            closes_at=self.closes_at(f, quiz),
        )

    def closes_at(self, f: str, quiz: LineDict) -> datetime | None:
        """An ISO date-time; without a zone it is read as Asia/Shanghai time."""
        value = quiz.get("closes_at")
        if value is None:
            return None
        try:
            moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        except ValueError:
            self.fail(
                f,
                quiz.line_of("closes_at"),
                _("'closes_at' must be a date and time such as 2026-12-31T18:00"),
            )
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=SHANGHAI)

    def draws(
        self, f: str, quiz: LineDict, raw: Any, questions: list[QuestionSpec]
    ) -> list[DrawSpec]:
        if not isinstance(raw, list) or not raw:
            self.fail(f, quiz.line_of("draw"), _("'draw' must be a non-empty list"))
            return []
        result = []
        for item in raw:
            rule = self.mapping(f, item, quiz.line_of("draw"), _("a draw rule"))
            if rule is None:
                continue
            count = self.integer(f, rule, "count", None, low=1, high=500)
            competency, tag = rule.get("competency"), rule.get("tag")
            if (competency is None) == (tag is None):
                self.fail(f, rule.line, _("a draw rule needs either 'competency' or 'tag'"))
                continue
            if competency is not None and competency not in CODES:
                self.fail(f, rule.line, _("unknown competency '%(code)s'", code=competency))
                continue
            pool = [
                q
                for q in questions
                if (competency and q.competency == competency) or (tag and tag in q.tags)
            ]
            if count is None:
                self.fail(f, rule.line, _("'count' is required"))
            elif count > len(pool) and self.bank_loaded:
                self.fail(
                    f,
                    rule.line,
                    _(
                        "the rule draws %(count)d questions but the bank has only %(n)d",
                        count=count,
                        n=len(pool),
                    ),
                )
            result.append(
                DrawSpec(
                    count=count or 1,
                    competency=competency,
                    tag=str(tag) if tag is not None else None,
                )
            )
        return result


def read_package(folder: Path) -> CoursePackageSpec:
    """Parse and validate one package folder; raise PackageError listing every problem."""
    reader = _Reader(folder)
    spec = reader.read()
    if reader.problems or spec is None:
        raise PackageError(reader.problems or [Problem(folder.name, 0, _("not a course package"))])
    return spec

"""Write validated course packages to the database, updating courses that already exist.

Existing rows are matched by their stable keys (course code, lesson file name, question id,
choice key) so that learners' progress and attempts survive a re-import.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from lms.accounts.models import Person
from lms.assessment.models import Choice, Question, Quiz, QuizDrawRule, QuizQuestion
from lms.attempts.models import AttemptItem
from lms.core.sanitize import render_markdown
from lms.courses.models import Course, CourseCompetency, Lesson, Module
from lms.courses.package.spec import CoursePackageSpec, QuestionSpec, QuizSpec
from lms.db import utcnow


@dataclass
class ImportReport:
    code: str
    created: bool
    lessons: int
    questions: int
    warnings: list[str] = field(default_factory=list)


def import_packages(session: Session, specs: list[CoursePackageSpec]) -> list[ImportReport]:
    """Write every package in the caller's transaction (validate them all first)."""
    return [_import_one(session, spec) for spec in specs]


def _import_one(session: Session, spec: CoursePackageSpec) -> ImportReport:
    course = session.scalar(
        select(Course)
        .where(Course.code == spec.code)
        .options(selectinload(Course.competency_links))
    )
    created = course is None
    if course is None:
        course = Course(code=spec.code, competency_links=[])
        session.add(course)
    report = ImportReport(code=spec.code, created=created, lessons=0, questions=0)
    course.title = spec.title
    course.summary = spec.summary
    course.credit_hours = spec.credit_hours
    if spec.status == "published" and course.status != "published":
        course.published_at = utcnow()
    course.status = spec.status
    course.competency_links = [
        CourseCompetency(competency_code=code, position=i)
        for i, code in enumerate(spec.competencies)
    ]
    course.owner_id = None
    if spec.owner:
        owner_id = session.scalar(select(Person.id).where(Person.username == spec.owner))
        if owner_id is None:
            report.warnings.append(f"owner '{spec.owner}' does not exist; the course has no owner")
        course.owner_id = owner_id
    session.flush()

    modules = _sync_modules(session, course, spec)
    questions = _sync_questions(session, course, spec.questions)
    _sync_quizzes(session, course, spec, modules, questions)
    report.lessons = course.lesson_count
    report.questions = len(spec.questions)
    session.flush()
    return report


def _sync_modules(session: Session, course: Course, spec: CoursePackageSpec) -> list[Module]:
    # Rows are loaded by query and removed with SQL deletes (the database cascades), so that
    # a lesson that moved to another module is never deleted with its old module.
    existing = list(
        session.scalars(
            select(Module).where(Module.course_id == course.id).order_by(Module.position)
        )
    )
    lessons_by_slug = {
        lesson.slug: lesson
        for lesson in session.scalars(select(Lesson).where(Lesson.course_id == course.id))
    }
    # Move old positions out of the way of the unique (course, position) constraint.
    for i, module in enumerate(existing):
        module.position = -(i + 1)
    session.flush()
    modules: list[Module] = []
    kept_lessons: set[str] = set()
    for position, mspec in enumerate(spec.modules):
        module = existing[position] if position < len(existing) else None
        if module is None:
            module = Module(course_id=course.id, position=position)
            session.add(module)
        module.position = position
        module.title = mspec.title
        module.summary = mspec.summary
        session.flush()
        for lpos, lspec in enumerate(mspec.lessons):
            lesson = lessons_by_slug.get(lspec.slug)
            if lesson is None:
                lesson = Lesson(course_id=course.id, slug=lspec.slug)
                session.add(lesson)
            lesson.module_id = module.id
            lesson.position = lpos
            lesson.title = lspec.title
            lesson.body_md = lspec.body
            lesson.body_html = render_markdown(lspec.body)
            lesson.video_url = lspec.video_url
            kept_lessons.add(lspec.slug)
        modules.append(module)
    session.flush()
    gone_lessons = [
        lesson.id for slug, lesson in lessons_by_slug.items() if slug not in kept_lessons
    ]
    if gone_lessons:
        session.execute(
            delete(Lesson).where(Lesson.id.in_(gone_lessons)),
            execution_options={"synchronize_session": False},
        )
    gone_modules = [m.id for m in existing[len(spec.modules) :]]
    if gone_modules:
        session.execute(
            delete(Module).where(Module.id.in_(gone_modules)),
            execution_options={"synchronize_session": False},
        )
    for obj in [lessons_by_slug[s] for s in lessons_by_slug if s not in kept_lessons] + existing[
        len(spec.modules) :
    ]:
        session.expunge(obj)
    course.lesson_count = len(kept_lessons)
    session.flush()
    return modules


def _sync_questions(
    session: Session, course: Course, specs: list[QuestionSpec]
) -> dict[str, Question]:
    existing = {
        q.key: q
        for q in session.scalars(
            select(Question)
            .where(Question.course_id == course.id)
            .options(selectinload(Question.choices))
        )
    }
    kept: dict[str, Question] = {}

    def write(qspec: QuestionSpec, position: int, parent: Question | None) -> Question:
        q = existing.get(qspec.key)
        if q is None:
            q = Question(course_id=course.id, key=qspec.key, choices=[])
            session.add(q)
        q.parent_id = parent.id if parent else None
        q.is_retired = False
        q.position = position
        q.kind = qspec.kind
        q.stem = qspec.stem
        q.points = qspec.points
        q.competency_code = qspec.competency
        q.tags = list(qspec.tags)
        q.explanation = qspec.explanation
        q.answer = qspec.answer
        q.reference_answer = qspec.reference_answer
        choices = {c.key: c for c in q.choices}
        wanted = []
        for cpos, (key, text) in enumerate(qspec.choices):
            choice = choices.get(key) or Choice(key=key)
            choice.position = cpos
            choice.text = text
            choice.is_correct = key in qspec.correct
            wanted.append(choice)
        q.choices = wanted
        session.flush()
        kept[qspec.key] = q
        for ppos, part in enumerate(qspec.parts):
            write(part, ppos, q)
        return q

    for position, qspec in enumerate(specs):
        write(qspec, position, None)
    gone = [q for key, q in existing.items() if key not in kept]
    # A question someone has answered stays (retired: never drawn or exported again), so
    # attempts keep their history; the rest are deleted.
    answered = (
        set(
            session.scalars(
                select(AttemptItem.question_id)
                .where(AttemptItem.question_id.in_([q.id for q in gone]))
                .union(
                    select(AttemptItem.case_id).where(AttemptItem.case_id.in_([q.id for q in gone]))
                )
            )
        )
        if gone
        else set()
    )
    for q in gone:
        if q.id in answered or q.parent_id in answered:
            q.is_retired = True
    gone = [q for q in gone if not q.is_retired]
    if gone:
        session.execute(
            delete(Question).where(Question.id.in_([q.id for q in gone])),
            execution_options={"synchronize_session": False},
        )
        for q in gone:
            session.expunge(q)
    session.flush()
    return kept


def _sync_quizzes(
    session: Session,
    course: Course,
    spec: CoursePackageSpec,
    modules: list[Module],
    questions: dict[str, Question],
) -> None:
    existing = {
        q.module_id: q
        for q in session.scalars(
            select(Quiz)
            .where(Quiz.course_id == course.id)
            .options(selectinload(Quiz.questions), selectinload(Quiz.draw_rules))
        )
    }
    wanted: list[tuple[int | None, QuizSpec]] = [
        (m.id, ms.quiz) for m, ms in zip(modules, spec.modules, strict=True) if ms.quiz
    ]
    if spec.final_exam:
        wanted.append((None, spec.final_exam))
    kept = set()
    for module_id, qspec in wanted:
        quiz = existing.get(module_id)
        if quiz is None:
            quiz = Quiz(course_id=course.id, module_id=module_id, questions=[], draw_rules=[])
            session.add(quiz)
        quiz.title = qspec.title
        quiz.pass_percent = qspec.pass_percent
        quiz.time_limit_minutes = qspec.time_limit_minutes
        quiz.max_attempts = qspec.max_attempts
        quiz.grading = qspec.grading
        quiz.review_policy = qspec.review
        quiz.multiple_scoring = qspec.multiple_scoring
        quiz.shuffle_choices = qspec.shuffle_choices
        quiz.closes_at = qspec.closes_at
        quiz.is_archived = False
        quiz.questions = [
            QuizQuestion(question_id=questions[key].id, position=i)
            for i, key in enumerate(qspec.questions or [])
        ]
        quiz.draw_rules = [
            QuizDrawRule(position=i, competency_code=d.competency, tag=d.tag, count=d.count)
            for i, d in enumerate(qspec.draw or [])
        ]
        kept.add(module_id)
        session.flush()
    for module_id, quiz in existing.items():
        if module_id not in kept:
            session.delete(quiz)
    session.flush()

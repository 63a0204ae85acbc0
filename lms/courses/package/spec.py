"""What a validated course package contains, independent of files and of the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any


@dataclass
class QuestionSpec:
    key: str
    kind: str
    stem: str
    points: Decimal
    competency: str
    explanation: str
    tags: list[str] = field(default_factory=list)
    #: (key, text) in authored order, for single/multiple
    choices: list[tuple[str, str]] = field(default_factory=list)
    #: keys of the correct choices
    correct: list[str] = field(default_factory=list)
    #: true/false key or accepted fill-in answers
    answer: Any = None
    reference_answer: str | None = None
    parts: list[QuestionSpec] = field(default_factory=list)


@dataclass
class DrawSpec:
    count: int
    competency: str | None = None
    tag: str | None = None


@dataclass
class QuizSpec:
    title: str
    questions: list[str] | None
    draw: list[DrawSpec] | None
    pass_percent: int
    time_limit_minutes: int | None
    max_attempts: int | None
    grading: str
    review: str
    multiple_scoring: str
    shuffle_choices: bool
    #: when the quiz closes (for the "after_close" review policy), timezone-aware
    closes_at: datetime | None = None


@dataclass
class LessonSpec:
    slug: str
    title: str
    body: str
    video_url: str | None = None


@dataclass
class ModuleSpec:
    title: str
    summary: str
    lessons: list[LessonSpec]
    quiz: QuizSpec | None


@dataclass
class CoursePackageSpec:
    code: str
    title: str
    summary: str
    credit_hours: Decimal
    competencies: list[str]
    owner: str | None
    status: str
    modules: list[ModuleSpec]
    final_exam: QuizSpec | None
    questions: list[QuestionSpec]
    #: where it was read from, for messages
    source: str = ""

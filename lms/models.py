"""Import every model so that ``Base.metadata`` is complete (Alembic and tests use this)."""

from lms.accounts.models import Person
from lms.api.models import ApiToken
from lms.assessment.models import Choice, Question, Quiz, QuizDrawRule, QuizQuestion
from lms.attempts.models import Attempt, AttemptItem
from lms.audit.models import AuditEvent
from lms.certificates.models import AnnualTarget, Certificate, CreditEntry, HoursClaim
from lms.classes.models import ThematicClass, class_course, class_member, class_unit
from lms.courses.models import Competency, Course, CourseCompetency, Lesson, Module
from lms.db import Base
from lms.learning.models import Assignment, Enrollment, LessonProgress
from lms.orgs.models import OrgUnit
from lms.reports.models import PersonCompetency, PersonYearSummary

__all__ = [
    "ThematicClass",
    "class_course",
    "class_member",
    "class_unit",
    "ApiToken",
    "AnnualTarget",
    "Certificate",
    "CreditEntry",
    "HoursClaim",
    "Assignment",
    "Attempt",
    "AttemptItem",
    "AuditEvent",
    "Base",
    "Choice",
    "Competency",
    "Course",
    "Enrollment",
    "Lesson",
    "LessonProgress",
    "Module",
    "OrgUnit",
    "Person",
    "PersonCompetency",
    "PersonYearSummary",
    "Question",
    "Quiz",
    "QuizDrawRule",
    "QuizQuestion",
    "CourseCompetency",
]

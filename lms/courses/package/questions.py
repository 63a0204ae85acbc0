"""Validation of questions.yaml: every question kind and its keys (DESIGN §3)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _

from lms.assessment.models import PART_KINDS, QUESTION_KINDS
from lms.core.competencies import CODES
from lms.courses.package.checks import Checker
from lms.courses.package.spec import QuestionSpec
from lms.courses.package.yamlfile import LineDict

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
CHOICE_KEYS = "ABCDEFGH"


class QuestionChecker(Checker):
    def read_questions(self) -> list[QuestionSpec]:
        f = "questions.yaml"
        raw = self.load_yaml(f)
        if raw is None:
            self.bank_loaded = False
            return []
        if not isinstance(raw, list):
            self.fail(f, 1, _("questions.yaml must be a list of questions"))
            return []
        seen: set[str] = set()
        result = []
        for item in raw:
            q = self.question(f, item, seen, QUESTION_KINDS, None)
            if q:
                result.append(q)
        return result

    def question(
        self, f: str, raw: Any, seen: set[str], kinds: tuple[str, ...], parent: QuestionSpec | None
    ) -> QuestionSpec | None:
        data = self.mapping(f, raw, 0, _("a question"))
        if data is None:
            return None
        key = data.get("id")
        if not isinstance(key, str) or not ID_RE.match(key):
            self.fail(f, data.line_of("id"), _("'id' must be lowercase letters, digits or hyphens"))
            key = f"?{data.line}"
        elif key in seen:
            self.fail(f, data.line_of("id"), _("duplicate question id '%(id)s'", id=key))
        seen.add(key)
        kind = data.get("kind")
        if kind not in kinds:
            self.fail(
                f,
                data.line_of("kind"),
                _("'kind' must be one of: %(allowed)s", allowed=", ".join(kinds)),
            )
            return None
        competency = data.get("competency", parent.competency if parent else None)
        if competency not in CODES:
            self.fail(
                f, data.line_of("competency"), _("unknown competency '%(code)s'", code=competency)
            )
        tags = data.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            self.fail(f, data.line_of("tags"), _("'tags' must be a list of words"))
            tags = []
        q = QuestionSpec(
            key=key,
            kind=kind,
            stem=self.text(f, data, "stem"),
            points=Decimal("0"),
            competency=competency or "",
            explanation=self.text(f, data, "explanation", required=kind != "case"),
            tags=list(tags),
        )
        if kind in ("single", "multiple"):
            self.choices(f, data, q)
        elif kind == "true_false":
            if not isinstance(data.get("answer"), bool):
                self.fail(f, data.line_of("answer"), _("'answer' must be true or false"))
            q.answer = bool(data.get("answer"))
        elif kind == "fill_blank":
            accepted = data.get("accepted")
            if (
                not isinstance(accepted, list)
                or not accepted
                or not all(isinstance(a, str | int) and str(a).strip() for a in accepted)
            ):
                self.fail(
                    f, data.line_of("accepted"), _("'accepted' must be a non-empty list of answers")
                )
                accepted = []
            q.answer = [str(a).strip() for a in accepted]
        elif kind == "essay":
            q.reference_answer = self.text(f, data, "reference_answer", required=False) or None
        elif kind == "case":
            parts = data.get("parts")
            if not isinstance(parts, list) or not parts:
                self.fail(f, data.line_of("parts"), _("a case question needs 'parts'"))
                parts = []
            for item in parts:
                part = self.question(f, item, seen, PART_KINDS, q)
                if part:
                    q.parts.append(part)
        if kind == "case":
            total = sum((p.points for p in q.parts), Decimal("0"))
            if data.get("points") is not None and self.points(f, data) != total:
                self.fail(
                    f,
                    data.line_of("points"),
                    _("the case's points must equal the sum of its parts (%(n)s)", n=total),
                )
            q.points = total
        else:
            q.points = self.points(f, data)
        return q

    def points(self, f: str, data: LineDict) -> Decimal:
        value = data.get("points")
        try:
            points = Decimal(str(value))
            ok = not isinstance(value, bool) and Decimal("0") < points <= Decimal("1000")
        except (InvalidOperation, ValueError):
            ok = False
        if not ok:
            self.fail(f, data.line_of("points"), _("'points' must be a number above 0"))
            return Decimal("1")
        return points

    def choices(self, f: str, data: LineDict, q: QuestionSpec) -> None:
        choices = data.get("choices")
        if not isinstance(choices, dict) or not 2 <= len(choices) <= 8:
            self.fail(
                f, data.line_of("choices"), _("'choices' must map the keys A–H to 2–8 answers")
            )
            return
        for key, text in choices.items():
            if not isinstance(key, str) or key not in CHOICE_KEYS:
                self.fail(
                    f,
                    data.line_of("choices"),
                    _("choice key '%(key)s' must be a letter A–H", key=key),
                )
            elif not isinstance(text, str | int | float) or not str(text).strip():
                self.fail(f, data.line_of("choices"), _("choice %(key)s has no text", key=key))
            else:
                q.choices.append((key, str(text).strip()))
        answer = data.get("answer")
        answers = answer if isinstance(answer, list) else [answer]
        if q.kind == "single" and isinstance(answer, list):
            self.fail(f, data.line_of("answer"), _("a single-choice question has one answer"))
        if q.kind == "multiple" and (not isinstance(answer, list) or len(answer) < 2):
            self.fail(
                f, data.line_of("answer"), _("a multiple-choice answer must list at least two keys")
            )
        keys = {k for k, _t in q.choices}
        for a in answers:
            if a not in keys:
                self.fail(
                    f,
                    data.line_of("answer"),
                    _("answer '%(answer)s' is not among the choices", answer=a),
                )
        q.correct = sorted({a for a in answers if a in keys})

"""Taking a quiz over HTTP: with and without JavaScript, integrity of the key, review, grading."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lms.assessment.models import Question, Quiz
from lms.attempts.models import Attempt, AttemptItem
from tests.conftest import csrf_token, post


@pytest.fixture
def quizzes(sample_course, session):
    rows = session.scalars(select(Quiz).where(Quiz.course_id == sample_course.id)).all()
    return {("module" if q.module_id else "final"): q for q in rows}


@pytest.fixture
def learner(as_user, sample_course):
    return as_user("learner")


def _start(client, quiz):
    response = post(client, f"/quizzes/{quiz.id}/start")
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return int(response.headers["Location"].rsplit("/", 1)[1])


def _items(session, attempt_id):
    session.expire_all()
    items = session.scalars(
        select(AttemptItem)
        .where(AttemptItem.attempt_id == attempt_id)
        .order_by(AttemptItem.position)
    ).all()
    questions = {
        q.id: q for q in session.scalars(select(Question).options(selectinload(Question.choices)))
    }
    return [(item, questions[item.question_id]) for item in items]


def _correct_response(question):
    if question.kind in ("single", "multiple"):
        return [c.id for c in question.choices if c.is_correct]
    if question.kind == "true_false":
        return question.answer
    if question.kind == "fill_blank":
        return question.answer[0]
    return "我的作答"


def _save(client, attempt_id, item_id, response):
    return client.post(
        f"/attempts/{attempt_id}/answers",
        json={"item": item_id, "response": response},
        headers={"X-CSRFToken": csrf_token(client)},
    )


def test_quiz_page_shows_the_rules_and_starts_an_attempt(learner, quizzes):
    page = learner.get(f"/quizzes/{quizzes['module'].id}").get_data(as_text=True)
    assert "及格线：60%" in page and "限时 10 分钟" in page and "还剩 3 次" in page
    attempt_id = _start(learner, quizzes["module"])
    assert _start(learner, quizzes["module"]) == attempt_id  # resumes
    assert "继续作答" in learner.get(f"/quizzes/{quizzes['module'].id}").get_data(as_text=True)


def test_the_key_never_reaches_the_browser_before_submission(learner, quizzes, session):
    attempt_id = _start(learner, quizzes["final"])
    secrets = []
    for _item, q in _items(session, attempt_id):
        secrets.append(q.explanation)
        if q.kind == "fill_blank":
            secrets.extend(q.answer)
        if q.reference_answer:
            secrets.append(q.reference_answer)
    raw = []
    for page in (1, 2, 3):
        raw.append(learner.get(f"/attempts/{attempt_id}?page={page}").get_data(as_text=True))
    item, q = _items(session, attempt_id)[0]
    raw.append(_save(learner, attempt_id, item.id, _correct_response(q)).get_data(as_text=True))
    everything = "\n".join(raw)
    for secret in secrets:
        assert secret not in everything
    assert "is_correct" not in everything and "✓" not in everything
    assert 'class="correct"' not in everything


def test_answers_saved_as_json_come_back_on_reload(learner, quizzes, session):
    attempt_id = _start(learner, quizzes["module"])
    (i1, q1), (i2, q2), (i3, q3) = _items(session, attempt_id)
    assert _save(learner, attempt_id, i1.id, _correct_response(q1)).json["saved"] is True
    assert _save(learner, attempt_id, i3.id, False).status_code == 200
    page = learner.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    chosen = _correct_response(q1)[0]
    assert re.search(rf'value="{chosen}" checked', page)
    assert 'value="false" checked' in page
    assert "已答 2 / 3 题" in page


@pytest.mark.parametrize(
    "body,status,code",
    [
        ({"item": "x"}, 400, "bad_request"),
        ({"item": 999999, "response": None}, 400, "not_in_attempt"),
    ],
)
def test_malformed_saves_get_json_errors(learner, quizzes, body, status, code):
    attempt_id = _start(learner, quizzes["module"])
    response = learner.post(
        f"/attempts/{attempt_id}/answers", json=body, headers={"X-CSRFToken": csrf_token(learner)}
    )
    assert response.status_code == status
    assert response.json["error"]["code"] == code


def test_a_choice_of_another_question_is_refused(learner, quizzes, session):
    attempt_id = _start(learner, quizzes["module"])
    (i1, _q1), (_i2, q2), _ = _items(session, attempt_id)
    response = _save(learner, attempt_id, i1.id, [q2.choices[0].id])
    assert response.status_code == 400
    assert response.json["error"]["message"] == "该选项不属于本题。"


def test_saving_without_csrf_token_is_refused_as_json(learner, quizzes, session):
    attempt_id = _start(learner, quizzes["module"])
    item, _q = _items(session, attempt_id)[0]
    response = learner.post(
        f"/attempts/{attempt_id}/answers", json={"item": item.id, "response": None}
    )
    assert response.status_code == 400 and response.json["error"]["code"] == "csrf"


def test_another_persons_attempt_is_not_found(as_user, learner, quizzes, session):
    attempt_id = _start(learner, quizzes["module"])
    item, _q = _items(session, attempt_id)[0]
    other = as_user("villager")
    assert other.get(f"/attempts/{attempt_id}").status_code == 404
    assert _save(other, attempt_id, item.id, None).status_code == 404
    assert post(other, f"/attempts/{attempt_id}/submit").status_code == 404


def test_the_whole_quiz_without_javascript(learner, quizzes, session):
    """Plain form posts: answer, go to the next page, submit, see the review."""
    attempt_id = _start(learner, quizzes["module"])
    form = {"csrf_token": csrf_token(learner), "action": "submit"}
    for item, q in _items(session, attempt_id):
        answer = _correct_response(q)
        if q.kind == "single":
            form[f"q{item.id}"] = str(answer[0])
        elif q.kind == "multiple":
            form[f"q{item.id}"] = [str(a) for a in answer]
        else:
            form[f"q{item.id}"] = "true" if answer else "false"
    response = learner.post(f"/attempts/{attempt_id}?page=1", data=form)
    assert response.status_code == 302 and response.headers["Location"].endswith("/review")
    review = learner.get(f"/attempts/{attempt_id}/review").get_data(as_text=True)
    assert "得分 6 / 6（100%）" in review and "及格" in review
    assert "首问负责要求第一个被问到的人解答或引导" in review  # explanations after submit
    # a second submit is refused
    response = post(learner, f"/attempts/{attempt_id}/submit")
    assert response.status_code == 409
    assert "已经交卷" in response.get_data(as_text=True)
    course = learner.get("/courses/sample-course").get_data(as_text=True)
    assert "已及格（100%）" in course
    assert "本章已完成" not in course  # the chapter's lessons are not studied yet
    for slug in ("01-greeting", "02-one-time-notice"):
        post(learner, f"/courses/sample-course/lessons/{slug}/complete")
    assert "本章已完成" in learner.get("/courses/sample-course").get_data(as_text=True)


def test_a_late_answer_is_refused_and_the_attempt_is_closed(learner, quizzes, session):
    from datetime import timedelta

    attempt_id = _start(learner, quizzes["module"])
    attempt = session.get(Attempt, attempt_id)
    attempt.deadline_at = attempt.started_at - timedelta(seconds=1)
    session.commit()
    item, q = _items(session, attempt_id)[0]
    response = _save(learner, attempt_id, item.id, _correct_response(q))
    assert response.status_code == 409
    assert "时间到" in response.json["error"]["message"]
    session.expire_all()
    assert session.get(Attempt, attempt_id).submitted_at is not None  # kept despite the 409
    assert learner.get(f"/attempts/{attempt_id}").headers["Location"].endswith("/review")


def test_review_policy_after_pass_hides_answers_until_passed(learner, quizzes, session):
    attempt_id = _start(learner, quizzes["final"])
    post(learner, f"/attempts/{attempt_id}/submit")
    page = learner.get(f"/attempts/{attempt_id}/review").get_data(as_text=True)
    assert "本测验的答案和解析暂不公布" in page
    for _item, q in _items(session, attempt_id):
        assert q.explanation not in page


def test_review_policy_never(learner, quizzes, session):
    session.get(Quiz, quizzes["module"].id).review_policy = "never"
    session.commit()
    attempt_id = _start(learner, quizzes["module"])
    post(learner, f"/attempts/{attempt_id}/submit")
    page = learner.get(f"/attempts/{attempt_id}/review").get_data(as_text=True)
    assert "暂不公布" in page and "得分 0 / 6" in page


def test_review_policy_after_close(learner, quizzes, session):
    from datetime import timedelta

    from lms.db import utcnow

    quiz = session.get(Quiz, quizzes["module"].id)
    quiz.review_policy = "after_close"
    session.commit()
    assert quiz.closes_at.year == 2030  # from the package, in Asia/Shanghai
    attempt_id = _start(learner, quizzes["module"])
    post(learner, f"/attempts/{attempt_id}/submit")
    assert "暂不公布" in learner.get(f"/attempts/{attempt_id}/review").get_data(as_text=True)
    quiz.closes_at = utcnow() - timedelta(minutes=1)
    session.commit()
    page = learner.get(f"/attempts/{attempt_id}/review").get_data(as_text=True)
    assert "暂不公布" not in page and "应当一次性告知" in page


def test_attempt_limit_over_http(learner, quizzes):
    for _ in range(3):
        attempt_id = _start(learner, quizzes["module"])
        post(learner, f"/attempts/{attempt_id}/submit")
    response = post(learner, f"/quizzes/{quizzes['module'].id}/start")
    assert response.status_code == 403
    assert "已用完本测验的 3 次作答机会" in response.get_data(as_text=True)


def test_an_archived_quiz_refuses_new_attempts(learner, quizzes, session):
    session.get(Quiz, quizzes["module"].id).is_archived = True
    session.commit()
    response = post(learner, f"/quizzes/{quizzes['module'].id}/start")
    assert response.status_code == 403 and "已关闭" in response.get_data(as_text=True)


class TestTrainerGrading:
    @pytest.fixture
    def essay(self, learner, quizzes, session):
        """A submitted exam attempt holding at least one written answer."""
        for _ in range(40):
            attempt_id = _start(learner, quizzes["final"])
            manual = [i for i, _q in _items(session, attempt_id) if i.needs_manual]
            if manual:
                for item in manual:
                    _save(learner, attempt_id, item.id, "收纳入柜，注明用途")
                post(learner, f"/attempts/{attempt_id}/submit")
                return attempt_id, manual
            session.execute(Attempt.__table__.delete().where(Attempt.id == attempt_id))
            session.commit()
        pytest.fail("no essay drawn")

    def test_queue_grade_and_learner_sees_the_result(self, as_user, learner, essay, session):
        attempt_id, manual = essay
        assert "待批改" in learner.get(f"/attempts/{attempt_id}/review").get_data(as_text=True)
        trainer = as_user("trainer")
        queue = trainer.get("/grading/").get_data(as_text=True)
        assert f"/grading/items/{manual[0].id}" in queue and "李明" in queue
        too_much = post(
            trainer,
            f"/grading/items/{manual[0].id}",
            {"score": str(manual[0].max_points + 1), "comment": ""},
        )
        assert too_much.status_code == 400 and "分数必须在 0 到" in too_much.get_data(as_text=True)
        assert post(trainer, f"/grading/items/{manual[0].id}", {"score": "-1"}).status_code == 400
        for item in manual:
            response = post(
                trainer,
                f"/grading/items/{item.id}",
                {"score": str(item.max_points), "comment": "要点齐全"},
            )
            assert response.status_code == 302
        session.expire_all()
        assert session.get(Attempt, attempt_id).status == "graded"
        assert "没有待批改的答卷" in trainer.get("/grading/").get_data(as_text=True)

    def test_another_trainer_cannot_grade(self, as_user, essay):
        _attempt_id, manual = essay
        other = as_user("trainer2")
        assert other.get(f"/grading/items/{manual[0].id}").status_code == 404
        assert f"/grading/items/{manual[0].id}" not in other.get("/grading/").get_data(as_text=True)


def test_trainer_corrects_a_key_and_attempts_are_regraded(as_user, learner, quizzes, session):
    attempt_id = _start(learner, quizzes["module"])
    (item, q), _, _ = _items(session, attempt_id)
    wrong = next(c for c in q.choices if not c.is_correct)
    _save(learner, attempt_id, item.id, [wrong.id])
    post(learner, f"/attempts/{attempt_id}/submit")
    trainer = as_user("trainer")
    listing = trainer.get("/grading/courses/sample-course/questions").get_data(as_text=True)
    assert f"/grading/questions/{q.id}/key" in listing
    no_reason = post(trainer, f"/grading/questions/{q.id}/key", {"correct": [str(wrong.id)]})
    assert no_reason.status_code == 400 and "请说明更正答案的理由" in no_reason.get_data(
        as_text=True
    )
    response = post(
        trainer,
        f"/grading/questions/{q.id}/key",
        {"correct": [str(wrong.id)], "reason": "原答案印刷错误"},
    )
    assert response.status_code == 302
    session.expire_all()
    assert session.get(AttemptItem, item.id).score == item.max_points
    assert as_user("trainer2").get(f"/grading/questions/{q.id}/key").status_code == 404

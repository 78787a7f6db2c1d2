"""Reviewers in the admin: only their own assignments, others' scores after their own,
scores within range, conflicts of interest, locking; staff assign and follow progress."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import roles
from applications.models import Application
from calls.models import Call, Stage
from core.errors import PortalError
from reviews import scores
from reviews import services as review
from reviews.models import ReviewAssignment
from tests.coalitions.factories import member
from tests.factories import user_with_role

from .factories import CallFactory
from .review_factories import criteria, reviewer, scored, submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    call = CallFactory()
    criteria(call, (10, 2), (5, 1))
    return call


@pytest.fixture
def staff():
    return user_with_role(roles.PROGRAMME_STAFF)


def change_url(assignment):
    return reverse("admin:reviews_reviewassignment_change", args=[assignment.pk])


def form_data(call, points, recommendation="support"):
    data = {"recommendation": recommendation, "comment": "Сильная идея."}
    for criterion, value in zip(
        scores.criteria_for(call=call, stage=Stage.WORKSHOP), points, strict=True
    ):
        data[f"points_{criterion.pk}"] = value
        data[f"comment_{criterion.pk}"] = ""
    return data


def test_a_reviewer_sees_only_their_assignments_also_by_url(client, call):
    mine, theirs = reviewer(), reviewer()
    application = submitted_application(call, idea_title="Моя")
    other = submitted_application(call, idea_title="Чужая")
    own = review.assign_reviewer(reviewed=application, reviewer=mine, stage=Stage.WORKSHOP, by=None)
    foreign = review.assign_reviewer(reviewed=other, reviewer=theirs, stage=Stage.WORKSHOP, by=None)
    client.force_login(mine)
    listing = client.get(reverse("admin:reviews_reviewassignment_changelist"))
    assert "Моя" in listing.content.decode()
    assert "Чужая" not in listing.content.decode()
    assert client.get(change_url(own)).status_code == 200
    assert client.get(change_url(foreign)).status_code in (302, 404)
    assert client.post(change_url(foreign), form_data(call, [5, 5])).status_code in (302, 403, 404)
    assert not foreign.scores.exists()
    # Reviewers do not browse applications in the admin at all.
    assert client.get(reverse("admin:applications_application_changelist")).status_code == 403
    assert client.get(
        reverse("admin:applications_application_change", args=[other.pk])
    ).status_code in (302, 403)


def test_others_scores_stay_hidden_until_own_review_is_sent(client, call):
    first, second = reviewer(), reviewer()
    application = submitted_application(call)
    scored(application, first, [9, 4])
    own = review.assign_reviewer(
        reviewed=application, reviewer=second, stage=Stage.WORKSHOP, by=None
    )
    client.force_login(second)
    page = client.get(change_url(own)).content.decode()
    assert "станут видны после того, как вы отправите свою" in page
    assert "22,00" not in page  # first's weighted sum: 9×2 + 4

    response = client.post(change_url(own), form_data(call, [6, 3]))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == ReviewAssignment.Status.SUBMITTED
    page = client.get(change_url(own)).content.decode()
    assert "22,00" in page


def test_scores_out_of_range_are_refused_next_to_the_field(client, call):
    person = reviewer()
    application = submitted_application(call)
    own = review.assign_reviewer(
        reviewed=application, reviewer=person, stage=Stage.WORKSHOP, by=None
    )
    client.force_login(person)
    response = client.post(change_url(own), form_data(call, [11, ""]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Не больше 10 баллов." in page
    assert "Оцените этот критерий." in page
    assert "Сильная идея." in page  # the comment typed is kept
    own.refresh_from_db()
    assert own.status == ReviewAssignment.Status.ASSIGNED


def test_a_sent_score_can_change_until_staff_lock_scoring(client, call):
    person = reviewer()
    application = submitted_application(call)
    assignment = scored(application, person, [5, 5])
    client.force_login(person)
    client.post(change_url(assignment), form_data(call, [7, 5]))
    assert assignment.scores.get(criterion__number=1).points == Decimal("7")

    Call.objects.filter(pk=call.pk).update(scoring_locked=True)
    response = client.post(change_url(assignment), form_data(call, [1, 1]))
    assert "Оценки по этому конкурсу закрыты" in response.content.decode()
    assert assignment.scores.get(criterion__number=1).points == Decimal("7")
    with pytest.raises(PortalError):
        review.submit_review(
            assignment=assignment,
            by=person,
            points={c.pk: 1 for c in scores.criteria_for(call=call, stage=Stage.WORKSHOP)},
            recommendation="support",
        )


def test_declaring_a_conflict_takes_the_reviewer_off(client, call):
    person = reviewer()
    application = submitted_application(call, idea_title="Спорная заявка")
    own = review.assign_reviewer(
        reviewed=application, reviewer=person, stage=Stage.WORKSHOP, by=None
    )
    client.force_login(person)
    url = reverse("admin:reviews_reviewassignment_conflict", args=[own.pk])
    response = client.post(url, {"reason": ""})
    assert "Опишите, в чём конфликт интересов." in response.content.decode()
    client.post(url, {"reason": "Я консультировал эту коалицию в 2021 году."})
    own.refresh_from_db()
    assert own.status == ReviewAssignment.Status.RECUSED
    assert own.recused_by == person
    assert (
        "Спорная заявка"
        not in client.get(reverse("admin:reviews_reviewassignment_changelist")).content.decode()
    )
    assert client.get(change_url(own)).status_code in (302, 404)
    with pytest.raises(PortalError, match="самоотвод"):
        review.assign_reviewer(reviewed=application, reviewer=person, stage=Stage.WORKSHOP, by=None)
    # The recusal is in the record's history.
    assert own.history.filter(status=ReviewAssignment.Status.RECUSED).exists()


def test_nobody_reviews_their_own_coalition(call):
    application = submitted_application(call)
    insider = reviewer()
    member(application.coalition, "viewer", email="insider@example.kg")
    from coalitions.models import Membership

    Membership.objects.create(coalition=application.coalition, user=insider, role="viewer")
    with pytest.raises(PortalError, match="состоит в коалиции-заявителе"):
        review.assign_reviewer(
            reviewed=application, reviewer=insider, stage=Stage.WORKSHOP, by=None
        )


def test_automatic_assignment_is_balanced_and_skips_conflicts(call, staff):
    reviewers = [reviewer() for _ in range(3)]
    applications = [submitted_application(call) for _ in range(6)]
    from coalitions.models import Membership

    Membership.objects.create(coalition=applications[0].coalition, user=reviewers[0], role="viewer")
    made = review.auto_assign_reviewers(
        reviewed_items=Application.objects.filter(call=call),
        per_item=2,
        reviewers=reviewers,
        stage=Stage.WORKSHOP,
        by=staff,
    )
    assert made == 12
    loads = sorted(ReviewAssignment.objects.filter(reviewer=r).count() for r in reviewers)
    assert loads == [4, 4, 4]
    assert (
        not ReviewAssignment.objects.for_object(applications[0])
        .filter(reviewer=reviewers[0])
        .exists()
    )
    # Running it again adds nothing: every application has its two reviewers.
    assert (
        review.auto_assign_reviewers(
            reviewed_items=Application.objects.filter(call=call),
            per_item=2,
            reviewers=reviewers,
            stage=Stage.WORKSHOP,
            by=staff,
        )
        == 0
    )


def test_staff_assign_in_bulk_and_follow_progress(client, call, staff):
    people = [reviewer(first_name="Нурлан"), reviewer(first_name="Чолпон")]
    applications = [submitted_application(call) for _ in range(2)]
    client.force_login(staff)
    response = client.post(
        reverse("admin:applications_application_changelist"),
        {
            "action": "assign_reviewers",
            "_selected_action": [a.pk for a in applications],
            "apply": "1",
            "reviewers": [p.pk for p in people],
        },
        follow=True,
    )
    assert "Назначены 4 новые рецензии." in response.content.decode()
    scored(applications[0], people[0], [8, 4])
    page = client.get(
        reverse("admin:reviews_reviewassignment_progress") + f"?call={call.pk}"
    ).content.decode()
    assert "Ход оценки" in page
    assert "Нурлан" in page and "Чолпон" in page
    assert "1/2" in page and "0/2" in page


def test_changed_scores_keep_their_history(client, call):
    person = reviewer()
    application = submitted_application(call)
    assignment = scored(application, person, [5, 5])
    client.force_login(person)
    client.post(change_url(assignment), form_data(call, [8, 5]))
    first = assignment.scores.get(criterion__number=1)
    assert list(first.history.order_by("history_date").values_list("points", flat=True)) == [
        Decimal("5"),
        Decimal("8"),
    ]
    history = client.get(reverse("admin:reviews_reviewassignment_history", args=[assignment.pk]))
    assert history.status_code == 200


def test_staff_filter_applications_by_review_progress(client, call, staff):
    done = submitted_application(call, idea_title="Оценена")
    scored(done, reviewer(), [5, 5])
    waiting = submitted_application(call, idea_title="Ждёт")
    review.assign_reviewer(reviewed=waiting, reviewer=reviewer(), stage=Stage.WORKSHOP, by=staff)
    client.force_login(staff)
    url = reverse("admin:applications_application_changelist")
    page = client.get(url + "?reviews=none").content.decode()
    assert "Ждёт" in page and "Оценена" not in page
    page = client.get(url + "?reviews=complete").content.decode()
    assert "Оценена" in page and "Ждёт" not in page


def test_a_criterion_shows_the_answers_to_the_questions_it_judges(client, call):
    first, second = scores.criteria_for(call=call, stage=Stage.WORKSHOP)
    first.questions = "problem, data_use"
    first.full_clean()
    first.save()
    application = submitted_application(call, idea_title="Открытые бюджеты")
    Application.objects.filter(pk=application.pk).update(
        answers={"problem": "Бюджет айыла закрыт.\nНикто не знает расходов.", "data_use": ""}
    )
    person = reviewer()
    assignment = review.assign_reviewer(
        reviewed=application, reviewer=person, stage=Stage.WORKSHOP, by=None
    )
    client.force_login(person)
    page = client.get(change_url(assignment)).content.decode()
    beside = page[page.index(f'id="id_points_{first.pk}"') : page.index(f"id_points_{second.pk}")]
    assert "Проблема и общественный интерес" in beside
    assert "Бюджет айыла закрыт.<br>Никто не знает расходов." in beside
    assert "Как данные сделают кампанию убедительной" in beside  # unanswered: named, empty


def test_a_criterion_names_only_questions_the_call_asks(call):
    criterion = scores.criteria_for(call=call, stage=Stage.WORKSHOP)[0]
    criterion.questions = "problem, nonsense"
    with pytest.raises(ValidationError) as refused:
        criterion.full_clean()
    assert "nonsense" in str(refused.value.message_dict["questions"])

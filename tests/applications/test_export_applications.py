"""Staff export applications (answers, reviews, mean score, rank) and info-session
registrations to Excel, and the workbook agrees with the database.

Hand-worked example — criteria A (0–10, weight 2) and B (0–5, weight 1); pairs get 5
bonus points:
- «Один» (single): reviewer 1: 8, 4 → 20; reviewer 2: 6, 2 → 14; mean 17; score 17; 2nd
- «Пара» (pair):   reviewer 1: 6, 2 → 14; reviewer 2 assigned only; mean 14; score 19; 1st
- «Спор» (single): reviewer 1: 10, 5 → 25; reviewer 2: 2, 1 → 5; mean 15; score 15; 3rd
- «Пусто»: nobody has scored it: no score, no rank
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from applications.models import Application
from calls.models import Call, InfoSessionRegistration, Stage
from coalitions.models import Coalition
from reviews import services as review
from reviews import tallies
from reviews.models import ReviewAssignment, Score
from tests.factories import user_with_role
from tests.workbooks import headers, open_workbook, sheet_rows

from .factories import CallFactory, confirmed_pair
from .review_factories import criteria, reviewer, scored, submitted_application

pytestmark = pytest.mark.django_db
EXPORT_URL = reverse("admin:applications_application_export")


@pytest.fixture
def example():
    call = CallFactory(pair_bonus=Decimal("5"), pair_preference=Call.PairPreference.BONUS)
    criteria(call, (10, 2), (5, 1))
    first = reviewer(first_name="Анара", last_name="Асанова")
    second = reviewer(first_name="Бакыт", last_name="Бекова")
    single = submitted_application(call, idea_title="Один")
    scored(single, first, [8, 4])
    scored(single, second, [6, 2])
    pair = confirmed_pair(call)
    paired = submitted_application(
        call, idea_title="Пара", coalition=pair.inviter, partner=pair.invitee, partnership=pair
    )
    scored(paired, first, [6, 2])
    review.assign_reviewer(reviewed=paired, reviewer=second, stage=Stage.WORKSHOP, by=None)
    disputed = submitted_application(call, idea_title="Спор")
    scored(disputed, first, [10, 5], recommendation="strongly_support")
    scored(disputed, second, [2, 1], recommendation="reject")
    submitted_application(call, idea_title="Пусто")
    return call


def export(client, query=""):
    response = client.get(EXPORT_URL + query)
    assert response.status_code == 200, response.content[:500]
    return open_workbook(response.content)


def by_title(sheet):
    return {row["название идеи кампании"]: row for row in sheet_rows(sheet)}


def test_applications_with_answers_mean_score_and_rank(client, example):
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))

    book = export(client, f"?call__id__exact={example.pk}")

    assert book.sheetnames == ["Заявки", "Оценки рецензентов"]
    sheet = book["Заявки"]
    assert headers(sheet)[:3] == ["№", "конкурс", "название идеи кампании"]
    rows = by_title(sheet)
    assert list(rows) == ["Пара", "Один", "Спор", "Пусто"]  # best first
    one, pair, dispute, empty = rows["Один"], rows["Пара"], rows["Спор"], rows["Пусто"]
    assert (one["средний балл"], one["бонус пары"], one["итоговый балл"]) == (17, 0, 17)
    assert (pair["средний балл"], pair["бонус пары"], pair["итоговый балл"]) == (14, 5, 19)
    assert dispute["итоговый балл"] == 15
    assert [r["место в конкурсе"] for r in (pair, one, dispute, empty)] == [1, 2, 3, None]
    assert empty["итоговый балл"] is None and empty["оценок"] == 0
    assert (pair["оценок"], pair["рецензентов назначено"]) == (1, 2)
    assert pair["заявитель"] == "пара" and one["заявитель"] == "гражданская"
    assert pair["коалиция-партнёр"] == Application.objects.get(idea_title="Пара").partner.name

    application = Application.objects.get(idea_title="Один")
    assert one["№"] == application.pk
    assert one["конкурс"] == example.slug
    assert one["статус"] == "подана"
    # One column per question of the call's form, headed by the question.
    assert one["Проблема и общественный интерес"] == application.answers["problem"]
    assert one["Ожидаемые результаты"] == application.answers["expected_results"]
    assert one["приоритетные темы"] == "1. Развитие регионов"
    assert one["нужные темы практикума"] == "1. Тема 1, 2. Тема 2"
    assert one["организации-участники кампании"] == (
        "НКО «Прозрачность» (гражданский сектор)\nАссоциация фермеров (бизнес-сектор)"
    )
    assert "aigul@example.kg" in one["предлагаемые участники практикума"]
    score_cell = next(c for c in sheet[2] if c.column_letter == "N")
    assert headers(sheet)[13] == "итоговый балл" and score_cell.data_type == "n"


def test_reviewer_scores_sheet(client, example):
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    sheet = export(client, f"?call__id__exact={example.pk}")["Оценки рецензентов"]

    assert headers(sheet)[6:9] == ["1. Критерий 1", "2. Критерий 2", "сумма с весами"]
    rows = [
        (
            r["название идеи кампании"],
            r["рецензент"],
            r["1. Критерий 1"],
            r["2. Критерий 2"],
            r["сумма с весами"],
            r["статус рецензии"],
        )
        for r in sheet_rows(sheet)
    ]
    assert ("Один", "Анара Асанова", 8, 4, 20, "оценка отправлена") in rows
    assert ("Один", "Бакыт Бекова", 6, 2, 14, "оценка отправлена") in rows
    assert ("Пара", "Бакыт Бекова", None, None, None, "ожидает оценки") in rows
    assert ("Спор", "Анара Асанова", 10, 5, 25, "оценка отправлена") in rows
    assert len(rows) == 6
    recommendations = {
        r["рецензент"]: r["рекомендация"]
        for r in sheet_rows(sheet)
        if r["название идеи кампании"] == "Спор"
    }
    assert recommendations == {
        "Анара Асанова": "настоятельно рекомендую",
        "Бакыт Бекова": "не рекомендую",
    }


def test_selected_rows_keep_their_rank_in_the_call(client, example):
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    dispute = Application.objects.get(idea_title="Спор")
    response = client.post(
        reverse("admin:applications_application_changelist"),
        {"action": "export_admin_action", "_selected_action": [dispute.pk]},
    )
    assert response.status_code == 200
    book = open_workbook(response.content)
    rows = sheet_rows(book["Заявки"])
    assert [(r["название идеи кампании"], r["место в конкурсе"]) for r in rows] == [("Спор", 3)]
    assert {r["название идеи кампании"] for r in sheet_rows(book["Оценки рецензентов"])} == {"Спор"}


def test_finance_export_leaves_out_attendees_contacts(client, example):
    client.force_login(user_with_role(roles.FINANCE))
    sheet = export(client)["Заявки"]
    assert "предлагаемые участники практикума" not in headers(sheet)
    assert "aigul@example.kg" not in str(list(sheet.values))
    assert by_title(sheet)["Один"]["итоговый балл"] == 17


def test_reviewers_cannot_export_applications(client, example):
    client.force_login(reviewer())
    assert client.get(EXPORT_URL).status_code == 403


def build(call, count, reviewers, crits):
    coalitions = Coalition.objects.bulk_create(
        Coalition(name=f"Коалиция {call.pk}-{i}", kind=Coalition.Kind.CIVIC) for i in range(count)
    )
    applications = Application.objects.bulk_create(
        Application(
            call=call, coalition=c, idea_title=f"Идея {i}", status=Application.Status.SUBMITTED
        )
        for i, c in enumerate(coalitions)
    )
    content_type = ContentType.objects.get_for_model(Application)
    assignments = ReviewAssignment.objects.bulk_create(
        ReviewAssignment(
            call=call,
            stage=Stage.WORKSHOP,
            content_type=content_type,
            object_id=a.pk,
            reviewer=r,
            status=ReviewAssignment.Status.SUBMITTED,
        )
        for a in applications
        for r in reviewers
    )
    Score.objects.bulk_create(
        Score(assignment=s, criterion=c, points=(s.pk + c.pk) % 10)
        for s in assignments
        for c in crits
    )
    # Written in bulk, past the review services: store the scores as they would.
    tallies.refresh_tallies(Application, [a.pk for a in applications])
    for application in applications:
        application.joint_organisations.create(name="НКО", sector="civic")
        application.attendees.create(full_name="Участник", email="p@example.kg")


def test_export_queries_do_not_grow_with_rows(client):
    staff = user_with_role(roles.PROGRAMME_STAFF)
    reviewers = [reviewer() for _ in range(3)]
    small, large = CallFactory(), CallFactory()
    for call, count in ((small, 5), (large, 200)):
        build(call, count, reviewers, criteria(call, (10, 1), (10, 2)))
    client.force_login(staff)
    # The admin guard stores the first admin request's time in the session (not the next
    # ones within a minute): not counted against either size.
    client.get(reverse("admin:index"))

    def queries(call):
        with CaptureQueriesContext(connection) as captured:
            book = export(client, f"?call__id__exact={call.pk}")
        return (
            len(captured),
            len(sheet_rows(book["Заявки"])),
            len(sheet_rows(book["Оценки рецензентов"])),
        )

    at_small = queries(small)
    at_large = queries(large)
    assert at_small[1:] == (5, 15) and at_large[1:] == (200, 600)
    assert at_small[0] == at_large[0], (at_small, at_large)


def test_info_session_registrations(client):
    call = CallFactory()
    registration = InfoSessionRegistration.objects.create(
        call=call,
        full_name="Нурлан Токтогулов",
        email="nurlan@example.kg",
        phone="+996 555 000 111",
        organisation="ОО «Голос»",
        mode=InfoSessionRegistration.Mode.OFFLINE,
    )
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    response = client.get(reverse("admin:calls_infosessionregistration_export"))
    assert response.status_code == 200
    [row] = sheet_rows(open_workbook(response.content)["Информационная встреча"])
    assert row["имя и фамилия"] == "Нурлан Токтогулов"
    assert row["e-mail"] == "nurlan@example.kg"
    assert row["телефон"] == "+996 555 000 111"
    assert row["участие"] == "очно"
    assert row["конкурс"] == call.slug
    local = timezone.localtime(registration.created_at).replace(tzinfo=None)
    assert abs(row["зарегистрирован"] - local) < dt.timedelta(seconds=1)

    client.force_login(user_with_role(roles.FINANCE))
    response = client.get(reverse("admin:calls_infosessionregistration_export"))
    sheet = open_workbook(response.content)["Информационная встреча"]
    assert headers(sheet) == [
        "конкурс",
        "организация или коалиция",
        "участие",
        "язык писем",
        "зарегистрирован",
    ]


def test_the_applications_export_prints_landscape_fit_to_width(client, example):
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    book = export(client, f"?call__id__exact={example.pk}")
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.print_title_rows == "$1:$1"
    assert book["Заявки"].oddHeader.center.text == "Заявки"
    assert "Выгружено" in book["Заявки"].oddHeader.right.text

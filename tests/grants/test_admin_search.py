"""Staff find a support request or a campaign report in the admin by a word of its answers
to the call's form (the answers are one JSON document; SQLite compares Cyrillic letters
case-sensitively, so the tests search with the answer's own case)."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts import roles
from grants.models import Report, TechnicalSupportApplication
from tests.factories import user_with_role

from .award_factories import awarded

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    return client


def _found(client, url_name, word) -> list[int]:
    response = client.get(reverse(url_name), {"q": word})
    assert response.status_code == 200
    return sorted(response.context["cl"].result_list.values_list("pk", flat=True))


def test_a_word_of_a_support_requests_answers_finds_it(staff_client):
    irrigation = awarded().application  # its goal: «…расходы на ирригацию.»
    schools = awarded().application
    TechnicalSupportApplication.objects.filter(pk=schools.pk).update(
        answers={"goal": "Школьное питание в Нарыне под контролем родителей."}
    )
    url_name = "admin:grants_technicalsupportapplication_changelist"

    assert _found(staff_client, url_name, "ирригацию") == [irrigation.pk]
    assert _found(staff_client, url_name, "питание") == [schools.pk]


def test_a_word_of_a_reports_answers_finds_it(staff_client):
    def report(answers):
        return Report.objects.create(
            award=awarded(),
            kind=Report.Kind.FINAL,
            due_on=dt.date(2030, 12, 31),
            answers=answers,
        )

    round_table = report({"activities": "Провели круглый стол в Таласе."})
    hearing = report({"activities": "Слушания в кенеше Оша."})
    url_name = "admin:grants_report_changelist"

    assert _found(staff_client, url_name, "Таласе") == [round_table.pk]
    assert _found(staff_client, url_name, "кенеше") == [hearing.pk]

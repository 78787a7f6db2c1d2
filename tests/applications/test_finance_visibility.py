"""Finance reads applications without the applicants' contacts and without who scored
what — on the admin's pages and in the exports alike (``applications/permissions.py``);
programme staff see both."""

import pytest
from django.urls import reverse

from accounts import roles
from tests.factories import user_with_role
from tests.workbooks import open_workbook

from .factories import CallFactory
from .review_factories import criteria, reviewer, scored, submitted_application

pytestmark = pytest.mark.django_db

CONTACTS = ["aigul@example.kg", "+996 555 123 456"]
REVIEW = ["Асанова", "Сумма с весами"]


@pytest.fixture
def application():
    call = CallFactory()
    criteria(call, (10, 2), (5, 1))
    application = submitted_application(call, idea_title="Открытые бюджеты")
    scored(application, reviewer(first_name="Анара", last_name="Асанова"), [8, 4])
    return application


def change_page(client, application) -> str:
    url = reverse("admin:applications_application_change", args=[application.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def exported(client, application) -> str:
    url = reverse("admin:applications_application_export")
    response = client.get(url, {"call__id__exact": application.call_id})
    assert response.status_code == 200
    book = open_workbook(response.content)
    return str(book.sheetnames) + str([list(sheet.values) for sheet in book.worksheets])


def test_finance_sees_neither_contacts_nor_reviews(client, application):
    client.force_login(user_with_role(roles.FINANCE))
    page = change_page(client, application)
    assert "Айгуль Садыкова" in page  # the application is there, its attendees too
    for hidden in CONTACTS + REVIEW:
        assert hidden not in page
    workbook = exported(client, application)
    assert "Открытые бюджеты" in workbook
    for hidden in [*CONTACTS, "Асанова", "Оценки рецензентов"]:
        assert hidden not in workbook


def test_programme_staff_see_contacts_and_reviews(client, application):
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    page = change_page(client, application)
    for shown in CONTACTS + REVIEW:
        assert shown in page
    workbook = exported(client, application)
    for shown in [*CONTACTS, "Асанова", "Оценки рецензентов"]:
        assert shown in workbook

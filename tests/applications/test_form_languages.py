"""The form's priority and workshop-topic choices read as the call page shows them: in the
reader's language (issue 19: in Kyrgyz and English they were Russian)."""

import pytest
from django.urls import reverse

from calls.models import KeyTopic, Priority

from .factories import ApplicationFactory, CoalitionFactory, member_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_deadline")]


@pytest.fixture
def application(client):
    coalition = CoalitionFactory()
    client.force_login(member_of(coalition))
    application = ApplicationFactory(coalition=coalition)
    Priority.objects.create(
        call=application.call,
        number=9,
        title="Прозрачность бюджета",
        title_ky="Бюджеттин ачыктыгы",
        title_en="Budget transparency",
    )
    KeyTopic.objects.create(
        call=application.call,
        number=8,
        title="Работа со СМИ",
        title_ky="ЖМК менен иштөө",
        title_en="Working with the media",
    )
    return application


@pytest.mark.parametrize(
    ("language", "priority", "topic"),
    [
        ("ru", "9. Прозрачность бюджета", "8. Работа со СМИ"),
        ("ky", "9. Бюджеттин ачыктыгы", "8. ЖМК менен иштөө"),
        ("en", "9. Budget transparency", "8. Working with the media"),
    ],
)
def test_choices_are_in_the_readers_language(client, application, language, priority, topic):
    client.post(reverse("accounts:set_language"), {"language": language, "next": "/"})
    focus = client.get(reverse("applications:section", args=[application.pk, "focus"]))
    workshop = client.get(reverse("applications:section", args=[application.pk, "workshop"]))
    assert priority in focus.content.decode()
    assert topic in workshop.content.decode()
    if language != "ru":
        assert "Прозрачность бюджета" not in focus.content.decode()
        assert "Работа со СМИ" not in workshop.content.decode()

import datetime as dt
from zoneinfo import ZoneInfo

import factory

from applications.models import Application, DeadlineExtension
from calls.form_seeds import build_2022_forms
from calls.form_services import ensure_version
from calls.models import Call, Form, KeyTopic, Priority
from coalitions.models import Coalition, Membership, Partnership
from tests.coalitions.factories import CoalitionFactory, RegionFactory, member

BISHKEK = ZoneInfo("Asia/Bishkek")


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"call-{n}")
    status = Call.Status.OPEN
    title = factory.Sequence(lambda n: f"Конкурс {n}")
    info_session_at = dt.datetime(2030, 5, 16, 10, 0, tzinfo=BISHKEK)
    info_session_link = "https://zoom.example/j/1"
    info_session_venue = "Бишкек, офис ИПР"
    application_deadline = dt.datetime(2030, 5, 25, 23, 59, 59, tzinfo=BISHKEK)
    workshop_start = dt.date(2030, 6, 13)
    workshop_end = dt.date(2030, 6, 17)
    implementation_end = dt.date(2030, 12, 31)
    contact_name = "Алтынай"
    contact_email = "contact@example.kg"

    @factory.post_generation
    def with_topics(self, create, extracted, **kwargs):
        if create:
            for number, title in enumerate(
                ["Развитие регионов", "Уязвимые группы", "Данные"], start=1
            ):
                Priority.objects.create(call=self, number=number, title=title)
            for number in range(1, 8):
                KeyTopic.objects.create(call=self, number=number, title=f"Тема {number}")

    @factory.post_generation
    def with_forms(self, create, extracted, **kwargs):
        """The 2022 call's questions (``with_forms=False``: only the blocks of the rules)."""
        if create and extracted is not False:
            build_2022_forms(self)


def member_of(coalition, role=Membership.Role.OWNER, **user_kwargs):
    return member(coalition, role, **user_kwargs)


def confirmed_pair(call, civic=None, economic=None):
    civic = civic or CoalitionFactory(kind=Coalition.Kind.CIVIC)
    economic = economic or CoalitionFactory(kind=Coalition.Kind.ECONOMIC)
    return Partnership.objects.create(
        call=call, inviter=civic, invitee=economic, status=Partnership.Status.CONFIRMED
    )


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    coalition = factory.SubFactory(CoalitionFactory)
    form_version = factory.LazyAttribute(
        lambda application: ensure_version(application.call, Form.Kind.APPLICATION)
    )


# The answers of a complete application to the 2022 call's questions.
FULL_ANSWERS = {
    "problem": "Жители не знают, как тратится бюджет айыл окмоту.",
    "change_sought": "Публикация бюджетов в понятном виде.",
    "decision_makers": "Айыл окмоту, местные кенеши.",
    "vulnerable_groups": "Женщины-предпринимательницы в сёлах.",
    "data_existing": "Отчёты Минфина.",
    "data_to_collect": "Опрос жителей.",
    "data_use": "Инфографика расходов.",
    "expected_results": "Бюджеты опубликованы в 5 айылах.",
    "experience": "Две кампании с 2019 года.",
    "speaker_wishes": "Опыт Казахстана по открытым бюджетам.",
}


def complete(application: Application) -> Application:
    """Fill every answer the form needs, as a coalition would."""
    application.idea_title = "Открытые местные бюджеты"
    application.answers = {**application.answers, **FULL_ANSWERS}
    application.consent_personal_data = True
    application.save()
    application.priorities.set(application.call.priorities.all()[:1])
    application.regions.set([RegionFactory()])
    application.key_topics.set(application.call.key_topics.all()[:2])
    application.joint_organisations.create(position=0, name="НКО «Прозрачность»", sector="civic")
    application.joint_organisations.create(
        position=1, name="Ассоциация фермеров", sector="business"
    )
    application.attendees.create(
        full_name="Айгуль Садыкова",
        job_title="координатор",
        organisation="НКО «Прозрачность»",
        email="aigul@example.kg",
        phone="+996 555 123 456",
    )
    return application


def extension(call, coalition, deadline):
    return DeadlineExtension.objects.create(call=call, coalition=coalition, deadline=deadline)

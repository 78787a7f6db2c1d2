"""The same form sent several times at the same moment (two tabs, a double click) on
PostgreSQL: one record, one status change, one e-mail — and every click is answered with
the record that was made, never an error page."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from applications import decisions as application_decisions
from applications import submission as application_submission
from applications.models import Application, ApplicationStatusChange
from calls.models import InfoSessionRegistration
from coalitions.models import Coalition, CoalitionInvitation, Partnership
from core.errors import PortalError
from grants import implementation, spending
from grants.models import Report, ReportStatusChange, Spending, SupportStatusChange
from grants.models import TechnicalSupportApplication as SupportRequest
from notifications.models import OutgoingMessage
from tests.applications.factories import (
    BISHKEK,
    ApplicationFactory,
    CallFactory,
    complete,
    member_of,
)
from tests.concurrency import at_once, needs_postgresql
from tests.factories import UserFactory, user_with_role
from tests.grants import factories as grants_factories
from tests.grants.award_factories import awarded, owner_of
from tests.workshops.factories import workshop_with_selected_coalition
from workshops.models import Participant

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgresql]

CLICKS = 4


@pytest.fixture(autouse=True)
def _quick(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


def _at(day: dt.datetime):
    return time_machine.travel(day, tick=False)


MAY_20 = dt.datetime(2030, 5, 20, 12, 0, tzinfo=BISHKEK)  # applications open
JUNE_1 = dt.datetime(2030, 6, 1, 12, 0, tzinfo=BISHKEK)  # before the workshop
JUNE_20 = dt.datetime(2030, 6, 20, 12, 0, tzinfo=BISHKEK)  # support requests open


def _post_at_once(user, url, data=None, count=CLICKS):
    def post(_index):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client.post(url, data or {})

    return at_once(count, post)


def _redirects(responses) -> set[str]:
    assert {r.status_code for r in responses} == {302}, [r.status_code for r in responses]
    return {r.url for r in responses}


def test_submitting_an_application_from_two_tabs_sends_it_once():
    with _at(MAY_20):
        application = complete(ApplicationFactory(call=CallFactory()))
        owner = member_of(application.coalition)
        editor = member_of(application.coalition, role="editor")
        responses = _post_at_once(owner, reverse("applications:submit", args=[application.pk]))

    assert _redirects(responses) == {reverse("applications:detail", args=[application.pk])}
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.version == 1
    assert ApplicationStatusChange.objects.filter(application=application).count() == 1
    receipts = OutgoingMessage.objects.filter(template="emails/application_submitted")
    assert sorted(receipts.values_list("to_email", flat=True)) == sorted(
        [owner.email, editor.email]
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([owner.email, editor.email])


def test_starting_an_application_twice_opens_one_and_shows_it_to_every_click():
    with _at(MAY_20):
        call = CallFactory()
        coalition = Coalition.objects.create(name="Сеть «Ош»", kind=Coalition.Kind.CIVIC)
        owner = member_of(coalition)
        responses = _post_at_once(
            owner, reverse("applications:start"), {"call": call.pk, "coalition": coalition.pk}
        )

    application = Application.objects.get(call=call, coalition=coalition)
    urls = _redirects(responses)
    assert urls <= {
        reverse("applications:section", args=[application.pk, "idea"]),
        reverse("applications:detail", args=[application.pk]),
    }


def test_creating_a_coalition_twice_makes_one():
    person = UserFactory()
    data = {"name": "Платформа «Данные Таласа»", "kind": "civic", "network_type": "platform"}
    responses = _post_at_once(person, reverse("coalitions:create"), data)

    coalition = Coalition.objects.get()
    assert coalition.memberships.get().user == person
    assert _redirects(responses) == {reverse("coalitions:detail", args=[coalition.pk])}


def test_an_economic_coalition_of_the_same_name_is_a_second_coalition():
    from coalitions import services as coalition_services

    person = UserFactory()
    data = {"name": "Платформа «Данные Таласа»", "kind": "civic", "network_type": "platform"}
    civic = coalition_services.create_coalition(by=person, data=data)

    economic = coalition_services.create_coalition(by=person, data=data | {"kind": "economic"})

    assert economic.pk != civic.pk and economic.kind == "economic"
    assert coalition_services.create_coalition(by=person, data=data).pk == civic.pk


def test_registering_for_the_information_session_twice_registers_once():
    with _at(dt.datetime(2030, 5, 10, 9, 0, tzinfo=BISHKEK)):
        call = CallFactory()
        responses = _post_at_once(
            None,
            reverse("applications:info_session", args=[call.slug]),
            {"full_name": "Нурлан Токтогулов", "email": "nurlan@example.kg", "mode": "online"},
        )

    assert {r.status_code for r in responses} == {200}
    assert InfoSessionRegistration.objects.get().email == "nurlan@example.kg"
    assert OutgoingMessage.objects.filter(template="emails/info_session_registered").count() == 1
    assert [m.to for m in mail.outbox] == [["nurlan@example.kg"]]


def test_confirming_workshop_participants_twice_lists_each_person_once():
    with _at(JUNE_1):
        event, coalition, owner = workshop_with_selected_coalition()
        rows = [("Айгуль Садыкова", "aigul@example.kg"), ("Бакыт Исаков", "bakyt@example.kg")]
        data = {
            "p-TOTAL_FORMS": str(len(rows)),
            "p-INITIAL_FORMS": "0",
            "p-MIN_NUM_FORMS": "0",
            "p-MAX_NUM_FORMS": "3",
        }
        for index, (name, email) in enumerate(rows):
            data |= {
                f"p-{index}-full_name": name,
                f"p-{index}-email": email,
                f"p-{index}-diet": "none",
            }
        url = reverse("workshops:participants", args=[event.pk, coalition.pk])
        responses = _post_at_once(owner, url, data)

    assert _redirects(responses) == {url}
    names = Participant.objects.filter(event=event, coalition=coalition).values_list(
        "full_name", flat=True
    )
    assert sorted(names) == ["Айгуль Садыкова", "Бакыт Исаков"]


def test_inviting_a_colleague_twice_sends_one_invitation():
    coalition = Coalition.objects.create(name="Сеть «Нарын»", kind=Coalition.Kind.CIVIC)
    owner = member_of(coalition)
    url = reverse("coalitions:people", args=[coalition.pk])
    responses = _post_at_once(owner, url, {"email": "Colleague@Example.kg", "role": "editor"})

    assert _redirects(responses) == {url}
    invitation = CoalitionInvitation.objects.get()
    assert invitation.email == "colleague@example.kg"
    assert [m.to for m in mail.outbox] == [["colleague@example.kg"]]


def test_inviting_a_partner_twice_sends_one_invitation():
    with _at(MAY_20):
        call = CallFactory()
        civic = Coalition.objects.create(name="Сеть «Чуй»", kind=Coalition.Kind.CIVIC)
        economic = Coalition.objects.create(name="Союз «Ош»", kind=Coalition.Kind.ECONOMIC)
        owner = member_of(civic)
        member_of(economic, email="partner@example.kg")
        url = reverse("coalitions:pair_invite", args=[civic.pk, economic.pk])
        responses = _post_at_once(owner, url, {"call": call.pk, "message": "Давайте вместе"})

    assert _redirects(responses) == {reverse("coalitions:detail", args=[civic.pk])}
    assert Partnership.objects.filter(call=call).count() == 1
    assert [m.to for m in mail.outbox] == [["partner@example.kg"]]


def test_starting_and_submitting_a_support_request_twice_makes_and_sends_one():
    with _at(JUNE_20):
        call = grants_factories.support_call()
        workshop_application = grants_factories.took_part(call)
        coalition = workshop_application.coalition
        owner = member_of(coalition)
        responses = _post_at_once(
            owner, reverse("grants:start"), {"call": call.pk, "coalition": coalition.pk}
        )
        request = SupportRequest.objects.get(call=call, coalition=coalition)
        assert _redirects(responses) <= {
            reverse("grants:section", args=[request.pk, "plan"]),
            reverse("grants:detail", args=[request.pk]),
        }

        grants_factories.complete(request, owner)
        responses = _post_at_once(owner, reverse("grants:submit", args=[request.pk]))

    assert _redirects(responses) == {reverse("grants:detail", args=[request.pk])}
    request.refresh_from_db()
    assert (request.status, request.version) == (SupportRequest.Status.SUBMITTED, 1)
    assert SupportStatusChange.objects.filter(application=request).count() == 1


def test_submitting_a_report_twice_sends_it_once():
    award = awarded()
    award.call.contact_email = "staff@example.kg"
    award.call.save()
    owner = owner_of(award)
    report = Report.objects.create(
        award=award, kind=Report.Kind.FINAL, due_on=dt.date(2030, 12, 31)
    )
    data = {
        "activities": "Провели два круглых стола.",
        "advocacy_outcomes": "Кенеш принял решение о публикации расходов.",
        "submit": "1",
    }
    for row in implementation.result_rows(report):
        data[f"achieved_{row.expected.pk}"] = "5 айылов"
    url = reverse("grants:report", args=[report.pk])
    responses = _post_at_once(owner, url, data)

    assert _redirects(responses) == {url}, [r.content.decode()[:300] for r in responses]
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
    assert ReportStatusChange.objects.filter(report=report).count() == 1
    assert [m.to for m in mail.outbox] == [["staff@example.kg"]]


def test_staff_deciding_twice_records_one_decision_and_one_notice():
    with _at(MAY_20):
        application = complete(ApplicationFactory(call=CallFactory()))
        owner = member_of(application.coalition)
        application_submission.submit_application(application=application, by=owner)
    mail.outbox.clear()
    staff = user_with_role("programme_staff")

    def decide(_index):
        try:
            application_decisions.decide_application(
                application=application, decision=Application.Status.SELECTED, by=staff
            )
            return "decided"
        except PortalError:
            return "refused"

    outcomes = at_once(CLICKS, decide)

    assert sorted(outcomes) == ["decided"] + ["refused"] * (CLICKS - 1)
    changes = ApplicationStatusChange.objects.filter(application=application, to_status="selected")
    assert changes.count() == 1
    assert [m.to for m in mail.outbox] == [[owner.email]]


def test_finance_sending_the_same_spending_form_twice_keeps_one():
    award = awarded()
    finance = user_with_role("finance")
    line = award.lines.first()
    form_key = uuid.uuid4()

    def record(_index, entry_key=form_key):
        return spending.record_spending(
            award=award,
            line=line,
            spent_on=dt.date(2030, 8, 1),
            amount=Decimal("12000"),
            supplier="ОсОО «Принт»",
            description="Печать буклетов",
            by=finance,
            entry_key=entry_key,
        ).pk

    ids = at_once(CLICKS, record)

    assert len(set(ids)) == 1
    assert Spending.objects.count() == 1
    # The same receipt again from a new form is a second payment, not a double click.
    record(0, entry_key=uuid.uuid4())
    assert Spending.objects.count() == 2
    # The saved form opened again (Back) and changed is refused, not silently dropped.
    with pytest.raises(PortalError, match="уже сохранена"):
        spending.record_spending(
            award=award,
            line=line,
            spent_on=dt.date(2030, 8, 2),
            amount=Decimal("500"),
            supplier="Такси",
            description="Проезд",
            by=finance,
            entry_key=form_key,
        )
    assert Spending.objects.count() == 2

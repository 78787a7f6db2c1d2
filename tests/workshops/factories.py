import datetime as dt

import factory

from applications.models import Application
from tests.applications.factories import (
    ApplicationFactory,
    CallFactory,
    complete,
    confirmed_pair,
    member_of,
)
from workshops.models import Event, Participant, Session


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    call = factory.SubFactory(CallFactory)
    kind = Event.Kind.WORKSHOP
    title = "Семинар-практикум для коалиций"
    starts_on = dt.date(2030, 6, 13)
    ends_on = dt.date(2030, 6, 17)
    venue = "г. Бишкек, конференц-зал ИПР"
    certificate_min_days = 4


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    day = factory.LazyAttribute(lambda s: s.event.starts_on)
    starts_at = dt.time(9, 0)
    ends_at = dt.time(10, 30)
    title = factory.Sequence(lambda n: f"Сессия {n}")
    room = "Большой зал"


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    event = factory.SubFactory(EventFactory)
    coalition = factory.LazyAttribute(lambda p: selected_application(p.event.call).coalition)
    full_name = factory.Sequence(lambda n: f"Участник Номер{n}")
    email = factory.Sequence(lambda n: f"participant{n}@example.kg")


def selected_application(call, *, pair=False, **kwargs) -> Application:
    """A complete application of ``call``, selected by staff (a confirmed pair if asked)."""
    if pair:
        partnership = confirmed_pair(call)
        kwargs |= {
            "coalition": partnership.inviter,
            "partner": partnership.invitee,
            "partnership": partnership,
            "partner_confirmed_at": call.application_deadline,
        }
    application = complete(ApplicationFactory(call=call, **kwargs))
    application.status = Application.Status.SELECTED
    application.save(update_fields=["status"])
    return application


def workshop_with_selected_coalition():
    """A workshop, a selected coalition of its call, and that coalition's owner."""
    event = EventFactory()
    application = selected_application(event.call)
    owner = member_of(application.coalition)
    return event, application.coalition, owner

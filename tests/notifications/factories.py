import factory

from notifications.demo import DRAFT_REMINDER, INFO_SESSION_REMINDER
from notifications.models import ReminderRule
from tests.applications.factories import CallFactory


class ReminderRuleFactory(factory.django.DjangoModelFactory):
    """The demo's draft-deadline rule (offsets -7, -3, -1, 0 at 09:00, essential)."""

    class Meta:
        model = ReminderRule

    call = factory.SubFactory(CallFactory)
    name = factory.Sequence(lambda n: f"Напоминание {n}")
    date = DRAFT_REMINDER["date"]
    audience = DRAFT_REMINDER["audience"]
    offsets = DRAFT_REMINDER["offsets"]
    essential = True
    subject = DRAFT_REMINDER["subject"]
    subject_ky = DRAFT_REMINDER["subject_ky"]
    subject_en = DRAFT_REMINDER["subject_en"]
    body = DRAFT_REMINDER["body"]
    body_ky = DRAFT_REMINDER["body_ky"]
    body_en = DRAFT_REMINDER["body_en"]


def info_session_rule(call, **kwargs) -> ReminderRule:
    fields = {k: v for k, v in INFO_SESSION_REMINDER.items() if k != "name"}
    return ReminderRuleFactory(call=call, **{**fields, **kwargs})

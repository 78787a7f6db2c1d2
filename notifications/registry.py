"""Which dates reminders are about, and who receives them: registries other apps fill.

Each app that owns dated things or people to remind declares them in its own
``<app>/reminders.py`` (found on start-up, like Celery tasks)::

    from notifications import registry

    @registry.reminder_date("report_due", label=_("Срок отчёта"))
    def report_due_dates(call):
        for report in Report.objects.filter(grant__call=call):
            yield registry.Occurrence(key=f"report:{report.pk}", at=report.due_on, target=report)

    @registry.audience("grantees_with_report_due", label=_("Грантополучатели с отчётом к сроку"))
    def grantees_with_report_due(*, rule, occurrence, user=None):
        ...  # yield Recipient rows, a bounded number of queries for all of them

Staff then pick the date and the audience by their code in a reminder rule; the engine
(``notifications.reminder_services``) never changes when an app adds one.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Occurrence:
    """One dated thing a rule reminds of: the call's deadline, one coalition's extended
    deadline, one report's due date.

    ``key`` names the dated thing (not its date: the date may move); ``at`` is an aware
    moment, or a calendar day in Bishkek for all-day dates; ``target`` is the object the
    audience may narrow itself to (``None`` for the call itself).
    """

    key: str
    at: dt.datetime | dt.date
    target: Any = None

    @property
    def has_time(self) -> bool:
        return isinstance(self.at, dt.datetime)

    @property
    def day(self) -> dt.date:
        """The calendar day of the date, in Bishkek."""
        return timezone.localtime(self.at).date() if self.has_time else self.at

    @property
    def passes_at(self) -> dt.datetime:
        """The moment after which the date has passed: the moment itself, or the end of
        an all-day date."""
        if self.has_time:
            return self.at
        return bishkek_moment(self.day + dt.timedelta(days=1), dt.time(0, 0))

    @property
    def stamp(self) -> str:
        """The date as it goes into a message key: a moved date makes new keys."""
        if self.has_time:
            return timezone.localtime(self.at).strftime("%Y%m%dT%H%M%S")
        return self.at.strftime("%Y%m%d")


def bishkek_moment(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time), timezone.get_default_timezone())


@dataclass(frozen=True)
class Recipient:
    """One person an audience reminds, with the link to what they have to do.

    ``key`` identifies the person across runs (``user:12``, or ``email:<hash>`` for a
    person without an account); ``link`` is a path on the portal or a full URL.
    """

    key: str
    email: str
    name: str
    language: str
    link: str
    user: Any = None
    receives_optional: bool = True
    about: str = ""

    @property
    def url(self) -> str:
        return self.link if "://" in self.link else f"{settings.SITE_URL}{self.link}"

    @classmethod
    def of_person(cls, person, *, link: str, about: str = "") -> "Recipient":
        """A person with an account, in their language and with their e-mail choice."""
        from .reminder_services import person_key

        return cls(
            key=person_key(user=person),
            email=person.email,
            name=person.first_name or person.email,
            language=person.language,
            link=link,
            user=person,
            receives_optional=person.receives_news,
            about=about,
        )


@dataclass(frozen=True)
class ReminderDate:
    code: str
    label: Any
    occurrences: Callable[[Any], Iterable[Occurrence]]


@dataclass(frozen=True)
class Audience:
    code: str
    label: Any
    recipients: Callable[..., Iterable[Recipient]]
    help_text: Any = ""
    keys: Callable[..., Any] | None = None


_dates: dict[str, ReminderDate] = {}
_reminding_calls: list[Callable[[], Any]] = []
_audiences: dict[str, Audience] = {}
_discovered = False


def reminder_date(code: str, *, label):
    """Register ``function(call) -> Iterable[Occurrence]`` as a date rules may remind of."""

    def register(function):
        _dates[code] = ReminderDate(code=code, label=label, occurrences=function)
        return function

    return register


def audience(code: str, *, label, help_text="", keys=None):
    """Register ``function(*, rule, occurrence, user=None) -> Iterable[Recipient]``.

    The function computes the audience when the job runs, in a bounded number of queries
    whatever its size, yields each person at most once per occurrence, and with ``user``
    yields only that person's rows (the dashboard and the admin preview ask so).

    ``keys(*, rule, occurrence)``, if given, is the same audience as a queryset with two
    annotations computed in SQL: ``reminder_person_key`` (each person's ``Recipient.key``)
    and ``reminder_receives_optional``. The job then finds in one query that everyone has
    had a reminder, without loading the audience. A key computed differently from
    ``Recipient.key`` only makes the job walk the audience as it does without ``keys``.
    """

    def register(function):
        _audiences[code] = Audience(
            code=code, label=label, recipients=function, help_text=help_text, keys=keys
        )
        return function

    return register


def reminding_calls(function):
    """Register ``function() -> Q`` on a rule's ``call__`` fields: which calls' rules run
    (the calls app keeps the drafts and the archive quiet). Rules of every call run when
    none is registered; several are combined with AND."""
    _reminding_calls.append(function)
    return function


def reminding_calls_q() -> Q:
    discover()
    condition = Q()
    for function in _reminding_calls:
        condition &= function()
    return condition


def discover() -> None:
    """Import every installed app's ``reminders`` module (once)."""
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("reminders")


def dates() -> dict[str, ReminderDate]:
    discover()
    return _dates


def audiences() -> dict[str, Audience]:
    discover()
    return _audiences


def date_choices() -> list[tuple[str, Any]]:
    return [(code, item.label) for code, item in dates().items()]


def audience_choices() -> list[tuple[str, Any]]:
    return [(code, item.label) for code, item in audiences().items()]

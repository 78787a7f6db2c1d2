"""What the call's timeline gives reminders: its dates, and the people of applications
and the information session.

Found on start-up by ``notifications.registry.discover``; later apps (review, workshops,
grants) declare theirs the same way in their own ``reminders.py``.
"""

from django.db.models import BooleanField, Case, F, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from calls.models import Call, InfoSessionRegistration
from coalitions.models import Membership
from notifications import registry
from notifications.registry import Occurrence, Recipient
from notifications.reminder_services import person_key, person_key_expression
from reviews.models import ReviewAssignment

from .models import Application, DeadlineExtension

APPLICATION_DEADLINE = "application_deadline"


def _call_date(field: str):
    def occurrences(call: Call):
        value = getattr(call, field)
        if value is not None:
            yield Occurrence(key=f"call:{call.pk}:{field}", at=value)

    return occurrences


registry.reminder_date("info_session_at", label=_("Информационная встреча"))(
    _call_date("info_session_at")
)


@registry.reminder_date(APPLICATION_DEADLINE, label=_("Крайний срок приёма заявок"))
def application_deadlines(call: Call):
    """The call's deadline, and each later deadline staff granted one coalition."""
    yield Occurrence(key=f"call:{call.pk}:{APPLICATION_DEADLINE}", at=call.application_deadline)
    later = DeadlineExtension.objects.filter(
        call=call, deadline__gt=call.application_deadline
    ).order_by("pk")
    for extension in later:
        yield Occurrence(key=f"extension:{extension.pk}", at=extension.deadline, target=extension)


# The other dates of the timeline, in its order (labels as on the public timeline).
for _field, _label in [
    ("workshop_start", _("Семинар-практикум")),
    ("support_deadline", _("Заявки на техническую поддержку")),
    ("selection_start", _("Отбор коалиций и заключение контрактов")),
    ("selection_end", _("Окончание отбора и заключения контрактов")),
    ("scoring_deadline", _("Крайний срок оценки заявок")),
    ("implementation_end", _("Реализация кампаний")),
]:
    registry.reminder_date(_field, label=_label)(_call_date(_field))


def _effective_deadlines(call: Call) -> dict[int, object]:
    """Coalition id → its later deadline, for coalitions staff granted one."""
    return dict(
        DeadlineExtension.objects.filter(
            call=call, deadline__gt=call.application_deadline
        ).values_list("coalition_id", "deadline")
    )


def _reminded_for(application: dict, rule, occurrence: Occurrence, extended: dict) -> bool:
    """Which deadline a draft is reminded of: the latest one granted to either of its
    coalitions, else the call's."""
    if rule.date != APPLICATION_DEADLINE:
        return True
    ids = [application["coalition_id"], application["partner_id"]]
    granted = [extended[pk] for pk in ids if pk in extended]
    if isinstance(occurrence.target, DeadlineExtension):
        return (
            bool(granted)
            and max(granted) == occurrence.at
            and (occurrence.target.coalition_id in ids)
        )
    return not granted


@registry.audience(
    "draft_applications",
    label=_("Коалиции с неотправленным черновиком заявки"),
    help_text=_(
        "Владельцы и редакторы коалиций, чья заявка на этот конкурс — черновик (и "
        "коалиции-партнёра, подтвердившей участие). Отправленная заявка с неотправленными "
        "изменениями черновиком не считается."
    ),
)
def draft_applications(*, rule, occurrence: Occurrence, user=None):
    roles = [Membership.Role.OWNER, Membership.Role.EDITOR]
    drafts = Application.objects.filter(call=rule.call, status=Application.Status.DRAFT)
    if user is not None:
        # The person's few coalitions as values: an OR of two subqueries makes PostgreSQL
        # read every application of the call, two lists let it use both indexes.
        mine = list(
            Membership.objects.filter(user=user, role__in=roles).values_list(
                "coalition_id", flat=True
            )
        )
        drafts = drafts.filter(Q(coalition_id__in=mine) | Q(partner_id__in=mine))
    extended = _effective_deadlines(rule.call) if rule.date == APPLICATION_DEADLINE else {}
    rows = [
        row
        for row in drafts.order_by("pk").values(
            "pk",
            "coalition_id",
            "partner_id",
            "partner_confirmed_at",
            "idea_title",
            "coalition__name",
        )
        if _reminded_for(row, rule, occurrence, extended)
    ]
    coalitions: dict[int, list[dict]] = {}
    for row in rows:
        coalitions.setdefault(row["coalition_id"], []).append(row)
        if row["partner_id"] and row["partner_confirmed_at"]:
            coalitions.setdefault(row["partner_id"], []).append(row)
    if not coalitions:
        return
    memberships = Membership.objects.filter(
        coalition_id__in=list(coalitions), role__in=roles, user__is_active=True
    ).select_related("user")
    if user is not None:
        memberships = memberships.filter(user=user)
    # Each person once per occurrence: with drafts in two coalitions, the older draft.
    by_person: dict[int, tuple[int, Membership, dict]] = {}
    for membership in memberships:
        for row in coalitions[membership.coalition_id]:
            current = by_person.get(membership.user_id)
            if current is None or row["pk"] < current[0]:
                by_person[membership.user_id] = (row["pk"], membership, row)
    for _pk, membership, row in sorted(by_person.values(), key=lambda item: item[:1]):
        yield Recipient.of_person(
            membership.user,
            link=reverse("applications:detail", kwargs={"pk": row["pk"]}),
            about=row["idea_title"] or row["coalition__name"],
        )


def info_session_keys(*, rule, occurrence: Occurrence):
    """The registrants of ``info_session_registrants`` with their keys, in SQL: the
    account's key when it is active and has the registration's address, else the
    address's (as ``person_key`` makes them)."""
    own_account = Q(user__is_active=True, user__email__iexact=F("email"))
    return (
        InfoSessionRegistration.objects.filter(call=rule.call)
        .annotate(
            reminder_account=Case(When(own_account, then=F("user_id")), default=None),
            reminder_receives_optional=Case(
                When(own_account, then=F("user__receives_news")),
                default=Value(True),
                output_field=BooleanField(),
            ),
        )
        .annotate(
            reminder_person_key=person_key_expression(user_id="reminder_account", email="email")
        )
    )


@registry.audience(
    "info_session_registrants",
    label=_("Зарегистрированные на информационную встречу"),
    help_text=_(
        "Все, кто зарегистрировался на информационную встречу конкурса, с аккаунтом на "
        "портале и без; ссылка в письме — для подключения онлайн или страница конкурса."
    ),
    keys=info_session_keys,
)
def info_session_registrants(*, rule, occurrence: Occurrence, user=None):
    call = rule.call
    registrations = (
        InfoSessionRegistration.objects.filter(call=call).select_related("user").order_by("pk")
    )
    if user is not None:
        # One person's registration or two: one query, not a server-side cursor's three
        # round trips (declare, fetch, close).
        registrations = registrations.filter(Q(user=user) | Q(email__iexact=user.email))
    else:
        registrations = registrations.iterator(chunk_size=500)
    for registration in registrations:
        account = registration.user
        if account is not None and (
            not account.is_active or account.email.lower() != registration.email.lower()
        ):
            account = None  # the registration's own address, not the account's
        online = registration.mode == InfoSessionRegistration.Mode.ONLINE
        yield Recipient(
            key=person_key(user=account, email=registration.email),
            email=registration.email,
            name=registration.full_name,
            language=registration.language,
            link=call.info_session_link
            if online and call.info_session_link
            else call.get_absolute_url(),
            user=account,
            receives_optional=account.receives_news if account is not None else True,
        )


@registry.audience(
    "reviewers_with_unscored",
    label=_("Рецензенты с неоценёнными заявками"),
    help_text=_(
        "Рецензенты, у которых есть назначенные на этом конкурсе и ещё не оценённые заявки; "
        "ссылка ведёт к их списку рецензий."
    ),
)
def reviewers_with_unscored(*, rule, occurrence: Occurrence, user=None):
    pending = ReviewAssignment.objects.filter(
        call=rule.call, status=ReviewAssignment.Status.ASSIGNED, reviewer__is_active=True
    )
    if user is not None:
        pending = pending.filter(reviewer=user)
    counts: dict[int, int] = {}
    people = {}
    for assignment in pending.select_related("reviewer").order_by("reviewer_id", "pk"):
        counts[assignment.reviewer_id] = counts.get(assignment.reviewer_id, 0) + 1
        people[assignment.reviewer_id] = assignment.reviewer
    link = reverse("admin:reviews_reviewassignment_changelist") + "?status__exact=assigned"
    for reviewer_id, person in people.items():
        yield Recipient.of_person(
            person,
            link=link,
            about=str(_("неоценённых заявок: %(count)d") % {"count": counts[reviewer_id]}),
        )

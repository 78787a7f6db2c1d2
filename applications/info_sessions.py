"""Registration for a call's information session (visitors and members alike)."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.models import Call, InfoSessionRegistration
from core.errors import PortalError
from notifications.services import Attachment, send_notification


@transaction.atomic
def register_for_info_session(
    *,
    call: Call,
    full_name: str,
    email: str,
    mode: str,
    organisation: str = "",
    phone: str = "",
    user=None,
    language: str | None = None,
) -> InfoSessionRegistration:
    """Register a person (visitor or member) for the information session and e-mail them the
    link or the venue. Registering again with the same e-mail updates the registration."""
    if call.info_session_at is None or call.status not in (Call.Status.OPEN,):
        raise PortalError(_("Регистрация на информационную встречу этого конкурса закрыта."))
    if timezone.now() >= call.info_session_at:
        raise PortalError(_("Информационная встреча уже прошла."))
    online = call.info_session_link and call.info_session_format != Call.SessionFormat.OFFLINE
    offline = call.info_session_venue and call.info_session_format != Call.SessionFormat.ONLINE
    if mode == InfoSessionRegistration.Mode.ONLINE and not online:
        raise PortalError(_("Для этой встречи онлайн-участие не предусмотрено."))
    if mode == InfoSessionRegistration.Mode.OFFLINE and not offline:
        raise PortalError(_("Для этой встречи очное участие не предусмотрено."))
    language = language or getattr(user, "language", None) or settings.LANGUAGE_CODE
    registration, _created = InfoSessionRegistration.objects.update_or_create(
        call=call,
        email=email.strip().lower(),
        defaults={
            "full_name": full_name,
            "mode": mode,
            "organisation": organisation,
            "phone": phone,
            "user": user if getattr(user, "is_authenticated", False) else None,
            "language": language,
        },
    )
    from .calendar import info_session_ics

    send_notification(
        to=user
        if getattr(user, "is_authenticated", False) and user.email == registration.email
        else registration.email,
        template="emails/info_session_registered",
        context={"registration": registration, "call": call},
        key=f"info-session:{registration.pk}:{mode}",
        language=language,
        attachments=[Attachment("info-session.ics", info_session_ics(call), "text/calendar")],
    )
    return registration

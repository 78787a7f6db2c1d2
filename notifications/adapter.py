import logging
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy

from .services import send_notification

log = logging.getLogger("eged_portal.security")


class PortalSite:
    """What allauth's e-mail templates call ``current_site``: the programme's portal, named
    in the language the message is rendered in (the sites framework is not installed)."""

    name = gettext_lazy("Портал программы EGED")

    @property
    def domain(self) -> str:
        return urlsplit(settings.SITE_URL).netloc

    def __str__(self) -> str:
        return str(self.name)


class AccountAdapter(DefaultAccountAdapter):
    """allauth's e-mail goes through the portal's one notification service."""

    def pre_authenticate(self, request, **credentials):
        """Too many failed sign-ins are refused (allauth's rate limits); each refusal is
        logged, so staff can see a password being guessed."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            log.warning(
                "sign-in throttled for %r from %s",
                credentials.get("email") or credentials.get("username") or "?",
                request.META.get("REMOTE_ADDR", "?"),
            )
            raise

    def send_mail(self, template_prefix, email, context):
        user = context.get("user")
        language = getattr(user, "language", None) or translation.get_language()
        send_notification(
            to=email,
            user=user if getattr(user, "pk", None) else None,
            template=template_prefix,
            context={**context, "current_site": PortalSite()},
            language=language,
            key=None,
        )

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.language = translation.get_language() or user.language
        if commit:
            user.save()
        return user

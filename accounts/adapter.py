from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from notifications.services import send_notification


class AccountAdapter(DefaultAccountAdapter):
    """allauth's e-mail goes through the portal's one notification service."""

    def send_mail(self, template_prefix, email, context):
        user = context.get("user")
        language = getattr(user, "language", None) or translation.get_language()
        send_notification(
            to=email,
            user=user if getattr(user, "pk", None) else None,
            template=template_prefix,
            context=context,
            language=language,
            key=None,
        )

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.language = translation.get_language() or user.language
        if commit:
            user.save()
        return user

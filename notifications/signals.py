from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from .services import send_notification


@receiver(email_confirmed, dispatch_uid="notifications.welcome")
def welcome_on_first_confirmation(request, email_address, **kwargs):
    """One welcome e-mail per person, however often an address is confirmed."""
    user = email_address.user
    send_notification(
        to=user,
        template="emails/welcome",
        context={"user": user},
        key=f"welcome:{user.pk}",
    )

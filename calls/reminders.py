"""Which calls remind: the open ones, and the closed ones (reports and late deadlines
still fall due); drafts and archived calls stay quiet."""

from django.db.models import Q

from notifications import registry

from .models import Call


@registry.reminding_calls
def open_and_closed_calls():
    return Q(call__status__in=[Call.Status.OPEN, Call.Status.CLOSED])

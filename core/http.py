"""Reading what a request carries, safely: an id typed into a URL or a hidden field may be
anything a client sends."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.http import url_has_allowed_host_and_scheme


def posted_id(value) -> int | None:
    """The id in ``value`` if it is a plain positive number, else None (then nothing of the
    person's is found: 404). ``str.isdigit`` is not enough: «²» is a digit to it, and
    ``int("²")`` fails."""
    if not isinstance(value, str) or not value.isascii() or not value.isdecimal():
        return None
    number = int(value)
    # Beyond a 64-bit key PostgreSQL refuses the query.
    return number if 0 < number < 2**63 else None


def next_url(request, default: str) -> str:
    """Where a form's ``next`` asks to go, if it is a page of this portal (``//other.site``
    and ``/\\other.site`` are other sites to a browser, though they start with «/»)."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if wanted and allowed else default


class ChosenObjectsField(forms.ModelMultipleChoiceField):
    """Django's multiple choice of objects, refusing posted keys that are not plain ids with
    its own message before asking the database (which fails on keys beyond 64 bits)."""

    def _check_values(self, value):
        for each in value or ():
            if self.to_field_name is None and posted_id(str(each)) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": each},
                )
        return super()._check_values(value)


class ChosenObjectsAdminMixin:
    """For a ModelAdmin: its many-to-many fields are ``ChosenObjectsField``s (a posted key
    beyond 64 bits is the form's error, not a server error on SQLite)."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", ChosenObjectsField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

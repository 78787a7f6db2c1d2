"""The admin's autocomplete select, safe against values no key can have.

Django's ``AutocompleteSelect`` looks up the posted value to show the chosen option again;
a value that is not a key of the model (``abc`` for a numeric id) failed the whole page
with a server error (``ValueError`` in that query; ``OverflowError`` on SQLite for a key
beyond 64 bits). Such a value is shown as nothing
chosen, and the form's own error («Select a valid choice») tells the person why.
"""

from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.db import models

from core.http import posted_id


class AutocompleteSelect(widgets.AutocompleteSelect):
    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        key = remote.model._meta.get_field(remote.field_name)
        return super().optgroups(name, [v for v in value if _is_key(key, v)], attr)


def _is_key(key, value) -> bool:
    if isinstance(key, models.IntegerField):  # ids: beyond 64 bits SQLite cannot even ask
        return posted_id(str(value)) is not None
    try:
        key.to_python(value)
    except ValidationError:
        return False
    return True


class SafeAutocompleteMixin:
    """For a ModelAdmin or an inline with ``autocomplete_fields``: the safe widget."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

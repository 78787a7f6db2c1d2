"""Every column header, field label, filter title and model name of the admin is in the
reader's language: Russian in Russian (no English left from a field without a verbose
name), and translated in Kyrgyz and English.

The walk covers every registered ModelAdmin: its list columns, list filters, the fields
of its add form and read-only fields, and the same of each of its inlines.
"""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path, label_for_field
from django.test import RequestFactory
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.translation import trans_real

from accounts.models import User

CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
# Written the same way in Russian texts; everything else must have a Cyrillic letter.
SAME_IN_RUSSIAN = {"id", "e-mail"}


def superuser_request():
    request = RequestFactory().get("/admin/")
    request.user = User(email="root@example.kg", is_staff=True, is_superuser=True)
    request.user.pk = 0
    return request


def filter_titles(model_admin, model):
    for item in getattr(model_admin, "list_filter", ()):
        if isinstance(item, str):
            yield f"filter {item}", get_fields_from_path(model, item)[-1].verbose_name
        elif isinstance(item, tuple):
            yield f"filter {item[0]}", get_fields_from_path(model, item[0])[-1].verbose_name
        else:
            yield f"filter {item.__name__}", item.title


def form_labels(form_class):
    form = form_class()
    for name, field in form.fields.items():
        if not field.widget.is_hidden:
            yield f"field {name}", field.label if field.label is not None else name


def admin_labels(model_admin, model, request):
    """(where, label) of everything the admin's pages name for ``model``."""
    list_display = getattr(model_admin, "get_list_display", None)
    for name in list_display(request) if list_display else ():
        if name != "action_checkbox":
            yield f"column {name}", label_for_field(name, model, model_admin)
    yield from filter_titles(model_admin, model)
    if isinstance(model_admin, admin.options.InlineModelAdmin):
        form_class = model_admin.get_formset(request).form
    else:
        form_class = model_admin.get_form(request)
    yield from form_labels(form_class)
    for name in model_admin.get_readonly_fields(request):
        yield f"read-only {name}", label_for_field(name, model, model_admin)


def every_label(request):
    for model, model_admin in admin.site._registry.items():
        where = model._meta.label
        yield where, "verbose_name", model._meta.verbose_name
        yield where, "verbose_name_plural", model._meta.verbose_name_plural
        for place, label in admin_labels(model_admin, model, request):
            yield where, place, label
        for inline in model_admin.get_inline_instances(request):
            for place, label in admin_labels(inline, inline.model, request):
                yield f"{where} inline {inline.model._meta.label}", place, label


def labels_in(language):
    request = superuser_request()
    with translation.override(language):
        return {(where, place): force_str(label) for where, place, label in every_label(request)}


@pytest.mark.django_db
def test_every_admin_label_is_russian_in_russian():
    english = [
        f"{where}: {place} = {label!r}"
        for (where, place), label in labels_in("ru").items()
        if not CYRILLIC.search(label) and label.lower() not in SAME_IN_RUSSIAN
    ]
    assert english == []


@pytest.mark.django_db
def test_every_admin_label_is_translated_to_english_and_kyrgyz():
    russian = labels_in("ru")
    english, kyrgyz = labels_in("en"), labels_in("ky")
    untranslated = [
        f"en {where}: {place} = {label!r}"
        for (where, place), label in english.items()
        if CYRILLIC.search(label)
    ] + [
        f"ky {where}: {place} = {label!r}"
        for (where, place), label in kyrgyz.items()
        if label == russian[where, place]
        and label.lower() not in SAME_IN_RUSSIAN
        and not in_kyrgyz_catalogue(label)
    ]
    assert untranslated == []


def in_kyrgyz_catalogue(label: str) -> bool:
    """A Kyrgyz label spelt as the Russian one is translated only if Kyrgyz has an entry
    for it (коалиция, статус, телефон …); Russian labels are their own msgids."""
    catalogue = trans_real.translation("ky")._catalog
    return any(text in catalogue for text in (label, label[:1].lower() + label[1:]))

from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from core.http import ChosenObjectsAdminMixin

from .models import TwoFactorKey, User

HIDDEN = {"password", "user_permissions"}


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(ChosenObjectsAdminMixin, DjangoGroupAdmin):
    pass


@admin.register(User)
class UserAdmin(ChosenObjectsAdminMixin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "language", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "groups", "language"]
    search_fields = ["email", "first_name", "last_name", "phone"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Личные данные"), {"fields": ["first_name", "last_name", "phone", "language"]}),
        (_("Письма"), {"fields": ["receives_news"]}),
        (
            _("Доступ"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Даты"), {"fields": ["last_login", "date_joined"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or request.user.is_superuser:
            return fieldsets
        # Programme staff read a person's page to erase it: no password summary, no grants.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in HIDDEN]})
            for name, options in fieldsets
        ]

    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]


admin.site.unregister(Authenticator)


class KindFilter(admin.SimpleListFilter):
    title = _("тип")
    parameter_name = "type"

    def lookups(self, request, model_admin):
        return Authenticator.Type.choices

    def queryset(self, request, queryset):
        return queryset.filter(type=self.value()) if self.value() else queryset


class TwoFactorKeyForm(forms.ModelForm):
    class Meta:
        model = TwoFactorKey
        fields = ["user", "type", "data", "last_used_at"]
        labels = {
            "user": _("пользователь"),
            "type": _("тип"),
            "data": _("данные"),
            "last_used_at": _("последнее использование"),
        }


@admin.register(TwoFactorKey)
class TwoFactorKeyAdmin(admin.ModelAdmin):
    """allauth's second factors, with Russian names: staff remove a lost phone's key here."""

    form = TwoFactorKeyForm
    raw_id_fields = ["user"]
    list_display = ["person", "kind", "added", "last_used"]
    list_filter = [KindFilter]

    @admin.display(description=_("пользователь"), ordering="user__email")
    def person(self, obj):
        return obj.user

    @admin.display(description=_("тип"), ordering="type")
    def kind(self, obj):
        return obj.get_type_display()

    @admin.display(description=_("добавлено"), ordering="created_at")
    def added(self, obj):
        return obj.created_at

    @admin.display(description=_("последнее использование"), ordering="last_used_at")
    def last_used(self, obj):
        return obj.last_used_at

"""Erasure requests, the erasure pages and the erasure log in the admin.

The erasure pages (of a person, of a participant without an account) are reached from the
person's page, from a request, or by an action on the lists; each asks for confirmation
first. Only programme staff pass ``services.may_erase``.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import PortalError
from workshops.models import Participant

from . import services
from .forms import RefusalForm
from .models import ErasureLog, ErasureRequest, ErasureRequestStatusChange


class ConfirmErasureForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("Я понимаю, что удалённые данные нельзя восстановить."),
        error_messages={"required": gettext_lazy("Подтвердите, что понимаете последствия.")},
    )


class StatusChangeInline(admin.TabularInline):
    model = ErasureRequestStatusChange
    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    list_display = ["__str__", "person", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["person"]
    search_fields = ["person__email", "person__last_name"]
    fields = ["person", "status", "reason", "staff_note", "created_at", "decided_at"]
    readonly_fields = fields
    inlines = [StatusChangeInline]

    def has_add_permission(self, request):
        return False  # the person files the request on their profile

    def has_change_permission(self, request, obj=None):
        return False  # decided on the erasure and refusal pages

    def has_delete_permission(self, request, obj=None):
        return False  # the record of what was asked and answered stays

    def render_change_form(self, request, context, *args, **kwargs):
        context["may_erase"] = services.may_erase(request.user)
        return super().render_change_form(request, context, *args, **kwargs)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "erase/<int:person_id>/",
                view(self.erase_person_view),
                name="privacy_erasurerequest_erase",
            ),
            path(
                "erase-participant/<int:participant_id>/",
                view(self.erase_participant_view),
                name="privacy_erasurerequest_erase_participant",
            ),
            path(
                "<int:pk>/refuse/",
                view(self.refuse_view),
                name="privacy_erasurerequest_refuse",
            ),
            *super().get_urls(),
        ]

    def _guard(self, request):
        if not services.may_erase(request.user):
            raise PermissionDenied(_("Удалять персональные данные могут сотрудники программы."))

    def erase_person_view(self, request, person_id):
        self._guard(request)
        person = get_object_or_404(get_user_model(), pk=person_id)
        erasure_request = services.open_request(person)
        form = ConfirmErasureForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                log = services.erase_person(
                    person=person, by=request.user, erasure_request=erasure_request
                )
            except PortalError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("Персональные данные пользователя №%(id)s удалены.") % {"id": person.pk},
                )
                return redirect("admin:privacy_erasurelog_change", log.pk)
        return render(
            request,
            "admin/privacy/confirm_erasure.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Удалить персональные данные пользователя №%(id)s") % {"id": person.pk},
                "subject": person,
                "subject_lines": [person.get_full_name(), person.email, person.phone],
                "erasure_request": erasure_request,
                "preview": services.erasure_preview(person=person),
                "form": form,
                "cancel_url": reverse("admin:accounts_user_change", args=[person.pk])
                if request.user.has_perm("accounts.view_user")
                else reverse("admin:index"),
            },
        )

    def erase_participant_view(self, request, participant_id):
        self._guard(request)
        participant = get_object_or_404(
            Participant.objects.select_related("event", "coalition"), pk=participant_id
        )
        if participant.user_id:
            return redirect("admin:privacy_erasurerequest_erase", participant.user_id)
        form = ConfirmErasureForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                log = services.erase_participant(participant=participant, by=request.user)
            except PortalError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Персональные данные участника удалены."))
                return redirect("admin:privacy_erasurelog_change", log.pk)
        return render(
            request,
            "admin/privacy/confirm_erasure.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Удалить персональные данные участника мероприятия"),
                "subject": participant,
                "subject_lines": [
                    participant.full_name,
                    participant.email,
                    participant.phone,
                    f"{participant.event.title} · {participant.coalition.name}",
                ],
                "participant": participant,
                "form": form,
                "cancel_url": reverse("admin:workshops_participant_change", args=[participant.pk]),
            },
        )

    def refuse_view(self, request, pk):
        self._guard(request)
        erasure_request = get_object_or_404(ErasureRequest.objects.select_related("person"), pk=pk)
        form = RefusalForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                services.refuse_request(
                    request=erasure_request, by=request.user, note=form.cleaned_data["note"]
                )
            except PortalError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("В удалении отказано; человек увидит ответ."))
                return redirect("admin:privacy_erasurerequest_change", erasure_request.pk)
        return render(
            request,
            "admin/privacy/refuse.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Отказать в удалении данных"),
                "erasure_request": erasure_request,
                "form": form,
            },
        )


@admin.register(ErasureLog)
class ErasureLogAdmin(admin.ModelAdmin):
    list_display = ["__str__", "erased_by", "erased_at", "request"]
    list_select_related = ["erased_by", "request"]
    fields = [
        "person_id_erased",
        "participant_id_erased",
        "request",
        "erased_by",
        "erased_at",
        "counts",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the log is what proves an erasure happened


def erase_selected(modeladmin, request, queryset, *, url_name: str):
    """The admin action: one person at a time, through the confirmation page."""
    if not services.may_erase(request.user):
        modeladmin.message_user(
            request, _("Удалять персональные данные могут сотрудники программы."), messages.ERROR
        )
        return None
    if queryset.count() != 1:
        modeladmin.message_user(
            request, _("Выберите одну запись: данные удаляются по одной."), messages.WARNING
        )
        return None
    return redirect(url_name, queryset.get().pk)


def offer_erasure(model, *, url_name: str) -> None:
    """Add the erasure action to another app's admin list.

    privacy sits above the apps whose people it erases, so it adds itself to their admin
    (registered before this module: privacy comes last in ``INSTALLED_APPS``) instead of
    those admins importing privacy. Their change pages link the erasure page through the
    ``may_erase`` filter of ``{% load privacy %}``.
    """

    @admin.action(description=gettext_lazy("Удалить персональные данные…"))
    def erase_personal_data(modeladmin, request, queryset):
        return erase_selected(modeladmin, request, queryset, url_name=url_name)

    model_admin = admin.site.get_model_admin(model)
    model_admin.actions = [*(model_admin.actions or ()), erase_personal_data]


offer_erasure(get_user_model(), url_name="admin:privacy_erasurerequest_erase")
offer_erasure(Participant, url_name="admin:privacy_erasurerequest_erase_participant")

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.errors import PortalError

from . import reminder_previews
from .models import REMINDER_PLACEHOLDERS, MessageAttachment, OutgoingMessage, ReminderRule
from .services import resend_message


class AttachmentInline(admin.TabularInline):
    model = MessageAttachment
    fields = ["filename", "mimetype"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(OutgoingMessage)
class OutgoingMessageAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "to_email",
        "subject",
        "language",
        "status",
        "attempts",
        "sent_at",
        "error",
    ]
    list_filter = ["status", "language", "template"]
    search_fields = ["to_email", "subject", "key"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in OutgoingMessage._meta.fields]
    inlines = [AttachmentInline]
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("причина ошибки"))
    def error(self, message):
        return Truncator(message.last_error).chars(80)

    @admin.action(description=_("Отправить повторно"), permissions=["change"])
    def resend(self, request, queryset):
        count = 0
        for message in queryset.exclude(status=OutgoingMessage.Status.SENT):
            resend_message(message=message)
            count += 1
        self.message_user(
            request,
            ngettext("%d письмо поставлено в очередь.", "%d писем поставлено в очередь.", count)
            % count,
            messages.SUCCESS,
        )


class ReminderPreviewForm(forms.Form):
    person = forms.EmailField(
        label=_("Для кого"),
        help_text=_("E-mail пользователя портала; письмо будет показано так, как он его увидит."),
    )
    language = forms.ChoiceField(
        label=_("Язык"),
        required=False,
        choices=[("", _("язык получателя"))],
    )

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("язык получателя")), *settings.LANGUAGES]

    def clean_person(self):
        email = self.cleaned_data["person"].strip().lower()
        person = get_user_model().objects.filter(email__iexact=email).first()
        if person is None:
            raise forms.ValidationError(_("Пользователя с таким e-mail нет на портале."))
        return person


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "call",
        "date",
        "audience",
        "offsets",
        "send_time",
        "essential",
        "is_active",
        "preview_link",
    ]
    list_filter = ["call", "date", "audience", "essential", "is_active"]
    list_select_related = ["call"]
    search_fields = ["name", "subject"]
    list_editable = ["is_active"]
    formfield_overrides = {models.CharField: {"widget": forms.TextInput(attrs={"size": 70})}}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "call",
                    "name",
                    "date",
                    "audience",
                    "offsets",
                    "send_time",
                    "essential",
                    "is_active",
                ]
            },
        ),
        (
            _("Текст письма"),
            {
                "fields": ["subject", "body", "subject_ky", "body_ky", "subject_en", "body_en"],
            },
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        described = format_html_join(
            ", ", "<code>{{{}}}</code> — {}", ((k, v) for k, v in REMINDER_PLACEHOLDERS.items())
        )
        name, options = fieldsets[1]
        options = {**options, "description": format_html("{}: {}", _("Можно вставлять"), described)}
        return [fieldsets[0], (name, options)]

    @admin.display(description=_("просмотр"))
    def preview_link(self, rule):
        url = reverse("admin:notifications_reminderrule_preview", args=[rule.pk])
        return format_html('<a href="{}">{}</a>', url, _("просмотр и тест"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="notifications_reminderrule_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk):
        rule = get_object_or_404(ReminderRule.objects.select_related("call"), pk=pk)
        if not self.has_view_permission(request, rule):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else request.GET
        form = ReminderPreviewForm(data or {"person": request.user.email})
        preview = None
        if form.is_valid():
            person = form.cleaned_data["person"]
            language = form.cleaned_data["language"] or None
            if request.method == "POST":
                if not self.has_change_permission(request, rule):
                    raise PermissionDenied
                try:
                    message = reminder_previews.send_test_reminder(
                        rule=rule, person=person, to=request.user
                    )
                except PortalError as error:
                    self.message_user(request, str(error), messages.ERROR)
                else:
                    self.message_user(
                        request,
                        _("Тестовое письмо отправлено на %(email)s.") % {"email": message.to_email},
                        messages.SUCCESS,
                    )
                url = reverse("admin:notifications_reminderrule_preview", args=[rule.pk])
                return redirect(f"{url}?person={person.email}&language={language or ''}")
            preview = reminder_previews.preview_reminder(
                rule=rule, person=person, language=language
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": rule,
            "rule": rule,
            "form": form,
            "preview": preview,
            "suggestions": reminder_previews.audience_sample(rule=rule, limit=20),
            "can_send_test": self.has_change_permission(request, rule),
            "title": _("Напоминание «%(name)s»: просмотр") % {"name": rule.name},
        }
        return TemplateResponse(request, "admin/notifications/reminderrule/preview.html", context)

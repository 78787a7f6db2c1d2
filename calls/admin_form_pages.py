"""The admin's own pages for call forms: «copy another call's form», «change — a new version
will be made» for a version in use, and the preview as an applicant sees it (each language,
phone width and full width). Programme staff only."""

from csp.constants import SELF
from csp.decorators import csp_replace
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

from accounts.permissions import is_programme_staff
from core.errors import PortalError

from . import form_services
from .form_render import AnswersForm
from .models import Call, Form, FormVersion

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _staff_only(request, perm: str):
    if not (is_programme_staff(request.user) and request.user.has_perm(perm)):
        raise PermissionDenied


class CopyFormForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Форма другого конкурса"),
        queryset=Form.objects.select_related("call").order_by("-call__application_deadline"),
    )
    call = forms.ModelChoiceField(label=_("В конкурс"), queryset=Call.objects.all())


class FormPages:
    """The copy page of ``FormAdmin`` (a mixin before ``admin.ModelAdmin``)."""

    change_list_template = "admin/calls/form/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("copy/", view(self.copy_view), name="calls_form_copy"),
            *super().get_urls(),
        ]

    def copy_view(self, request):
        _staff_only(request, "calls.add_form")
        form = CopyFormForm(request.POST or None, initial={"call": request.GET.get("call")})
        if request.method == "POST" and form.is_valid():
            try:
                copied = form_services.copy_form(
                    source=form.cleaned_data["source"], call=form.cleaned_data["call"]
                )
            except PortalError as error:
                form.add_error(None, error.message)
            else:
                version = form_services.latest_version(copied)
                self.message_user(
                    request,
                    _("Форма скопирована: «%(form)s». Проверьте её и измените, что нужно.")
                    % {"form": copied},
                    messages.SUCCESS,
                )
                return redirect("admin:calls_formversion_change", version.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Скопировать форму другого конкурса"),
            "form": form,
        }
        return render(request, "admin/calls/form/copy.html", context)


class VersionPages:
    """The edit button and the preview of ``FormVersionAdmin``."""

    change_form_template = "admin/calls/formversion/change_form.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/edit/", view(self.edit_view), name="calls_formversion_edit"),
            path("<int:pk>/preview/", view(self.preview_view), name="calls_formversion_preview"),
            path(
                "<int:pk>/preview/frame/",
                view(self.preview_frame_view),
                name="calls_formversion_preview_frame",
            ),
            *super().get_urls(),
        ]

    def edit_view(self, request, pk):
        """A version in use is not changed: staff change a new version made from it."""
        _staff_only(request, "calls.change_formversion")
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        version = get_object_or_404(FormVersion.objects.select_related("form"), pk=pk)
        editable = form_services.edit_version(version.form)
        if editable.pk != version.pk:
            self.message_user(
                request,
                _(
                    "Изменяется версия %(number)s. Ответы, уже отправленные по версии "
                    "%(old)s, остаются с её вопросами."
                )
                % {"number": editable.number, "old": version.number},
                messages.SUCCESS,
            )
        return redirect("admin:calls_formversion_change", editable.pk)

    def _version(self, request, pk) -> FormVersion:
        _staff_only(request, "calls.view_formversion")
        return get_object_or_404(FormVersion.objects.select_related("form__call"), pk=pk)

    @staticmethod
    def _language(request) -> str:
        language = request.GET.get("lang", "")
        return language if language in LANGUAGES else settings.LANGUAGE_CODE

    def preview_view(self, request, pk):
        version = self._version(request, pk)
        language = self._language(request)
        frame = reverse("admin:calls_formversion_preview_frame", args=[version.pk])
        context = {
            **self.admin_site.each_context(request),
            "opts": FormVersion._meta,
            "title": _("Просмотр: %(version)s") % {"version": version},
            "version": version,
            "language": language,
            "languages": settings.LANGUAGES,
            "frame_url": f"{frame}?lang={language}",
        }
        return render(request, "admin/calls/formversion/preview.html", context)

    def preview_frame_view(self, request, pk):
        return _frame(self, request, pk)


@xframe_options_sameorigin
@csp_replace({"frame-ancestors": [SELF]})
def _frame(pages: VersionPages, request, pk):
    """The form alone, in the chosen language, as the portal's pages style it: shown inside
    the preview page (its own origin only) at 360 px and at full width."""
    version = pages._version(request, pk)
    language = pages._language(request)
    with translation.override(language):
        form = AnswersForm(version=version, language=language, draft=False)
        context = {"version": version, "form": form, "language": language}
        return render(request, "calls/form_preview.html", context)

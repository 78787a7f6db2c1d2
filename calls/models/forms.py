"""The forms a call asks its applicants to fill in, built by programme staff in the admin.

A ``Form`` per call and stage (workshop application, technical-support request, campaign
report) has numbered ``FormVersion``s; the latest is the current one. The first answer
document submitted against a version freezes it (``frozen_at``, set by
``calls.form_services.freeze``): from then on staff edit a copy with the next number, so
every answer keeps the question text it answered.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.json import ReadableJSONEncoder
from core.translated import TranslatedMixin

from .call import Call


class Form(models.Model):
    class Kind(models.TextChoices):
        APPLICATION = "application", _("заявка на практикум")
        SUPPORT_REQUEST = "support_request", _("заявка на техническую поддержку")
        REPORT = "report", _("отчёт о кампании")

    call = models.ForeignKey(
        Call, verbose_name=_("конкурс"), on_delete=models.CASCADE, related_name="forms"
    )
    kind = models.CharField(_("форма"), max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)

    class Meta:
        verbose_name = _("форма конкурса")
        verbose_name_plural = _("формы конкурсов")
        ordering = ["call", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["call", "kind"], name="one_form_per_kind_per_call")
        ]

    def __str__(self):
        return f"{self.call}: {self.get_kind_display()}"


class FormVersion(models.Model):
    form = models.ForeignKey(
        Form, verbose_name=_("форма"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("версия"))
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    frozen_at = models.DateTimeField(
        _("используется с"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Когда по этой версии отправили первые ответы. С этого момента её не меняют: "
            "изменения идут в новую версию."
        ),
    )

    class Meta:
        verbose_name = _("версия формы")
        verbose_name_plural = _("версии форм")
        ordering = ["form", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["form", "number"], name="one_number_per_form")
        ]

    def __str__(self):
        return _("%(form)s, версия %(number)s") % {"form": self.form, "number": self.number}

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class FormSection(TranslatedMixin, models.Model):
    version = models.ForeignKey(
        FormVersion,
        verbose_name=_("версия формы"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)
    key = models.SlugField(_("код"), max_length=50)
    title = models.CharField(_("заголовок"), max_length=255)
    title_ky = models.CharField(_("заголовок (кырг.)"), max_length=255, blank=True)
    title_en = models.CharField(_("заголовок (англ.)"), max_length=255, blank=True)
    intro = models.TextField(_("вступление"), blank=True)
    intro_ky = models.TextField(_("вступление (кырг.)"), blank=True)
    intro_en = models.TextField(_("вступление (англ.)"), blank=True)

    class Meta:
        verbose_name = _("раздел формы")
        verbose_name_plural = _("разделы формы")
        ordering = ["version", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="section_key_per_version")
        ]

    def __str__(self):
        return self.title


class AnswersDocument(models.Model):
    """What answers a call's form (an application, a support request, a report): the form
    version it follows and the answers, one JSON document keyed by that version's question
    keys (``calls.form_services``). The blocks the rules rely on stay columns and rows of
    the model itself."""

    form_version = models.ForeignKey(
        "calls.FormVersion",
        verbose_name=_("версия формы"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answers = models.JSONField(_("ответы"), default=dict, blank=True, encoder=ReadableJSONEncoder)

    class Meta:
        abstract = True

from django.db import models
from django.utils.translation import gettext_lazy as _


class Coalition(models.Model):
    """A network of civil-society organisations: a coalition, association, union, platform."""

    class Kind(models.TextChoices):
        CIVIC = "civic", _("гражданская")
        ECONOMIC = "economic", _("экономическая")

    class NetworkType(models.TextChoices):
        COALITION = "coalition", _("коалиция")
        ASSOCIATION = "association", _("ассоциация")
        UNION = "union", _("союз")
        PLATFORM = "platform", _("платформа")
        OTHER = "other", _("другое сетевое объединение")

    name = models.CharField(_("название"), max_length=255)
    kind = models.CharField(_("тип коалиции"), max_length=16, choices=Kind.choices)
    network_type = models.CharField(
        _("форма объединения"),
        max_length=16,
        choices=NetworkType.choices,
        default=NetworkType.COALITION,
    )
    description = models.TextField(_("краткое описание"), blank=True)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    class Meta:
        verbose_name = _("коалиция")
        verbose_name_plural = _("коалиции")
        ordering = ["name"]

    def __str__(self):
        return self.name

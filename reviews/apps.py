from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    """The review engine: reviewer assignments, conflicts of interest, scores and ranks,
    for whatever other apps register as reviewable."""

    name = "reviews"
    verbose_name = _("Рецензирование")

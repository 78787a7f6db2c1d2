from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    """The review engine: reviewer assignments, conflicts of interest, scores and ranks,
    for whatever other apps register as reviewable (``reviews.registry``, from their own
    ``AppConfig.ready``)."""

    name = "reviews"
    verbose_name = _("Рецензирование")

    def ready(self):
        # Connect the receivers: a changed criterion refreshes its call's stored scores.
        from . import tallies  # noqa: F401

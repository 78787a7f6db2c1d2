from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares: money, errors, the one lifecycle move, uploads and file
    responses, the PDF and Excel writers, fields in three languages, http helpers.
    It imports no other app of the portal."""

    name = "core"
    verbose_name = "Общее"

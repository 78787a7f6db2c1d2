"""What other apps review: each registers its reviewable models on start-up, from its
``AppConfig.ready`` (the workshop's application, the grants' technical-support request)::

    from reviews import registry

    registry.register(
        Application,
        stage=Stage.WORKSHOP,
        answers_template="applications/_answers.html",
        listed=lambda call: Application.objects.filter(call=call),
        is_pair=Q(partner__isnull=False),
    )

A reviewable has ``call``, ``coalition_ids()`` (the coalitions its reviewers must not
belong to) and may say ``is_decided`` (its scores are then frozen). The engine never
imports the apps that review: it reads this registry.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class Reviewable:
    model: type
    stage: str
    # Rendered with ``application`` (the reviewed object) on the reviewer's page.
    answers_template: str
    # The call's reviewables the progress page ranks.
    listed: Callable
    # Which rows are pairs (for the call's pair bonus and tie-break).
    is_pair: Q

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


_BY_STAGE: dict[str, Reviewable] = {}
_BY_LABEL: dict[str, Reviewable] = {}


def register(model, *, stage: str, answers_template: str, listed: Callable, is_pair: Q) -> None:
    """Make ``model`` reviewable at ``stage`` (one reviewable model per stage)."""
    reviewable = Reviewable(model, stage, answers_template, listed, is_pair)
    _BY_STAGE[stage] = reviewable
    _BY_LABEL[reviewable.label] = reviewable


def for_stage(stage: str) -> Reviewable | None:
    return _BY_STAGE.get(stage)


def for_label(label: str) -> Reviewable | None:
    """The reviewable registered for a model ("app_label.model_name")."""
    return _BY_LABEL.get(label)


def for_model(model) -> Reviewable | None:
    return _BY_LABEL.get(model._meta.label_lower)


def stages() -> list[str]:
    return list(_BY_STAGE)


def reviewables() -> list[Reviewable]:
    return list(_BY_STAGE.values())

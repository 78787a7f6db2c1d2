"""The blocks of each kind of form that the programme's rules rely on.

Eligibility, review, the workshop and the budget read these answers from the portal's own
records (the pair, priorities, regions, attendees, budget lines, consent, files), so every
form of the kind carries each of them exactly once. Staff may re-word and re-order them;
they cannot remove them. The existing pages render them; the form only places them.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Form


@dataclass(frozen=True)
class FixedBlock:
    key: str
    label: str  # the default wording (capitalised when used), staff may change it
    required: bool
    # What the rule is, for the admin and the preview's placeholder.
    rule: str


FIXED_BLOCKS: dict[str, tuple[FixedBlock, ...]] = {
    Form.Kind.APPLICATION: (
        FixedBlock(
            "idea_title",
            _("название идеи кампании"),
            True,
            _("название заявки в списках, на практикуме и в договоре"),
        ),
        FixedBlock("partner", _("коалиция-партнёр"), False, _("пара выбирается при создании")),
        FixedBlock("priorities", _("Приоритетные темы конкурса"), True, _("приоритеты конкурса")),
        FixedBlock("regions", _("Целевые регионы"), True, _("регионы")),
        FixedBlock(
            "joint_organisations",
            _("организации-участники кампании"),
            True,
            _("не менее двух организаций, из гражданского и бизнес-сектора"),
        ),
        FixedBlock(
            "key_topics",
            _("Какие темы практикума вам нужнее всего"),
            True,
            _("ключевые темы практикума"),
        ),
        FixedBlock(
            "attendees",
            _("Кого вы предлагаете направить на практикум"),
            True,
            _("участники практикума"),
        ),
        FixedBlock("attachments", _("Приложенные файлы"), False, _("файлы заявки")),
        FixedBlock(
            "consent",
            _("согласие на обработку персональных данных"),
            True,
            _("согласие на обработку персональных данных"),
        ),
    ),
    Form.Kind.SUPPORT_REQUEST: (
        FixedBlock(
            "title",
            _("название кампании"),
            True,
            _("название кампании в списках, договоре и отчётах"),
        ),
        FixedBlock("partner", _("коалиция-партнёр"), False, _("пара выбирается при создании")),
        FixedBlock(
            "activities",
            _("мероприятия кампании"),
            True,
            _("мероприятия с датами в срок реализации"),
        ),
        FixedBlock(
            "results", _("ожидаемые результаты"), True, _("результаты с индикаторами для отчётов")
        ),
        FixedBlock(
            "budget_lines",
            _("строки бюджета"),
            True,
            _("строки бюджета: виды поддержки, без институциональных расходов"),
        ),
    ),
    Form.Kind.REPORT: (
        FixedBlock(
            "indicator_results",
            _("Результаты по индикаторам плана"),
            True,
            _("результаты по индикаторам плана кампании"),
        ),
        FixedBlock("attachments", _("Файлы"), False, _("файлы отчёта")),
    ),
}


def fixed_blocks(kind: str) -> tuple[FixedBlock, ...]:
    return FIXED_BLOCKS.get(kind, ())


def fixed_block(kind: str, key: str) -> FixedBlock | None:
    return next((block for block in fixed_blocks(kind) if block.key == key), None)

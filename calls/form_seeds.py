"""The 2022 call's questions as data: the workshop application, the technical-support
request and the campaign report as the portal asks them today.

The Russian texts are the very strings of today's forms (the models' field names, the help
texts of the section forms, the templates' headings): the same message ids, so the Kyrgyz
and English come from the catalogues already translated, and read here in each language.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .form_fixed import fixed_block
from .models import Form, FormSection, FormVersion, Question, QuestionType

T = QuestionType


@dataclass(frozen=True)
class Q:
    key: str
    type: str = T.LONG_TEXT
    label: str = ""
    help: str = ""
    required: bool = True
    max_length: int | None = None


def fixed(key: str, help_text: str = "", label: str = "") -> Q:
    return Q(key, T.FIXED, label, help_text)


@dataclass(frozen=True)
class S:
    key: str
    title: str
    questions: tuple[Q, ...]
    intro: str = ""


PDF_AND_OFFICE = _("PDF, DOC/DOCX, XLS/XLSX, JPG или PNG.")
DECISION_MAKERS_HELP = _("Органы и люди, которые принимают нужное решение.")

APPLICATION = (
    S(
        "idea",
        _("Идея кампании"),
        (
            fixed("partner"),
            fixed("idea_title"),
            Q(
                "problem",
                label=_("проблема и общественный интерес"),
                help=_("Какую проблему решает кампания и чьим общественным интересам служит."),
            ),
            Q(
                "change_sought",
                label=_("какого изменения вы добиваетесь"),
                help=_("Что должно измениться в политике, решении или практике."),
            ),
            Q("decision_makers", label=_("кто принимает решение"), help=DECISION_MAKERS_HELP),
        ),
    ),
    S(
        "focus",
        _("Приоритеты, регионы, группы"),
        (
            fixed("priorities", _("Одна или несколько.")),
            fixed("regions"),
            Q(
                "vulnerable_groups",
                label=_("социально уязвимые группы"),
                help=_("Кто из социально уязвимых групп получит пользу от кампании."),
            ),
        ),
    ),
    S(
        "data",
        _("Данные"),
        (
            Q("data_existing", label=_("какие данные уже есть")),
            Q("data_to_collect", label=_("какие данные нужно собрать")),
            Q("data_use", label=_("как данные сделают кампанию убедительной")),
        ),
    ),
    S(
        "partners",
        _("Совместная работа"),
        (fixed("joint_organisations"),),
        intro=_(
            "Укажите организации гражданского общества, которые будут работать вместе над "
            "кампанией: не менее двух, хотя бы одну из гражданского сектора и хотя бы одну "
            "из бизнес-сектора."
        ),
    ),
    S(
        "results",
        _("Результаты и опыт"),
        (
            Q(
                "expected_results",
                label=_("ожидаемые результаты"),
                help=_("Чего кампания достигнет до окончания срока реализации."),
            ),
            Q(
                "experience",
                label=_("опыт коалиции"),
                help=_("Кампании и совместные проекты, которые коалиция уже провела."),
            ),
        ),
    ),
    S(
        "workshop",
        _("Практикум и участники"),
        (
            fixed("key_topics"),
            Q(
                "speaker_wishes",
                label=_("Что вы хотели бы услышать от приглашённых спикеров"),
                help=_("Темы, примеры кампаний, вопросы — по ним подберут спикеров."),
            ),
            fixed(
                "attendees", _("Имя, должность, организация, e-mail и телефон каждого участника.")
            ),
        ),
    ),
    S(
        "attachments",
        _("Файлы и согласие"),
        (
            fixed("attachments", PDF_AND_OFFICE),
            fixed(
                "consent",
                label=_(
                    "Я согласен(на) на обработку персональных данных, указанных в заявке, "
                    "для отбора и проведения практикума"
                ),
            ),
        ),
    ),
)

SUPPORT_REQUEST = (
    S(
        "plan",
        _("Кампания: цель и задачи"),
        (
            fixed("partner"),
            fixed("title"),
            Q(
                "goal",
                label=_("цель кампании"),
                help=_("Какого изменения в политике или практике добивается кампания."),
            ),
            Q(
                "objectives",
                label=_("задачи"),
                help=_("Шаги к цели: что кампания сделает и в каком порядке."),
            ),
        ),
    ),
    S(
        "audiences",
        _("Лица, принимающие решения, и аудитории"),
        (
            Q("decision_makers", label=_("лица, принимающие решения"), help=DECISION_MAKERS_HELP),
            Q(
                "audiences",
                label=_("целевые аудитории"),
                help=_("Кого кампания информирует и вовлекает: жители, бизнес, СМИ."),
            ),
        ),
    ),
    S("activities", _("Мероприятия и сроки"), (fixed("activities"),)),
    S(
        "data",
        _("Данные, ресурсы, риски"),
        (
            Q(
                "data_collection",
                label=_("план сбора данных"),
                help=_("Какие данные соберёте, откуда, кто и когда."),
            ),
            Q(
                "resource_mobilisation",
                label=_("мобилизация ресурсов"),
                help=_("Какие ещё ресурсы привлечёте: партнёры, волонтёры, СМИ."),
            ),
            Q("risks", label=_("риски и как их снизить")),
        ),
    ),
    S(
        "results",
        _("Ожидаемые результаты"),
        (
            fixed(
                "results",
                _(
                    "Что изменится благодаря кампании, как это измерить (индикатор) и какое "
                    "значение вы хотите достичь."
                ),
            ),
        ),
    ),
    S(
        "budget",
        _("Запрашиваемая поддержка"),
        (
            fixed(
                "budget_lines",
                _(
                    "Поддержка предоставляется в натуральной форме: ИПР нанимает эксперта, "
                    "закупает материалы, оплачивает расходы на мероприятия, организует "
                    "менторство. Институциональные расходы организаций (аренда офиса, зарплаты "
                    "сотрудников, оборудование для организации, накладные расходы) не "
                    "поддерживаются."
                ),
            ),
        ),
    ),
)

REPORT = (
    S(
        "done",
        _("Что сделано"),
        (
            Q(
                "activities",
                label=_("что сделано"),
                help=_("Что коалиция сделала за период: мероприятия, встречи, публикации."),
            ),
        ),
    ),
    S(
        "results",
        _("Результаты по индикаторам плана"),
        (fixed("indicator_results", label=_("результаты по индикаторам")),),
    ),
    S(
        "data",
        _("Данные, адвокация, трудности"),
        (
            Q(
                "data_collected",
                label=_("собранные данные: что и где (ссылки)"),
                help=_("Какие данные собраны; ссылки на них — по одной на строке."),
                required=False,
            ),
            Q(
                "advocacy_outcomes",
                label=_("результаты адвокации и СМИ: встречи, решения, изменения политики"),
                help=_(
                    "Встречи с лицами, принимающими решения, принятые решения, изменения "
                    "политики, публикации в СМИ."
                ),
                # Required in the final report only: that rule stays with the report's code.
                required=False,
            ),
            Q("challenges", label=_("трудности"), required=False),
            Q("next_steps", label=_("следующие шаги"), required=False),
        ),
    ),
    S(
        "files",
        _("Файлы"),
        (fixed("attachments", PDF_AND_OFFICE, _("Добавить файл (данные, фото, публикации)")),),
    ),
)

FORMS_2022 = {
    Form.Kind.APPLICATION: APPLICATION,
    Form.Kind.SUPPORT_REQUEST: SUPPORT_REQUEST,
    Form.Kind.REPORT: REPORT,
}


def in_three_languages(text, field: str) -> dict[str, str]:
    """``{field: ru, field_ky: ky, field_en: en}`` from one message id; a language the
    catalogue does not translate is left empty (the Russian shows instead)."""
    if not text:
        return {}
    values = {}
    for language in ("ru", "ky", "en"):
        with translation.override(language):
            values[language] = capfirst(str(text))
    return {
        field: values["ru"],
        f"{field}_ky": values["ky"] if values["ky"] != values["ru"] else "",
        f"{field}_en": values["en"] if values["en"] != values["ru"] else "",
    }


def _question(version, section, position, kind, spec: Q) -> Question:
    label, required = spec.label, spec.required
    if spec.type == T.FIXED:
        block = fixed_block(kind, spec.key)
        label, required = spec.label or block.label, block.required
    return Question(
        version=version,
        section=section,
        position=position,
        key=spec.key,
        type=spec.type,
        fixed=spec.key if spec.type == T.FIXED else "",
        required=required,
        max_length=spec.max_length,
        **in_three_languages(label, "label"),
        **in_three_languages(spec.help, "help"),
    )


def build_form(call, kind: str, sections=None) -> Form:
    """The call's form of ``kind`` as the 2022 call asks it (kept if the call has one)."""
    existing = Form.objects.filter(call=call, kind=kind).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        form = Form.objects.create(call=call, kind=kind)
        version = FormVersion.objects.create(form=form, number=1)
        questions = []
        for section_position, spec in enumerate(sections or FORMS_2022[kind], start=1):
            section = FormSection.objects.create(
                version=version,
                position=section_position,
                key=spec.key,
                **in_three_languages(spec.title, "title"),
                **in_three_languages(spec.intro, "intro"),
            )
            questions += [
                _question(version, section, position, kind, question)
                for position, question in enumerate(spec.questions, start=1)
            ]
        Question.objects.bulk_create(questions)
    return form


def build_2022_forms(call) -> dict[str, Form]:
    """The three forms of the 2022 call (the application, the support request, the
    report), each built once: calling it again leaves the call's forms as they are."""
    return {kind: build_form(call, kind) for kind in FORMS_2022}

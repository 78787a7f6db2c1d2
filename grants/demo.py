"""The 2022 technical support as demo data: five requests of the coalitions that took part
in the workshop, their reviews, awards within 870 000 KGS and their contracts.

The requests are written as the coalitions wrote them in June 2022 (after the deadline now,
so the submission service refuses them: they are stored directly and moved to submitted
through the one lifecycle, at that moment); awards and contracts go through the services.
Idempotent.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from applications.models import Application
from calls import form_services
from calls.form_seeds import build_2022_forms
from calls.models import Call, Criterion, Form, Stage, SupportTerms
from core.lifecycle import move
from reviews.models import ReviewAssignment, Score

from . import awards, contracts
from .form_answers import merge_section
from .models import (
    Activity,
    BudgetLine,
    Contract,
    ExpectedResult,
    TechnicalSupportApplication,
)
from .services import line_total, workshop_coalition_ids

CRITERIA = [
    ("Реалистичность плана и сроков", "Realistic plan and timeline", 10, "2"),
    ("Обоснованность запрашиваемой поддержки", "Justified support", 10, "1.5"),
    ("Использование данных", "Use of data", 10, "1"),
]

# Workshop idea title → the request: plan, lines (type, description, unit, qty, cost),
# the reviews (reviewer2, reviewer3 points) and the award ("all" or an amount).
REQUESTS = {
    "Честные закупки для фермеров Чуйской долины": {
        "goal": "Айыл окмоту Чуйской области публикуют планы и итоги закупок для фермеров.",
        "audiences": "Фермеры, жители айылов, местные СМИ.",
        "activities": [
            ("Анализ закупок 10 айыл окмоту", (8, 1), (9, 15)),
            ("Общественные слушания в Кара-Балте и Токмоке", (10, 1), (10, 20)),
        ],
        "results": [("Планы закупок опубликованы", "айыл окмоту", "10")],
        "lines": [
            ("expert", "Эксперт по государственным закупкам", "день", 20, 6000),
            ("event", "Общественные слушания: зал, кофе-брейк, транспорт", "слушание", 2, 35000),
            ("materials", "Печать памяток для фермеров", "экз.", 1000, 50),
        ],
        "scores": ([9, 8, 8], [8, 9, 7]),
        "award": "all",
    },
    "Доступные рынки для предпринимательниц с инвалидностью": {
        "goal": "Мэрия Оша утверждает стандарт доступности рынков и квоту торговых мест.",
        "audiences": "Предпринимательницы с инвалидностью, дирекции рынков, горкенеш.",
        "activities": [
            ("Аудит доступности 12 рынков", (8, 1), (8, 31)),
            ("Презентация карты доступности в горкенеше", (10, 5), (10, 5)),
        ],
        "results": [("Стандарт доступности принят", "решение горкенеша", "1")],
        "lines": [
            ("expert", "Эксперт по доступной среде: аудит рынков", "день", 15, 7000),
            ("materials", "Карта доступности: дизайн и печать", "комплект", 1, 30000),
            ("mentoring", "Менторство по переговорам с мэрией", "сессия", 5, 10000),
        ],
        "scores": ([8, 8, 7], [9, 7, 8]),
        "award": "all",
    },
    "Налоговые льготы для сельских предпринимательниц": {
        "goal": "Минэкономики вводит сезонный патент для малого агробизнеса.",
        "audiences": "Сельские предпринимательницы, налоговая служба, депутаты.",
        "activities": [("Опрос 300 предпринимательниц", (8, 1), (9, 1))],
        "results": [("Проект сезонного патента внесён", "проект постановления", "1")],
        "lines": [
            ("expert", "Экономист: расчёт сезонного патента", "день", 10, 8000),
            ("event", "Круглый стол с налоговой службой", "мероприятие", 1, 50000),
            ("materials", "Печать аналитической записки", "экз.", 300, 100),
        ],
        "scores": ([7, 8, 6], [8, 7, 7]),
        "award": "all",
    },
    "Открытые данные мэрии Бишкека": {
        "goal": "Мэрия Бишкека принимает порядок публикации открытых данных.",
        "audiences": "IT-сообщество, журналисты, мэрия.",
        "activities": [("Хакатон по данным мэрии", (9, 10), (9, 11))],
        "results": [("Порядок открытых данных принят", "постановление мэрии", "1")],
        "lines": [
            ("expert", "Эксперт по открытым данным", "день", 12, 7500),
            ("event", "Хакатон: площадка и питание", "день", 2, 38000),
            ("mentoring", "Менторство команды кампании", "сессия", 3, 3500),
        ],
        "scores": ([8, 7, 9], [7, 7, 9]),
        "award": "all",
    },
    "Прозрачный туристический сбор Иссык-Куля": {
        "goal": "Областной кенеш публикует отчёт о расходах туристического сбора.",
        "audiences": "Предприниматели побережья, жители, областной кенеш.",
        "activities": [("Мониторинг расходов сбора за 3 года", (8, 15), (10, 15))],
        "results": [("Отчёт о расходах опубликован", "отчёт", "1")],
        "lines": [
            ("expert", "Аналитик местных бюджетов", "день", 15, 6000),
            ("event", "Встречи с предпринимателями в Чолпон-Ате и Караколе", "встреча", 2, 40000),
            ("materials", "Инфографика и публикации в СМИ", "комплект", 1, 20000),
        ],
        "scores": ([7, 7, 6], [7, 6, 6]),
        "award": Decimal("100000"),
    },
}


def _at(call: Call, month: int, day: int) -> dt.date:
    return dt.date(call.implementation_end.year, month, day)


def _workshop_answer(application: Application, key: str) -> str:
    """An answer of the workshop application's document ("" when it has none)."""
    return application.answers.get(key) or ""


def _request(call: Call, application: Application, spec: dict, staff):
    version = form_services.ensure_version(call, Form.Kind.SUPPORT_REQUEST)
    answers = {
        "goal": spec["goal"],
        "objectives": "Собрать данные, предложить решение, добиться его принятия.",
        "decision_makers": _workshop_answer(application, "decision_makers")
        or "Органы местного самоуправления.",
        "audiences": spec["audiences"],
        "data_collection": _workshop_answer(application, "data_to_collect")
        or "Запросы информации, опросы.",
        "resource_mobilisation": "Волонтёры коалиции, партнёрские СМИ, бизнес-ассоциации.",
        "risks": "Отказ в информации — обращение через депутатов и прокуратуру.",
    }
    request, created = TechnicalSupportApplication.objects.get_or_create(
        call=call,
        coalition=application.coalition,
        defaults={
            "partner": application.partner,
            "workshop_application": application,
            "title": application.idea_title,
            # Checked as the form checks them (types and limits of the call's questions).
            "form_version": version,
            "answers": merge_section(version, {}, None, answers),
            "version": 1,
            "submitted_at": call.support_deadline - dt.timedelta(days=3),
        },
    )
    if not created:
        return request
    request.requested_total = _plan(call, request, spec)
    # Sent three days before the deadline, through the one lifecycle at that moment.
    move(
        request,
        TechnicalSupportApplication.Status.SUBMITTED,
        by=request.created_by,
        note="демо",
        at=request.submitted_at,
    )
    form_services.freeze(version)
    return request


def _plan(call: Call, request, spec: dict) -> Decimal:
    """The request's activities, expected results and budget lines; returns its total."""
    for position, (text, start, end) in enumerate(spec["activities"]):
        Activity.objects.create(
            application=request,
            position=position,
            description=text,
            starts_on=_at(call, *start),
            ends_on=_at(call, *end),
        )
    for position, (result, indicator, target) in enumerate(spec["results"]):
        ExpectedResult.objects.create(
            application=request,
            position=position,
            result=result,
            indicator=indicator,
            target=target,
        )
    total = Decimal("0")
    for position, (kind, text, unit, quantity, cost) in enumerate(spec["lines"]):
        line = BudgetLine.objects.create(
            application=request,
            position=position,
            support_type=kind,
            description=text,
            unit=unit,
            quantity=Decimal(quantity),
            unit_cost=Decimal(cost),
            total=line_total(quantity=quantity, unit_cost=cost),
        )
        total += line.total
    return total


def _reviews(call: Call, request, scores, people) -> None:
    criteria = list(Criterion.objects.filter(call=call, stage=Stage.SUPPORT).order_by("number"))
    for reviewer_key, points in zip(("reviewer2", "reviewer3"), scores, strict=True):
        assignment, _created = ReviewAssignment.objects.get_or_create(
            content_type_id=_content_type_id(),
            object_id=request.pk,
            reviewer=people[reviewer_key],
            defaults={"call": call, "stage": Stage.SUPPORT, "assigned_by": people.get("staff")},
        )
        for criterion, value in zip(criteria, points, strict=True):
            Score.objects.update_or_create(
                assignment=assignment, criterion=criterion, defaults={"points": value}
            )
        ReviewAssignment.objects.filter(pk=assignment.pk).update(
            status=ReviewAssignment.Status.SUBMITTED,
            recommendation=ReviewAssignment.Recommendation.SUPPORT,
            submitted_at=call.support_deadline + dt.timedelta(days=5),
        )


def _content_type_id() -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(TechnicalSupportApplication).pk


def load_grants(*, calls: tuple[Call, Call], people: dict) -> list[TechnicalSupportApplication]:
    archive, _current = calls
    for call in calls:
        build_2022_forms(call)  # the 2022 questions as each call's forms (kept if built)
        for number, (name, name_en, max_points, weight) in enumerate(CRITERIA, start=1):
            Criterion.objects.update_or_create(
                call=call,
                stage=Stage.SUPPORT,
                number=number,
                defaults={
                    "name": name,
                    "name_en": name_en,
                    "max_points": max_points,
                    "weight": Decimal(weight),
                },
            )
        _demo_terms(call)
    staff = people.get("staff")
    took_part = workshop_coalition_ids(archive)
    selected = Application.objects.filter(
        call=archive, status=Application.Status.SELECTED, idea_title__in=list(REQUESTS)
    ).select_related("coalition", "partner")
    requests = []
    for application in selected:
        if application.coalition_id not in took_part:
            continue
        spec = REQUESTS[application.idea_title]
        request = _request(archive, application, spec, staff)
        _reviews(archive, request, spec["scores"], people)
        if not hasattr(request, "award"):
            amount = None if spec["award"] == "all" else spec["award"]
            awards.award_support(application=request, by=staff, amount=amount, note="демо")
        requests.append(request)
    for request in requests:
        request.refresh_from_db()
        award = request.award
        # Printed when the call's contracts were made (the seed: July), not on the day the
        # demo is loaded, which may be after the implementation it runs to.
        printed_at = (
            timezone.make_aware(dt.datetime.combine(archive.selection_start, dt.time(10)))
            if archive.selection_start
            else None
        )
        contracts.build_contract_version(
            award_id=award.pk, revision=award.revision, printed_at=printed_at
        )
        _demo_contract_status(award.contract, staff, pair=request.is_pair)
    return requests


# ИПР as the contract names it (demonstration details: the bank account and tax numbers
# are made up in the right format).
GRANTOR = {
    "ipr_representative": "Асель Жумабаева",
    "ipr_signatory": "директор",
    "ipr_basis": "Устава",
    "ipr_address": "720040, Кыргызская Республика, г. Бишкек, ул. Тоголок Молдо, 60а",
    "ipr_bank_details": "ОАО «Демир Кыргыз Интернэшнл Банк», БИК 118005\n"
    "р/с 1180000000000000 (сом)",
    "ipr_details": "ИНН 00000000000000, ОКПО 00000000\nТел.: +996 312 000 000, dpi@dpi.kg",
}


def _demo_terms(call: Call) -> None:
    """The call's terms, with ИПР's representative, address and bank details filled once."""
    terms = contracts.terms_for(call)
    empty = {name: value for name, value in GRANTOR.items() if not getattr(terms, name).strip()}
    if empty:
        SupportTerms.objects.filter(pk=terms.pk).update(**empty)


def _demo_contract_status(contract: Contract, staff, *, pair: bool) -> None:
    """The pair's contract is with the coalitions to sign (the member sees it); one other is
    already in force; the rest are drafts staff have yet to send."""
    if contract.status_changes.exists():
        return
    steps = []
    if pair:
        steps = [Contract.Status.SENT]
    elif not Contract.objects.filter(call=contract.call, status=Contract.Status.ACTIVE).exists():
        steps = [
            Contract.Status.SENT,
            Contract.Status.SIGNED,
            Contract.Status.COUNTERSIGNED,
            Contract.Status.ACTIVE,
        ]
    when = timezone.make_aware(dt.datetime.combine(contract.call.selection_start, dt.time(10)))
    contract._history_user = staff
    for number, status in enumerate(steps):
        # Through the one lifecycle, dated when staff took each step.
        at = when + dt.timedelta(days=number)
        move(contract, status, by=staff, note="демо", update_fields=[], at=at)

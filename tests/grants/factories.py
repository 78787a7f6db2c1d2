"""Calls whose workshop is over, coalitions that took part, and their support requests."""

import datetime as dt
from decimal import Decimal

from calls.form_seeds import build_2022_forms
from grants import services, submission
from grants.models import TechnicalSupportApplication
from tests.applications.factories import BISHKEK, CallFactory, member_of
from tests.workshops.factories import EventFactory, ParticipantFactory, selected_application

BUDGET = Decimal("870000")


def support_call(**kwargs):
    """A call with a 13–17 June 2030 workshop, support requests until 30 June 23:59:59
    (Bishkek) and a budget of 870 000 KGS for 4–6 awards."""
    defaults = {
        "support_deadline": dt.datetime(2030, 6, 30, 23, 59, 59, tzinfo=BISHKEK),
        "budget": BUDGET,
        "min_awards": 4,
        "max_awards": 6,
    }
    call = CallFactory(**(defaults | kwargs))
    EventFactory(call=call)
    build_2022_forms(call)  # the support request and the report as the 2022 call asks them
    return call


def took_part(call, *, pair=False):
    """A selected workshop application whose coalition(s) sent participants to the workshop."""
    application = selected_application(call, pair=pair)
    event = call.events.get(kind="workshop")
    for coalition in [application.coalition, application.partner]:
        if coalition is not None:
            ParticipantFactory(event=event, coalition=coalition)
    return application


PLAN = {
    "title": "Открытый бюджет ирригации",
    "goal": "Айыл окмоту публикуют расходы на ирригацию.",
    "objectives": "Собрать данные, провести слушания, добиться решения кенеша.",
    "decision_makers": "Айыл окмоту, местный кенеш.",
    "audiences": "Фермеры, жители, местные СМИ.",
    "data_collection": "Запросы информации, опрос 300 фермеров.",
    "resource_mobilisation": "Волонтёры ассоциации, партнёрские СМИ.",
    "risks": "Отказ в информации — обращение в прокуратуру.",
}


def lines(*amounts):
    """Budget-line answers, one per (quantity, unit cost)."""
    return [
        {
            "support_type": "expert",
            "description": f"Эксперт по анализу бюджета, этап {number}",
            "unit": "день",
            "quantity": Decimal(str(quantity)),
            "unit_cost": Decimal(str(cost)),
        }
        for number, (quantity, cost) in enumerate(amounts, start=1)
    ]


def started(call, *, pair=False, owner=None):
    application = took_part(call, pair=pair)
    owner = owner or member_of(application.coalition)
    request = services.start_support_request(call=call, coalition=application.coalition, by=owner)
    return request, owner


def complete(request, by, *, budget=((10, 8000),)):
    """Every answer the form needs, saved through the services as the form does."""
    plain = {
        "plan": ["title", "goal", "objectives"],
        "audiences": ["decision_makers", "audiences"],
        "data": ["data_collection", "resource_mobilisation", "risks"],
    }
    for section, names in plain.items():
        request = services.save_support_section(
            application=request, section=section, answers={n: PLAN[n] for n in names}, by=by
        )
    services.save_support_section(
        application=request,
        section="activities",
        answers={
            "activities": [
                {
                    "description": "Общественные слушания",
                    "starts_on": dt.date(2030, 9, 1),
                    "ends_on": dt.date(2030, 9, 2),
                }
            ]
        },
        by=by,
    )
    services.save_support_section(
        application=request,
        section="results",
        answers={
            "results": [{"result": "Расходы опубликованы", "indicator": "айылов", "target": "5"}]
        },
        by=by,
    )
    return services.save_support_section(
        application=request, section="budget", answers={"budget_lines": lines(*budget)}, by=by
    )


def submitted(call, *, pair=False, budget=((10, 8000),)) -> TechnicalSupportApplication:
    request, owner = started(call, pair=pair)
    complete(request, owner, budget=budget)
    return submission.submit_support_request(application=request, by=owner)


def fill_grantor(call):
    """ИПР's representative, address and bank details in the call's terms, as staff enter
    them: a contract without them is not fit to sign."""
    from grants.contracts import terms_for

    terms = terms_for(call)
    terms.ipr_representative = "Асель Жумабаева"
    terms.ipr_signatory = "директор"
    terms.ipr_address = "720040, г. Бишкек, ул. Тоголок Молдо, 60а"
    terms.ipr_bank_details = "ОАО «Банк», БИК 118005, р/с 1180000000000000"
    terms.save()
    return terms

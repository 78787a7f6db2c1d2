"""Demo applications of both calls: drafts, sent ones, alone and in pairs. Idempotent.

Their status moves through the one lifecycle (``core.lifecycle.move``), dated when the
coalition would have sent them.
"""

import datetime as dt

from calls.form_services import ensure_version, freeze
from calls.models import Call, Form
from coalitions.models import Coalition, Partnership, Region
from core.lifecycle import move

from .models import Application, JointOrganisation

DEMO_APPLICATIONS = [
    # (call: "archive"/"current", lead coalition, partner or None, status, answers)
    (
        "current",
        "Коалиция «За прозрачный бюджет»",
        "Союз фермеров Чуйской долины",
        Application.Status.DRAFT,
        {
            "idea_title": "Открытый бюджет ирригации Чуйской долины",
            "problem": "Фермеры платят за поливную воду, но ни они, ни жители айылов не "
            "знают, на что айыл окмоту тратят эти средства.",
            "change_sought": "Айыл окмоту публикуют расходы на ирригацию ежеквартально.",
        },
    ),
    (
        "current",
        "Сеть «Инклюзивный Ош»",
        "Бизнес-ассоциация «Женщины-предприниматели Юга»",
        Application.Status.SUBMITTED,
        {},
    ),
    ("current", "Гражданская платформа «Нарын Данные»", None, Application.Status.DRAFT, {}),
    ("archive", "Гражданская платформа «Нарын Данные»", None, Application.Status.SUBMITTED, {}),
    (
        "archive",
        "Коалиция «За прозрачный бюджет»",
        "Союз фермеров Чуйской долины",
        Application.Status.SUBMITTED,
        {"idea_title": "Честные закупки для фермеров Чуйской долины"},
    ),
    (
        "archive",
        "Сеть «Инклюзивный Ош»",
        None,
        Application.Status.SUBMITTED,
        {"_topics": [1, 2, 4], "speaker_wishes": "Юрист по закупкам и доступной среде."},
    ),
    (
        "archive",
        "Бизнес-ассоциация «Женщины-предприниматели Юга»",
        None,
        Application.Status.SUBMITTED,
        {
            "idea_title": "Налоговые льготы для сельских предпринимательниц",
            "problem": "Патентная система не учитывает сезонный доход сельских женщин.",
            "change_sought": "Минэкономики вводит сезонный патент для малого агробизнеса.",
            "_topics": [2, 3, 7],
            "speaker_wishes": "Представитель налоговой службы; экономист по малому бизнесу.",
        },
    ),
    (
        "archive",
        "Ассоциация IT-компаний Бишкека",
        None,
        Application.Status.SUBMITTED,
        {
            "idea_title": "Открытые данные мэрии Бишкека",
            "problem": "Мэрия публикует данные в PDF, бизнес и граждане не могут их использовать.",
            "change_sought": "Мэрия принимает порядок публикации открытых данных.",
            "_topics": [1, 4, 5],
            "speaker_wishes": "Эксперт по открытым данным из другой страны Центральной Азии.",
        },
    ),
    (
        "archive",
        "Ассоциация предпринимателей Иссык-Куля",
        None,
        Application.Status.SUBMITTED,
        {
            "idea_title": "Прозрачный туристический сбор Иссык-Куля",
            "problem": "Туристический сбор собирают, но расходы на побережье не публикуются.",
            "change_sought": "Областной кенеш публикует отчёт о расходах туристического сбора.",
            "_topics": [3, 5, 6],
            "speaker_wishes": "Как добиться публикации местных бюджетов; опыт Казахстана.",
        },
    ),
]

FULL_ANSWERS = {
    "idea_title": "Доступные рынки для предпринимательниц с инвалидностью",
    "problem": "Женщины с инвалидностью в Оше не могут торговать на городских рынках: "
    "нет пандусов, мест и понятных правил аренды.",
    "change_sought": "Мэрия утверждает стандарт доступности рынков и квоту торговых мест.",
    "decision_makers": "Мэрия г. Ош, городской кенеш, дирекции рынков.",
    "vulnerable_groups": "Женщины с инвалидностью, матери детей с инвалидностью.",
    "data_existing": "Реестр торговых мест мэрии, данные соцфонда.",
    "data_to_collect": "Аудит доступности 12 рынков, опрос 200 предпринимательниц.",
    "data_use": "Карта доступности и расчёт потерь дохода — для слушаний в кенеше.",
    "expected_results": "Стандарт доступности принят, 30 мест выделено к декабрю.",
    "experience": "Кампания за доступный транспорт (2019), мониторинг бюджета (2021).",
    "speaker_wishes": "Как бизнес-ассоциации добивались изменений правил аренды.",
    "consent_personal_data": True,
}


def _region_choice() -> list:
    regions = list(Region.objects.all()[:3])
    if not regions:
        for order, (slug, name) in enumerate(
            [
                ("bishkek", "г. Бишкек"),
                ("osh-city", "г. Ош"),
                ("issyk-kul", "Иссык-Кульская область"),
            ]
        ):
            region, _ = Region.objects.get_or_create(
                slug=slug, defaults={"name": name, "order": order}
            )
            regions.append(region)
    return regions


def load_applications(*, calls: tuple[Call, Call], people: dict) -> list[Application]:
    """Draft and submitted applications, alone and in pairs, on both calls. Idempotent.

    The demo members own coalitions (coalitions.demo): member@ the civic «За прозрачный
    бюджет», partner@ the economic «Союз фермеров Чуйской долины»; the two form a confirmed
    pair on both calls, and their pair application on the open call is a draft.
    """
    # The demo coalitions, their owners and confirmed pairs come from coalitions.demo.
    del people
    archive, current = calls
    by_name = {c.name: c for c in Coalition.objects.all()}
    regions = _region_choice()
    created = []
    for which, lead_name, partner_name, status, answers in DEMO_APPLICATIONS:
        call = current if which == "current" else archive
        lead = by_name[lead_name]
        partner = by_name.get(partner_name) if partner_name else None
        application = _application(call, lead, partner, status, answers)
        if status == Application.Status.SUBMITTED:
            _fill_lists(application, regions)
            if application.status == Application.Status.DRAFT:
                # Sent two days before the deadline: the one lifecycle records the move at
                # that moment (a past call's deadline has passed, so no e-mail and no
                # deadline check: the submission service is for today's coalitions).
                move(
                    application,
                    Application.Status.SUBMITTED,
                    by=None,
                    note="демо",
                    at=application.submitted_at,
                )
        created.append(application)
    return created


def _application(call, lead, partner, status, answers) -> Application:
    """The application's answers (a draft until it is moved to submitted)."""
    partnership = None
    if partner is not None:
        partnership = Partnership.objects.get(
            call=call, inviter=lead, invitee=partner, status=Partnership.Status.CONFIRMED
        )
    fields = {**FULL_ANSWERS, **answers} if status == Application.Status.SUBMITTED else answers
    fields = dict(fields)
    topics = fields.pop("_topics", [3, 4, 6])
    columns = {k: fields.pop(k) for k in ("idea_title", "consent_personal_data") if k in fields}
    version = ensure_version(call, Form.Kind.APPLICATION)
    submitted_at = call.application_deadline - dt.timedelta(days=2)
    submitted = status == Application.Status.SUBMITTED
    application, _created = Application.objects.update_or_create(
        call=call,
        coalition=lead,
        defaults={
            **columns,
            "form_version": version,
            "answers": fields,
            "partner": partner,
            "partnership": partnership,
            "partner_confirmed_at": submitted_at if partner else None,
            "version": 1 if submitted else 0,
            "submitted_at": submitted_at if submitted else None,
            "consent_at": submitted_at if columns.get("consent_personal_data") else None,
        },
    )
    if submitted:
        freeze(version)
        application.priorities.set(call.priorities.all()[:2])
        application.key_topics.set(call.key_topics.filter(number__in=topics))
    return application


def _fill_lists(application: Application, regions: list) -> None:
    """The regions, joint organisations and proposed attendee of a sent application."""
    lead, partner = application.coalition, application.partner
    application.regions.set(regions[:2])
    if not application.joint_organisations.exists():
        application.joint_organisations.create(
            position=0, name=lead.name, sector=JointOrganisation.Sector.CIVIC
        )
        application.joint_organisations.create(
            position=1,
            name=partner.name if partner else "Ассоциация малого бизнеса Нарына",
            sector=JointOrganisation.Sector.BUSINESS,
        )
    if not application.attendees.exists():
        application.attendees.create(
            full_name="Жылдыз Абдыкадырова",
            job_title="координатор",
            organisation=lead.name,
            email="jyldyz@example.kg",
            phone="+996 555 010 203",
        )

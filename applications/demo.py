"""The 2022 call of the programme, as data taken from ``shared/seed/call-2022.ru.txt``.

``load_calls`` creates it with its real dates (closed: the record of the 2022 run) and
the same call re-run in a later year, open for applications, so that the demo can be
tried today. Both are plain rows staff could have typed in the admin.
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from calls.models import Call, KeyTopic, Priority

from .demo_texts import TEXTS, load_faq
from .models import Application, ApplicationStatusChange, JointOrganisation

BISHKEK = ZoneInfo("Asia/Bishkek")

CALL_2022 = {
    "slug": "eged-2022",
    "title": "Практикум и поддержка адвокационных кампаний коалиций ОГО",
    "title_ky": "Жарандык коом уюмдарынын коалицияларынын адвокациялык кампанияларын колдоо "
    "жана практикум",
    "title_en": "Workshop and support for advocacy campaigns of CSO coalitions",
    "programme": "Программа «Эффективное управление для экономического развития (EGED)», "
    "компонент 2 «Гражданское общество за подотчетность»",
    "programme_ky": "«Экономикалык өнүгүү үчүн натыйжалуу башкаруу (EGED)» программасы, "
    "2-компонент «Отчеттуулук үчүн жарандык коом»",
    "programme_en": "Effective Governance for Economic Development (EGED) programme, "
    "component 2 “Civil society for accountability”",
    "summary": "Коалиции ОГО приглашаются к участию в программе разработки и поддержки "
    "адвокационных кампаний (для защиты прав и продвижения общественных интересов). "
    "Устойчивое и инклюзивное развитие регионов. Использование данных в адвокации.",
    "summary_ky": "ЖКУ коалициялары адвокациялык кампанияларды иштеп чыгуу жана колдоо "
    "программасына катышууга чакырылат. Региондордун туруктуу жана инклюзивдүү өнүгүүсү. "
    "Адвокацияда маалыматтарды колдонуу.",
    "summary_en": "CSO coalitions are invited to a programme that develops and supports "
    "advocacy campaigns for rights and the public interest: sustainable and inclusive "
    "regional development, and the use of data in advocacy.",
    "description": (
        "В Кыргызстане активно работают два типа Коалиций организаций гражданского общества: "
        "общественные Коалиции, объединяющие в себе НКО и граждан, так называемые "
        "«Гражданские» Коалиции, и «Экономические» Коалиции, объединяющие в себе "
        "представителей бизнес-ассоциаций и предпринимателей. Совместные усилия Гражданских "
        "и Экономических Коалиций на основе общих интересов повысят взаимное доверие и "
        "помогут достичь больших результатов, чем работа поодиночке!\n\n"
        "5-дневный комплексный рабочий семинар-практикум для сетевых объединений "
        "гражданского общества (коалиции, ассоциации, союзы, платформы и др.). Участники "
        "проработают совместные идеи для общественных адвокационных кампаний, определят, "
        "какие данные необходимы, чтобы сделать кампании убедительными, и разработают "
        "совместный план действий. Лучшие кампании получат ресурсы для реализации: "
        "ИПР окажет техническую поддержку 4–6 коалициям ОГО на общую сумму примерно "
        "870 000 сомов — в форме найма эксперта, закупки материалов, расходов на "
        "мероприятия и др. Институциональные расходы организаций не будут поддержаны."
    ),
    "description_en": (
        "Kyrgyzstan has two kinds of CSO coalitions: civic coalitions of NGOs and citizens, "
        "and economic coalitions of business associations and entrepreneurs. A five-day "
        "workshop helps them develop joint, data-driven advocacy campaigns; the best "
        "campaigns receive technical support from DPI: 4–6 coalitions, about 870,000 KGS "
        "in total, as experts, materials, event costs and similar. Institutional costs of "
        "organisations are not supported."
    ),
    "requirements": (
        "Принять участие смогут организации и коалиции организаций гражданского общества, "
        "представляющие гражданский и экономический секторы, которые готовы объединять "
        "усилия для продвижения общественных интересов и прав. Преимущество при отборе "
        "получат «пары», включающие «Гражданскую» и «Экономическую» коалиции, однако заявки "
        "могут подавать и коалиции без «пары». Отбор — на конкурсной основе согласно "
        "заполненной регистрационной форме.\n\n"
        "Идея адвокационной кампании должна отражать общественные интересы и предполагать "
        "совместную работу не менее 2 организаций гражданского общества из бизнеса и "
        "гражданского секторов; срок реализации кампаний — до конца декабря."
    ),
    "requirements_en": (
        "Open to civil-society organisations and coalitions of the civic and economic "
        "sectors ready to join forces for the public interest. Pairs of a civic and an "
        "economic coalition are preferred; coalitions without a pair may apply. Selection "
        "is competitive, from the registration form. The campaign idea must serve the "
        "public interest and involve at least two CSOs from the business and civic "
        "sectors; campaigns must be implemented by the end of December."
    ),
    "funders": "Проект реализуется при финансовой поддержке Правительства Великобритании "
    "в сотрудничестве с ACTED (при участии ИПР).",
    "funders_en": "Funded by the UK Government, in cooperation with ACTED, with DPI.",
    # The seed's link, passcode included: without it Zoom asks for one nobody was given.
    "info_session_link": "https://us02web.zoom.us/j/81087235181"
    "?pwd=RWJJdlNaYU5URE9BUDFZbVNPN3FpQT09",
    "info_session_format": Call.SessionFormat.BOTH,  # «онлайн/оффлайн»
    "info_session_venue": "Бишкек, офис ИПР",
    "info_session_venue_ky": "Бишкек, ӨСИнин кеңсеси",
    "info_session_venue_en": "Bishkek, DPI office",
    "workshop_venue": "",
    # «(предварительно)» in the seed's calendar
    "workshop_dates_tentative": True,
    "support_deadline_tentative": True,
    "selection_tentative": True,
    **TEXTS,
    "budget": Decimal("870000.00"),
    "min_awards": 4,
    "max_awards": 6,
    "contact_name": "Алтынай Бузурманкулова",
    "contact_email": "abuzurmankulova@dpi.kg",
}

PRIORITIES = [
    (
        "Устойчивое и инклюзивное развитие регионов",
        "Региондордун туруктуу жана инклюзивдүү өнүгүүсү",
        "Sustainable and inclusive development of regions",
    ),
    (
        "Создание возможностей для экономического развития социально уязвимых групп населения",
        "Социалдык аялуу топтордун экономикалык өнүгүүсү үчүн мүмкүнчүлүктөрдү түзүү",
        "Economic opportunities for socially vulnerable groups",
    ),
    (
        "Использование данных (data) и инновационных подходов в рамках адвокационных кампаний",
        "Адвокациялык кампанияларда маалыматтарды (data) жана инновациялык ыкмаларды колдонуу",
        "Use of data and innovative approaches in advocacy campaigns",
    ),
]

KEY_TOPICS = [
    (
        "Создание и усиление коалиций ОГО",
        "ЖКУ коалицияларын түзүү жана чыңдоо",
        "Creating and strengthening CSO coalitions",
    ),
    (
        "Поиск и анализ совместных интересов для проведения адвокационных кампаний",
        "Адвокациялык кампаниялар үчүн жалпы кызыкчылыктарды издөө жана талдоо",
        "Finding and analysing joint interests for advocacy campaigns",
    ),
    (
        "Сбор данных и планирование адвокационных кампаний, основанных на данных",
        "Маалымат чогултуу жана маалыматка негизделген кампанияларды пландоо",
        "Data collection and planning data-driven advocacy campaigns",
    ),
    (
        "Мобилизация ресурсов для общественных адвокационных кампаний",
        "Коомдук адвокациялык кампаниялар үчүн ресурстарды мобилизациялоо",
        "Resource mobilisation for public advocacy campaigns",
    ),
    (
        "Подотчетность коалиций ОГО",
        "ЖКУ коалицияларынын отчеттуулугу",
        "Accountability of CSO coalitions",
    ),
    (
        "Примеры и практики успешных адвокационных кампаний из первых уст",
        "Ийгиликтүү адвокациялык кампаниялардын мисалдары биринчи колдон",
        "Successful advocacy campaigns first-hand",
    ),
    (
        "Финансовое управление коалиций",
        "Коалицияларды каржылык башкаруу",
        "Financial management of coalitions",
    ),
]


def _at(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0):
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=BISHKEK)


def _weeks_since_2022(year: int) -> dt.timedelta:
    """Whole weeks from 2022 to ``year`` (the nearest to a whole number of years): a date
    moved by them falls on the same weekday as in 2022, within four days of the same date."""
    days = (dt.date(year, 5, 16) - dt.date(2022, 5, 16)).days
    return dt.timedelta(weeks=round(days / 7))


def timeline_for(year: int) -> dict:
    """The 2022 calendar of the call, moved to ``year`` by whole weeks: the information
    session stays on a Monday, the deadline on a Wednesday, the workshop Monday–Friday."""
    shift = _weeks_since_2022(year)
    timeline = {
        "info_session_at": _at(2022, 5, 16, 10, 0) + shift,
        "application_deadline": _at(2022, 5, 25, 23, 59, 59) + shift,
        "workshop_start": dt.date(2022, 6, 13) + shift,
        "workshop_end": dt.date(2022, 6, 17) + shift,
        "support_deadline": _at(2022, 6, 30, 23, 59, 59) + shift,
        "selection_start": dt.date(2022, 7, 1) + shift,
        "selection_end": dt.date(2022, 7, 29) + shift,
        # Campaigns run «до конца декабря»: the end of the year, whatever its weekday.
        "implementation_end": dt.date(year, 12, 31),
    }
    if year == 2022:
        timeline["selection_end"] = dt.date(2022, 7, 30)  # the seed's own date (a Saturday)
    return timeline


def _save_call(*, slug: str, year: int, status: str, title_suffix: str = "") -> Call:
    fields = {**CALL_2022, **timeline_for(year), "status": status}
    fields.pop("slug")
    for name in ("title", "title_ky", "title_en"):
        fields[name] = f"{fields[name]}{title_suffix}"
    call, _ = Call.objects.update_or_create(slug=slug, defaults=fields)
    for number, (ru, ky, en) in enumerate(PRIORITIES, start=1):
        Priority.objects.update_or_create(
            call=call, number=number, defaults={"title": ru, "title_ky": ky, "title_en": en}
        )
    for number, (ru, ky, en) in enumerate(KEY_TOPICS, start=1):
        KeyTopic.objects.update_or_create(
            call=call, number=number, defaults={"title": ru, "title_ky": ky, "title_en": en}
        )
    load_faq(call)
    return call


def next_open_year(now: dt.datetime | None = None) -> int:
    """The first year whose deadline (23:59:59 in Bishkek on its day) has not passed yet:
    on deadline day itself the call of that year is still open."""
    now = now or timezone.now()
    year = timezone.localtime(now, BISHKEK).year
    return year if now <= timeline_for(year)["application_deadline"] else year + 1


def load_calls() -> tuple[Call, Call]:
    archive = _save_call(
        slug="eged-2022", year=2022, status=Call.Status.CLOSED, title_suffix=" — 2022"
    )
    year = next_open_year()
    current = _save_call(
        slug=f"eged-{year}", year=year, status=Call.Status.OPEN, title_suffix=f" — {year}"
    )
    return archive, current


# --- Demo applications -----------------------------------------------------------------

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
    from coalitions.models import Region

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
    from coalitions.models import Coalition, Partnership

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
        partnership = None
        if partner is not None:
            partnership = Partnership.objects.get(
                call=call, inviter=lead, invitee=partner, status=Partnership.Status.CONFIRMED
            )
        fields = {**FULL_ANSWERS, **answers} if status == Application.Status.SUBMITTED else answers
        fields = dict(fields)
        topics = fields.pop("_topics", [3, 4, 6])
        submitted_at = call.application_deadline - dt.timedelta(days=2)
        application, _created = Application.objects.update_or_create(
            call=call,
            coalition=lead,
            defaults={
                **fields,
                "partner": partner,
                "partnership": partnership,
                "partner_confirmed_at": submitted_at if partner else None,
                "status": status,
                "version": 1 if status == Application.Status.SUBMITTED else 0,
                "submitted_at": submitted_at if status == Application.Status.SUBMITTED else None,
                "consent_at": submitted_at if fields.get("consent_personal_data") else None,
            },
        )
        if status == Application.Status.SUBMITTED:
            application.priorities.set(call.priorities.all()[:2])
            application.key_topics.set(call.key_topics.filter(number__in=topics))
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
            if not application.status_changes.exists():
                ApplicationStatusChange.objects.create(
                    application=application,
                    from_status=Application.Status.DRAFT,
                    to_status=Application.Status.SUBMITTED,
                    at=submitted_at,
                    by=None,
                    note="демо",
                )
        created.append(application)
    return created


CRITERIA = [
    # (name, name_en, max points, weight, guidance)
    (
        "Общественный интерес",
        "Public interest",
        10,
        "1.5",
        "Идея отражает общественные интересы, а не интересы одной организации.",
    ),
    (
        "Реальное сотрудничество гражданского и бизнес-секторов (не менее двух ОГО)",
        "Real civic–business cooperation (at least two CSOs)",
        10,
        "1.5",
        "Не менее двух организаций, из гражданского и бизнес-сектора, с понятными ролями.",
    ),
    (
        "Устойчивое и инклюзивное развитие регионов",
        "Sustainable and inclusive regional development",
        10,
        "1",
        "",
    ),
    (
        "Экономические возможности для уязвимых групп",
        "Economic opportunities for vulnerable groups",
        10,
        "1",
        "",
    ),
    (
        "Использование данных и инновационных подходов",
        "Use of data and innovative approaches",
        10,
        "1",
        "Какие данные есть, какие будут собраны и как они сделают кампанию убедительной.",
    ),
    ("Реализуемость до конца декабря", "Feasibility by the end of December", 10, "1", ""),
    ("Потенциал коалиции", "Coalition capacity", 10, "0.5", ""),
]

# Demo reviews of the 2022 call: (idea title or coalition, [(reviewer key, points)])
DEMO_SCORES = {
    "Честные закупки для фермеров Чуйской долины": [
        ("reviewer", [9, 9, 8, 7, 8, 8, 7]),
        ("reviewer2", [8, 9, 7, 8, 9, 7, 8]),
    ],
    "Гражданская платформа «Нарын Данные»": [
        ("reviewer", [6, 4, 7, 5, 9, 6, 6]),
        ("reviewer3", [7, 5, 6, 5, 8, 7, 5]),
    ],
}
_SELECTED_2022 = [
    ("Сеть «Инклюзивный Ош»", [8, 8, 9, 9, 7, 8, 8], [9, 7, 9, 8, 7, 8, 7]),
    (
        "Налоговые льготы для сельских предпринимательниц",
        [7, 8, 8, 9, 6, 8, 7],
        [8, 7, 8, 8, 7, 7, 7],
    ),
    ("Открытые данные мэрии Бишкека", [8, 7, 7, 6, 10, 8, 8], [8, 6, 7, 6, 9, 9, 8]),
    ("Прозрачный туристический сбор Иссык-Куля", [8, 8, 8, 6, 8, 7, 7], [7, 8, 7, 6, 8, 8, 6]),
]
for _key, _first, _second in _SELECTED_2022:
    DEMO_SCORES[_key] = [("reviewer2", _first), ("reviewer3", _second)]
DEMO_DECISIONS = {
    **{key: Application.Status.SELECTED for key, *_scores in _SELECTED_2022},
    "Честные закупки для фермеров Чуйской долины": Application.Status.SELECTED,
    "Гражданская платформа «Нарын Данные»": Application.Status.RESERVE,
}


def load_review(*, calls: tuple[Call, Call], people: dict) -> None:
    """Criteria for both calls; reviews, scores and decisions on the 2022 call. Idempotent."""
    from decimal import Decimal

    from calls.models import Criterion, Stage
    from reviews import services as review
    from reviews.models import ReviewAssignment, Score

    from .models import ApplicationStatusChange

    archive, current = calls
    for call in calls:
        for number, (name, name_en, max_points, weight, guidance) in enumerate(CRITERIA, 1):
            Criterion.objects.update_or_create(
                call=call,
                stage=Stage.WORKSHOP,
                number=number,
                defaults={
                    "name": name,
                    "name_en": name_en,
                    "max_points": max_points,
                    "weight": Decimal(weight),
                    "guidance": guidance,
                },
            )
        if call.workshop_capacity is None:
            Call.objects.filter(pk=call.pk).update(workshop_capacity=12)
    criteria = list(review.criteria_for(call=archive, stage=Stage.WORKSHOP))
    staff = people.get("staff")
    for application in Application.objects.filter(call=archive).select_related("coalition"):
        key = application.idea_title if application.idea_title in DEMO_SCORES else None
        key = key or (
            application.coalition.name if application.coalition.name in DEMO_SCORES else None
        )
        if key is None:
            continue
        for reviewer_key, points in DEMO_SCORES[key]:
            reviewer = people[reviewer_key]
            assignment, _created = ReviewAssignment.objects.get_or_create(
                content_type=review.content_type_of(application),
                object_id=application.pk,
                reviewer=reviewer,
                defaults={"call": archive, "stage": Stage.WORKSHOP, "assigned_by": staff},
            )
            for criterion, value in zip(criteria, points, strict=True):
                Score.objects.update_or_create(
                    assignment=assignment, criterion=criterion, defaults={"points": value}
                )
            ReviewAssignment.objects.filter(pk=assignment.pk).update(
                status=ReviewAssignment.Status.SUBMITTED,
                recommendation=ReviewAssignment.Recommendation.SUPPORT,
                submitted_at=archive.application_deadline + dt.timedelta(days=5),
            )
        review.refresh_tallies(Application, [application.pk])  # scores written directly
        decision = DEMO_DECISIONS[key]
        if not application.status_changes.filter(to_status=decision).exists():
            # Recorded as staff decided in 2022 (the e-mails of that time are not re-sent).
            ApplicationStatusChange.objects.create(
                application=application,
                from_status=application.status,
                to_status=decision,
                by=staff,
                at=archive.application_deadline + dt.timedelta(days=10),
                note="демо",
            )
        Application.objects.filter(pk=application.pk).update(status=decision)
    if not ReviewAssignment.objects.filter(call=current).exists():
        submitted = Application.objects.filter(call=current, status=Application.Status.SUBMITTED)
        review.auto_assign_reviewers(
            reviewed_items=submitted,
            per_item=2,
            reviewers=[people["reviewer"], people["reviewer2"], people["reviewer3"]],
            stage=Stage.WORKSHOP,
            by=staff,
        )

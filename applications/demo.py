"""The 2022 call of the programme, as data taken from ``shared/seed/call-2022.ru.txt``.

``load_calls`` creates it with its real dates (closed: the record of the 2022 run) and
the same call re-run in a later year, open for applications, so that the demo can be
tried today. Both are plain rows staff could have typed in the admin.
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from calls.form_seeds import build_2022_forms
from calls.models import Call, KeyTopic, Priority

from .demo_texts import TEXTS, load_faq

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
    for call in (archive, current):
        build_2022_forms(call)  # both ask the 2022 questions (kept if staff changed them)
    return archive, current

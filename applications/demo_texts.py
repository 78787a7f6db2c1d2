"""The demo call's texts in Kyrgyz and English, its notes and its questions and answers.

The Russian texts are the seed's (``shared/seed/call-2022.ru.txt``); every text the call
page shows has its Kyrgyz and English version here, as staff would type them in the admin.
"""

import datetime as dt

from django.utils import timezone

from calls.models import Call, FaqEntry

TEXTS = {
    "description_ky": (
        "Кыргызстанда жарандык коом уюмдарынын коалицияларынын эки түрү активдүү иштейт: "
        "КЭУларды жана жарандарды бириктирген коомдук, же «Жарандык» коалициялар, жана "
        "бизнес-ассоциациялардын өкүлдөрүн жана ишкерлерди бириктирген «Экономикалык» "
        "коалициялар. Жалпы кызыкчылыктардын негизинде Жарандык жана Экономикалык "
        "коалициялардын биргелешкен аракеттери өз ара ишенимди бекемдейт жана жалгыз "
        "иштегенге караганда чоң натыйжаларга жетүүгө жардам берет!\n\n"
        "Жарандык коомдун тармактык бирикмелери (коалициялар, ассоциациялар, союздар, "
        "платформалар ж.б.) үчүн 5 күндүк комплекстүү семинар-практикум. Катышуучулар "
        "коомдук адвокациялык кампаниялар боюнча биргелешкен идеяларды иштеп чыгышат, "
        "кампанияларды ынанымдуу кылуу үчүн кандай маалыматтар керек экенин аныкташат жана "
        "биргелешкен иш-аракеттер планын түзүшөт. Эң мыкты кампаниялар ишке ашыруу үчүн "
        "ресурстарды алышат: ӨСИ 4–6 ЖКУ коалициясына жалпысынан болжол менен 870 000 сом "
        "өлчөмүндө техникалык колдоо көрсөтөт — эксперт жалдоо, материалдарды сатып алуу, "
        "иш-чараларга чыгашалар ж.б. түрүндө. Уюмдардын институционалдык чыгашалары "
        "колдоого алынбайт."
    ),
    "requirements_ky": (
        "Жарандык жана экономикалык секторлордун өкүлү болгон, коомдук кызыкчылыктарды жана "
        "укуктарды илгерилетүү үчүн күч бириктирүүгө даяр жарандык коом уюмдары жана "
        "алардын коалициялары катыша алышат. Тандоодо «Жарандык» жана «Экономикалык» "
        "коалициялардан турган «жуптар» артыкчылыкка ээ болот, бирок «жубу» жок "
        "коалициялар да арыз бере алышат. Тандоо толтурулган каттоо формасынын негизинде "
        "сынак түрүндө өткөрүлөт.\n\n"
        "Адвокациялык кампаниянын идеясы коомдук кызыкчылыктарды чагылдырышы жана бизнес "
        "жана жарандык секторлордон кеминде 2 жарандык коом уюмунун биргелешкен ишин "
        "болжолдошу керек; кампаниялар декабрдын аягына чейин ишке ашырылат."
    ),
    "funders_ky": "Долбоор Улуу Британиянын Өкмөтүнүн каржылык колдоосу менен, ACTED менен "
    "кызматташтыкта (ӨСИнин катышуусу менен) ишке ашырылат.",
    "workshop_note": "Даты и место проведения семинара будут уточнены дополнительно. Всем "
    "отобранным участникам будет представлена предварительная программа рабочего семинара.",
    "workshop_note_ky": "Семинардын даталары жана өтүүчү жери кошумча такталат. Бардык "
    "тандалган катышуучуларга семинардын алдын ала программасы берилет.",
    "workshop_note_en": "The workshop's dates and venue will be confirmed later. Every "
    "selected participant will receive a draft programme of the workshop.",
}

_MONTHS_RU = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
_MONTHS_KY = "январы февралы марты апрели майы июну июлу августу сентябры октябры ноябры декабры"
_MONTHS_EN = "January February March April May June July August September October November December"


def _dates(moment: dt.datetime) -> tuple[str, str, str]:
    """A deadline in Russian, Kyrgyz and English, in Bishkek time."""
    day = timezone.localtime(moment)
    month = day.month - 1
    return (
        f"{day.day} {_MONTHS_RU.split()[month]} {day.year} г., {day:%H:%M}",
        f"{day.year}-жылдын {day.day}-{_MONTHS_KY.split()[month]}, саат {day:%H:%M}",
        f"{day.day} {_MONTHS_EN.split()[month]} {day.year}, {day:%H:%M}",
    )


# The questions whose answers do not depend on the call's dates or contacts.
FIXED_FAQ = [
    (
        "Кто может подать заявку?",
        "Ким арыз бере алат?",
        "Who may apply?",
        "Организации и коалиции организаций гражданского общества (коалиции, ассоциации, "
        "союзы, платформы) гражданского и экономического секторов, готовые объединять "
        "усилия для продвижения общественных интересов и прав.",
        "Коомдук кызыкчылыктарды жана укуктарды илгерилетүү үчүн күч бириктирүүгө даяр "
        "жарандык жана экономикалык секторлордун жарандык коом уюмдары жана алардын "
        "коалициялары (коалициялар, ассоциациялар, союздар, платформалар).",
        "Civil-society organisations and their coalitions (coalitions, associations, "
        "unions, platforms) of the civic and economic sectors, ready to join forces for "
        "the public interest and rights.",
    ),
    (
        "Нужна ли «пара»?",
        "«Жуп» сөзсүз керекпи?",
        "Do we need a pair?",
        "Преимущество при отборе получат «пары» из «Гражданской» и «Экономической» "
        "коалиций, но коалиции без «пары» тоже могут подать заявку. Партнёра можно найти "
        "на портале: в кабинете коалиции есть поиск партнёра.",
        "Тандоодо «Жарандык» жана «Экономикалык» коалициялардан турган «жуптар» "
        "артыкчылыкка ээ болот, бирок «жубу» жок коалициялар да арыз бере алышат. "
        "Өнөктөштү порталдан табууга болот: коалициянын кабинетинде өнөктөш издөө бар.",
        "Pairs of a civic and an economic coalition are preferred, but coalitions without "
        "a pair may apply too. Find a partner on the portal: your coalition's dashboard "
        "has a partner search.",
    ),
    (
        "Что поддерживается?",
        "Эмне колдоого алынат?",
        "What is supported?",
        "Техническая поддержка адвокационных кампаний: менторство, экспертная поддержка, "
        "ключевые мероприятия кампании — в форме найма эксперта, закупки материалов, "
        "расходов на мероприятия и др. Всего 4–6 коалиций на сумму около 870 000 сомов.",
        "Адвокациялык кампанияларга техникалык колдоо: менторлук, эксперттик колдоо, "
        "кампаниянын негизги иш-чаралары — эксперт жалдоо, материалдарды сатып алуу, "
        "иш-чараларга чыгашалар ж.б. түрүндө. Баары болуп 4–6 коалиция, жалпы суммасы "
        "болжол менен 870 000 сом.",
        "Technical support for advocacy campaigns: mentoring, expert support and the "
        "campaign's key events — as hiring an expert, buying materials, event costs and "
        "similar. 4–6 coalitions, about 870,000 KGS in total.",
    ),
    (
        "Покрываются ли институциональные расходы организации?",
        "Уюмдун институционалдык чыгашалары каржыланабы?",
        "Are an organisation's institutional costs covered?",
        "Нет. Институциональные расходы организаций (зарплата штатных сотрудников, аренда "
        "и содержание офиса, оборудование для организации) не поддерживаются. "
        "Семинар-практикум включает темы финансового управления.",
        "Жок. Уюмдардын институционалдык чыгашалары (штаттык кызматкерлердин эмгек акысы, "
        "кеңсенин ижарасы жана аны күтүү, уюм үчүн жабдуулар) колдоого алынбайт. "
        "Семинар-практикумда каржылык башкаруу темалары да каралат.",
        "No. Institutional costs of organisations (salaries of permanent staff, office "
        "rent and running costs, equipment for the organisation) are not supported. The "
        "workshop covers financial management.",
    ),
]


def faq_for(call: Call) -> list[tuple[str, str, str, str, str, str]]:
    """(question ru, ky, en, answer ru, ky, en) for the questions the call answers."""
    ru_date, ky_date, en_date = _dates(call.application_deadline)
    email, name = call.contact_email, call.contact_name
    return [
        *FIXED_FAQ,
        (
            "До какого срока принимаются заявки?",
            "Арыздар качанга чейин кабыл алынат?",
            "What is the deadline?",
            f"До {ru_date} по времени Бишкека. Заявка подаётся на этом портале; черновик "
            "можно сохранять и дополнять до срока.",
            f"{ky_date} (Бишкек убактысы) чейин. Арыз ушул порталда берилет; долбоорду "
            "мөөнөткө чейин сактап, толуктай берсеңиз болот.",
            f"Until {en_date} Bishkek time. Apply on this portal; you can save a draft and "
            "complete it until the deadline.",
        ),
        (
            "Куда писать с вопросами?",
            "Суроолор боюнча кимге кайрылсам болот?",
            "Whom do I ask?",
            f"Пишите по адресу {email} ({name}).",
            f"{email} дарегине жазыңыз ({name}).",
            f"Write to {email} ({name}).",
        ),
    ]


def load_faq(call: Call) -> None:
    """The call's questions and answers, replaced as a whole (idempotent)."""
    entries = faq_for(call)
    for order, (q_ru, q_ky, q_en, a_ru, a_ky, a_en) in enumerate(entries, start=1):
        FaqEntry.objects.update_or_create(
            call=call,
            order=order,
            defaults={
                "question": q_ru,
                "question_ky": q_ky,
                "question_en": q_en,
                "answer": a_ru,
                "answer_ky": a_ky,
                "answer_en": a_en,
            },
        )
    FaqEntry.objects.filter(call=call, order__gt=len(entries)).delete()

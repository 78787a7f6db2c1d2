"""A sensible set of reminder rules for a call, as staff would type them in the admin."""

from .models import ReminderRule

DRAFT_REMINDER = {
    "name": "Черновик заявки: крайний срок",
    "date": "application_deadline",
    "audience": "draft_applications",
    "offsets": "-7, -3, -1, 0",
    "essential": True,
    "subject": "Заявка не отправлена: крайний срок {deadline}",
    "subject_ky": "Арыз жөнөтүлө элек: акыркы мөөнөт {deadline}",
    "subject_en": "Your application is not submitted yet: deadline {deadline}",
    "body": (
        "Здравствуйте, {name}!\n\n"
        "Заявка «{about}» на конкурс «{call}» ещё не отправлена — это пока черновик. "
        "Крайний срок приёма заявок: {deadline}.\n\n"
        "Заполните недостающие ответы и нажмите «Отправить заявку» — заявка откроется по "
        "ссылке ниже."
    ),
    "body_ky": (
        "Саламатсызбы, {name}!\n\n"
        "«{call}» сынагына «{about}» арызы али жөнөтүлө элек — бул азырынча каралама. "
        "Арыздарды кабыл алуунун акыркы мөөнөтү: {deadline}.\n\n"
        "Жетишпеген жоопторду толтуруп, «Арызды жөнөтүү» баскычын басыңыз — арыз төмөнкү "
        "шилтеме боюнча ачылат."
    ),
    "body_en": (
        "Hello {name},\n\n"
        "The application “{about}” to the call “{call}” has not been submitted yet — it is "
        "still a draft. The deadline is {deadline}.\n\n"
        "Complete the missing answers and press “Submit the application”; the link below "
        "opens it."
    ),
}

INFO_SESSION_REMINDER = {
    "name": "Информационная встреча: напоминание участникам",
    "date": "info_session_at",
    "audience": "info_session_registrants",
    "offsets": "-1, 0",
    "essential": False,
    "subject": "Информационная встреча по конкурсу: {date}",
    "subject_ky": "Сынак боюнча маалыматтык жолугушуу: {date}",
    "subject_en": "Information session of the call: {date}",
    "body": (
        "Здравствуйте, {name}!\n\n"
        "Напоминаем: информационная встреча по конкурсу «{call}» состоится {date}. "
        "Расскажем об условиях конкурса и ответим на вопросы.\n\n"
        "Ссылка для подключения или страница с местом встречи — ниже."
    ),
    "body_ky": (
        "Саламатсызбы, {name}!\n\n"
        "Эскертебиз: «{call}» сынагы боюнча маалыматтык жолугушуу {date} болот. "
        "Сынактын шарттары жөнүндө айтып, суроолоруңузга жооп беребиз.\n\n"
        "Кошулуу шилтемеси же жолугушуу өтүүчү жер көрсөтүлгөн барак — төмөндө."
    ),
    "body_en": (
        "Hello {name},\n\n"
        "A reminder: the information session of the call “{call}” takes place on {date}. "
        "We will explain the call and answer your questions.\n\n"
        "The link to join online, or the page with the venue, is below."
    ),
}


def _rule(name, date, audience, offsets, essential, subject, body):
    """A rule with its three languages: ``subject`` and ``body`` are (ru, ky, en)."""
    return {
        "name": name,
        "date": date,
        "audience": audience,
        "offsets": offsets,
        "essential": essential,
        "subject": subject[0],
        "subject_ky": subject[1],
        "subject_en": subject[2],
        "body": body[0],
        "body_ky": body[1],
        "body_en": body[2],
    }


LATER_RULES = [
    _rule(
        "Практикум: подтвердите участников",
        "attendee_confirmation_deadline",
        "selected_without_attendees",
        "-5, -2, 0",
        True,
        (
            "Подтвердите участников практикума до {deadline}",
            "Практикумдун катышуучуларын {deadline} чейин ырастаңыз",
            "Confirm your workshop participants by {deadline}",
        ),
        (
            "Здравствуйте, {name}!\n\nКоалиция «{about}» отобрана на практикум конкурса "
            "«{call}», но ещё не подтвердила участников. Укажите, кто поедет, и их нужды "
            "(проживание, питание, доступность) до {deadline} — по ссылке ниже.",
            "Саламатсызбы, {name}!\n\n«{about}» коалициясы «{call}» сынагынын практикумуна "
            "тандалды, бирок катышуучуларды али ырастай элек. Ким барарын жана алардын "
            "муктаждыктарын (жатакана, тамак-аш, жеткиликтүүлүк) {deadline} чейин төмөнкү "
            "шилтеме боюнча көрсөтүңүз.",
            "Hello {name},\n\nThe coalition “{about}” was selected for the workshop of the "
            "call “{call}” but has not confirmed its participants yet. Tell us who is coming "
            "and what they need (accommodation, meals, accessibility) by {deadline} — the "
            "link is below.",
        ),
    ),
    _rule(
        "Практикум: напоминание участникам",
        "workshop_start",
        "workshop_participants",
        "-3, -1",
        False,
        (
            "Практикум начинается {date}",
            "Практикум {date} башталат",
            "The workshop starts on {date}",
        ),
        (
            "Здравствуйте, {name}!\n\nНапоминаем: практикум конкурса «{call}» начинается "
            "{date}. Программа — по ссылке ниже.",
            "Саламатсызбы, {name}!\n\nЭскертебиз: «{call}» сынагынын практикуму {date} "
            "башталат. Программа — төмөнкү шилтемеде.",
            "Hello {name},\n\nA reminder: the workshop of the call “{call}” starts on {date}. "
            "The programme is at the link below.",
        ),
    ),
    _rule(
        "Техническая поддержка: подайте заявку",
        "support_deadline",
        "workshop_coalitions_without_support_application",
        "-7, -2, 0",
        True,
        (
            "Заявка на техническую поддержку: крайний срок {deadline}",
            "Техникалык колдоого арыз: акыркы мөөнөт {deadline}",
            "Technical support request: deadline {deadline}",
        ),
        (
            "Здравствуйте, {name}!\n\nКоалиция «{about}» участвовала в практикуме и может "
            "подать заявку на техническую поддержку кампании до {deadline}.",
            "Саламатсызбы, {name}!\n\n«{about}» коалициясы практикумга катышкан жана "
            "кампанияга техникалык колдоо алуу үчүн {deadline} чейин арыз бере алат.",
            "Hello {name},\n\nThe coalition “{about}” took part in the workshop and may "
            "request technical support for its campaign until {deadline}.",
        ),
    ),
    _rule(
        "Договор: подпишите и загрузите скан",
        "selection_end",
        "contracts_awaiting_signature",
        "-7, -3, 0",
        True,
        (
            "Договор ждёт вашей подписи",
            "Келишим колуңузду күтүүдө",
            "Your contract is waiting for your signature",
        ),
        (
            "Здравствуйте, {name}!\n\nДоговор {about} по конкурсу «{call}» отправлен вам на "
            "подпись. Подпишите его и загрузите скан в кабинете до {deadline}.",
            "Саламатсызбы, {name}!\n\n«{call}» сынагы боюнча {about} келишими колуңузга "
            "жөнөтүлдү. Ага кол коюп, сканын {deadline} чейин кабинетке жүктөңүз.",
            "Hello {name},\n\nThe contract {about} of the call “{call}” has been sent to you "
            "for signature. Please sign it and upload the scan in your account by {deadline}.",
        ),
    ),
    _rule(
        "Отчёт о кампании: срок сдачи",
        "report_due",
        "grantees_report_due",
        "-7, -1, 0, 3",
        True,
        (
            "Отчёт о кампании: срок {deadline}",
            "Кампания боюнча отчёт: мөөнөтү {deadline}",
            "Campaign report due {deadline}",
        ),
        (
            "Здравствуйте, {name}!\n\nОтчёт по кампании «{about}» нужно сдать до "
            "{deadline}. Заполните его на портале — черновик сохраняется сам.",
            "Саламатсызбы, {name}!\n\n«{about}» кампаниясы боюнча отчётту {deadline} чейин "
            "тапшыруу керек. Аны порталда толтуруңуз — каралама өзү сакталат.",
            "Hello {name},\n\nThe report on the campaign “{about}” is due by {deadline}. "
            "Fill it in on the portal — the draft saves itself.",
        ),
    ),
]

DEMO_RULES = [DRAFT_REMINDER, INFO_SESSION_REMINDER, *LATER_RULES]


def load_reminder_rules(*, calls) -> list[ReminderRule]:
    """The demo's rules for each call; loading again refreshes them, never duplicates."""
    rules = []
    for call in calls:
        for fields in DEMO_RULES:
            fields = dict(fields)
            rule, _created = ReminderRule.objects.update_or_create(
                call=call, name=fields.pop("name"), defaults=fields
            )
            rules.append(rule)
    return rules

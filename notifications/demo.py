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

DEMO_RULES = [DRAFT_REMINDER, INFO_SESSION_REMINDER]


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

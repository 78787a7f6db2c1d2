"""The 2022 workshop for the demo: the information session and the five-day practicum
with a programme covering the seven key topics, guest speakers, the participants of the
selected coalitions with their needs, attendance and certificates. Idempotent."""

import datetime as dt

from django.utils import timezone

from calls.models import Call

from . import services
from .models import Attendance, Certificate, Event, Participant, Session, Speaker

SPEAKERS = [
    # name, organisation, experience, topic, key topic number, status
    (
        "Динара Ошурахунова",
        "Коалиция за демократию и гражданское общество",
        "Руководила кампаниями против законопроекта об «иностранных агентах» (2016–2017).",
        "Как гражданская и бизнес-коалиции выиграли общую кампанию",
        6,
        Speaker.Status.CONFIRMED,
    ),
    (
        "Азамат Токтогулов",
        "Ассоциация налогоплательщиков",
        "Участник рабочей группы по Налоговому кодексу 2021–2022 гг.",
        "Налоговый кодекс: адвокация бизнеса на основе данных",
        6,
        Speaker.Status.CONFIRMED,
    ),
    (
        "Гульнара Жамгырчиева",
        "Независимый эксперт по открытым данным",
        "10 лет работы с открытыми бюджетами органов МСУ.",
        "Где брать данные для кампании и как их проверить",
        3,
        Speaker.Status.INVITED,
    ),
    (
        "Нурлан Садыков",
        "Бизнес-ассоциация JIA",
        "Эксперт по финансовому управлению некоммерческих организаций.",
        "Финансовое управление коалиции: бюджет, отчётность, аудит",
        7,
        Speaker.Status.PROPOSED,
    ),
]

# day (1-5), start, end, title, key topic number or None, room, speaker index or None,
# facilitator
PROGRAMME = [
    (1, "09:00", "09:30", "Регистрация, знакомство, ожидания", None, "Большой зал", None, "ИПР"),
    (1, "09:30", "11:00", "Межсекторное взаимодействие коалиций", 1, "Большой зал", None, "ИПР"),
    (
        1,
        "11:30",
        "13:00",
        "Гражданские и экономические коалиции: кто есть кто",
        1,
        "Большой зал",
        None,
        "ИПР",
    ),
    (
        1,
        "14:00",
        "16:00",
        "Поиск совместных интересов: работа в парах",
        2,
        "Большой зал",
        None,
        "ИПР",
    ),
    (1, "16:30", "18:00", "Карта заинтересованных сторон кампании", 2, "Малый зал", None, "ИПР"),
    (
        2,
        "09:00",
        "10:30",
        "Адвокационная кампания: цель, задачи, лица, принимающие решения",
        3,
        "Большой зал",
        None,
        "ИПР",
    ),
    (
        2,
        "11:00",
        "13:00",
        "План кампании: мероприятия, сроки, ресурсы",
        3,
        "Большой зал",
        None,
        "ИПР",
    ),
    (
        2,
        "14:00",
        "15:30",
        "Налоговый кодекс: адвокация бизнеса на основе данных",
        6,
        "Большой зал",
        1,
        "",
    ),
    (2, "16:00", "18:00", "Мобилизация ресурсов кампании", 4, "Малый зал", None, "ИПР"),
    (
        3,
        "09:00",
        "10:30",
        "Данные для кампании: какие нужны и где их взять",
        3,
        "Большой зал",
        2,
        "",
    ),
    (
        3,
        "11:00",
        "13:00",
        "Сбор данных: опросы, мониторинг, запросы информации",
        3,
        "Компьютерный класс",
        None,
        "ИПР",
    ),
    (
        3,
        "14:00",
        "16:00",
        "Визуализация данных для лиц, принимающих решения",
        3,
        "Компьютерный класс",
        None,
        "ИПР",
    ),
    (
        3,
        "16:30",
        "18:00",
        "Подотчётность коалиций перед членами и обществом",
        5,
        "Большой зал",
        None,
        "ИПР",
    ),
    (
        4,
        "09:00",
        "10:30",
        "Как гражданская и бизнес-коалиции выиграли общую кампанию",
        6,
        "Большой зал",
        0,
        "",
    ),
    (
        4,
        "11:00",
        "13:00",
        "Истории успеха: открытая дискуссия с гостями",
        6,
        "Большой зал",
        None,
        "ИПР",
    ),
    (
        4,
        "14:00",
        "16:00",
        "Финансовое управление коалиции: бюджет, отчётность, аудит",
        7,
        "Большой зал",
        3,
        "",
    ),
    (
        4,
        "16:30",
        "18:00",
        "Заявка на техническую поддержку: бюджет без институциональных расходов",
        7,
        "Малый зал",
        None,
        "ИПР",
    ),
    (5, "09:00", "11:00", "Доработка планов кампаний в парах", 3, "Большой зал", None, "ИПР"),
    (
        5,
        "11:30",
        "13:00",
        "Защита кампаний: презентации коалиций",
        3,
        "Большой зал",
        None,
        "Жюри ИПР",
    ),
    (5, "14:00", "15:00", "Подотчётность и отчётность по кампаниям", 5, "Большой зал", None, "ИПР"),
    (5, "15:00", "16:00", "Итоги, сертификаты, следующие шаги", None, "Большой зал", None, "ИПР"),
]

PEOPLE = [
    # name, job title, arriving from, nights (day indexes before which they stay), diet,
    # diet notes, accessibility, photo consent
    ("Жылдыз Абдыкадырова", "координатор", "г. Бишкек", [], "none", "", "", True),
    ("Эрлан Мамытов", "аналитик", "г. Кара-Балта", [0, 1, 2, 3, 4], "no_pork", "", "", True),
    ("Айпери Токтосунова", "юрист", "с. Беловодское", [0, 1, 2, 3, 4], "vegetarian", "", "", False),
    (
        "Бактыгуль Орозова",
        "председатель",
        "г. Ош",
        [0, 1, 2, 3, 4],
        "none",
        "",
        "Передвигается на коляске: нужен номер и зал без ступеней.",
        True,
    ),
    (
        "Марат Эсенов",
        "координатор проектов",
        "г. Ош",
        [0, 1, 2, 3, 4],
        "other",
        "без лактозы",
        "",
        True,
    ),
    ("Чолпон Жумабекова", "директор", "г. Джалал-Абад", [0, 1, 2, 3, 4], "none", "", "", True),
    ("Тимур Асанов", "руководитель ассоциации", "г. Бишкек", [], "none", "", "", True),
    ("Асель Касымова", "аналитик данных", "г. Бишкек", [], "vegan", "", "", True),
    (
        "Нургуль Бекова",
        "исполнительный директор",
        "г. Каракол",
        [0, 1, 2, 3, 4],
        "none",
        "",
        "Нужен крупный шрифт раздаточных материалов.",
        True,
    ),
    ("Руслан Иманалиев", "член правления", "г. Чолпон-Ата", [1, 2, 3], "none", "", "", True),
]

# Days each demo participant attended (by index in the list of participants).
ABSENCES = {2: [4], 6: [2, 3, 4], 9: [0]}


def _time(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def load_workshops(*, archive: Call, people: dict) -> dict:
    """The 2022 events with programme, speakers, participants, attendance, certificates."""
    Call.objects.filter(pk=archive.pk).update(
        attendees_per_coalition=3,
        attendee_confirmation_deadline=timezone.make_aware(
            dt.datetime.combine(archive.workshop_start - dt.timedelta(days=5), dt.time(18, 0))
        ),
    )
    archive.refresh_from_db()
    info, workshop = _events(archive)
    _programme(archive, workshop)
    _load_participants(workshop, people)
    return {"info_session": info, "workshop": workshop}


def _events(archive: Call) -> tuple[Event, Event]:
    """The information session and the workshop of the 2022 call."""
    info, _created = Event.objects.update_or_create(
        call=archive,
        kind=Event.Kind.INFO_SESSION,
        defaults={
            "title": "Информационная встреча по конкурсу",
            "title_ky": "Конкурс боюнча маалыматтык жолугушуу",
            "title_en": "Information session on the call",
            "starts_on": timezone.localtime(archive.info_session_at).date(),
            "ends_on": timezone.localtime(archive.info_session_at).date(),
            "day_starts_at": dt.time(10, 0),
            "day_ends_at": dt.time(12, 0),
            "online_link": archive.info_session_link or "https://zoom.us/j/0000000000",
            "venue": archive.info_session_venue,
        },
    )
    workshop, _created = Event.objects.update_or_create(
        call=archive,
        kind=Event.Kind.WORKSHOP,
        defaults={
            "title": "Семинар-практикум для коалиций",
            "title_ky": "Коалициялар үчүн семинар-практикум",
            "title_en": "Workshop for coalitions",
            "starts_on": archive.workshop_start,
            "ends_on": archive.workshop_end,
            "venue": "г. Бишкек, конференц-зал ИПР, ул. Токтогула, 125/1",
            "capacity": 30,
            "certificate_min_days": 4,
            "programme_published_at": timezone.make_aware(
                dt.datetime.combine(archive.workshop_start - dt.timedelta(days=10), dt.time(10))
            ),
        },
    )
    return info, workshop


def _programme(archive: Call, workshop: Event) -> None:
    """The speakers and the workshop's sessions, day by day."""
    topics = {topic.number: topic for topic in archive.key_topics.all()}
    speakers = []
    for name, organisation, experience, topic, number, status in SPEAKERS:
        speaker, _created = Speaker.objects.update_or_create(
            call=archive,
            name=name,
            defaults={
                "organisation": organisation,
                "experience": experience,
                "topic": topic,
                "key_topic": topics.get(number),
                "status": status,
                "contact": "",
            },
        )
        speakers.append(speaker)
    if not workshop.sessions.exists():
        for day, start, end, title, number, room, speaker, facilitator in PROGRAMME:
            Session.objects.create(
                event=workshop,
                day=workshop.starts_on + dt.timedelta(days=day - 1),
                starts_at=_time(start),
                ends_at=_time(end),
                title=title,
                room=room,
                key_topic=topics.get(number),
                speaker=speakers[speaker] if speaker is not None else None,
                facilitator=facilitator,
            )


def _load_participants(workshop: Event, people: dict) -> None:
    if workshop.participants.exists():
        return
    from coalitions.models import Coalition

    coalitions = list(
        Coalition.objects.filter(pk__in=services.selected_coalition_ids(workshop.call)).order_by(
            "name"
        )
    )
    staff = people.get("staff")
    member = people.get("member")
    for index, (name, job, town, nights, diet, notes, access, photo) in enumerate(PEOPLE):
        coalition = coalitions[index % len(coalitions)]
        participant = Participant.objects.create(
            event=workshop,
            coalition=coalition,
            full_name=name,
            job_title=job,
            organisation=coalition.name,
            email=f"participant{index + 1}@example.kg",
            phone=f"+996 555 100 {index + 1:03d}",
            arriving_from=town,
            nights=[workshop.nights[n].isoformat() for n in nights],
            diet=diet,
            diet_notes=notes,
            accessibility=access,
            photo_consent=photo,
            confirmed_by=member,
        )
        missed = ABSENCES.get(index, [])
        Attendance.objects.bulk_create(
            Attendance(participant=participant, day=day, present=True, marked_by=staff)
            for number, day in enumerate(workshop.days)
            if number not in missed
        )
    for participant in services.with_days_attended(workshop.participants.all()):
        if services.is_eligible(participant, attended=participant.days_attended):
            services.issue_certificate(participant, by=staff)
    # Handed out on the last afternoon of the workshop.
    Certificate.objects.filter(participant__event=workshop).update(
        issued_at=timezone.make_aware(dt.datetime.combine(workshop.ends_on, dt.time(16)))
    )

"""Demo review of the calls: the criteria of both, reviews, scores and decisions on the
2022 call, reviewers assigned on the open one. Idempotent.
"""

import datetime as dt
from decimal import Decimal

from calls.models import Call, Criterion, Stage
from core.lifecycle import move
from reviews import scores, services, tallies
from reviews.models import ReviewAssignment, Score

from .models import Application

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
    archive, current = calls
    for call in calls:
        _criteria(call)
    criteria = list(scores.criteria_for(call=archive, stage=Stage.WORKSHOP))
    staff = people.get("staff")
    for application in Application.objects.filter(call=archive).select_related("coalition"):
        key = application.idea_title if application.idea_title in DEMO_SCORES else None
        key = key or (
            application.coalition.name if application.coalition.name in DEMO_SCORES else None
        )
        if key is None:
            continue
        _scores(application, DEMO_SCORES[key], criteria, people, staff)
        decision = DEMO_DECISIONS[key]
        if application.status != decision:
            # Decided by staff in 2022, through the one lifecycle at that moment (the
            # e-mails of that time are not re-sent).
            move(
                application,
                decision,
                by=staff,
                note="демо",
                at=archive.application_deadline + dt.timedelta(days=10),
            )
    if not ReviewAssignment.objects.filter(call=current).exists():
        submitted = Application.objects.filter(call=current, status=Application.Status.SUBMITTED)
        services.auto_assign_reviewers(
            reviewed_items=submitted,
            per_item=2,
            reviewers=[people["reviewer"], people["reviewer2"], people["reviewer3"]],
            stage=Stage.WORKSHOP,
            by=staff,
        )


# The questions of the 2022 application form each criterion judges (by number).
CRITERION_QUESTIONS = {
    1: "problem, change_sought, decision_makers",
    4: "vulnerable_groups",
    5: "data_existing, data_to_collect, data_use",
    6: "expected_results",
    7: "experience",
}


def _criteria(call: Call) -> None:
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
                "questions": CRITERION_QUESTIONS.get(number, ""),
            },
        )
    if call.workshop_capacity is None:
        Call.objects.filter(pk=call.pk).update(workshop_capacity=12)


def _scores(application: Application, reviews: list, criteria: list, people: dict, staff):
    """The application's 2022 reviews, sent five days after the deadline."""
    archive = application.call
    for reviewer_key, points in reviews:
        assignment, _created = ReviewAssignment.objects.get_or_create(
            content_type=tallies.content_type_of(application),
            object_id=application.pk,
            reviewer=people[reviewer_key],
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
    tallies.refresh_tallies(Application, [application.pk])  # scores written directly

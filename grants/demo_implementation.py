"""Implementation for the demo's 2022 awards: spending with documents' details, a
reallocation, reports in every state, one grant closed, results published. Idempotent."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from core.lifecycle import move

from . import implementation
from .models import Award, Report, Spending

SUPPLIERS = {
    "expert": "ИП Жамгырчиева Г. (эксперт)",
    "materials": "ОсОО «Принт Экспресс»",
    "event": "Отель «Ак Кеме», конференц-зал",
    "mentoring": "ОФ «Центр адвокации»",
    "other": "ОсОО «Медиа Групп»",
}
# What each 2022 campaign achieved, as staff would write it for the public page.
SUMMARIES = {
    "Коалиция «За прозрачный бюджет»": "Коалиции добились публикации планов закупок для "
    "фермеров в айыл окмоту Чуйской области.",
    "Сеть «Инклюзивный Ош»": "Мэрия Оша утвердила стандарт доступности рынков; выделено 30 "
    "торговых мест.",
    "Бизнес-ассоциация «Женщины-предприниматели Юга»": "Минэкономики вынесло на обсуждение "
    "сезонный патент для малого агробизнеса.",
    "Ассоциация IT-компаний Бишкека": "Мэрия Бишкека опубликовала первые 12 наборов "
    "открытых данных.",
    "Ассоциация предпринимателей Иссык-Куля": "Областной кенеш впервые опубликовал отчёт о "
    "расходах туристического сбора.",
}


def _at(day: dt.date, hour: int = 11) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _fill(report: Report, award: Award, done: bool) -> Report:
    """Answers as a coalition writes them; results reached (the final) or under way."""
    results = {
        expected.pk: (
            f"{expected.target} — достигнуто" if done else "в работе",
            "" if done else "Ждём решения на следующем заседании.",
        )
        for expected in award.application.results.order_by("position")
    }
    return implementation.save_report(
        report=report,
        answers={
            "activities": "Проведены круглый стол и две встречи с депутатами местного кенеша; "
            "опубликована инфографика расходов.",
            "data_collected": "Опрос 200 жителей: https://example.kg/eged/survey.xlsx",
            "advocacy_outcomes": "Кенеш принял решение публиковать расходы ежеквартально; "
            "3 публикации в СМИ.",
            "challenges": "Сроки ответов на запросы информации затягивались.",
            "next_steps": "Мониторинг публикаций до конца 2023 года.",
        },
        results=results,
        by=None,
    )


def load_implementation(*, archive, people) -> list[Award]:
    """Give each 2022 award its reports, spending and public summary (once)."""
    staff, finance = people.get("staff"), people.get("finance")
    awards = list(Award.objects.filter(call=archive).select_related("application").order_by("pk"))
    for index, award in enumerate(awards):
        if award.reports.exists():
            continue
        Report.objects.create(award=award, kind=Report.Kind.INTERIM, due_on=dt.date(2022, 10, 1))
        Report.objects.create(award=award, kind=Report.Kind.FINAL, due_on=dt.date(2022, 12, 31))
        lines = list(award.lines.select_related("budget_line").order_by("budget_line__position"))
        for number, line in enumerate(lines):
            share = Decimal("1") if index == 0 else Decimal("0.6")
            amount = (line.amount * share).quantize(Decimal("1"))
            if amount > 0:
                Spending.objects.create(
                    award=award,
                    line=line,
                    spent_on=dt.date(2022, 8, 10) + dt.timedelta(days=20 * number),
                    amount=amount,
                    supplier=SUPPLIERS.get(line.budget_line.support_type, "ОсОО «Сервис»"),
                    description=line.budget_line.description,
                    recorded_by=finance,
                )
        if index == 1 and lines:
            _doubtful_payment(award, lines[-1], finance)
        award.published = True
        award.public_summary = SUMMARIES.get(award.application.coalition.name, "")
        award.save(update_fields=["published", "public_summary"])
        interim, final = award.reports.order_by("due_on")
        _in_force(award, staff)
        _walk(index, award, interim, final, staff)
        _back_to_2022(award)
    return awards


def _doubtful_payment(award, line, finance) -> None:
    """A payment the institutional-costs rule finds doubtful, left for staff to settle."""
    from .institutional import classify

    description = "Покупка принтера для печати материалов кампании"
    amount = min(Decimal("5000"), (line.amount * Decimal("0.4")).quantize(Decimal("1")))
    if amount > 0:
        Spending.objects.create(
            award=award,
            line=line,
            spent_on=dt.date(2022, 9, 20),
            amount=amount,
            supplier="ОсОО «Офис-Техника»",
            description=description,
            recorded_by=finance,
            cost_flag=classify(description).reason,
        )


def _back_to_2022(award) -> None:
    """The demo happened in 2022: the award was made on 1 July (a timestamp the award
    service sets to now; the reports' history is dated by the services themselves)."""
    Award.objects.filter(pk=award.pk).update(awarded_at=_at(dt.date(2022, 7, 1), 10))


def _steps(report, *, late: bool = False):
    """The moments of a report's steps: two days apart, from four days before its due date
    (or four days after it, when the demo shows a late report)."""
    start = report.due_on + dt.timedelta(days=4 if late else -4)
    return [_at(start + dt.timedelta(days=2 * number)) for number in range(2)]


def _in_force(award, staff) -> None:
    """Contracts of 2022 campaigns that ran were signed and in force by mid-July; the pair's
    (the demo member's) stays sent, so its download and scan upload can be tried."""
    from .models import Contract

    contract = getattr(award, "contract", None)
    if contract is None or contract.status != Contract.Status.DRAFT:
        return
    steps = [
        Contract.Status.SENT,
        Contract.Status.SIGNED,
        Contract.Status.COUNTERSIGNED,
        Contract.Status.ACTIVE,
    ]
    contract._history_user = staff
    for day, status in enumerate(steps):
        # Through the one lifecycle, at the moment of 2022 each step was taken.
        at = _at(dt.date(2022, 7, 5) + dt.timedelta(days=3 * day))
        move(contract, status, by=staff, note="демо", update_fields=[], at=at)


def _walk(index, award, interim, final, staff):
    """Reports in every state across the awards: closed, accepted, being corrected,
    submitted late, not yet sent — each step through the services, at its 2022 moment."""
    if index <= 2:
        _fill(interim, award, done=False)
        sent, accepted = _steps(interim)
        implementation.submit_report(report=interim, by=None, notify=False, at=sent)
        implementation.review_report(
            report=interim, accept=True, comment="", by=staff, notify=False, at=accepted
        )
        _fill(final, award, done=True)
        sent, reviewed = _steps(final)
        implementation.submit_report(report=final, by=None, notify=False, at=sent)
    if index == 0:
        implementation.review_report(
            report=final, accept=True, comment="Спасибо!", by=staff, notify=False, at=reviewed
        )
        implementation.mark_spending_complete(
            award=award, by=None, notify=False, at=_at(dt.date(2023, 1, 12))
        )
    elif index == 1:
        implementation.review_report(
            report=final,
            accept=False,
            comment="Приложите протокол заседания кенеша и ссылки на публикации.",
            by=staff,
            notify=False,
            at=reviewed,
        )
    elif index == 3:
        _fill(interim, award, done=False)
        (sent, _accepted) = _steps(interim, late=True)
        implementation.submit_report(report=interim, by=None, notify=False, at=sent)

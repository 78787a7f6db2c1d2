"""What a contract says: the parties as they sign (names, representatives, details), the
budget as awarded (rows that add up to the total), the amount in words, the reports it
promises, and what keeps a printed contract from being fit to sign."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from calls.models import SupportTerms
from coalitions.models import Membership

from .implementation import report_dates
from .models import Contract, Report

REPORT_TITLES = {
    Report.Kind.INTERIM: gettext_lazy("Промежуточный отчёт"),
    Report.Kind.FINAL: gettext_lazy("Итоговый отчёт"),
}


def _terms(call):
    from .contracts import terms_for

    return terms_for(call)


def representatives(coalition) -> str:
    """The person who signs for the coalition: its contact person when that is a person's
    name («Айгуль Садыкова», not «Координатор коалиции»), else its owner's full name;
    "" when the portal knows neither (the contract is then not fit to sign)."""
    contact = " ".join(coalition.contact_person.split())
    if contact and all(word[:1].isupper() for word in contact.split()):
        return contact
    owner = (
        Membership.objects.filter(coalition=coalition, role=Membership.Role.OWNER)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return owner.user.get_full_name().strip() if owner else ""


def party_name(name: str) -> str:
    """How a coalition is named as a party: its own name when that already says what it is
    («Коалиция «За прозрачный бюджет»», «Сеть «Инклюзивный Ош»», «Союз фермеров …»),
    else «коалиция «<name>»». Never «коалиция «Коалиция «…»»»."""
    name = " ".join(name.split())
    first = name.split(" ", 1)[0].lower().replace("ё", "е") if name else ""
    if "«" in name or first in ("оо", "оф", "оюл") or first.startswith(PARTY_FORMS):
        return name
    return f"коалиция «{name}»"


PARTY_FORMS = (
    "коалиц",
    "сеть",
    "платформ",
    "ассоциац",
    "союз",
    "альянс",
    "объединени",
    "бизнес-ассоциац",
    "гражданск",
    "форум",
)


def _party(coalition) -> dict:
    contact = ", ".join(p for p in (coalition.contact_email, coalition.contact_phone) if p)
    name = party_name(coalition.name)
    return {
        "name": name[:1].upper() + name[1:],
        "representative": representatives(coalition),
        "registration": coalition.registration_details,
        "contact": contact,
    }


def _budget_rows(award) -> list[dict]:
    awarded = {line.budget_line_id: line.amount for line in award.lines.all()}
    return [
        {
            "number": index,
            "type": line.get_support_type_display(),
            "description": line.description,
            "unit": line.unit,
            "quantity": line.quantity,
            "unit_cost": line.unit_cost,
            "requested": line.total,
            "amount": awarded[line.pk],
        }
        for index, line in enumerate(
            (line for line in award.application.budget_lines.all() if awarded.get(line.pk)),
            start=1,
        )
    ]


COPIES = {2: "двух", 3: "трёх"}


def contract_context(contract: Contract, *, on: dt.date | None = None) -> dict:
    """What the call's template prints, dated ``on`` (today unless given)."""
    from .words import amount_in_words, capitalised

    award = contract.award
    application = award.application
    call = contract.call
    terms = _terms(call)
    lines = _budget_rows(award)
    coalitions = [application.coalition] + ([application.partner] if application.partner else [])
    signed_on = on or timezone.localdate()
    schedule = report_dates(call=call, terms=terms, start=signed_on)
    kinds = [kind for kind, _due in schedule]
    return {
        "contract": contract,
        "award": award,
        "application": application,
        "call": call,
        "terms": terms,
        "grantor": {
            "name": GRANTOR,
            "position": terms.ipr_signatory.strip(),
            "representative": terms.ipr_representative.strip(),
            "basis": terms.ipr_basis.strip() or "Устава",
            "address": terms.ipr_address.strip(),
            "bank_details": terms.ipr_bank_details.strip(),
            "details": terms.ipr_details.strip(),
        },
        "date": signed_on,
        "pair": application.partner_id is not None,
        "parties": [_party(coalition) for coalition in coalitions],
        "copies_in_words": COPIES[len(coalitions) + 1],
        "lines": lines,
        "partial": any(line["amount"] != line["requested"] for line in lines),
        "requested_total": sum((line["requested"] for line in lines), Decimal("0")),
        "total": award.amount,
        "amount_in_words": capitalised(amount_in_words(award.amount)),
        "activities": application.activities.all(),
        "results": application.results.all(),
        "schedule": [(REPORT_TITLES[kind], due) for kind, due in schedule],
        "reports_promised": REPORTS_PROMISED[Report.Kind.INTERIM in kinds],
    }


GRANTOR = "Общественный фонд «Институт политики развития»"
REPORTS_PROMISED = {
    True: "промежуточный отчёт о ходе Кампании и итоговый отчёт о достигнутых результатах",
    False: "итоговый отчёт о ходе Кампании и достигнутых результатах",
}


# --- Fit to sign ------------------------------------------------------------------------


def contract_problems(contract: Contract, *, on: dt.date | None = None) -> list[str]:
    """What keeps the contract from being signed as printed (dated ``on``, else the day its
    current version was printed): missing parties' names or ИПР's details, a date after the
    implementation end, reports promised that the schedule leaves out. Staff see these on
    the contract's page; a contract with any is not sent."""
    from .implementation import contract_date

    call, terms = contract.call, _terms(contract.call)
    on = on or contract_date(contract.award)
    problems = [
        _("В условиях поддержки конкурса не заполнено поле «%(field)s».")
        % {"field": SupportTerms._meta.get_field(name).verbose_name}
        for name in ("ipr_representative", "ipr_signatory", "ipr_address", "ipr_bank_details")
        if not getattr(terms, name).strip()
    ]
    application = contract.award.application
    for coalition in filter(None, (application.coalition, application.partner)):
        if not representatives(coalition):
            problems.append(
                _(
                    "Коалиция «%(name)s»: не известен представитель, который подпишет договор "
                    "(укажите имя и фамилию контактного лица в профиле коалиции)."
                )
                % {"name": coalition.name}
            )
    end = call.implementation_end
    if end and on > end:
        problems.append(
            _(
                "Договор датирован %(date)s — позже окончания реализации кампаний (%(end)s), "
                "до которого он действует. Перенесите срок реализации конкурса или не "
                "отправляйте этот договор."
            )
            % {"date": date_format(on, "j E Y"), "end": date_format(end, "j E Y")}
        )
    kinds = [kind for kind, _due in report_dates(call=call, terms=terms, start=on)]
    if Report.Kind.INTERIM not in kinds and "промежуточн" in terms.reporting_obligations.lower():
        problems.append(
            _(
                "Обязательства по отчётности упоминают промежуточный отчёт, а в графике "
                "договора его нет (до окончания реализации слишком мало времени): "
                "исправьте текст обязательств в условиях поддержки."
            )
        )
    return problems

"""Contracts: the PDF built by the Celery task from the editable Russian template (checked
as extracted text), versions when the award changes, the status flow, the e-mail, and the
coalition's download and signed scan."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.errors import PortalError
from grants import awards, contracts
from grants.models import Contract, Report
from tests.applications.factories import member_of
from tests.factories import PASSWORD, UserFactory
from tests.pdfs import pdf_text

from .factories import fill_grantor, submitted, support_call

pytestmark = pytest.mark.django_db

PDF_SCAN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def staff():
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def awarded(support_open, staff, django_capture_on_commit_callbacks):
    call = support_call()
    fill_grantor(call)
    request = submitted(call, pair=True, budget=((1, 500000), (2, 185000)))
    with django_capture_on_commit_callbacks(execute=True):
        award = awards.award_support(application=request, by=staff)
    return award


def test_awarding_builds_the_contract_pdf_with_every_part(awarded):
    contract = awarded.contract
    version = contract.current_version
    assert version.number == 1 and version.amount == Decimal("870000")
    text = pdf_text(version.pdf.read())
    application = awarded.application
    assert f"ДОГОВОР № {contract.number}" in text
    assert "Институт политики развития" in text
    assert application.coalition.name in text and application.partner.name in text
    assert application.coalition.contact_person in text  # the representative
    assert f"«{application.title}»" in text
    assert "Эксперт по анализу бюджета, этап 1" in text
    # The budget's price and sum columns are headed «…, сом»: their cells are figures.
    assert "500 000 500 000" in text and "185 000 370 000" in text
    assert "500 000 сом" not in text
    assert "870 000 сом (Восемьсот семьдесят тысяч сомов 00 тыйынов)" in text
    assert "до 31 декабря 2030 г." in text  # the term: the implementation end
    # Printed on 20 June: the final report by the implementation end, the interim one
    # half-way there.
    assert "Промежуточный отчёт до 25 сентября 2030 г." in text
    assert "Итоговый отчёт до 31 декабря 2030 г." in text
    assert "Реквизиты и подписи Сторон" in text


def test_the_template_is_the_calls_data_that_staff_edit(awarded, staff):
    terms = contracts.terms_for(awarded.call)
    terms.contract_body = "<h1>Соглашение {{ contract.number }}</h1><p>{{ amount_in_words }}</p>"
    terms.save()
    text = pdf_text(contracts.render_contract_pdf(awarded.contract))
    assert f"Соглашение {awarded.contract.number}" in text
    assert "Восемьсот семьдесят тысяч сомов 00 тыйынов" in text


def test_changing_the_award_prints_a_new_version(
    awarded, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        awards.award_support(application=awarded.application, by=staff, amount=Decimal("869999.99"))
    contract = Contract.objects.get(pk=awarded.contract.pk)
    assert list(contract.versions.values_list("number", "amount")) == [
        (1, Decimal("870000.00")),
        (2, Decimal("869999.99")),
    ]
    text = pdf_text(contract.current_version.pdf.read())
    assert "Восемьсот шестьдесят девять тысяч девятьсот девяносто девять сомов 99 тыйынов" in text
    # Running the task again for the same revision prints nothing new.
    contracts.build_contract_version(award_id=awarded.pk, revision=2)
    assert contract.versions.count() == 2


def test_the_status_flow_is_recorded_and_guarded(
    awarded, staff, django_capture_on_commit_callbacks
):
    contract = awarded.contract
    owner = member_of(awarded.application.coalition)
    with pytest.raises(PortalError, match="нельзя перевести"):
        contracts.countersign_contract(contract=contract, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        contracts.send_contract(contract=contract, by=staff)
    recipients = {m.to[0] for m in mail.outbox}
    assert owner.email in recipients  # with the owner who applied: each person once
    assert len(mail.outbox) == len(recipients) == 2
    assert all(m.attachments[0][0].endswith("-v1.pdf") for m in mail.outbox)
    assert contract.number in mail.outbox[0].subject
    upload = SimpleUploadedFile("signed.pdf", PDF_SCAN, content_type="application/pdf")
    contracts.upload_signed_contract(contract=contract, upload=upload, by=owner)
    contracts.countersign_contract(contract=contract, by=staff)
    contracts.activate_contract(contract=contract, by=staff)
    contract.refresh_from_db()
    assert contract.status == Contract.Status.ACTIVE
    assert list(contract.status_changes.values_list("from_status", "to_status")) == [
        ("draft", "sent"),
        ("sent", "signed"),
        ("signed", "countersigned"),
        ("countersigned", "active"),
    ]
    with pytest.raises(PortalError, match="уже подписан ИПР"):
        awards.award_support(application=awarded.application, by=staff, amount=Decimal("1000"))


def test_changing_a_sent_contract_takes_it_back_to_draft(awarded, staff):
    contracts.send_contract(contract=awarded.contract, by=staff)
    awards.award_support(application=awarded.application, by=staff, amount=Decimal("800000"))
    contract = Contract.objects.get(pk=awarded.contract.pk)
    assert contract.status == Contract.Status.DRAFT
    assert "поддержка изменена" in contract.status_changes.last().note


def test_the_coalition_downloads_its_contract_once_sent_and_uploads_the_scan(
    awarded, staff, client
):
    contract = awarded.contract
    owner = member_of(awarded.application.partner)  # either coalition of the pair
    client.login(email=owner.email, password=PASSWORD)
    download = reverse("grants:contract_download", args=[contract.pk])
    assert client.get(download).status_code == 404  # a draft stays with staff
    contracts.send_contract(contract=contract, by=staff)
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert f"Договор № {contract.number}" in dashboard
    response = client.get(download)
    assert response.status_code == 200
    assert "Восемьсот семьдесят тысяч" in pdf_text(b"".join(response.streaming_content))
    client.post(
        reverse("grants:contract_signed", args=[contract.pk]),
        {"signed_scan": SimpleUploadedFile("подписан.pdf", PDF_SCAN)},
    )
    contract.refresh_from_db()
    assert contract.status == Contract.Status.SIGNED
    assert contract.signed_scan_name == "подписан.pdf"
    stranger = UserFactory()
    client.login(email=stranger.email, password=PASSWORD)
    assert client.get(download).status_code == 404


def test_the_sweep_prints_contracts_whose_task_was_lost(support_open, staff):
    from grants import tasks

    request = submitted(support_call(), budget=((1, 1000),))
    award = awards.award_support(application=request, by=staff)  # the task never ran
    assert not award.contract.versions.exists()
    assert tasks.sweep_contracts.delay().get() == 1
    assert tasks.sweep_contracts.delay().get() == 0  # printed once
    assert award.contract.versions.get().amount == Decimal("1000")


def _in_force(contract, staff, owner):
    contracts.send_contract(contract=contract, by=staff)
    upload = SimpleUploadedFile("signed.pdf", PDF_SCAN, content_type="application/pdf")
    contracts.upload_signed_contract(contract=contract, upload=upload, by=owner)
    contracts.countersign_contract(contract=contract, by=staff)
    return contracts.activate_contract(contract=contract, by=staff)


def test_the_contract_in_force_schedules_the_reports_it_printed(awarded, staff, support_open):
    """The coalition reports on the dates its signed contract states, printed on 20 June
    and activated weeks later."""
    contract = awarded.contract
    text = pdf_text(contract.current_version.pdf.read())
    support_open.shift(dt.timedelta(days=30))
    _in_force(contract, staff, member_of(awarded.application.coalition))

    due = list(awarded.reports.order_by("due_on").values_list("kind", "due_on"))
    assert due == [("interim", dt.date(2030, 9, 25)), ("final", dt.date(2030, 12, 31))]
    assert "Промежуточный отчёт до 25 сентября 2030 г." in text
    assert "Итоговый отчёт до 31 декабря 2030 г." in text


def test_reports_staff_already_set_are_kept_when_the_contract_takes_effect(awarded, staff):
    awarded.reports.create(kind=Report.Kind.FINAL, due_on=dt.date(2030, 11, 30))
    _in_force(awarded.contract, staff, member_of(awarded.application.coalition))
    assert list(awarded.reports.values_list("kind", "due_on")) == [("final", dt.date(2030, 11, 30))]


def test_the_calls_dates_are_printed_and_scheduled(awarded, staff):
    terms = contracts.terms_for(awarded.call)
    terms.interim_report_due, terms.final_report_due = dt.date(2030, 10, 1), dt.date(2031, 1, 15)
    terms.save()
    text = pdf_text(contracts.render_contract_pdf(awarded.contract))
    assert "Промежуточный отчёт до 1 октября 2030 г." in text
    assert "Итоговый отчёт до 15 января 2031 г." in text
    _in_force(awarded.contract, staff, member_of(awarded.application.coalition))
    assert list(awarded.reports.order_by("due_on").values_list("due_on", flat=True)) == [
        dt.date(2030, 10, 1),
        dt.date(2031, 1, 15),
    ]


END = dt.date(2030, 12, 31)


def _dates(start, *, end=END, interim=None, final=None):
    from types import SimpleNamespace

    from grants.implementation import report_dates

    terms = SimpleNamespace(interim_report_due=interim, final_report_due=final)
    return report_dates(call=SimpleNamespace(implementation_end=end), terms=terms, start=start)


@pytest.mark.parametrize("days_before_end", [365, 200, 60, 28, 27, 10, 1, 0, -1, -400])
def test_the_interim_report_is_never_due_after_the_final_one(days_before_end):
    """However late the contract is dated: only the final report when too little is left,
    two weeks after the contract's date once the implementation has ended."""
    start = END - dt.timedelta(days=days_before_end)
    dates = _dates(start)
    kinds = [kind for kind, _ in dates]
    due = [when for _, when in dates]
    assert kinds[-1] == "final" and due == sorted(set(due)) and due[0] > start
    assert due[-1] == (END if days_before_end > 0 else start + dt.timedelta(days=14))
    assert ("interim" in kinds) == (days_before_end >= 28)


D = dt.date


@pytest.mark.parametrize(
    "start, end, interim, final, expected",
    [
        # The terms' dates, as staff set them.
        (D(2030, 7, 1), END, D(2030, 9, 1), D(2031, 1, 15), [D(2030, 9, 1), D(2031, 1, 15)]),
        # An interim date alone: the final report by the implementation end.
        (D(2030, 7, 1), END, D(2030, 9, 1), None, [D(2030, 9, 1), END]),
        # ... unless the interim date is not before it: left out.
        (D(2030, 7, 1), D(2030, 8, 1), D(2030, 9, 1), None, [D(2030, 8, 1)]),
        # No implementation end and no dates: two weeks after the contract.
        (D(2030, 7, 1), None, None, None, [D(2030, 7, 15)]),
        (D(2030, 7, 1), None, D(2030, 9, 1), None, [D(2030, 7, 15)]),
        # A final date before the contract's: two weeks after the contract instead.
        (D(2030, 7, 1), END, None, D(2030, 6, 1), [D(2030, 7, 15)]),
        # An interim date before the contract's: left out.
        (D(2030, 7, 1), END, D(2030, 6, 15), None, [END]),
        # A final date alone: the interim one half-way to it.
        (D(2030, 7, 1), END, None, D(2030, 8, 31), [D(2030, 7, 31), D(2030, 8, 31)]),
    ],
)
def test_every_report_falls_due_after_the_contract_and_in_order(
    start, end, interim, final, expected
):
    dates = _dates(start, end=end, interim=interim, final=final)
    assert [when for _, when in dates] == expected
    assert [kind for kind, _ in dates][-1] == "final"


def test_the_terms_refuse_an_interim_report_due_with_or_after_the_final_one(awarded):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    terms = contracts.terms_for(awarded.call)
    terms.interim_report_due = terms.final_report_due = dt.date(2030, 12, 1)
    for language, message in [
        ("ru", "Промежуточный отчёт должен быть раньше итогового."),
        ("en", "The interim report must be due before the final one."),
    ]:
        with translation.override(language):
            with pytest.raises(ValidationError) as refused:
                terms.full_clean()
            assert refused.value.message_dict == {"interim_report_due": [message]}
    terms.interim_report_due = dt.date(2030, 11, 30)
    terms.full_clean()
    # Without a final date of its own, the final report is due by the implementation end.
    terms.final_report_due = None
    terms.interim_report_due = awarded.call.implementation_end
    with pytest.raises(ValidationError, match="раньше итогового"):
        terms.full_clean()
    terms.interim_report_due = awarded.call.implementation_end - dt.timedelta(days=1)
    terms.full_clean()


def test_the_contract_names_the_programme_once(awarded):
    awarded.call.programme = "Программа «Эффективное управление для экономического развития»"
    awarded.call.save()
    text = pdf_text(contracts.render_contract_pdf(awarded.contract))
    assert "В рамках Программы «Эффективное управление для экономического развития» ИПР" in text
    assert "программы Программа" not in text


@pytest.mark.parametrize(
    "name, genitive",
    [
        ("Программа «EGED»", "Программы «EGED»"),
        ("программа развития", "программы развития"),
        ("Проект «Голос»", "Проекта «Голос»"),
        ("EGED", "программы EGED"),
        ("Программа", "Программы"),
        ("программы развития", "программы развития"),
        ("ПРОГРАММА «EGED»", "ПРОГРАММЫ «EGED»"),
    ],
)
def test_programme_names_after_v_ramkakh(name, genitive):
    from core.templatetags.portal import programme_genitive

    assert programme_genitive(name) == genitive


def test_the_contract_is_dated_the_day_its_version_was_printed(
    support_open, staff, monkeypatch, django_capture_on_commit_callbacks
):
    """A print that starts before midnight in Bishkek and ends after it: the date on the
    contract and the day its reports are counted from are the same day."""
    from django.utils import timezone

    from grants import implementation
    from tests.applications.factories import BISHKEK

    request = submitted(support_call())
    printing = contracts.render_contract_pdf

    def slow_print(contract, **kwargs):
        pdf = printing(contract, **kwargs)
        support_open.move_to(dt.datetime(2030, 6, 21, 0, 0, 1, tzinfo=BISHKEK))
        return pdf

    monkeypatch.setattr(contracts, "render_contract_pdf", slow_print)
    support_open.move_to(dt.datetime(2030, 6, 20, 23, 59, 59, tzinfo=BISHKEK))
    with django_capture_on_commit_callbacks(execute=True):
        award = awards.award_support(application=request, by=staff)
    version = award.contract.current_version
    assert "«20» июня 2030 г." in pdf_text(version.pdf.read())
    assert timezone.localdate(version.created_at) == dt.date(2030, 6, 20)
    assert implementation.contract_date(award) == dt.date(2030, 6, 20)

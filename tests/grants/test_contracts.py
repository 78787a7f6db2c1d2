"""Contracts: the PDF built by the Celery task from the editable Russian template (checked
as extracted text), versions when the award changes, the status flow, the e-mail, and the
coalition's download and signed scan."""

import subprocess
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants import awards, contracts, services
from grants.models import Contract
from tests.applications.factories import member_of
from tests.factories import PASSWORD, UserFactory

from .factories import submitted, support_call

pytestmark = pytest.mark.django_db

PDF_SCAN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_text(data: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


@pytest.fixture
def staff():
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def awarded(support_open, staff, django_capture_on_commit_callbacks):
    call = support_call()
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
    assert "500 000 сом" in text and "370 000 сом" in text
    assert "870 000 сом (восемьсот семьдесят тысяч сомов 00 тыйынов)" in text
    assert "до 31 декабря 2030 г." in text  # the term: the implementation end
    assert "Промежуточный отчёт" in text and "Итоговый отчёт до 14 января 2031 г." in text
    assert "Подписи сторон" in text


def test_the_template_is_the_calls_data_that_staff_edit(awarded, staff):
    terms = contracts.terms_for(awarded.call)
    terms.contract_body = "<h1>Соглашение {{ contract.number }}</h1><p>{{ amount_in_words }}</p>"
    terms.save()
    text = pdf_text(contracts.render_contract_pdf(awarded.contract))
    assert f"Соглашение {awarded.contract.number}" in text
    assert "восемьсот семьдесят тысяч сомов 00 тыйынов" in text


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
    assert "восемьсот шестьдесят девять тысяч девятьсот девяносто девять сомов 99 тыйынов" in text
    # Running the task again for the same revision prints nothing new.
    contracts.build_contract_version(award_id=awarded.pk, revision=2)
    assert contract.versions.count() == 2


def test_the_status_flow_is_recorded_and_guarded(
    awarded, staff, django_capture_on_commit_callbacks
):
    contract = awarded.contract
    owner = member_of(awarded.application.coalition)
    with pytest.raises(services.SupportError, match="нельзя перевести"):
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
    with pytest.raises(services.SupportError, match="уже подписан ИПР"):
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
    assert "восемьсот семьдесят тысяч" in pdf_text(b"".join(response.streaming_content))
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

"""Contracts: the call's terms, the PDF printed from the editable Russian template in
versions, and the status flow draft → sent → signed by the coalition → countersigned →
active, each step recorded."""

import datetime as dt

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template import Context, Template
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from calls.models import Call, SupportTerms
from coalitions.permissions import editors_of
from core.errors import PortalError
from core.lifecycle import move
from notifications.services import Attachment, send_notification

from .contract_text import (  # noqa: F401 — the contract's text, used through this module
    REPORT_TITLES,
    contract_context,
    contract_problems,
    party_name,
    representatives,
)
from .implementation import ensure_schedule
from .models import Award, Contract, ContractVersion

DEFAULT_RULE = (
    "Институциональные расходы организаций не будут поддержаны, однако семинар-практикум "
    "включает темы финансового управления, что повысит институциональный потенциал "
    "участвующих организаций."
)
# The call's own extra markers of doubtful costs (the rule itself is grants.institutional).
DEFAULT_MARKERS = ""
# The reports themselves (which, by when) are printed from the schedule; this text says
# what they hold, so it never promises a report the schedule leaves out.
DEFAULT_REPORTING = (
    "Отчёты содержат сведения о проведённых мероприятиях, результаты по индикаторам, "
    "фотографии и копии материалов Кампании. ИПР вправе запрашивать дополнительные "
    "сведения о ходе Кампании."
)
DEFAULT_SIGNATORY = "директор"


def terms_for(call: Call) -> SupportTerms:
    """The call's terms, created from the defaults the first time they are needed."""
    terms = SupportTerms.objects.filter(call=call).first()
    if terms is not None:
        return terms
    try:
        with transaction.atomic():
            return SupportTerms.objects.create(
                call=call,
                excluded_costs_rule=DEFAULT_RULE,
                excluded_cost_words=DEFAULT_MARKERS,
                reporting_obligations=DEFAULT_REPORTING,
                ipr_signatory=DEFAULT_SIGNATORY,
                contract_body=default_contract_body(),
            )
    except IntegrityError:
        return SupportTerms.objects.get(call=call)


def default_contract_body() -> str:
    return get_template("grants/contract_body.html").template.source


# --- Printing ---------------------------------------------------------------------------


def contract_html(contract: Contract, *, on: dt.date | None = None) -> str:
    """The contract as the HTML that is printed: the call's template, in Russian."""
    from core.pdf import render_html

    with translation.override("ru"):  # the contract is a Russian document
        context = contract_context(contract, on=on)
        body = Template(context["terms"].contract_body).render(Context(context))
        return render_html("pdf/contract.html", {**context, "body": mark_safe(body)})  # noqa: S308 — autoescaped template


def render_contract_pdf(contract: Contract, *, on: dt.date | None = None) -> bytes:
    from core.pdf import html_to_pdf

    return html_to_pdf(contract_html(contract, on=on))


def build_contract_version(
    *, award_id: int, revision: int, printed_at: dt.datetime | None = None
) -> ContractVersion | None:
    """Print the contract of this revision of the award, once (at ``printed_at``, now
    unless given). Safe to run twice: an older revision is skipped (a newer build
    follows), an existing one is returned."""
    award = (
        Award.objects.select_related("application__coalition", "application__partner", "call")
        .filter(pk=award_id)
        .first()
    )
    if award is None or award.revision != revision:
        return None
    contract = Contract.objects.get(award=award)
    existing = contract.versions.filter(award_revision=revision).first()
    if existing is not None:
        return existing
    printed_at = printed_at or timezone.now()  # the version's time and the contract's date
    pdf = render_contract_pdf(contract, on=timezone.localdate(printed_at))
    with transaction.atomic():
        Contract.objects.select_for_update().get(pk=contract.pk)
        existing = contract.versions.filter(award_revision=revision).first()
        if existing is not None:
            return existing
        number = contract.versions.count() + 1
        version = ContractVersion(
            contract=contract,
            number=number,
            award_revision=revision,
            amount=award.amount,
            created_at=printed_at,
        )
        version.pdf.save(f"contract-v{number}.pdf", ContentFile(pdf), save=False)
        version.save()
    return version


def awards_without_pdf():
    """Awards whose current revision has no printed contract yet (a lost task)."""
    printed = ContractVersion.objects.filter(
        contract__award=OuterRef("pk"), award_revision=OuterRef("revision")
    )
    return list(Award.objects.filter(~Exists(printed)).order_by("pk"))


# --- Status flow ------------------------------------------------------------------------


def move_contract(*, contract: Contract, to_status: str, by, note: str = "") -> Contract:
    contract._history_user = by  # who, also when a task or a command moves it
    move(contract, to_status, by=by, note=note, update_fields=[])
    return contract


def _locked(contract: Contract) -> Contract:
    return (
        Contract.objects.select_for_update()
        .select_related("award__application", "call")
        .get(pk=contract.pk)
    )


def contract_recipients(contract: Contract):
    return editors_of(contract.award.application.coalition_ids())


@transaction.atomic
def send_contract(*, contract: Contract, by) -> Contract:
    """Send the printed contract to the coalition(s): e-mail with the PDF, once per version."""
    contract = _locked(contract)
    version = contract.versions.filter(award_revision=contract.award.revision).first()
    if version is None:
        raise PortalError(_("PDF договора ещё готовится: попробуйте через минуту."))
    problems = contract_problems(contract)
    if problems:
        raise PortalError(
            _("Договор не готов к подписанию: %(problems)s") % {"problems": " ".join(problems)}
        )
    move_contract(contract=contract, to_status=Contract.Status.SENT, by=by)
    content = version.pdf.read()
    for person in contract_recipients(contract):
        send_notification(
            to=person,
            template="emails/contract_ready",
            context={"contract": contract, "version": version, "person": person},
            key=f"contract-ready:{contract.pk}:{version.number}:{person.pk}",
            attachments=[Attachment(version.filename, content, "application/pdf")],
        )
    return contract


@transaction.atomic
def upload_signed_contract(*, contract: Contract, upload, by) -> Contract:
    """The coalition uploads the scan it signed; only while the contract is with it."""
    from applications.attachments import check_attachment
    from core.errors import PortalError

    contract = _locked(contract)
    if contract.status != Contract.Status.SENT:
        raise PortalError(_("Подписанный скан принимается, когда договор отправлен коалиции."))
    try:
        check_attachment(upload)
    except PortalError as error:
        raise PortalError(str(error)) from error
    contract.signed_scan.save(upload.name, upload, save=False)
    contract.signed_scan_name = upload.name[-255:]
    contract._history_user = by
    contract.save(update_fields=["signed_scan", "signed_scan_name"])
    return move_contract(contract=contract, to_status=Contract.Status.SIGNED, by=by)


@transaction.atomic
def countersign_contract(*, contract: Contract, by) -> Contract:
    contract = _locked(contract)
    return move_contract(contract=contract, to_status=Contract.Status.COUNTERSIGNED, by=by)


@transaction.atomic
def activate_contract(*, contract: Contract, by) -> Contract:
    """The contract is in force: the coalition's reports fall due on its dates."""
    contract = _locked(contract)
    contract = move_contract(contract=contract, to_status=Contract.Status.ACTIVE, by=by)
    ensure_schedule(contract.award)
    return contract

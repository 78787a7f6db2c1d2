"""The four lifecycles of applications and grants share one ``move``: an illegal move is
refused with a PortalError naming the thing and both statuses, and every move is recorded
with who and why — the whole reason, however long."""

import pytest

from accounts import roles
from applications import decisions, submission
from applications.models import Application, ApplicationStatusChange
from core.errors import PortalError
from grants import contracts, implementation
from grants import submission as support_submission
from grants.models import Contract, Report, ReportStatusChange, TechnicalSupportApplication
from tests.applications.factories import ApplicationFactory, CallFactory, member_of
from tests.applications.review_factories import submitted_application
from tests.factories import user_with_role

from .award_factories import awarded
from .factories import started, submitted, support_call

pytestmark = pytest.mark.django_db

LONG_REASON = "Бюджет не сходится с планом мероприятий. " * 20  # ~ 840 characters


@pytest.fixture
def staff():
    return user_with_role(roles.PROGRAMME_STAFF)


def test_an_illegal_move_of_each_lifecycle_is_refused_and_nothing_is_recorded(staff):
    application = ApplicationFactory(call=CallFactory())
    owner = member_of(application.coalition)
    with pytest.raises(PortalError, match="Заявка в статусе «черновик» нельзя перевести"):
        submission.withdraw_application(application=application, by=owner)

    award = awarded()
    report = Report.objects.create(award=award, kind=Report.Kind.FINAL, due_on="2030-12-31")
    with pytest.raises(PortalError, match="Отчёт о кампании в статусе «не отправлен»"):
        implementation.review_report(report=report, accept=True, comment="", by=staff)

    contract = Contract.objects.create(award=award, call=award.call, sequence=1, number="T-1")
    with pytest.raises(PortalError, match="Договор в статусе «черновик» нельзя перевести"):
        contracts.move_contract(contract=contract, to_status=Contract.Status.ACTIVE, by=staff)

    assert not application.status_changes.exists() and not report.status_changes.exists()
    assert not contract.status_changes.exists()
    for obj in (application, report, contract):
        obj.refresh_from_db()
        assert obj.status == "draft"


def test_a_draft_support_request_cannot_be_withdrawn(support_open):
    request, owner = started(support_call())
    with pytest.raises(PortalError, match="«черновик» нельзя перевести в «отозвана»"):
        support_submission.withdraw_support_request(application=request, by=owner)
    assert not request.status_changes.exists()


def test_a_long_reason_is_kept_whole_with_who_gave_it(staff, support_open):
    application = submitted_application(CallFactory())
    decisions.decide_application(
        application=application, decision="rejected", by=staff, reason=LONG_REASON
    )
    change = application.status_changes.get()
    assert (change.by, change.note, change.from_status) == (staff, LONG_REASON, "submitted")

    request = submitted(support_call())
    support_submission.decline_support_request(application=request, by=staff, reason=LONG_REASON)
    assert request.status_changes.last().note == LONG_REASON
    request.refresh_from_db()
    assert request.status == TechnicalSupportApplication.Status.NOT_SUPPORTED

    award = awarded()
    contract = Contract.objects.create(award=award, call=award.call, sequence=1, number="T-1")
    contracts.move_contract(
        contract=contract, to_status=Contract.Status.SENT, by=staff, note=LONG_REASON
    )
    assert contract.status_changes.get().note == LONG_REASON


def test_a_status_change_reads_its_statuses_without_another_query(django_assert_num_queries):
    award = awarded()
    report = Report.objects.create(award=award, kind=Report.Kind.FINAL, due_on="2030-12-31")
    ReportStatusChange.objects.create(report=report, from_status="draft", to_status="submitted")
    application = ApplicationFactory(call=CallFactory())
    ApplicationStatusChange.objects.create(
        application=application, from_status="", to_status=Application.Status.SUBMITTED
    )
    change, first = ReportStatusChange.objects.get(), ApplicationStatusChange.objects.get()
    with django_assert_num_queries(0):
        assert str(change) == "не отправлен → отправлен"
        assert first.get_to_status_display() == "подана"

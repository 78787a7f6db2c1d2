import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications import attachments, services, submission
from coalitions.models import Coalition
from tests.factories import user_with_role

from .factories import (
    ApplicationFactory,
    CallFactory,
    CoalitionFactory,
    complete,
    confirmed_pair,
    member_of,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_deadline")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def staff_client(client):
    client.force_login(user_with_role("programme_staff"))
    return client


def test_staff_filter_applications_by_applicant_kind(staff_client):
    call = CallFactory()
    pair = confirmed_pair(call)
    owner = member_of(pair.inviter)
    paired = services.start_application(
        call=call, coalition=pair.inviter, partnership=pair, by=owner
    )
    paired.idea_title = "Заявка пары"
    paired.save()
    ApplicationFactory(
        call=call,
        coalition=CoalitionFactory(kind=Coalition.Kind.ECONOMIC),
        idea_title="Бизнес один",
    )
    changelist = reverse("admin:applications_application_changelist")

    page = staff_client.get(changelist, {"applicant": "pair"}).content.decode()
    assert "Заявка пары" in page and "Бизнес один" not in page
    page = staff_client.get(changelist, {"applicant": "economic"}).content.decode()
    assert "Бизнес один" in page and "Заявка пары" not in page
    page = staff_client.get(changelist, {"q": "Бизнес"}).content.decode()
    assert "Бизнес один" in page and "Заявка пары" not in page


def test_the_admin_list_does_not_grow_queries_with_applications(
    staff_client, django_assert_max_num_queries
):
    call = CallFactory()
    for _ in range(15):
        ApplicationFactory(call=call)
    with django_assert_max_num_queries(20):
        staff_client.get(reverse("admin:applications_application_changelist"))


def test_staff_read_the_application_as_written_with_files_and_history(staff_client):
    coalition = CoalitionFactory()
    owner = member_of(coalition)
    application = complete(ApplicationFactory(coalition=coalition))
    attachment = attachments.add_attachment(
        application=application, upload=SimpleUploadedFile("plan.pdf", PDF), by=owner
    )
    submission.submit_application(application=application, by=owner)

    page = staff_client.get(
        reverse("admin:applications_application_change", args=[application.pk])
    ).content.decode()

    assert "Жители не знают, как тратится бюджет айыл окмоту." in page
    assert "Айгуль Садыкова" in page and "+996 555 123 456" in page
    file_url = reverse("applications:staff_attachment", args=[attachment.pk])
    assert file_url in page
    assert "подана" in page  # the status, read-only
    assert staff_client.get(file_url).status_code == 200


def test_the_dashboard_shows_status_and_next_step(client):
    coalition = CoalitionFactory(name="Сеть «Инклюзивный Ош»")
    owner = member_of(coalition)
    application = ApplicationFactory(coalition=coalition, idea_title="Доступный транспорт")
    client.force_login(owner)

    page = client.get(reverse("portal:dashboard")).content.decode()
    assert "Доступный транспорт" in page and "черновик" in page
    assert "затем отправьте заявку" in page

    complete(application)
    submission.submit_application(application=application, by=owner)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert "подана" in page
    assert "До крайнего срока её можно изменить" in page


def test_the_dashboard_offers_to_start_alone_or_with_the_pair(client):
    call = CallFactory()
    pair = confirmed_pair(call, civic=CoalitionFactory(name="Гражданская А"))
    owner = member_of(pair.inviter)
    client.force_login(owner)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert "Подать заявку от коалиции «Гражданская А»" in page
    assert f"в паре с «{pair.invitee.name}»" in page

    response = client.post(
        reverse("applications:start"),
        {"call": call.pk, "coalition": pair.inviter.pk, "partnership": pair.pk},
    )
    application = pair.inviter.applications.get()
    assert application.partner == pair.invitee
    assert response["Location"] == reverse("applications:section", args=[application.pk, "idea"])

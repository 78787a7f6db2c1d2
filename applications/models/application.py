"""The workshop application (registration form) a coalition, alone or in a pair, sends."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from calls.form_services import ensure_version
from calls.models import AnswersDocument, Call, Form, KeyTopic, Priority
from coalitions.models import Coalition, Membership, Partnership, Region
from core.lifecycle import StatusChange, can_move
from reviews.models import ReviewTally


class ApplicationQuerySet(models.QuerySet):
    def of_member(self, user):
        """Applications of the person's coalitions: their own, and pair applications the
        partner coalition has confirmed taking part in."""
        if not user.is_authenticated:
            return self.none()
        return self._of_coalitions(Membership.objects.filter(user=user).values("coalition_id"))

    def _of_coalitions(self, coalitions):
        """Applications these coalitions lead, or joined as a confirmed partner.

        A union of two index scans: a join through memberships needs DISTINCT over every
        column of every application, and an OR across the two subqueries makes PostgreSQL
        read the whole table (16 ms at 5,000 applications against 0.3 ms)."""
        base = self.model._base_manager.order_by()
        led = base.filter(coalition_id__in=coalitions).values("pk")
        joined = base.filter(partner_confirmed_at__isnull=False, partner_id__in=coalitions)
        return self.filter(pk__in=led.union(joined.values("pk")))

    def visible_to(self, user):
        """Applications a person may read on the portal.

        Members of the applying coalition always; members of the partner coalition once
        its owner has confirmed taking part. Programme staff (who may view applications
        in the admin) see all of them.
        """
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or (user.is_staff and user.has_perm("applications.view_application")):
            return self
        return self.of_member(user)

    def editable_by(self, user):
        """Applications a person may change: owners and editors of either coalition."""
        if not user.is_authenticated:
            return self.none()
        roles = [Membership.Role.OWNER, Membership.Role.EDITOR]
        return self._of_coalitions(
            Membership.objects.filter(user=user, role__in=roles).values("coalition_id")
        )

    def awaiting_partner_confirmation_by(self, user):
        """Pair applications whose partner coalition this person owns and has not confirmed."""
        if not user.is_authenticated:
            return self.none()
        owned = Membership.objects.filter(user=user, role=Membership.Role.OWNER)
        return self.filter(
            partner_confirmed_at__isnull=True, partner_id__in=owned.values("coalition_id")
        )


class Application(ReviewTally, AnswersDocument):
    """A coalition's registration for the workshop of one call.

    Status moves only along ``TRANSITIONS``; every move is recorded in
    ``ApplicationStatusChange``. The answers stay editable (and a submitted application can be
    sent again) until the deadline; ``version`` counts the submissions.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("черновик")
        SUBMITTED = "submitted", _("подана")
        WITHDRAWN = "withdrawn", _("отозвана")
        SHORTLISTED = "shortlisted", _("в шорт-листе")
        SELECTED = "selected", _("отобрана")
        RESERVE = "reserve", _("в резерве")
        REJECTED = "rejected", _("отклонена")

    # Staff decisions; only a submitted application can be decided.
    DECISIONS = (Status.SHORTLISTED, Status.SELECTED, Status.RESERVE, Status.REJECTED)

    # (from, to) pairs the services may take; a resubmission is submitted → submitted.
    # A shortlisted or reserve application may still be decided finally; a final decision
    # may be corrected by staff (selected ↔ reserve ↔ rejected).
    TRANSITIONS = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.SUBMITTED, Status.WITHDRAWN, *DECISIONS},
        Status.WITHDRAWN: {Status.SUBMITTED},
        Status.SHORTLISTED: {Status.SELECTED, Status.RESERVE, Status.REJECTED},
        Status.RESERVE: {Status.SELECTED, Status.REJECTED},
        Status.SELECTED: {Status.RESERVE, Status.REJECTED},
        Status.REJECTED: {Status.SELECTED, Status.RESERVE},
    }

    call = models.ForeignKey(
        Call, verbose_name=_("конкурс"), on_delete=models.PROTECT, related_name="applications"
    )
    coalition = models.ForeignKey(
        Coalition,
        verbose_name=_("коалиция-заявитель"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("пара"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    partner = models.ForeignKey(
        Coalition,
        verbose_name=_("коалиция-партнёр"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partner_applications",
    )
    partner_confirmed_at = models.DateTimeField(
        _("партнёр подтвердил участие"), null=True, blank=True
    )
    partner_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("участие подтвердил"),
    )
    status = models.CharField(
        _("статус"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(_("отправлена раз"), default=0)
    submitted_at = models.DateTimeField(_("последняя отправка"), null=True, blank=True)
    has_unsent_changes = models.BooleanField(
        _("есть изменения после отправки"),
        default=False,
        help_text=_("Ответы менялись после последней отправки и ещё не отправлены повторно."),
    )

    # The answers to the call's form are ``answers`` (``AnswersDocument``); the blocks the
    # rules rely on (the pair, title, priorities, regions, organisations, topics,
    # attendees, files, consent) are columns and rows of their own.
    idea_title = models.CharField(_("название идеи кампании"), max_length=255, blank=True)
    priorities = models.ManyToManyField(
        Priority, verbose_name=_("приоритетные темы"), blank=True, related_name="applications"
    )
    regions = models.ManyToManyField(
        Region, verbose_name=_("целевые регионы"), blank=True, related_name="applications"
    )
    key_topics = models.ManyToManyField(
        KeyTopic,
        verbose_name=_("нужные темы практикума"),
        blank=True,
        related_name="applications",
    )
    # Consent
    consent_personal_data = models.BooleanField(
        _("согласие на обработку персональных данных"), default=False
    )
    consent_at = models.DateTimeField(_("согласие дано"), null=True, blank=True)

    # The revision of each section's last save ({"idea": 7, …}): a save carries the next
    # number, and one not above the stored number (an older save arriving late, or a page
    # opened before someone else saved) is refused instead of overwriting newer text.
    section_revisions = models.JSONField(
        _("номера сохранений разделов"), default=dict, blank=True, editable=False
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("создал"),
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("заявка")
        verbose_name_plural = _("заявки")
        ordering = ["-updated_at"]
        indexes = [
            # The staff list of a call: its counts and its order by submission date.
            models.Index(fields=["call", "submitted_at"], name="application_call_submitted"),
            # The staff list picks its page and ranks it from the index alone (PostgreSQL):
            # every filtered row's order (last change, score, pair) and place in its call,
            # and the call's selected count. A sequential scan read every row's answers.
            models.Index(
                fields=["call", "status"],
                include=["id", "updated_at", "review_mean", "partner", "coalition"],
                name="application_call_status",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "coalition"], name="one_application_per_coalition_per_call"
            ),
            models.CheckConstraint(
                condition=~Q(coalition=models.F("partner")),
                name="application_partner_is_another_coalition",
            ),
        ]

    def __str__(self):
        return self.idea_title or str(_("Заявка без названия"))

    def save(self, *args, **kwargs):
        # Every application answers its call's form (the current version when it starts).
        if self.form_version_id is None and self.call_id is not None:
            self.form_version = ensure_version(self.call, Form.Kind.APPLICATION)
        super().save(*args, **kwargs)

    @property
    def is_pair(self) -> bool:
        return self.partner_id is not None

    @property
    def applicants(self) -> str:
        if self.partner_id:
            return f"{self.coalition} + {self.partner}"
        return str(self.coalition)

    def coalition_ids(self) -> list[int]:
        return [pk for pk in (self.coalition_id, self.partner_id) if pk]

    @property
    def is_decided(self) -> bool:
        return self.status in self.DECISIONS

    def can_move_to(self, status: str) -> bool:
        return can_move(self, status)


class ApplicationStatusChange(StatusChange):
    """One move of an application's status: who, when, from, to, why."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = StatusChange.from_status_field(Application.Status)
    to_status = StatusChange.to_status_field(Application.Status)

    class Meta:
        verbose_name = _("изменение статуса заявки")
        verbose_name_plural = _("история статусов заявки")
        ordering = ["application", "at", "pk"]


class JointOrganisation(models.Model):
    """A civil-society organisation that will work on the campaign (civic or business)."""

    class Sector(models.TextChoices):
        CIVIC = "civic", _("гражданский сектор")
        BUSINESS = "business", _("бизнес-сектор")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="joint_organisations"
    )
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("организация"), max_length=255)
    sector = models.CharField(_("сектор"), max_length=16, choices=Sector.choices, blank=True)
    role = models.CharField(_("роль в кампании"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("организация-участник кампании")
        verbose_name_plural = _("организации-участники кампании")
        ordering = ["application", "position"]

    def __str__(self):
        return self.name


class ProposedAttendee(models.Model):
    """A person the coalition proposes to send to the workshop."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attendees")
    position = models.PositiveSmallIntegerField(default=0)
    full_name = models.CharField(_("имя и фамилия"), max_length=255)
    job_title = models.CharField(_("должность"), max_length=255, blank=True)
    organisation = models.CharField(_("организация"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("телефон"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("предлагаемый участник практикума")
        verbose_name_plural = _("предлагаемые участники практикума")
        ordering = ["application", "position"]

    def __str__(self):
        return self.full_name


def attachment_path(instance, filename: str) -> str:
    """A random name: the original name is kept in the row, never in the file system."""
    return f"private/applications/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class ApplicationAttachment(models.Model):
    """A file attached to the application; served only through the permission-checked view."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("файл"), upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("имя файла"), max_length=255)
    content_type = models.CharField(_("тип"), max_length=120)
    size = models.PositiveIntegerField(_("размер, байт"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("загрузил"),
    )
    uploaded_at = models.DateTimeField(_("загружен"), auto_now_add=True)

    class Meta:
        verbose_name = _("приложенный файл")
        verbose_name_plural = _("приложенные файлы")
        ordering = ["application", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class DeadlineExtension(models.Model):
    """A later deadline staff grant one coalition for one call (for its own or pair application)."""

    call = models.ForeignKey(
        Call, verbose_name=_("конкурс"), on_delete=models.CASCADE, related_name="extensions"
    )
    coalition = models.ForeignKey(
        Coalition,
        verbose_name=_("коалиция"),
        on_delete=models.CASCADE,
        related_name="deadline_extensions",
    )
    deadline = models.DateTimeField(_("новый крайний срок"))
    reason = models.CharField(_("причина"), max_length=500, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто продлил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        verbose_name = _("продление срока")
        verbose_name_plural = _("продления срока")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "coalition"], name="one_extension_per_coalition_per_call"
            )
        ]

    def __str__(self):
        return f"{self.coalition}: {self.deadline:%Y-%m-%d %H:%M}"

"""Workshop participants imported from Excel (django-import-export).

One row per person: the event's number, the coalition (by name), who the person is and
their practical needs. A person is found by e-mail within the event. The preview marks each
row new, changed, unchanged or invalid with the reason — an unknown event or coalition, a
coalition not selected for the call, more people than the call allows per coalition, a bad
e-mail, phone or meal choice. A file with any invalid row changes nothing.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources

from coalitions.imports import Column, _choice, _labels, _text
from coalitions.models import Coalition, name_key
from core.phones import normalise_phone

from . import services
from .models import Event, Participant

YES = {"да", "yes", "ооба", "1", "true", "+"}
NO = {"нет", "no", "жок", "0", "false", "-", ""}


class ParticipantImportResource(resources.ModelResource):
    event = Column("event_id", gettext_lazy("№ мероприятия"))
    coalition = Column("coalition__name", gettext_lazy("коалиция"))
    full_name = Column("full_name", gettext_lazy("имя и фамилия"))
    job_title = Column("job_title", gettext_lazy("должность"))
    organisation = Column("organisation", gettext_lazy("организация"))
    email = Column("email", gettext_lazy("e-mail"))
    phone = Column("phone", gettext_lazy("телефон"))
    arriving_from = Column("arriving_from", gettext_lazy("откуда приезжает"))
    diet = Column("get_diet_display", gettext_lazy("питание"))
    diet_notes = Column("diet_notes", gettext_lazy("уточнение о питании"))
    accessibility = Column("accessibility", gettext_lazy("доступность"))
    photo_consent = Column("photo_consent", gettext_lazy("согласие на фото"))

    TEXT_FIELDS = ("full_name", "job_title", "organisation", "arriving_from", "diet_notes")
    COMPARED = (*TEXT_FIELDS, "email", "phone", "diet", "accessibility", "photo_consent")

    class Meta:
        model = Participant
        fields = (
            "event",
            "coalition",
            "full_name",
            "job_title",
            "organisation",
            "email",
            "phone",
            "arriving_from",
            "diet",
            "diet_notes",
            "accessibility",
            "photo_consent",
        )
        import_id_fields = ("event", "email")
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = False

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.changed = False
        self.events: dict[str, Event | None] = {}
        self.selected: dict[int, set[int]] = {}
        self.per_coalition: dict[tuple[int, int], set[str]] = {}

    def value(self, row, name: str) -> str:
        return _text(row, str(self.fields[name].column_name))

    def _event(self, text: str) -> Event | None:
        """The event by its number (as shown in the admin), fetched once per file."""
        if not text.isdigit():
            return None
        if text not in self.events:
            event = Event.objects.select_related("call").filter(pk=int(text)).first()
            self.events[text] = event
            if event is not None and event.call_id not in self.selected:
                self.selected[event.call_id] = services.selected_coalition_ids(event.call)
        return self.events[text]

    def get_or_init_instance(self, instance_loader, row):
        text, email = self.value(row, "event"), self.value(row, "email").lower()
        event = self._event(text)
        instance = None
        if event is not None and email:
            instance = Participant.objects.filter(event=event, email__iexact=email).first()
        if instance is not None:
            return instance, False
        return Participant(event=event), True

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, str] = {}
        before = {f: getattr(instance, f) for f in (*self.COMPARED, "coalition_id")}
        text = self.value(row, "event")
        event = self._event(text)
        if event is None:
            errors["event"] = _("Мероприятие № «%(value)s» не найдено.") % {"value": text}

        name = self.value(row, "coalition")
        coalition = Coalition.objects.filter(name_key=name_key(name)).first() if name else None
        if coalition is None:
            errors["coalition"] = _("Коалиция «%(value)s» не найдена.") % {"value": name}
        elif event is not None and coalition.pk not in self.selected[event.call_id]:
            errors["coalition"] = _("Коалиция «%(value)s» не отобрана на этот конкурс.") % {
                "value": coalition.name
            }

        self._apply_person(instance, row, errors)
        if event is not None and coalition is not None and "coalition" not in errors:
            instance.event, instance.coalition = event, coalition
            self._count_per_coalition(instance, event, coalition, errors)
        if errors:
            raise ValidationError(errors)
        after = {f: getattr(instance, f) for f in (*self.COMPARED, "coalition_id")}
        self.changed = instance.pk is None or before != after

    def _apply_person(self, instance: Participant, row, errors: dict) -> None:
        """The row's columns about the person: name, contacts, diet, consent."""
        for field in self.TEXT_FIELDS:
            setattr(instance, field, self.value(row, field)[:255])
        if not instance.full_name:
            errors["full_name"] = _("Укажите имя и фамилию.")
        email = self.value(row, "email")
        try:
            validate_email(email)
            if instance.email.lower() != email.lower():  # keep how it was written before
                instance.email = email
        except ValidationError:
            errors["email"] = _("«%(value)s» — не адрес e-mail.") % {"value": email}
        phone = self.value(row, "phone")
        try:
            instance.phone = normalise_phone(phone) if phone else ""
        except ValidationError as error:
            errors["phone"] = error.messages[0]
        diet = self.value(row, "diet")
        code = _choice(diet, Participant.Diet.choices) if diet else Participant.Diet.NONE
        if code is None:
            errors["diet"] = _("Укажите одно из: %(all)s.") % {
                "all": _labels(Participant.Diet.choices)
            }
        else:
            instance.diet = code
        instance.accessibility = self.value(row, "accessibility")
        consent = self.value(row, "photo_consent").casefold()
        if consent in YES | NO:
            instance.photo_consent = consent in YES
        else:
            errors["photo_consent"] = _("Напишите «да» или «нет».")

    def _count_per_coalition(self, instance, event, coalition, errors: dict) -> None:
        """Refuse a row that takes the coalition past the call's attendees per coalition."""
        people = self.per_coalition.setdefault(
            (event.pk, coalition.pk),
            {
                e.lower()
                for e in Participant.objects.filter(event=event, coalition=coalition)
                .exclude(email="")
                .values_list("email", flat=True)
            },
        )
        people.add(instance.email.lower())
        limit = event.call.attendees_per_coalition
        if len(people) > limit:
            errors["coalition"] = _(
                "От коалиции «%(name)s» получится %(count)d участников — больше, чем "
                "разрешено (%(limit)d)."
            ) % {"name": coalition.name, "count": len(people), "limit": limit}

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        return not self.changed

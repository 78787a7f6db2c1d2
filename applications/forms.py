"""Forms of the application's sections and of the information-session registration.

Section forms check the format of what was typed (an e-mail is an e-mail, a priority is
one of this call's); whether everything needed is there is checked only on submission
(``submission.missing_answers``), so a half-filled draft can always be saved.
"""

from dataclasses import dataclass

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from calls.answer_files import stored_file
from calls.form_render import AnswersForm
from calls.form_services import visible_questions
from calls.models import Call, InfoSessionRegistration, KeyTopic, Priority
from coalitions.models import Region
from core.errors import PortalError
from core.http import ChosenObjectsField
from core.phones import normalise_phone

from .attachments import ALLOWED_ATTACHMENTS, check_attachment
from .models import Application, JointOrganisation, ProposedAttendee


class NumberedThemesField(ChosenObjectsField):
    """The call's priorities or workshop topics, labelled «N. title» in the reader's language
    (as the call page shows them)."""

    def label_from_instance(self, obj):
        return f"{obj.number}. {obj.tr('title')}"


class JointOrganisationRow(forms.ModelForm):
    class Meta:
        model = JointOrganisation
        fields = ["name", "sector", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
        self.fields["sector"].choices = [("", "—"), *JointOrganisation.Sector.choices]


class AttendeeRow(forms.ModelForm):
    class Meta:
        model = ProposedAttendee
        fields = ["full_name", "job_title", "organisation", "email", "phone"]
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        return normalise_phone(phone) if phone else phone


JointOrganisationFormSet = forms.formset_factory(JointOrganisationRow, extra=0, max_num=30)
AttendeeFormSet = forms.formset_factory(AttendeeRow, extra=0, max_num=30)


@dataclass(frozen=True)
class Rows:
    formset: type
    prefix: str
    fields: tuple[str, ...]
    least: int  # empty rows are offered up to this many rows
    spare: int  # and this many more below the typed ones


ROWS = {
    "joint_organisations": Rows(
        JointOrganisationFormSet, "org", ("name", "sector", "role"), least=2, spare=1
    ),
    "attendees": Rows(
        AttendeeFormSet,
        "att",
        ("full_name", "job_title", "organisation", "email", "phone"),
        least=1,
        spare=0,
    ),
}
# The form fields of each block that is a field (the rows and the pair are not).
BLOCK_FIELDS = {
    "idea_title": "idea_title",
    "priorities": "priorities",
    "regions": "regions",
    "key_topics": "key_topics",
    "consent": "consent_personal_data",
    "attachments": "upload",
}


def _rows(formset, fields) -> list[dict]:
    rows = []
    for form in formset.forms:
        data = {name: (form.cleaned_data.get(name) or "") for name in fields}
        if any(str(value).strip() for value in data.values()):
            rows.append(data)
    return rows


def _initial_rows(queryset, rows: Rows) -> list[dict]:
    typed = [{name: getattr(obj, name) for name in rows.fields} for obj in queryset]
    return typed + [{} for _ in range(max(rows.least - len(typed), rows.spare))]


def _block_fields(blocks) -> set[str]:
    return {BLOCK_FIELDS[q.fixed] for q in blocks if q.fixed in BLOCK_FIELDS}


class BlocksForm(forms.ModelForm):
    """The portal's blocks that staff placed in one section (the title, priorities,
    regions, organisations, topics, attendees, files, consent), worded as the form's
    questions word them. Every field may be left empty in a draft; whether everything
    needed is there is checked on submission (``submission.missing_answers``)."""

    priorities = NumberedThemesField(
        queryset=Priority.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    regions = ChosenObjectsField(queryset=Region.objects.all(), widget=forms.CheckboxSelectMultiple)
    key_topics = NumberedThemesField(
        queryset=KeyTopic.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    upload = forms.FileField(
        # An empty file is refused by check_attachment after the answers are saved, so
        # the draft is kept; here it would refuse the whole form.
        allow_empty_file=True,
        label=_("Добавить файл"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png"}
        ),
    )

    class Meta:
        model = Application
        fields = ["idea_title", "priorities", "regions", "key_topics", "consent_personal_data"]

    def __init__(self, data=None, files=None, *, application: Application, blocks):
        super().__init__(data, files, instance=application)
        self.application = application
        self.blocks = {question.fixed: question for question in blocks}
        for block, name in BLOCK_FIELDS.items():
            if block not in self.blocks:
                self.fields.pop(name, None)
                continue
            field = self.fields[name]
            field.required = False
            if block != "attachments":
                field.label = self.blocks[block].tr("label")
            field.help_text = self.blocks[block].tr("help") or field.help_text
        for name in ("priorities", "key_topics"):
            if name in self.fields:
                model = self.fields[name].queryset.model
                self.fields[name].queryset = model.objects.filter(call=application.call_id)
        self.rows = {}
        for block, rows in ROWS.items():
            if block not in self.blocks:
                continue
            if data is not None:
                self.rows[block] = rows.formset(data, prefix=rows.prefix)
            else:
                existing = getattr(application, block).all()
                initial = _initial_rows(existing, rows)
                self.rows[block] = rows.formset(prefix=rows.prefix, initial=initial)

    def is_valid(self):
        valid = super().is_valid()
        for formset in self.rows.values():
            valid &= formset.is_valid()
        return valid

    def answers(self) -> dict:
        values = {k: v for k, v in self.cleaned_data.items() if k != "upload"}
        for block, formset in self.rows.items():
            values[block] = _rows(formset, ROWS[block].fields)
        return values

    def formsets(self) -> list:
        return list(self.rows.values())


class SectionForm:
    """One step of the application: the call's questions of the section (``AnswersForm``,
    kept in the answers document) and the portal's blocks placed in it (``BlocksForm``).
    Both check what was typed; a draft may be incomplete."""

    def __init__(self, data=None, files=None, *, application: Application, step, language=None):
        self.step = step
        blocks = [question for question in step.questions if question.is_fixed]
        # Only the section's own columns: a ModelForm reads every field it names from the
        # application (a query per list), whether or not the section shows it.
        names = [name for name in BlocksForm.Meta.fields if name in _block_fields(blocks)]
        form_class = forms.modelform_factory(Application, form=BlocksForm, fields=names)
        self.blocks = form_class(data, files, application=application, blocks=blocks)
        self.questions = AnswersForm(
            data,
            files,
            version=application.form_version,
            answers=application.answers,
            language=language or translation.get_language(),
            section=step.slug,
        )

    def is_valid(self) -> bool:
        valid = self.blocks.is_valid() & self.questions.is_valid()
        return valid and self._uploads_are_what_they_say()

    def _uploads_are_what_they_say(self) -> bool:
        """A file answering a question, of a kind the portal knows (PDF, Word, Excel, JPG,
        PNG), is checked by its content as the application's attachments are."""
        for key, upload in self.questions.uploads().items():
            suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
            if suffix in ALLOWED_ATTACHMENTS:
                try:
                    check_attachment(upload)
                except PortalError as error:
                    self.questions.add_error(key, str(error))
        return not self.questions.errors

    @property
    def errors(self) -> dict:
        return {**self.questions.errors, **self.blocks.errors}

    @property
    def cleaned_data(self) -> dict:
        return self.blocks.cleaned_data

    def non_field_errors(self):
        return self.blocks.non_field_errors()

    def add_error(self, field, error) -> None:
        target = self.questions if field in self.questions.fields else self.blocks
        target.add_error(field, error)

    def answers(self) -> dict:
        return self.blocks.answers()

    def question_answers(self) -> dict:
        return self.questions.answers()

    def uploads(self) -> dict:
        return self.questions.uploads()

    def formsets(self) -> list:
        return self.blocks.formsets()

    def items(self, file_url=None) -> list:
        """The section's questions and blocks in order, for the page: a question whose
        condition does not hold on the saved answers starts hidden (the page's script
        shows it when the answer it depends on changes), a file question shows its file."""
        answers = self.questions.initial_answers
        shown = {q.key for q in visible_questions(self.questions.version, answers)}
        items = [item for *_texts, items in self.questions.sections() for item in items]
        for item in items:
            item.hidden = item.question.key not in shown
            item.stored_file = stored_file(answers, item.question.key)
            if item.stored_file and file_url:
                item.file_url = file_url(item.question.key)
        return items


class StartApplicationForm(forms.Form):
    """Which coalition applies, and with which confirmed pair (if any)."""

    coalition = forms.ModelChoiceField(label=_("Коалиция"), queryset=None)
    partnership = forms.ModelChoiceField(
        label=_("Подать заявку"), queryset=None, required=False, empty_label=_("одна коалиция")
    )

    def __init__(self, *args, coalitions, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coalition"].queryset = coalitions
        self.fields["partnership"].queryset = partnerships


class InfoSessionForm(forms.ModelForm):
    class Meta:
        model = InfoSessionRegistration
        fields = ["full_name", "email", "organisation", "phone", "mode"]
        widgets = {
            "mode": forms.RadioSelect,
            "phone": forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
        }

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        if call.info_session_link and call.info_session_format != Call.SessionFormat.OFFLINE:
            choices.append(InfoSessionRegistration.Mode.ONLINE)
        if call.info_session_venue and call.info_session_format != Call.SessionFormat.ONLINE:
            choices.append(InfoSessionRegistration.Mode.OFFLINE)
        self.fields["mode"].choices = [(c.value, c.label) for c in choices]
        if len(choices) == 1:
            self.fields["mode"].initial = choices[0].value

    def validate_unique(self):
        # Registering again with the same e-mail updates the registration (the service).
        pass

    def validate_constraints(self):
        pass

"""Forms of the application's sections and of the information-session registration.

Section forms check the format of what was typed (an e-mail is an e-mail, a priority is
one of this call's); whether everything needed is there is checked only on submission
(``submission.missing_answers``), so a half-filled draft can always be saved.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from calls.models import Call, InfoSessionRegistration, KeyTopic, Priority
from coalitions.models import Region
from core.http import ChosenObjectsField
from core.phones import normalise_phone

from .models import Application, JointOrganisation, ProposedAttendee

TEXTAREA = forms.Textarea(attrs={"rows": 4})


class NumberedThemesField(ChosenObjectsField):
    """The call's priorities or workshop topics, labelled «N. title» in the reader's language
    (as the call page shows them)."""

    def label_from_instance(self, obj):
        return f"{obj.number}. {obj.tr('title')}"


class SectionForm(forms.ModelForm):
    """A section of the application; every field may be left empty in a draft."""

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, instance=application, **kwargs)
        self.application = application
        for field in self.fields.values():
            field.required = False

    def answers(self) -> dict:
        return dict(self.cleaned_data)

    def formsets(self) -> list:
        return []


class IdeaForm(SectionForm):
    class Meta:
        model = Application
        fields = ["idea_title", "problem", "change_sought", "decision_makers"]
        widgets = {
            "problem": TEXTAREA,
            "change_sought": TEXTAREA,
            "decision_makers": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "problem": _("Какую проблему решает кампания и чьим общественным интересам служит."),
            "change_sought": _("Что должно измениться в политике, решении или практике."),
            "decision_makers": _("Органы и люди, которые принимают нужное решение."),
        }


class FocusForm(SectionForm):
    priorities = NumberedThemesField(
        label=_("Приоритетные темы конкурса"),
        queryset=Priority.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Одна или несколько."),
    )
    regions = ChosenObjectsField(
        label=_("Целевые регионы"),
        queryset=Region.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Application
        fields = ["priorities", "regions", "vulnerable_groups"]
        widgets = {"vulnerable_groups": TEXTAREA}
        help_texts = {
            "vulnerable_groups": _("Кто из социально уязвимых групп получит пользу от кампании.")
        }

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        self.fields["priorities"].queryset = Priority.objects.filter(call=application.call)


class DataForm(SectionForm):
    class Meta:
        model = Application
        fields = ["data_existing", "data_to_collect", "data_use"]
        widgets = {name: TEXTAREA for name in fields}


class ResultsForm(SectionForm):
    class Meta:
        model = Application
        fields = ["expected_results", "experience"]
        widgets = {name: TEXTAREA for name in fields}
        help_texts = {
            "expected_results": _("Чего кампания достигнет до окончания срока реализации."),
            "experience": _("Кампании и совместные проекты, которые коалиция уже провела."),
        }


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


def _rows(formset, fields) -> list[dict]:
    rows = []
    for form in formset.forms:
        data = {name: (form.cleaned_data.get(name) or "") for name in fields}
        if any(str(value).strip() for value in data.values()):
            rows.append(data)
    return rows


def _initial_rows(queryset, fields, blanks: int) -> list[dict]:
    rows = [{name: getattr(obj, name) for name in fields} for obj in queryset]
    return rows + [{} for _ in range(blanks)]


class PartnersForm(SectionForm):
    """The organisations that will work together (edited as rows)."""

    ROW_FIELDS = ["name", "sector", "role"]

    class Meta:
        model = Application
        fields = []

    def __init__(self, data=None, *args, application, **kwargs):
        super().__init__(data, *args, application=application, **kwargs)
        if data is not None:
            self.rows = JointOrganisationFormSet(data, prefix="org")
        else:
            existing = application.joint_organisations.all()
            blanks = max(2 - len(existing), 1)
            self.rows = JointOrganisationFormSet(
                prefix="org", initial=_initial_rows(existing, self.ROW_FIELDS, blanks)
            )

    def is_valid(self):
        return super().is_valid() & self.rows.is_valid()

    def answers(self):
        return {"joint_organisations": _rows(self.rows, self.ROW_FIELDS)}

    def formsets(self):
        return [self.rows]


class WorkshopForm(SectionForm):
    ROW_FIELDS = ["full_name", "job_title", "organisation", "email", "phone"]

    key_topics = NumberedThemesField(
        label=_("Какие темы практикума вам нужнее всего"),
        queryset=KeyTopic.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Application
        fields = ["key_topics", "speaker_wishes"]
        widgets = {"speaker_wishes": TEXTAREA}
        labels = {"speaker_wishes": _("Что вы хотели бы услышать от приглашённых спикеров")}
        help_texts = {
            "speaker_wishes": _("Темы, примеры кампаний, вопросы — по ним подберут спикеров.")
        }

    def __init__(self, data=None, *args, application, **kwargs):
        super().__init__(data, *args, application=application, **kwargs)
        self.fields["key_topics"].queryset = KeyTopic.objects.filter(call=application.call)
        if data is not None:
            self.rows = AttendeeFormSet(data, prefix="att")
        else:
            existing = application.attendees.all()
            self.rows = AttendeeFormSet(
                prefix="att",
                initial=_initial_rows(existing, self.ROW_FIELDS, 0 if existing else 1),
            )

    def is_valid(self):
        return super().is_valid() & self.rows.is_valid()

    def answers(self):
        return {**self.cleaned_data, "attendees": _rows(self.rows, self.ROW_FIELDS)}

    def formsets(self):
        return [self.rows]


class AttachmentsForm(SectionForm):
    upload = forms.FileField(
        # An empty file is refused by check_attachment after the answers are saved, so
        # the draft is kept; here it would refuse the whole form.
        allow_empty_file=True,
        label=_("Добавить файл"),
        help_text=_("PDF, DOC/DOCX, XLS/XLSX, JPG или PNG."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png"}
        ),
    )

    class Meta:
        model = Application
        fields = ["consent_personal_data"]
        labels = {
            "consent_personal_data": _(
                "Я согласен(на) на обработку персональных данных, указанных в заявке, "
                "для отбора и проведения практикума"
            )
        }

    def answers(self):
        return {"consent_personal_data": self.cleaned_data["consent_personal_data"]}


SECTION_FORMS = {
    "idea": IdeaForm,
    "focus": FocusForm,
    "data": DataForm,
    "partners": PartnersForm,
    "results": ResultsForm,
    "workshop": WorkshopForm,
    "attachments": AttachmentsForm,
}


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

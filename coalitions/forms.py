from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.models import Call
from core.http import ChosenObjectsField
from core.phones import normalise_phone

from .models import Coalition, CoalitionInvitation, Interest, MemberOrganisation, Region


class CoalitionForm(forms.ModelForm):
    website = forms.URLField(label=_("сайт"), required=False, assume_scheme="https")

    class Meta:
        model = Coalition
        fields = [
            "name",
            "kind",
            "network_type",
            "description",
            "mission",
            "regions",
            "interests",
            "year_founded",
            "registration_details",
            "website",
            "contact_person",
            "contact_email",
            "contact_phone",
            "looking_for_partner",
            "partner_note",
        ]
        field_classes = {"regions": ChosenObjectsField, "interests": ChosenObjectsField}
        widgets = {
            "kind": forms.RadioSelect,
            "regions": forms.CheckboxSelectMultiple,
            "interests": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
            "mission": forms.Textarea(attrs={"rows": 3}),
            "partner_note": forms.Textarea(attrs={"rows": 3}),
            "contact_phone": forms.TextInput(
                attrs={"inputmode": "tel", "placeholder": "+996 555 123 456"}
            ),
        }
        help_texts = {
            "kind": _(
                "Гражданская — НКО и граждане; экономическая — бизнес-ассоциации и предприниматели."
            ),
            "contact_phone": _("Номер Кыргызстана: +996 и 9 цифр."),
            "partner_note": _("Коротко: какую тему вы хотите продвигать вместе с партнёром."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Coalition.Kind.choices
        self.fields["regions"].queryset = Region.objects.all()
        self.fields["interests"].queryset = Interest.objects.all()

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"]
        return normalise_phone(phone) if phone else phone

    def clean_year_founded(self):
        year = self.cleaned_data["year_founded"]
        if year is not None and not 1900 <= year <= timezone.localdate().year:
            raise forms.ValidationError(
                _("Укажите год от 1900 до %(year)d.") % {"year": timezone.localdate().year}
            )
        return year

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("looking_for_partner") and not cleaned.get("partner_note", "").strip():
            self.add_error("partner_note", _("Напишите, над чем вы хотите работать с партнёром."))
        return cleaned


class MemberOrganisationForm(forms.ModelForm):
    class Meta:
        model = MemberOrganisation
        fields = ["name", "sector", "organisation_type", "region", "contact"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = MemberOrganisation.Sector.choices
        self.fields["organisation_type"].choices = MemberOrganisation.OrganisationType.choices


class InvitePersonForm(forms.ModelForm):
    class Meta:
        model = CoalitionInvitation
        fields = ["email", "role"]
        labels = {"email": _("E-mail коллеги")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = self.Meta.model._meta.get_field("role").choices


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Сообщение владельцу коалиции"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Кто вы и от какой организации — чтобы владелец вас узнал."),
    )


class PartnerSearchForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Регион"), queryset=Region.objects.all(), required=False, empty_label=_("Все")
    )
    interest = forms.ModelChoiceField(
        label=_("Интерес"), queryset=Interest.objects.all(), required=False, empty_label=_("Все")
    )


class PairInviteForm(forms.Form):
    call = forms.ModelChoiceField(label=_("Конкурс"), queryset=Call.objects.none())
    message = forms.CharField(
        label=_("Сообщение"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Какую общую идею кампании вы предлагаете?"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        calls = Call.objects.filter(
            status=Call.Status.OPEN, application_deadline__gte=timezone.now()
        )
        self.fields["call"].queryset = calls
        if len(calls) == 1:
            self.fields["call"].initial = calls[0]

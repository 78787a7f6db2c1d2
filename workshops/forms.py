import datetime as dt

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from coalitions.models import Region
from core.phones import normalise_phone

from .models import Participant


def night_label(night: dt.date) -> str:
    """«с 12 на 13 июня», or «с 30 июня на 1 июля» across months."""
    following = night + dt.timedelta(days=1)
    same_month = night.month == following.month
    return _("с %(from)s на %(to)s") % {
        "from": formats.date_format(night, "j" if same_month else "j E"),
        "to": formats.date_format(following, "j E"),
    }


class ParticipantForm(forms.ModelForm):
    """One attendee of a coalition: who they are and what staff must arrange for them."""

    nights = forms.MultipleChoiceField(
        label=_("Нужна гостиница на ночь"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Отметьте ночи, если участник приезжает из другого города."),
    )

    class Meta:
        model = Participant
        fields = [
            "full_name",
            "job_title",
            "organisation",
            "email",
            "phone",
            "arriving_from",
            "region",
            "nights",
            "diet",
            "diet_notes",
            "accessibility",
            "photo_consent",
        ]
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "off", "inputmode": "email"}),
            "phone": forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
            "accessibility": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "accessibility": _("Например: пандус, сопровождающий, крупный шрифт, сурдоперевод."),
            "photo_consent": _("Фото и видео с практикума могут появиться в отчётах программы."),
        }

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["nights"].choices = [
            (night.isoformat(), night_label(night)) for night in event.nights
        ]
        self.fields["region"].queryset = Region.objects.order_by("name")
        self.fields["email"].required = True
        if self.instance.pk:
            self.initial.setdefault("nights", self.instance.nights)

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        return normalise_phone(phone) if phone else phone

    def clean_nights(self):
        return sorted(self.cleaned_data.get("nights") or [])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("diet") == Participant.Diet.OTHER and not cleaned.get("diet_notes"):
            self.add_error("diet_notes", _("Уточните, какое питание нужно."))
        return cleaned


class BaseParticipantFormSet(forms.BaseModelFormSet):
    default_error_messages = {
        **forms.BaseModelFormSet.default_error_messages,
        "too_many_forms": _("От одной коалиции — не более %(num)d участников."),
    }

    def __init__(self, *args, event, **kwargs):
        self.event = event
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "event": self.event}

    def clean(self):
        super().clean()
        seen = {}
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            email = (form.cleaned_data.get("email") or "").lower()
            if email and email in seen:
                form.add_error("email", _("Этот e-mail уже указан у другого участника."))
            seen[email] = form


def participant_formset(*, event, coalition, data=None, initial=None):
    limit = event.call.attendees_per_coalition
    queryset = Participant.objects.filter(event=event, coalition=coalition).order_by("pk")
    existing = queryset.count()
    initial = (initial or [])[: max(limit - existing, 0)]
    FormSet = forms.modelformset_factory(
        Participant,
        form=ParticipantForm,
        formset=BaseParticipantFormSet,
        extra=max(limit - existing, 0),
        max_num=limit,
        validate_max=True,
        absolute_max=limit,
        can_delete=True,
    )
    return FormSet(data, queryset=queryset, initial=initial, prefix="p", event=event)

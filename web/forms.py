"""Forms of the web pages. They only collect input; the services decide and refuse."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from nominations.models import AwardKind, Round, Unit
from nominations.states import Status
from web import labels


def _choices(table: dict[str, Any], codes: Any = None) -> list[tuple[str, Any]]:
    return [(code, label) for code, label in table.items() if codes is None or code in codes]


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label=pgettext_lazy("vinhdanh", "Username"), max_length=150, widget=forms.TextInput(attrs={"autofocus": True})
    )
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    error_messages = {
        "invalid_login": _("Wrong username or password."),
        "inactive": _("This account is disabled."),
    }


class NominationCreateForm(forms.Form):
    round = forms.ModelChoiceField(label=_("Round"), queryset=Round.objects.none(), empty_label=None)
    award_kind = forms.ModelChoiceField(
        label=_("Award kind"), queryset=AwardKind.objects.all(), to_field_name="code", empty_label=None
    )
    title = forms.CharField(label=_("Title (trích yếu)"), max_length=300)
    summary = forms.CharField(
        label=_("Summary of achievements"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, rounds: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["round"]).queryset = rounds


class NominationEditForm(forms.Form):
    # Several forms share the edit page: each has its own id prefix, the field names stay plain.
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "file_%s")
        super().__init__(*args, **kwargs)

    title = forms.CharField(label=_("Title (trích yếu)"), max_length=300)
    summary = forms.CharField(
        label=_("Summary of achievements"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    # The unit's own tờ trình, which the decision cites ("Xét đề nghị của … tại Tờ trình số … ngày …").
    proposal_number = forms.CharField(
        label=_("Number of the unit's proposal (tờ trình)"),
        required=False,
        max_length=30,
        help_text=_("As in the unit's own register, e.g. 12/TTr-HLHPN."),
    )
    proposal_date = forms.DateField(
        label=_("Date of the proposal"),
        required=False,
        # The browser's date picker reads and sends ISO dates, whatever the page's language.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class NomineeForm(forms.Form):
    """One nominee row; the service checks each field and names the one it refuses."""

    kind = forms.ChoiceField(label=_("Nominee kind"))
    name = forms.CharField(label=_("Full name / name of the collective"), max_length=300)
    honorific = forms.ChoiceField(
        label=_("Honorific"), required=False, choices=[("", "—"), ("Ông", "Ông"), ("Bà", "Bà")]
    )
    gender = forms.ChoiceField(label=_("Gender"), required=False, choices=[("", "—"), *_choices(labels.GENDER)])
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1900, max_value=2100)
    ethnicity = forms.CharField(label=_("Ethnicity"), required=False, max_length=50)
    position = forms.CharField(label=_("Position"), required=False, max_length=200)
    unit_name = forms.CharField(label=_("Workplace"), required=False, max_length=300)
    address = forms.CharField(label=_("Address (khóm)"), required=False, max_length=300)
    citizen_id = forms.CharField(
        label=_("Citizen ID (CCCD)"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    achievements = forms.CharField(
        label=_("Achievement printed on the certificate"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    DETAIL_FIELDS = ("honorific", "gender", "birth_year", "ethnicity", "position", "unit_name", "address", "citizen_id")

    def __init__(self, *args: Any, award_kind: AwardKind, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "nominee_%s")
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = _choices(labels.NOMINEE_KIND, award_kind.nominee_kinds)

    def payload(self) -> dict[str, Any]:
        data = self.cleaned_data
        details = {key: data[key] for key in self.DETAIL_FIELDS if data.get(key) not in (None, "")}
        return {"kind": data["kind"], "name": data["name"], "achievements": data["achievements"], "details": details}


class AttachmentForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "attachment_%s")
        super().__init__(*args, **kwargs)

    kind = forms.ChoiceField(label=_("Document kind"), choices=_choices(labels.ATTACHMENT_KIND))
    file = forms.FileField(
        label=_("File (PDF, DOCX, XLSX, JPEG or PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"}),
    )


class TransitionForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "action_%s")
        super().__init__(*args, **kwargs)

    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class _ScopedFilterForm(forms.Form):
    round = forms.ModelChoiceField(
        label=_("Round"), queryset=Round.objects.none(), required=False, empty_label=_("All")
    )
    award_kind = forms.ModelChoiceField(
        label=_("Award kind"),
        queryset=AwardKind.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All"),
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("All"))

    def __init__(self, *args: Any, rounds: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["round"]).queryset = rounds
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units

    def apply(self, qs: Any) -> Any:
        if not self.is_valid():
            return qs
        data = self.cleaned_data
        if data.get("round"):
            qs = qs.filter(round=data["round"])
        if data.get("award_kind"):
            qs = qs.filter(award_kind=data["award_kind"])
        if data.get("unit"):
            qs = qs.filter(unit=data["unit"])
        return qs


class NominationFilterForm(_ScopedFilterForm):
    status = forms.ChoiceField(label=_("Status"), required=False)
    q = forms.CharField(label=_("Search by reference or title"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("All")),
            *_choices(labels.STATUS, Status.values),
        ]

    def apply(self, qs: Any) -> Any:
        qs = super().apply(qs)
        if not self.is_valid():
            return qs
        if self.cleaned_data.get("status"):
            qs = qs.filter(status=self.cleaned_data["status"])
        text = self.cleaned_data.get("q", "").strip()
        if text:
            qs = qs.filter(Q(reference__icontains=text) | Q(title__icontains=text))
        return qs


class QueueFilterForm(_ScopedFilterForm):
    due = forms.ChoiceField(
        label=_("Due"),
        required=False,
        choices=[("", _("All")), ("overdue", _("Overdue")), ("week", _("Due within 7 days"))],
    )

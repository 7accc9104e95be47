"""Forms of remote living: every field with a visible label, dates as native pickers."""
from django import forms

from yinling.core.forms import DateInput, StyledFormMixin

from .models import Certification, Claim, Residence


class ResidenceForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Residence
        fields = ["address", "hospital", "contact_name", "contact_relation", "contact_phone", "filing", "filed_on", "note"]
        widgets = {"filed_on": DateInput()}


class CertificationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Certification
        fields = ["on", "method", "note"]
        widgets = {"on": DateInput(), "method": forms.RadioSelect}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class DocumentsField(forms.FileField):
    """Several bills in one field (Django's documented recipe): cleaned to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        one = super().clean
        if isinstance(data, (list, tuple)):
            return [one(item, initial) for item in data]
        return [one(data, initial)] if data else []


class ClaimForm(StyledFormMixin, forms.ModelForm):
    documents = DocumentsField(label="票据和材料", help_text="发票、费用清单、出院小结的照片或 PDF，每个不超过 10 MB")

    class Meta:
        model = Claim
        fields = ["submitted_on", "hospital", "treated_from", "treated_to", "billed", "note"]
        widgets = {"submitted_on": DateInput(), "treated_from": DateInput(), "treated_to": DateInput()}


class ClaimStepForm(StyledFormMixin, forms.Form):
    to = forms.ChoiceField(label="办理", choices=Claim.Status.choices, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    amount = forms.DecimalField(label="金额（元）", required=False, min_value=0, max_digits=10, decimal_places=2,
                                widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}))
    on = forms.DateField(label="支付日期", required=False, widget=DateInput())
    note = forms.CharField(label="说明", max_length=200, required=False)


class AttachForm(StyledFormMixin, forms.Form):
    documents = DocumentsField(label="补充材料")

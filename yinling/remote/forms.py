"""Forms of remote living: every field with a visible label, dates as native pickers."""
from django import forms

from yinling.core.forms import DateInput, StyledFormMixin

from .models import Certification, Residence


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

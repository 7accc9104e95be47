"""Forms of the travel register: every field with a visible label, dates as native pickers."""
from django import forms

from yinling.core.forms import DateInput, StyledFormMixin

from .models import Passport, Trip


class TripForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Trip
        fields = ["destination", "abroad", "leaves_on", "returns_on", "purpose", "companions"]
        widgets = {"leaves_on": DateInput(), "returns_on": DateInput()}
        help_texts = {"abroad": "出国（境）须经工作处同意；保管的证件在同意后领出"}


class PassportForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Passport
        fields = ["kind", "number_tail", "expires_on", "received_on"]
        widgets = {"expires_on": DateInput(), "received_on": DateInput()}
        help_texts = {"number_tail": "只记后四位，完整证件号不录入系统"}


class DecideForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label="审批意见", max_length=200, required=False)


class DayForm(StyledFormMixin, forms.Form):
    on = forms.DateField(label="日期", widget=DateInput())

"""Forms of the health-check pages."""
from django import forms

from yinling.core.forms import DateInput, StyledFormMixin

from .models import Batch, DoctorContract, Enrollment, Finding, HealthCheck


class CheckForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = HealthCheck
        fields = ["year", "name", "starts_on", "ends_on", "notes"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}


class BatchForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Batch
        fields = ["hospital", "on", "capacity", "meeting_point"]
        widgets = {"on": DateInput()}


class EnrollForm(StyledFormMixin, forms.Form):
    mode = forms.ChoiceField(label="体检方式", choices=Enrollment.Mode.choices, widget=forms.RadioSelect)
    batch = forms.ModelChoiceField(label="批次", queryset=Batch.objects.none(), required=False)

    def __init__(self, *args, batches=(), remote: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["batch"].queryset = Batch.objects.filter(pk__in=[b.pk for b in batches])
        self.fields["batch"].label_from_instance = lambda b: f"{b}（剩余 {max(b.capacity - getattr(b, 'taken', 0), 0)} 个名额）"
        if not remote:  # coming back or a local check are for those who live far away
            self.fields["mode"].choices = [(Enrollment.Mode.BATCH, Enrollment.Mode.BATCH.label)]


class DeclineForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="不参加的原因", max_length=100)


class FindingForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Finding
        fields = ["item", "level"]


class FollowForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label="跟进情况", max_length=200)
    close = forms.BooleanField(label="已跟进完成", required=False)


class ContractForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = DoctorContract
        fields = ["doctor", "clinic", "signed_on", "ends_on"]
        widgets = {"signed_on": DateInput(), "ends_on": DateInput()}

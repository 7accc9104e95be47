"""Forms of the care pages: every field with a visible label, dates as native pickers."""
from decimal import Decimal

from django import forms
from django.utils import timezone

from yinling.core.forms import DateInput, StyledFormMixin
from yinling.roster.models import Person

from .models import Campaign, Contact, HardshipAid, HospitalStay, ServiceRequest
from .services import TARGET_FLAGS


def money(label: str, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, min_value=Decimal("0"), max_digits=9, decimal_places=2,
                              widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe): cleaned to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        one = super().clean
        if isinstance(data, (list, tuple)):
            return [one(item, initial) for item in data]
        return [one(data, initial)] if data else []


class ContactForm(StyledFormMixin, forms.ModelForm):
    money = money("慰问金（元）")
    photos = MultipleFileField(label="照片", required=False, help_text="可选，JPG 或 PNG，每张不超过 10 MB，最多 6 张")

    class Meta:
        model = Contact
        fields = ["on", "mode", "kind", "leaders", "gifts", "money", "notes"]
        widgets = {"on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"leaders": "一同走访的校领导、单位领导，用顿号分隔"}

    def __init__(self, *args, visitors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visitors"] = forms.ModelMultipleChoiceField(label="走访人", queryset=visitors, required=False,
                                                                 widget=forms.CheckboxSelectMultiple)
        self.order_fields(["on", "mode", "kind", "visitors", "leaders", "gifts", "money", "notes", "photos"])


class CampaignForm(StyledFormMixin, forms.ModelForm):
    categories = forms.MultipleChoiceField(label="人员类别", choices=Person.Category.choices, required=False,
                                           widget=forms.CheckboxSelectMultiple, help_text="不选即全部类别")
    min_age = forms.IntegerField(label="年龄不低于（周岁）", required=False, min_value=50, max_value=110)
    flags = forms.MultipleChoiceField(label="重点人群（符合其一即可）", choices=[(k, v[0]) for k, v in TARGET_FLAGS.items()],
                                      required=False, widget=forms.CheckboxSelectMultiple)
    residence = forms.ChoiceField(label="居住地", choices=[("", "不限"), *Person.Residence.choices], required=False)

    class Meta:
        model = Campaign
        fields = ["kind", "name", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"] = forms.ModelMultipleChoiceField(label="原单位（不选即全部）", queryset=units, required=False,
                                                              widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 5}))

    def rule(self) -> dict:
        data = self.cleaned_data
        return {k: v for k, v in {
            "categories": list(data["categories"]), "min_age": data["min_age"], "flags": list(data["flags"]),
            "residence": data["residence"], "units": [u.pk for u in data["units"]],
        }.items() if v}


class CloseForm(StyledFormMixin, forms.Form):
    summary = forms.CharField(label="活动总结", widget=forms.Textarea(attrs={"rows": 5}), max_length=2000)


class StayForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = HospitalStay
        fields = ["hospital", "department", "admitted_on", "notes"]
        widgets = {"admitted_on": DateInput()}


class DischargeForm(StyledFormMixin, forms.Form):
    discharged_on = forms.DateField(label="出院日期", widget=DateInput(), initial=timezone.localdate)


class RequestForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ServiceRequest
        fields = ["category", "urgent", "via", "caller", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"urgent": "紧急工单须在 2 小时内响应", "caller": "家属或他人代为反映时填写"}


class StepForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label="说明", required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class RateForm(StyledFormMixin, forms.Form):
    rating = forms.TypedChoiceField(label="满意度", coerce=int, choices=[(5, "5 分 非常满意"), (4, "4 分 满意"), (3, "3 分 一般"),
                                                                      (2, "2 分 不太满意"), (1, "1 分 不满意")],
                                    widget=forms.RadioSelect)
    comment = forms.CharField(label="评价意见", required=False, max_length=200)


class AidForm(StyledFormMixin, forms.ModelForm):
    amount_asked = money("申请金额（元）", required=True)

    class Meta:
        model = HardshipAid
        fields = ["reason", "amount_asked", "applied_on"]
        widgets = {"applied_on": DateInput()}


class AidDecisionForm(StyledFormMixin, forms.Form):
    amount_approved = money("批准金额（元）")
    approved_on = forms.DateField(label="审批日期", widget=DateInput(), initial=timezone.localdate)


class CadenceForm(StyledFormMixin, forms.Form):
    interval_days = forms.IntegerField(label="间隔天数", min_value=1, max_value=366)


class ClockForm(StyledFormMixin, forms.Form):
    category = forms.ChoiceField(choices=ServiceRequest.Category.choices)
    hours = forms.IntegerField(label="一般（小时）", min_value=1, max_value=168)
    urgent_hours = forms.IntegerField(label="紧急（小时）", min_value=1, max_value=168)

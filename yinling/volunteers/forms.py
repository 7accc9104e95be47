"""Forms of the volunteers' pages."""
from decimal import Decimal

from django import forms

from yinling.core.forms import DateInput, StyledFormMixin

from .models import Kind, ServiceRecord, Task, Volunteer


class VolunteerForm(StyledFormMixin, forms.ModelForm):
    kinds = forms.MultipleChoiceField(label="服务类型", choices=Kind.choices, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Volunteer
        fields = ["name", "student_no", "college", "phone", "kinds", "joined_on", "active"]
        widgets = {"joined_on": DateInput(), "phone": forms.TextInput(attrs={"inputmode": "tel"})}


class TaskForm(StyledFormMixin, forms.ModelForm):
    person_q = forms.CharField(label="服务对象（姓名或拼音首字母）", required=False, max_length=30,
                               help_text="结对服务填服务对象；活动导护等填下面的活动名称")

    class Meta:
        model = Task
        fields = ["kind", "event", "starts_on", "ends_on", "notes"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}
        help_texts = {"ends_on": "长期结对可不填"}

    field_order = ["kind", "person_q", "event", "starts_on", "ends_on", "notes"]


class HoursForm(StyledFormMixin, forms.ModelForm):
    hours = forms.DecimalField(label="时长（小时）", min_value=Decimal("0.5"), max_value=Decimal("12"), decimal_places=1,
                               widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}))

    class Meta:
        model = ServiceRecord
        fields = ["on", "task", "hours", "note"]
        widgets = {"on": DateInput()}

    def __init__(self, *args, tasks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = tasks if tasks is not None else Task.objects.none()
        self.fields["task"].required = False
        self.fields["task"].label_from_instance = lambda t: f"{t.get_kind_display()}：{t.person.name if t.person_id else t.event}"

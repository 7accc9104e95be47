"""Forms of the roster pages. Validation messages are Chinese and sit on the field at fault."""
from django import forms
from django.forms import inlineformset_factory

from yinling.core.forms import DateInput, StyledFormMixin
from yinling.core.models import OrgUnit
from yinling.lib import ages, idcard
from yinling.lib.mask import mask_numbers_in
from yinling.lib.text import clean, clean_name

from . import fields
from .models import EmergencyContact, Person, Tag
from .quality import CHECKS
from .selectors import FLAG_FILTERS, HEALTH_FLAGS, SORTS, PersonFilters
from .visibility import HEALTH

SORT_LABELS = {"name": "按姓名拼音", "age_desc": "年龄从大到小", "age_asc": "年龄从小到大", "unit": "按原单位", "retired": "按离退休时间"}


def _blank(choices, label="全部"):
    return [("", label), *choices]


class PersonFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="查找", required=False, widget=forms.TextInput(attrs={"placeholder": "姓名、拼音首字母（如 zjz）、身份证或电话后几位", "type": "search"}))
    category = forms.ChoiceField(label="人员类别", required=False, choices=_blank(Person.Category.choices))
    unit = forms.ModelChoiceField(label="原单位", required=False, queryset=OrgUnit.objects.none(), empty_label="全部")
    age_band = forms.ChoiceField(label="年龄段", required=False, choices=_blank([(k, label) for k, label, _, _ in ages.AGE_BANDS]))
    health = forms.ChoiceField(label="健康状况", required=False, choices=_blank(Person.Health.choices))
    living = forms.ChoiceField(label="居住情况", required=False, choices=_blank(Person.Living.choices))
    residence = forms.ChoiceField(label="居住地", required=False, choices=_blank(Person.Residence.choices))
    political = forms.ChoiceField(label="政治面貌", required=False, choices=_blank(Person.Political.choices))
    flags = forms.MultipleChoiceField(label="关爱标记", required=False, choices=[(k, v[0]) for k, v in FLAG_FILTERS.items()], widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))
    status = forms.ChoiceField(label="状态", required=False, choices=[*Person.Status.choices, ("all", "全部")])
    sort = forms.ChoiceField(label="排序", required=False, choices=list(SORT_LABELS.items()))
    quality = forms.ChoiceField(label="数据问题", required=False, choices=[("", "—"), *((c.key, c.label) for c in CHECKS)],
                                widget=forms.HiddenInput)
    no_unit = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, units=None, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units
        if groups is not None and HEALTH not in groups:
            # Filtering on health or hardship would tell what the list does not show.
            del self.fields["health"], self.fields["living"]
            self.fields["flags"].choices = [(k, label) for k, label in self.fields["flags"].choices if k not in HEALTH_FLAGS]

    def describe(self) -> str:
        """The filter in words (人员类别：离休；年龄段：90–99岁), for a printed title, an export's job and its audit note."""
        if not self.is_valid():
            return ""
        parts = []
        for name, value in self.cleaned_data.items():
            field = self.fields[name]
            if not value or name == "sort" or not field.label:
                continue
            if hasattr(field, "choices") and not hasattr(value, "pk"):
                labels = dict(field.choices)
                shown = "、".join(str(labels.get(v, v)) for v in (value if isinstance(value, list) else [value]))
            else:
                shown = str(value)
            parts.append(f"{field.label}：{shown}")
        return mask_numbers_in("；".join(parts))  # an ID or phone number searched for is shown masked

    def to_filters(self) -> PersonFilters:
        data = self.cleaned_data if self.is_valid() else {}
        unit = data.get("unit")
        return PersonFilters(
            q=data.get("q", ""),
            category=data.get("category", ""),
            unit=unit.pk if unit else None,
            age_band=data.get("age_band", ""),
            health=data.get("health", ""),
            living=data.get("living", ""),
            residence=data.get("residence", ""),
            political=data.get("political", ""),
            flags=data.get("flags", []),
            status=data.get("status") or Person.Status.ACTIVE,
            sort=data.get("sort") if data.get("sort") in SORTS else "name",
            quality=data.get("quality", ""),
            no_unit=bool(data.get("no_unit")),
        )


PERSON_FIELDS = fields.FORM_FIELDS


class PersonForm(StyledFormMixin, forms.ModelForm):
    id_number = forms.CharField(label="身份证号", required=False, max_length=30,
                                help_text="18位；旧式15位号码会自动升级。出生日期和性别将按身份证号核对。")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1)
    hobbies = forms.ModelMultipleChoiceField(label="爱好特长", required=False, queryset=Tag.objects.filter(kind=Tag.Kind.HOBBY), widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))
    service_needs = forms.ModelMultipleChoiceField(label="服务需求", required=False, queryset=Tag.objects.filter(kind=Tag.Kind.NEED), widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))

    class Meta:
        model = Person
        fields = PERSON_FIELDS
        widgets = {
            "birth_date": DateInput(), "retirement_date": DateInput(), "work_start_date": DateInput(), "notes": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "phone2": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }
        error_messages = {
            "name": {"required": "请填写姓名。"},
            "gender": {"required": "请选择性别。"},
            "category": {"required": "请选择人员类别。"},
        }

    def __init__(self, *args, units=None, grids=None, unit_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gender"].required = False  # may come from the ID number
        if unit_required:  # a care officer: their units only; the grid stays as the office set it
            self.fields["unit"].required = True
            self.fields["unit"].error_messages["required"] = "请选择原单位（您只能为本单位的同志建档）。"
            self.fields["grid"].disabled = True
            self.fields["grid"].help_text = "由离退休工作处安排。"
        if units is not None:
            self.fields["unit"].queryset = units
        if grids is not None:
            self.fields["grid"].queryset = grids
        if self.instance.pk and self.instance.id_number_tail:
            # The full number never goes into the page; typing a new one replaces it.
            self.fields["id_number"].help_text = f"当前：{self.instance.id_number_masked}。留空则不修改；填写新号码将替换原号码。"
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
            self.initial["hobbies"] = list(self.instance.hobbies.all())
            self.initial["service_needs"] = list(self.instance.service_needs.all())

    def sections(self) -> list[tuple[str, list[tuple[forms.BoundField, str]]]]:
        """The form's sections (roster.fields) as (legend, [(bound field, layout)]) for the template."""
        def layout(bound):
            widget = bound.field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                return "choices"
            if isinstance(widget, forms.CheckboxInput):
                return "check"
            return "wide" if isinstance(widget, forms.Textarea) else ""

        return [(legend, [(self[name], layout(self[name])) for name in names]) for legend, names in fields.form_sections()]

    def clean_name(self):
        name = clean_name(self.cleaned_data.get("name"))
        if not name:
            raise forms.ValidationError("请填写姓名。")
        return name

    def clean_phone(self):
        return _clean_phone(self.cleaned_data.get("phone"))

    def clean_phone2(self):
        return _clean_phone(self.cleaned_data.get("phone2"))

    def clean_id_number(self):
        raw = self.cleaned_data.get("id_number", "")
        if not raw.strip():
            return ""
        try:
            return idcard.parse(raw).number
        except idcard.IdCardError as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self):
        data = super().clean()
        if self.has_error("version"):  # a hidden field: say it where it is seen
            self.add_error(None, "页面数据有误，请刷新页面后重新修改。")
        number = data.get("id_number")
        if number:
            card = idcard.parse(number)
            for field, message in idcard.disagreements(card, data.get("birth_date"), data.get("gender")).items():
                self.add_error(field, message)
        elif not data.get("gender"):
            self.add_error("gender", "请选择性别，或填写身份证号以自动识别。")
        if data.get("residence") == Person.Residence.REMOTE and not data.get("residence_city"):
            self.add_error("residence_city", "异地居住的同志请填写所在城市。")
        return data

    def person_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in PERSON_FIELDS if name in self.cleaned_data}


def _clean_phone(value: str | None) -> str:
    value = clean(value)
    if not value:
        return ""
    compact = "".join(ch for ch in value if ch.isdigit() or ch in "-+")
    digits = "".join(ch for ch in compact if ch.isdigit())
    if len(digits) < 7 or len(digits) > 15:
        raise forms.ValidationError("电话号码位数不对：手机为11位，座机请带区号。")
    if len(digits) == 11 and digits.startswith("1") and not digits.startswith(("13", "14", "15", "16", "17", "18", "19")):
        raise forms.ValidationError("手机号码应以13–19开头。")
    return compact


class ContactForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = EmergencyContact
        fields = ["name", "relation", "phone", "is_primary"]
        error_messages = {"name": {"required": "请填写联系人姓名。"}, "relation": {"required": "请填写与本人的关系。"}, "phone": {"required": "请填写联系电话。"}}

    def clean_phone(self):
        return _clean_phone(self.cleaned_data.get("phone"))


ContactFormSet = inlineformset_factory(Person, EmergencyContact, form=ContactForm, extra=1, can_delete=True, max_num=10)


class ArchiveForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label="归档原因", choices=[(Person.Status.DECEASED, "去世"), (Person.Status.MOVED, "迁出")], widget=forms.RadioSelect(attrs={"class": "form-check-input"}))
    effective_date = forms.DateField(label="日期", widget=DateInput(), error_messages={"required": "请填写去世或迁出的日期。", "invalid": "日期格式不正确。"})
    place = forms.CharField(label="去世地点", max_length=100, required=False, widget=forms.TextInput(attrs={"placeholder": "如：附属医院"}),
                            help_text="去世时填写。")
    reason = forms.CharField(label="说明", max_length=200, required=False, widget=forms.TextInput(attrs={"placeholder": "如：迁往外省随子女居住"}))


class RestoreForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="撤销原因", max_length=200, widget=forms.TextInput(attrs={"placeholder": "如：误将同名同志归档"}),
                             error_messages={"required": "请填写撤销归档的原因。"})

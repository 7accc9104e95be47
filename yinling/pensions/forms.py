"""Forms of the pension pages. The rules form is the notice's parts, field by field; it builds the same
JSON document a rules file carries (lib.pension), so both are checked by one parser."""
import json
from decimal import Decimal

from django import forms

from yinling.core.forms import DateInput, StyledFormMixin
from yinling.lib import pension

from .models import BenefitRule, DependantAllowance, ItemKind

BANDS = 4


def money(label: str, required: bool = False, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, min_value=Decimal("0"), max_value=Decimal("100000"), max_digits=9,
                              decimal_places=2, help_text=help_text,
                              widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}))


class MonthField(forms.DateField):
    """A month typed as 2026-01 (a native month picker where the browser has one)."""

    widget = forms.DateInput(attrs={"type": "month", "placeholder": "2026-01"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%Y-%m-%d", "%Y年%m月"]
    default_error_messages = {"invalid": "请按“2026-01”的格式填写月份。"}


class ItemForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="项目", choices=ItemKind.choices)
    amount = money("月金额（元）", required=True)
    effective_from = MonthField(label="起始月份")
    document_no = forms.CharField(label="批准文号", max_length=60)
    note = forms.CharField(label="说明", max_length=200, required=False)


class ServiceYearsForm(StyledFormMixin, forms.Form):
    years = forms.IntegerField(label="工龄（年）", min_value=0, max_value=70)
    months = forms.IntegerField(label="又（月）", min_value=0, max_value=11, initial=0)
    reason = forms.CharField(label="录入原因", max_length=200, help_text="如：参军时间计入工龄、工作中断等，记入审计日志")


class RulesFileForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="规则文件（JSON）", help_text="省人社厅、财政厅文件整理成的调整规则文件，格式见使用说明")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 100_000:
            raise forms.ValidationError("规则文件不应超过 100 KB。")
        try:
            return json.loads(upload.read().decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise forms.ValidationError("文件不是有效的 JSON 规则文件。") from None


class RulesForm(StyledFormMixin, forms.Form):
    """The notice's parts. Empty amounts are 0: a notice without a part leaves it blank."""

    kind = forms.ChoiceField(label="调整类型", choices=list(pension.KINDS.items()), widget=forms.RadioSelect)
    name = forms.CharField(label="调整名称", max_length=80, widget=forms.TextInput(attrs={"placeholder": "如：2026年调整退休人员基本养老金"}))
    notice = forms.CharField(label="批准文号", max_length=60, widget=forms.TextInput(attrs={"placeholder": "如：苏人社发〔2026〕88号"}))
    effective_month = MonthField(label="生效月份")
    retired_on_or_before = forms.DateField(label="离退休截止日期（含）", required=False, widget=DateInput(),
                                           help_text="在此日期及以前办理离退休手续的人员参加调整")
    categories = forms.MultipleChoiceField(label="适用人员类别", choices=list(pension.CATEGORIES.items()), widget=forms.CheckboxSelectMultiple)
    fixed = money("定额调整（元/月）")
    per_year = money("工龄每满一年增加（元/月）")
    part_year = forms.ChoiceField(label="不满一年的工龄", choices=list(pension.PART_YEAR_RULES.items()), widget=forms.RadioSelect,
                                  initial=pension.WHOLE)
    percent = forms.DecimalField(label="按基本养老金增加的比例（%）", required=False, min_value=Decimal("0"), max_value=Decimal("100"),
                                 decimal_places=3, widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.001"}))
    reference_month = MonthField(label="比例挂钩的参照月份", required=False, help_text="按本人这个月的基本养老金计算比例")
    age_reference = forms.DateField(label="年龄计算截止日", required=False, widget=DateInput(), help_text="高龄倾斜按这一天的周岁年龄")
    rounding_unit = forms.ChoiceField(label="尾数保留到", choices=list(pension.ROUNDING_UNITS.items()), initial="0.01")
    rounding_mode = forms.ChoiceField(label="尾数处理方式", choices=[(k, v[1]) for k, v in pension.ROUNDING_MODES.items()], initial="half_up")
    note = forms.CharField(label="备注", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def sections(self) -> list[tuple[str, list]]:
        """The form's fields by the notice's parts, for the template."""
        named = lambda *names: [self[n] for n in names]  # noqa: E731
        return [
            ("基本信息", named("kind", "name", "notice", "effective_month", "retired_on_or_before", "categories")),
            ("定额和挂钩调整", named("fixed", "per_year", "part_year", "percent", "reference_month")),
            ("高龄倾斜", [self["age_reference"], *(self[f"band{i}_{p}"] for i in range(1, BANDS + 1) for p in ("from", "to", "amount"))]),
            ("其他倾斜", [self[f"group_{g}"] for g in pension.GROUPS]),
            ("离休费随在职人员增资（仅调整离休费时填写）", [self[f"rank_{r}"] for r in pension.RANKS]),
            ("尾数处理", named("rounding_unit", "rounding_mode", "note")),
        ]

    def document(self) -> dict:
        d = self.cleaned_data
        amount = lambda v: str(v or Decimal("0"))  # noqa: E731
        bands = [{"from": d[f"band{i}_from"], "to": d[f"band{i}_to"], "amount": amount(d[f"band{i}_amount"])}
                 for i in range(1, BANDS + 1) if d.get(f"band{i}_from") is not None]
        return {
            "format": pension.FORMAT, "kind": d["kind"], "name": d["name"], "notice": d["notice"],
            "effective_month": f"{d['effective_month']:%Y-%m}",
            "eligibility": {"retired_on_or_before": d["retired_on_or_before"].isoformat() if d["retired_on_or_before"] else None,
                            "categories": d["categories"]},
            "fixed": amount(d["fixed"]),
            "per_year_of_service": {"amount": amount(d["per_year"]), "part_year": d["part_year"]},
            "percent_of_basic": {"percent": str(d["percent"] or 0),
                                 "reference_month": f"{d['reference_month']:%Y-%m}" if d["reference_month"] else None},
            "age_tilts": {"reference_date": d["age_reference"].isoformat() if d["age_reference"] else None, "bands": bands},
            "group_tilts": [{"group": g, "amount": amount(d[f"group_{g}"])} for g in pension.GROUPS if d.get(f"group_{g}")],
            "by_rank": {r: amount(d[f"rank_{r}"]) for r in pension.RANKS if d.get(f"rank_{r}")},
            "rounding": {"unit": d["rounding_unit"], "mode": d["rounding_mode"]},
            "note": d["note"],
        }

    @classmethod
    def initial_from(cls, rules: pension.Rules) -> dict:
        initial = {"kind": rules.kind, "name": rules.name, "notice": rules.notice, "effective_month": rules.effective_month,
                   "retired_on_or_before": rules.retired_on_or_before, "categories": list(rules.categories), "fixed": rules.fixed,
                   "per_year": rules.per_year, "part_year": rules.part_year, "percent": rules.percent, "reference_month": rules.reference_month,
                   "age_reference": rules.age_reference, "rounding_unit": rules.rounding_unit, "rounding_mode": rules.rounding_mode,
                   "note": rules.note}
        for i, band in enumerate(rules.age_bands, start=1):
            initial |= {f"band{i}_from": band.from_age, f"band{i}_to": band.to_age, f"band{i}_amount": band.amount}
        initial |= {f"group_{g}": a for g, a in rules.group_tilts} | {f"rank_{r}": a for r, a in rules.by_rank}
        return initial


# The repeated parts of the notice (age bands, groups, ranks) as fields of the form's class, so every
# instance gets them styled like the rest.
for _i in range(1, BANDS + 1):
    RulesForm.base_fields[f"band{_i}_from"] = forms.IntegerField(label=f"高龄倾斜第{_i}档：起始年龄", required=False, min_value=50, max_value=120)
    RulesForm.base_fields[f"band{_i}_to"] = forms.IntegerField(label=f"第{_i}档：截止年龄（含，空为及以上）", required=False, min_value=50,
                                                               max_value=120)
    RulesForm.base_fields[f"band{_i}_amount"] = money(f"第{_i}档：每月增加（元）")
for _group, _label in pension.GROUPS.items():
    RulesForm.base_fields[f"group_{_group}"] = money(f"倾斜：{_label}每月增加（元）")
for _rank, _label in pension.RANKS.items():
    RulesForm.base_fields[f"rank_{_rank}"] = money(f"离休费：{_label}每月增加（元）")


class RunForm(StyledFormMixin, forms.Form):
    pay_from = MonthField(label="按新标准发放的起始月份", help_text="此前已按原标准发放的月份，计算补发")


class DiscardForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="作废原因", max_length=300)


class BenefitRuleForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = BenefitRule
        fields = ["year", "benefit", "category", "basis", "value", "yearly_figure", "document_no"]
        help_texts = {"value": "固定金额填元数；按公布数额填倍数；按月数填月数", "yearly_figure": "如上年度全省城镇非私营单位在岗职工年平均工资"}


class AllowanceForm(StyledFormMixin, forms.ModelForm):
    starts_on = MonthField(label="起始月份")
    ends_on = MonthField(label="截止月份", required=False)

    class Meta:
        model = DependantAllowance
        fields = ["name", "relation", "monthly", "starts_on", "ends_on", "document_no"]


class RecoveredForm(StyledFormMixin, forms.Form):
    on = forms.DateField(label="追回日期", widget=DateInput())

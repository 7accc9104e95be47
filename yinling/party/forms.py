"""Forms of the Party pages. Attendance is not a form field: the meeting page posts one
`absent_<membership id>` reason per member who was absent (services.Attendances)."""
from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms

from yinling.core.forms import DateInput, StyledFormMixin

from .models import (
    Activity,
    Attendance,
    Branch,
    BranchEvaluation,
    ComplianceRule,
    Meeting,
    Membership,
    Pairing,
    PartyGroup,
    Post,
)


class BranchForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Branch
        fields = ["name", "kind", "liaison_name", "liaison_unit", "sort_order"]
        error_messages = {"name": {"required": "请填写支部名称。"}}


class BranchEvaluationForm(StyledFormMixin, forms.Form):
    grade = forms.ChoiceField(label="支部年度评定", choices=[("", "请选择"), *BranchEvaluation.Grade.choices])
    note = forms.CharField(label="说明", max_length=200, required=False)


class MeetingForm(StyledFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1)

    class Meta:
        model = Meeting
        fields = ["kind", "group", "held_on", "topic", "place", "host", "recorder", "minutes"]
        widgets = {"held_on": DateInput(), "minutes": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"kind": {"required": "请选择会议类型。"}, "held_on": {"required": "请填写日期。"},
                          "topic": {"required": "请填写会议主题。"}}

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = PartyGroup.objects.filter(branch=branch)
        self.fields["group"].required = False
        self.fields["group"].help_text = "党小组会必选"
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > date.today().replace(year=date.today().year + 1):
            raise forms.ValidationError("日期不正确。")
        return held_on


def attendance_from(post, members: list[Membership]) -> dict[int, tuple[bool, str]]:
    """Each member's (present, reason) from the meeting page: absent when a reason field was sent
    as `absent_<id>` with the member's checkbox `present_<id>` unticked."""
    found = {}
    for m in members:
        present = post.get(f"present_{m.pk}") == "1"
        found[m.pk] = (present, "" if present else post.get(f"reason_{m.pk}", ""))
    return found


REASONS = Attendance.Reason.choices


class MembershipForm(StyledFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1)

    class Meta:
        model = Membership
        fields = ["group", "status", "join_date", "full_date", "since", "came_from", "mobile", "mobile_place",
                  "dues_exempt", "dues_exempt_reason"]
        widgets = {"join_date": DateInput(), "full_date": DateInput(), "since": DateInput()}

    def __init__(self, *args, branch=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = PartyGroup.objects.filter(branch=branch) if branch else PartyGroup.objects.none()
        self.fields["full_date"].help_text = "党龄从转正之日算起。"
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean(self):
        data = super().clean()
        if data.get("mobile") and not data.get("mobile_place"):
            self.add_error("mobile_place", "流动党员请填写所在地。")
        if data.get("dues_exempt") and not data.get("dues_exempt_reason"):
            self.add_error("dues_exempt_reason", "免交党费须经批准，请填写原因和批准情况。")
        return data


class NewMembershipForm(MembershipForm):
    person = forms.IntegerField(widget=forms.HiddenInput)

    class Meta(MembershipForm.Meta):
        fields = ["group", "status", "join_date", "full_date", "since", "came_from", "mobile", "mobile_place",
                  "dues_exempt", "dues_exempt_reason"]


class TransferForm(StyledFormMixin, forms.Form):
    on = forms.DateField(label="转出日期", widget=DateInput())
    to_branch = forms.ModelChoiceField(label="转入本校的支部", queryset=None, required=False, empty_label="请选择")
    went_to = forms.CharField(label="或转往校外党组织", max_length=100, required=False)

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_branch"].queryset = branches


class PostForm(StyledFormMixin, forms.Form):
    title = forms.ChoiceField(label="职务", choices=[("", "请选择"), *Post.Title.choices])
    since = forms.DateField(label="任职时间", widget=DateInput())


class RuleForm(StyledFormMixin, forms.Form):
    frequency = forms.ChoiceField(label="频次", choices=ComplianceRule.Frequency.choices)
    minimum = forms.IntegerField(label="每期至少（次）", min_value=1, max_value=12)
    active = forms.BooleanField(label="执行", required=False)


class ActivityForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["kind", "branch", "held_on", "title", "destination", "guests"]
        widgets = {"held_on": DateInput()}
        error_messages = {"title": {"required": "请填写主题。"}, "held_on": {"required": "请填写日期。"}}

    def __init__(self, *args, branches, may_committee: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches
        self.fields["branch"].required = not may_committee
        self.fields["branch"].empty_label = "党工委组织（全体）" if may_committee else "请选择"


class PairingForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Pairing
        fields = ["partner", "partner_kind", "since"]
        widgets = {"since": DateInput()}


class JointActivityForm(StyledFormMixin, forms.Form):
    held_on = forms.DateField(label="日期", widget=DateInput())
    topic = forms.CharField(label="活动内容", max_length=200)
    participants = forms.IntegerField(label="参加人数", min_value=0, max_value=10000)


class AttachmentForm(forms.Form):
    file = forms.FileField(label="照片或PDF", widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": "image/jpeg,image/png,application/pdf"}))


class MedalForm(StyledFormMixin, forms.Form):
    on = forms.DateField(label="日期", widget=DateInput())
    by = forms.CharField(label="颁发人", max_length=50, required=False)


def money(value: str) -> Decimal | None:
    """A typed amount (1,234.5 / ５０００) as Decimal to the fen; None when blank; ValueError when not a sum."""
    text = (value or "").strip().translate({ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９．"}).replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(value) from None
    if not amount.is_finite() or amount < 0 or amount > Decimal("1000000"):
        raise ValueError(value)
    return amount.quantize(Decimal("0.01"))

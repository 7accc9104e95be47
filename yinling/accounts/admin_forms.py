"""Forms of the account administration pages."""
from django import forms

from yinling.core.access import grantable_capabilities
from yinling.core.forms import DateInput, StyledFormMixin
from yinling.core.models import OrgUnit

from .roles import Role


class AccountForm(StyledFormMixin, forms.Form):
    username = forms.RegexField(label="用户名", max_length=150, regex=r"^[A-Za-z0-9_.@-]+$",
                                error_messages={"required": "请填写用户名。", "invalid": "用户名只能用字母、数字和 _ . @ -。"})
    display_name = forms.CharField(label="姓名", max_length=50, error_messages={"required": "请填写姓名。"})
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    home = forms.ModelChoiceField(label="所属单位", queryset=OrgUnit.objects.none(), empty_label=None)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               help_text="至少8位，含大写字母、小写字母、数字、符号中的三类。对方首次登录时必须修改。",
                               error_messages={"required": "请设置初始密码。"})

    def __init__(self, *args, nodes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home"].queryset = nodes if nodes is not None else OrgUnit.objects.none()


class AssignmentForm(StyledFormMixin, forms.Form):
    # No role preselected: the first in the list is the administrator's own, the last one to grant by accident.
    role = forms.ChoiceField(label="角色", choices=[("", "请选择角色"), *Role.choices], error_messages={"required": "请选择角色。"})
    node = forms.ModelChoiceField(label="管辖范围（单位或网格）", queryset=OrgUnit.objects.none(), required=False, empty_label="—")
    branch = forms.ModelChoiceField(label="党支部（党支部书记）", queryset=OrgUnit.objects.none(), required=False, empty_label="—")
    person = forms.CharField(label="对应人员（离退休同志本人或结对服务对象）", required=False,
                             help_text="填写姓名；重名时加身份证号后四位，如“王立明 1234”。")
    starts_on = forms.DateField(label="开始日期", widget=DateInput(), error_messages={"invalid": "日期格式不正确。", "required": "请填写开始日期。"})
    ends_on = forms.DateField(label="结束日期（当日起失效，可不填）", required=False, widget=DateInput(),
                              error_messages={"invalid": "日期格式不正确。"})
    extra_capabilities = forms.MultipleChoiceField(
        label="额外授权", required=False, widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text="角色本身已有的权限不必勾选；这里只授予超出该角色的权限，仅在此处绑定的范围内有效。")

    def __init__(self, *args, nodes=None, branches=None, **kwargs):
        super().__init__(*args, **kwargs)
        if nodes is not None:
            self.fields["node"].queryset = nodes
        if branches is not None:
            self.fields["branch"].queryset = branches
        self.fields["extra_capabilities"].choices = [(c.name, c.label) for c in grantable_capabilities()]

    def clean(self):
        data = super().clean()
        bound = [name for name in ("node", "branch", "person") if data.get(name)]
        if len(bound) > 1:
            raise forms.ValidationError("一个角色只能绑定一处：单位或网格、党支部、人员，三选一。")
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "结束日期不能早于开始日期。")
        return data


class PasswordChangeForm(StyledFormMixin, forms.Form):
    old_password = forms.CharField(label="原密码", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
                                   error_messages={"required": "请输入原密码。"})
    new_password = forms.CharField(label="新密码", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                   help_text="至少8位，含大写字母、小写字母、数字、符号中的三类，不能过于常见。",
                                   error_messages={"required": "请输入新密码。"})
    new_password2 = forms.CharField(label="再次输入新密码", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                    error_messages={"required": "请再次输入新密码。"})

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("new_password2") and data["new_password"] != data["new_password2"]:
            self.add_error("new_password2", "两次输入的新密码不一致。")
        return data

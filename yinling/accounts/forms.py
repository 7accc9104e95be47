from django import forms

from yinling.core.forms import StyledFormMixin


class LoginForm(StyledFormMixin, forms.Form):
    username = forms.CharField(label="用户名", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True,
                                                                                        "aria-describedby": "username-help"}),
                               error_messages={"required": "请输入用户名。"})
    password = forms.CharField(label="密码", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
                               error_messages={"required": "请输入密码。"})


class TokenForm(StyledFormMixin, forms.Form):
    token = forms.CharField(label="动态口令或恢复码", max_length=20,
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
                            error_messages={"required": "请输入手机上显示的6位动态口令。"})

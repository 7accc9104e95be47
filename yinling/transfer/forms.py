from django import forms

from yinling.core.forms import StyledFormMixin

from .roster_export import COLUMNS
from .services import ALLOWED_SUFFIXES


class UploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="名册文件", help_text="支持 .xlsx、.xls、.csv（UTF-8 或 GBK 编码），最大 20 MB。",
                           error_messages={"required": "请选择要导入的文件。", "empty": "文件是空的。"},
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        from pathlib import Path

        from django.conf import settings

        if Path(upload.name).suffix.lower() not in ALLOWED_SUFFIXES:
            raise forms.ValidationError("只能导入 .xlsx、.xls 或 .csv 文件。")
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(f"文件太大，上限为 {settings.IMPORT_MAX_BYTES // 1048576} MB。")
        return upload


class MappingForm(StyledFormMixin, forms.Form):
    """One select per column of the uploaded sheet: which field of the import (labels: field → heading) it holds."""

    def __init__(self, *args, headers: list[str], columns: dict[str, str], labels: dict[str, str],
                 required: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.headers, self.labels, self.required = headers, labels, required
        choices = [("", "（不导入此列）"), *self.labels.items()]
        for index, header in enumerate(headers):
            self.fields[f"col_{index}"] = forms.ChoiceField(label=header, choices=choices, required=False,
                                                            initial=columns.get(str(index), ""),
                                                            widget=forms.Select(attrs={"class": "form-select"}))

    def clean(self):
        data = super().clean()
        chosen = [v for v in data.values() if v]
        repeated = {self.labels[v] for v in chosen if chosen.count(v) > 1}
        if repeated:
            raise forms.ValidationError(f"每个项目只能对应一列：{'、'.join(sorted(repeated))} 被选了多次。")
        missing = [self.labels[f] for f in self.required if f not in chosen]
        if missing:
            raise forms.ValidationError("必须有一列对应" + "，一列对应".join(f"“{label}”" for label in missing) + "。")
        return data

    def mapping(self) -> dict[int, str]:
        return {int(name[4:]): value for name, value in self.cleaned_data.items()}


class ExportForm(StyledFormMixin, forms.Form):
    columns = forms.MultipleChoiceField(label="导出哪些列", choices=[(c.key, c.header) for c in COLUMNS],
                                        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                                        error_messages={"required": "请至少选择一列。"})
    unmask = forms.BooleanField(label="导出完整的身份证号和电话（只对您有权查看完整信息的人员生效，将记入审计日志）", required=False)

    def __init__(self, *args, may_unmask: bool, columns=COLUMNS, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["columns"].choices = [(c.key, c.header) for c in columns]
        self.fields["columns"].initial = [c.key for c in columns if c.default]
        if not may_unmask:
            del self.fields["unmask"]

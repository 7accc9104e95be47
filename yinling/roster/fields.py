"""The person record's fields, listed once: where each sits on the form and what a spreadsheet calls it.

The model (models.Person) says what a field is; this table says how people meet it.
Everything else is derived from here: the edit form's fields and its sections
(forms.PersonForm, templates/roster/person_form.html), the spreadsheet headers the
importer recognises and the import template's columns and drop-downs (transfer),
and the export's column headers (transfer.roster_export).
"""
from dataclasses import dataclass, field

from .models import Person

# The edit form's sections, in order: key → legend.
SECTIONS = {
    "basic": "基本信息",
    "contact": "联系与居住",
    "care": "健康与关爱",
    "party": "党员信息",
    "other": "其他",
}


@dataclass(frozen=True)
class PersonField:
    name: str  # a Person field, or "id_number" (kept encrypted; the form and sheets take it in clear)
    section: str = ""  # the form's section (SECTIONS); "" keeps it off the form
    headers: tuple[str, ...] = ()  # spreadsheet headers it is read from; the first is the one written
    aliases: dict[str, str] = field(default_factory=dict)  # words typed in sheets → code, beyond the choices' labels
    example: str = ""  # the import template's example row
    required_in_sheet: bool = False

    @property
    def label(self) -> str:
        if self.headers:
            return self.headers[0]
        return str(Person._meta.get_field(self.name).verbose_name)

    @property
    def choices(self) -> list[str]:
        """The labels offered in a spreadsheet's drop-down (what the importer reads back)."""
        if self.name == "id_number":
            return []
        model_field = Person._meta.get_field(self.name)
        return [str(label) for _, label in model_field.choices] if model_field.choices else []

    def codes(self) -> dict[str, str]:
        """Every word a sheet may use for a coded field → its code."""
        model_field = Person._meta.get_field(self.name)
        return {str(label): value for value, label in model_field.choices} | self.aliases


_POLITICAL_ALIASES = {
    "党员": "cpc", "共产党员": "cpc", "中国共产党党员": "cpc", "预备党员": "cpc_probation",
    **dict.fromkeys(("民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社", "台盟", "民革党员", "民盟盟员",
                     "民建会员", "民进会员", "农工党党员", "致公党党员", "九三学社社员"), "democratic"),
    "无党派": "masses", "无党派人士": "masses", "无": "masses",
}

FIELDS: tuple[PersonField, ...] = (
    PersonField("name", "basic", ("姓名", "名字"), example="王某某", required_in_sheet=True),
    PersonField("id_number", "basic", ("身份证号", "身份证号码", "公民身份号码", "身份证", "证件号码", "身份证件号码"),
                example="32060219460305123X（示例，请替换）", required_in_sheet=True),
    PersonField("gender", "basic", ("性别",), {"男性": "M", "女性": "F", "M": "M", "F": "F"}, example="男"),
    PersonField("birth_date", "basic", ("出生日期", "出生年月", "出生年月日", "生日"), example="1946-03-05"),
    PersonField("ethnicity", "basic", ("民族",), example="汉族"),
    PersonField("category", "basic", ("人员类别", "离退休类别", "类别", "离退休类型"), {
        "离休干部": "lixiu", "离休人员": "lixiu", "退休干部": "tuixiu", "退休人员": "tuixiu", "退休职工": "tuixiu",
        "退休教师": "tuixiu", "退职人员": "tuizhi"}, example="退休"),
    PersonField("retirement_date", "basic", ("离退休时间", "退休时间", "离休时间", "退休日期", "离退休日期"), example="2006-03"),
    PersonField("work_start_date", "basic", ("参加工作时间", "参加工作日期", "工作时间"), example="1968-09"),
    PersonField("unit", "basic", ("原单位", "原工作单位", "所在单位", "单位", "原部门")),
    PersonField("post", "basic", ("原职务", "职务"), example="系主任"),
    PersonField("rank", "basic", ("职级", "级别", "行政级别"), {
        "正厅级": "bureau", "副厅级": "deputy_bureau", "正处级": "division", "副处级": "deputy_division",
        "正科级": "section", "副科级": "deputy_section", "科员": "staff", "办事员": "staff", "省管": "provincial"},
        example="正处"),
    PersonField("title", "basic", ("职称", "专业技术职务"), example="教授"),
    PersonField("phone", "contact", ("手机", "联系电话", "手机号", "手机号码", "电话", "联系方式"), example="13812345678"),
    PersonField("phone2", "contact", ("其他电话", "固定电话", "座机", "家庭电话"), example="0513-85012345"),
    PersonField("address", "contact", ("家庭住址", "现住址", "住址", "居住地址", "通讯地址"), example="崇川区青年中路1号"),
    PersonField("district", "contact"),
    PersonField("community", "contact"),
    PersonField("grid", "contact"),
    PersonField("residence", "contact"),
    PersonField("residence_province", "contact"),
    PersonField("residence_city", "contact"),
    PersonField("living_arrangement", "contact"),
    PersonField("health_status", "care"),
    PersonField("chronic_conditions", "care"),
    PersonField("hospitalized", "care"),
    PersonField("family_doctor", "care"),
    PersonField("flag_provincial", "care"),
    PersonField("flag_contribution", "care"),
    PersonField("flag_hardship", "care"),
    PersonField("flag_empty_nest", "care"),
    PersonField("hobbies", "care"),
    PersonField("service_needs", "care"),
    PersonField("political_status", "party", ("政治面貌",), _POLITICAL_ALIASES, example="中共党员"),
    PersonField("notes", "other", ("备注", "说明")),
)
BY_NAME = {f.name: f for f in FIELDS}

# What the edit form takes as model fields (the ID number and the tags are form fields of their own).
FORM_FIELDS = [f.name for f in FIELDS if f.section and f.name not in ("id_number", "hobbies", "service_needs")]
# What a spreadsheet may hold, in the import template's order.
SHEET_FIELDS = [f for f in FIELDS if f.headers]


def label(name: str) -> str:
    """The Chinese name of a field (or of a virtual one such as 年龄) as lists and sheets head it."""
    if name in BY_NAME:
        return BY_NAME[name].label
    return {"age": "年龄"}.get(name) or str(Person._meta.get_field(name).verbose_name)


def form_sections() -> list[tuple[str, list[str]]]:
    """(legend, field names) per section of the edit form, in order."""
    return [(legend, [f.name for f in FIELDS if f.section == key]) for key, legend in SECTIONS.items()]

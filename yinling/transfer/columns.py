"""The roster's spreadsheet columns: the header variants offices use, and how to find the header row."""
from yinling.lib.text import clean

# field → (canonical header, variants). The canonical header is what the template and exports use.
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": ("姓名", ("姓名", "名字")),
    "id_number": ("身份证号", ("身份证号", "身份证号码", "公民身份号码", "身份证", "证件号码", "身份证件号码")),
    "gender": ("性别", ("性别",)),
    "birth_date": ("出生日期", ("出生年月", "出生日期", "出生年月日", "生日")),
    "ethnicity": ("民族", ("民族",)),
    "category": ("人员类别", ("离退休类别", "人员类别", "类别", "离退休类型")),
    "unit": ("原单位", ("原单位", "原工作单位", "所在单位", "单位", "原部门")),
    "retirement_date": ("离退休时间", ("退休时间", "离退休时间", "离休时间", "退休日期", "离退休日期")),
    "post": ("原职务", ("职务", "原职务")),
    "rank": ("职级", ("职级", "级别", "行政级别")),
    "title": ("职称", ("职称", "专业技术职务")),
    "political_status": ("政治面貌", ("政治面貌",)),
    "party_join_date": ("入党时间", ("入党时间", "入党日期")),
    "party_full_date": ("转正时间", ("转正时间", "转正日期")),
    "phone": ("手机", ("联系电话", "手机", "手机号", "手机号码", "电话", "联系方式")),
    "phone2": ("其他电话", ("其他电话", "固定电话", "座机", "家庭电话")),
    "address": ("家庭住址", ("家庭住址", "现住址", "住址", "居住地址", "通讯地址")),
    "notes": ("备注", ("备注", "说明")),
}
HEADER_TO_FIELD = {clean(v).replace(" ", ""): field for field, (_, variants) in COLUMNS.items() for v in variants}
FIELD_LABELS = {field: header for field, (header, _) in COLUMNS.items()}
REQUIRED = ("name", "id_number")
FOOTER_PREFIXES = ("制表人", "制表", "填表人", "填报人", "审核人", "负责人", "日期：", "日期:", "合计", "总计", "注：", "注:", "说明：")
_FOOTER_FIRST = frozenset(prefix[0] for prefix in FOOTER_PREFIXES)


def header_key(value) -> str:
    from yinling.lib.cells import text

    return text(value).replace(" ", "").replace("*", "").replace("（必填）", "").replace("(必填)", "")


def find_header(rows: list[list], scan: int = 30) -> int | None:
    """The first row, below any merged title rows, with a 姓名 cell and at least one other heading."""
    for index, row in enumerate(rows[:scan]):
        keys = [header_key(cell) for cell in row]
        if any(HEADER_TO_FIELD.get(k) == "name" for k in keys) and sum(1 for k in keys if k) >= 2:
            return index
    return None


def map_headers(header_row: list) -> tuple[dict[int, str], list[tuple[int, str]]]:
    """({column index: field}, [(column index, header) not known]). The first of a repeated field wins."""
    mapping: dict[int, str] = {}
    unknown: list[tuple[int, str]] = []
    for index, cell in enumerate(header_row):
        key = header_key(cell)
        if not key:
            continue
        field = HEADER_TO_FIELD.get(key)
        if field and field not in mapping.values():
            mapping[index] = field
        else:
            unknown.append((index, key))
    return mapping, unknown


def is_blank_or_footer(row: list) -> bool:
    """A row to skip: nothing in it, or a footer line (制表人：… 日期：…) in its first filled cell."""
    from yinling.lib.cells import text

    for cell in row:
        if cell is None or cell == "":
            continue
        if cell.__class__ is str:
            if cell.isspace():
                continue
            if cell.lstrip(" \u3000\t")[:1] in _FOOTER_FIRST:  # a quick look before the full check
                return text(cell).replace(" ", "").startswith(FOOTER_PREFIXES)
        return False
    return True


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: columns as Excel names them."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters

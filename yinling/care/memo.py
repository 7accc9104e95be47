"""The year's work memo (《工作备忘录》): the important work and events of each month, handed to every
retiree at the start of the year — the campaigns and the health check scheduled in the system, and the
lines the office types in.

Other modules add what they schedule through `memo_source()` (the health module: its check's batches);
care names none of them. The .docx is written with python-docx in large type, one month a section.
"""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from io import BytesIO

from django.core.exceptions import ValidationError
from django.db import transaction
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from yinling.core.access import acting_institution, get_for_change, scope
from yinling.core.audit import audit

from .access import CARE_MANAGE, CARE_VIEW
from .models import Campaign, MemoItem

MONTHS = "一二三四五六七八九十"


def day_name(day: date) -> str:
    """3月5日, as the memo writes a day."""
    return f"{day.month}月{day.day}日"


def month_name(month: int) -> str:
    return f"{MONTHS[month - 1]}月" if month <= 10 else f"十{MONTHS[month - 11]}月"


@dataclass(frozen=True)
class Entry:
    month: int
    text: str
    item: MemoItem | None = None  # a typed line (the office may delete it); None: from the system


# (user, institution, year) → entries a module has scheduled
_SOURCES: list[Callable[[object, object, int], list[Entry]]] = []


def memo_source(source: Callable[[object, object, int], list[Entry]]):
    _SOURCES.append(source)
    return source


@memo_source
def _campaigns(user, institution, year: int) -> list[Entry]:
    found = scope(user, Campaign.objects.filter(institution=institution, starts_on__year=year), CARE_VIEW).order_by("starts_on")
    return [Entry(c.starts_on.month, f"{c.name}（{day_name(c.starts_on)}至{day_name(c.ends_on)}）") for c in found]


def entries(*, user, institution, year: int) -> dict[int, list[Entry]]:
    by_month: dict[int, list[Entry]] = {m: [] for m in range(1, 13)}
    for source in _SOURCES:
        for entry in source(user, institution, year):
            by_month[entry.month].append(entry)
    for item in scope(user, MemoItem.objects.filter(institution=institution, year=year), CARE_VIEW):
        by_month[item.month].append(Entry(item.month, item.text, item))
    return by_month


@transaction.atomic
def item_add(*, actor, year: int, month: int, text: str) -> MemoItem:
    institution = acting_institution(actor, CARE_MANAGE)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "请填写事项。"})
    if not 1 <= month <= 12:
        raise ValidationError({"month": "请选择月份。"})
    item = MemoItem.objects.create(institution=institution, year=year, month=month, text=text[:200], created_by=actor)
    audit(actor=actor, action="memo_add", obj=item, scope_path=institution.path)
    return item


@transaction.atomic
def item_delete(*, actor, item_id: int) -> None:
    item = get_for_change(MemoItem.objects.select_related("institution"), actor, CARE_MANAGE, pk=item_id)
    audit(actor=actor, action="memo_delete", obj=item, scope_path=item.institution.path, note=item.text)
    item.delete()  # a line of a draft memo, not a record of anyone


def _font(run, size: int, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = "SimSun"
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")


def docx(*, institution, year: int, by_month: dict[int, list[Entry]], today: date) -> bytes:
    """The memo as a Word document: title, a line to the retirees, each month's items, large enough to read."""
    document = Document()
    section = document.sections[0]
    section.left_margin = section.right_margin = Pt(64)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(f"{institution.name}离退休工作{year}年工作备忘录"), 22, bold=True)
    intro = document.add_paragraph()
    _font(intro.add_run("尊敬的老同志：新的一年里，离退休工作处（离退休党工委）将按月开展以下工作。"
                        "具体时间以届时通知为准，有需要请随时联系您的联络员。"), 14)
    for month in range(1, 13):
        items = by_month.get(month) or []
        if not items:
            continue
        heading = document.add_paragraph()
        heading.paragraph_format.space_before = Pt(12)
        _font(heading.add_run(month_name(month)), 16, bold=True)
        for entry in items:
            line = document.add_paragraph(style="List Bullet")
            _font(line.add_run(entry.text), 14)
    closing = document.add_paragraph()
    closing.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    closing.paragraph_format.space_before = Pt(18)
    _font(closing.add_run(f"{institution.name}离退休工作处\n{today.year}年{day_name(today)}"), 14)
    out = BytesIO()
    document.save(out)
    return out.getvalue()

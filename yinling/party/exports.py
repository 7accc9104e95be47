"""The Party work's spreadsheets: a year's dues per member, and the year's medal list."""
from pathlib import Path

from yinling.core.access import scope
from yinling.transfer.roster_export import neutralise
from yinling.transfer.workbooks import header_sheet, workbook

from . import selectors
from .access import PARTY_DUES
from .models import Dues


def dues_xlsx(*, user, year: int) -> tuple[Path, int]:
    """Every dues month of `year` the user may see: branch, member, month, base, owed, paid, date."""
    path, book = workbook(f"dues-{user.pk}-{year}.xlsx")
    money = book.add_format({"num_format": "0.00"})
    sheet = header_sheet(book, f"{year}年党费", ["党支部", "姓名", "月份", "计算基数（元）", "应交（元）", "实交（元）", "交纳日期", "免交"],
                   [18, 12, 10, 14, 10, 10, 12, 6])
    rows = (scope(user, Dues.objects.filter(month__year=year), PARTY_DUES)
            .order_by("membership__branch__sort_order", "membership__person__name_pinyin", "month")
            .values_list("membership__branch__name", "membership__person__name", "month", "base", "amount", "paid", "paid_on", "exempt"))
    n = 0
    for n, (branch, name, month, base, amount, paid, paid_on, exempt) in enumerate(rows.iterator(), start=1):
        sheet.write_string(n, 0, neutralise(branch or ""))
        sheet.write_string(n, 1, neutralise(name))
        sheet.write_string(n, 2, f"{month:%Y-%m}")
        sheet.write_number(n, 3, float(base), money)  # Excel keeps numbers as doubles; the fen is exact at this size
        sheet.write_number(n, 4, float(amount), money)
        if paid is not None:
            sheet.write_number(n, 5, float(paid), money)
        if paid_on:
            sheet.write_string(n, 6, f"{paid_on:%Y-%m-%d}")
        sheet.write_string(n, 7, "是" if exempt else "")
    book.close()
    return path, n


def medal_xlsx(*, user, year: int) -> tuple[Path, int]:
    path, book = workbook(f"medal-{user.pk}-{year}.xlsx")
    sheet = header_sheet(book, "光荣在党50年", ["序号", "党支部", "姓名", "性别", "入党时间", "转正时间", "党龄（年）", "进度", "颁发日期", "颁发人"],
                   [6, 18, 12, 6, 12, 12, 10, 8, 12, 12])
    rows = selectors.medal_list(user=user, year=year)
    for n, row in enumerate(rows, start=1):
        m, medal = row["membership"], row["medal"]
        values = [str(n), str(m.branch or ""), m.person.name, m.person.get_gender_display(),
                  f"{m.join_date:%Y-%m-%d}" if m.join_date else "", f"{m.full_date:%Y-%m-%d}", str(row["party_age"]),
                  medal.get_stage_display() if medal else "待推荐",
                  f"{medal.presented_on:%Y-%m-%d}" if medal and medal.presented_on else "", medal.presented_by if medal else ""]
        for c, value in enumerate(values):
            sheet.write_string(n, c, neutralise(value))
    book.close()
    return path, len(rows)

"""Deterministic people for the benchmark, written to .xlsx as an office would hand them over."""
import random
from datetime import date, timedelta

import xlsxwriter

from yinling.lib import idcard
from yinling.lib.names import GIVEN_FEMALE, GIVEN_MALE, SURNAMES

# The roster's own columns (party dates are memberships, imported by the party module on their own sheet).
HEADERS = ["姓名", "身份证号", "性别", "出生日期", "人员类别", "原单位", "退休时间", "职务", "职称", "政治面貌",
           "联系电话", "家庭住址", "备注"]
AREAS = ["320602", "320611", "320612", "320621", "320623", "320681", "320682", "320684", "320106", "321002",
         "110105", "310104", "330106", "420106", "370202", "440305"]


def people(n: int, *, seed: int, units: list[str]):
    """Yield n rows with distinct, valid ID numbers."""
    rng = random.Random(seed)
    used: set[str] = set()
    produced = 0
    while produced < n:
        gender = "M" if rng.random() < 0.55 else "F"
        birth = date(1926, 1, 1) + timedelta(days=rng.randrange(0, 365 * 40))
        number = idcard.make(rng.choice(AREAS), birth, rng.randrange(0, 500) * 2 + (1 if gender == "M" else 0))
        if number in used:
            continue
        used.add(number)
        pool = GIVEN_MALE if gender == "M" else GIVEN_FEMALE
        name = rng.choice(SURNAMES) + rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.8 else "")
        party = rng.random() < 0.46
        produced += 1
        yield [
            name, number, "男" if gender == "M" else "女", birth.isoformat(), "退休" if rng.random() > 0.01 else "离休",
            rng.choice(units), f"{birth.year + 60}.{birth.month:02d}", rng.choice(["", "", "系主任", "处长", "科长"]),
            rng.choice(["教授", "副教授", "讲师", "工程师", ""]), "中共党员" if party else "群众",
            f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}", f"崇川区青年路{rng.randint(1, 999)}号", "",
        ]


def write_people_xlsx(path, n: int, *, seed: int, units: list[str]) -> None:
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet("名册")
    sheet.write_row(0, 0, HEADERS)
    for r, row in enumerate(people(n, seed=seed, units=units), start=1):
        for c, value in enumerate(row):
            if value:
                sheet.write_string(r, c, value)
    workbook.close()

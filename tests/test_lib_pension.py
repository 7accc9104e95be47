"""The money rules: the yearly adjustment's arithmetic, the rule set's document, certification and death."""
from datetime import date
from decimal import Decimal as D

import pytest

from yinling.lib import pension
from yinling.lib.pension import AgeBand, Facts, Rules, RulesError

JAN = date(2026, 1, 1)
BASE_RULES = Rules(name="2026年调整", notice="苏人社发〔2026〕1号", effective_month=JAN, retired_on_or_before=date(2025, 12, 31),
                   fixed=D("52.00"), per_year=D("1.20"), percent=D("0.6"), reference_month=date(2025, 12, 1),
                   age_reference=date(2025, 12, 31),
                   age_bands=(AgeBand(70, 74, D("25")), AgeBand(75, 79, D("35")), AgeBand(80, None, D("50"))),
                   group_tilts=(("flag_contribution", D("30")),))


def facts(**kw) -> Facts:
    values = {"category": "tuixiu", "retired_on": date(2010, 6, 30), "birth": date(1950, 6, 1), "basic": D("5000.00"),
              "basic_at_reference": D("5000.00"), "work_start": date(1972, 9, 1)} | kw
    return Facts(**values)


def amounts(result) -> dict[str, D]:
    return {c.key: c.amount for c in result.components}


def test_each_component_of_an_ordinary_rise_and_the_total():
    r = pension.adjust(BASE_RULES, facts(), pay_from=date(2026, 8, 1))
    # 37 years 9 months of service, a part year counted whole: 38 × 1.20; 0.6% of 5,000; aged 75 on 2025-12-31
    assert amounts(r) == {"fixed": D("52.00"), "per_year": D("45.60"), "percent": D("30.00"), "age": D("35.00")}
    assert (r.old, r.rise, r.new) == (D("5000.00"), D("162.60"), D("5162.60"))
    assert (r.back_months, r.back_pay) == (7, D("1138.20"))  # January to July were paid at the old rate
    assert sum(c.amount for c in r.components) == r.rise


@pytest.mark.parametrize("start, retired, rule, counted", [
    (date(1972, 9, 1), date(2010, 6, 30), pension.WHOLE, D(38)),  # 37 y 9 m: a part year counts whole
    (date(1972, 9, 1), date(2010, 6, 30), pension.DROP, D(37)),  # … or is dropped
    (date(1972, 9, 1), date(2010, 6, 30), pension.MONTHS, D(37) + D(9) / D(12)),  # … or counts by months
    (date(1970, 7, 1), date(2010, 7, 1), pension.WHOLE, D(40)),  # exactly 40 years: nothing to round
    (date(1970, 7, 2), date(2010, 7, 1), pension.DROP, D(39)),  # a day short of 40 years
])
def test_part_years_follow_the_notices_rule(start, retired, rule, counted):
    years, months = pension.service_length(start, retired)
    assert pension.counted_years(years, months, rule) == counted


def test_months_are_paid_pro_rata_and_rounded_to_the_fen():
    rules = Rules(name="x", notice="n", effective_month=JAN, per_year=D("1.30"), part_year=pension.MONTHS)
    r = pension.adjust(rules, facts(work_start=date(1972, 9, 1), retired_on=date(2010, 6, 30)), pay_from=JAN)
    assert amounts(r)["per_year"] == D("49.08")  # 37.75 × 1.30 = 49.075, half up


def test_an_entered_service_length_wins_over_the_dates():
    rules = Rules(name="x", notice="n", effective_month=JAN, per_year=D("1"))
    r = pension.adjust(rules, facts(work_start=None, service_override=(30, 0)), pay_from=JAN)
    assert amounts(r)["per_year"] == D("30.00") and "工作处录入" in r.components[0].basis


@pytest.mark.parametrize("birth, band", [
    (date(1956, 1, 1), None),  # 69 on the reference day
    (date(1955, 12, 31), D("25")),  # turns 70 on the reference day itself
    (date(1951, 1, 1), D("25")),  # 74 on the reference day, 75 the morning after: the reference day decides
    (date(1950, 12, 31), D("35")),  # 75 exactly
    (date(1945, 12, 31), D("50")),  # 80 and over, open-ended
    (date(1926, 1, 1), D("50")),  # 99
])
def test_age_is_reached_on_the_reference_date(birth, band):
    r = pension.adjust(BASE_RULES, facts(birth=birth), pay_from=JAN)
    assert amounts(r).get("age") == (band and band.quantize(pension.FEN))


@pytest.mark.parametrize("unit, mode, raw, rounded", [
    ("0.01", "half_up", D("10.005"), D("10.01")),
    ("0.1", "half_up", D("10.05"), D("10.10")),
    ("0.1", "half_up", D("10.04"), D("10.00")),
    ("1", "half_up", D("10.50"), D("11.00")),
    ("1", "up", D("10.01"), D("11.00")),
    ("1", "down", D("10.99"), D("10.00")),
    ("0.1", "down", D("10.99"), D("10.90")),
])
def test_rounding_follows_the_notice(unit, mode, raw, rounded):
    assert pension.round_money(raw, unit, mode) == rounded


def test_the_rounding_difference_is_its_own_line_so_the_lines_add_up():
    rules = Rules(name="x", notice="n", effective_month=JAN, fixed=D("50"), percent=D("1.23"), reference_month=JAN, rounding_unit="1")
    r = pension.adjust(rules, facts(basic_at_reference=D("4321.00")), pay_from=JAN)
    assert amounts(r) == {"fixed": D("50.00"), "percent": D("53.15"), "rounding": D("-0.15")}
    assert r.rise == D("103.00") == sum(c.amount for c in r.components)


@pytest.mark.parametrize("pay_from, died_on, months", [
    (date(2026, 8, 1), None, 7),  # paid at the new rate from August: January–July paid back
    (date(2026, 1, 1), None, 0),  # the new rate from the effective month itself: nothing to pay back
    (date(2025, 12, 1), None, 0),  # never negative
    (date(2026, 8, 1), date(2026, 3, 15), 3),  # died in March: January–March, for the family
    (date(2026, 8, 1), date(2026, 1, 1), 1),
])
def test_back_pay_counts_the_months_already_paid_at_the_old_rate(pay_from, died_on, months):
    r = pension.adjust(BASE_RULES, facts(died_on=died_on), pay_from=pay_from)
    assert r.eligible and r.back_months == months and r.back_pay == r.rise * months


@pytest.mark.parametrize("kw, reason", [
    ({"retired_on": date(2026, 1, 1)}, "晚于2025年12月31日"),
    ({"retired_on": None}, "缺少离退休时间"),
    ({"category": "lixiu"}, "不在本次调整范围"),
    ({"died_on": date(2025, 12, 31)}, "早于调整生效月"),
    ({"basic": None}, "没有基本养老金"),
    ({"basic_at_reference": None}, "无法按比例计算"),
    ({"work_start": None}, "缺少参加工作时间"),
    ({"birth": None}, "缺少出生日期"),
    ({"later_basic": True}, "另有基本养老金"),
])
def test_who_is_not_eligible_is_told_why(kw, reason):
    r = pension.adjust(BASE_RULES, facts(**kw), pay_from=JAN)
    assert not r.eligible and reason in r.reason and r.rise == 0


def test_retired_on_the_cutoff_day_is_eligible():
    assert pension.adjust(BASE_RULES, facts(retired_on=date(2025, 12, 31)), pay_from=JAN).eligible


def test_a_group_tilt_applies_to_the_flagged_only():
    flagged = pension.adjust(BASE_RULES, facts(groups=frozenset({"flag_contribution"})), pay_from=JAN)
    assert amounts(flagged)["group:flag_contribution"] == D("30.00")
    assert "group:flag_contribution" not in amounts(pension.adjust(BASE_RULES, facts(), pay_from=JAN))


def test_lixiu_pay_follows_the_rank_table():
    rules = Rules(name="离休费", notice="n", effective_month=JAN, kind=pension.LIXIU, categories=("lixiu",),
                  by_rank=(("bureau", D("320")), ("division", D("240"))))
    r = pension.adjust(rules, facts(category="lixiu", rank="division", basic=D("9000")), pay_from=JAN)
    assert amounts(r) == {"rank": D("240.00")} and r.new == D("9240.00")
    missing = pension.adjust(rules, facts(category="lixiu", rank="staff"), pay_from=JAN)
    assert not missing.eligible and "科员" in missing.reason


def test_same_rules_on_same_facts_give_the_same_result():
    assert pension.adjust(BASE_RULES, facts(), date(2026, 8, 1)) == pension.adjust(BASE_RULES, facts(), date(2026, 8, 1))


def test_a_rule_document_round_trips():
    doc = pension.rules_document(BASE_RULES)
    assert pension.parse_rules(doc) == BASE_RULES
    assert doc["format"] == pension.FORMAT and doc["age_tilts"]["bands"][2] == {"from": 80, "to": None, "amount": "50"}


@pytest.mark.parametrize("change, message", [
    ({"format": "other"}, "文件格式"),
    ({"notice": ""}, "批准文号"),
    ({"effective_month": "2026-13"}, "生效月份"),
    ({"fixed": "abc"}, "不是有效金额"),
    ({"fixed": "1.234"}, "两位小数"),
    ({"fixed": "-5"}, "0 到 100000"),
    ({"fixed": 1e400}, "0 到 100000"),
    ({"age_tilts": {"reference_date": "2025-12-31", "bands": [{"from": 70, "to": 76, "amount": "1"}, {"from": 75, "amount": "2"}]}}, "重叠"),
    ({"age_tilts": {"bands": [{"from": 70, "amount": "1"}]}}, "年龄计算截止日"),
    ({"group_tilts": [{"group": "is_superuser", "amount": "1"}]}, "倾斜调整第1项"),
    ({"percent_of_basic": {"percent": "1.5"}}, "参照月份"),
    ({"percent_of_basic": {"percent": "NaN"}}, "百分数"),
    ({"rounding": {"unit": "0.5"}}, "尾数处理"),
    ({"kind": "lixiu"}, "by_rank"),
    ({"eligibility": {"categories": ["all"]}}, "人员类别"),
])
def test_a_broken_rule_document_is_refused_with_a_reason(change, message):
    doc = pension.rules_document(BASE_RULES) | change
    with pytest.raises(RulesError, match=message):
        pension.parse_rules(doc)


@pytest.mark.parametrize("last, retired, due", [
    (date(2025, 11, 30), date(2010, 6, 30), date(2026, 11, 30)),
    (None, date(2026, 3, 31), date(2027, 3, 31)),  # never certified: a year after retiring
    (date(2024, 2, 29), date(2010, 6, 30), date(2025, 2, 28)),  # leap day
])
def test_certification_is_due_twelve_months_after_the_last(last, retired, due):
    assert pension.certification_due(last, retired) == due


@pytest.mark.parametrize("due, today, state", [
    (date(2026, 12, 30), date(2026, 11, 30), "soon"),  # 30 days before: remind
    (date(2026, 12, 31), date(2026, 11, 30), "ok"),
    (date(2026, 11, 30), date(2026, 11, 30), "soon"),  # the due day itself is not late
    (date(2026, 11, 29), date(2026, 11, 30), "overdue"),
])
def test_certification_reminds_thirty_days_ahead_and_flags_the_late(due, today, state):
    assert pension.certification_state(due, today) == state


@pytest.mark.parametrize("died, paid_through, months", [
    (date(2026, 8, 10), date(2026, 11, 30), [date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)]),
    (date(2026, 11, 2), date(2026, 11, 30), []),  # recorded in the month of death: nothing overpaid
    (date(2026, 12, 31), date(2027, 1, 5), [date(2027, 1, 1)]),  # across the year's end
])
def test_months_paid_after_a_death_are_listed_for_recovery(died, paid_through, months):
    assert pension.overpaid_months(died, paid_through) == months
    assert pension.pension_stop_month(died) == pension.add_months(died.replace(day=1), 1)


@pytest.mark.parametrize("basis, value, kw, amount", [
    (pension.FIXED_SUM, D("5000"), {}, D("5000.00")),
    (pension.YEARLY_FIGURE, D("0.5"), {"yearly_figure": D("118965")}, D("59482.50")),
    (pension.MONTHS_OF_BASIC, D("20"), {"last_basic": D("6543.21")}, D("130864.20")),
])
def test_death_benefits_follow_the_table(basis, value, kw, amount):
    assert pension.death_benefit(basis, value, **kw) == amount


def test_a_benefit_missing_its_figure_says_so():
    with pytest.raises(RulesError, match="公布数额"):
        pension.death_benefit(pension.YEARLY_FIGURE, D("1"))
    with pytest.raises(RulesError, match="基本养老金"):
        pension.death_benefit(pension.MONTHS_OF_BASIC, D("20"))


@pytest.mark.parametrize("change", [
    {"age_tilts": []}, {"age_tilts": {"bands": {"from": 70}}}, {"age_tilts": {"reference_date": "2025-12-31", "bands": ["70"]}},
    {"by_rank": ["bureau"]}, {"eligibility": "all"}, {"eligibility": {"categories": "tuixiu"}}, {"rounding": 0.1},
    {"group_tilts": {"group": "female"}}, {"per_year_of_service": "1.2"}, {"name": ["x"] * 100},
])
def test_a_hostile_rule_document_is_refused_not_crashed_on(change):
    with pytest.raises(RulesError):
        pension.parse_rules(pension.rules_document(BASE_RULES) | change)

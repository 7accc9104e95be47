"""The money rules of retirement, as pure functions (no Django): the yearly pension adjustment, the
survival certification's due date, what a death stops and what it pays.

A yearly adjustment (养老金调整) is published by the provincial human-resources and finance bureaus
as a notice; every notice since 2016 is built of the same parts, which `Rules` holds:
- 定额调整: the same amount for everyone eligible;
- 挂钩调整: an amount per year of service (with the notice's rule for a part year) and a percentage
  of the person's basic pension at a reference month;
- 适当倾斜: extra amounts by age reached on a reference date (e.g. 70–74, 75–79, 80 and over) and
  for groups (特殊贡献, 特殊困难 …);
- eligibility: retired on or before a cutoff date, of the named categories;
- the effective month, from which the rise is owed: months already paid at the old rate are paid
  back (补发) when the new rate is first paid.
For 离休 cadres the 离休费 follows the pay rise of serving staff of the same rank (a rule of kind
LIXIU: an amount per rank), and may add a fixed amount and a percentage as well.

Money is Decimal to the fen, never float. Each component is rounded half up to the fen; the total
rise then follows the notice's rounding rule (to the fen, the jiao or the yuan; half up, up or
down), and the difference is shown as its own line so the sum always explains the total.
"""
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal, InvalidOperation

from .ages import age_on, shift_years

FEN = Decimal("0.01")
ZERO = Decimal("0.00")
FORMAT = "yinling.pension-adjustment/1"

# The kinds of rule set: a retirement-pension adjustment, or the 离休费 following serving staff's pay.
PENSION = "pension"
LIXIU = "lixiu"
KINDS = {PENSION: "调整基本养老金（退休费）", LIXIU: "调整离休费（随在职人员增资）"}

# How a part year of service counts (the notice says which).
WHOLE = "whole"  # 不满一年按一年计算
DROP = "drop"  # 不满一年的部分不计
MONTHS = "months"  # 按月折算：满一月按 1/12 年
PART_YEAR_RULES = {WHOLE: "不满一年按一年计算", DROP: "不满一年的部分不计", MONTHS: "不满一年按月折算"}

ROUNDING_UNITS = {"0.01": "分", "0.1": "角", "1": "元"}
ROUNDING_MODES = {"half_up": (ROUND_HALF_UP, "四舍五入"), "up": (ROUND_UP, "进位"), "down": (ROUND_DOWN, "舍去")}

# The groups a notice may tilt towards, by the person's flag or category (what the roster records).
GROUPS = {
    "flag_contribution": "特殊贡献",
    "flag_hardship": "特殊困难",
    "flag_provincial": "省管干部",
    "flag_empty_nest": "空巢老人",
    "female": "女同志",
}
CATEGORIES = {"lixiu": "离休", "tuixiu": "退休", "tuizhi": "退职"}
RANKS = {"provincial": "省管", "bureau": "正厅", "deputy_bureau": "副厅", "division": "正处", "deputy_division": "副处",
         "section": "正科", "deputy_section": "副科", "staff": "科员", "none": "无"}


# The components' names by key (a group tilt's key is "group:<group>").
COMPONENT_LABELS = {"fixed": "定额调整", "per_year": "与工龄挂钩", "percent": "与基本养老金挂钩", "rank": "随在职人员同职级增资",
                    "age": "高龄倾斜", "group": "倾斜调整", "rounding": "尾数处理"}


class RulesError(ValueError):
    """A rule set that cannot be applied: the message says, in Chinese, which part and why."""


@dataclass(frozen=True)
class AgeBand:
    from_age: int
    to_age: int | None  # inclusive; None: and over
    amount: Decimal

    @property
    def label(self) -> str:
        return f"{self.from_age}周岁及以上" if self.to_age is None else f"{self.from_age}–{self.to_age}周岁"

    def holds(self, age: int) -> bool:
        return age >= self.from_age and (self.to_age is None or age <= self.to_age)


@dataclass(frozen=True)
class Rules:
    name: str
    notice: str  # the approving document number (批准文号), written on every new item
    effective_month: date  # the first of a month
    kind: str = PENSION
    retired_on_or_before: date | None = None
    categories: tuple[str, ...] = ("tuixiu", "tuizhi")
    fixed: Decimal = ZERO
    per_year: Decimal = ZERO
    part_year: str = WHOLE
    percent: Decimal = ZERO  # of the basic pension at the reference month, in per cent (1.2 means 1.2%)
    reference_month: date | None = None
    age_reference: date | None = None
    age_bands: tuple[AgeBand, ...] = ()
    group_tilts: tuple[tuple[str, Decimal], ...] = ()
    by_rank: tuple[tuple[str, Decimal], ...] = ()  # LIXIU: rank → monthly rise
    rounding_unit: str = "0.01"
    rounding_mode: str = "half_up"
    note: str = ""


# Facts, Component and Result are made for every person of a run (100,000 of them): plain slotted
# dataclasses, which are made several times faster than frozen ones. Nothing changes them once made.
@dataclass(slots=True)
class Facts:
    """What an adjustment reads of one person."""

    category: str
    retired_on: date | None
    birth: date | None
    basic: Decimal | None  # the basic pension in force in the effective month (None: no record)
    basic_at_reference: Decimal | None = None
    work_start: date | None = None
    service_override: tuple[int, int] | None = None  # (years, months) entered by the office
    groups: frozenset[str] = frozenset()
    rank: str = "none"
    died_on: date | None = None
    later_basic: bool = False  # a basic-pension record dated after the effective month exists


@dataclass(slots=True)
class Component:
    key: str
    label: str
    basis: str  # how it was reached, in words: "32年 × 1.20元"
    amount: Decimal


@dataclass(slots=True)
class Result:
    eligible: bool
    reason: str = ""  # why not, or a remark on an eligible line
    components: tuple[Component, ...] = ()
    old: Decimal = ZERO
    rise: Decimal = ZERO
    new: Decimal = ZERO
    back_months: int = 0
    back_pay: Decimal = ZERO
    service: tuple[int, int] | None = None
    age: int | None = None


def fen(amount: Decimal) -> Decimal:
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def round_money(amount: Decimal, unit: str = "0.01", mode: str = "half_up") -> Decimal:
    """`amount` rounded to the unit (分, 角 or 元) by the notice's mode, kept to the fen."""
    if unit not in ROUNDING_UNITS or mode not in ROUNDING_MODES:
        raise RulesError("尾数处理规则无效。")
    return amount.quantize(Decimal(unit), rounding=ROUNDING_MODES[mode][0]).quantize(FEN)


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, end: date) -> int:
    """Whole months from the month of `first` up to, not including, the month of `end` (0 when none)."""
    return max(0, (end.year - first.year) * 12 + end.month - first.month)


def service_length(work_start: date | None, retired_on: date | None) -> tuple[int, int] | None:
    """Completed (years, months) of service from the day work started to the day of retirement."""
    if work_start is None or retired_on is None or retired_on < work_start:
        return None
    months = (retired_on.year - work_start.year) * 12 + retired_on.month - work_start.month
    if retired_on.day < work_start.day:
        months -= 1
    return divmod(months, 12)


def counted_years(years: int, months: int, part_year: str) -> Decimal:
    """The years an amount per year is paid for, by the notice's rule for a part year."""
    if part_year == WHOLE:
        return Decimal(years + (1 if months else 0))
    if part_year == DROP:
        return Decimal(years)
    if part_year == MONTHS:
        return Decimal(years) + Decimal(months) / Decimal(12)
    raise RulesError("不满一年的计算方法无效。")


def _years_words(years: int, months: int, counted: Decimal, part_year: str) -> str:
    length = f"{years}年{months}个月" if months else f"{years}年"
    if part_year == MONTHS:
        return f"{length}（{years} + {months}/12 年）" if months else length
    return f"{length}，按{counted:.0f}年计" if months else length


class _Plan:
    """What a rule set says the same for everyone, worked out once per rule set: constant components, the
    words of each service length and age, the rank table. `adjust` runs for 100,000 people in a run."""

    def __init__(self, rules: Rules):
        self.rules = rules
        self.fixed = Component("fixed", "定额调整", f"每人每月{rules.fixed}元", fen(rules.fixed)) if rules.fixed else None
        self.ranks = dict(rules.by_rank)
        self.reference_words = f"{rules.reference_month:%Y年%-m月}" if rules.reference_month else ""
        self.rate = rules.percent / Decimal(100)
        self.groups = [(group, Component(f"group:{group}", "倾斜调整", GROUPS.get(group, group), fen(amount))) for group, amount in rules.group_tilts]
        unit, (mode_code, mode) = ROUNDING_UNITS[rules.rounding_unit], ROUNDING_MODES[rules.rounding_mode]
        self.rounding_words = f"保留到{unit}（{mode}）"
        self.quantum, self.mode = Decimal(rules.rounding_unit), mode_code
        self._months: dict[date, int] = {}
        self._service: dict[tuple, Component] = {}
        self._age: dict[int, Component | None] = {}

    def service(self, years: int, months: int, entered: bool) -> Component:
        key = (years, months, entered)
        if key not in self._service:
            rules = self.rules
            counted = counted_years(years, months, rules.part_year)
            source = "（工作处录入）" if entered else ""
            self._service[key] = Component("per_year", "与工龄挂钩",
                                           f"工龄{_years_words(years, months, counted, rules.part_year)}{source} × 每年{rules.per_year}元",
                                           fen(counted * rules.per_year))
        return self._service[key]

    def round(self, amount: Decimal) -> Decimal:
        """round_money by the rule set's unit and mode, without checking them again for every person."""
        rounded = amount.quantize(self.quantum, rounding=self.mode)
        return rounded if self.quantum == FEN else rounded.quantize(FEN)

    def months(self, until: date) -> int:
        if until not in self._months:
            self._months[until] = months_between(self.rules.effective_month, until)
        return self._months[until]

    def age(self, age: int) -> Component | None:
        if age not in self._age:
            band = next((b for b in self.rules.age_bands if b.holds(age)), None)
            self._age[age] = None if band is None else Component(
                "age", "高龄倾斜", f"{self.rules.age_reference:%Y年%-m月%-d日}年满{age}周岁（{band.label}）", fen(band.amount))
        return self._age[age]


_PLANS: dict[int, _Plan] = {}


def _plan(rules: Rules) -> _Plan:
    """The rule set's plan, kept by identity (a run passes the same Rules object for every person)."""
    found = _PLANS.get(id(rules))
    if found is None or found.rules is not rules:
        if len(_PLANS) > 32:
            _PLANS.clear()
        found = _PLANS[id(rules)] = _Plan(rules)
    return found


def adjust(rules: Rules, facts: Facts, pay_from: date) -> Result:
    """One person's adjustment: each component, the old and new monthly amount, and the back pay for
    the months from the effective month up to `pay_from` (the first month paid at the new rate) —
    for someone who has died, up to and including the month of death."""
    def no(reason: str) -> Result:
        return Result(eligible=False, reason=reason, old=facts.basic or ZERO)

    if facts.category not in rules.categories:
        return no(f"人员类别为{CATEGORIES.get(facts.category, facts.category)}，不在本次调整范围")
    if facts.retired_on is None:
        return no("缺少离退休时间，无法判断是否符合条件")
    if rules.retired_on_or_before and facts.retired_on > rules.retired_on_or_before:
        return no(f"{facts.retired_on:%Y年%-m月%-d日}离退休，晚于{rules.retired_on_or_before:%Y年%-m月%-d日}")
    if facts.died_on and month_start(facts.died_on) < rules.effective_month:
        return no(f"已于{facts.died_on:%Y年%-m月%-d日}去世，早于调整生效月")
    if facts.basic is None:
        return no("生效月没有基本养老金（离休费）记录")
    if facts.later_basic:
        return no("生效月之后另有基本养老金（离休费）记录，请先核对")
    plan = _plan(rules)
    components: list[Component] = [plan.fixed] if plan.fixed else []
    service = None
    if rules.per_year:
        service = facts.service_override or service_length(facts.work_start, facts.retired_on)
        if service is None:
            return no("缺少参加工作时间，无法计算工龄（可由工作处录入工龄并注明原因）")
        components.append(plan.service(service[0], service[1], facts.service_override is not None))
    if rules.percent:
        base = facts.basic_at_reference
        if base is None:
            return no(f"{plan.reference_words}没有基本养老金（离休费）记录，无法按比例计算")
        components.append(Component("percent", "与基本养老金挂钩", f"{plan.reference_words}基本养老金{base}元 × {rules.percent}%",
                                    fen(base * plan.rate)))
    if plan.ranks:
        if facts.rank not in plan.ranks:
            return no(f"职级“{RANKS.get(facts.rank, facts.rank)}”不在本次增资标准表中")
        amount = plan.ranks[facts.rank]
        components.append(Component("rank", "随在职人员同职级增资", f"{RANKS.get(facts.rank, facts.rank)}每月{amount}元", fen(amount)))
    age = age_on(facts.birth, rules.age_reference) if rules.age_reference else None
    if rules.age_bands:
        if age is None:
            return no("缺少出生日期，无法判断高龄倾斜")
        tilt = plan.age(age)
        if tilt is not None:
            components.append(tilt)
    for group, component in plan.groups:
        if group in facts.groups:
            components.append(component)
    raw = ZERO
    for c in components:
        raw += c.amount
    rise = plan.round(raw)
    if rise != raw:
        components.append(Component("rounding", "尾数处理", f"合计{raw}元，{plan.rounding_words}", rise - raw))
    last_month = pay_from
    reason = ""
    if facts.died_on:
        last_month = min(pay_from, add_months(month_start(facts.died_on), 1))
        reason = f"已于{facts.died_on:%Y年%-m月%-d日}去世，补发至去世当月，由家属领取"
    months = plan.months(last_month)
    return Result(eligible=True, reason=reason, components=tuple(components), old=facts.basic, rise=rise,
                  new=facts.basic + rise, back_months=months, back_pay=rise * months, service=service, age=age)


# --- the rule set as a JSON document ----------------------------------------------------------------

def _money(value, where: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise RulesError(f"{where}：“{value}”不是有效金额。") from None
    if not amount.is_finite() or amount < 0 or amount > Decimal("100000"):
        raise RulesError(f"{where}：金额应在 0 到 100000 元之间。")
    if amount != amount.quantize(FEN):
        raise RulesError(f"{where}：金额最多保留两位小数（分）。")
    return amount


def _day(value, where: str, *, month: bool = False) -> date | None:
    if value in (None, ""):
        return None
    try:
        text = str(value)
        return date.fromisoformat(f"{text}-01" if month and len(text) == 7 else text)
    except ValueError:
        raise RulesError(f"{where}：“{value}”不是有效日期（{'YYYY-MM' if month else 'YYYY-MM-DD'}）。") from None


_PARTS = {"eligibility": "适用范围", "per_year_of_service": "工龄挂钩", "percent_of_basic": "比例挂钩", "age_tilts": "高龄倾斜",
          "rounding": "尾数处理", "by_rank": "增资标准表"}


def _part(doc: dict, key: str) -> dict:
    """A part of the document that is an object of its own (missing or null: empty)."""
    part = doc.get(key)
    if part is None:
        return {}
    if not isinstance(part, dict):
        raise RulesError(f"{_PARTS[key]}（{key}）的格式不对。")
    return part


def parse_rules(doc: dict) -> Rules:
    """A rule set from its JSON document (README: "Pension adjustment rules"); RulesError says what is wrong."""
    if not isinstance(doc, dict):
        raise RulesError("文件内容不是一个调整规则。")
    if doc.get("format") != FORMAT:
        raise RulesError(f"文件格式应为 {FORMAT}。")
    kind = doc.get("kind", PENSION)
    if kind not in KINDS:
        raise RulesError("规则类型应为 pension（调整养老金）或 lixiu（调整离休费）。")
    name, notice = str(doc.get("name", "")).strip(), str(doc.get("notice", "")).strip()
    if not name or len(name) > 80:
        raise RulesError("请填写调整名称（80字以内）。")
    if not notice or len(notice) > 60:
        raise RulesError("请填写批准文号（60字以内）。")
    effective = _day(doc.get("effective_month"), "生效月份", month=True)
    if effective is None:
        raise RulesError("请填写生效月份，如 2026-01。")
    eligibility, per_year, percent, ages, rounding, by_rank = (
        _part(doc, key) for key in ("eligibility", "per_year_of_service", "percent_of_basic", "age_tilts", "rounding", "by_rank"))
    categories = eligibility.get("categories") or (["lixiu"] if kind == LIXIU else ["tuixiu", "tuizhi"])
    if not isinstance(categories, list) or any(c not in CATEGORIES for c in categories):
        raise RulesError("适用人员类别只能是 lixiu、tuixiu、tuizhi。")
    categories = tuple(categories)
    if not isinstance(ages.get("bands") or [], list) or not isinstance(doc.get("group_tilts") or [], list):
        raise RulesError("高龄倾斜的年龄段和倾斜调整都应是列表。")
    bands = []
    for i, band in enumerate(ages.get("bands") or [], 1):
        try:
            low, high = int(band["from"]), (int(band["to"]) if band.get("to") is not None else None)
        except (KeyError, TypeError, ValueError):
            raise RulesError(f"高龄倾斜第{i}档：请填写起止年龄。") from None
        if low < 0 or (high is not None and high < low):
            raise RulesError(f"高龄倾斜第{i}档：年龄范围无效。")
        bands.append(AgeBand(low, high, _money(band.get("amount"), f"高龄倾斜第{i}档")))
    bands.sort(key=lambda b: b.from_age)
    for a, b in zip(bands, bands[1:], strict=False):
        if a.to_age is None or a.to_age >= b.from_age:
            raise RulesError(f"高龄倾斜的年龄段重叠：{a.label}与{b.label}。")
    age_reference = _day(ages.get("reference_date"), "年龄计算截止日")
    if bands and age_reference is None:
        raise RulesError("有高龄倾斜时请填写年龄计算截止日。")
    groups = []
    for i, tilt in enumerate(doc.get("group_tilts") or [], 1):
        group = tilt.get("group") if isinstance(tilt, dict) else None
        if group not in GROUPS:
            raise RulesError(f"倾斜调整第{i}项：对象应为 {'、'.join(GROUPS)} 之一。")
        groups.append((group, _money(tilt.get("amount"), f"倾斜调整第{i}项")))
    ranks = []
    for rank, amount in by_rank.items():
        if rank not in RANKS:
            raise RulesError(f"增资标准表中的职级“{rank}”无效。")
        ranks.append((rank, _money(amount, f"职级{RANKS[rank]}的增资额")))
    if kind == LIXIU and not ranks:
        raise RulesError("调整离休费的规则请填写各职级的增资额（by_rank）。")
    part_year = per_year.get("part_year", WHOLE)
    if part_year not in PART_YEAR_RULES:
        raise RulesError("不满一年的计算方法应为 whole、drop 或 months。")
    try:
        rate = Decimal(str(percent.get("percent") or "0"))
    except InvalidOperation:
        rate = None
    if rate is None or not rate.is_finite() or not 0 <= rate <= 100:
        raise RulesError("挂钩比例应为 0 到 100 之间的百分数。")
    reference = _day(percent.get("reference_month"), "挂钩参照月份", month=True)
    if rate and reference is None:
        raise RulesError("按比例挂钩时请填写参照月份（如 2025-12）。")
    unit, mode = str(rounding.get("unit", "0.01")), rounding.get("mode", "half_up")
    if unit not in ROUNDING_UNITS or mode not in ROUNDING_MODES:
        raise RulesError("尾数处理：单位应为 0.01、0.1 或 1，方式应为 half_up、up 或 down。")
    return Rules(
        name=name, notice=notice, effective_month=effective, kind=kind,
        retired_on_or_before=_day(eligibility.get("retired_on_or_before"), "离退休截止日期"), categories=categories,
        fixed=_money(doc.get("fixed", "0"), "定额调整"),
        per_year=_money(per_year.get("amount", "0"), "工龄挂钩每年金额"), part_year=part_year,
        percent=rate, reference_month=reference, age_reference=age_reference, age_bands=tuple(bands),
        group_tilts=tuple(groups), by_rank=tuple(ranks), rounding_unit=unit, rounding_mode=mode,
        note=str(doc.get("note", ""))[:500],
    )


def rules_document(rules: Rules) -> dict:
    """The JSON document of a rule set: parse_rules(rules_document(r)) == r."""
    doc: dict = {
        "format": FORMAT, "kind": rules.kind, "name": rules.name, "notice": rules.notice,
        "effective_month": f"{rules.effective_month:%Y-%m}",
        "eligibility": {"retired_on_or_before": rules.retired_on_or_before.isoformat() if rules.retired_on_or_before else None,
                        "categories": list(rules.categories)},
        "fixed": str(rules.fixed),
        "per_year_of_service": {"amount": str(rules.per_year), "part_year": rules.part_year},
        "percent_of_basic": {"percent": str(rules.percent),
                             "reference_month": f"{rules.reference_month:%Y-%m}" if rules.reference_month else None},
        "age_tilts": {"reference_date": rules.age_reference.isoformat() if rules.age_reference else None,
                      "bands": [{"from": b.from_age, "to": b.to_age, "amount": str(b.amount)} for b in rules.age_bands]},
        "group_tilts": [{"group": g, "amount": str(a)} for g, a in rules.group_tilts],
        "rounding": {"unit": rules.rounding_unit, "mode": rules.rounding_mode},
    }
    if rules.by_rank:
        doc["by_rank"] = {r: str(a) for r, a in rules.by_rank}
    if rules.note:
        doc["note"] = rules.note
    return doc


def describe(rules: Rules) -> list[str]:
    """The rule set in the notice's own words, line by line, for the run's page and its sheet."""
    lines = [f"{KINDS[rules.kind]}，自{rules.effective_month:%Y年%-m月}起执行（{rules.notice}）。"]
    who = "、".join(CATEGORIES[c] for c in rules.categories)
    cutoff = f"{rules.retired_on_or_before:%Y年%-m月%-d日}前（含）" if rules.retired_on_or_before else ""
    lines.append(f"调整范围：{cutoff}办理{who}手续的人员。")
    if rules.fixed:
        lines.append(f"定额调整：每人每月增加{rules.fixed}元。")
    if rules.per_year:
        lines.append(f"挂钩调整：工龄每满一年每月增加{rules.per_year}元，{PART_YEAR_RULES[rules.part_year]}。")
    if rules.percent:
        lines.append(f"挂钩调整：按本人{rules.reference_month:%Y年%-m月}基本养老金的{rules.percent}%增加。")
    for rank, amount in rules.by_rank:
        lines.append(f"{RANKS[rank]}：每月增加{amount}元。")
    if rules.age_bands:
        bands = "；".join(f"{b.label}每月增加{b.amount}元" for b in rules.age_bands)
        lines.append(f"高龄倾斜（年龄计算至{rules.age_reference:%Y年%-m月%-d日}）：{bands}。")
    for group, amount in rules.group_tilts:
        lines.append(f"倾斜调整：{GROUPS[group]}每月增加{amount}元。")
    unit, (_, mode) = ROUNDING_UNITS[rules.rounding_unit], ROUNDING_MODES[rules.rounding_mode]
    lines.append(f"尾数处理：保留到{unit}，{mode}。")
    return lines


# --- certification, death ---------------------------------------------------------------------------

CERTIFICATION_REMIND_DAYS = 30


def certification_due(last_certified: date | None, retired_on: date) -> date:
    """When a retiree's yearly pension-eligibility certification (领取资格认证) is next due: twelve
    months after the last one; someone never certified is due twelve months after retiring."""
    return shift_years(last_certified or retired_on, 1)


def certification_state(due: date, today: date) -> str:
    """"overdue" past the due day (at risk of suspension), "soon" within 30 days of it, else "ok"."""
    if today > due:
        return "overdue"
    if (due - today).days <= CERTIFICATION_REMIND_DAYS:
        return "soon"
    return "ok"


def pension_stop_month(died_on: date) -> date:
    """The pension stops from the month after the death: the first month not owed."""
    return add_months(month_start(died_on), 1)


def overpaid_months(died_on: date, paid_through: date) -> list[date]:
    """The months paid after the death (from the stop month through the month `paid_through`), to recover."""
    first, last = pension_stop_month(died_on), month_start(paid_through)
    return [add_months(first, i) for i in range(months_between(first, add_months(last, 1)))]


# How a death benefit is reckoned (the office's table, by category and year).
FIXED_SUM = "fixed"  # a fixed sum
YEARLY_FIGURE = "yearly"  # a multiple of a published yearly figure (e.g. the province's average wage)
MONTHS_OF_BASIC = "months"  # a number of months of the last basic pension
BASES = {FIXED_SUM: "固定金额", YEARLY_FIGURE: "上年度公布数额的倍数", MONTHS_OF_BASIC: "本人生前基本养老金（离休费）的月数"}


def death_benefit(basis: str, value: Decimal, *, yearly_figure: Decimal | None = None, last_basic: Decimal | None = None) -> Decimal:
    """A funeral grant or survivor benefit by one row of the office's table, half up to the fen."""
    if basis == FIXED_SUM:
        return fen(value)
    if basis == YEARLY_FIGURE:
        if yearly_figure is None:
            raise RulesError("该项按公布数额计算，请先填写公布数额。")
        return fen(value * yearly_figure)
    if basis == MONTHS_OF_BASIC:
        if last_basic is None:
            raise RulesError("没有本人生前基本养老金（离休费）记录，无法按月数计算。")
        return fen(value * last_basic)
    raise RulesError("计算方式无效。")

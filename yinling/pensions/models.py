"""Pensions (离休费 / 养老金) and what follows a death.

- `PensionItem`: one monthly item of one person (基本退休费, 生活补贴 …) from a month on, with the
  approving document. The amount in force in a month is that of the item's latest record dated on or
  before it (the later of two on the same month wins); a stop is a record of 0.
- `ServiceYears`: the years of service the office enters where the dates do not tell them.
- `RuleSet`: a yearly adjustment's rules as loaded or entered (lib.pension's JSON document).
- `AdjustmentRun` and its `AdjustmentLine`s: a computation of a rule set over the university, kept
  with a copy of the rules that produced it; approving it writes the new basic items.
- `BenefitRule`: the office's table of death benefits; `DeathCase`: what a death stopped and pays.
"""
from django.conf import settings
from django.db import models
from django.urls import reverse

from yinling.lib import pension as rules_lib


class ItemKind(models.TextChoices):
    BASIC_LIXIU = "basic_lixiu", "基本离休费"
    BASIC_TUIXIU = "basic_tuixiu", "基本退休费"
    LIVING = "living", "生活补贴"
    HOUSING = "housing", "住房提租补贴"
    PROPERTY = "property", "物业服务补贴"
    NURSING = "nursing", "护理费"
    OTHER = "other", "其他津补贴"


BASIC_KINDS = (ItemKind.BASIC_LIXIU, ItemKind.BASIC_TUIXIU)


def basic_kind_of(category: str) -> str:
    """The item an adjustment raises: 基本离休费 for 离休 cadres, 基本退休费 for everyone else."""
    return ItemKind.BASIC_LIXIU if category == "lixiu" else ItemKind.BASIC_TUIXIU


class PensionItem(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", "工作处录入"
        IMPORT = "import", "财务表导入"
        ADJUSTMENT = "adjustment", "年度调整"
        DEATH = "death", "去世停发"

    person = models.ForeignKey("roster.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="pension_items")
    kind = models.CharField("项目", max_length=14, choices=ItemKind.choices)
    amount = models.DecimalField("月金额（元）", max_digits=10, decimal_places=2)
    effective_from = models.DateField("起始月份")  # always the first of a month
    document_no = models.CharField("批准文号", max_length=60)
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.MANUAL)
    run = models.ForeignKey("AdjustmentRun", verbose_name="调整批次", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField("说明", max_length=200, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "离退休费项目"
        verbose_name_plural = "离退休费项目"
        ordering = ["person", "kind", "effective_from", "id"]
        indexes = [models.Index(fields=["person", "kind", "effective_from"], name="pension_item_in_force")]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gte=0), name="pension_item_not_negative")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_from:%Y-%m} {self.amount}"


class ServiceYears(models.Model):
    """Years of service entered by the office (a career the dates do not tell: a break, an army term …)."""

    person = models.OneToOneField("roster.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="service_years")
    years = models.PositiveSmallIntegerField("工龄（年）")
    months = models.PositiveSmallIntegerField("又（月）", default=0)
    reason = models.CharField("录入原因", max_length=200)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField("录入时间", auto_now=True)

    class Meta:
        verbose_name = "录入工龄"
        verbose_name_plural = "录入工龄"
        constraints = [models.CheckConstraint(condition=models.Q(months__lte=11, years__lte=70), name="service_years_sane")]

    def __str__(self) -> str:
        return f"{self.years}年{self.months}个月" if self.months else f"{self.years}年"


class RuleSet(models.Model):
    """A yearly adjustment's rules: lib.pension's JSON document, as loaded from the notice."""

    institution = models.ForeignKey("core.OrgUnit", verbose_name="学校", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("调整名称", max_length=80)
    notice = models.CharField("批准文号", max_length=60)
    kind = models.CharField("类型", max_length=10, choices=list(rules_lib.KINDS.items()))
    effective_month = models.DateField("生效月份")
    document = models.JSONField("规则")
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, on_delete=models.PROTECT, related_name="+")
    loaded_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "调整规则"
        verbose_name_plural = "调整规则"
        ordering = ["-effective_month", "-id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("pensions:ruleset", args=[self.pk])

    @property
    def rules(self) -> rules_lib.Rules:
        return rules_lib.parse_rules(self.document)


class AdjustmentRun(models.Model):
    class Status(models.TextChoices):
        COMPUTING = "computing", "正在计算"
        READY = "ready", "待审核"
        APPROVED = "approved", "已审批"
        DISCARDED = "discarded", "已作废"
        FAILED = "failed", "计算出错"

    institution = models.ForeignKey("core.OrgUnit", verbose_name="学校", on_delete=models.PROTECT, related_name="+")
    ruleset = models.ForeignKey(RuleSet, verbose_name="调整规则", on_delete=models.PROTECT, related_name="runs")
    document = models.JSONField("计算所用规则")  # the rules as they were when computed: a run keeps what produced it
    pay_from = models.DateField("按新标准发放起始月")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.COMPUTING)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    eligible = models.PositiveIntegerField("调整人数", default=0)
    ineligible = models.PositiveIntegerField("未调整人数", default=0)
    total_rise = models.DecimalField("月增加合计", max_digits=14, decimal_places=2, default=0)
    total_back_pay = models.DecimalField("补发合计", max_digits=14, decimal_places=2, default=0)
    message = models.CharField("说明", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="计算人", null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("计算时间", auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)

    class Meta:
        verbose_name = "调整批次"
        verbose_name_plural = "调整批次"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.ruleset.name}（第{self.pk}次计算）"

    def get_absolute_url(self) -> str:
        return reverse("pensions:run", args=[self.pk])

    @property
    def rules(self) -> rules_lib.Rules:
        return rules_lib.parse_rules(self.document)

    @property
    def percent(self) -> int:
        return min(100, int(self.progress_done * 100 / self.progress_total)) if self.progress_total else 0


class AdjustmentLine(models.Model):
    """One person's result in a run: each component with its basis, old and new amount, back pay."""

    # A run writes 100,000 lines at once: no index beyond the two its pages read (the unique pair, which
    # also finds a run's lines, and the one by rise); people are never deleted, so none by person.
    run = models.ForeignKey(AdjustmentRun, verbose_name="调整批次", on_delete=models.CASCADE, related_name="lines", db_index=False)
    person = models.ForeignKey("roster.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="+", db_index=False)
    eligible = models.BooleanField("符合调整条件")
    reason = models.CharField("说明", max_length=200, blank=True)
    kind = models.CharField("调整项目", max_length=14, choices=ItemKind.choices)
    components = models.JSONField("计算明细", default=list)  # [[key, basis, amount], …]: compact, 100,000 lines are written at once
    old = models.DecimalField("调整前", max_digits=10, decimal_places=2)
    rise = models.DecimalField("月增加", max_digits=10, decimal_places=2)
    new = models.DecimalField("调整后", max_digits=10, decimal_places=2)
    back_months = models.PositiveSmallIntegerField("补发月数", default=0)
    back_pay = models.DecimalField("补发金额", max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = "调整明细"
        verbose_name_plural = "调整明细"
        ordering = ["run", "id"]
        indexes = [models.Index(fields=["run", "eligible", "rise"], name="adjust_line_by_rise")]
        constraints = [models.UniqueConstraint(fields=["run", "person"], name="adjust_line_once")]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.old} → {self.new}"

    @property
    def parts(self) -> list[dict]:
        """The components as the page and the sheet show them: key, label, basis, amount (a string to the fen)."""
        return [{"key": key, "label": rules_lib.COMPONENT_LABELS.get(key.split(":")[0], key), "basis": basis, "amount": amount}
                for key, basis, amount in self.components]


class BenefitRule(models.Model):
    """A row of the office's table of death benefits: by benefit, category and year."""

    class Benefit(models.TextChoices):
        FUNERAL = "funeral", "丧葬补助金"
        SURVIVOR = "survivor", "一次性抚恤金"

    institution = models.ForeignKey("core.OrgUnit", verbose_name="学校", on_delete=models.PROTECT, related_name="+")
    benefit = models.CharField("项目", max_length=10, choices=Benefit.choices)
    category = models.CharField("人员类别", max_length=10, choices=list(rules_lib.CATEGORIES.items()))
    year = models.PositiveSmallIntegerField("适用年度")
    basis = models.CharField("计算方式", max_length=10, choices=list(rules_lib.BASES.items()))
    value = models.DecimalField("金额或倍数", max_digits=10, decimal_places=2)
    yearly_figure = models.DecimalField("公布数额（元/年）", max_digits=12, decimal_places=2, null=True, blank=True)
    document_no = models.CharField("依据文件", max_length=80, blank=True)

    class Meta:
        verbose_name = "去世待遇标准"
        verbose_name_plural = "去世待遇标准"
        ordering = ["-year", "benefit", "category"]
        constraints = [models.UniqueConstraint(fields=["institution", "benefit", "category", "year"], name="benefit_rule_once")]

    def __str__(self) -> str:
        return f"{self.year}年{self.get_category_display()}{self.get_benefit_display()}"

    @property
    def explained(self) -> str:
        if self.basis == rules_lib.FIXED_SUM:
            return f"{self.value}元"
        if self.basis == rules_lib.YEARLY_FIGURE:
            return f"公布数额{self.yearly_figure or '（未填）'}元 × {self.value}"
        return f"本人生前基本离退休费 × {self.value}个月"


class DeathCase(models.Model):
    """What a death stopped and pays: recorded with the death, approved by the office."""

    class Status(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已审批"

    person = models.OneToOneField("roster.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="death_case")
    died_on = models.DateField("去世日期")
    place = models.CharField("去世地点", max_length=100, blank=True)
    stop_month = models.DateField("停发月份")
    last_basic = models.DecimalField("生前基本离退休费", max_digits=10, decimal_places=2, null=True, blank=True)
    monthly_total = models.DecimalField("生前月离退休费合计", max_digits=10, decimal_places=2, default=0)
    overpaid = models.JSONField("多发月份", default=list)  # [{"month": "2026-09", "amount": "6543.21"}]
    overpaid_total = models.DecimalField("应追回金额", max_digits=12, decimal_places=2, default=0)
    recovered_on = models.DateField("追回日期", null=True, blank=True)
    benefits = models.JSONField("待遇明细", default=list)  # [{"benefit", "label", "basis", "amount"} | {"benefit", "label", "problem"}]
    benefits_total = models.DecimalField("待遇合计", max_digits=12, decimal_places=2, default=0)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)

    class Meta:
        verbose_name = "去世待遇"
        verbose_name_plural = "去世待遇"
        ordering = ["-died_on", "-id"]

    def __str__(self) -> str:
        return f"{self.person}（{self.died_on:%Y-%m-%d}）"

    def get_absolute_url(self) -> str:
        return reverse("pensions:death", args=[self.pk])


class DependantAllowance(models.Model):
    """A dependant's living allowance (遗属生活困难补助) after a death."""

    case = models.ForeignKey(DeathCase, verbose_name="去世待遇", on_delete=models.PROTECT, related_name="allowances")
    name = models.CharField("遗属姓名", max_length=50)
    relation = models.CharField("关系", max_length=20)
    monthly = models.DecimalField("每月金额（元）", max_digits=10, decimal_places=2)
    starts_on = models.DateField("起始月份")
    ends_on = models.DateField("截止月份", null=True, blank=True)
    document_no = models.CharField("批准文号", max_length=60, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "遗属生活困难补助"
        verbose_name_plural = "遗属生活困难补助"
        ordering = ["starts_on", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.relation}）"

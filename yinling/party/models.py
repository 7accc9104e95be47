"""Party building for the retired branches: branches and their groups, memberships with their
history, branch life (meetings with attendance, activities), the rules a branch is held to,
dues, evaluations and the "光荣在党50年" medal.

The rules themselves (party age, dues, the medal, periods of a rule) are lib/party.py.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from yinling.lib import party as rules


class Branch(models.Model):
    class Kind(models.TextChoices):
        RETIRED = "retired", "退休党支部"
        LIXIU = "lixiu", "离休党支部"

    name = models.CharField("支部名称", max_length=100)
    institution = models.ForeignKey("core.OrgUnit", verbose_name="所属学校", on_delete=models.PROTECT, related_name="branches")
    kind = models.CharField("支部类型", max_length=10, choices=Kind.choices, default=Kind.RETIRED)
    # 在职党员联络员: a serving staff member who links the branch to the university's serving branches.
    liaison_name = models.CharField("在职党员联络员", max_length=50, blank=True)
    liaison_unit = models.CharField("联络员所在单位", max_length=100, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "党支部"
        verbose_name_plural = "党支部"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("party:branch_detail", args=[self.pk])


class PartyGroup(models.Model):
    """党小组: a branch's members meet in groups between branch meetings."""

    branch = models.ForeignKey(Branch, verbose_name="党支部", on_delete=models.PROTECT, related_name="groups")
    name = models.CharField("党小组", max_length=50)
    leader = models.ForeignKey("party.Membership", verbose_name="组长", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "党小组"
        verbose_name_plural = "党小组"
        ordering = ["sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["branch", "name"], name="party_group_unique_name")]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's membership of one branch, from the day they joined it until the day they left.

    A transfer to another branch ends one membership and starts the next; a person has at most
    one current membership. Party age counts from `full_date` (lib.party.party_age).
    """

    class Status(models.TextChoices):
        FULL = "full", "正式党员"
        PROBATION = "probation", "预备党员"

    class Left(models.TextChoices):
        TRANSFER = "transfer", "转出"
        DIED = "died", "去世"
        OTHER = "other", "其他"

    person = models.ForeignKey("roster.Person", verbose_name="姓名", on_delete=models.PROTECT, related_name="memberships")
    # None: a member whose relation is not yet placed in a retired branch (an import with party
    # dates but no branch); the data-quality view lists them for the office to place.
    branch = models.ForeignKey(Branch, verbose_name="党支部", null=True, blank=True, on_delete=models.PROTECT, related_name="memberships")
    group = models.ForeignKey(PartyGroup, verbose_name="党小组", null=True, blank=True, on_delete=models.SET_NULL, related_name="memberships")
    status = models.CharField("党员状态", max_length=10, choices=Status.choices, default=Status.FULL)
    join_date = models.DateField("入党时间", null=True, blank=True)
    full_date = models.DateField("转正时间", null=True, blank=True)
    since = models.DateField("转入本支部时间", null=True, blank=True)
    came_from = models.CharField("从何处转入", max_length=100, blank=True)
    until = models.DateField("离开本支部时间", null=True, blank=True)
    left = models.CharField("离开原因", max_length=10, choices=Left.choices, blank=True)
    went_to = models.CharField("转往何处", max_length=100, blank=True)
    # 流动党员: lives elsewhere, keeps the relation here and takes part where they live.
    mobile = models.BooleanField("流动党员", default=False)
    mobile_place = models.CharField("流动所在地", max_length=100, blank=True)
    dues_exempt = models.BooleanField("免交党费（经批准）", default=False)
    dues_exempt_reason = models.CharField("免交原因及批准", max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "党组织关系"
        verbose_name_plural = "党组织关系"
        ordering = ["branch", "person__name_pinyin", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(until__isnull=True), name="membership_one_current"),
            models.CheckConstraint(condition=Q(full_date__isnull=True) | Q(join_date__isnull=True) | Q(full_date__gte=models.F("join_date")),
                                   name="membership_full_after_join"),
        ]
        indexes = [models.Index(fields=["branch", "until"], name="membership_branch_idx")]

    def __str__(self) -> str:
        return f"{self.person} · {self.branch}"

    @property
    def current(self) -> bool:
        return self.until is None

    def party_age(self, on) -> int | None:
        return rules.party_age(self.full_date, on)


class Post(models.Model):
    """A post a member held in the branch (书记, 委员, 党小组长 …), from one day to another."""

    class Title(models.TextChoices):
        SECRETARY = "secretary", "书记"
        DEPUTY = "deputy", "副书记"
        ORGANISATION = "organisation", "组织委员"
        PUBLICITY = "publicity", "宣传委员"
        DISCIPLINE = "discipline", "纪检委员"
        COMMITTEE = "committee", "委员"
        GROUP_LEADER = "group_leader", "党小组长"

    membership = models.ForeignKey(Membership, verbose_name="党员", on_delete=models.CASCADE, related_name="posts")
    title = models.CharField("职务", max_length=20, choices=Title.choices)
    since = models.DateField("任职时间")
    until = models.DateField("卸任时间", null=True, blank=True)

    class Meta:
        verbose_name = "支部职务"
        verbose_name_plural = "支部职务"
        ordering = ["title", "-since"]

    def __str__(self) -> str:
        return self.get_title_display()


class Meeting(models.Model):
    """One meeting of branch life (三会一课 and the rest), with its attendance."""

    class Kind(models.TextChoices):
        GENERAL = "general", "支部党员大会"
        COMMITTEE = "committee", "支部委员会"
        GROUP = "group", "党小组会"
        LECTURE = "lecture", "党课"
        THEME_DAY = "theme_day", "主题党日"
        LIFE = "life", "组织生活会"
        REVIEW = "review", "民主评议党员"

    branch = models.ForeignKey(Branch, verbose_name="党支部", on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField("会议类型", max_length=12, choices=Kind.choices)
    group = models.ForeignKey(PartyGroup, verbose_name="党小组", null=True, blank=True, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField("日期")
    place = models.CharField("地点", max_length=100, blank=True)
    topic = models.CharField("主题", max_length=200)
    host = models.CharField("主持人", max_length=50, blank=True)
    recorder = models.CharField("记录人", max_length=50, blank=True)
    minutes = models.TextField("会议记录", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "支部会议"
        verbose_name_plural = "支部会议"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["branch", "held_on"], name="meeting_branch_day_idx")]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("party:meeting_detail", args=[self.pk])


class Attendance(models.Model):
    class Reason(models.TextChoices):
        SICK = "sick", "病假"
        LEAVE = "leave", "事假"
        AWAY = "away", "异地"
        OTHER = "other", "其他"

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="attendance")
    membership = models.ForeignKey(Membership, verbose_name="党员", on_delete=models.PROTECT, related_name="attendance")
    present = models.BooleanField("出席", default=True)
    reason = models.CharField("缺席原因", max_length=10, choices=Reason.choices, blank=True)

    class Meta:
        verbose_name = "出席情况"
        verbose_name_plural = "出席情况"
        constraints = [models.UniqueConstraint(fields=["meeting", "membership"], name="attendance_once")]
        indexes = [models.Index(fields=["membership", "meeting"], name="attendance_member_idx")]

    def __str__(self) -> str:
        return "出席" if self.present else f"缺席（{self.get_reason_display()}）"


class Attachment(models.Model):
    """A photo or PDF of a meeting, stored outside the web root and served only through scope."""

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="attachments")
    file_name = models.CharField("文件名", max_length=200)
    stored_name = models.CharField(max_length=80, editable=False)
    content_type = models.CharField(max_length=50, editable=False)
    size = models.PositiveIntegerField("大小", editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "会议附件"
        verbose_name_plural = "会议附件"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.file_name


class ComplianceRule(models.Model):
    """How often a kind of meeting must be held (the branch work rules), as the office sets it."""

    class Frequency(models.TextChoices):
        MONTH = rules.MONTH, "每月"
        QUARTER = rules.QUARTER, "每季度"
        YEAR = rules.YEAR, "每年"

    institution = models.ForeignKey("core.OrgUnit", verbose_name="学校", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("会议类型", max_length=12, choices=Meeting.Kind.choices)
    frequency = models.CharField("频次", max_length=10, choices=Frequency.choices)
    minimum = models.PositiveSmallIntegerField("每期至少（次）", default=1)
    active = models.BooleanField("执行", default=True)

    class Meta:
        verbose_name = "组织生活制度"
        verbose_name_plural = "组织生活制度"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["institution", "kind"], name="rule_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.get_frequency_display()}至少{self.minimum}次"


# The branch work rules' defaults (《中国共产党支部工作条例（试行）》): what a new university starts with.
DEFAULT_RULES = [
    (Meeting.Kind.GENERAL, rules.QUARTER), (Meeting.Kind.COMMITTEE, rules.MONTH), (Meeting.Kind.GROUP, rules.MONTH),
    (Meeting.Kind.LECTURE, rules.QUARTER), (Meeting.Kind.THEME_DAY, rules.MONTH), (Meeting.Kind.LIFE, rules.YEAR),
    (Meeting.Kind.REVIEW, rules.YEAR),
]


class Activity(models.Model):
    """Study sessions, red-education trips and the monthly training of secretaries and committee members."""

    class Kind(models.TextChoices):
        STUDY = "study", "学习活动"
        TRIP = "trip", "红色教育"
        TRAINING = "training", "书记和支委培训"

    institution = models.ForeignKey("core.OrgUnit", verbose_name="学校", on_delete=models.PROTECT, related_name="+")
    branch = models.ForeignKey(Branch, verbose_name="党支部", null=True, blank=True, on_delete=models.PROTECT, related_name="activities",
                               help_text="不选则为党工委组织的活动")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    held_on = models.DateField("日期")
    title = models.CharField("主题", max_length=200)
    destination = models.CharField("地点或目的地", max_length=100, blank=True)
    participants = models.ManyToManyField("roster.Person", verbose_name="参加人员", blank=True, related_name="+")
    guests = models.PositiveIntegerField("其他参加人数", default=0, help_text="家属、在职党员等不在名册中的人数")
    participant_count = models.PositiveIntegerField("参加人次", default=0, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "学习和红色教育活动"
        verbose_name_plural = "学习和红色教育活动"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class Pairing(models.Model):
    """结对共建: a retired branch paired with a student, serving-staff or company branch."""

    class PartnerKind(models.TextChoices):
        STUDENT = "student", "学生党支部"
        STAFF = "staff", "在职党支部"
        COMPANY = "company", "企业党支部"
        COMMUNITY = "community", "社区党组织"

    branch = models.ForeignKey(Branch, verbose_name="党支部", on_delete=models.PROTECT, related_name="pairings")
    partner = models.CharField("共建单位", max_length=100)
    partner_kind = models.CharField("类型", max_length=10, choices=PartnerKind.choices)
    since = models.DateField("结对时间")
    until = models.DateField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "结对共建"
        verbose_name_plural = "结对共建"
        ordering = ["-since"]

    def __str__(self) -> str:
        return self.partner


class JointActivity(models.Model):
    pairing = models.ForeignKey(Pairing, verbose_name="结对", on_delete=models.CASCADE, related_name="activities")
    held_on = models.DateField("日期")
    topic = models.CharField("活动内容", max_length=200)
    participants = models.PositiveIntegerField("参加人数", default=0)

    class Meta:
        verbose_name = "共建活动"
        verbose_name_plural = "共建活动"
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.topic


class Evaluation(models.Model):
    """民主评议党员: one member's result for one year."""

    class Result(models.TextChoices):
        EXCELLENT = "excellent", "优秀"
        QUALIFIED = "qualified", "合格"
        BASIC = "basic", "基本合格"
        UNQUALIFIED = "unqualified", "不合格"

    membership = models.ForeignKey(Membership, verbose_name="党员", on_delete=models.PROTECT, related_name="evaluations")
    year = models.PositiveSmallIntegerField("年度")
    result = models.CharField("评议结果", max_length=12, choices=Result.choices)

    class Meta:
        verbose_name = "民主评议结果"
        verbose_name_plural = "民主评议结果"
        constraints = [models.UniqueConstraint(fields=["membership", "year"], name="evaluation_once_a_year")]

    def __str__(self) -> str:
        return f"{self.year}年 {self.get_result_display()}"


class BranchEvaluation(models.Model):
    """The yearly evaluation of a branch ("六有一提升" and the like)."""

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", "好"
        GOOD = "good", "较好"
        FAIR = "fair", "一般"
        WEAK = "weak", "差"

    branch = models.ForeignKey(Branch, verbose_name="党支部", on_delete=models.PROTECT, related_name="evaluations")
    year = models.PositiveSmallIntegerField("年度")
    grade = models.CharField("评定等次", max_length=10, choices=Grade.choices)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "支部年度评定"
        verbose_name_plural = "支部年度评定"
        constraints = [models.UniqueConstraint(fields=["branch", "year"], name="branch_evaluation_once_a_year")]

    def __str__(self) -> str:
        return f"{self.year}年 {self.get_grade_display()}"


class Dues(models.Model):
    """One member's dues for one month: the base (the pension received), what is owed, what was paid."""

    membership = models.ForeignKey(Membership, verbose_name="党员", on_delete=models.PROTECT, related_name="dues")
    month = models.DateField("月份")  # the first day of the month
    base = models.DecimalField("计算基数（月养老金）", max_digits=10, decimal_places=2)
    exempt = models.BooleanField("免交", default=False)
    amount = models.DecimalField("应交", max_digits=8, decimal_places=2)
    paid = models.DecimalField("实交", max_digits=8, decimal_places=2, null=True, blank=True)
    paid_on = models.DateField("交纳日期", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "党费"
        verbose_name_plural = "党费"
        ordering = ["-month", "membership_id"]
        constraints = [models.UniqueConstraint(fields=["membership", "month"], name="dues_once_a_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y年%-m月}党费"

    @property
    def owing(self):
        return self.amount - (self.paid or 0)


class Medal(models.Model):
    """"光荣在党50年" for one person: nominated, approved, presented (never twice)."""

    class Stage(models.TextChoices):
        NOMINATED = "nominated", "已推荐"
        APPROVED = "approved", "已审批"
        PRESENTED = "presented", "已颁发"

    person = models.OneToOneField("roster.Person", verbose_name="姓名", on_delete=models.PROTECT, related_name="medal")
    year = models.PositiveSmallIntegerField("年度")
    stage = models.CharField("进度", max_length=10, choices=Stage.choices, default=Stage.NOMINATED)
    nominated_on = models.DateField("推荐日期", null=True, blank=True)
    approved_on = models.DateField("审批日期", null=True, blank=True)
    presented_on = models.DateField("颁发日期", null=True, blank=True)
    presented_by = models.CharField("颁发人", max_length=50, blank=True)

    class Meta:
        verbose_name = "光荣在党50年纪念章"
        verbose_name_plural = "光荣在党50年纪念章"

    def __str__(self) -> str:
        return f"{self.year}年 {self.get_stage_display()}"

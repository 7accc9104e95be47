"""Precise care (精准服务): contacts and visits, festival campaigns, the contact cadence, hospital stays,
service requests on a 24-hour clock, and hardship aid.

Every record here hangs off a person (or a university, for the office's tables) and reaches the org
tree through it (care/access.py). A person's last contact is kept in one row per person (ContactState),
so "who has not been reached" reads one row per person, not the history.
"""
from django.conf import settings
from django.db import models
from django.urls import reverse

from yinling.core.models import StoredFile
from yinling.lib import care as rules


class CadenceRule(models.Model):
    """How often the people of a group must be contacted, per university (the office's table)."""

    class Group(models.TextChoices):
        EVERYONE = rules.EVERYONE, "全体离退休人员"
        ALONE = rules.ALONE, "独居"
        DISABLED = rules.DISABLED, "失能、半失能"
        AGED = rules.AGED, "80岁及以上"
        HOSPITAL = rules.HOSPITAL, "住院"
        HARDSHIP = rules.HARDSHIP, "特殊困难"

    institution = models.ForeignKey("core.OrgUnit", verbose_name="学校", on_delete=models.PROTECT, related_name="+")
    group = models.CharField("人群", max_length=20, choices=Group.choices)
    interval_days = models.PositiveSmallIntegerField("至少每隔（天）联系一次")

    class Meta:
        verbose_name = "联系频次"
        verbose_name_plural = "联系频次"
        ordering = ["institution", "interval_days", "group"]
        constraints = [models.UniqueConstraint(fields=["institution", "group"], name="cadence_unique_group")]

    def __str__(self) -> str:
        return f"{self.get_group_display()}：每 {self.interval_days} 天"


class Campaign(models.Model):
    """A festival or special campaign (春节慰问 …): a snapshot of targets, each reached by a contact."""

    class Kind(models.TextChoices):
        SPRING = "spring", "春节慰问"
        MID_AUTUMN = "mid_autumn", "中秋慰问"
        DOUBLE_NINTH = "double_ninth", "重阳慰问"
        JULY_FIRST = "july_first", "七一慰问"
        SPECIAL = "special", "专项慰问"

    class Status(models.TextChoices):
        OPEN = "open", "进行中"
        CLOSED = "closed", "已结束"

    institution = models.ForeignKey("core.OrgUnit", verbose_name="学校", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    name = models.CharField("名称", max_length=60)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    # The target rule as entered, shown on the campaign's page ("全体在册离退休人员；80岁及以上 …").
    rule = models.JSONField("慰问对象条件", default=dict, blank=True)
    rule_text = models.CharField("慰问对象", max_length=300, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    summary = models.TextField("总结", blank=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "慰问活动"
        verbose_name_plural = "慰问活动"
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("care:campaign_detail", args=[self.pk])


class Contact(models.Model):
    """One contact with one person: a visit, a call, a video call or something mailed to someone far away.

    A visit to a couple is two rows that share `occasion`; each carries its own gift and money.
    """

    class Mode(models.TextChoices):
        HOME = "home", "上门"
        PHONE = "phone", "电话"
        VIDEO = "video", "视频"
        MAIL = "mail", "邮寄"
        HOSPITAL = "hospital", "医院探望"
        OTHER = "other", "其他"

    class Kind(models.TextChoices):
        ROUTINE = "routine", "日常走访"
        FESTIVAL = "festival", "节日慰问"
        BIRTHDAY = "birthday", "生日"
        HOSPITAL = "hospital", "住院"
        HARDSHIP = "hardship", "困难"
        CONDOLENCE = "condolence", "去世吊唁"
        CALL = "call", "电话问候"

    person = models.ForeignKey("roster.Person", verbose_name="离退休同志", on_delete=models.PROTECT, related_name="+")
    on = models.DateField("日期")
    mode = models.CharField("方式", max_length=10, choices=Mode.choices, default=Mode.HOME)
    kind = models.CharField("类别", max_length=12, choices=Kind.choices, default=Kind.ROUTINE)
    campaign = models.ForeignKey(Campaign, verbose_name="慰问活动", null=True, blank=True, on_delete=models.PROTECT, related_name="contacts")
    visitors = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="走访人", blank=True, related_name="+")
    leaders = models.CharField("参加的领导", max_length=100, blank=True)
    gifts = models.CharField("慰问品", max_length=100, blank=True)
    money = models.DecimalField("慰问金（元）", max_digits=9, decimal_places=2, null=True, blank=True)
    notes = models.TextField("情况记录", blank=True)
    occasion = models.UUIDField("同一次走访", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "走访联系"
        verbose_name_plural = "走访联系"
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["person", "-on"], name="contact_person_on_idx"),
                   models.Index(fields=["on"], name="contact_on_idx")]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.get_mode_display()}{self.get_kind_display()}"


class ContactState(models.Model):
    """A person's last contact of any kind (a visit, a call, a service request, a health check).

    Kept by care.services.touch() whenever one is recorded; "not reached in time" reads this row.
    """

    person = models.OneToOneField("roster.Person", verbose_name="离退休同志", primary_key=True, on_delete=models.PROTECT, related_name="care_state")
    last_contact_on = models.DateField("最近联系日期", null=True, blank=True, db_index=True)
    last_contact_what = models.CharField("最近联系方式", max_length=30, blank=True)

    class Meta:
        verbose_name = "联系状态"
        verbose_name_plural = "联系状态"

    def __str__(self) -> str:
        return f"{self.last_contact_on or '尚无联系'} {self.last_contact_what}".strip()


class CampaignTarget(models.Model):
    """A person the campaign must reach, from the snapshot taken at its creation or added later."""

    campaign = models.ForeignKey(Campaign, verbose_name="慰问活动", on_delete=models.PROTECT, related_name="targets")
    person = models.ForeignKey("roster.Person", verbose_name="离退休同志", on_delete=models.PROTECT, related_name="+")
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="负责走访", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    added_later = models.BooleanField("后来加入", default=False)
    reached_on = models.DateField("走访日期", null=True, blank=True)
    contact = models.ForeignKey(Contact, verbose_name="走访记录", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "慰问对象"
        verbose_name_plural = "慰问对象"
        constraints = [models.UniqueConstraint(fields=["campaign", "person"], name="campaign_target_unique")]
        indexes = [models.Index(fields=["campaign", "reached_on"], name="target_reached_idx")]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.person_id}"


class HospitalStay(models.Model):
    """A stay in hospital: drives "hospitalised now" (the person's flag) and suggests a 住院 visit."""

    person = models.ForeignKey("roster.Person", verbose_name="离退休同志", on_delete=models.PROTECT, related_name="+")
    hospital = models.CharField("医院", max_length=60)
    department = models.CharField("科室/病区", max_length=40, blank=True)
    admitted_on = models.DateField("入院日期")
    discharged_on = models.DateField("出院日期", null=True, blank=True)
    notes = models.CharField("情况", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "住院登记"
        verbose_name_plural = "住院登记"
        ordering = ["-admitted_on", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(discharged_on__isnull=True) | models.Q(discharged_on__gte=models.F("admitted_on")),
                                              name="stay_discharged_after_admitted")]

    def __str__(self) -> str:
        return f"{self.hospital} {self.admitted_on:%Y-%m-%d}"


class ResponseClock(models.Model):
    """A category's own response clock (the default: 24 hours, 2 when urgent)."""

    institution = models.ForeignKey("core.OrgUnit", verbose_name="学校", on_delete=models.PROTECT, related_name="+")
    category = models.CharField("类别", max_length=20)
    hours = models.PositiveSmallIntegerField("首次响应时限（小时）", default=rules.RESPONSE_HOURS)
    urgent_hours = models.PositiveSmallIntegerField("紧急时限（小时）", default=rules.URGENT_RESPONSE_HOURS)

    class Meta:
        verbose_name = "响应时限"
        verbose_name_plural = "响应时限"
        constraints = [models.UniqueConstraint(fields=["institution", "category"], name="clock_unique_category")]

    def __str__(self) -> str:
        return f"{self.category}：{self.hours}/{self.urgent_hours} 小时"


class ServiceRequest(models.Model):
    """A request for help (服务工单), timed from the moment it was raised."""

    class Category(models.TextChoices):
        MEDICAL = "medical", "就医陪诊"
        POLICY = "policy", "政策咨询"
        CLAIM = "claim", "报销"
        DEVICE = "device", "智能设备"
        REPAIR = "repair", "维修"
        COMFORT = "comfort", "心理慰藉"
        OTHER = "other", "其他"

    class Status(models.TextChoices):
        NEW = "new", "新建"
        RESPONDED = "responded", "已响应"
        IN_PROGRESS = "in_progress", "处理中"
        RESOLVED = "resolved", "已解决"
        RATED = "rated", "已评价"
        CLOSED = "closed", "已关闭"

    class Via(models.TextChoices):
        STAFF = "staff", "工作人员登记"
        PHONE = "phone", "电话来电"
        FAMILY = "family", "家属反映"
        LIAISON = "liaison", "联络员反映"
        SELF = "self", "本人提出"

    person = models.ForeignKey("roster.Person", verbose_name="离退休同志", on_delete=models.PROTECT, related_name="+")
    category = models.CharField("类别", max_length=20, choices=Category.choices)
    description = models.TextField("诉求内容")
    urgent = models.BooleanField("紧急", default=False)
    via = models.CharField("来源", max_length=10, choices=Via.choices, default=Via.STAFF)
    caller = models.CharField("反映人（家属等）", max_length=50, blank=True)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="承办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.NEW)
    raised_at = models.DateTimeField("提出时间")
    due_at = models.DateTimeField("应响应时间")
    first_response_at = models.DateTimeField("首次响应时间", null=True, blank=True)
    resolved_at = models.DateTimeField("解决时间", null=True, blank=True)
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)
    rating = models.PositiveSmallIntegerField("满意度", null=True, blank=True)
    rating_comment = models.CharField("评价", max_length=200, blank=True)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "服务工单"
        verbose_name_plural = "服务工单"
        ordering = ["-raised_at", "-id"]
        indexes = [
            # "late requests": not yet answered, past their due time
            models.Index(fields=["due_at"], condition=models.Q(first_response_at__isnull=True), name="request_unanswered_due_idx"),
            models.Index(fields=["person", "-raised_at"], name="request_person_idx"),
            models.Index(fields=["assigned_to", "status"], name="request_assigned_idx"),
        ]
        constraints = [models.CheckConstraint(condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                                              name="request_rating_1_to_5")]

    def __str__(self) -> str:
        return f"{self.get_category_display()}：{self.description[:20]}"

    def get_absolute_url(self) -> str:
        return reverse("care:request_detail", args=[self.pk])

    @property
    def open(self) -> bool:
        return self.status in (self.Status.NEW, self.Status.RESPONDED, self.Status.IN_PROGRESS)


class RequestEvent(models.Model):
    """One step of a request's timeline: who moved it to which state, when, and what they said."""

    request = models.ForeignKey(ServiceRequest, verbose_name="工单", on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField("时间")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="处理人", null=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=12, choices=ServiceRequest.Status.choices)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "工单进度"
        verbose_name_plural = "工单进度"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_status_display()}"


class HardshipAid(models.Model):
    """Hardship aid (困难帮扶): asked, approved (or refused) and paid, bound to its year."""

    class Status(models.TextChoices):
        APPLIED = "applied", "已申请"
        APPROVED = "approved", "已批准"
        REFUSED = "refused", "未批准"
        PAID = "paid", "已发放"

    person = models.ForeignKey("roster.Person", verbose_name="离退休同志", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    reason = models.CharField("困难原因", max_length=200)
    amount_asked = models.DecimalField("申请金额（元）", max_digits=9, decimal_places=2)
    amount_approved = models.DecimalField("批准金额（元）", max_digits=9, decimal_places=2, null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.APPLIED)
    applied_on = models.DateField("申请日期")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    approved_on = models.DateField("审批日期", null=True, blank=True)
    paid_on = models.DateField("发放日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "困难帮扶"
        verbose_name_plural = "困难帮扶"
        ordering = ["-applied_on", "-id"]

    def __str__(self) -> str:
        return f"{self.year}年 {self.reason}"


class MemoItem(models.Model):
    """A line the office types into the year's work memo (《工作备忘录》), under its month."""

    institution = models.ForeignKey("core.OrgUnit", verbose_name="学校", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    text = models.CharField("事项", max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填写人", null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "备忘录事项"
        verbose_name_plural = "备忘录事项"
        ordering = ["year", "month", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12), name="memo_month_1_to_12")]

    def __str__(self) -> str:
        return f"{self.year}年{self.month}月：{self.text}"


class ContactPhoto(StoredFile):
    """A photo of a visit, stored outside the web root (core.files) and served only through scope."""

    contact = models.ForeignKey(Contact, verbose_name="走访记录", on_delete=models.PROTECT, related_name="photos")

    class Meta(StoredFile.Meta):
        verbose_name = "走访照片"
        verbose_name_plural = "走访照片"

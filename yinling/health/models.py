"""The annual health check (年度体检) and family-doctor contracts (家庭医生签约).

A check is the year's campaign: hospitals' batches with a date and a capacity, each retiree signed
up to a batch (or coming back from far away, or checked where they live), attended, their report
received and any abnormal finding followed up. Findings are health details: the office and the unit's
care officer see them; a liaison signs people up and sees who goes when, nothing of the results.
"""
from django.conf import settings
from django.db import models
from django.urls import reverse


class HealthCheck(models.Model):
    institution = models.ForeignKey("core.OrgUnit", verbose_name="学校", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("名称", max_length=60)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    notes = models.TextField("说明", blank=True, help_text="体检须知：空腹、携带身份证和医保卡等")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "年度体检"
        verbose_name_plural = "年度体检"
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["institution", "year"], name="health_check_one_a_year")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("health:check_detail", args=[self.pk])


class Batch(models.Model):
    """One day at one hospital, with as many places as the hospital offers."""

    check_campaign = models.ForeignKey(HealthCheck, verbose_name="体检", on_delete=models.PROTECT, related_name="batches")
    hospital = models.CharField("医院", max_length=60)
    on = models.DateField("日期")
    capacity = models.PositiveSmallIntegerField("名额")
    meeting_point = models.CharField("集合地点和时间", max_length=100, blank=True)

    class Meta:
        verbose_name = "体检批次"
        verbose_name_plural = "体检批次"
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.on:%m月%d日} {self.hospital}"


class Enrollment(models.Model):
    class Mode(models.TextChoices):
        BATCH = "batch", "随批次体检"
        RETURN = "return", "异地回通体检"
        ELSEWHERE = "elsewhere", "异地当地体检"

    class Status(models.TextChoices):
        SIGNED = "signed", "已报名"
        ATTENDED = "attended", "已体检"
        ABSENT = "absent", "未参加"
        DECLINED = "declined", "本人不参加"

    check_campaign = models.ForeignKey(HealthCheck, verbose_name="体检", on_delete=models.PROTECT, related_name="enrollments")
    person = models.ForeignKey("roster.Person", verbose_name="离退休同志", on_delete=models.PROTECT, related_name="+")
    mode = models.CharField("方式", max_length=10, choices=Mode.choices, default=Mode.BATCH)
    batch = models.ForeignKey(Batch, verbose_name="批次", null=True, blank=True, on_delete=models.PROTECT, related_name="enrollments")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.SIGNED)
    attended_on = models.DateField("体检日期", null=True, blank=True)
    report_received_on = models.DateField("收到报告", null=True, blank=True)
    signed_up_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报名经办", null=True, on_delete=models.PROTECT, related_name="+")
    signed_up_at = models.DateTimeField("报名时间", auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "体检报名"
        verbose_name_plural = "体检报名"
        constraints = [
            models.UniqueConstraint(fields=["check_campaign", "person"], name="enrollment_once_a_check"),
            models.CheckConstraint(condition=~models.Q(mode="batch") | models.Q(batch__isnull=False) | models.Q(status="declined"),
                                   name="enrollment_batch_has_batch"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.get_status_display()}"


class Finding(models.Model):
    """An abnormal finding of a report, followed up until it is closed."""

    class Level(models.TextChoices):
        WATCH = "watch", "注意观察"
        RECHECK = "recheck", "建议复查"
        TREAT = "treat", "建议就医"

    enrollment = models.ForeignKey(Enrollment, verbose_name="体检报名", on_delete=models.PROTECT, related_name="findings")
    item = models.CharField("异常项目", max_length=100)
    level = models.CharField("程度", max_length=10, choices=Level.choices, default=Level.RECHECK)
    follow_up = models.CharField("跟进情况", max_length=200, blank=True)
    closed_on = models.DateField("跟进完成", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "异常结果"
        verbose_name_plural = "异常结果"
        ordering = ["closed_on", "id"]

    def __str__(self) -> str:
        return self.item


class DoctorContract(models.Model):
    """A family-doctor contract (家庭医生签约): drives the person's 家庭医生签约 flag while it runs."""

    person = models.ForeignKey("roster.Person", verbose_name="离退休同志", on_delete=models.PROTECT, related_name="+")
    doctor = models.CharField("签约医生", max_length=30)
    clinic = models.CharField("社区卫生服务中心", max_length=60)
    signed_on = models.DateField("签约日期")
    ends_on = models.DateField("到期日期")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "家庭医生签约"
        verbose_name_plural = "家庭医生签约"
        ordering = ["-ends_on", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(ends_on__gt=models.F("signed_on")), name="contract_ends_after_signed")]

    def __str__(self) -> str:
        return f"{self.clinic} {self.doctor}"

"""Retirees living in other cities (异地养老): where and how they are looked after there, and the yearly
pension-eligibility certification (领取资格认证) that keeps their pension paid.

The province and city live on the person record (roster: 居住地, 异地所在省/市); this module keeps
what the office needs beyond them. A certification's next due date is lib.pension.certification_due.
"""
from django.conf import settings
from django.db import models

from yinling.core.models import StoredFile


class Residence(models.Model):
    class Filing(models.TextChoices):
        NONE = "none", "未备案"
        FILED = "filed", "已备案"
        EXPIRED = "expired", "备案已过期"

    person = models.OneToOneField("roster.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="remote_residence")
    address = models.CharField("异地详细地址", max_length=200)
    hospital = models.CharField("当地定点医院", max_length=100, blank=True)
    contact_name = models.CharField("当地联系人", max_length=50, blank=True)
    contact_relation = models.CharField("与本人关系", max_length=20, blank=True)
    contact_phone = models.CharField("联系人电话", max_length=30, blank=True)
    filing = models.CharField("异地就医备案", max_length=10, choices=Filing.choices, default=Filing.NONE)
    filed_on = models.DateField("备案日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "异地居住信息"
        verbose_name_plural = "异地居住信息"

    def __str__(self) -> str:
        return self.address


class Certification(models.Model):
    class Method(models.TextChoices):
        IN_PERSON = "in_person", "本人到场"
        VIDEO = "video", "视频认证"
        APP = "app", "手机App认证"
        VISIT = "visit", "联络员上门"

    person = models.ForeignKey("roster.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="certifications")
    on = models.DateField("认证日期")
    method = models.CharField("认证方式", max_length=10, choices=Method.choices)
    note = models.CharField("备注", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "领取资格认证"
        verbose_name_plural = "领取资格认证"
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["person", "on"], name="certification_last")]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.get_method_display()}"


class Claim(models.Model):
    """A remote medical-expense claim (异地就医报销): the bills of one stay or visit, checked, approved and paid."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "已提交"
        CHECKED = "checked", "已审核"
        APPROVED = "approved", "已批准"
        PAID = "paid", "已支付"
        RETURNED = "returned", "已退回"

    person = models.ForeignKey("roster.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="claims")
    submitted_on = models.DateField("提交日期")
    hospital = models.CharField("就诊医院", max_length=100)
    treated_from = models.DateField("就诊开始日期")
    treated_to = models.DateField("就诊结束日期")
    billed = models.DecimalField("票据金额（元）", max_digits=10, decimal_places=2)
    checked = models.DecimalField("审核金额（元）", max_digits=10, decimal_places=2, null=True, blank=True)
    approved = models.DecimalField("批准报销（元）", max_digits=10, decimal_places=2, null=True, blank=True)
    paid_on = models.DateField("支付日期", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    note = models.CharField("说明", max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "异地就医报销"
        verbose_name_plural = "异地就医报销"
        ordering = ["-submitted_on", "-id"]
        indexes = [models.Index(fields=["status", "submitted_on"], name="claim_by_status")]
        constraints = [
            models.CheckConstraint(condition=models.Q(billed__gte=0), name="claim_billed_not_negative"),
            models.CheckConstraint(condition=models.Q(treated_to__gte=models.F("treated_from")), name="claim_treated_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.hospital} {self.treated_from:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("remote:claim", args=[self.pk])


class ClaimStep(models.Model):
    """One step of a claim, timed and by whom: the claim's timeline."""

    claim = models.ForeignKey(Claim, verbose_name="报销", on_delete=models.CASCADE, related_name="steps")
    status = models.CharField("状态", max_length=10, choices=Claim.Status.choices)
    at = models.DateTimeField("时间")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="办理人", null=True, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField("金额", max_digits=10, decimal_places=2, null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "报销办理记录"
        verbose_name_plural = "报销办理记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.at:%Y-%m-%d %H:%M}"


class ClaimDocument(StoredFile):
    """A bill, a receipt or a discharge summary (a photo or PDF), stored outside the web root (core.files)."""

    claim = models.ForeignKey(Claim, verbose_name="报销", on_delete=models.PROTECT, related_name="documents")

    class Meta(StoredFile.Meta):
        verbose_name = "报销材料"
        verbose_name_plural = "报销材料"

"""Retirees living in other cities (异地养老): where and how they are looked after there, and the yearly
pension-eligibility certification (领取资格认证) that keeps their pension paid.

The province and city live on the person record (roster: 居住地, 异地所在省/市); this module keeps
what the office needs beyond them. A certification's next due date is lib.pension.certification_due.
"""
from django.conf import settings
from django.db import models


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

"""The travel register (外出登记) of retired province-managed cadres (省管干部): the trips they report, the
office's approval of trips abroad, and the passports and travel permits the office holds in custody,
logged out for a trip and back in.

A document's number is never kept whole: its last four characters tell the office which booklet it is,
and nothing more is needed to hand it over.
"""
from django.conf import settings
from django.db import models
from django.urls import reverse


class Trip(models.Model):
    class Status(models.TextChoices):
        REPORTED = "reported", "已报备"
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已同意"
        REFUSED = "refused", "不同意"
        BACK = "back", "已返回"

    person = models.ForeignKey("roster.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="trips")
    destination = models.CharField("目的地", max_length=100)
    abroad = models.BooleanField("出国（境）", default=False)
    leaves_on = models.DateField("出发日期")
    returns_on = models.DateField("返回日期")
    purpose = models.CharField("事由", max_length=200)
    companions = models.CharField("同行人", max_length=100, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices)
    reported_on = models.DateField("报告日期")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=200, blank=True)
    back_on = models.DateField("实际返回日期", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "外出登记"
        verbose_name_plural = "外出登记"
        ordering = ["-leaves_on", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(returns_on__gte=models.F("leaves_on")), name="trip_dates_in_order")]

    def __str__(self) -> str:
        return f"{self.destination} {self.leaves_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("travel:trip", args=[self.pk])


class Passport(models.Model):
    class Kind(models.TextChoices):
        PASSPORT = "passport", "因私护照"
        HK_MACAO = "hk_macao", "往来港澳通行证"
        TAIWAN = "taiwan", "往来台湾通行证"

    person = models.ForeignKey("roster.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="passports")
    kind = models.CharField("证件", max_length=10, choices=Kind.choices)
    number_tail = models.CharField("证件号后四位", max_length=4)
    expires_on = models.DateField("有效期至")
    in_custody = models.BooleanField("在工作处保管", default=True)
    received_on = models.DateField("交存日期")

    class Meta:
        verbose_name = "出入境证件"
        verbose_name_plural = "出入境证件"
        ordering = ["person", "kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（尾号{self.number_tail}）"


class PassportMove(models.Model):
    """A document handed out for a trip, or back into custody."""

    passport = models.ForeignKey(Passport, verbose_name="证件", on_delete=models.PROTECT, related_name="moves")
    trip = models.ForeignKey(Trip, verbose_name="外出", null=True, blank=True, on_delete=models.PROTECT, related_name="passport_moves")
    out = models.BooleanField("领出")  # False: returned into custody
    on = models.DateField("日期")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "证件领用"
        verbose_name_plural = "证件领用"
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{'领出' if self.out else '交回'} {self.on:%Y-%m-%d}"

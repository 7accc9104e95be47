"""Student volunteers (the 关爱银发园丁 team): who they are, the tasks they are given (a person to serve
or an event to help at), and the hours they log, confirmed by the office.

A volunteer with an account sees only their own tasks, and of a person only what a visit needs
(roster.visibility: name, visit address, masked phone), through roster.access.people_of_volunteer.
"""
from django.conf import settings
from django.db import models
from django.urls import reverse


class Kind(models.TextChoices):
    HEALTH = "health", "健康监测"
    EVENT = "event", "活动导护"
    DEVICE = "device", "智能设备培训"
    COMPANY = "company", "陪伴"


class Volunteer(models.Model):
    institution = models.ForeignKey("core.OrgUnit", verbose_name="学校", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("姓名", max_length=30)
    student_no = models.CharField("学号", max_length=20)
    college = models.CharField("学院", max_length=40)
    phone = models.CharField("手机", max_length=20, blank=True)
    kinds = models.JSONField("服务类型", default=list, blank=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="登录账号", null=True, blank=True, on_delete=models.PROTECT, related_name="volunteer")
    joined_on = models.DateField("加入日期")
    active = models.BooleanField("在队", default=True)

    class Meta:
        verbose_name = "志愿者"
        verbose_name_plural = "志愿者"
        ordering = ["-active", "college", "name"]
        constraints = [models.UniqueConstraint(fields=["institution", "student_no"], name="volunteer_student_no_unique")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("volunteers:detail", args=[self.pk])

    @property
    def kind_labels(self) -> str:
        return "、".join(Kind(k).label for k in self.kinds if k in Kind.values)


class Task(models.Model):
    """A volunteer's task: serving one person (a visit, teaching a phone) or helping at an event."""

    volunteer = models.ForeignKey(Volunteer, verbose_name="志愿者", on_delete=models.PROTECT, related_name="tasks")
    kind = models.CharField("服务类型", max_length=10, choices=Kind.choices)
    person = models.ForeignKey("roster.Person", verbose_name="服务对象", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    event = models.CharField("活动", max_length=60, blank=True)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期", null=True, blank=True)
    notes = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="分派人", null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "志愿服务任务"
        verbose_name_plural = "志愿服务任务"
        ordering = ["-starts_on", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(person__isnull=False) | ~models.Q(event=""), name="task_has_person_or_event")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.event or '结对服务'}"


class ServiceRecord(models.Model):
    """Hours a volunteer served on one day, logged by themselves (or the office) and confirmed by the office."""

    volunteer = models.ForeignKey(Volunteer, verbose_name="志愿者", on_delete=models.PROTECT, related_name="records")
    task = models.ForeignKey(Task, verbose_name="任务", null=True, blank=True, on_delete=models.PROTECT, related_name="records")
    on = models.DateField("服务日期")
    hours = models.DecimalField("时长（小时）", max_digits=4, decimal_places=1)
    note = models.CharField("服务内容", max_length=200)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="确认人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        verbose_name = "志愿服务时长"
        verbose_name_plural = "志愿服务时长"
        ordering = ["-on", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(hours__gt=0, hours__lte=12), name="record_hours_in_a_day")]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.hours}小时"

"""Background jobs of the roster: one row per file going in or out (an import, an export, a long printed list),
with its progress and outcome."""
from django.conf import settings
from django.db import models
from django.urls import reverse


class Job(models.Model):
    class Kind(models.TextChoices):
        IMPORT = "import", "导入名册"
        EXPORT = "export", "导出名单"
        PRINT = "print", "打印名单"

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        CHECKING = "checking", "正在检查"
        CHECKED = "checked", "检查完成"
        IMPORTING = "importing", "正在导入"
        EXPORTING = "exporting", "正在导出"
        RENDERING = "rendering", "正在生成打印版"
        DONE = "done", "已完成"
        REFUSED = "refused", "未导入"
        FAILED = "failed", "出错"

    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.QUEUED)
    institution = models.ForeignKey("core.OrgUnit", verbose_name="学校", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    file_name = models.CharField("文件名", max_length=200, blank=True)
    upload_path = models.CharField(max_length=300, blank=True, editable=False)
    result_path = models.CharField(max_length=300, blank=True, editable=False)
    params = models.JSONField("参数", default=dict, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    report = models.JSONField("结果", default=dict, blank=True)
    message = models.CharField("说明", max_length=500, blank=True)
    # Touched whenever a worker reports progress: a job whose worker died stops being touched.
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "导入导出任务"
        verbose_name_plural = "导入导出任务"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name}"

    def get_absolute_url(self) -> str:
        return reverse("transfer:job_detail", args=[self.pk])

    @property
    def title(self) -> str:
        """导入离退休人员名册, 导入党员名册 …, 导出名单, 打印名单: what the job is, for its page."""
        if self.kind == self.Kind.IMPORT:
            from .kinds import kind_for

            kind = kind_for(self.params.get("kind"))
            if kind is not None:
                return f"导入{kind.label}"
        return self.get_kind_display()

    @property
    def percent(self) -> int:
        if self.status in (self.Status.DONE, self.Status.CHECKED, self.Status.REFUSED):
            return 100
        if not self.progress_total:
            return 0
        return min(99, int(100 * self.progress_done / self.progress_total))

    STARTED = (Status.CHECKING, Status.IMPORTING, Status.EXPORTING, Status.RENDERING)

    @property
    def is_working(self) -> bool:
        return self.status == self.Status.QUEUED or self.status in self.STARTED

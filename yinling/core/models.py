"""The org tree every role is bound to, and the append-only audit log."""
from django.conf import settings
from django.db import models
from django.db.models.functions import Now


class OrgUnit(models.Model):
    """A node of the one org tree: province bureau → university → college → …, and grids.

    `path` is the chain of ids from the root ("000001/000004/"), so a subtree is
    one indexed prefix match whatever the depth.
    """

    class Kind(models.TextChoices):
        REGION = "region", "上级单位"
        INSTITUTION = "institution", "学校"
        UNIT = "unit", "二级单位"
        GRID = "grid", "网格"

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    parent = models.ForeignKey("self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=255, unique=True, editable=False)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "组织单位"
        verbose_name_plural = "组织单位"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1

    def institution(self) -> "OrgUnit | None":
        """The university this node belongs to (itself if it is one)."""
        if self.kind == self.Kind.INSTITUTION:
            return self
        ids = [int(p) for p in self.path.strip("/").split("/")]
        return OrgUnit.objects.filter(pk__in=ids, kind=self.Kind.INSTITUTION).first()


class StoredFile(models.Model):
    """A file someone uploaded beside a record (a visit's photo, a claim's bill): its name as uploaded, the
    random name it is stored under outside the web root (core.files), its type as its first bytes tell."""

    file_name = models.CharField("文件名", max_length=200)
    stored_name = models.CharField(max_length=60, editable=False)
    content_type = models.CharField(max_length=40, editable=False)
    size = models.PositiveIntegerField("大小")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self) -> str:
        return self.file_name


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("审计日志只能追加，不能修改。")

    def delete(self):
        raise PermissionError("审计日志只能追加，不能删除；过期记录由 audit_purge 命令清理。")


class AuditEntry(models.Model):
    """One row per login, failure, lockout, view, unmasking, export and change.

    Append-only: the model and its queryset refuse update and delete, and the database's
    triggers refuse UPDATE (but the one sealing each row) and DELETE of rows younger than
    the minimum retention (migrations 0002, 0004). Tamper-evident: each row is sealed into
    a keyed hash chain shortly after it commits (core.audit_chain; `manage.py audit_verify`
    finds the first broken link). The time comes from the database. Sensitive values are
    masked before they are written here.
    """

    class Result(models.TextChoices):
        OK = "ok", "成功"
        DENIED = "denied", "拒绝"
        FAILED = "failed", "失败"

    at = models.DateTimeField("时间", db_default=Now(), db_index=True)  # the database's clock, not the caller's
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
        on_delete=models.DO_NOTHING, db_constraint=False, related_name="+",
    )
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    action = models.CharField("操作", max_length=40)  # indexed in Meta.indexes (no LIKE index needed)
    object_type = models.CharField("对象类型", max_length=40, blank=True)  # indexed first in Meta.indexes
    object_id = models.CharField("对象编号", max_length=40, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    result = models.CharField("结果", max_length=10, choices=Result.choices, default=Result.OK)
    ip = models.GenericIPAddressField("来源地址", null=True, blank=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)
    note = models.CharField("说明", max_length=500, blank=True)
    # The org path the row belongs to, so each university's auditor sees its own.
    scope_path = models.CharField(max_length=255, blank=True)  # prefix-matched (scope()): see Meta.indexes
    # The seal (core.audit_chain): the row's place in the chain and the keyed hash of it and the row before.
    seq = models.BigIntegerField(null=True, blank=True, editable=False)  # unique where set: see Meta.constraints
    chain = models.CharField(max_length=64, blank=True, default="", db_default="", editable=False)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "at"]),
            models.Index(fields=["action"], name="audit_action_idx"),
            # scope() matches a path prefix (LIKE 'p%'): on PostgreSQL only a pattern-ops index
            # serves that; elsewhere the opclass is ignored and the index is a plain one.
            models.Index(fields=["scope_path"], name="audit_scope_path_idx", opclasses=["varchar_pattern_ops"]),
        ]
        constraints = [
            # Partial: a row is inserted unsealed, and 100,000 inserted at once add nothing to this index.
            models.UniqueConstraint(fields=["seq"], condition=models.Q(seq__isnull=False), name="audit_seq_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("审计日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计日志只能追加，不能删除。")

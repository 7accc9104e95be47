"""Retired Party branches. Meetings, dues and medals come with the party-building work."""
from django.db import models


class Branch(models.Model):
    name = models.CharField("支部名称", max_length=100)
    institution = models.ForeignKey("core.OrgUnit", verbose_name="所属学校", on_delete=models.PROTECT, related_name="branches")
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "党支部"
        verbose_name_plural = "党支部"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

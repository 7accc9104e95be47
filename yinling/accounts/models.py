"""Accounts and the roles they hold, each bound to a node of the org tree."""
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from .roles import BINDING, CAPABILITIES, SECOND_FACTOR_ROLES, Role


class User(AbstractUser):
    display_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)

    class Meta:
        verbose_name = "账号"
        verbose_name_plural = "账号"

    def __str__(self) -> str:
        return self.display_name_or_username

    @property
    def display_name_or_username(self) -> str:
        return self.display_name or self.username

    def refresh_from_db(self, *args, **kwargs):
        self.__dict__.pop("_assignments_cache", None)
        super().refresh_from_db(*args, **kwargs)

    def active_assignments(self) -> list["RoleAssignment"]:
        """Cached per user object (and so per request)."""
        cached = getattr(self, "_assignments_cache", None)
        if cached is None:
            cached = list(self.assignments.select_related("node", "branch", "person"))
            self._assignments_cache = cached
        return cached

    def roles(self) -> set[str]:
        return {a.role for a in self.active_assignments()}

    def has_capability(self, capability: str) -> bool:
        return any(a.grants(capability) for a in self.active_assignments())

    def needs_second_factor(self) -> bool:
        return bool(self.roles() & SECOND_FACTOR_ROLES)

    def primary_scope_path(self) -> str:
        for a in self.active_assignments():
            if a.node_id:
                return a.node.path
            if a.branch_id:
                return a.branch.institution.path
            if a.person_id:
                return a.person.institution.path
        return ""


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, verbose_name="账号", on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField("角色", max_length=30, choices=Role.choices)
    node = models.ForeignKey("core.OrgUnit", verbose_name="管辖范围", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    branch = models.ForeignKey("party.Branch", verbose_name="党支部", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("roster.Person", verbose_name="本人档案", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    may_unmask = models.BooleanField("可查看完整证件号", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(node__isnull=False, branch__isnull=True, person__isnull=True)
                    | models.Q(node__isnull=True, branch__isnull=False, person__isnull=True)
                    | models.Q(node__isnull=True, branch__isnull=True, person__isnull=False)
                ),
                name="assignment_bound_to_exactly_one",
            )
        ]

    def __str__(self) -> str:
        bound = self.node or self.branch or self.person
        return f"{self.get_role_display()}（{bound}）"

    def clean(self):
        needed = BINDING[self.role]
        if needed == "node" and not self.node_id:
            raise ValidationError({"node": "该角色必须绑定到一个组织单位。"})
        if needed == "branch" and not self.branch_id:
            raise ValidationError({"branch": "党支部书记必须绑定到一个党支部。"})
        if needed == "person" and not self.person_id:
            raise ValidationError({"person": "离退休同志账号必须绑定本人档案。"})

    def grants(self, capability: str) -> bool:
        from .roles import ROSTER_UNMASK

        if capability == ROSTER_UNMASK and self.role == Role.OFFICE_STAFF and self.may_unmask:
            return True
        return capability in CAPABILITIES[self.role]

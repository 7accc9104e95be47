"""Accounts and the roles they hold, each bound to a node of the org tree, for a span of dates."""
from datetime import date

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .roles import BINDINGS, SECOND_FACTOR_ROLES, Role


def current(on: date) -> Q:
    """Assignments held on the day `on`: started by then and not yet ended (the end day is the first day without it)."""
    return Q(starts_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gt=on))


class User(AbstractUser):
    display_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    # The node the account belongs to: the administrators of that node's subtree manage it.
    home = models.ForeignKey("core.OrgUnit", verbose_name="所属单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)

    # Names in change entries that are not fields (core's audit log labels them from here).
    audit_field_labels = {"role": "角色"}

    class Meta:
        verbose_name = "账号"
        verbose_name_plural = "账号"

    def __str__(self) -> str:
        return self.display_name_or_username

    @property
    def display_name_or_username(self) -> str:
        return self.display_name or self.username

    @property
    def audit_scope_path(self) -> str:
        return self.home.path if self.home_id else ""

    def refresh_from_db(self, *args, **kwargs):
        self.__dict__.pop("_assignments_cache", None)
        super().refresh_from_db(*args, **kwargs)

    def active_assignments(self) -> list["RoleAssignment"]:
        """The assignments held today; cached per user object (and so per request)."""
        cached = getattr(self, "_assignments_cache", None)
        if cached is None:
            today = timezone.localdate()
            # Every page asks this first: node and branch come joined; the people a few assignments
            # are bound to (retirees, paired volunteers) in one more query only when there are any.
            cached = list(self.assignments.filter(current(today)).select_related("node", "branch"))
            person_ids = {a.person_id for a in cached if a.person_id}
            if person_ids:
                people = RoleAssignment._meta.get_field("person").related_model.objects.select_related("institution").in_bulk(person_ids)
                for a in cached:
                    if a.person_id:
                        a.person = people[a.person_id]
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
        return self.audit_scope_path


_BINDING_MESSAGES = {"node": "该角色必须绑定到一个组织单位。", "branch": "党支部书记必须绑定到一个党支部。",
                     "person": "该角色必须绑定到一位离退休同志。"}


class RoleAssignment(models.Model):
    """A role held by one account at one node, branch or person, from one day until another.

    A role ends (ends_on is set) instead of being deleted, so "who was the liaison on that
    day" stays answerable. Capabilities beyond the role's defaults are granted here.
    """

    user = models.ForeignKey(User, verbose_name="账号", on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField("角色", max_length=30, choices=Role.choices)
    node = models.ForeignKey("core.OrgUnit", verbose_name="管辖范围", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    branch = models.ForeignKey("party.Branch", verbose_name="党支部", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("roster.Person", verbose_name="对应人员", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    extra_capabilities = models.JSONField("额外授权", default=list, blank=True)
    starts_on = models.DateField("开始日期", default=timezone.localdate)
    ends_on = models.DateField("结束日期", null=True, blank=True, help_text="当日起不再享有该角色")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(node__isnull=False, branch__isnull=True, person__isnull=True)
                    | models.Q(node__isnull=True, branch__isnull=False, person__isnull=True)
                    | models.Q(node__isnull=True, branch__isnull=True, person__isnull=False)
                ),
                name="assignment_bound_to_exactly_one",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="assignment_ends_after_it_starts",
            ),
        ]
        indexes = [models.Index(fields=["user", "starts_on"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()}（{self.bound_to}）"

    @property
    def bound_to(self):
        return self.node or self.branch or self.person

    @property
    def audit_scope_path(self) -> str:
        return self.user.audit_scope_path

    def is_current(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.starts_on <= on and (self.ends_on is None or on < self.ends_on)

    def clean(self):
        if self.role not in BINDINGS:
            raise ValidationError({"role": "请选择角色。"})
        allowed = BINDINGS[self.role]
        bound = "node" if self.node_id else "branch" if self.branch_id else "person" if self.person_id else ""
        if bound not in allowed:
            raise ValidationError({allowed[0]: _BINDING_MESSAGES[allowed[0]]})
        if self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "结束日期不能早于开始日期。"})

    def grants(self, capability: str) -> bool:
        from yinling.core.access import role_grants

        return role_grants(self.role, capability) or capability in (self.extra_capabilities or ())

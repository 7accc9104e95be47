"""The demo university's accounts: one for every role, all with the demo password."""
from django.conf import settings

from yinling.core.demo import DEMO_PASSWORD
from yinling.core.plugins import DemoContext, demo_part
from yinling.lib.names import demo_phone, random_name

from .models import RoleAssignment, User
from .roles import Role


def _account(ctx: DemoContext, username: str, display: str, role: str, **binding) -> User:
    # In production the demo password is a known one: it must be changed at the first login.
    user = User.objects.create_user(username=username, password=DEMO_PASSWORD, display_name=display, phone=demo_phone(ctx.rng),
                                    home=ctx.made["university"], must_change_password=settings.PRODUCTION)
    RoleAssignment.objects.create(user=user, role=role, **binding)
    return user


@demo_part("accounts", order=30)
def _staff_accounts(ctx: DemoContext) -> None:
    university, grids, branches = ctx.made["university"], ctx.made["grids"], ctx.made["branches"]
    medicine = next(u for u in ctx.made["units"] if u.name == "医学院")
    _account(ctx, "admin", "顾晓岚", Role.OFFICE_ADMIN, node=university)
    staff = _account(ctx, "staff", "陆文静", Role.OFFICE_STAFF, node=university)
    _account(ctx, "unit", "沈立新", Role.UNIT_OFFICER, node=medicine)
    _account(ctx, "secretary", "严国华", Role.BRANCH_SECRETARY, branch=branches[0])
    liaisons = [_account(ctx, "liaison" if i == 0 else f"liaison{i + 1}", random_name(ctx.rng, "F", set()), Role.LIAISON, node=grid)
                for i, grid in enumerate(grids)]
    ctx.made.update(staff=staff, liaisons=liaisons)
    _account(ctx, "auditor", "方正", Role.AUDITOR, node=university)
    ctx.accounts += [
        ("admin", "离退休工作处管理员（需绑定动态口令）", university.name),
        ("staff", "工作人员", university.name),
        ("unit", "二级单位联络人", medicine.name),
        ("secretary", "党支部书记", branches[0].name),
        ("liaison", "联络员", grids[0].name),
        ("auditor", "审计员", university.name),
    ]


@demo_part("accounts_of_people", order=60)
def _people_accounts(ctx: DemoContext) -> None:
    """Accounts bound to people: a retiree's own, and a volunteer paired with three people of the first grid."""
    persons, grids = ctx.made["persons"], ctx.made["grids"]
    local = [p for p in persons if p.status == "active" and p.grid_id == grids[0].pk and p.category == "tuixiu"]
    me = local[0]
    retiree = User.objects.create_user(username="retiree", password=DEMO_PASSWORD, display_name=me.name, home=ctx.made["university"],
                                       must_change_password=settings.PRODUCTION)
    RoleAssignment.objects.create(user=retiree, role=Role.RETIREE, person=me)
    volunteer = User.objects.create_user(username="volunteer", password=DEMO_PASSWORD, display_name="林晓雨", phone=demo_phone(ctx.rng),
                                         home=ctx.made["university"], must_change_password=settings.PRODUCTION)
    served = [p for p in local[1:] if p.age(ctx.today) and p.age(ctx.today) >= 80][:3] or local[1:4]
    for person in served:
        RoleAssignment.objects.create(user=volunteer, role=Role.VOLUNTEER, person=person)
    ctx.accounts += [("volunteer", "志愿者", f"结对服务 {len(served)} 位老同志"), ("retiree", "离退休同志", me.name)]

"""The demo university: fictional, deterministic from a seed, sized on the source text.

Each module builds its own part (core.plugins.demo_part), in order: the org tree here
(a provincial bureau, 江海大学 with ~25 units and 8 grids), then branches (party),
accounts (accounts), people (roster) and whatever later modules add. Names are
generated; the real people named in the source text are never used.
"""
import random
from datetime import date

from django.db import transaction
from django.utils import timezone

from .audit import SYSTEM_NAME, audit
from .models import OrgUnit
from .plugins import DemoContext, demo_part, demo_parts

DEMO_PASSWORD = "Yinling#2026"

UNITS = [
    ("文学院", []), ("理学院", []), ("医学院", ["基础医学系", "临床医学系"]), ("护理学院", []),
    ("机械工程学院", []), ("电气工程学院", []), ("信息科学技术学院", []), ("外国语学院", []),
    ("经济与管理学院", []), ("教育科学学院", []), ("艺术学院", []), ("体育科学学院", []),
    ("化学化工学院", []), ("公共卫生学院", []), ("纺织服装学院", []), ("图书馆", []),
    ("附属医院", []), ("后勤管理处", []), ("机关", ["党委办公室", "校长办公室", "组织部"]),
]
# (grid, district, community): the last one gathers those living in other cities.
GRIDS = [
    ("学府社区网格", "崇川区", "学府社区"), ("濠河社区网格", "崇川区", "濠河社区"), ("钟秀社区网格", "崇川区", "钟秀社区"),
    ("城东社区网格", "崇川区", "城东社区"), ("永兴社区网格", "港闸区", "永兴社区"), ("唐闸社区网格", "港闸区", "唐闸社区"),
    ("新城社区网格", "开发区", "新城社区"), ("异地养老网格", "", ""),
]


@transaction.atomic
def build_demo(*, seed: int = 2026, people: int = 1100, today: date | None = None) -> DemoContext:
    """Run every module's demo part in order; returns the context, whose `accounts` lists the logins."""
    ctx = DemoContext(rng=random.Random(seed), today=today or timezone.localdate(), people=people)
    for part in demo_parts():
        part.build(ctx)
    university = ctx.made["university"]
    audit(actor=None, action="demo_load", actor_name=SYSTEM_NAME, scope_path=university.path,
          note=f"演示数据：{len(ctx.made['units'])}个单位，{people}名离退休人员，种子 {seed}")
    return ctx


@demo_part("org", order=10)
def _org_tree(ctx: DemoContext) -> None:
    from .services import orgunit_create

    region = orgunit_create(name="江苏省委老干部局（演示）", kind=OrgUnit.Kind.REGION, parent=None)
    university = orgunit_create(name="江海大学", kind=OrgUnit.Kind.INSTITUTION, parent=region)
    units: list[OrgUnit] = []
    for order, (name, children) in enumerate(UNITS):
        unit = orgunit_create(name=name, kind=OrgUnit.Kind.UNIT, parent=university, sort_order=order)
        units.append(unit)
        for j, child in enumerate(children):
            units.append(orgunit_create(name=child, kind=OrgUnit.Kind.UNIT, parent=unit, sort_order=j))
    grids = [orgunit_create(name=name, kind=OrgUnit.Kind.GRID, parent=university, sort_order=100 + i)
             for i, (name, _, _) in enumerate(GRIDS)]
    ctx.made.update(region=region, university=university, units=units, grids=grids, grid_places=GRIDS)

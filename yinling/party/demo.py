"""The demo university's eight retired Party branches."""
from yinling.core.plugins import DemoContext, demo_part

from .models import Branch


@demo_part("party", order=20)
def _branches(ctx: DemoContext) -> None:
    university = ctx.made["university"]
    ctx.made["branches"] = [
        Branch.objects.create(name=f"离退休第{n}党支部", institution=university, sort_order=i) for i, n in enumerate("一二三四五六七八")
    ]

"""What the volunteers module adds: the office's menu entry, a volunteer's own page, audit labels and
its pages' sweep samples."""
from django.utils import timezone

from yinling.core.plugins import audit_labels, layout_pages, menu_item, sweep_sample

from .access import VOLUNTEERS_MANAGE, VOLUNTEERS_OWN

menu_item(label="志愿者", url_name="volunteers:list", icon="people-fill", capability=VOLUNTEERS_MANAGE, order=31,
          pages=("volunteers:list", "volunteers:create", "volunteers:detail", "volunteers:edit", "volunteers:task_create", "volunteers:pending",
                 "volunteers:task_end"))
menu_item(label="我的志愿服务", url_name="volunteers:mine", icon="calendar-check", capability=VOLUNTEERS_OWN, order=13, pages=("volunteers:mine",))

audit_labels({"volunteer_create": "登记志愿者", "volunteer_update": "修改志愿者", "volunteer_task": "分派志愿服务任务",
              "volunteer_task_end": "结束志愿服务任务", "volunteer_hours": "登记服务时长", "volunteer_confirm": "确认服务时长"})


def _volunteer_of(institution):
    from .models import Volunteer

    return Volunteer.objects.create(institution=institution, name="外校志愿者", student_no=f"X{Volunteer.objects.count() + 1}", college="外院",
                                    joined_on=timezone.localdate())


@sweep_sample("volunteers:detail", "volunteers:edit", "volunteers:task_create")
def _volunteers(ctx) -> list[dict]:
    return [{"pk": _volunteer_of(ctx.world.uni_a if ctx.role == "staff_b" else ctx.world.uni_b).pk}]


@sweep_sample("volunteers:task_end")
def _tasks(ctx) -> list[dict]:
    from .models import Task

    volunteer = _volunteer_of(ctx.world.uni_a if ctx.role == "staff_b" else ctx.world.uni_b)
    return [{"pk": Task.objects.create(volunteer=volunteer, kind="event", event="外校活动", starts_on=timezone.localdate()).pk}]


@layout_pages
def _pages(world) -> list[str]:
    from django.urls import reverse

    from .models import Task

    volunteer = _volunteer_of(world.uni_a)
    Task.objects.create(volunteer=volunteer, kind="company", person=world.med_person, starts_on=timezone.localdate())
    return [reverse("volunteers:detail", args=[volunteer.pk]), reverse("volunteers:task_create", args=[volunteer.pk])]

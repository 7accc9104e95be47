"""Who sees the volunteers' work: the office all of its university's volunteers, tasks and hours; a
volunteer their own record, tasks and hours, and (through the roster's seam) of the people of their
current tasks only what a visit needs."""
from django.db.models import Q
from django.utils import timezone

from yinling.accounts.roles import Role
from yinling.care.access import institution_reach
from yinling.core.access import NOTHING, capability, grant, register, through
from yinling.roster.access import people_of_volunteer

from .models import ServiceRecord, Task, Volunteer

VOLUNTEERS_VIEW = capability("volunteers.view", "查看志愿者、服务任务和时长")
VOLUNTEERS_MANAGE = capability("volunteers.manage", "管理志愿者，分派任务，确认服务时长")
VOLUNTEERS_OWN = capability("volunteers.own", "查看本人的服务任务，登记本人的服务时长")


def volunteer_reach(assignment, prefix: str) -> Q:
    """The office: its university's volunteers; a volunteer: their own record."""
    if assignment.role == Role.VOLUNTEER:
        return Q(**{f"{prefix}user": assignment.user_id})
    return institution_reach(assignment, prefix)


@people_of_volunteer
def _people_of_tasks(assignment, prefix: str) -> Q:
    """Whom a volunteer reaches on the roster: the people of their tasks running today."""
    if assignment.role != Role.VOLUNTEER:
        return NOTHING
    today = timezone.localdate()
    running = Task.objects.filter(volunteer__user=assignment.user_id, volunteer__active=True, person__isnull=False, starts_on__lte=today) \
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today)).values("person_id")
    return Q(**{f"{prefix}pk__in": running})


register(Volunteer, reach=volunteer_reach, view=VOLUNTEERS_VIEW, change=VOLUNTEERS_MANAGE)
register(Task, reach=through("volunteer", Volunteer), view=VOLUNTEERS_VIEW, change=VOLUNTEERS_MANAGE)
register(ServiceRecord, reach=through("volunteer", Volunteer), view=VOLUNTEERS_VIEW, change=VOLUNTEERS_OWN)

grant(Role.OFFICE_ADMIN, VOLUNTEERS_VIEW, VOLUNTEERS_MANAGE)
grant(Role.OFFICE_STAFF, VOLUNTEERS_VIEW, VOLUNTEERS_MANAGE)
grant(Role.AUDITOR, VOLUNTEERS_VIEW)
grant(Role.VOLUNTEER, VOLUNTEERS_VIEW, VOLUNTEERS_OWN)

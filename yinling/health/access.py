"""Who sees the health check: the office organises it; a unit's care officer and a liaison sign their
people up and see who goes when; results (reports' abnormal findings) only the office and the unit's
care officer (and an auditor) read. Family-doctor contracts are seen with the check's arrangements."""
from yinling.accounts.roles import Role
from yinling.care.access import institution_reach
from yinling.core.access import capability, grant, register, through
from yinling.roster.models import Person

from .models import Batch, DoctorContract, Enrollment, Finding, HealthCheck

HEALTH_VIEW = capability("health.view", "查看体检安排、报名和家庭医生签约")
HEALTH_SIGNUP = capability("health.signup", "为老同志报名体检，登记家庭医生签约")
HEALTH_RESULTS = capability("health.results", "查看体检结果和异常跟进", grantable=True)
HEALTH_MANAGE = capability("health.manage", "组织体检：批次、签到、报告、异常跟进、医院名单")

register(HealthCheck, reach=institution_reach, view=HEALTH_VIEW, change=HEALTH_MANAGE)
register(Batch, reach=through("check_campaign", HealthCheck), view=HEALTH_VIEW, change=HEALTH_MANAGE)
register(Enrollment, reach=through("person", Person), view=HEALTH_VIEW, change=HEALTH_SIGNUP)
register(Finding, reach=through("enrollment", Enrollment), view=HEALTH_RESULTS, change=HEALTH_MANAGE)
register(DoctorContract, reach=through("person", Person), view=HEALTH_VIEW, change=HEALTH_SIGNUP)

grant(Role.OFFICE_ADMIN, HEALTH_VIEW, HEALTH_SIGNUP, HEALTH_RESULTS, HEALTH_MANAGE)
grant(Role.OFFICE_STAFF, HEALTH_VIEW, HEALTH_SIGNUP, HEALTH_RESULTS, HEALTH_MANAGE)
grant(Role.AUDITOR, HEALTH_VIEW, HEALTH_RESULTS)
grant(Role.UNIT_OFFICER, HEALTH_VIEW, HEALTH_SIGNUP, HEALTH_RESULTS)
grant(Role.LIAISON, HEALTH_VIEW, HEALTH_SIGNUP)

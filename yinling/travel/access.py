"""Who sees the travel register: the office (and the auditor reads) all of their university's; a unit's
care officer their own cadres' trips, not the documents. Only the office approves a trip abroad and
hands documents out and back."""
from yinling.accounts.roles import Role
from yinling.core.access import capability, grant, register, through
from yinling.roster.models import Person

from .models import Passport, PassportMove, Trip

TRAVEL_VIEW = capability("travel.view", "查看外出登记")
TRAVEL_RECORD = capability("travel.record", "登记外出")
TRAVEL_MANAGE = capability("travel.manage", "审批出国（境），保管出入境证件")
TRAVEL_DOCUMENTS = capability("travel.documents", "查看保管的出入境证件")

register(Trip, reach=through("person", Person), view=TRAVEL_VIEW, change=TRAVEL_RECORD)
register(Passport, reach=through("person", Person), view=TRAVEL_DOCUMENTS, change=TRAVEL_MANAGE)
register(PassportMove, reach=through("passport", Passport), view=TRAVEL_DOCUMENTS, change=TRAVEL_MANAGE)

grant(Role.OFFICE_ADMIN, TRAVEL_VIEW, TRAVEL_RECORD, TRAVEL_MANAGE, TRAVEL_DOCUMENTS)
grant(Role.OFFICE_STAFF, TRAVEL_VIEW, TRAVEL_RECORD, TRAVEL_MANAGE, TRAVEL_DOCUMENTS)
grant(Role.AUDITOR, TRAVEL_VIEW, TRAVEL_DOCUMENTS)
grant(Role.UNIT_OFFICER, TRAVEL_VIEW, TRAVEL_RECORD)

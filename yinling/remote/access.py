"""Who sees remote living and certifications: the office and the auditor all of their university's, a
unit's care officer and a liaison their own people (through the person). The office records a
residence; the office, the unit's officer and the liaison record a certification (a liaison's visit
is one of its ways). A branch secretary, a volunteer and a retiree see none of it here."""
from yinling.accounts.roles import Role
from yinling.core.access import capability, grant, register, through
from yinling.roster.models import Person

from .models import Certification, Residence

REMOTE_VIEW = capability("remote.view", "查看异地居住和资格认证")
REMOTE_CERTIFY = capability("remote.certify", "登记领取资格认证")
REMOTE_MANAGE = capability("remote.manage", "登记异地居住信息")

register(Residence, reach=through("person", Person), view=REMOTE_VIEW, change=REMOTE_MANAGE)
register(Certification, reach=through("person", Person), view=REMOTE_VIEW, change=REMOTE_CERTIFY)

grant(Role.OFFICE_ADMIN, REMOTE_VIEW, REMOTE_CERTIFY, REMOTE_MANAGE)
grant(Role.OFFICE_STAFF, REMOTE_VIEW, REMOTE_CERTIFY, REMOTE_MANAGE)
grant(Role.AUDITOR, REMOTE_VIEW)
grant(Role.UNIT_OFFICER, REMOTE_VIEW, REMOTE_CERTIFY)
grant(Role.LIAISON, REMOTE_VIEW, REMOTE_CERTIFY)

"""Who sees remote living and certifications: the office and the auditor all of their university's, a
unit's care officer and a liaison their own people (through the person). The office records a
residence; the office, the unit's officer and the liaison record a certification (a liaison's visit
is one of its ways). Medical-expense claims: the office (and the auditor reads). A branch secretary, a volunteer and a retiree see none of it here."""
from yinling.accounts.roles import Role
from yinling.core.access import capability, grant, register, through
from yinling.roster.models import Person

from .models import Certification, Claim, ClaimDocument, ClaimStep, Residence

REMOTE_VIEW = capability("remote.view", "查看异地居住和资格认证")
REMOTE_CERTIFY = capability("remote.certify", "登记领取资格认证")
REMOTE_MANAGE = capability("remote.manage", "登记异地居住信息")
REMOTE_OWN = capability("remote.own", "老同志本人查看资格认证到期提醒")
# Medical bills tell of illness: the office and the auditor only, like the hospital register.
REMOTE_CLAIMS_VIEW = capability("remote.claims_view", "查看异地就医报销")
REMOTE_CLAIMS = capability("remote.claims", "受理和办理异地就医报销")

register(Residence, reach=through("person", Person), view=REMOTE_VIEW, change=REMOTE_MANAGE)
register(Certification, reach=through("person", Person), view=REMOTE_VIEW, change=REMOTE_CERTIFY)
register(Claim, reach=through("person", Person), view=REMOTE_CLAIMS_VIEW, change=REMOTE_CLAIMS)
register(ClaimStep, reach=through("claim", Claim), view=REMOTE_CLAIMS_VIEW, change=REMOTE_CLAIMS)
register(ClaimDocument, reach=through("claim", Claim), view=REMOTE_CLAIMS_VIEW, change=REMOTE_CLAIMS)

grant(Role.OFFICE_ADMIN, REMOTE_VIEW, REMOTE_CERTIFY, REMOTE_MANAGE, REMOTE_CLAIMS_VIEW, REMOTE_CLAIMS)
grant(Role.OFFICE_STAFF, REMOTE_VIEW, REMOTE_CERTIFY, REMOTE_MANAGE, REMOTE_CLAIMS_VIEW, REMOTE_CLAIMS)
grant(Role.AUDITOR, REMOTE_VIEW, REMOTE_CLAIMS_VIEW)
grant(Role.UNIT_OFFICER, REMOTE_VIEW, REMOTE_CERTIFY)
grant(Role.LIAISON, REMOTE_VIEW, REMOTE_CERTIFY)
# A retiree living away is reminded of their own certification on their home page (their person only).
grant(Role.RETIREE, REMOTE_OWN)

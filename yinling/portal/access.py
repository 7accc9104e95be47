"""The retirees' own pages: who may use them. The records shown are the roster's, through its selectors."""
from yinling.accounts.roles import Role
from yinling.core.access import capability, grant

PORTAL_SELF = capability("portal.self", "使用老同志自助页面")
grant(Role.RETIREE, PORTAL_SELF)

"""Who sees pensions. Pension data is among the most sensitive the system holds, so it has its own rights:

- PENSIONS_RECORDS: a pension's items, dates and document numbers — the office's staff, the
  administrator and the auditor; amounts stay masked …
- PENSIONS_AMOUNTS: … unless this is held (the administrator, the auditor; an administrator may grant it
  to a staff member's assignment);
- PENSIONS_MANAGE: entering items, the adjustment's rules and runs, approving them, death benefits —
  the administrator (grantable to a staff member who keeps the pension ledger).
A unit's care officer, a liaison, a branch secretary, a volunteer and a retiree see none of it here.
Records hang off a person (through the person's rule) or belong to the university (its office).
"""
from yinling.accounts.roles import Role
from yinling.care.access import institution_reach
from yinling.core.access import capability, grant, register, through
from yinling.roster.models import Person

from .models import AdjustmentLine, AdjustmentRun, BenefitRule, DeathCase, DependantAllowance, PensionItem, RuleSet, ServiceYears

PENSIONS_RECORDS = capability("pensions.records", "查看离退休费项目（金额隐藏）")
PENSIONS_AMOUNTS = capability("pensions.amounts", "查看离退休费金额", grantable=True)
PENSIONS_MANAGE = capability("pensions.manage", "录入离退休费，计算和审批年度调整，核定去世待遇", grantable=True)

by_person = through("person", Person)

register(PensionItem, reach=by_person, view=PENSIONS_RECORDS, change=PENSIONS_MANAGE)
register(ServiceYears, reach=by_person, view=PENSIONS_RECORDS, change=PENSIONS_MANAGE)
register(RuleSet, reach=institution_reach, view=PENSIONS_RECORDS, change=PENSIONS_MANAGE)
register(AdjustmentRun, reach=institution_reach, view=PENSIONS_RECORDS, change=PENSIONS_MANAGE)
register(AdjustmentLine, reach=by_person, view=PENSIONS_RECORDS, change=PENSIONS_MANAGE)
register(BenefitRule, reach=institution_reach, view=PENSIONS_RECORDS, change=PENSIONS_MANAGE)
register(DeathCase, reach=by_person, view=PENSIONS_RECORDS, change=PENSIONS_MANAGE)
register(DependantAllowance, reach=through("case", DeathCase), view=PENSIONS_RECORDS, change=PENSIONS_MANAGE)

grant(Role.OFFICE_ADMIN, PENSIONS_RECORDS, PENSIONS_AMOUNTS, PENSIONS_MANAGE)
grant(Role.OFFICE_STAFF, PENSIONS_RECORDS)
grant(Role.AUDITOR, PENSIONS_RECORDS, PENSIONS_AMOUNTS)

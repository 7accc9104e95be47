"""Import, export and print jobs carry whole rosters: each belongs to the one who started it.

Every staff role that reads the roster may start a print job for a long list, so each may follow its own jobs.
"""
from yinling.accounts.roles import Role
from yinling.core.access import capability, grant, owned_by, register

from .models import Job

TRANSFER_JOBS = capability("transfer.jobs", "查看自己的导入、导出和打印任务")

register(Job, reach=owned_by("created_by"), view=TRANSFER_JOBS, change=TRANSFER_JOBS)

grant(Role.OFFICE_ADMIN, TRANSFER_JOBS)
grant(Role.OFFICE_STAFF, TRANSFER_JOBS)
grant(Role.UNIT_OFFICER, TRANSFER_JOBS)
grant(Role.LIAISON, TRANSFER_JOBS)
grant(Role.BRANCH_SECRETARY, TRANSFER_JOBS)

"""Import and export jobs carry whole rosters: each belongs to the one who started it."""
from yinling.accounts.roles import Role
from yinling.core.access import capability, grant, owned_by, register

from .models import Job

TRANSFER_JOBS = capability("transfer.jobs", "查看自己的导入导出任务")

register(Job, reach=owned_by("created_by"), view=TRANSFER_JOBS, change=TRANSFER_JOBS)

grant(Role.OFFICE_ADMIN, TRANSFER_JOBS)
grant(Role.OFFICE_STAFF, TRANSFER_JOBS)
grant(Role.UNIT_OFFICER, TRANSFER_JOBS)

"""What transfer adds: the import menu entry and its pages for the URL sweep."""
from yinling.core.plugins import audit_labels, menu_item, sweep_sample
from yinling.roster.access import ROSTER_IMPORT

from . import roster_import  # noqa: F401 - registers the roster sheet as an import kind

audit_labels({
    "import_upload": "上传名册", "import_check": "检查名册", "import_remap": "重新指定列", "import_confirm": "确认导入",
    "import": "导入名册", "import_refused": "拒绝导入", "import_errors_download": "下载导入问题表",
})

menu_item(label="导入名册", url_name="transfer:import_start", icon="upload", capability=ROSTER_IMPORT, order=30,
          pages=("transfer:*",))


@sweep_sample("transfer:job_detail", "transfer:job_remap", "transfer:job_confirm", "transfer:job_download")
def _someone_elses_job(ctx) -> list[dict]:
    from .models import Job

    owner = ctx.stranger
    job = Job.objects.create(kind=Job.Kind.IMPORT, institution=owner.active_assignments()[0].node, created_by=owner,
                             file_name="x.xlsx", status=Job.Status.CHECKED, report={"headers": ["姓名"], "errors": []})
    return [{"pk": job.pk}]


@sweep_sample("transfer:job_print")
def _someone_elses_print(ctx) -> list[dict]:
    from .models import Job

    owner = ctx.stranger
    job = Job.objects.create(kind=Job.Kind.PRINT, institution=owner.active_assignments()[0].node, created_by=owner,
                             file_name="名单", status=Job.Status.DONE, report={"rows": 0, "groups": []})
    return [{"pk": job.pk}]

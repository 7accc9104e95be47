"""What transfer adds: the import menu entry and its pages for the URL sweep."""
from yinling.core.plugins import menu_item, sweep_sample
from yinling.roster.access import ROSTER_IMPORT

menu_item(label="导入名册", url_name="transfer:import_start", icon="upload", capability=ROSTER_IMPORT, order=30,
          pages=("transfer:*",))


@sweep_sample("transfer:job_detail", "transfer:job_remap", "transfer:job_confirm", "transfer:job_download")
def _someone_elses_job(ctx) -> list[dict]:
    from .models import Job

    owner = ctx.stranger
    job = Job.objects.create(kind=Job.Kind.IMPORT, institution=owner.active_assignments()[0].node, created_by=owner,
                             file_name="x.xlsx", status=Job.Status.CHECKED, report={"headers": ["姓名"], "errors": []})
    return [{"pk": job.pk}]

"""Starting and running import and export jobs. The heavy part of each runs in tasks.py."""
import uuid
from pathlib import Path

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from yinling.core import crypto
from yinling.core.audit import audit
from yinling.core.context import current_ip
from yinling.core.models import OrgUnit

from .models import Job

ALLOWED_SUFFIXES = {".xlsx", ".xls", ".csv"}


def _store(upload) -> Path:
    settings.TRANSFER_DIR.mkdir(parents=True, exist_ok=True)
    suffix = Path(upload.name).suffix.lower()
    path = settings.TRANSFER_DIR / f"in-{uuid.uuid4().hex}{suffix}"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


def transfer_files_purge(*, now=None) -> int:
    """Delete the files of jobs that ended more than TRANSFER_RETENTION_DAYS ago.

    Uploaded rosters, exports and error sheets carry whole lists of personal data; the
    job rows stay as history, the files do not. Runs whenever a new job starts, so no
    scheduler is needed. Returns how many files were removed.
    """
    from datetime import timedelta

    cutoff = (now or timezone.now()) - timedelta(days=settings.TRANSFER_RETENTION_DAYS)
    removed = 0
    old = Job.objects.filter(finished_at__lt=cutoff).exclude(upload_path="", result_path="")
    for job in old:
        for path in (job.upload_path, job.result_path):
            if path and Path(path).exists():
                Path(path).unlink()
                removed += 1
        Job.objects.filter(pk=job.pk).update(upload_path="", result_path="")
    return removed


ABANDONED_MESSAGE = "处理过程中后台进程意外中断，数据未改变。请重新上传文件；如再次出现，请联系系统管理员。"


def jobs_mark_abandoned(*, now=None) -> int:
    """Mark failed the started jobs whose worker stopped reporting (it died: killed, out of memory).

    A working job reports progress at least every few seconds; after TRANSFER_STALL_MINUTES
    without a word it is not coming back. An import's writes run in one transaction, which
    the database rolled back when the process died, so nothing was changed.
    """
    from datetime import timedelta

    cutoff = (now or timezone.now()) - timedelta(minutes=settings.TRANSFER_STALL_MINUTES)
    stalled = Job.objects.filter(status__in=Job.STARTED).filter(
        models.Q(heartbeat_at__lt=cutoff) | models.Q(heartbeat_at__isnull=True, created_at__lt=cutoff))
    return stalled.update(status=Job.Status.FAILED, message=ABANDONED_MESSAGE, finished_at=now or timezone.now())


@transaction.atomic
def import_job_create(*, actor, institution: OrgUnit, upload, kind: str = "roster.people") -> Job:
    """Save the upload and queue its check; nothing is written until the user confirms."""
    from .tasks import check_import

    transfer_files_purge()
    job = Job.objects.create(kind=Job.Kind.IMPORT, institution=institution, created_by=actor,
                             file_name=Path(upload.name).name[:200], upload_path=str(_store(upload)),
                             params={"ip": current_ip.get(), "kind": kind})  # the worker's audit entries name where it came from
    audit(actor=actor, action="import_upload", obj=job, scope_path=institution.path,
          note=f"上传导入文件 {job.file_name}（{upload.size / 1024:.0f} KB）")
    check_import.enqueue(job.pk)
    return job


@transaction.atomic
def import_job_remap(*, job: Job, mapping: dict[int, str]) -> Job:
    from .tasks import check_import

    job.params = {**job.params, "mapping": {str(k): v for k, v in mapping.items()}, "ip": current_ip.get()}
    job.status, job.progress_done, job.progress_total = Job.Status.QUEUED, 0, 0
    job.save(update_fields=["params", "status", "progress_done", "progress_total"])
    audit(actor=job.created_by, action="import_remap", obj=job, scope_path=job.institution.path,
          note=f"重新指定 {job.file_name} 的列并再次检查")
    check_import.enqueue(job.pk)
    return job


@transaction.atomic
def import_job_confirm(*, job: Job, valid_only: bool) -> Job:
    from .tasks import run_import

    job.params = {**job.params, "valid_only": valid_only, "ip": current_ip.get()}  # the task's audit rows name it
    job.status, job.progress_done, job.progress_total = Job.Status.QUEUED, 0, 0
    job.save(update_fields=["params", "status", "progress_done", "progress_total"])
    audit(actor=job.created_by, action="import_confirm", obj=job, scope_path=job.institution.path,
          note=f"确认导入 {job.file_name}" + ("（只导入没有问题的行）" if valid_only else ""))
    run_import.enqueue(job.pk)
    return job


@transaction.atomic
def export_job_create(*, actor, institution: OrgUnit, filters: dict, columns: list[str], unmask: bool, described: str) -> Job:
    from .tasks import run_export

    transfer_files_purge()
    filters = dict(filters)
    term = filters.pop("q", "") or ""  # kept encrypted: a search by ID or phone number is no plain parameter
    job = Job.objects.create(kind=Job.Kind.EXPORT, institution=institution, created_by=actor,
                             file_name=f"离退休人员名单-{timezone.localdate():%Y%m%d}.xlsx",
                             params={"filters": filters, "q_encrypted": crypto.encrypt(term), "columns": columns,
                                     "unmask": unmask, "described": described, "ip": current_ip.get()})
    run_export.enqueue(job.pk)
    return job


@transaction.atomic
def print_job_create(*, actor, institution: OrgUnit, filters: dict, sign: bool, described: str) -> Job:
    """Queue the printed list of a filter too long to render while the user waits (the file holds its rows)."""
    from .tasks import run_print

    transfer_files_purge()
    filters = dict(filters)
    term = filters.pop("q", "") or ""
    title = "离退休人员签收表" if sign else "离退休人员名单"
    job = Job.objects.create(kind=Job.Kind.PRINT, institution=institution, created_by=actor,
                             file_name=f"{title}-{timezone.localdate():%Y%m%d}",
                             params={"filters": filters, "q_encrypted": crypto.encrypt(term), "sign": sign,
                                     "title": title, "described": described, "ip": current_ip.get()})
    run_print.enqueue(job.pk)
    return job


def job_download_audit(*, actor, job: Job) -> None:
    if job.kind == Job.Kind.EXPORT:
        audit(actor=actor, action="export", obj=job,
              note=f"下载导出文件 {job.file_name}：{job.report.get('rows', 0)} 行，{'未脱敏' if job.params.get('unmask') else '已脱敏'}")
    else:  # the error sheet is the uploaded file with a column more: whole ID numbers included
        audit(actor=actor, action="import_errors_download", obj=job, scope_path=job.institution.path,
              note=f"下载 {job.file_name} 的导入问题表（含原表全部内容，包括完整身份证号）")

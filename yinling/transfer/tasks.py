"""Background tasks (django-tasks, database backend) for imports, exports and long printed lists, with progress."""
import traceback

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from yinling.accounts.models import User
from yinling.core import crypto
from yinling.core.access import flag
from yinling.core.audit import audit
from yinling.core.context import current_ip
from yinling.core.models import AuditEntry
from yinling.roster import selectors
from yinling.roster.access import ROSTER_EXPORT, ROSTER_FULL_PHONE, ROSTER_UNMASK
from yinling.roster.forms import PersonFilterForm
from yinling.roster.models import Person
from yinling.roster.templatetags.roster import print_rows
from yinling.roster.visibility import list_groups

from . import roster_export
from .engine import run as run_import_of
from .kinds import kind_for
from .models import Job
from .reader import FileRefused, read_sheet
from .safety import inspect_upload
from .services import jobs_mark_abandoned
from .workbooks import write_error_report


def _progress(job_id: int):
    def report(done: int, total: int) -> None:
        Job.objects.filter(pk=job_id).update(progress_done=done, progress_total=max(total, 1), heartbeat_at=timezone.now())

    return report


def _finish(job: Job, status: str, **fields) -> None:
    job.status = status
    job.finished_at = timezone.now()
    for key, value in fields.items():
        setattr(job, key, value)
    job.save()


def _mapping(job: Job) -> dict[int, str] | None:
    raw = job.params.get("mapping")
    return {int(k): v for k, v in raw.items()} if raw else None


def _import(job: Job, *, dry_run: bool) -> None:
    try:
        if dry_run:  # the check of an upload (the import that follows reads the same stored file)
            inspect_upload(job.upload_path)  # streamed and trial-read in a capped child before this process loads it
        sheet = read_sheet(job.upload_path)
    except FileRefused as refused:
        _finish(job, Job.Status.REFUSED, message=str(refused), report={})
        audit(actor=job.created_by, action="import_refused", obj=job, result=AuditEntry.Result.DENIED,
              scope_path=job.institution.path, note=f"拒绝文件 {job.file_name}：{refused}")
        return
    kind = kind_for(job.params.get("kind"))
    importer = kind.make(job.created_by, job.institution, f"导入文件 {job.file_name}（任务 #{job.pk}）")
    report = run_import_of(importer, sheet, mapping=_mapping(job), valid_only=job.params.get("valid_only", False),
                           dry_run=dry_run, progress=_progress(job.pk))
    data = report.as_dict() | {"headers": report.headers, "columns": {str(k): v for k, v in report.columns.items()},
                               "header_row": report.header_row}
    result_path = ""
    if report.errors:
        result_path = job.upload_path + ".errors.xlsx"
        write_error_report(result_path, rows=read_sheet(job.upload_path).iter_rows(), errors=data["errors"],
                           header_row=report.header_row)
    counts = f"共 {report.total_rows} 行，有问题 {report.rejected} 行"
    if report.refused:
        _finish(job, Job.Status.REFUSED, message=report.refused, report=data, result_path=result_path)
        _audit_job(job, "import_refused", f"拒绝文件 {job.file_name}：{report.refused}", AuditEntry.Result.DENIED)
    elif dry_run:
        _finish(job, Job.Status.CHECKED, report=data, result_path=result_path,
                message="有问题的行见下表：可以改好文件后重新上传，或只导入没有问题的行。" if report.errors else "没有发现问题，可以导入。")
        _audit_job(job, "import_check", f"检查 {job.file_name}：{counts}")
    elif report.imported:
        _finish(job, Job.Status.DONE, report=data, result_path=result_path,
                message=f"新增 {report.created} 人，更新 {report.updated} 人，未变 {report.unchanged} 人。")
        # One summary beside the entry per person the import wrote.
        _audit_job(job, "import", f"导入 {job.file_name}：{counts}；新增 {report.created} 人，更新 {report.updated} 人，"
                                  f"未变 {report.unchanged} 人" + ("；跳过有问题的行" if report.rejected else ""))
    else:
        _finish(job, Job.Status.REFUSED, report=data, result_path=result_path, message="有错误，未写入任何数据。")
        _audit_job(job, "import_refused", f"未导入 {job.file_name}：{counts}", AuditEntry.Result.DENIED)


def _audit_job(job: Job, action: str, note: str, result: str = AuditEntry.Result.OK) -> None:
    audit(actor=job.created_by, action=action, obj=job, result=result, scope_path=job.institution.path, note=note)


def _guarded(job_id: int, working: str, work) -> None:
    jobs_mark_abandoned()  # a worker that died before this one left its jobs "working": say so
    job = Job.objects.select_related("institution", "created_by").get(pk=job_id)
    Job.objects.filter(pk=job_id).update(status=working, heartbeat_at=timezone.now())
    # The worker runs outside the request: its audit rows name the address the request came from.
    token = current_ip.set(job.params.get("ip"))
    try:
        work(job)
    except Exception:
        _finish(job, Job.Status.FAILED, message="处理时出错，数据未改变。请联系系统管理员。")
        if settings.DEBUG:
            traceback.print_exc()
        raise
    finally:
        current_ip.reset(token)


@task()
def check_import(job_id: int) -> None:
    _guarded(job_id, Job.Status.CHECKING, lambda job: _import(job, dry_run=True))


@task()
def run_import(job_id: int) -> None:
    _guarded(job_id, Job.Status.IMPORTING, lambda job: _import(job, dry_run=False))


def _filters(job: Job, user: User):
    """The list filter the job was started with (its search term decrypted), read again as the user's own."""
    data = dict(job.params["filters"])
    data["q"] = crypto.decrypt(job.params.get("q_encrypted", ""))
    return PersonFilterForm(data, units=selectors.unit_choices(user=user)).to_filters()


def _export(job: Job) -> None:
    user = User.objects.get(pk=job.created_by_id)
    queryset = selectors.person_list(user=user, filters=_filters(job, user), capability=ROSTER_EXPORT)
    allowed = {c.key for c in roster_export.columns_for(list_groups(user))}
    columns = [roster_export.BY_KEY[k] for k in job.params["columns"] if k in allowed]
    unmask = bool(job.params.get("unmask"))
    if unmask:
        queryset = queryset.annotate(**{roster_export.UNMASK_ROW: flag(user, Person, ROSTER_UNMASK),
                                        roster_export.FULL_PHONE_ROW: flag(user, Person, ROSTER_FULL_PHONE)})
    total = queryset.count()
    Job.objects.filter(pk=job.pk).update(progress_total=max(total, 1))
    rows = queryset.values_list(*roster_export.sources_for(columns, unmask)).iterator(chunk_size=2000)
    path = settings.TRANSFER_DIR / f"out-{job.pk}.xlsx"
    settings.TRANSFER_DIR.mkdir(parents=True, exist_ok=True)
    written = roster_export.write_xlsx(path, columns=columns, rows=rows, unmask=unmask, today=timezone.localdate(),
                                       progress=lambda n: Job.objects.filter(pk=job.pk).update(progress_done=n))
    with transaction.atomic():
        audit(actor=user, action="export", obj=job, result=AuditEntry.Result.OK,
              note=f"导出名单 {written} 行（{'未脱敏，含完整身份证号和电话' if unmask else '已脱敏'}）；条件：{job.params.get('described') or '全部'}",
              scope_path=job.institution.path)
        _finish(job, Job.Status.DONE, result_path=str(path), report={"rows": written}, message=f"已导出 {written} 行。")


@task()
def run_export(job_id: int) -> None:
    _guarded(job_id, Job.Status.EXPORTING, _export)


PRINT_PROGRESS_EVERY = 500


def _print(job: Job) -> None:
    """Render a long printed list's rows into a file, which the job's print page wraps in its title and headers.

    What the rows show is what the user sees on the list today: their scope and field groups, read again here.
    """
    user = User.objects.get(pk=job.created_by_id)
    people = selectors.list_rows(selectors.person_list(user=user, filters=_filters(job, user)))
    groups = sorted(list_groups(user))
    total = people.count()
    report = _progress(job.pk)
    report(0, total)
    settings.TRANSFER_DIR.mkdir(parents=True, exist_ok=True)
    path = settings.TRANSFER_DIR / f"print-{job.pk}.html"
    written = 0
    with path.open("w", encoding="utf-8") as out:
        for row in print_rows(people, groups, sign=bool(job.params.get("sign"))):
            out.write(row + "\n")
            written += 1
            if written % PRINT_PROGRESS_EVERY == 0:
                report(written, total)
    _finish(job, Job.Status.DONE, result_path=str(path), report={"rows": written, "groups": groups},
            message=f"打印版已生成，共 {written} 人。")


@task()
def run_print(job_id: int) -> None:
    _guarded(job_id, Job.Status.RENDERING, _print)

"""Pages for importing a roster file, exporting the current list, printing a long list, and following each job."""
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from yinling.core import search
from yinling.core.access import acting_institution, capability_any, get_scoped_or_404, require_any, scope
from yinling.roster import selectors
from yinling.roster.access import ROSTER_EXPORT, ROSTER_FULL_PHONE, ROSTER_UNMASK, ROSTER_VIEW
from yinling.roster.forms import PersonFilterForm
from yinling.roster.visibility import list_groups

from . import roster_export, services
from .access import TRANSFER_JOBS
from .forms import ExportForm, MappingForm, UploadForm
from .kinds import DEFAULT, kind_for
from .models import Job


def _kind(request: HttpRequest):
    """The import kind the page is for (?kind=, the people by default); an unknown one is not found."""
    kind = kind_for(request.GET.get("kind"))
    if kind is None:
        raise Http404("没有这种导入。")
    return kind


@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    kind = _kind(request)
    institution = acting_institution(request.user, kind.capability)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = services.import_job_create(actor=request.user, institution=institution, upload=form.cleaned_data["file"], kind=kind.key)
        return redirect(job)
    jobs = [j for j in scope(request.user, Job.objects.filter(kind=Job.Kind.IMPORT), TRANSFER_JOBS)[:30]
            if (j.params.get("kind") or DEFAULT) == kind.key][:10]
    return render(request, "transfer/import_start.html", {"form": form, "jobs": jobs, "import_kind": kind},
                  status=400 if form.errors else 200)


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    kind = _kind(request)
    institution = acting_institution(request.user, kind.capability)
    if kind.template is None:
        raise Http404("这种导入没有模板。")
    from django.conf import settings

    settings.TRANSFER_DIR.mkdir(parents=True, exist_ok=True)
    path = settings.TRANSFER_DIR / f"template-{kind.key}-{institution.pk}.xlsx"
    kind.template(path, institution)
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"{kind.label}导入模板.xlsx")


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_scoped_or_404(Job, request.user, TRANSFER_JOBS, pk=pk)
    if job.status in Job.STARTED and services.jobs_mark_abandoned():
        job.refresh_from_db()  # its worker died: the page says so instead of spinning forever
    mapping_form = None
    if job.kind == Job.Kind.IMPORT and job.report.get("headers") and job.status in (Job.Status.CHECKED, Job.Status.REFUSED):
        mapping_form = MappingForm(headers=job.report["headers"], columns=job.report.get("columns", {}), **_fields_of(job))
    return render(request, "transfer/job_detail.html", _job_context(job, mapping_form))


def _fields_of(job: Job) -> dict:
    """What the mapping form offers for the job's import: its columns, and which are required."""
    labels, required = kind_for(job.params.get("kind")).fields(job.created_by, job.institution)
    return {"labels": labels, "required": required}


def _job_context(job: Job, mapping_form) -> dict:
    errors = job.report.get("errors", [])
    counts = job.report.get("counts", {})
    return {"job": job, "errors": errors[:200], "more_errors": max(0, len(errors) - 200), "mapping_form": mapping_form,
            "import_kind": kind_for(job.params.get("kind")) if job.kind == Job.Kind.IMPORT else None,
            "valid_rows": counts.get("rows", 0) - counts.get("rejected", 0)}


@login_required
def job_remap(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_scoped_or_404(Job, request.user, TRANSFER_JOBS, pk=pk)
    if job.kind != Job.Kind.IMPORT or job.status not in (Job.Status.CHECKED, Job.Status.REFUSED) or request.method != "POST":
        return redirect(job)
    form = MappingForm(request.POST, headers=job.report.get("headers", []), columns=job.report.get("columns", {}),
                       **_fields_of(job))
    if form.is_valid():
        services.import_job_remap(job=job, mapping=form.mapping())
        return redirect(job)
    return render(request, "transfer/job_detail.html", _job_context(job, form), status=400)


@login_required
def job_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_scoped_or_404(Job, request.user, TRANSFER_JOBS, pk=pk)
    if request.method != "POST":
        return redirect(job)
    if job.kind != Job.Kind.IMPORT or job.status != Job.Status.CHECKED:
        return redirect(job)
    valid_only = request.POST.get("valid_only") == "1"
    if job.report.get("errors") and not valid_only:
        return redirect(job)
    services.import_job_confirm(job=job, valid_only=valid_only)
    return redirect(job)


@login_required
def job_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_scoped_or_404(Job, request.user, TRANSFER_JOBS, pk=pk)
    if not job.result_path or not Path(job.result_path).exists():
        raise Http404("文件不存在或已清理。")
    services.job_download_audit(actor=request.user, job=job)
    if job.kind == Job.Kind.EXPORT:
        name = job.file_name
    else:
        name = f"{Path(job.file_name).stem}-导入问题.xlsx"
    return FileResponse(open(job.result_path, "rb"), as_attachment=True, filename=name)


def _link_query(request: HttpRequest):
    """The list's filter as its links carry it (a qref, never an ID or phone number), without the page."""
    query = request.GET.copy()
    for key in ("page", "per_page", "sign"):
        query.pop(key, None)
    return query


@login_required
def print_start(request: HttpRequest) -> HttpResponse:
    """Queue the printed list of a long filter (roster:person_print offers it); the job page follows it."""
    require_any(request.user, ROSTER_VIEW, "您没有查看人员信息库的权限。")
    require_any(request.user, TRANSFER_JOBS, "您没有使用后台任务的权限。")
    link_query = _link_query(request)
    if request.method != "POST":
        return redirect(f"{reverse('roster:person_print')}?{link_query.urlencode()}")
    institution = acting_institution(request.user, ROSTER_VIEW)
    filter_data = search.resolve(request, link_query)
    filter_form = PersonFilterForm(filter_data, units=selectors.unit_choices(user=request.user))
    filters = {k: filter_data.getlist(k) if k == "flags" else filter_data.get(k) for k in filter_data}
    job = services.print_job_create(actor=request.user, institution=institution, filters=filters,
                                    sign=request.POST.get("sign") == "1",
                                    described=filter_form.describe() if filter_data else "")
    return redirect(job)


@login_required
def job_print(request: HttpRequest, pk: int) -> HttpResponse:
    """A finished print job's list: the stored rows inside the same page as a short list prints on."""
    job = get_scoped_or_404(Job, request.user, TRANSFER_JOBS, pk=pk, kind=Job.Kind.PRINT)
    if job.status != Job.Status.DONE:
        return redirect(job)
    if not job.result_path or not Path(job.result_path).exists():
        raise Http404("打印版已按保存期限删除。")
    rows = Path(job.result_path).read_text(encoding="utf-8")
    context = {
        "rows": mark_safe(rows),  # written by roster's print_rows(), every value escaped there
        "count": job.report.get("rows", 0), "groups": job.report.get("groups", []), "sign": job.params.get("sign"),
        "described": job.params.get("described") or "全部在册人员", "title": job.params.get("title", "离退休人员名单"),
        "today": timezone.localdate(job.finished_at), "job": job,
    }
    return render(request, "roster/person_print.html", context)


@login_required
def export_start(request: HttpRequest) -> HttpResponse:
    require_any(request.user, ROSTER_EXPORT, "您没有导出名单的权限。")
    institution = acting_institution(request.user, ROSTER_EXPORT)
    units = selectors.unit_choices(user=request.user)
    link_query = _link_query(request)
    filter_data = search.resolve(request, link_query)
    filter_form = PersonFilterForm(filter_data, units=units)
    may_unmask = capability_any(request.user, ROSTER_UNMASK) or capability_any(request.user, ROSTER_FULL_PHONE)
    form = ExportForm(request.POST or None, may_unmask=may_unmask, columns=roster_export.columns_for(list_groups(request.user)))
    if request.method == "POST" and form.is_valid():
        filters = {k: filter_data.getlist(k) if k == "flags" else filter_data.get(k) for k in filter_data}
        job = services.export_job_create(
            actor=request.user, institution=institution, filters=filters, columns=form.cleaned_data["columns"],
            unmask=bool(form.cleaned_data.get("unmask")), described=filter_form.describe(),
        )
        return redirect(job)
    count = selectors.person_list(user=request.user, filters=filter_form.to_filters(), capability=ROSTER_EXPORT).count()
    context = {"form": form, "count": count, "described": filter_form.describe() or "全部在册人员",
               "querystring": link_query.urlencode(), "today": timezone.localdate()}
    return render(request, "transfer/export_start.html", context, status=400 if form.errors else 200)

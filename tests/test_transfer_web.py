"""Import and export from the browser's side: upload, check, map columns, confirm; pick columns, download."""
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from tests.conftest import login
from tests.spreadsheets import write_xlsx
from tests.test_import import messy_rows
from yinling.core.models import AuditEntry
from yinling.roster.fields import BY_NAME
from yinling.roster.models import Person
from yinling.transfer.models import Job


def _upload(client, path):
    with open(path, "rb") as handle:
        return client.post(reverse("transfer:import_start"), {"file": SimpleUploadedFile(path.name, handle.read())})


def _rows(content: bytes, tmp_path) -> list[list]:
    path = tmp_path / "download.xlsx"
    path.write_bytes(content)
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def _download(client, job) -> bytes:
    response = client.get(reverse("transfer:job_download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_staff_upload_check_and_confirm_an_import(world, as_role, tmp_path):
    client = as_role("office_staff")
    response = _upload(client, write_xlsx(tmp_path / "名册.xlsx", messy_rows()))
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.CHECKED and Person.objects.count() == 3  # checked, nothing written yet
    page = client.get(job.get_absolute_url()).content.decode()
    assert "<strong>检查完成</strong>：没有发现问题" in page and "检查完成</strong>：检查" not in page and "确认导入" in page and "序号" in page  # the unknown column is named
    client.post(reverse("transfer:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.report["counts"]["created"] == 4
    assert Person.objects.count() == 7
    assert AuditEntry.objects.filter(action="create", note__contains=f"任务 #{job.pk}", actor=world.users["office_staff"]).count() == 4


def test_the_worker_s_audit_rows_name_the_address_the_import_was_confirmed_from(world, as_role, tmp_path, settings):
    from yinling.transfer.tasks import run_import

    client = as_role("office_staff")
    _upload(client, write_xlsx(tmp_path / "名册.xlsx", messy_rows()))
    job = Job.objects.get()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # queued, not run
    client.post(reverse("transfer:job_confirm", args=[job.pk]), REMOTE_ADDR="10.20.30.40")
    assert Person.objects.count() == 3
    run_import.call(job.pk)  # as the worker runs it: outside any request
    assert set(AuditEntry.objects.filter(action="create", note__contains=f"任务 #{job.pk}").values_list("ip", flat=True)) == {
        "10.20.30.40"}


def test_a_file_with_errors_lists_them_offers_the_marked_sheet_and_writes_nothing_unless_asked(world, as_role, tmp_path):
    rows = messy_rows()
    rows[1][2] = "320602194603051230"
    client = as_role("office_staff")
    _upload(client, write_xlsx(tmp_path / "名册.xlsx", rows))
    job = Job.objects.get()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "第 4 行" in page and "校验位不正确" in page and "仅导入没有问题的 3 行" in page
    marked = _rows(_download(client, job), tmp_path)
    assert marked[2][-1] == "导入问题" and "校验位不正确" in marked[3][-1]
    client.post(reverse("transfer:job_confirm", args=[job.pk]))  # without the explicit choice: refused
    assert Person.objects.count() == 3
    client.post(reverse("transfer:job_confirm", args=[job.pk]), {"valid_only": "1"})
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and Person.objects.count() == 6


def test_columns_it_does_not_know_can_be_mapped_by_hand(world, as_role, tmp_path):
    rows = [["名字", "证件编号", "部门"], ["钱玉", "", "文学院"]]
    from tests.conftest import make_id

    rows[1][1] = make_id(date(1947, 2, 2), serial=301)
    rows[0][0] = "姓名"
    client = as_role("office_staff")
    _upload(client, write_xlsx(tmp_path / "a.xlsx", rows, title=None))
    job = Job.objects.get()
    assert job.status == Job.Status.REFUSED and "缺少必需的列：身份证号" in job.message
    page = client.get(job.get_absolute_url()).content.decode()
    assert "“证件编号”列" in page
    response = client.post(reverse("transfer:job_remap", args=[job.pk]), {"col_0": "name", "col_1": "id_number", "col_2": "name"})
    assert "被选了多次" in response.content.decode()
    client.post(reverse("transfer:job_remap", args=[job.pk]), {"col_0": "name", "col_1": "id_number", "col_2": "unit"})
    job.refresh_from_db()
    assert job.status == Job.Status.CHECKED and job.report["counts"]["created"] == 1


def test_a_broken_file_is_refused_with_a_reason(world, as_role, tmp_path):
    client = as_role("office_staff")
    path = tmp_path / "坏文件.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    _upload(client, path)
    job = Job.objects.get()
    assert job.status == Job.Status.REFUSED and "已损坏" in client.get(job.get_absolute_url()).content.decode()
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF")
    response = _upload(client, pdf)
    assert response.status_code == 400 and "只能导入" in response.content.decode()


@pytest.mark.parametrize("role", ["unit_officer", "auditor", "liaison", "volunteer"])
def test_only_the_office_imports(world, as_role, role):
    assert as_role(role).get(reverse("transfer:import_start")).status_code == 403


def test_the_template_has_the_headers_and_drop_downs_the_importer_reads(world, as_role, tmp_path):
    response = as_role("office_staff").get(reverse("transfer:import_template"))
    content = b"".join(response.streaming_content)
    rows = _rows(content, tmp_path)
    assert rows[1][:2] == ["姓名*", "身份证号*"]
    options = CalamineWorkbook.from_path(str(tmp_path / "download.xlsx")).get_sheet_by_name("选项").to_python()
    columns = {row_index: [r[row_index] for r in options[1:] if r[row_index]] for row_index in range(len(options[0]))}
    labels = {options[0][i]: values for i, values in columns.items()}
    for header, name in (("性别", "gender"), ("人员类别", "category"), ("政治面貌", "political_status"), ("职级", "rank")):
        assert labels[header] and set(labels[header]) <= set(BY_NAME[name].codes())
    assert "医学院" in labels["原单位"] and "理学院" not in labels["原单位"]  # only this university's units
    from zipfile import ZipFile

    with ZipFile(tmp_path / "download.xlsx") as archive:
        assert b"dataValidation" in archive.read("xl/worksheets/sheet1.xml")


def test_export_is_scoped_filtered_masked_and_audited(world, as_role, tmp_path):
    world.person(name="钱老", category=Person.Category.LIXIU, unit=world.clinical, phone="13700001234",
                 address="=HYPERLINK(\"http://x\")")
    client = as_role("office_staff")
    page = client.get(reverse("transfer:export_start"), {"category": "lixiu"}).content.decode()
    assert "将导出 <strong>1</strong> 人" in page and "人员类别：离休" in page
    assert "导出完整的身份证号和电话" in page  # staff see full phones, not full ID numbers
    client.post(reverse("transfer:export_start") + "?category=lixiu",
                {"columns": ["name", "id_number", "phone", "address", "unit"], "unmask": "on"})
    job = Job.objects.get(kind=Job.Kind.EXPORT)
    assert job.status == Job.Status.DONE and job.report["rows"] == 1
    rows = _rows(_download(client, job), tmp_path)
    assert rows[0] == ["姓名", "身份证号", "手机", "家庭住址", "原单位"]
    name, id_shown, phone, address, unit = rows[1]
    person = Person.objects.get(name="钱老")
    assert (name, id_shown, phone, unit) == ("钱老", person.id_number_masked, "13700001234", "临床医学系")
    assert address.startswith("'=")  # formula injection neutralised
    entry = AuditEntry.objects.get(action="export", note__startswith="导出名单")
    assert "1 行" in entry.note and "未脱敏" in entry.note and "人员类别：离休" in entry.note


def test_a_masked_export_masks_every_phone(world, as_role, tmp_path):
    client = as_role("office_staff")
    client.post(reverse("transfer:export_start"), {"columns": ["name", "phone"]})
    rows = _rows(_download(client, Job.objects.get(kind=Job.Kind.EXPORT)), tmp_path)
    assert {r[1] for r in rows[1:]} == {"139****0001", "139****0002"}


def test_an_unmasked_export_unmasks_only_the_rows_of_assignments_that_may(world, tmp_path):
    """Staff at one university (no unmasking) and administrator at another: only the second's ID numbers come out whole."""
    from yinling.accounts.models import RoleAssignment
    from yinling.accounts.roles import Role

    user = world.users["office_staff"]
    RoleAssignment.objects.create(user=user, role=Role.OFFICE_ADMIN, node=world.uni_b)
    client = login(user)
    client.post(reverse("transfer:export_start"), {"columns": ["name", "id_number"], "unmask": "on"})
    rows = {r[0]: r[1] for r in _rows(_download(client, Job.objects.get(kind=Job.Kind.EXPORT)), tmp_path)[1:]}
    assert rows == {"张建中": world.med_person.id_number_masked, "李秀兰": world.lit_person.id_number_masked,
                    "赵德胜": world.other_person.id_number}


def test_unmasked_export_needs_the_right_and_says_so_in_the_log(world, tmp_path):
    admin = world.users["office_admin"]
    client = login(admin)
    client.post(reverse("transfer:export_start"), {"columns": ["name", "id_number"], "unmask": "on"})
    job = Job.objects.get(kind=Job.Kind.EXPORT)
    rows = _rows(_download(client, job), tmp_path)
    assert {r[1] for r in rows[1:]} == {world.med_person.id_number, world.lit_person.id_number}
    assert AuditEntry.objects.filter(action="export", note__contains="未脱敏").count() == 2  # made, and downloaded


def test_a_care_officer_exports_only_their_unit(world, as_role, tmp_path):
    client = as_role("unit_officer")
    client.post(reverse("transfer:export_start"), {"columns": ["name"]})
    rows = _rows(_download(client, Job.objects.get()), tmp_path)
    assert [r[0] for r in rows[1:]] == ["张建中"]


def test_a_job_is_seen_only_by_the_one_who_started_it(world, as_role, tmp_path):
    as_role("office_staff").post(reverse("transfer:export_start"), {"columns": ["name"]})
    job = Job.objects.get()
    other = world.users["office_admin"]
    assert login(other).get(job.get_absolute_url()).status_code == 404
    assert login(other).get(reverse("transfer:job_download", args=[job.pk])).status_code == 404


def test_files_of_old_jobs_are_deleted_when_a_new_job_starts(world, as_role, tmp_path, settings):
    from datetime import timedelta

    from django.utils import timezone

    client = as_role("office_staff")
    client.post(reverse("transfer:export_start"), {"columns": ["name"]})
    old = Job.objects.get()
    assert old.result_path and _download(client, old)
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=settings.TRANSFER_RETENTION_DAYS + 1))
    from pathlib import Path

    kept = Path(old.result_path)
    client.post(reverse("transfer:export_start"), {"columns": ["name"]})
    old.refresh_from_db()
    assert not kept.exists() and old.result_path == ""
    assert client.get(reverse("transfer:job_download", args=[old.pk])).status_code == 404
    assert "保存期满后已删除" in client.get(old.get_absolute_url()).content.decode()
    newest = Job.objects.exclude(pk=old.pk).get()
    assert Path(newest.result_path).exists()


def test_an_unfiltered_export_says_so(as_role):
    page = as_role("office_staff").get(reverse("transfer:export_start")).content.decode()
    assert "筛选条件：全部在册人员" in page and "None" not in page


def test_the_menu_marks_the_section_the_page_belongs_to(as_role):
    client = as_role("office_staff")
    export_page = client.get(reverse("transfer:export_start")).content.decode()
    assert 'aria-current="page" href="/roster/"' in export_page and 'aria-current="page" href="/transfer/import/"' not in export_page
    quality_page = client.get(reverse("roster:quality")).content.decode()
    assert 'aria-current="page" href="/roster/"' not in quality_page

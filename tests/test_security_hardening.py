"""What a probe found at the edges: audit of every transfer step, no caching, owner-only files, Chinese error pages."""
import stat

import pytest
from django.urls import reverse

from tests.spreadsheets import write_xlsx
from tests.test_hostile_uploads import sparse_workbook
from tests.test_transfer_web import _upload
from yinling.core.models import AuditEntry
from yinling.transfer.models import Job


def _actions() -> list[str]:
    return list(AuditEntry.objects.filter(object_type="transfer.job").order_by("id").values_list("action", flat=True))


def test_every_step_of_an_import_is_audited_with_one_summary(world, as_role, tmp_path):
    client = as_role("office_staff")
    good = write_xlsx(tmp_path / "名册.xlsx", [["姓名", "身份证号"], ["钱多多", "11010519491231002X"], ["孙某", "123"]])
    _upload(client, good)
    job = Job.objects.latest("id")
    client.post(reverse("transfer:job_confirm", args=[job.pk]), {"valid_only": "1"})
    client.get(reverse("transfer:job_download", args=[job.pk]))
    _upload(client, sparse_workbook(tmp_path / "sparse.xlsx"))
    assert _actions() == ["import_upload", "import_check", "import_confirm", "import", "import_errors_download",
                          "import_upload", "import_refused"]
    summary = AuditEntry.objects.get(action="import")
    assert "共 2 行" in summary.note and "新增 1 人" in summary.note and summary.actor == world.users["office_staff"]
    assert AuditEntry.objects.get(action="import_refused").result == AuditEntry.Result.DENIED


def test_pages_and_downloads_are_not_cached_and_files_are_owner_only(world, as_role, tmp_path, settings):
    client = as_role("office_staff")
    assert client.get(reverse("roster:person_detail", args=[world.med_person.pk]))["Cache-Control"] == "no-store, private"
    client.post(reverse("transfer:export_start"), {"columns": ["name", "phone"]})
    job = Job.objects.get(kind=Job.Kind.EXPORT)
    download = client.get(reverse("transfer:job_download", args=[job.pk]))
    assert download["Cache-Control"] == "no-store, private"
    assert stat.S_IMODE(settings.TRANSFER_DIR.stat().st_mode) == 0o700
    assert stat.S_IMODE(__import__("pathlib").Path(job.result_path).stat().st_mode) == 0o600


def test_error_pages_are_chinese_and_in_the_products_layout(world, as_role):
    client = as_role("office_staff")
    missing = client.get("/no/such/page/")
    assert missing.status_code == 404 and "未找到您要的页面" in missing.content.decode()
    assert "URLconf" not in missing.content.decode()

    from django.test import RequestFactory
    from django.views.defaults import server_error

    failed = server_error(RequestFactory().get("/"))  # the handler Django calls on an unhandled exception
    page = failed.content.decode()
    assert failed.status_code == 500 and "抱歉，系统出错了" in page and "系统管理员" in page and 'lang="zh-CN"' in page


@pytest.mark.parametrize("path", ["/static/%2e%2e/%2e%2e/yinling/settings.py", "/static/..%2f..%2fmanage.py"])
def test_path_tricks_on_static_files_are_not_found(client, path):
    response = client.get(path)
    assert response.status_code == 404

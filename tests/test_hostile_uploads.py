"""Hostile spreadsheets are refused before a reader loads them, and none can take the worker down."""
import json
import subprocess
import sys
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
import xlsxwriter
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.spreadsheets import write_xlsx
from tests.test_transfer_web import _upload
from yinling.transfer.models import Job
from yinling.transfer.reader import FileRefused
from yinling.transfer.safety import inspect_upload

SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def _workbook(path: Path, sheet_parts) -> Path:
    """A minimal .xlsx whose one sheet is written from `sheet_parts` (bytes, streamed into the zip)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                         '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
                         'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                         '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        archive.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>')
        archive.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for part in sheet_parts:
                sheet.write(part)
    return path


def sparse_workbook(path: Path) -> Path:
    """Two cells, A1 and XFD150000: a 2 KB file whose grid is 150,000 × 16,384 cells."""
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.write_string(0, 0, "姓名")
    sheet.write_string(149_999, 16_383, "x")
    workbook.close()
    return path


def lying_sparse_workbook(path: Path) -> Path:
    """The same grid, with a dimension that claims one cell: only the cell references tell."""
    return _workbook(path, [SHEET_HEAD, '<dimension ref="A1"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>'
                                        '<row r="2"><c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>'.encode()])


def tall_zip_bomb(path: Path, megabytes: int = 350) -> Path:
    """About a megabyte of zip holding `megabytes` of sheet XML: millions of rows (r is optional in a row)."""
    block = b"<row><c><v>1</v></c></row>" * 40_000

    def parts():
        yield SHEET_HEAD + b"<sheetData>"
        for _ in range(megabytes * 1048576 // len(block)):
            yield block
        yield b"</sheetData></worksheet>"

    return _workbook(path, parts())


def _inspect_in_child(path: Path) -> dict:
    """inspect_upload() in a fresh process: what it says and its peak memory (VmHWM, MB)."""
    code = (
        "import json, os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'yinling.settings'); django.setup()\n"
        "from yinling.transfer.safety import inspect_upload\nfrom yinling.transfer.reader import FileRefused\n"
        f"try:\n    inspect_upload({str(path)!r}); said = ''\nexcept FileRefused as e:\n    said = str(e)\n"
        "peak = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM:')) / 1024\n"
        "print(json.dumps({'said': said, 'peak_mb': peak}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=settings.BASE_DIR, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("make, message", [
    (sparse_workbook, "列"),
    (lying_sparse_workbook, "列"),
    (tall_zip_bomb, "解压后"),
    (lambda p: tall_zip_bomb(p, megabytes=120), "行"),  # under the part limit: refused by its rows
])
def test_hostile_workbooks_are_refused_by_streaming_in_little_memory(tmp_path, make, message):
    path = make(tmp_path / "hostile.xlsx")
    assert path.stat().st_size < 2 * 1048576
    outcome = _inspect_in_child(path)
    assert message in outcome["said"], outcome
    assert outcome["peak_mb"] < 300, outcome


def test_a_file_the_scan_lets_through_still_cannot_take_the_reader_down(db, tmp_path, settings):
    """The trial read runs in a child with capped memory: running out ends the child, and the file is refused."""
    path = tmp_path / "ok.xlsx"
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet()
    for r in range(40_000):  # about 40 MB once a reader holds it
        for c in range(10):
            sheet.write_string(r, c, f"第{r}行第{c}列的内容")
    workbook.close()
    inspect_upload(path)  # within every limit
    settings.IMPORT_READ_MEMORY_MB = 1  # as if the file needed far more than the budget
    with pytest.raises(FileRefused, match="内存超出上限"):
        inspect_upload(path)


def test_the_worker_refuses_a_hostile_upload_and_serves_the_next_one(world, as_role, tmp_path):
    client = as_role("office_staff")
    _upload(client, sparse_workbook(tmp_path / "sparse.xlsx"))
    refused = Job.objects.latest("id")
    assert refused.status == Job.Status.REFUSED and "列" in refused.message
    _upload(client, write_xlsx(tmp_path / "good.xlsx", [["姓名", "身份证号"], ["钱多多", "11010519491231002X"]]))
    assert Job.objects.latest("id").status == Job.Status.CHECKED


def test_a_job_whose_worker_died_is_shown_failed_not_checking_forever(world, as_role):
    staff = world.users["office_staff"]
    job = Job.objects.create(kind=Job.Kind.IMPORT, institution=world.uni_a, created_by=staff, file_name="名册.xlsx",
                             status=Job.Status.CHECKING, heartbeat_at=timezone.now() - timedelta(minutes=30))
    page = as_role("office_staff").get(reverse("transfer:job_detail", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "后台进程意外中断" in page and "数据未改变" in page

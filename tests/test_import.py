"""Importing a messy roster: read what offices type, refuse row by row, write all or nothing, twice is a no-op."""
import json
from datetime import date

import pytest
from django.core.management import call_command

from tests.conftest import make_id
from tests.spreadsheets import entity_bomb, write_csv, write_xlsx, zip_bomb
from yinling.core.access import SYSTEM
from yinling.core.models import AuditEntry
from yinling.roster.models import Person
from yinling.transfer.reader import FileRefused, read_sheet
from yinling.transfer.roster_import import import_roster

HEADER = ["序号", "姓名", "身份证号码", "性别", "出生年月", "离退休类别", "原工作单位", "退休时间", "职务", "职称",
          "政治面貌", "入党时间", "联系电话", "现住址", "爱好", "备注"]


def _full_width(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in s)


def messy_rows():
    a = make_id(date(1946, 3, 5), "M", serial=201)
    b = make_id(date(1938, 11, 20), "F", serial=202)
    c = next(n for n in (make_id(date(1950, 6, 1), "M", serial=s) for s in range(210, 400)) if n.endswith("X"))
    d18 = make_id(date(1955, 1, 9), "F", serial=203)
    d15 = d18[:6] + d18[8:17]
    return [
        HEADER,
        [1, "王立群", _full_width(a), "男", "1946.03", "退休", "医学院", "2006年3月", "系主任", "教授", "中共党员", "1970.7.1", "138-1234-5678", "崇川区青年路1号", "书法", "　"],
        [2, "陈 秀英", b, "女", date(1938, 11, 20), "离休干部", "文学院", 17234, "", "", "党员", "19560701", "0513 8501 2345", "", "", ""],
        [None] * len(HEADER),  # a blank row in the middle
        [3, "刘建华", c.lower(), "男", "1950年6月1日", "退休", "临床医学系", "2010/6/1", "", "副教授", "群众", "", 13912345678, "", "", ""],
        [4, "孙玉兰", d15, "", "", "退职", "医学院/临床医学系", "", "", "", "民盟", "", "", "", "", ""],
        ["制表人：李老师", "", "", "", "日期：2026年11月"],
    ]


def _wrong_check_digit(number: str) -> str:
    from yinling.lib.idcard import normalize

    number = normalize(number)
    return number[:-1] + ("1" if number[-1] != "1" else "2")


def _file(path, content: bytes):
    path.write_bytes(content)
    return path


def _sheet(tmp_path, rows, name="roster.xlsx"):
    return read_sheet(write_xlsx(tmp_path / name, rows))


def test_it_imports_a_messy_real_world_roster(world, tmp_path):
    report = import_roster(actor=world.users["office_staff"], institution=world.uni_a, sheet=_sheet(tmp_path, messy_rows()), source="测试导入")
    assert report.errors == [] and report.imported
    assert (report.created, report.updated, report.unchanged, report.rejected) == (4, 0, 0, 0)
    assert report.header_row == 3 and report.unknown_columns == ["序号", "入党时间", "爱好"]  # party dates: the party module's own sheet
    wang = Person.objects.get(name="王立群")
    assert (wang.birth_date, wang.gender, wang.phone, wang.unit.name) == (date(1946, 3, 5), "M", "13812345678", "医学院")
    assert (wang.retirement_date, wang.political_status) == (date(2006, 3, 1), "cpc")  # party dates: the party module's sheet
    # what the file does not say is what a person entered by hand starts with
    assert (wang.status, wang.residence, wang.health_status, wang.version, wang.ethnicity, wang.rank) == (
        "active", "local", "healthy", 1, "汉族", "none")
    chen = Person.objects.get(name="陈秀英")  # the padding is not part of the name
    assert (chen.category, chen.retirement_date, chen.phone) == ("lixiu", date(1947, 3, 8), "0513-85012345")
    assert Person.objects.get(name="刘建华").id_number.endswith("X")
    sun = Person.objects.get(name="孙玉兰")
    assert len(sun.id_number) == 18 and sun.gender == "F" and sun.unit.name == "临床医学系" and sun.political_status == "democratic"
    assert AuditEntry.objects.filter(action="create", note="测试导入").count() == 4


def test_each_new_person_gets_a_create_entry_naming_them_and_the_import(world, tmp_path):
    import_roster(actor=world.users["office_staff"], institution=world.uni_a, sheet=_sheet(tmp_path, messy_rows()), source="十一月名册")
    entries = AuditEntry.objects.filter(action="create", note="十一月名册")
    people = {str(p.pk): p.name for p in Person.objects.filter(name__in=["王立群", "陈秀英", "刘建华", "孙玉兰"])}
    assert {e.object_id: e.object_repr for e in entries} == people
    assert {(e.object_type, e.actor_id, e.scope_path, e.changes["version"]) for e in entries} == {
        ("roster.person", world.users["office_staff"].pk, world.uni_a.path, 1)}
    # their history pages show the import
    some = Person.objects.get(name="王立群")
    assert AuditEntry.objects.filter(object_type="roster.person", object_id=str(some.pk), note="十一月名册").exists()


@pytest.mark.parametrize("slice_rows", [1, 2, 10_000])
def test_rows_are_read_the_same_however_the_sheet_is_sliced(world, tmp_path, monkeypatch, slice_rows):
    from yinling.transfer import engine

    monkeypatch.setattr(engine, "_SLICE", slice_rows)
    rows = messy_rows()
    rows[4][6] = "医学员"  # the same unknown unit on two rows: both are told, whatever was read before
    rows[5][6] = "医学员"
    rows[5][7] = 99999999  # a number that is no date, in a column otherwise read from texts
    report = import_roster(actor=SYSTEM, institution=world.uni_a, sheet=_sheet(tmp_path, rows), source="x", dry_run=True)
    assert [(e.row, e.column) for e in report.errors] == [(7, "原工作单位"), (8, "原工作单位"), (8, "退休时间")]
    assert (report.total_rows, report.rejected, report.created) == (4, 2, 2)


@pytest.fixture(params=[True, False], ids=["read-alongside", "read-first"])
def a_row_a_part(request, monkeypatch):
    """The sheet read a row at a time, and either written while later rows are still being read (as on
    PostgreSQL) or read whole first (as on SQLite), whichever database the suite runs on."""
    from yinling.transfer import engine

    monkeypatch.setattr(engine, "_SLICE", 1)
    monkeypatch.setattr(engine, "_database_alongside", lambda: request.param)


def test_a_wrong_last_row_undoes_the_people_already_written(world, tmp_path, a_row_a_part):
    rows = messy_rows()
    rows[5][6] = "医学员"  # the last person's unit is unknown
    before = (Person.objects.count(), AuditEntry.objects.count())
    report = import_roster(actor=SYSTEM, institution=world.uni_a, sheet=_sheet(tmp_path, rows), source="x")
    assert not report.imported and report.created == 0 and [e.row for e in report.errors] == [8]
    assert (Person.objects.count(), AuditEntry.objects.count()) == before
    report = import_roster(actor=SYSTEM, institution=world.uni_a, sheet=_sheet(tmp_path, rows), source="x", valid_only=True)
    assert report.imported and (report.created, report.rejected) == (3, 1)
    assert set(Person.objects.filter(name__in=["王立群", "陈秀英", "刘建华", "孙玉兰"]).values_list("name", flat=True)) == {
        "王立群", "陈秀英", "刘建华"}


def test_a_known_number_under_another_name_late_in_the_sheet_undoes_the_new_people(world, tmp_path, a_row_a_part):
    rows = messy_rows()[:-1] + [[9, "张建国", world.med_person.id_number, "", "", "退休", "医学院"] + [""] * 9]
    before = Person.objects.count()
    report = import_roster(actor=SYSTEM, institution=world.uni_a, sheet=_sheet(tmp_path, rows), source="x")
    assert not report.imported and "登记的姓名是“张建中”" in report.errors[0].message
    assert Person.objects.count() == before


def test_repeats_and_known_people_across_parts_are_told_and_applied(world, tmp_path, a_row_a_part):
    rows = messy_rows()[:-1]
    rows.append([5, "王立群", rows[1][2], "男", "", "退休", "医学院"] + [""] * 9)  # the first person again, rows later
    rows.append([6, "张建中", world.med_person.id_number, "", "", "退休", "临床医学系", "", "顾问"] + [""] * 7)  # on file
    report = import_roster(actor=SYSTEM, institution=world.uni_a, sheet=_sheet(tmp_path, rows), source="x", valid_only=True)
    assert [(e.row, e.message) for e in report.errors] == [(9, "与第4行的身份证号重复。")]
    assert (report.created, report.updated, report.unchanged) == (4, 1, 0)
    assert Person.objects.get(pk=world.med_person.pk).post == "顾问"
    assert Person.objects.filter(name="王立群").count() == 1


def test_it_changes_nothing_when_the_same_file_is_imported_twice(world, tmp_path):
    path = write_xlsx(tmp_path / "roster.xlsx", messy_rows())
    import_roster(actor=SYSTEM, institution=world.uni_a, sheet=read_sheet(path), source="第一次")
    audit_rows = AuditEntry.objects.count()
    report = import_roster(actor=SYSTEM, institution=world.uni_a, sheet=read_sheet(path), source="第二次")
    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)
    assert AuditEntry.objects.count() == audit_rows


def test_it_updates_only_what_changed_and_audits_it(world, tmp_path):
    rows = messy_rows()
    import_roster(actor=SYSTEM, institution=world.uni_a, sheet=_sheet(tmp_path, rows), source="第一次")
    rows[1][12] = "13900001111"
    rows[1][15] = ""  # an empty cell does not blank anything
    report = import_roster(actor=SYSTEM, institution=world.uni_a, sheet=_sheet(tmp_path, rows, "v2.xlsx"), source="第二次")
    assert (report.created, report.updated, report.unchanged) == (0, 1, 3)
    wang = Person.objects.get(name="王立群")
    assert wang.phone == "13900001111" and wang.version == 2
    entry = AuditEntry.objects.get(action="update", note="第二次")
    assert entry.changes["fields"]["phone"] == ["138****5678", "139****1111"]


def test_it_refuses_the_whole_file_with_every_problem_and_its_row_and_column(world, tmp_path):
    rows = messy_rows()
    rows[1][2] = _wrong_check_digit(rows[1][2])
    rows[2][3] = "男"  # contradicts the ID number
    rows[4][6] = "医学员"  # unknown unit, close to 医学院
    rows[4][12] = "12345"
    rows.insert(6, [5, "", make_id(date(1949, 1, 1), serial=204), "", "", "退休", "文学院", "", "", "", "", "", "", "", "", ""])
    rows.insert(7, [6, "刘建华", rows[4][2], "", "", "退休", "文学院", "", "", "", "", "", "", "", "", ""])  # duplicate in file
    report = import_roster(actor=SYSTEM, institution=world.uni_a, sheet=_sheet(tmp_path, rows), source="x")
    assert not report.imported and Person.objects.count() == 3  # only the fixture's people
    found = {(e.row, e.column): e.message for e in report.errors}
    assert "校验位不正确" in found[(4, "身份证号码")]
    assert "性别与身份证号不一致" in found[(5, "性别")]
    assert "您是不是要找：医学院" in found[(7, "原工作单位")]
    assert "位数不对" in found[(7, "联系电话")]
    assert "姓名不能为空" in found[(9, "姓名")]
    assert "与第7行的身份证号重复" in found[(10, "身份证号码")]


def test_it_imports_only_the_valid_rows_on_explicit_choice(world, tmp_path):
    rows = messy_rows()
    rows[1][2] = "320602194603051230"
    report = import_roster(actor=SYSTEM, institution=world.uni_a, sheet=_sheet(tmp_path, rows), source="x", valid_only=True)
    assert report.imported and (report.created, report.rejected) == (3, 1)
    assert not Person.objects.filter(name="王立群").exists()


def test_it_refuses_an_id_number_registered_under_another_name(world, tmp_path):
    rows = [HEADER, [1, "张建国", world.med_person.id_number, "", "", "退休", "医学院"] + [""] * 9]
    report = import_roster(actor=SYSTEM, institution=world.uni_a, sheet=_sheet(tmp_path, rows), source="x")
    assert "登记的姓名是“张建中”" in report.errors[0].message
    rows = [HEADER, [1, "赵德胜", world.other_person.id_number, "", "", "退休", "医学院"] + [""] * 9]
    report = import_roster(actor=SYSTEM, institution=world.uni_a, sheet=_sheet(tmp_path, rows, "b.xlsx"), source="x")
    message = report.errors[0].message
    assert "无法导入" in message and "滨江" not in message and "其他单位" not in message


def test_it_reads_csv_in_gbk_as_wps_saves_it(world, tmp_path):
    number = make_id(date(1947, 2, 2), serial=205)
    path = write_csv(tmp_path / "名册.csv", [["姓名", "公民身份号码", "人员类别", "所在单位"], ["钱玉", number, "退休", "文学院"], [], ["合计：1人"]], "gbk")
    report = import_roster(actor=SYSTEM, institution=world.uni_a, sheet=read_sheet(path), source="x")
    assert report.imported and report.created == 1 and Person.objects.filter(name="钱玉").exists()


def test_it_reads_xls_files(world, tmp_path):
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("名册")
    for c, value in enumerate(["姓名", "身份证号", "原单位"]):
        sheet.write(0, c, value)
    for c, value in enumerate(["周玉", make_id(date(1948, 4, 4), serial=206), "文学院"]):
        sheet.write(1, c, value)
    book.save(str(tmp_path / "old.xls"))
    report = import_roster(actor=SYSTEM, institution=world.uni_a, sheet=read_sheet(tmp_path / "old.xls"), source="x")
    assert report.imported and report.created == 1


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: _file(p / "a.xlsx", b""), "文件是空的"),
        (lambda p: _file(p / "a.pdf", b"%PDF-1.4\x00\x01binary"), "不是表格文件"),
        (lambda p: _file(p / "a.xlsx", b"PK\x03\x04broken"), "已损坏"),
        (lambda p: zip_bomb(p / "bomb.xlsx", 500 * 1024 * 1024), "压缩炸弹"),
        (lambda p: entity_bomb(p / "lol.xlsx", write_xlsx(p / "src.xlsx", [["姓名", "身份证号"], ["甲", "1"]])), "DOCTYPE"),
    ],
)
def test_it_refuses_hostile_and_broken_files(db, tmp_path, make, message):
    with pytest.raises(FileRefused, match=message):
        read_sheet(make(tmp_path))


def test_it_refuses_files_over_the_size_and_row_limits(db, tmp_path, settings):
    path = write_xlsx(tmp_path / "big.xlsx", [["姓名", "身份证号"]] + [[f"人{i}", ""] for i in range(300)], title=None)
    settings.IMPORT_MAX_ROWS = 100
    with pytest.raises(FileRefused, match="超过单次导入上限"):
        read_sheet(path)
    settings.IMPORT_MAX_BYTES = 1000
    with pytest.raises(FileRefused, match="文件太大"):
        read_sheet(path)


def test_it_refuses_a_sheet_without_a_header(world, tmp_path):
    report = import_roster(actor=SYSTEM, institution=world.uni_a, sheet=_sheet(tmp_path, [["甲", "乙"], ["1", "2"]]), source="x")
    assert "找不到表头" in report.refused


def test_the_command_prints_json_and_exits_by_outcome(world, tmp_path, capsys):
    good = write_xlsx(tmp_path / "good.xlsx", messy_rows())
    call_command("roster_import", str(good), "--json", "--institution", "江海大学")
    result = json.loads(capsys.readouterr().out)
    assert result["imported"] and result["counts"]["created"] == 4
    rows = messy_rows()
    rows[1][2] = "320602194603051230"
    bad = write_xlsx(tmp_path / "bad.xlsx", rows)
    with pytest.raises(SystemExit) as exit_info:
        call_command("roster_import", str(bad), "--json", "--institution", "江海大学")
    assert exit_info.value.code == 1
    result = json.loads(capsys.readouterr().out)
    assert result["errors"][0] == {"row": 4, "column": "身份证号码", "message": "身份证号校验位不正确，请核对每一位数字。"}
    call_command("roster_import", str(good), "--json", "--dry-run", "--institution", "江海大学")
    assert json.loads(capsys.readouterr().out)["counts"]["unchanged"] == 4


def test_it_reports_and_leaves_alone_an_archived_person(world, tmp_path):
    """The edit form refuses to change an archived record; an import does the same, row by row."""
    from yinling.core.access import SYSTEM
    from yinling.roster import services

    person = world.lit_person
    services.person_archive(actor=SYSTEM, person_id=person.pk, status="deceased", effective_date=date(2026, 1, 5), reason="")
    header = ["姓名", "身份证号", "职务"]
    changed = _sheet(tmp_path, [header, ["李秀兰", person.id_number, "新职务"]], name="a.xlsx")
    report = import_roster(actor=SYSTEM, institution=world.uni_a, sheet=changed, source="测试")
    assert not report.imported and "已归档（去世）" in report.errors[0].message
    assert Person.objects.get(pk=person.pk).post == ""
    same = _sheet(tmp_path, [header, ["李秀兰", person.id_number, ""]], name="b.xlsx")
    report = import_roster(actor=SYSTEM, institution=world.uni_a, sheet=same, source="测试")
    assert report.imported and report.unchanged == 1  # nothing to change: no error


def test_a_text_file_renamed_xlsx_is_told_it_is_no_spreadsheet(tmp_path):
    path = tmp_path / "名册.xlsx"
    path.write_text("姓名,身份证号\n王某,110105194912310021\n", encoding="utf-8")
    with pytest.raises(FileRefused, match="这不是表格文件"):
        read_sheet(path)

"""Reading an uploaded roster file safely: .xlsx, .xls or .csv (UTF-8 or GBK).

Hostile or broken files are refused before any parser sees them in full: a size
limit, the zip's entry count and uncompressed size (zip bombs), DOCTYPE/ENTITY
declarations in any XML part (entity expansion; the workbook part is parsed with
defusedxml), and a row limit read from the sheet's dimensions before its cells.
"""
import codecs
import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from django.conf import settings
from python_calamine import CalamineError, CalamineWorkbook


class FileRefused(Exception):
    """The file cannot be read; the message says why, in Chinese."""


@dataclass
class Sheet:
    """The first worksheet. Rows are produced on demand, so a long sheet is never copied whole."""

    name: str
    source: object  # a python-calamine sheet, or the list of rows of a CSV file
    column_offset: int = 0  # empty columns calamine leaves out on the left

    def iter_rows(self):
        if isinstance(self.source, list):
            yield from self.source
            return
        pad = [""] * self.column_offset
        for row in self.source.iter_rows():
            yield pad + row if pad else row

    def head(self, count: int) -> list[list]:
        rows = []
        for row in self.iter_rows():
            rows.append(row)
            if len(rows) == count:
                break
        return rows

    def release(self) -> None:
        """Free the parsed workbook (a 100,000-row sheet holds ~130 MB) once its rows are read."""
        self.source = []

    @property
    def rows(self) -> list[list]:
        """Every row as a list (small sheets and tests)."""
        return list(self.iter_rows())


ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# The settings read_sheet() consults (safety.trial_read hands them to its child process).
LIMIT_SETTINGS = ("IMPORT_MAX_BYTES", "IMPORT_MAX_ROWS", "IMPORT_MAX_ZIP_ENTRIES", "IMPORT_MAX_UNCOMPRESSED_BYTES")


def _limits():
    return tuple(getattr(settings, name) for name in LIMIT_SETTINGS)


def read_sheet(path: str | Path) -> Sheet:
    path = Path(path)
    max_bytes, max_rows, _, _ = _limits()
    size = path.stat().st_size
    if size == 0:
        raise FileRefused("文件是空的。")
    if size > max_bytes:
        raise FileRefused(f"文件太大（{size / 1048576:.1f} MB），上限为 {max_bytes / 1048576:.0f} MB。请拆分后再导入。")
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(ZIP_MAGIC):
        _check_xlsx_container(path)
        return _read_calamine(path, max_rows)
    if head == OLE_MAGIC:
        return _read_calamine(path, max_rows)
    if path.suffix.lower() in (".xlsx", ".xls"):  # a text file (or anything) renamed: say so, not "no header"
        raise FileRefused(f"这不是表格文件：文件名是 {path.suffix.lower()}，内容却不是 Excel 表格。请用 Excel 或 WPS 打开原文件，另存为 .xlsx 后再导入。")
    return _read_csv(path, max_rows)


def _check_xlsx_container(path: Path) -> None:
    _, _, max_entries, max_uncompressed = _limits()
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise FileRefused("文件已损坏，无法作为 Excel 文件打开。") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > max_entries:
            raise FileRefused(f"文件内部包含 {len(entries)} 个部件，超出正常 Excel 文件的范围，已拒绝。")
        total = sum(info.file_size for info in entries)
        if total > max_uncompressed:
            raise FileRefused("文件解压后体积异常巨大（疑似“压缩炸弹”），已拒绝。")
        names = {info.filename for info in entries}
        if "xl/workbook.xml" not in names:
            raise FileRefused("这不是 Excel 表格文件（.xlsx），请用 Excel 或 WPS 另存为 .xlsx 后再导入。")
        for info in entries:
            if not info.filename.endswith((".xml", ".rels", ".vml")):
                continue
            with archive.open(info) as part:
                start = part.read(4096).upper()
            if b"<!DOCTYPE" in start or b"<!ENTITY" in start:
                raise FileRefused("文件中含有不安全的 XML 声明（DOCTYPE/ENTITY），已拒绝。")
        try:
            SafeET.fromstring(archive.read("xl/workbook.xml"))
        except (DefusedXmlException, SafeET.ParseError):
            raise FileRefused("文件中的工作簿结构无法安全读取，已拒绝。") from None


def _read_calamine(path: Path, max_rows: int) -> Sheet:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        if not workbook.sheet_names:
            raise FileRefused("文件中没有工作表。")
        sheet = workbook.get_sheet_by_index(0)
        if sheet.total_height > max_rows + 50:
            raise FileRefused(f"表格有 {sheet.total_height} 行，超过单次导入上限 {max_rows} 行，请拆分后再导入。")
        start = sheet.start or (0, 0)
        return Sheet(name=sheet.name, source=sheet, column_offset=start[1])
    except FileRefused:
        raise
    except (CalamineError, Exception) as error:  # calamine raises several kinds for broken files
        raise FileRefused(f"文件已损坏或不是表格文件，无法读取（{type(error).__name__}）。") from None


def _read_csv(path: Path, max_rows: int) -> Sheet:
    raw = path.read_bytes()
    if b"\x00" in raw[:65536]:
        raise FileRefused("这不是表格文件。请上传 .xlsx、.xls 或 .csv 文件。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            content = codecs.decode(raw, encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileRefused("无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV，或 .xlsx 文件。")
    try:
        dialect = csv.Sniffer().sniff(content[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for row in csv.reader(io.StringIO(content), dialect):
        rows.append(row)
        if len(rows) > max_rows + 50:
            raise FileRefused(f"表格超过单次导入上限 {max_rows} 行，请拆分后再导入。")
    return Sheet(name=path.stem, source=rows)

"""Checking an uploaded spreadsheet before any reader loads it whole.

read_sheet() refuses what a glance shows: the file's size, the zip's entry count and
declared sizes, XML declarations, the sheet's height. A hostile file can lie in what it
declares, so every upload goes through inspect_upload() first:

1. Every part of an .xlsx is decompressed as a stream, counting the bytes it really
   inflates to (zipfile stops at the declared size and then fails the checksum), and
   each worksheet is scanned for its declared dimension, its rows and the references of
   its cells. A 2 KB file with cells at A1 and XFD150000 makes a reader allocate the
   whole grid between them, tens of gigabytes; here it is refused by its references.
   Memory stays flat: the scan holds one chunk at a time.
2. The file is then read once in a child process whose address space is capped
   (resource.RLIMIT_AS; trial.py). Whatever slipped through the scan ends that child,
   never the worker that serves the queue, and the upload is refused with a message.
"""
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from django.conf import settings

from .reader import LIMIT_SETTINGS, OLE_MAGIC, ZIP_MAGIC, FileRefused

_CHUNK = 1 << 20
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?\"")
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
# Only references that could be large are looked at: two or more column letters, or six or more row digits.
_WIDE_REF = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"([A-Z]{2,})\d")
_TALL_REF = re.compile(rb"\br=\"[A-Z]{0,3}(\d{6,})\"")
_LONG_TEXT = re.compile(rb">[^<]{32768}")  # longer than any cell Excel can hold (32,767 characters)


def column_number(letters: bytes | str) -> int:
    """A → 1, Z → 26, AA → 27, XFD → 16,384."""
    number = 0
    for ch in letters if isinstance(letters, str) else letters.decode():
        number = number * 26 + ord(ch) - 64
    return number


def _limits() -> dict:
    return {
        "rows": settings.IMPORT_MAX_ROWS + 50,
        "columns": settings.IMPORT_MAX_COLUMNS,
        "cells": settings.IMPORT_MAX_CELLS,
        "part_bytes": settings.IMPORT_MAX_PART_BYTES,
    }


def inspect_upload(path: str | Path) -> None:
    """Refuse (FileRefused, in Chinese) an uploaded file that a reader could not load within its limits."""
    path = Path(path)
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(ZIP_MAGIC):
        _scan_xlsx(path)
    if head.startswith(ZIP_MAGIC) or head == OLE_MAGIC:
        trial_read(path)


def _scan_xlsx(path: Path) -> None:
    limits = _limits()
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise FileRefused("文件已损坏，无法作为 Excel 文件打开。") from None
    with archive:
        for info in archive.infolist():
            if info.file_size > limits["part_bytes"]:
                raise FileRefused(f"文件中的“{Path(info.filename).name}”解压后有 {info.file_size // 1048576} MB，超出可导入的范围，已拒绝。")
            is_sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
            try:
                with archive.open(info) as part:
                    if is_sheet:
                        _scan_sheet(part, limits)
                    else:
                        while part.read(_CHUNK):
                            pass  # inflated only to prove its real size and checksum
            except zipfile.BadZipFile:
                raise FileRefused("文件已损坏（内部数据与声明不符），无法读取。") from None
            except (zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
                raise FileRefused("文件的压缩方式无法安全读取，请用 Excel 或 WPS 另存为 .xlsx 后再导入。") from None


def _scan_sheet(part, limits: dict) -> None:
    """Rows, cells, the widest column and the farthest row of one worksheet, one chunk at a time."""
    rows = cells = 0
    widest = 26  # one-letter columns are never looked up one by one
    farthest = 0
    carry = b""
    first = True
    while chunk := part.read(_CHUNK):
        buffer = carry + chunk
        cut = buffer.rfind(b">") + 1  # tags end with ">": no tag is split between two scans
        if cut == 0 and len(buffer) > _CHUNK * 2:
            raise FileRefused("表格中有异常巨大的内容，已拒绝。")
        text, carry = buffer[:cut], buffer[cut:]
        if first:
            first = False
            if found := _DIMENSION.search(text):
                _check_dimension(found, limits)
        if _LONG_TEXT.search(text):
            raise FileRefused("表格中有超出 Excel 单元格长度上限的内容，文件可能已损坏或被篡改，已拒绝。")
        rows += len(_ROW.findall(text))
        cells += len(_CELL.findall(text))
        for letters in _WIDE_REF.findall(text):
            widest = max(widest, column_number(letters))
        for digits in _TALL_REF.findall(text):
            farthest = max(farthest, int(digits))
        _check_extent(rows, cells, widest, farthest, limits)


def _check_dimension(found: re.Match, limits: dict) -> None:
    last_letters, last_row = found.group(3) or found.group(1), found.group(4) or found.group(2)
    width = column_number(last_letters) if last_letters else 1
    height = int(last_row) if last_row else 1
    _check_extent(0, 0, width, height, limits)


def _check_extent(rows: int, cells: int, width: int, height: int, limits: dict) -> None:
    height = max(rows, height)
    if height > limits["rows"]:
        raise FileRefused(f"表格超过单次导入上限 {limits['rows'] - 50} 行（文件中至少有 {height} 行），请拆分后再导入。")
    if width > limits["columns"]:
        raise FileRefused(f"表格有 {width} 列，超过可导入的 {limits['columns']} 列。请删除多余的列（或其中的空白格式）后再导入。")
    if cells > limits["cells"] or (width > 26 and height * width > limits["cells"]):
        raise FileRefused("表格范围过大（行数×列数超出上限），请删除多余的行列后再导入。")


def trial_read(path: Path) -> int:
    """Read every row of `path` in a child process with capped memory; the row count, or FileRefused.

    The child is a fresh interpreter (`python -m yinling.transfer.trial`), not a fork: a fork
    inherits this process's address space, and with it the memory reserved for threads that
    have run here (an import reads on a thread of its own), which a reader in the fork could
    grow into past any cap. It sets its own limit and reports on its standard output.
    """
    limits = {name: getattr(settings, name) for name in LIMIT_SETTINGS}  # the parent's, test overrides included
    command = [sys.executable, "-m", "yinling.transfer.trial", str(path), str(settings.IMPORT_READ_MEMORY_MB), json.dumps(limits)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=settings.IMPORT_READ_SECONDS,
                              cwd=settings.BASE_DIR, check=False)
    except subprocess.TimeoutExpired:
        raise FileRefused("文件读取超时，可能过大或已损坏，已拒绝。请拆分或另存后再导入。") from None
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:  # it ran out of memory (or died otherwise) before it could say
        raise FileRefused("读取文件时所需内存超出上限（文件可能含有大量空白格式或已损坏），已拒绝。请用 Excel 或 WPS 另存为 .xlsx 后再导入。")
    outcome = json.loads(lines[-1])
    if "refused" in outcome:
        raise FileRefused(outcome["refused"])
    return outcome["rows"]

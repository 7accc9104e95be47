"""Files people upload beside a record (a meeting's photos and minutes, a visit's photos): checked by
their first bytes and size, stored outside the web root under DATA_DIR with a random name, and served
only by a view that found the record through scope, inline and sandboxed."""
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404

PHOTO_OR_PDF = {b"\xff\xd8\xff": ("image/jpeg", ".jpg"), b"\x89PNG\r\n\x1a\n": ("image/png", ".png"), b"%PDF-": ("application/pdf", ".pdf")}
PHOTO = {magic: kind for magic, kind in PHOTO_OR_PDF.items() if kind[0].startswith("image/")}
_REFUSED = {id(PHOTO_OR_PDF): "只能上传照片（JPG、PNG）或 PDF 文件。", id(PHOTO): "只能上传照片（JPG、PNG）。"}


def folder(name: str) -> Path:
    """A module's upload folder (DATA_DIR/<name>), readable by the server's user only."""
    path = settings.DATA_DIR / name
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def check_upload(upload, *, max_bytes: int, types: dict = PHOTO_OR_PDF) -> tuple[str, str]:
    """(content type, suffix) of an acceptable upload; a clear message on the form's "file" field otherwise."""
    if upload.size > max_bytes:
        raise ValidationError({"file": f"文件太大（{upload.size / 1048576:.1f} MB），每个文件不超过 {max_bytes // 1048576} MB。"})
    if upload.size == 0:
        raise ValidationError({"file": "文件是空的。"})
    head = upload.read(16)
    upload.seek(0)
    kind = next((found for magic, found in types.items() if head.startswith(magic)), None)
    if kind is None:
        raise ValidationError({"file": _REFUSED.get(id(types), "不支持这种文件。")})
    return kind


def store(upload, where: Path, suffix: str) -> Path:
    """Write the upload under a random name; the caller removes it if its record is not saved."""
    stored = where / f"{uuid.uuid4().hex}{suffix}"
    with stored.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return stored


def check_all(uploads: list, *, field: str, limit: int, max_bytes: int, types: dict = PHOTO_OR_PDF) -> list[tuple[str, str]]:
    """check_upload() for each of several uploads of one form field: their kinds, or the first refusal on `field`."""
    if len(uploads) > limit:
        raise ValidationError({field: f"最多上传 {limit} 个文件。"})
    kinds = []
    for upload in uploads:
        try:
            kinds.append(check_upload(upload, max_bytes=max_bytes, types=types))
        except ValidationError as error:
            raise ValidationError({field: error.message_dict["file"]}) from None
    return kinds


def store_all(uploads: list, kinds: list[tuple[str, str]], where: Path, save) -> None:
    """Store each checked upload and `save(path, upload, content_type, suffix)` its record(s); if anything fails,
    every file written here is removed again (the caller's transaction undoes the records)."""
    stored = []
    try:
        for upload, (content_type, suffix) in zip(uploads, kinds, strict=True):
            path = store(upload, where, suffix)
            stored.append(path)
            save(path, upload, content_type, suffix)
    except Exception:
        for path in stored:
            path.unlink(missing_ok=True)
        raise


def original_name(upload, suffix: str, fallback: str = "附件") -> str:
    return Path(upload.name).name[:200] or f"{fallback}{suffix}"


def serve_inline(path: Path, content_type: str, file_name: str) -> FileResponse:
    """A stored file shown in the browser (a photo, a PDF), in a sandbox: it can run nothing."""
    if not path.exists():
        raise Http404("文件不存在。")
    response = FileResponse(path.open("rb"), content_type=content_type, filename=file_name)
    response["Content-Disposition"] = response["Content-Disposition"].replace("attachment", "inline")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    return response

"""Uploaded files: a size limit and a content check, so the name alone never makes a file a PDF."""

from pathlib import PurePath

from django.core.exceptions import ValidationError

MAX_BYTES = 10 * 1024 * 1024
# The first bytes of each type we accept anywhere; docx and xlsx are zip files.
MAGIC = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
}


def check_upload(file, *, extensions, types_text, max_bytes=MAX_BYTES):
    """Refuse a too large file or one whose content is not the type its name says.

    An extension outside `extensions` is left to FileExtensionValidator, which
    answers for the name; `types_text` lists the allowed types in the message.
    """
    if file.size > max_bytes:
        # The message names the product's limit (tests may lower max_bytes to probe it).
        raise ValidationError(
            f"Filen är för stor: högst {MAX_BYTES // (1024 * 1024)} MB.", code="file_too_large"
        )
    extension = PurePath(file.name).suffix.lower().lstrip(".")
    if extension not in extensions:
        return
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(8)
    file.seek(position)
    if not head.startswith(MAGIC[extension]):
        raise ValidationError(
            f"Filens innehåll stämmer inte med filtypen: ladda upp {types_text}.",
            code="file_type",
        )

"""Read a document an editor received (.docx, .pdf, .txt, .html) into a ``Document`` whose
``document_text`` is the shared format of issue 25 (see ``model``).

Every refusal is a ``ReadError`` whose message is one line of Chinese telling the editor what
to do: the county editor running add-source is the one who reads it.
"""

from __future__ import annotations

from pathlib import Path

from .model import SAVE_AS, Block, Document, ReadError, document_text

__all__ = ["Block", "Document", "ReadError", "document_text", "read_document"]

IMAGES = (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp")


def read_document(path: Path) -> Document:
    """The document at ``path``, chosen by its suffix (any case)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".doc", ".wps", ".rtf", ".odt"):
        raise ReadError(f"{path.name}：这是旧版或其他格式的文字文件，{SAVE_AS}")
    if suffix in IMAGES:
        raise ReadError(
            f"{path.name}：这是图片，无法读取文字；请找到原始的 Word 文件，或先用 OCR 软件转成文字后另存为 .txt"
        )
    if suffix not in READERS:
        raise ReadError(f"{path.name}：{SAVE_AS}")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ReadError(f"{path.name}：无法打开这个文件（{err.strerror}），请确认文件存在且没有被其他程序占用") from err
    if not data.strip():
        raise ReadError(f"{path.name}：文件是空的，请确认保存了正确的文件后再添加")
    doc = READERS[suffix](data, path.name)
    if not any(b.text.strip() or b.rows for b in doc.blocks if b.kind != "footnote"):
        raise ReadError(f"{path.name}：文件中没有读到任何文字，请打开文件确认内容后再添加")
    return doc


def _read_docx(data: bytes, name: str) -> Document:
    from . import docx

    return docx.read_docx(data, name)


def _read_pdf(data: bytes, name: str) -> Document:
    from . import pdf

    return pdf.read_pdf(data, name)


def _read_text(data: bytes, name: str) -> Document:
    from . import text

    return text.read_text(data, name)


def _read_html(data: bytes, name: str) -> Document:
    from . import html

    return html.read_html(data, name)


# The readers import their libraries only when used: reading a .txt needs neither python-docx
# nor pdfminer, and the site build imports none of them.
READERS = {
    ".docx": _read_docx,
    ".pdf": _read_pdf,
    ".txt": _read_text,
    ".html": _read_html,
    ".htm": _read_html,
}

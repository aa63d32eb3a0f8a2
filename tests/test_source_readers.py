"""Issue 25's readers: each test document (tests/fixtures/sources, made by make_documents.py)
read into the document text written by hand beside it, each refusal's exact message, Word's
numbering formats, and 100-page documents read (the time printed, not asserted: the budget is
add-source's, ≤ 10 s for 100 pages)."""

from __future__ import annotations

import io
import time
import zlib
from pathlib import Path

import pytest

from kb.sources.read import ReadError, document_text, read_document
from kb.sources.read.model import Block, Document, heading_or_paragraph
from kb.sources.read.numbering import Numbering, chinese_counting, format_number
from kb.sources.read.pdf import Line, join_paragraphs
from kb.sources.read.text import detect_encoding

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
EXPECTED = FIXTURES / "expected"

GOLDEN = {
    "regulation.docx": "regulation.txt",
    "regulation-revised.docx": "regulation-revised.txt",
    "report.docx": "report.txt",
    "notice-gbk.txt": "notice.txt",
    "notice-utf16.txt": "notice.txt",
    "two-column.pdf": "two-column.txt",
    "article.html": "article.txt",
}


@pytest.mark.parametrize("name", sorted(GOLDEN), ids=str)
def test_reader_gives_the_expected_document_text(name):
    got = document_text(read_document(FIXTURES / name))
    assert got == (EXPECTED / GOLDEN[name]).read_text(encoding="utf-8")


def test_fixtures_stay_small():
    for path in FIXTURES.iterdir():
        if path.is_file() and path.suffix != ".py":
            assert path.stat().st_size < 60_000, path.name


def test_titles_are_guessed():
    assert read_document(FIXTURES / "regulation.docx").title == "某某县社区服务示范条例"
    assert read_document(FIXTURES / "two-column.pdf").title == "某某县社区服务示范条例"
    assert read_document(FIXTURES / "article.html").title == "某某县社区服务示范条例解读"
    assert read_document(FIXTURES / "notice-gbk.txt").title is None


# --- refusals: one case per message, exact text --------------------------------------------

SAVE_AS = "只能读取 .docx、.pdf、.txt、.html 文件；请在 Word/WPS 中“另存为” .docx 或 .pdf 后再添加"


def _docx_with(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


REFUSALS = {
    "old.doc": (b"\xd0\xcf\x11\xe0 old word", f"old.doc：这是旧版或其他格式的文字文件，{SAVE_AS}"),
    "sheet.xlsx": (b"PK\x03\x04", f"sheet.xlsx：{SAVE_AS}"),
    "photo.png": (b"\x89PNG", "photo.png：这是图片，无法读取文字；请找到原始的 Word 文件，或先用 OCR 软件转成文字后另存为 .txt"),
    "empty.txt": (b"  \r\n", "empty.txt：文件是空的，请确认保存了正确的文件后再添加"),
    "blank.docx": (_docx_with(["", "  "]), "blank.docx：文件中没有读到任何文字，请打开文件确认内容后再添加"),
    "renamed.docx": (b"this is not a zip", "renamed.docx：文件已损坏或不是真正的 Word 文档（可能只是改了扩展名）；请在 Word/WPS 中“另存为” .docx 或 .pdf 后再添加"),
    "locked.docx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "locked.docx：这个文件设有打开密码，或其实是旧版 .doc 文件；请在 Word/WPS 中取消密码并“另存为” .docx 后再添加"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary.txt：无法识别这个文本文件的编码（不是 UTF-8、UTF-16 或 GBK）；请用记事本打开后“另存为”，编码选 UTF-8"),
    "broken.pdf": (b"%PDF-1.4\n garbage \x00\x01", "broken.pdf：文件已损坏或不是真正的 PDF（可能只是改了扩展名）；请重新导出 PDF 或改用 .docx 文件"),
    "fake.pdf": (b"<html>not a pdf</html>", "fake.pdf：文件已损坏或不是真正的 PDF（可能只是改了扩展名）；请重新导出 PDF 或改用 .docx 文件"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(REFUSALS), ids=str)
def test_refusal_says_what_to_do(tmp_path, name):
    data, message = REFUSALS[name]
    (tmp_path / name).write_bytes(data)
    with pytest.raises(ReadError) as err:
        read_document(tmp_path / name)
    assert str(err.value) == message
    assert "\n" not in str(err.value)


def test_scanned_pdf_is_refused():
    with pytest.raises(ReadError) as err:
        read_document(FIXTURES / "scanned.pdf")
    assert str(err.value) == (
        "scanned.pdf：这个 PDF 没有文字层（可能是扫描件），无法读取文字；"
        "请找到原始的 Word 文件，或先用 OCR 软件转成文字后另存为 .txt"
    )


def test_suffix_case_does_not_matter(tmp_path):
    (tmp_path / "NOTICE.TXT").write_bytes((FIXTURES / "notice-gbk.txt").read_bytes())
    assert document_text(read_document(tmp_path / "NOTICE.TXT")) == (EXPECTED / "notice.txt").read_text(
        encoding="utf-8"
    )


# --- numbering --------------------------------------------------------------------------------

ONES = "一二三四五六七八九"


def _spoken(n: int) -> str:
    """How 1-120 are written, rule by rule (an oracle independent of chinese_counting)."""
    if n < 10:
        return ONES[n - 1]
    if n < 20:
        return "十" + (ONES[n - 11] if n > 10 else "")
    if n < 100:
        tens, ones = divmod(n, 10)
        return ONES[tens - 1] + "十" + (ONES[ones - 1] if ones else "")
    rest = n - 100
    if rest == 0:
        return "一百"
    if rest < 10:
        return "一百零" + ONES[rest - 1]
    return "一百" + ("一十" + (ONES[rest - 11] if rest > 10 else "") if rest < 20 else _spoken(rest))


@pytest.mark.parametrize("n", range(1, 121))
def test_chinese_numerals(n):
    assert chinese_counting(n) == _spoken(n)


def test_chinese_numerals_beyond_hundreds():
    assert [chinese_counting(n) for n in (1001, 1010, 1100, 10000, 20010)] == [
        "一千零一", "一千零一十", "一千一百", "一万", "二万零一十",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("fmt", "n", "text"),
    [
        ("decimal", 12, "12"),
        ("chineseCountingThousand", 21, "二十一"),
        ("japaneseCounting", 11, "十一"),
        ("ideographTraditional", 3, "丙"),
        ("chineseLegalSimplified", 12, "拾贰"),
        ("decimalEnclosedCircle", 3, "③"),
        ("decimalFullWidth", 12, "１２"),
        ("upperLetter", 28, "BB"),
        ("lowerRoman", 14, "xiv"),
    ],
)
def test_number_formats(fmt, n, text):
    assert format_number(n, fmt) == text


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _numbering(levels: str, nums: str) -> Numbering:
    from lxml import etree

    xml = f'<w:numbering {W}><w:abstractNum w:abstractNumId="1">{levels}</w:abstractNum>{nums}</w:numbering>'
    return Numbering.from_xml(etree.fromstring(xml))


def _lvl(ilvl, fmt, text, extra="", suff="nothing"):
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{extra}'
        f'<w:suff w:val="{suff}"/><w:lvlText w:val="{text}"/></w:lvl>'
    )


def test_lvl_text_patterns_and_restarts():
    numbering = _numbering(
        _lvl(0, "chineseCounting", "第%1章", suff="tab")
        + _lvl(1, "chineseCounting", "（%2）")
        + _lvl(2, "decimal", "%2.%3", "<w:isLgl/>")  # legal numbering: 1.1, not 一.1
        + _lvl(3, "chineseCounting", "第%4条", '<w:lvlRestart w:val="0"/>', suff="space"),
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>',
    )
    got = [numbering.label("1", lvl) for lvl in (0, 1, 2, 2, 1, 2, 3, 0, 1, 3)]
    assert got == ["第一章　", "（一）", "1.1", "1.2", "（二）", "2.1", "第一条 ", "第二章　", "（一）", "第二条 "]


def test_lists_sharing_a_definition_continue_unless_restarted():
    numbering = _numbering(
        _lvl(0, "chineseCountingThousand", "%1、"),
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="1"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>',
    )
    got = [numbering.label(num, 0) for num in ("1", "1", "2", "3", "3")]
    assert got == ["一、", "二、", "三、", "五、", "六、"]


def test_bullets_and_unknown_lists_give_no_text():
    numbering = _numbering(_lvl(0, "bullet", "•"), '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>')
    assert numbering.label("1", 0) == ""
    assert numbering.label("9", 0) == ""


# --- text encodings, PDF paragraphs, the format ------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "detected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16-le"), ("utf-16-le", "utf-16-le"),
     ("utf-16-be", "utf-16-be"), ("gbk", "gb18030"), ("gb18030", "gb18030")],
)  # fmt: skip
def test_text_encodings_are_detected(encoding, detected):
    text = "第一条　本条例自2030年1月1日起施行。\r\n第二条　某某县。\r\n"
    assert detect_encoding(text.encode(encoding)) == detected


def test_pdf_paragraph_continues_across_columns_and_pages_but_not_after_a_short_line():
    def line(text, x0, x1, y, page, column):
        return Line(text, x0, y, x1, y + 10, page, column)

    lines = [
        line("第一条　社区服务应当遵", 54, 198, 100, 0, 1),
        line("循便民原则。", 34, 110, 84, 0, 1),
        line("乡镇人民政府负责本辖区", 54, 198, 68, 0, 1),
        line("社区服务的具体实施，指", 221, 386, 500, 0, 2),
        line("导社区服务站开展工作。", 221, 386, 484, 0, 2),
        line("有关单位参与社区服务。", 34, 198, 500, 1, 1),
        line("第二条　本条例自发布之", 54, 198, 484, 1, 1),
        line("日起施行。", 34, 100, 468, 1, 1),
        line("附件", 34, 60, 452, 1, 1),
    ]
    assert join_paragraphs(lines) == [
        "第一条　社区服务应当遵循便民原则。",
        "乡镇人民政府负责本辖区社区服务的具体实施，指导社区服务站开展工作。有关单位参与社区服务。",
        "第二条　本条例自发布之日起施行。",
        "附件",
    ]


def test_document_text_format():
    doc = Document(
        title=None,
        blocks=[
            Block("heading", "标题", level=1),
            heading_or_paragraph("一、总体要求", 2),  # numbered: the number says it is a heading
            heading_or_paragraph("总体要求", 3),
            Block("paragraph", "正文[^1]  "),
            Block("table", rows=[["a|b", "多\n行"], ["", ""], ["1", "2"]]),
            Block("table", rows=[["x", "y"]]),
            Block("footnote", "注释", number=1),
        ],
    )
    assert (
        document_text(doc)
        == "# 标题\n一、总体要求\n### 总体要求\n正文[^1]\n\n| a\\|b | 多 行 |\n| 1 | 2 |\n\n| x | y |\n\n[^1]: 注释\n"
    )


# --- 100 pages: read within add-source's budget (time printed, not asserted) -------------------


def test_a_100_page_docx_is_read(tmp_path, capsys):
    import docx

    document = docx.Document()
    for n in range(1, 2001):  # about 20 articles a page
        document.add_paragraph(
            f"第{chinese_counting(n)}条　社区服务站应当设置服务窗口，公布服务事项和办理时限，为居民提供政策咨询等服务。"
        )
        if n % 200 == 0:
            document.add_table(rows=3, cols=3)
    document.save(tmp_path / "long.docx")
    start = time.perf_counter()
    doc = read_document(tmp_path / "long.docx")
    elapsed = time.perf_counter() - start
    lines = document_text(doc).splitlines()
    assert lines[0].startswith("第一条　") and lines[-1].startswith("第二千条　")
    with capsys.disabled():
        print(f"\n100-page .docx (2000 paragraphs) read in {elapsed:.2f} s")


def _wrapped_articles() -> list[tuple[int, int, str]]:
    """(article, indent in characters, line) for 6000 lines of 16 characters a column line,
    every article's first line indented by two characters."""
    out = []
    article = 0
    while len(out) < 6000:
        article += 1
        text = f"第{chinese_counting(article)}条　社区服务站应当设置服务窗口，公布服务事项和办理时限，并为居民提供政策咨询。"
        first, rest = text[:14], text[14:]
        out.append((article, 2, first))
        out += [(article, 0, rest[i : i + 16]) for i in range(0, len(rest), 16)]
    return out


def _pdf_100_pages() -> bytes:
    """A 100-page two-column PDF written directly (Adobe's predefined STSong-Light CJK font,
    so no font file and no browser), with a running header and a page-number footer."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def hexs(text: str) -> bytes:
        return b"<" + text.encode("utf-16-be").hex().encode() + b">"

    font = add(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts"
        b" [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 >>] >>"
    )
    page_ids = []
    lines = _wrapped_articles()[:6000]
    for page in range(100):
        ops = [b"BT /F1 9 Tf 250 810 Td " + hexs("某某县社区服务示范条例（培训材料）") + b" Tj ET"]
        for column, x in enumerate((50, 310)):
            for row in range(30):
                indent, text = lines[page * 60 + column * 30 + row][1:]
                ops.append(b"BT /F1 12 Tf %d %d Td " % (x + 12 * indent, 770 - row * 24) + hexs(text) + b" Tj ET")
        ops.append(b"BT /F1 9 Tf 290 30 Td " + hexs(f"- {page + 1} -") + b" Tj ET")
        stream = zlib.compress(b"\n".join(ops))
        content = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream")
        page_ids.append(
            add(b"<< /Type /Page /Parent PARENT /MediaBox [0 0 595 842] /Contents %d 0 R"
                b" /Resources << /Font << /F1 %d 0 R >> >> >>" % (content, font))
        )  # fmt: skip
    pages_id = add(b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % i for i in page_ids) + b"] /Count 100 >>")
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body.replace(b"PARENT", b"%d 0 R" % pages_id) + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    return bytes(out)


def test_a_100_page_two_column_pdf_is_read(tmp_path, capsys):
    (tmp_path / "long.pdf").write_bytes(_pdf_100_pages())
    start = time.perf_counter()
    doc = read_document(tmp_path / "long.pdf")
    elapsed = time.perf_counter() - start
    expected: dict[int, str] = {}
    for article, _, text in _wrapped_articles()[:6000]:
        expected[article] = expected.get(article, "") + text
    # Articles run on from the left column to the right and from page to page.
    assert document_text(doc) == "".join(f"{text}\n" for text in expected.values())
    with capsys.disabled():
        print(f"\n100-page two-column .pdf (6000 lines) read in {elapsed:.2f} s")

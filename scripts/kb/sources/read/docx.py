"""Read a .docx (python-docx for the package, its XML for the rest): body paragraphs and tables
in the order they appear, Word's automatic numbering written out as text, heading styles,
footnotes.  See ``model`` for the text this becomes."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from .model import SAVE_AS, Block, Document, ReadError, heading_or_paragraph, join_lines
from .numbering import Numbering, W

OLE = b"\xd0\xcf\x11\xe0"  # an old .doc, or any Office file saved with a password
# Content that is not the paragraph's own running text: deleted revisions, the fallback copy of
# alternate content, text boxes (their own paragraphs) and field instructions.
SKIP = {W + "del", W + "txbxContent", W + "instrText", W + "delText",
        "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}  # fmt: skip


def read_docx(data: bytes, name: str) -> Document:
    import docx

    if data[:4] == OLE:
        raise ReadError(
            f"{name}：这个文件设有打开密码，或其实是旧版 .doc 文件；请在 Word/WPS 中取消密码并“另存为” .docx 后再添加"
        )
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as err:
        raise ReadError(
            f"{name}：文件已损坏或不是真正的 Word 文档（可能只是改了扩展名）；{SAVE_AS.split('；')[1]}"
        ) from err
    reader = _Reader(document)
    blocks = reader.body(document.element.body)
    blocks += [Block("footnote", text, number=n) for n, text in reader.footnote_texts()]
    # The Title-styled paragraph first: a core-properties title is often a template's leftover.
    title = next((b.text for b in blocks if b.kind == "heading" and b.level == 1), None)
    return Document(title=title or document.core_properties.title or None, blocks=blocks)


class _Reader:
    def __init__(self, document):
        self.styles = _styles(document.styles.element)
        root = None
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            pass
        self.numbering = Numbering.from_xml(root)
        self.numbering.resolve_links({sid: s["num"][0] for sid, s in self.styles.items() if s["num"][0]})
        self.default_style = next((sid for sid, s in self.styles.items() if s["default"]), None)
        self.notes = _footnotes(document.part)
        self.note_numbers: dict[str, int] = {}

    def body(self, parent) -> list[Block]:
        blocks: list[Block] = []
        for child in parent:
            if child.tag == W + "p":
                block = self.paragraph(child)
                if block:
                    blocks.append(block)
            elif child.tag == W + "tbl":
                blocks.append(Block("table", rows=self.table(child)))
            elif child.tag == W + "sdt":  # a content control: its content is ordinary body
                content = child.find(W + "sdtContent")
                if content is not None:
                    blocks += self.body(content)
        return blocks

    def style_chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            yield style_id, self.styles[style_id]
            style_id = self.styles[style_id]["based_on"]

    def paragraph(self, p) -> Block | None:
        ppr = p.find(W + "pPr")
        style_id = _val(ppr, "pStyle") or self.default_style
        label = self.label(ppr, style_id)  # counted even when the paragraph is empty, as Word does
        body = self.text(p).strip(" \u3000\t")
        if not body:
            return None
        text = label + body
        level = self.heading_level(ppr, style_id)
        return heading_or_paragraph(text, level) if level else Block("paragraph", text)

    def label(self, ppr, style_id: str | None) -> str:
        """The automatic number of this paragraph (counted), from its own numPr or its style's."""
        num_id, ilvl = None, None
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        if numpr is not None:
            num_id, ilvl = _val(numpr, "numId"), _val(numpr, "ilvl")
        if num_id is None:
            for sid, style in self.style_chain(style_id):
                if style["num"][0] is not None:
                    num_id = style["num"][0]
                    if ilvl is None:
                        ilvl = style["num"][1]
                    if ilvl is None:
                        ilvl = self.numbering.level_for_style(num_id, sid)
                    break
        if not num_id or num_id == "0":
            return ""
        return self.numbering.label(num_id, int(ilvl or 0))

    def heading_level(self, ppr, style_id: str | None) -> int:
        """1 for Title, 2 for Heading 1 ... (the number of ``#``), 0 for body text."""
        for _, style in self.style_chain(style_id):
            name = style["name"].lower().replace(" ", "")
            if name in ("title", "标题"):
                return 1
            for prefix in ("heading", "标题"):
                if name.startswith(prefix) and name[len(prefix) :].isdigit():
                    return int(name[len(prefix) :]) + 1
        outline = _val(ppr, "outlineLvl")
        if outline is None:
            outline = next((s["outline"] for _, s in self.style_chain(style_id) if s["outline"] is not None), None)
        return int(outline) + 2 if outline is not None and int(outline) < 9 else 0

    def text(self, p) -> str:
        lines = [""]
        self._walk(p, lines)
        return join_lines(lines)

    def _walk(self, el, lines: list[str]) -> None:
        for child in el:
            tag = child.tag
            if tag in SKIP or tag == W + "pPr" or tag == W + "rPr":
                continue
            if tag == W + "t":
                lines[-1] += child.text or ""
            elif tag == W + "tab" and el.tag == W + "r":
                lines[-1] += "\u3000"
            elif tag in (W + "br", W + "cr"):
                lines.append("")  # a soft line break: joined like a broken line
            elif tag == W + "noBreakHyphen":
                lines[-1] += "-"
            elif tag == W + "footnoteReference":
                note_id = child.get(W + "id")
                number = self.note_numbers.setdefault(note_id, len(self.note_numbers) + 1)
                lines[-1] += f"[^{number}]"
            else:
                self._walk(child, lines)

    def table(self, tbl) -> list[list[str]]:
        rows = []
        for tr in tbl.findall(W + "tr"):
            row = []
            for tc in tr.findall(W + "tc"):
                tcpr = tc.find(W + "tcPr")
                span = int(_val(tcpr, "gridSpan", "1"))
                vmerge = tcpr.find(W + "vMerge") if tcpr is not None else None
                continued = vmerge is not None and vmerge.get(W + "val", "continue") == "continue"
                # A merged cell's text once: the cells it covers stay empty so columns line up.
                text = "" if continued else " ".join(b.text for b in self.body(tc) if b.text)
                row += [text] + [""] * (span - 1)
            rows.append(row)
        return rows

    def footnote_texts(self) -> list[tuple[int, str]]:
        out = []
        for note_id, number in sorted(self.note_numbers.items(), key=lambda kv: kv[1]):
            note = self.notes.get(note_id)
            if note is None:
                continue
            paras = [self.text(p).strip(" \u3000") for p in note.iter(W + "p")]
            out.append((number, " ".join(t for t in paras if t)))
        return out


def _val(el, name: str, default=None):
    child = el.find(W + name) if el is not None else None
    return child.get(W + "val", default) if child is not None else default


def _styles(root) -> dict[str, dict]:
    styles = {}
    for st in root.findall(W + "style"):
        ppr = st.find(W + "pPr")
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        styles[st.get(W + "styleId")] = {
            "name": _val(st, "name", ""),
            "based_on": _val(st, "basedOn"),
            "default": st.get(W + "type") == "paragraph" and st.get(W + "default") in ("1", "true"),
            "num": (_val(numpr, "numId"), _val(numpr, "ilvl")) if numpr is not None else (None, None),
            "outline": _val(ppr, "outlineLvl"),
        }
    return styles


def _footnotes(part) -> dict[str, etree._Element]:
    for rel in part.rels.values():
        if rel.reltype.endswith("/footnotes") and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob)
            return {fn.get(W + "id"): fn for fn in root.findall(W + "footnote") if fn.get(W + "type") is None}
    return {}

"""Provenance page blocks: the sources and checksums, cleaning steps, errata, duplicates."""

from __future__ import annotations

import posixpath

from ..content import documents
from ..paths import DEPLOY
from ..sources import registry
from .inline_md import plain_md


def _code(text: str) -> str:
    # Garbled text is shown as code so it is visibly a quoted artifact, not content.
    return "`" + text.replace("`", "'") + "`"


def render_sources_table() -> str:
    lines = ["| 文件 | 内容 | SHA-256 |", "|---|---|---|"]
    for s in registry.load_sources()[:1]:  # the five pieces; documents added later: render_documents
        lines.append(f"| `{s.file.name}` | {s.title} | `{s.sha256}` |")
    return "\n".join(lines)


CATEGORY_NAMES = {"policy": "政策法规", "duties": "工作职责", "analysis": "调研分析"}


def render_documents(pages: dict, here: str, leave_out: set[str]) -> str:
    """资料来源 of every document added by add-source (sources.yml entries with a category):
    metadata, checksum, its pages and 修订历史.  "" when there is none (the page stays as it was).
    The originals stay in sources/ (not published: the checksum lets anyone verify a copy)."""
    out = []
    for e in [e for e in documents.source_entries() if e.category]:
        out += [f"### {plain_md(e.title)} {{#source-{e.id}}}", ""]
        rows = [
            ("类别", CATEGORY_NAMES.get(e.category, e.category)),
            ("发文机关", e.issuer),
            ("文号", e.number),
            ("日期", e.date),
            ("状态", e.status + (f"（{e.status_date} 起）" if e.status_date and e.status != documents.CURRENT else "")),
            ("现行版本", e.replaced_by),
            ("添加日期", e.added),
        ]
        out += [f"- {k}：{plain_md(v)}" for k, v in rows if v]
        out.append(f"- 原始文件：`{e.file.name}`（保存在项目的 `sources/` 目录中，不随网站发布）")
        out.append(f"- SHA-256：`{e.sha256}`")
        links = []
        for rel in sorted(
            r for r, p in pages.items() if p.meta.get("kind") == "document" and p.meta.get("source") == e.id
        ):
            title = plain_md(pages[rel].title or rel)
            if rel in leave_out:
                links.append(f"{title}（草稿，尚未发布）")
            else:
                links.append(f"[{title}]({posixpath.relpath(rel, posixpath.dirname(here))})")
        out.append("- 本站页面：" + ("、".join(links) or "暂无"))
        if e.revisions:
            out += ["", "修订历史：", "", "| 文号 | 日期 | 被替代日期 | 原始文件 | 修订对照 |", "|---|---|---|---|---|"]
            for r in e.revisions:
                cells = [r.get("number"), r.get("date"), r.get("replaced")]
                report = f"`{r['report']}`" if r.get("report") else "—"
                file = f"`{r['file']}`" if r.get("file") else "—"
                out.append("| " + " | ".join(plain_md(str(c)) if c else "—" for c in cells) + f" | {file} | {report} |")
        out.append("")
    if not out:
        return ""
    head = ["## 原文资料 {#documents}", "", "以下文件由 add-source 命令加入本站，正文逐字照录原件。", ""]
    return "\n".join(head + out).rstrip()


def render_cleaning_steps() -> str:
    return "\n".join(
        [
            "1. 核对原始文件的 SHA-256 校验值，确保原文未被改动。",
            "2. 删除插在汉字后的拼音注音，如 `統(tǒng)` → `統`；正文中原有的括号（如“（社区）”“商（协）会”）保留。",
            "3. 用 OpenCC（t2s 配置）把繁体字转换为简体字。",
            "4. 合并在词语中间断开的两行（见下表“断行合并”），把与正文连在一起的标题断开（见下表“标题与正文分开”）。",
            "5. 按勘误表修复 12 处乱码（见下表“乱码修复”），每处都写明依据。",
            "6. 修正 OpenCC 转换后遗留的用字（见下表“用字修正”）。",
            "7. 把半角标点（, : ; ( ) 等）统一为全角中文标点（GB/T 15834），“5-10年”“3000万元”等保持原样。",
            "8. 检查清洗结果：不得残留拼音、问号乱码、拉丁字母或繁体字；比对各篇，找出重复的篇目。",
        ]
    )


def render_errata_table() -> str:
    # Level 3: the tables sit under "## 勘误表"; a skipped level confuses screen-reader heading lists.
    out = []
    for s in registry.load_sources()[:1]:  # the first source's errata; add-source's are listed with the source
        errata = s.errata
        out += ["### 断行合并 {#errata-joins}", "", "| 篇目 | 断行处 | 说明 |", "|---|---|---|"]
        out += [f"| {j['piece']} | {_code(j['before'] + '⏎' + j['after'])} | {j['reason']} |" for j in errata["joins"]]
        out += [
            "",
            "### 乱码修复 {#errata-garbled}",
            "",
            "| 序号 | 篇目 | 乱码（去拼音、转简体后） | 读作 | 依据 |",
            "|---|---|---|---|---|",
        ]
        out += [
            f"| {e['id']} | {e['piece']} | {_code(e['garbled'])} | {e['reading']} | {e['reason']} |"
            for e in errata["garbled"]
        ]
        out += [
            "",
            "### 用字修正 {#errata-wording}",
            "",
            "| 篇目 | 原转换结果 | 修正为 | 处数 | 说明 |",
            "|---|---|---|---|---|",
        ]
        out += [
            f"| {w['piece']} | {w['wrong']} | {w['right']} | {w.get('count', 1)} | {w['reason']} |"
            for w in errata["wording"]
        ]
    return "\n".join(out)


def render_duplicates() -> str:
    lines = []
    for s in registry.load_sources():
        for d in s.recorded_duplicates():
            later, earlier, ratio = d["later"], d["earlier"], d["ratio"]
            same = "清洗后逐字相同" if ratio == 1.0 else f"清洗后相似度 {ratio:.0%}"
            lines.append(f"- `{s.file.name}` 中的{later}与{earlier}{same}，本站只收录{earlier}。")
    return "\n".join(lines) or "- 未发现重复篇目。"


def render_deploy_file(name: str, language: str) -> str:
    """A configuration file from deploy/, shown verbatim (the tested file is the documented one)."""
    text = (DEPLOY / name).read_text(encoding="utf-8")
    return f"```{language}\n{text.rstrip()}\n```"

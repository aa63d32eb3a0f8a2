"""Provenance page blocks: the sources and checksums, cleaning steps, errata, duplicates."""

from __future__ import annotations

from ..paths import DEPLOY
from ..sources import registry


def _code(text: str) -> str:
    # Garbled text is shown as code so it is visibly a quoted artifact, not content.
    return "`" + text.replace("`", "'") + "`"


def render_sources_table() -> str:
    lines = ["| 文件 | 内容 | SHA-256 |", "|---|---|---|"]
    for s in registry.load_sources():
        lines.append(f"| `{s.file.name}` | {s.title} | `{s.sha256}` |")
    return "\n".join(lines)


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
    for s in registry.load_sources():
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

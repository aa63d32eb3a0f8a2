"""``build.py add-source``: a document an editor received becomes a registered source, its cleaned
text and draft pages (issue 25).

Everything is decided and rendered in memory first; the files are then written through
``kb.output.write_files`` (temporary files beside the targets, moved into place, the new ones
removed again on a failure), sources.yml last, so a refused or failed run leaves the project
as it was.  Every refusal is an :class:`AddError` whose message is Chinese, for the editor.
"""

from __future__ import annotations

import datetime
import os
import posixpath
import re
from pathlib import Path

import yaml

from ..content import schema, yamlpos
from ..output import OutputError, target_problem, write_files
from ..paths import ROOT, sha256
from ..quiz.model import bank_files
from . import clean, registry
from .draft import render_pages
from .read import ReadError, document_text, read_document
from .revision import compare, render_revision
from .structure import Outline, find_structure

KIND_NAMES = {"policy": "政策法规", "duties": "工作职责", "analysis": "分析研究"}
ERRATA_TEMPLATE = """\
# 勘误表：{id} 的清洗结果（sources/cleaned/{id}.txt）中需要改正的地方，由 build.py clean 和 add-source 套用。
# 勘误只改“原文转成文字时出的错”（乱码、错字、断错的行），不改原文本身的用语，也不润色。
# 每条写清改哪段文字、改成什么、依据是什么；wrong 必须在清洗后的文本中恰好出现 count 次（不写为 1 次）。
# 例如：
# - wrong: 社区服务站应当设置服窗口
#   right: 社区服务站应当设置服务窗口
#   reason: PDF 转文字时漏了“务”字，据原件第 3 页补上。
#   count: 1
# 改完后运行 ./run.sh build clean，再运行 ./run.sh build check。
[]
"""


class AddError(Exception):
    """add-source refused or failed; ``str()`` is the Chinese message (one or more lines)."""


def _today() -> str:
    return os.environ.get("KB_TODAY") or datetime.date.today().isoformat()


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _check_options(doc_id: str, category: str, date: str | None, status: str | None) -> None:
    if not re.fullmatch(schema.ID_PATTERN, doc_id or ""):
        raise AddError(f"资料 id“{doc_id}”无效：只能用小写英文字母、数字和连字符，例如 county-service-regulation")
    if category not in schema.SOURCE_CATEGORIES:
        raise AddError(f"--kind 应为以下之一：{'、'.join(schema.SOURCE_CATEGORIES)}")
    if date is not None and (not re.fullmatch(schema.DATE.pattern, date) or schema._real_date(date)):
        raise AddError(f"--date“{date}”不是有效的日期，请写成 2024-03-01 这样的年-月-日")
    if status is not None and status not in schema.SOURCE_STATUSES:
        raise AddError(f"--status 应为以下之一：{'、'.join(schema.SOURCE_STATUSES)}")


def _read(file: Path) -> tuple[bytes, str]:
    try:
        text = document_text(read_document(file))
        return Path(file).read_bytes(), text
    except ReadError as e:
        raise AddError(str(e)) from None
    except OSError as e:  # read_document read it a moment ago
        raise AddError(f"{Path(file).name}：无法打开这个文件（{e.strerror}）") from None


def _entry_text(entry: dict) -> str:
    """One sources.yml list item, indented as the file writes its entries."""
    body = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)
    return "".join("  " + line + "\n" for line in body.splitlines())


def _registry_text(path: Path, entry: dict, replace: registry.Source | None, sources: list) -> str:
    """sources.yml with ``entry`` appended, or put in place of ``replace``'s lines: a text edit,
    so every comment and every other entry stays as the editor wrote it."""
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    if replace is None:
        return text + _entry_text(entry)
    lines = text.split("\n")
    start = replace.line - 1  # the entry's first key, on its "- " line
    later = [s.line for s in sources if s.line > replace.line]
    end = later[0] - 1 if later else len(lines)
    while end - 1 > start and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1  # comments and blank lines before the next entry (or the end) stay where they are
    return "\n".join([*lines[:start], _entry_text(entry).rstrip("\n"), *lines[end:]])


def _page_path(source: str) -> tuple[str, str]:
    """A question's ``source`` (``sources/x.md#article-3``) as (docs-relative page, anchor)."""
    page, _, anchor = source.partition("#")
    return posixpath.normpath(page), anchor


def _norm(text: str) -> str:
    return "".join(re.findall(r"[\u3400-\u9fff0-9A-Za-z]", text))


def flag_questions(root: Path, pages: set[str], changed: set[str], new: Outline, new_text: str) -> list[str]:
    """One 提醒 per question citing a changed or vanished anchor of ``pages`` (or quoting words
    the new text no longer has), at the question's ``source`` in its bank."""
    out = []
    body = _norm(new_text)
    anchors = {u.anchor for u in new.walk()}
    for path in bank_files(root / "quizzes"):
        try:
            doc = yamlpos.load(path.read_text(encoding="utf-8"))
        except (yamlpos.YamlSyntaxError, OSError, UnicodeDecodeError):
            continue  # check reports a broken bank; here only the revision's questions matter
        questions = doc.data.get("questions") if isinstance(doc.data, dict) else None
        for n, q in enumerate(questions if isinstance(questions, list) else []):
            if not isinstance(q, dict) or not isinstance(q.get("source"), str):
                continue
            page, anchor = _page_path(q["source"])
            if page not in pages:
                continue
            quote = q.get("quote") if isinstance(q.get("quote"), str) else ""
            gone = quote and _norm(quote) not in body
            if anchor not in changed and not gone:
                continue
            line, col = doc.where(("questions", n, "source"))
            what = "改写" if anchor in anchors else "删除"
            if anchor not in changed:
                what = "改写（引文在新文中已找不到）"
            cited = f"#{anchor}" if anchor else page
            out.append(
                f"{_rel(path, root)}:{line}:{col}: 提醒：题目 {q.get('id', n + 1)} 引用的 {cited} 在修订中{what}，"
                "请按新文核对引文和答案"
            )
    return out


def _old_name(doc_id: str, old: registry.Source, suffix: str, taken: set[str]) -> str:
    stamp = old.date or old.added or _today()
    name, n = f"{doc_id}.{stamp}{suffix}", 2
    while name in taken:
        name, n = f"{doc_id}.{stamp}-{n}{suffix}", n + 1
    return name


def add_source(
    file: Path,
    id: str,
    title: str | None,
    category: str,
    issuer: str | None = None,
    number: str | None = None,
    date: str | None = None,
    status: str | None = None,
    revision: bool = False,
    root: Path = ROOT,
) -> list[str]:
    """Add (or, with ``revision``, revise) a source; the lines to print.  Raises AddError."""
    doc_id, file = id, Path(file)
    _check_options(doc_id, category, date, status)
    sources_dir, docs = root / "sources", root / "docs"
    sources, problems = registry.load_registry(sources_dir)
    if problems:
        raise AddError("\n".join(str(p) for p in sorted(problems)) + "\n请先改正 sources/sources.yml 中的以上问题。")
    old = next((s for s in sources if s.id == doc_id), None)
    if old is not None and not revision:
        raise AddError(
            f"资料 id“{doc_id}”已经登记（sources/sources.yml 第 {old.line} 行）：添加新资料请换一个 id；"
            "这是它的修订版时加 --revision"
        )
    if old is None and revision:
        raise AddError(f"没有 id 为“{doc_id}”的资料，无法添加修订版：请检查 id，或去掉 --revision 作为新资料添加")
    if old is not None and old.category is None:
        raise AddError(f"“{doc_id}”是本站最初的资料（五篇），不能用 add-source 修订")

    original, text = _read(file)
    suffix = file.suffix.lower()
    try:
        cleaned = clean.clean_document(text, join_lines=suffix in (".txt", ".pdf"))
    except clean.ErrataError as e:  # no errata yet: cannot happen, kept for the message
        raise AddError(str(e)) from None
    outline = find_structure(cleaned.text)
    cleaned_rel = f"sources/cleaned/{doc_id}.txt"
    lines = [f"已读取 {file.name}：{len(cleaned.text.splitlines())} 行文字。"]

    guessed = []
    meta = {"id": doc_id, "category": category}
    for key, given in (("title", title), ("issuer", issuer), ("number", number), ("date", date)):
        value = given or outline.meta.get(key)
        if value:
            meta[key] = value
            if not given:
                guessed.append(key)
    if not meta.get("title"):
        raise AddError(f"{file.name}：没有识别出标题，请用 --title 写明资料标题")
    pages = render_pages(outline, meta, folder="sources")

    # Where everything goes; what must be new is checked before anything is written.
    today = _today()
    target = sources_dir / f"{doc_id}{suffix}"
    files: dict[Path, str | bytes] = {
        target: original,
        sources_dir / "cleaned" / f"{doc_id}.txt": cleaned.text,
    }
    must_be_new = [docs / p for p in pages]
    revisions: list[dict] = []
    report_lines: list[str] = []
    flags: list[str] = []
    removed_pages: list[Path] = []
    if old is None:
        files[sources_dir / f"{doc_id}.errata.yml"] = ERRATA_TEMPLATE.format(id=doc_id)
        must_be_new += list(files)
    else:
        taken = {p.name for p in sources_dir.iterdir()}
        kept = _old_name(doc_id, old, old.file.suffix, taken)
        n = len(old.revisions) + 1
        report_name = f"{doc_id}.revision-{n}.txt"
        old_outline = find_structure(old.cleaned_path.read_text(encoding="utf-8"))
        rev = compare(old_outline, outline)
        report = render_revision(rev)
        files[sources_dir / kept] = old.file.read_bytes()
        files[sources_dir / report_name] = report
        must_be_new += [sources_dir / kept, sources_dir / report_name]
        if target != old.file and target.exists():
            must_be_new.append(target)
        if old.errata:  # the fixes were made against the old text: kept beside it, a new list started
            kept_errata = kept.removesuffix(old.file.suffix) + ".errata.yml"
            files[sources_dir / kept_errata] = old.errata_path.read_bytes()
            must_be_new.append(sources_dir / kept_errata)
        files[sources_dir / f"{doc_id}.errata.yml"] = ERRATA_TEMPLATE.format(id=doc_id)
        revision_entry = {"file": kept, "sha256": old.sha256, "title": old.title}
        revision_entry |= {k: getattr(old, k) for k in ("issuer", "number", "date") if getattr(old, k)}
        revision_entry |= {"replaced": today, "report": report_name}
        if old.errata:
            revision_entry["errata"] = kept_errata
        revisions = [revision_entry, *old.revisions]
        # The source's own pages are rewritten; any other page in the way is not.
        must_be_new = [p for p in must_be_new if not (p.is_relative_to(docs) and _rel(p, docs) in old.pages)]
        removed_pages = [docs / p for p in old.pages if p not in pages and (docs / p).is_file()]
        flags = flag_questions(root, set(old.pages) | set(pages), set(rev.changed_anchors), outline, cleaned.text)
        report_lines = [f"修订对照报告（已写入 sources/{report_name}）：", *report.rstrip("\n").split("\n")]
    for p in pages:
        files[docs / p] = pages[p]

    entry = {"id": doc_id, "file": target.name, "sha256": sha256_bytes(original), "title": meta["title"]}
    entry["category"] = category
    entry |= {k: meta[k] for k in ("issuer", "number", "date") if meta.get(k)}
    entry["status"] = status or "现行"
    entry |= {"added": today, "errata": f"{doc_id}.errata.yml", "cleaned": f"cleaned/{doc_id}.txt"}
    entry["pages"] = list(pages)
    if revisions:
        entry["revisions"] = revisions
    files[sources_dir / "sources.yml"] = _registry_text(sources_dir / "sources.yml", entry, old, sources)

    for path in sorted({p.parent for p in files}):
        path.mkdir(parents=True, exist_ok=True)
    refused = [target_problem(p, "请换一个 id", forceable=False) for p in must_be_new]
    refused = [r for r in refused if r]
    if refused:
        raise AddError("\n".join(refused) + ("\n这是已登记资料的修订版时加 --revision。" if old is None else ""))
    try:
        write_files(files, force=True, elsewhere="请检查 sources/ 和 docs/ 的写入权限")
    except OutputError as e:
        raise AddError(str(e)) from None
    if old is not None and target != old.file:
        old.file.unlink()  # its bytes are kept under the revision's name
    for page in removed_pages:
        page.unlink()

    lines.append(f"已保存原文 sources/{target.name}（SHA-256 {entry['sha256']}）。")
    done = ["繁体转为简体" if cleaned.traditional else "原文是简体，未做繁简转换"]
    if suffix in (".txt", ".pdf"):
        done.append(f"合并断行 {cleaned.joins} 处")
    done.append(f"统一标点 {cleaned.punctuation} 行")
    lines.append(f"已清洗（{'，'.join(done)}）：{cleaned_rel}；勘误表 sources/{doc_id}.errata.yml。")
    lines += [w.format(cleaned_rel).replace(": ", ": 提醒：", 1) for w in outline.warnings]
    found = [
        (k, n)
        for k, n in (("part", "编"), ("chapter", "章"), ("section", "节"), ("article", "条"), ("annex", "个附件"))
    ]
    counts = [
        f"{sum(u.kind == k for u in outline.walk())} {n}" for k, n in found if any(u.kind == k for u in outline.walk())
    ]
    lines.append(
        f"识别出 {sum(1 for _ in outline.walk())} 个带锚点的单元"
        + (f"（{'、'.join(counts)}）" if counts else "")
        + "。"
    )
    labels = {"title": "标题", "issuer": "发文机关", "number": "文号", "date": "日期"}
    for key, label in labels.items():
        if meta.get(key):
            how = "从原文识别，请核对" if key in guessed else "按命令行参数"
            lines.append(f"{label}：{meta[key]}（{how}）")
        elif key != "title":
            lines.append(f"{label}：原文未注明（可用 --{key} 写明）")
    lines.append(f"类别：{KIND_NAMES[category]}；效力：{entry['status']}。")
    lines.append("已生成草稿页面：" + "、".join(f"docs/{p}" for p in pages))
    if removed_pages:
        lines.append("已删除新版不再有的页面：" + "、".join(_rel(p, root) for p in removed_pages))
    lines.append(("已更新" if old else "已登记到") + " sources/sources.yml。")
    lines += report_lines + flags
    if old is not None:
        lines.append(f"旧版原文保存为 sources/{revisions[0]['file']}，列在 sources.yml 的 revisions 下。")
        lines.append("修订版的页面重新生成为草稿（draft: true），编辑要重新核对后才会发布。")
    lines += [
        "下一步：",
        "  1. 运行 ./run.sh build serve，在预览中打开上面的草稿页面，对照原件核对标题层级、锚点和发文信息；",
        "  2. 需要改正的转换错误写进 sources/" + f"{doc_id}.errata.yml，再运行 ./run.sh build clean；",
        "  3. 核对无误后删去页面开头的 draft: true；",
        "  4. 运行 ./run.sh build check，再运行 ./run.sh build 发布。",
    ]
    return lines


def sha256_bytes(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


__all__ = ["AddError", "add_source", "flag_questions", "sha256"]

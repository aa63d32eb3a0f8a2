"""The one definition of every YAML schema: page front matter, question banks, the shortfall
registry and the search data (search/synonyms.yml, search/keywords.yml).

A schema is a dict of :class:`Field`.  ``validate`` walks a :class:`~kb.yamlpos.Located`
document against it and reports every problem with its position, in Chinese, saying how
to fix it.  ``to_json_schema`` turns the same definition into a JSON Schema for editors.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..search.text import normalize
from . import text
from .problems import Problem
from .yamlpos import Located

TYPE_NAMES = {str: "文本", list: "列表", dict: "键值表", bool: "是/否（true/false）", int: "整数", object: "任意值"}

# What YAML turned an unquoted value into, and what the author probably meant.
IMPLICIT = {
    "tag:yaml.org,2002:bool": "YAML 把 yes/no/on/off/true/false 读作布尔值",
    "tag:yaml.org,2002:float": "YAML 把它读作小数（例如 1.10 会变成 1.1）",
    "tag:yaml.org,2002:int": "YAML 把它读作数字",
    "tag:yaml.org,2002:null": "值为空（YAML 把 ~、null 或留空读作“无”）",
    "tag:yaml.org,2002:timestamp": "YAML 把它读作日期",
}


@dataclass
class Field:
    type: type
    required: bool = False
    help: str = ""
    choices: tuple[str, ...] | None = None
    pattern: str | None = None
    pattern_help: str = ""
    items: Field | dict[str, Field] | None = None  # for lists: element field or sub-schema
    fields: dict[str, Field] | None = None  # for dicts
    values: Field | None = None  # for dicts whose keys the author chooses (keywords.yml): every value
    min_items: int = 0  # for lists
    unique: bool = False  # for lists: no item twice (compared through the items' ``same``)
    same: Callable[[str], str] | None = None  # for strings: what ``unique`` compares (normalised)
    rule: Callable[[str], str] | None = None  # for strings: one more check, "" or the message
    example: str = ""  # how to write it, shown after a value of the wrong type


@dataclass
class Report:
    path: str
    doc: Located
    problems: list[Problem] = field(default_factory=list)

    def add(self, where: tuple[int, int], message: str) -> None:
        self.problems.append(Problem(self.path, where[0], where[1], message))

    def warn(self, where: tuple[int, int], message: str) -> None:
        self.problems.append(Problem(self.path, where[0], where[1], message, warning=True))


ORDINALS = {
    "questions": "第{}题",
    "terms": "第{}个术语",
    "items": "第{}个条目",
    "shortfalls": "第{}个短板",
    "passages": "第{}段原文",
    "groups": "第{}个同义词组",
    "intents": "第{}个意图",
}


def _label(path: tuple) -> str:
    """A path a trainer can read: ("questions", 2, "answer") -> 第3题的 answer."""
    parts: list[str] = []
    for i, p in enumerate(path):
        if isinstance(p, int):
            key = str(path[i - 1]) if i else ""
            if key in ORDINALS:
                parts[-1] = ORDINALS[key].format(p + 1)
            else:
                parts[-1:] = [f"{parts[-1] if parts else ''}第{p + 1}项"]
        else:
            parts.append(f"`{p}`")
    if not parts:
        return "（顶层）"
    return "的".join(parts)


def validate(report: Report, schema: dict[str, Field] | Field, path: tuple = ()) -> None:
    """``schema``: the fields of a mapping, or one Field for the whole document (keywords.yml)."""
    data = _get(report.doc.data, path)
    if not path:
        # Every string of the document, whatever its field (one rule, not one per field).
        text.check_strings(
            data,
            lambda p, message: report.add(report.doc.where(p), message),
            lambda p, message: report.warn(report.doc.where(p), message),
            _label,
        )
    if isinstance(schema, Field):
        validate_value(report, schema, path)
        return
    if not isinstance(data, dict):
        report.add(report.doc.where(path), f"{_label(path)} 应为键值表（key: value 的形式）")
        return
    for key in data:
        if key not in schema:
            guess = difflib.get_close_matches(str(key), list(schema), n=1, cutoff=0.6)
            hint = f"，是否想写 `{guess[0]}`？" if guess else f"。可用的字段：{'、'.join(schema)}"
            report.add(report.doc.where_key((*path, key)), f"未知字段 `{key}`{hint}")
    for key, spec in schema.items():
        if key not in data:
            if spec.required:
                what = f"（{spec.help}）" if spec.help else ""
                report.add(report.doc.where(path), f"缺少必填字段 `{key}`{what}，请补上")
            continue
        validate_value(report, spec, (*path, key))
    _duplicate_keys(report, path)


def _duplicate_keys(report: Report, path: tuple) -> None:
    for dup in report.doc.duplicate_keys:
        if dup[:-1] == path:
            report.add(report.doc.where_key(dup), f"字段 `{dup[-1]}` 重复出现，只保留一个")


def validate_value(report: Report, spec: Field, path: tuple) -> None:
    value = _get(report.doc.data, path)

    # Positions and labels are computed only for a problem: for every value they would cost
    # more than the check itself at 10,000 questions.
    def problem(message: str) -> None:
        report.add(report.doc.where(path), f"{_label(path)} {message}")

    if not isinstance(value, spec.type) or (spec.type is int and isinstance(value, bool)):
        why = IMPLICIT.get(report.doc.tag(path), "")
        hint = f"：{why}，如要写成文本请加引号" if why and spec.type is str else ""
        if not hint and spec.example:
            hint = f"，请写成 {spec.example}"
        problem(f"应为{TYPE_NAMES[spec.type]}，实际是 {value!r}{hint}")
        return
    if spec.type is str:
        if not value.strip():
            problem("不能为空")
        elif spec.choices and value not in spec.choices:
            problem(f"的值“{value}”无效，应为以下之一：{'、'.join(spec.choices)}")
        elif spec.pattern and not re.fullmatch(spec.pattern, value):
            problem(f"的值“{value}”格式不对：{spec.pattern_help or spec.pattern}")
        elif spec.rule and spec.rule(value):
            problem(spec.rule(value))
    elif spec.type is list:
        if len(value) < spec.min_items:
            what = f"（{spec.help}）" if spec.help else ""
            problem(f"至少要有 {spec.min_items} 项，现在只有 {len(value)} 项{what}")
        if spec.items is not None:
            for i in range(len(value)):
                if isinstance(spec.items, dict):
                    validate(report, spec.items, (*path, i))
                else:
                    validate_value(report, spec.items, (*path, i))
        if spec.unique:
            _unique(report, spec, path, value)
    elif spec.type is dict and spec.fields is not None:
        validate(report, spec.fields, path)
    elif spec.type is dict and spec.values is not None:
        for key in value:
            validate_value(report, spec.values, (*path, key))
        _duplicate_keys(report, path)


def _unique(report: Report, spec: Field, path: tuple, value: list) -> None:
    """Each item that repeats an earlier one (strings compared through the items' ``same``)."""
    same = spec.items.same if isinstance(spec.items, Field) and spec.items.same else (lambda x: x)
    first: dict = {}
    for i, item in enumerate(value):
        if not isinstance(item, str):
            continue
        key = same(item)
        if key in first:
            where = (*path, i)
            report.add(report.doc.where(where), f"{_label(where)} “{item}”与第{first[key] + 1}项重复，请删去一个")
        elif key:
            first[key] = i


def _get(data, path: tuple):
    for p in path:
        data = data[p]
    return data


def to_json_schema(schema: dict[str, Field] | Field) -> dict:
    """JSON Schema (draft 2020-12) for editors, generated from the same definition."""

    def one(spec: Field) -> dict:
        types = {
            str: "string",
            list: "array",
            dict: "object",
            bool: "boolean",
            int: "integer",
            object: ["string", "array"],
        }
        out: dict = {"type": types[spec.type]}
        if spec.help:
            out["description"] = spec.help
        if spec.choices:
            out["enum"] = list(spec.choices)
        if spec.pattern:
            out["pattern"] = f"^(?:{spec.pattern})$"
        if spec.items is not None:
            out["items"] = obj(spec.items) if isinstance(spec.items, dict) else one(spec.items)
        if spec.min_items:
            out["minItems"] = spec.min_items
        if spec.unique:
            out["uniqueItems"] = True
        if spec.fields is not None:
            out.update(obj(spec.fields))
        if spec.values is not None:
            out["additionalProperties"] = one(spec.values)
        return out

    def obj(fields: dict[str, Field]) -> dict:
        return {
            "type": "object",
            "properties": {k: one(v) for k, v in fields.items()},
            "required": [k for k, v in fields.items() if v.required],
            "additionalProperties": False,
        }

    whole = one(schema) if isinstance(schema, Field) else obj(schema)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **whole}


# --- page front matter -------------------------------------------------------------------

ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
ID_HELP = "只能用小写英文字母、数字和连字符，例如 problem-1"
PIECE = Field(
    str,
    required=True,
    help="出处篇目，例如 第一篇",
    pattern=r"第[一二三四五六七八九十]+篇",
    pattern_help="应写成“第一篇”这样的篇目",
)
DOCUMENT_CATEGORIES = ("policy", "duties", "analysis")
THEMES = ("队伍建设", "体制机制", "思想认识", "工作方法", "经济领域", "民族宗教", "工作网络")
KINDS = ("home", "overview", "duty", "analysis", "principle", "role", "glossary", "provenance", "guide", "document")

ANALYSIS_ITEM = {
    "id": Field(
        str,
        required=True,
        help="条目锚点",
        pattern=r"(finding|problem|measure)-[0-9]+",
        pattern_help="应为 finding-N、problem-N 或 measure-N",
    ),
    "type": Field(str, required=True, help="条目类型", choices=("finding", "problem", "measure")),
    "theme": Field(str, help="问题所属主题（问题必填）", choices=THEMES),
    "answers": Field(
        list, help="对策所回应的问题 id（对策必填）", items=Field(str, pattern=ID_PATTERN, pattern_help=ID_HELP)
    ),
}
GLOSSARY_TERM = {
    "term": Field(str, required=True, help="术语或简称"),
    "id": Field(
        str,
        required=True,
        help="锚点，例如 term-tongzhan",
        pattern=r"term-[a-z0-9]+(?:-[a-z0-9]+)*",
        pattern_help="应以 term- 开头，只用小写英文字母、数字和连字符",
    ),
    "full": Field(str, required=True, help="全称或简短解释，作为悬停提示"),
    "definition": Field(str, required=True, help="释义"),
    "source": Field(str, help="原文出处链接，例如 analyses/township-survey-2004.md#finding-5"),
    "editor": Field(bool, help="释义超出原文时设为 true，显示为编者按"),
}

COMMON = {
    "kind": Field(str, required=True, help="页面类型", choices=KINDS),
    "title": Field(str, required=True, help="页面标题"),
    "description": Field(str, help="页面摘要"),
}
PAGE_SCHEMAS: dict[str, dict[str, Field]] = {
    "home": COMMON,
    "overview": COMMON,
    "provenance": COMMON,
    "guide": COMMON,
    "principle": COMMON,
    "duty": {**COMMON, "role": Field(str, required=True, help="角色名称"), "source": PIECE},
    "role": {**COMMON, "role": Field(str, required=True, help="角色名称")},
    "analysis": {
        **COMMON,
        "source": PIECE,
        "also_in": Field(
            list, help="与本篇重复的篇目", items=Field(str, pattern=PIECE.pattern, pattern_help=PIECE.pattern_help)
        ),
        "items": Field(list, required=True, help="带锚点的条目", items=ANALYSIS_ITEM),
    },
    "glossary": {**COMMON, "terms": Field(list, required=True, help="术语列表", items=GLOSSARY_TERM)},
    # A page made from a registered document by add-source (issue 25); check/documents.py checks
    # that ``source`` names an entry of sources/sources.yml.
    "document": {
        **COMMON,
        "source": Field(
            str,
            required=True,
            help="来源文件的 id（sources/sources.yml 中的 id）",
            pattern=ID_PATTERN,
            pattern_help=ID_HELP,
        ),
        "category": Field(
            str,
            required=True,
            help="文件类别：policy 政策法规、duties 工作职责、analysis 调研分析",
            choices=DOCUMENT_CATEGORIES,
        ),
        "draft": Field(bool, help="草稿：编辑核对前为 true，只在本机预览中显示，不发布"),
    },
}


# --- question banks ------------------------------------------------------------------------

QUESTION_TYPES = {"single": "单选题", "multiple": "多选题", "judge": "判断题", "blank": "填空题"}
# 认知层次: 识记 recall a phrase, number or name; 理解 why / what it means / tell concepts apart;
# 应用 use the source on a situation (docs/guide/quiz-authoring.md explains each with examples).
LEVELS = ("识记", "理解", "应用")
SOURCE_HELP = "证明答案的页面和锚点（docs/ 下的路径），例如 duties/township-officer.md#duty-1"

QUESTION = {
    "id": Field(str, required=True, help="题目 id，在本题库内唯一", pattern=ID_PATTERN, pattern_help=ID_HELP),
    "type": Field(
        str,
        required=True,
        help="题型：single 单选、multiple 多选、judge 判断、blank 填空",
        choices=tuple(QUESTION_TYPES),
    ),
    "level": Field(
        str,
        required=True,
        help="认知层次：识记、理解或应用，见出题指南",
        choices=LEVELS,
    ),
    "stem": Field(str, required=True, help="题干（可用行内 Markdown）；填空题用 ___ 表示空格"),
    "options": Field(list, help="选项（单选 2–8 个，多选 3–8 个；判断题和填空题不写）", items=Field(str)),
    # answer's type depends on the question type: checked in kb.quiz.rules, not here.
    "answer": Field(object, required=True, help="答案：单选 A；多选 ACD；判断 对/错；填空为列表"),
    "explanation": Field(str, required=True, help="解析：说明为什么，最好引用原文"),
    "source": Field(str, required=True, help=SOURCE_HELP),
    "quote": Field(str, help="证明答案的原文，必须与出处段落中的文字完全一致"),
    "any_order": Field(bool, help="填空题有两个或以上的空、各空答案可以互换顺序时写 true"),
    "covers": Field(
        list,
        help="本题针对的培训短板 id；不写则沿用题库的 covers",
        items=Field(str, pattern=ID_PATTERN, pattern_help=ID_HELP),
    ),
    "tags": Field(list, help="标签", items=Field(str)),
    "difficulty": Field(str, help="难度", choices=("易", "中", "难")),
    "audience": Field(list, help="本题适用岗位；不写则沿用题库的 audience", items=Field(str)),
    # Questions citing the same passage form one group (a paper, exam or review draws one of
    # each); ``group`` joins questions citing different passages or splits one passage's.
    "group": Field(
        str,
        help="同组题目（考试和试卷每组只抽一题）；不写则按出处段落自动分组",
        pattern=ID_PATTERN,
        pattern_help=ID_HELP,
    ),
}
BANK = {
    "title": Field(str, required=True, help="题库标题"),
    "description": Field(str, help="题库说明"),
    "audience": Field(list, help="适用岗位", items=Field(str)),
    "covers": Field(
        list,
        required=True,
        help="针对的培训短板 id（见 quizzes/shortfalls.yml）",
        items=Field(str, pattern=ID_PATTERN, pattern_help=ID_HELP),
    ),
    "questions": Field(list, required=True, help="题目列表", items=QUESTION),
}
SHORTFALL_REGISTRY = {
    "shortfalls": Field(
        list,
        required=True,
        help="培训短板列表",
        items={
            "id": Field(str, required=True, help="短板 id", pattern=ID_PATTERN, pattern_help=ID_HELP),
            "title": Field(str, required=True, help="短板标题"),
            "passages": Field(
                list,
                required=True,
                help="指出该短板的原文段落",
                items={
                    "source": Field(str, required=True, help=SOURCE_HELP),
                    "quote": Field(str, required=True, help="原文"),
                },
            ),
        },
    )
}


# --- search data (search/synonyms.yml, search/keywords.yml) ----------------------------------

# The kinds of passage the search shows (engine.js: KINDS, PAGE_KINDS and DOC_KINDS give them to
# sections); an intent of search/synonyms.yml names some of them.  条文: the passages of a
# policy document added by add-source (issue 25), what 「…有什么规定」 asks for.
SEARCH_KINDS = ("职责", "问题", "对策", "原则", "术语", "题目", "情境", "清单", "岗位", "条文")
MAX_KEYWORD = 12  # characters: a longer "keyword" is a sentence, which the passage would say itself


def _word(what: str = "", longest: int = 0) -> Callable[[str], str]:
    """The rule on one search word, compared as the search compares it (``normalize``):
    ``what`` (同义词, 检索词) forbids a single character, which matches almost everywhere."""

    def rule(value: str) -> str:
        word = normalize(value)
        if not word:
            return "应为一个词（文字），不能只有标点或空格"
        if what and len(word) < 2:
            return f"“{value}”只有一个字：单字几乎处处出现，不能作{what}"
        if longest and len(word) > longest:
            return f"“{value}”太长（超过 {longest} 个字）：{what}应是读者会输入的词或短语"
        return ""

    return rule


def _words(help: str, what: str = "", min_items: int = 0, longest: int = 0, example: str = "", required=False) -> Field:
    """A list of search words, none twice."""
    item = Field(str, rule=_word(what, longest), same=normalize)
    return Field(list, required, help, items=item, min_items=min_items, unique=True, example=example)


SYNONYMS = {
    "groups": Field(
        list,
        help="同义词组：每组是意思相同的几个词，搜索其中一个也能找到其他",
        items=_words("两个或以上意思相同的词", "同义词", min_items=2, example="[撤销, 撤消]"),
        example="每行一组的列表，如 - [撤销, 撤消]",
    ),
    "ignore": _words("可忽略的疑问词、虚词", example="[怎么, 什么]"),
    "intents": Field(
        list,
        help="疑问词所问的段落类型",
        items={
            "words": _words("疑问词", min_items=1, example="[干什么, 做什么]", required=True),
            "kinds": Field(
                list,
                required=True,
                help="段落类型",
                min_items=1,
                unique=True,
                items=Field(str, choices=SEARCH_KINDS),
                example="[职责, 岗位]",
            ),
        },
        example="{words: [疑问词, …], kinds: [段落类型, …]} 的列表",
    ),
    "lists": _words("问整张清单的词", example="[有哪些, 几条]"),
}
KEYWORDS = Field(
    dict,
    help="检索词：页面.md#锚点 → 读者会输入、而段落原文没有的词",
    values=_words("检索词", "检索词", min_items=1, longest=MAX_KEYWORD, example="[信访, 群众来访]"),
    example="“页面.md#锚点: [检索词, …]”的键值表，如 duties/township-officer.md#duty-3: [信访]",
)


def validate_file(path, name: str, spec: dict[str, Field] | Field) -> tuple[Located | None, list[Problem]]:
    """(document, problems) of a small project YAML file (the search data) read through the one
    reader and validated against ``spec``; (None, [the problem]) when it cannot be read.  An
    empty file is a document of no data and no problems."""
    from . import yamlpos
    from .safe_read import MIB, read_text_file

    try:
        doc = yamlpos.load(read_text_file(path, MIB))
    except yamlpos.YamlSyntaxError as e:
        return None, [Problem(name, e.line, e.col, e.message)]
    if doc.data is None:
        return doc, []
    report = Report(name, doc)
    validate(report, spec)
    return doc, report.problems


# --- the source registry (sources/sources.yml, issue 25) -------------------------------------


def _real_date(value: str) -> str:
    import datetime

    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return f"“{value}”不是有效的日期，请写成 2024-03-01 这样的年-月-日"
    return ""


SOURCE_CATEGORIES = ("policy", "duties", "analysis")
SOURCE_STATUSES = ("现行", "已修订", "已废止")
DATE = Field(
    str,
    help="日期，例如 2024-03-01",
    pattern=r"\d{4}-\d{2}-\d{2}",
    pattern_help="应写成 2024-03-01 这样的年-月-日",
    rule=_real_date,
)
SHA256 = Field(
    str, required=True, help="原文的 SHA-256 校验值", pattern=r"[0-9a-f]{64}", pattern_help="应为 64 位小写十六进制数"
)
SOURCE_FILE_NAME = Field(
    str, required=True, help="sources/ 下的文件名", pattern=r"[^/\\]+", pattern_help="只写文件名，不带文件夹"
)
SOURCE_REVISION = {
    "file": SOURCE_FILE_NAME,
    "sha256": SHA256,
    "title": Field(str, help="该版本的标题"),
    "issuer": Field(str, help="发文机关"),
    "number": Field(str, help="文号"),
    "date": DATE,
    "replaced": Field(
        str,
        required=True,
        help="被新版本取代的日期",
        pattern=DATE.pattern,
        pattern_help=DATE.pattern_help,
        rule=_real_date,
    ),
    "report": Field(str, help="修订对照报告（sources/ 下的文件名）"),
    "errata": Field(str, help="该版本的勘误表（sources/ 下的文件名）"),
}
SOURCE_ENTRY = {
    "id": Field(str, help="资料 id（add-source 的 --id）；不写则取文件名", pattern=ID_PATTERN, pattern_help=ID_HELP),
    "file": SOURCE_FILE_NAME,
    "sha256": SHA256,
    "title": Field(str, required=True, help="资料标题"),
    "category": Field(
        str, help="资料类别：policy 政策法规、duties 工作职责、analysis 分析研究", choices=SOURCE_CATEGORIES
    ),
    "issuer": Field(str, help="发文机关"),
    "number": Field(str, help="文号，例如 某发〔2024〕3号"),
    "date": DATE,
    "status": Field(str, help="效力状态", choices=SOURCE_STATUSES),
    "status_date": DATE,
    "replaced_by": Field(str, help="取代它的文件（已修订、已废止时）"),
    "added": DATE,
    "errata": Field(str, required=True, help="勘误表（sources/ 下的文件名）"),
    "cleaned": Field(str, required=True, help="清洗后的文本，例如 cleaned/ID.txt"),
    "pages": Field(
        list,
        help="由它生成的页面（docs/ 下的路径）",
        items=Field(str, pattern=r"[^\\]+\.md", pattern_help="应为 docs/ 下的 .md 路径，例如 sources/ID.md"),
    ),
    "revisions": Field(list, help="较早的版本，新的在前", items=SOURCE_REVISION),
}
ORDINALS["sources"] = "第{}份资料"  # problems read 第2份资料的 `date` …
SOURCES_FILE = {"sources": Field(list, required=True, help="资料列表", items=SOURCE_ENTRY, min_items=1)}

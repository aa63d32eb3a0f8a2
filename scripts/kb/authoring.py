"""Files written for authors: the new-bank template and the editor schemas."""

from __future__ import annotations

import json

from .content import schema

NEW_BANK = """\
# 自测题库：{id}
# 写法见网站“关于本站 → 出题指南”。写完后运行：python scripts/build.py check quizzes/{id}.yml
title: 请填写题库标题
description: 请用一句话说明本题库检验什么。
audience: [乡镇统战干事]          # 适用岗位，可写多个
covers: [duties]                  # 针对的培训短板 id，见 quizzes/shortfalls.yml
questions:
  - id: example-single            # 单选题
    type: single
    level: 识记                    # 层次：识记、理解 或 应用（见出题指南）
    stem: 乡镇统战干事在谁的领导下，负责处理本乡镇的统战工作日常事务？
    options: [统战委员, 乡镇党委书记, 县委统战部部长, 村党支部书记]
    answer: A
    explanation: 职责第1条：“在统战委员的领导下，负责处理本乡镇的统战工作日常事务。”
    source: duties/township-officer.md#duty-1
    quote: 在统战委员的领导下，负责处理本乡镇的统战工作日常事务

  - id: example-multiple          # 多选题：答案写两个或以上字母
    type: multiple
    level: 识记
    stem: 按照工作职责，乡镇统战干事要熟悉哪些方面？
    options: [统战工作理论、方针、政策, 统战工作方法, 本地统一战线成员的基本情况, 本地气象资料]
    answer: ABC
    explanation: 职责第2条要求熟悉统战工作理论、方针、政策，统战工作方法，本地统一战线成员的基本情况和本地统战工作状况。
    source: duties/township-officer.md#duty-2
    quote: 熟悉统战工作理论、方针、政策，熟悉统战工作方法

  - id: example-judge             # 判断题：答案写 对 或 错
    type: judge
    level: 识记
    stem: 乡镇统战干事负责统战工作信息的上报工作。
    answer: 对
    explanation: 职责第7条：“负责统战工作信息的上报工作。”
    source: duties/township-officer.md#duty-7
    quote: 负责统战工作信息的上报工作

  - id: example-blank             # 填空题：题干中每个 ___ 是一个空，答案每个空一项
    type: blank
    level: 识记
    stem: 乡镇统战干事负责起草统战工作本地工作计划、___、报告等文件。
    answer: [总结]
    explanation: 职责第4条：“负责起草统战工作本地工作计划、总结、报告等文件。”
    source: duties/township-officer.md#duty-4
    quote: 负责起草统战工作本地工作计划、总结、报告等文件
"""


def new_bank(bank_id: str) -> str:
    return NEW_BANK.format(id=bank_id)


def json_schemas() -> dict[str, str]:
    """Editor schemas, generated from kb.content.schema (a test keeps the committed files in sync)."""
    bank = schema.to_json_schema(schema.BANK)
    bank["title"] = "基层统战工作培训知识库 · 自测题库"
    registry = schema.to_json_schema(schema.SHORTFALL_REGISTRY)
    registry["title"] = "基层统战工作培训知识库 · 培训短板登记表"
    synonyms = schema.to_json_schema(schema.SYNONYMS)
    synonyms["title"] = "基层统战工作培训知识库 · 搜索同义词与疑问词"
    keywords = schema.to_json_schema(schema.KEYWORDS)
    keywords["title"] = "基层统战工作培训知识库 · 搜索检索词"
    dump = lambda d: json.dumps(d, ensure_ascii=False, indent=2) + "\n"  # noqa: E731
    return {
        "schemas/quiz-bank.schema.json": dump(bank),
        "schemas/shortfalls.schema.json": dump(registry),
        "schemas/search-synonyms.schema.json": dump(synonyms),
        "schemas/search-keywords.schema.json": dump(keywords),
    }


VSCODE_SETTINGS = {
    "yaml.schemas": {
        "./schemas/quiz-bank.schema.json": ["quizzes/*.yml", "!quizzes/shortfalls.yml"],
        "./schemas/shortfalls.schema.json": ["quizzes/shortfalls.yml"],
        "./schemas/search-synonyms.schema.json": ["search/synonyms.yml"],
        "./schemas/search-keywords.schema.json": ["search/keywords.yml"],
    },
    "files.encoding": "utf8",
}

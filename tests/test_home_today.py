"""The home page's 今日学习 panel as built (issue 21, item 6): the role choice as plain links, and
each role's 学习步骤 as data whose links lead to real anchors of the site."""

from __future__ import annotations

import html
import json
import posixpath
import re

from kb.content.pages import load_page
from kb.render import quiz_blocks
from kb.render.blocks import BLOCKS
from kb.site import load_site

SITE = load_site()
HOME = SITE.pages["index.md"]


def panel() -> str:
    return BLOCKS["continue"](SITE, HOME)


def roles_data(text: str) -> list[dict]:
    return json.loads(html.unescape(re.search(r'data-roles="([^"]*)"', text).group(1)))


def test_the_panel_comes_first_and_the_editor_notes_follow_it_unchanged():
    body = HOME.body
    assert body.lstrip().startswith("## 今日学习 {#today}\n\n<!-- kb:continue -->")
    notes = re.findall(r'^!!! note "编者按"\n\n    (.+)$', body, re.M)
    assert len(notes) == 2
    assert notes[0].startswith("本站依据五篇基层统战工作材料整理而成") and notes[1].startswith("现行规定为准：")
    assert body.index("<!-- kb:continue -->") < body.index('!!! note "编者按"') < body.index("## 按角色学习")


def test_the_role_choice_is_plain_links_in_the_home_pages_order():
    text = panel()
    assert "hidden" not in text.split("<link", 1)[0]  # shown as built, without JavaScript
    links = re.findall(r'<li><a href="([^"]+)" data-role="([^"]+)">([^<]+)</a></li>', text)
    assert links == [
        ("roles/township-officer.html", "乡镇统战干事", "我是乡镇统战干事"),
        ("roles/village-liaison.html", "村（社区）统战联络员", "我是村（社区）统战联络员"),
        ("roles/township-committee-member.html", "乡镇统战委员", "我是乡镇统战委员"),
        ("roles/county-department.html", "县级统战部", "我是县级统战部干部"),
    ]
    # The name stored is the one the banks and ?role= use (the role page's `role`).
    for href, name, _title in links:
        assert SITE.pages[href.removesuffix(".html") + ".md"].meta["role"] == name


def test_each_roles_steps_are_its_pages_list_with_links_to_real_anchors():
    for role in roles_data(panel()):
        page = SITE.pages[role["h"].removesuffix(".html") + ".md"]
        listed = re.findall(r"^\d+\. (.+)$", page.body.split("{#path}", 1)[1].split("\n## ", 1)[0], re.M)
        assert len(role["s"]) == len(listed) >= 5, role["r"]
        for step, source in zip(role["s"], listed, strict=True):
            shown = "".join(p if isinstance(p, str) else p[0] for p in step)
            assert shown == re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", source)
            for text, href in (p for p in step if not isinstance(p, str)):
                target, _, anchor = href.partition("#")
                linked = SITE.pages[target.removesuffix(".html") + ".md"]
                assert not anchor or anchor in linked.anchors, (role["r"], text, href)


def test_step_links_are_made_relative_to_the_page_showing_them(tmp_path):
    (tmp_path / "roles").mkdir()
    (tmp_path / "roles" / "r.md").write_text(
        "---\nkind: role\ntitle: 甲\nrole: 甲\n---\n\n## 学习步骤 {#path}\n\n"
        "1. 读[职责](../duties/a.md#duty-1)和[本页](#path)。\n2. 查阅[术语表](../glossary.md)\n\n## 其他 {#other}\n\n3. 不算\n",
        encoding="utf-8",
    )
    role = load_page(tmp_path / "roles" / "r.md", tmp_path)
    home = load_page(tmp_path / "roles" / "r.md", tmp_path)
    home.rel = "index.md"
    assert quiz_blocks.role_steps(home, role) == [
        ["读", ["职责", "duties/a.html#duty-1"], "和", ["本页", "roles/r.html#path"], "。"],
        ["查阅", ["术语表", "glossary.html"]],
    ]
    assert posixpath.basename(quiz_blocks.role_steps(role, role)[0][1][1]) == "a.html#duty-1"
    role.anchors.pop("path")
    assert quiz_blocks.role_steps(home, role) == []

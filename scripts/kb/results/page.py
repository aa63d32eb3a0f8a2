"""The 班级成绩 page (``<!-- kb:class-results -->``): the trainer's way to sum up a class without a
terminal.  The page loads quiz.js (grading helpers), exam-data.js (every bank), exam.js (the
成绩文件 checksum) and class-results.js, which does in the browser what ``build.py results`` does."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..render.links import asset
from ..render.quiz_blocks import ASSET_DIR, exam_assets

if TYPE_CHECKING:
    from ..content.pages import Page


def render_class_results(here: Page) -> str:
    script = asset(here.rel, ASSET_DIR) + "/class-results.js"
    return (
        '<div class="kb-class"><p class="kb-quiz__notice">班级成绩汇总需要浏览器启用 JavaScript。'
        "成绩文件只在本机浏览器中读取，不会上传。</p></div>"
        + exam_assets(here)
        + f'<script src="{script}" defer></script>'
    )

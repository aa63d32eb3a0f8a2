"""Our scripts and styles ship minified (kb/ship/minify.py); Material's and vendored files as
they are.  The browser tests run the minified files, so they prove the code still works."""

from __future__ import annotations

from kb.ship import minify


def test_only_our_own_scripts_and_styles_are_minified():
    ours = [
        "assets/quiz/quiz.js",
        "assets/quiz/quiz.css",
        "assets/quiz/readaloud.js",
        "assets/css/kb.css",
        "assets/javascripts/kb-a11y.js",
        "assets/javascripts/kb-search/engine.js",
    ]
    theirs = [
        "assets/quiz/vendor/qrcode.js",
        "assets/javascripts/bundle.a5f9d56c.min.js",
        "assets/stylesheets/main.484c7ddc.min.css",
        "assets/javascripts/lunr/min/lunr.zh.min.js",
        "search/index.js",
        "quizzes/exam-data.js",
    ]
    assert [p for p in ours if not minify.OURS.match(p)] == []
    assert [p for p in theirs if minify.OURS.match(p)] == []


def test_comments_go_licences_stay_and_code_is_untouched():
    js = '/* why */\nvar re = /a\\/b*c/g; // note\n/*! Licence: MIT */\nvar s = "/* not a comment */";\n'
    out = minify.minify(js, "js")
    assert "why" not in out and "note" not in out
    assert "/*! Licence: MIT */" in out
    assert "re=/a\\/b*c/g" in out and '"/* not a comment */"' in out
    css = "/* why */\n.a  { color : red ; }\n/*! kept */\n"
    assert minify.minify(css, "css") == ".a{color:red}/*! kept */"

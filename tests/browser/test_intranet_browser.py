"""Intranet delivery: every page crawled makes zero requests outside the site, over HTTP and
from file://; the documented nginx configuration serves the site; no JavaScript still reads."""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
import time
import urllib.request
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
from playwright.sync_api import expect

from helpers.browser import PHONE, Recorder, free_port

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


def crawl(browser, start: str, loaded: set[str] | None = None) -> tuple[set[str], list[tuple[str, str]]]:
    """Follow every in-site link from ``start``; (pages visited, [(page, outside request)]).

    ``loaded`` (if given) collects every in-site path the pages requested.
    """
    context = browser.new_context()
    page = context.new_page()
    base = urlparse(start)
    root = start.rsplit("/", 1)[0] + "/"
    current = {"url": start}
    outside: list[tuple[str, str]] = []

    def on_request(request):
        u = urlparse(request.url)
        if u.scheme in ("data", "blob", "about"):
            return
        if (u.scheme, u.netloc) != (base.scheme, base.netloc) or not request.url.startswith(root):
            outside.append((current["url"], request.url))
        elif loaded is not None:
            loaded.add(urldefrag(request.url)[0][len(root) :].split("?")[0])

    page.on("request", on_request)
    seen: set[str] = set()
    queue = deque([start])
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        current["url"] = url
        page.goto(url)
        page.wait_for_load_state("load")
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            target = urldefrag(urljoin(url, href))[0]
            if target.startswith(root) and target.endswith(".html") and target not in seen:
                queue.append(target)
    context.close()
    return seen, outside


def expected_pages(site: Path) -> int:
    return len([p for p in site.rglob("*.html") if p.name != "404.html"])


def test_crawl_over_http_makes_no_outside_request(browser, site_url, built_site):
    seen, outside = crawl(browser, site_url + "index.html")
    assert outside == []
    assert len(seen) == expected_pages(built_site)


# Files a page view does not fetch by itself, each for a reason: fetched on demand (the search
# index on first use, the QR code generator), downloads and records (the template, the
# build manifest), or for other clients (404 page, sitemaps).
NOT_LOADED_BY_PAGES = {
    "404.html": "served by the web server for a missing page",
    "sitemap.xml": "for crawlers",
    "sitemap.xml.gz": "for crawlers",
    "build-info.json": "the build manifest (verify, the footer link)",
    "search/index.js": "loaded when the search box is first used",
    "assets/javascripts/kb-search/engine.js": "loaded by boot.js when the search box is first used",
    "assets/javascripts/kb-search/ui.js": "loaded by boot.js when the search box is first used",
    "assets/quiz/vendor/qrcode.js": "loaded when 显示二维码 is pressed",
    "assets/quiz/readaloud.js": "loaded by kb-a11y.js when 朗读 or 朗读本题 is first pressed",
    "assets/quiz-template.xlsx": "a download (出题指南)",
}


def test_site_ships_only_files_its_pages_load(browser, site_url, built_site):
    """Issue 14: nothing in site/ (and so in the package) that no page ever loads."""
    loaded: set[str] = set()
    crawl(browser, site_url + "index.html", loaded)
    shipped = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*") if p.is_file()}
    unused = shipped - loaded - set(NOT_LOADED_BY_PAGES)
    assert unused == set(), sorted(unused)[:20]
    assert set(NOT_LOADED_BY_PAGES) <= shipped, "a listed file is no longer built: update the list"


def test_crawl_from_file_makes_no_outside_request(browser, built_site):
    seen, outside = crawl(browser, (built_site / "index.html").as_uri())
    assert outside == []
    assert len(seen) == expected_pages(built_site)


def test_readable_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "duties/township-officer.html")
    expect(page.locator("article")).to_contain_text("完成领导和统战部门交办的工作任务")
    page.locator("nav.md-nav--primary a", has_text="问题与对策").first.click()
    expect(page.locator("h1")).to_have_text("问题与对策")
    context.close()


# --- a real nginx with the documented configuration ----------------------------------------


@pytest.fixture(scope="module")
def nginx_url(built_site, tmp_path_factory):
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        pytest.fail("nginx is missing: run ./run.sh test, which installs it")
    prefix = tmp_path_factory.mktemp("nginx")
    port = free_port()
    server = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    server = server.replace("listen 80;", f"listen 127.0.0.1:{port};").replace(
        "root /var/www/jiceng-tongzhan-kb;", f"root {built_site};"
    )
    (prefix / "nginx.conf").write_text(
        f"worker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log;\n"
        f"events {{ worker_connections 64; }}\n"
        f"http {{\n access_log off;\n client_body_temp_path {prefix}; proxy_temp_path {prefix};\n"
        f" fastcgi_temp_path {prefix}; uwsgi_temp_path {prefix}; scgi_temp_path {prefix};\n{server}\n}}\n",
        encoding="utf-8",
    )
    # The site folder must be readable by nginx's worker user.
    for p in [built_site, *built_site.parents]:
        if p == Path("/"):
            break
        p.chmod(p.stat().st_mode | 0o005)
    proc = subprocess.Popen([binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"])
    url = f"http://127.0.0.1:{port}/"
    for _ in range(50):
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail((prefix / "error.log").read_text(encoding="utf-8", errors="replace"))
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def fetch(url: str) -> tuple[dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as r:
        return {k.lower(): v for k, v in r.headers.items()}, r.read()


def test_nginx_headers(nginx_url, built_site):
    headers, body = fetch(nginx_url + "index.html")
    assert headers["content-encoding"] == "gzip" and b"<html" in gzip.decompress(body)
    assert headers["cache-control"] == "no-cache"
    assert headers["content-type"].startswith("text/html")
    headers, _ = fetch(nginx_url + "build-info.json")
    assert headers["content-type"].startswith("application/json")
    hashed = next((built_site / "assets" / "javascripts").glob("bundle.*.min.js")).name
    headers, _ = fetch(nginx_url + f"assets/javascripts/{hashed}")
    assert headers["content-type"].startswith(("application/javascript", "text/javascript"))
    assert "max-age=31536000" in headers["cache-control"]
    assert fetch(nginx_url + "quizzes/township-officer-duties.html")[0]["cache-control"] == "no-cache"


def test_journey_through_nginx(browser, nginx_url):
    page = browser.new_page()
    recorder = Recorder(page, nginx_url)
    page.goto(nginx_url)
    page.locator("article").get_by_role("link", name="乡镇统战干事", exact=True).click()
    page.locator('article a[href$="duties/township-officer.html#duty-8"]').first.click()
    expect(page.locator("#duty-8")).to_be_in_viewport()
    page.goto(nginx_url + "quizzes/township-officer-duties.html")
    form = page.locator('form.kb-q[data-type="judge"]').first
    form.locator(".kb-q__option").first.click()
    form.locator(".kb-q__check").click()
    expect(form.locator("[role=status]")).to_have_text(re.compile("^回答(正确|错误)"))
    assert recorder.outside() == []
    page.close()


def test_usb_edition_journey_from_file(browser, file_url):
    """Off a USB stick: navigate, search, answer a quiz, find it in the 错题本 after reopening."""
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(file_url + "index.html")
    page.locator("article").get_by_role("link", name="村（社区）统战联络员", exact=True).click()
    expect(page).to_have_url(re.compile(r"roles/village-liaison\.html$"))

    page.locator("label.md-header__button[for=__search]").click()
    page.keyboard.insert_text("统战对象台账")
    first = page.locator("a.md-search-result__link").first
    expect(first).to_be_visible()
    first.click()
    expect(page).to_have_url(re.compile(r"duties/village-liaison\.html\?h=.*#duty-3$"))
    expect(page.locator("#duty-3")).to_be_in_viewport()

    page.goto(file_url + "quizzes/village-liaison-duties.html")
    form = page.locator('form.kb-q[data-type="single"]').first
    answer = form.get_attribute("data-answer")
    wrong = form.locator(f'.kb-q__option:not([data-key="{answer}"])').first
    wrong.click()
    form.locator(".kb-q__check").click()
    expect(form.locator("[role=status]")).to_have_text(re.compile("^回答错误"))
    page.reload()
    expect(page.locator(".kb-quiz__summary")).to_contain_text("已答 1 题，答对 0 题")
    page.goto(file_url + "quizzes/wrong-answers.html")
    expect(page.locator(".kb-wrongbook li")).to_have_count(1)
    expect(page.locator(".kb-wrongbook")).to_contain_text("村（社区）统战联络员工作对象及职责")
    assert [u for u in requests if not u.startswith(("file:", "data:", "blob:"))] == []
    context.close()

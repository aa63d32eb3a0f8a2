"""Run the search query set (search/queries.yml) in headless Chromium against a built site.

``python scripts/bench/search_eval.py [--site DIR] [--queries FILE [--kind question]] [--details] [--phone]``
builds the site into a temporary folder (or uses --site), then, over HTTP and from file://,
types every query of search/queries.yml (or FILE, such as the development sets
search/queries-dev.yml and search/queries-dev-2.yml or the held-out set search/queries-heldout.yml) into
the header search box and prints recall@1, recall@3, the number of results per query and the
latency, for phrase queries (``queries:``) and natural-language ones (``questions:``) apart.
Exit status 1 if a quality bar is missed: recall@3 below 0.95 on phrases or 0.90 on questions,
a nonsense query with results, or a multi-character query whose results cover every page.

``scripts/bench/bench_search.py`` uses the same functions for ours against stock Material's
search, side by side.  Both searches are driven the same way, through the page: type a query into the header search box,
wait until the result list shows it, read the result links in the order a reader sees them.
"""

from __future__ import annotations

import functools
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import click
import yaml

if __name__ == "__main__":  # run as a script: make the scripts/ folder importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.browser import DESKTOP, PHONE, chromium, serve
from kb.paths import SEARCH
from kb.ship import build as kb_build

QUERIES = SEARCH / "queries.yml"
# Written without seeing the engine, every query a question (search/BENCHMARK.md).  Each floor is
# the recall@3 recorded there less one query of slack, so a regression fails the browser test
# (tests/browser/test_search_browser.py) while a page added elsewhere may move one result.
# Each set was held out once, then tuned on (issue 13, rounds 1 to 4).
DEV = SEARCH / "queries-dev.yml"
DEV_BAR = 0.90  # 28/30 recorded (round 4), less one query
# The second development set: round 2's held-out set, tuned on in rounds 2 to 4.
DEV_2 = SEARCH / "queries-dev-2.yml"
DEV_2_BAR = 0.90  # 28/30 recorded (round 4), less one query
# Round 3's held-out set (written by another helper), measured once, then tuned on in round 4.
HELDOUT = SEARCH / "queries-heldout.yml"
HELDOUT_BAR = 0.90  # 28/30 recorded (round 4), less one query
# Round 4's two fresh sets: measured before the work they then guided.
DEV_3 = SEARCH / "queries-dev-3.yml"
DEV_3_BAR = 0.86  # 27/30 recorded (round 4), less one query
DEV_4 = SEARCH / "queries-dev-4.yml"
DEV_4_BAR = 0.90  # 28/30 recorded (round 4), less one query
# Round 4's held-out set, measured once after the work (0.93), never tuned on.
HELDOUT_2 = SEARCH / "queries-heldout-2.yml"
HELDOUT_2_BAR = 0.90  # 28/30 recorded (round 4), less one query
# Near-domain nonsense (a word of the site beside a topic it lacks), written before the keywords.
NONSENSE = SEARCH / "queries-nonsense.yml"
# The ones that still find something (search/BENCHMARK.md says why); any other is a regression.
NONSENSE_KNOWN = {"党员发展流程", "党员积分管理", "民营企业税收优惠政策"}
PLACEHOLDER = "键入以开始搜索"  # shown by both searches while the box is empty (Material's zh text)
STOCK_INITIALIZER = "正在初始化搜索引擎"
BARS = {"phrase": 0.95, "question": 0.90}  # recall@3 each kind of query must reach


@dataclass
class Query:
    q: str
    expect: list[str]
    note: str = ""
    kind: str = "phrase"  # "phrase" (queries:) or "question" (questions: natural language)


def load_queries(path: Path = QUERIES, kind: str | None = None) -> tuple[list[Query], list[str]]:
    """The queries and nonsense of a query file; ``kind`` counts every query as that kind (a
    held-out set of questions written with the ``queries:`` key alone)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    queries = [
        Query(str(e["q"]), [str(x) for x in e["expect"]], str(e.get("note", "")), kind or default)
        for key, default in (("queries", "phrase"), ("questions", "question"))
        for e in data.get(key) or []
    ]
    return queries, [str(q) for q in data.get("nonsense", [])]


def doc_key(doc: str) -> str:
    """``duties/township-officer.md#duty-8`` -> ``duties/township-officer#duty-8``; index pages are their folder."""
    path, _, anchor = doc.partition("#")
    path = path.removesuffix(".md").removesuffix("index").rstrip("/")
    return f"{path}#{anchor}" if anchor else path


def url_key(href: str, base: str) -> str:
    """The same key for a result link, whatever the URL style (``x.html``, ``x/``) and query string."""
    url, root = urlsplit(href), urlsplit(base)
    path = url.path[len(root.path) :] if url.path.startswith(root.path) else url.path
    path = path.removesuffix(".html").removesuffix("index").rstrip("/")
    return f"{path}#{url.fragment}" if url.fragment else path


def hit(key: str, expect: list[str]) -> bool:
    """A result is right if it is an expected passage, or on an expected page given without anchor."""
    page = key.partition("#")[0]
    return any(key == e or ("#" not in e and page == e) for e in map(doc_key, expect))


@dataclass
class Outcome:
    q: str
    ms: float
    keys: list[str]
    count: int  # what the result list says it found (ours: sections; stock Material: pages)
    pages: int | None  # distinct pages among all results (ours only: the engine reports it)
    rank: int | None = None  # 1-based position of the first expected result, if any
    expect: list[str] = field(default_factory=list)
    kind: str = "phrase"


@dataclass
class Report:
    label: str
    outcomes: list[Outcome]
    nonsense: list[Outcome]
    total_pages: int

    def recall(self, k: int, kind: str | None = None) -> float:
        outcomes = [o for o in self.outcomes if kind is None or o.kind == kind]
        return sum(1 for o in outcomes if o.rank and o.rank <= k) / max(1, len(outcomes))

    def kinds(self) -> list[str]:
        return [k for k in BARS if any(o.kind == k for o in self.outcomes)]

    def bars_met(self) -> bool:
        return all(self.recall(3, k) >= BARS[k] for k in self.kinds())

    @property
    def latencies(self) -> list[float]:
        return [o.ms for o in self.outcomes + self.nonsense]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies)

    @property
    def worst_ms(self) -> float:
        return max(self.latencies)

    @property
    def nonsense_found(self) -> list[Outcome]:
        return [o for o in self.nonsense if o.count]

    @property
    def every_page(self) -> list[Outcome]:
        """Multi-character queries whose results cover every page of the site."""
        return [o for o in self.outcomes if len(o.q) > 1 and o.pages is not None and o.pages >= self.total_pages]

    def summary(self) -> str:
        counts = [o.count for o in self.outcomes]
        by_kind = "; ".join(
            f"{k}s: recall@1 {self.recall(1, k):.2f}, recall@3 {self.recall(3, k):.2f} "
            f"({sum(1 for o in self.outcomes if o.kind == k)})"
            for k in self.kinds()
        )
        return (
            f"{self.label}: recall@1 {self.recall(1):.2f}, recall@3 {self.recall(3):.2f} "
            f"({len(self.outcomes)} queries; {by_kind}); results per query median {statistics.median(counts or [0]):g}, "
            f"max {max(counts, default=0)}; nonsense with results {len(self.nonsense_found)}/{len(self.nonsense)}; "
            f"queries covering every page {len(self.every_page)}; "
            f"latency median {self.median_ms:.1f} ms, worst {self.worst_ms:.1f} ms"
        )


# --- Serving and driving the browser --------------------------------------------------


# Types `q` as a reader would (input + keyup: Material listens to keyup, ours to input) into an
# emptied box, and waits until the result list shows results or says there are none.
RUN_QUERY = """async ({q, timeout, placeholder}) => {
  const input = document.querySelector(".md-search__input");
  const root = document.querySelector(".md-search-result");
  const meta = root.querySelector(".md-search-result__meta");
  const list = root.querySelector(".md-search-result__list");
  const set = (v) => {
    input.value = v;
    input.dispatchEvent(new Event("input", {bubbles: true}));
    input.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true, key: "End"}));
  };
  const until = (cond) => new Promise((resolve, reject) => {
    if (cond()) return resolve();
    const timer = setTimeout(() => { obs.disconnect(); reject(new Error("timeout: " + meta.textContent)); }, timeout);
    const obs = new MutationObserver(() => {
      if (cond()) { obs.disconnect(); clearTimeout(timer); resolve(); }
    });
    obs.observe(root, {subtree: true, childList: true, characterData: true});
  });
  set("");
  await until(() => meta.textContent.trim() === placeholder);
  const t0 = performance.now();
  set(q);
  await until(() => {
    const text = meta.textContent.trim();
    return text !== placeholder && (list.children.length > 0 || /没有/.test(text));
  });
  const ms = performance.now() - t0;
  const hrefs = [...list.querySelectorAll("a.md-search-result__link")]
    .filter((a) => !a.closest("details:not([open])")).map((a) => a.href);
  const last = window.KB && KB.search && KB.search.ui && KB.search.ui.last;
  // Material writes 1,000 and more as "1k".
  const n = meta.textContent.replace(/[,，]/g, "").match(/(\\d+(?:\\.\\d+)?)(k?)/);
  const count = /没有/.test(meta.textContent) || !n ? 0 : Math.round(parseFloat(n[1]) * (n[2] ? 1000 : 1));
  return {ms, hrefs, count, pages: last ? last.pages : null};
}"""


def wait_ready(page, stock: bool, timeout: float = 60_000) -> None:
    if stock:
        page.wait_for_function(
            f"() => {{ const m = document.querySelector('.md-search-result__meta');"
            f" return m && m.textContent.trim() !== '{STOCK_INITIALIZER}'; }}",
            timeout=timeout,
        )
    else:
        page.wait_for_selector("[data-kb-search-state=ready]", state="attached", timeout=timeout)


def open_search(page, url: str, stock: bool = False) -> None:
    page.goto(url)
    page.locator(".md-search__input").focus()  # opens the search; ours loads its index now
    wait_ready(page, stock)


def run_query(page, q: str, base: str, timeout: float = 30_000) -> Outcome:
    r = page.evaluate(RUN_QUERY, {"q": q, "timeout": timeout, "placeholder": PLACEHOLDER})
    return Outcome(q, r["ms"], [url_key(h, base) for h in r["hrefs"]], r["count"], r["pages"])


def evaluate(page, base: str, queries: list[Query], nonsense: list[str], label: str, total_pages: int) -> Report:
    """Every query on an open search page; ``base`` is the site root URL."""
    outcomes = []
    for query in queries:
        o = run_query(page, query.q, base)
        o.expect = query.expect
        o.kind = query.kind
        o.rank = next((i for i, key in enumerate(o.keys, 1) if hit(key, query.expect)), None)
        outcomes.append(o)
    return Report(label, outcomes, [run_query(page, q, base) for q in nonsense], total_pages)


def site_pages(site: Path) -> int:
    """Pages a search could return: the built site's HTML pages, less 404.html."""
    return sum(1 for p in site.rglob("*.html") if p.name != "404.html")


def details(report: Report) -> str:
    lines = [f"{'rank':>4}  {'n':>4}  {'ms':>6}  query → first result"]
    for o in report.outcomes + report.nonsense:
        rank = "-" if o.rank is None else str(o.rank)
        if not o.expect:
            rank = "ok" if not o.count else "FAIL"
        lines.append(f"{rank:>4}  {o.count:>4}  {o.ms:6.1f}  {o.q} → {o.keys[0] if o.keys else '（无结果）'}")
    return "\n".join(lines)


# --- The command: python scripts/bench/search_eval.py ----------------------------------


def record_outside(outside: list[str], base: str, request) -> None:
    if not request.url.startswith((base, "data:", "blob:")):
        outside.append(request.url)


def run(site: Path, show_details: bool, phone: bool, path: Path = QUERIES, kind: str | None = None) -> bool:
    queries, nonsense = load_queries(path, kind)
    total = site_pages(site)
    ok = True
    with chromium() as browser, serve(site) as http_url:
        for label, base in (("HTTP", http_url), ("file://", site.resolve().as_uri() + "/")):
            context = browser.new_context(viewport=PHONE if phone else DESKTOP, locale="zh-CN")
            page = context.new_page()
            outside: list[str] = []
            page.on("request", functools.partial(record_outside, outside, base))
            open_search(page, base + "index.html")
            report = evaluate(page, base, queries, nonsense, label, total)
            context.close()
            if show_details:
                click.echo(details(report))
            click.echo(report.summary())
            for o in report.outcomes:
                if not o.rank or o.rank > 3:
                    click.echo(
                        f"  not in top 3: {o.q} (rank {o.rank}); expected {', '.join(o.expect)}; got {o.keys[:3]}"
                    )
            for o in report.nonsense_found + report.every_page:
                click.echo(f"  FAIL: {o.q} has {o.count} results")
            if outside:
                click.echo(f"  FAIL: requests outside the site: {sorted(set(outside))[:5]}")
            ok = ok and report.bars_met() and not report.nonsense_found and not report.every_page and not outside
    return ok


@click.command()
@click.option(
    "--site", type=click.Path(file_okay=False, exists=True, path_type=Path), help="A built site (default: build one)."
)
@click.option(
    "--queries",
    "path",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=QUERIES,
    show_default=True,
    help="The query file (same format as search/queries.yml), e.g. search/queries-dev.yml.",
)
@click.option(
    "--kind",
    type=click.Choice(list(BARS)),
    help="Count every query of the file as this kind (its bar: phrase 0.95, question 0.90).",
)
@click.option("--details", "show_details", is_flag=True, help="One line per query: rank, results, ms, first result.")
@click.option("--phone", is_flag=True, help="Use a phone-width viewport (390 px).")
def main(site: Path | None, path: Path, kind: str | None, show_details: bool, phone: bool) -> None:
    """Evaluate the site search on the query set, over HTTP and from file://."""
    if site is not None:
        sys.exit(0 if run(site, show_details, phone, path, kind) else 1)
    with tempfile.TemporaryDirectory() as tmp:
        built = Path(tmp) / "site"
        if kb_build.build_site(site_dir=built) != 0:
            sys.exit(2)
        sys.exit(0 if run(built, show_details, phone, path, kind) else 1)


if __name__ == "__main__":
    main()

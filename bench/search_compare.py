"""Search designs compared on one corpus and one query list: quality, speed in Chromium, size, memory.

    .venv/bin/python bench/search_compare.py --stories 1000 10000 40000
    .venv/bin/python bench/search_compare.py --stories 1000 --designs fts5 fallback --throttle 4

Corpus: bench/search_corpus.py (Zipf-spread real Thai vocabulary, many reporters, long-tail tags). Designs:
  today     Pagefind extended on the story text plus the PyThaiNLP sub-word terms (the plugin before issue 18)
  tuned     Pagefind extended, no extra terms (its segmentation at index time, the browser's for the query)
  icu       Pagefind extended on text pre-cut into words with ICU's dictionary (the one Chromium's query
            segmenter uses), words separated by spaces, no extra terms
  fallback  what the build now writes as the static fallback (plugin defaults): tuned, the newest 3,000 stories,
            headline + fields + their first 600 characters
  fts5      the search service: SQLite FTS5, text and query cut by PyThaiNLP (searchservice), GET /api/search
  records   the baseline: the same child process making the corpus's records and indexing nothing
Each index is built in its own process; peak memory is the sum of RSS of that process and its children
(Pagefind, the tokenizer pool). Latency is measured in Debian's Chromium on loopback through the real search page
(theme/static/js/search.js): "first" = a fresh browser profile navigating to /search/?q=..., "nav" = later
navigations (warm HTTP cache), "typed" = a new query submitted on the page; each until the results (or the
no-results message) are drawn (performance mark "search-shown"). Bytes = response bytes the server sent for one typed
query (median). Quality (at the smallest size): precision against substring truth (the story's text contains the
query on Thai character-cluster boundaries: the most lenient truth, so a result outside it is always wrong);
recall against word truth (the query starts and ends on word boundaries of both Chromium's ICU segmenter and
PyThaiNLP newmm in the story) and, for reference, against substring truth.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
from peak_memory import PeakSampler, run_measured
from test_modules import conftest, test_module

DESIGNS = ("records", "today", "tuned", "icu", "fallback", "fts5")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"]
ABSENT_CANDIDATES = ["ฮอลลีวูด", "สึนามิ", "ไดโนเสาร์", "ภูเขาไฟ", "แผ่นดินไหว", "ทะเล", "ฮิปโปโปเตมัส", "เพนกวิน",
                     "อวกาศ", "ยานอวกาศ", "ดาวอังคาร", "แฮมเบอร์เกอร์", "คอมพิวเตอร์ควอนตัม", "ไวกิ้ง", "ซามูไร",
                     "ปิรามิด", "จิงโจ้", "หิมะถล่ม", "อัลปากา", "โอลิมปิกฤดูหนาว"]


# ---- building each design (run in a child process: `build DESIGN N OUT`) ------------------------------------
def build(design: str, n: int, out: Path) -> dict:
    from search_corpus import records

    from plugins.search.static_index import build_bundle

    recs = records(n)
    out.mkdir(parents=True, exist_ok=True)
    if design == "records":
        return {"pages": len(recs)}
    if design == "fts5":
        from searchservice.store import IndexWriter

        IndexWriter(out / "index", workers=2).rebuild(recs)
        return {"pages": n}
    terms = None
    max_chars = 0
    if design == "today":
        from plugins.search.extra_terms import extra_terms
        from searchservice.index_rows import searchable_body

        terms = [" ".join(extra_terms(r.title + "\n" + searchable_body(r), span=2)) for r in recs]
    elif design == "icu":
        import dataclasses

        from pythainlp.corpus import get_corpus
        from pythainlp.tokenize import word_tokenize
        from pythainlp.util import Trie

        icu = Trie(get_corpus("icubrk_th.txt"))

        def cut(text):
            return " ".join(w for w in word_tokenize(text, custom_dict=icu, engine="newmm") if w.strip())

        recs = [dataclasses.replace(r, title=cut(r.title), body="\n".join(cut(p) for p in r.body.splitlines()))
                for r in recs]
    elif design == "fallback":  # exactly what the build writes by default
        from plugins.search.settings import DEFAULTS
        from plugins.search.static_index import newest

        recs, max_chars = newest(recs, DEFAULTS["SEARCH_FALLBACK_STORIES"]), DEFAULTS["SEARCH_FALLBACK_CHARS"]
    return {"pages": build_bundle(recs, out / "pagefind", terms, max_chars=max_chars)}


# ---- the site each design is served from --------------------------------------------------------------------
def site_shell(work: Path) -> Path:
    """A real build of the site with one story: the search page, theme, CSS and JS the designs share."""
    build_site, story_text = conftest().build_site, conftest().story_text

    shell = work / "shell"
    if not (shell / "output/search/index.html").exists():
        build_site(shell, stories={"news/2569/x.md": story_text()}, settings={"SEARCH_INDEX": False})
    return shell / "output"


def serve_root(work: Path, design: str, built: Path) -> Path:
    root = work / f"root-{design}"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(site_shell(work), root, ignore=shutil.ignore_patterns("pagefind", "news", "photos", "cards"))
    page = (root / "search/index.html").read_text(encoding="utf-8")
    api = "/api/search" if design == "fts5" else ""
    page = page.replace('data-api="/api/search"', f'data-api="{api}"')
    (root / "search/index.html").write_text(page, encoding="utf-8")
    if design != "fts5":
        shutil.copytree(built / "pagefind", root / "pagefind")
    return root


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(root: Path, index: str, port: int) -> None:
    import uvicorn
    from starlette.applications import Starlette
    from starlette.routing import Mount
    from starlette.staticfiles import StaticFiles

    routes = []
    if index:
        from searchservice.app import create_app
        from searchservice.settings import Settings

        routes += list(create_app(Settings(index_dir=Path(index)), prefix="/api").routes)
    sent = [0]

    async def count_bytes(request):
        from starlette.responses import PlainTextResponse

        return PlainTextResponse(str(sent[0]))

    from starlette.routing import Route

    app = Starlette(routes=[Route("/__bytes", count_bytes), *routes,
                            Mount("/", app=StaticFiles(directory=root, html=True))])

    async def counting(scope, receive, send):  # bytes of every response body the server sent
        async def counted(message):
            if message["type"] == "http.response.body":
                sent[0] += len(message.get("body", b""))
            await send(message)

        await app(scope, receive, counted)

    uvicorn.run(counting, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def start_server(root: Path, index: Path | None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, __file__, "serve", str(root), str(index or ""), str(port)])
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    import httpx

    base = f"http://127.0.0.1:{port}"
    httpx.get(base + "/search/", timeout=60)  # a running server, as readers meet it (the service has opened its index)
    if index:
        httpx.get(base + "/api/search", params={"q": "ทดสอบ"}, timeout=60)  # PyThaiNLP loaded
    return proc, base


# ---- queries and truth ----------------------------------------------------------------------------------------
def pick_queries(recs, n_present: int, n_absent: int, n_pairs: int) -> list[str]:
    """Words of the corpus spread over how many stories hold them (common to rare), absent words, word pairs."""
    from collections import Counter

    from searchservice.thai_tokens import THAI_RUN, words

    df = Counter()
    for r in recs:
        df.update({w for w in words(r.title + " " + r.body) if THAI_RUN.fullmatch(w) and len(w) >= 3})
    ranked = [w for w, _ in df.most_common()]
    step = max(1, len(ranked) // n_present)
    present = ranked[: n_present // 4] + ranked[n_present // 4 * step::step][: n_present - n_present // 4]
    texts = [r.title + " " + r.body + " " + " ".join(r.tags) for r in recs]
    absent = [w for w in ABSENT_CANDIDATES if not any(w in t for t in texts)][:n_absent]
    by_hash = sorted(ranked[50:2000], key=lambda w: hashlib.sha1(w.encode()).hexdigest())
    pairs = [f"{a} {b}" for a, b in zip(by_hash[:n_pairs], ranked[5:5 + n_pairs], strict=False)]
    return present + absent + pairs


def story_texts(recs) -> dict[str, str]:
    from searchservice.index_rows import searchable_body

    return {r.url: r.title + "\n" + searchable_body(r) for r in recs}


def truth_sets(page, texts: dict[str, str], queries: list[str]) -> tuple[dict, dict]:
    """query -> story URLs holding it as a substring (cluster bounds) / as words of both segmenters."""
    Truth = test_module("search_truth", "search/search_truth.py").Truth

    truth = Truth(page, texts)
    return {q: truth.substring(q) for q in queries}, {q: truth.words(q) for q in queries}


# ---- Chromium ----------------------------------------------------------------------------------------------------
ALL_URLS_PAGEFIND = """async (queries) => { const pf = await import("/pagefind/pagefind.js"); await pf.init();
  const out = {}; for (const q of queries) { const s = await pf.search(q);
  out[q] = await Promise.all(s.results.map(async (r) => (await r.data()).url)); } return out; }"""
MARK = "() => performance.getEntriesByName('search-shown').map((m) => m.startTime)"
TYPED = """async (q) => {
  const before = performance.getEntriesByName('search-shown').length;
  const t0 = performance.now();
  const input = document.querySelector('#search-q'); input.value = q;
  input.form.requestSubmit();
  while (performance.getEntriesByName('search-shown').length === before) await new Promise((r) => setTimeout(r, 2));
  const t1 = performance.getEntriesByName('search-shown').at(-1).startTime;
  return [t1 - t0, document.querySelector('.search-status').textContent];
}"""


def quantile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def browser_latency(browser, base: str, queries: list[str], throttle: float = 1) -> dict:
    from urllib.parse import quote

    def new_page():
        context = browser.new_context()
        page = context.new_page()
        if throttle != 1:
            page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": throttle})
        return context, page

    def navigate(page, q):
        page.goto(f"{base}/search/?q={quote(q)}")
        page.wait_for_function("performance.getEntriesByName('search-shown').length > 0", timeout=120_000)
        return page.evaluate(MARK)[0]

    import httpx

    context, page = new_page()
    before = int(httpx.get(base + "/__bytes").text)
    first = navigate(page, queries[0])
    first_bytes = int(httpx.get(base + "/__bytes").text) - before
    nav = [navigate(page, q) for q in queries[1::2]]  # half the list by address, the other half typed:
    typed, sizes = [], []  # no typed query was asked before, so its bytes are what it really needs
    for q in queries[2::2]:
        before = int(httpx.get(base + "/__bytes").text)
        took, _status = page.evaluate(TYPED, q)
        typed.append(took)
        sizes.append(int(httpx.get(base + "/__bytes").text) - before)
    backend = page.evaluate("document.querySelector('[data-search]').dataset.backend")
    context.close()
    return {"first": first, "nav50": quantile(nav, .5), "nav95": quantile(nav, .95), "typed50": quantile(typed, .5),
            "typed95": quantile(typed, .95), "bytes": statistics.median(sizes), "first_bytes": first_bytes,
            "backend": backend}


def api_latency(base: str, queries: list[str], rounds: int = 3) -> dict:
    import httpx

    times = []
    with httpx.Client(base_url=base) as client:
        for _ in range(rounds):
            for q in queries:
                start = time.perf_counter()
                client.get("/api/search", params={"q": q}).raise_for_status()
                times.append((time.perf_counter() - start) * 1000)
    return {"api50": quantile(times, .5), "api95": quantile(times, .95)}


def found_sets(browser, base: str, design: str, queries: list[str]) -> dict[str, set[str]]:
    if design == "fts5":
        import httpx

        out = {}
        with httpx.Client(base_url=base) as client:
            for q in queries:
                urls, page = set(), 1
                while True:
                    body = client.get("/api/search", params={"q": q, "page": page}).json()
                    urls.update(r["url"] for r in body["results"])
                    if page >= body["pages"] or page >= 1000:
                        break
                    page += 1
                out[q] = urls
        return out
    page = browser.new_page()
    page.goto(base + "/search/")
    found = page.evaluate(ALL_URLS_PAGEFIND, queries)
    page.close()
    return {q: set(urls) for q, urls in found.items()}


def quality(found, substring, word) -> dict:
    hits = sum(len(v) for v in found.values())
    right = sum(len(v & substring[q]) for q, v in found.items())
    word_recall = sum(word[q] <= found[q] for q in found) / len(found)
    sub_recall = sum(substring[q] <= found[q] for q in found) / len(found)
    absent_hits = sum(len(found[q]) for q in found if not substring[q])
    return {"precision": right / hits if hits else 1.0, "recall_word": word_recall, "recall_substring": sub_recall,
            "absent_hits": absent_hits}


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, nargs="+", default=[1000])
    parser.add_argument("--designs", nargs="+", default=list(DESIGNS), choices=DESIGNS)
    parser.add_argument("--skip", nargs="*", default=["today@40000"], help="design@N pairs not to run")
    parser.add_argument("--queries", type=int, default=30, help="words for latency (plus absent words and pairs)")
    parser.add_argument("--quality-queries", type=int, default=120)
    parser.add_argument("--throttle", type=float, default=4, help="CPU throttling rate of the phone profile")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "search-compare")
    parser.add_argument("--json", type=Path, help="also write the rows here")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright
    from search_corpus import records

    args.work.mkdir(parents=True, exist_ok=True)
    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n in args.stories:
            recs = records(n)
            latency_queries = pick_queries(recs, args.queries, 5, 5)
            wanted = args.quality_queries and n == min(args.stories)
            quality_queries = pick_queries(recs, args.quality_queries, 15, 15) if wanted else []
            truth = None
            if quality_queries:
                page = browser.new_page()
                truth = truth_sets(page, story_texts(recs), quality_queries)
                page.close()
            for design in args.designs:
                if f"{design}@{n}" in args.skip:
                    rows.append({"design": design, "stories": n, "skipped": True})
                    print(f"{design:8s} {n:6d} skipped", flush=True)
                    continue
                built = args.work / f"{design}-{n}"
                shutil.rmtree(built, ignore_errors=True)
                took, peak, done = run_measured([sys.executable, __file__, "build", design, str(n), str(built)])
                if done.returncode:
                    print(done.stderr[-2000:])
                    rows.append({"design": design, "stories": n, "failed": done.stderr[-300:]})
                    continue
                if design == "records":
                    rows.append({"design": design, "stories": n, "build_s": took, "peak_mb": peak / 2**20})
                    print(json.dumps(rows[-1]), flush=True)
                    continue
                size = dir_size(built / ("index" if design == "fts5" else "pagefind"))
                row = {"design": design, "stories": n, "build_s": took, "peak_mb": peak / 2**20, "size_mb": size / 1e6}
                root = serve_root(args.work, design, built)
                server, base = start_server(root, built / "index" if design == "fts5" else None)
                try:
                    with PeakSampler(server.pid) as served:
                        row.update(browser_latency(browser, base, latency_queries))
                        slow = browser_latency(browser, base, latency_queries[:8] + latency_queries[-4:], args.throttle)
                        row.update({f"phone_{k}": v for k, v in slow.items() if k in ("first", "typed50", "typed95")})
                        if design == "fts5":
                            row.update(api_latency(base, latency_queries))
                        if truth:
                            row.update(quality(found_sets(browser, base, design, quality_queries), *truth))
                    row["server_mb"] = served.peak / 2**20
                finally:
                    server.terminate()
                    server.wait()
                rows.append(row)
                print(json.dumps(row, ensure_ascii=False), flush=True)
        browser.close()
    print_table(rows, args.throttle)
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


def print_table(rows, throttle) -> None:
    print(f"\n| design | stories | precision | recall (word) | recall (substring) | hits for absent words | build s | "
          f"peak MB (all processes) | index MB | first ms | nav p50/p95 ms | typed p50/p95 ms | kB per typed query | "
          f"phone ×{throttle:g}: first / typed p95 ms | API p50/p95 ms | first visit kB |")
    print("|" + " --- |" * 16)
    for r in rows:
        if r["design"] == "records" and "build_s" in r:
            print(f"| records (baseline: make the corpus, index nothing) | {r['stories']:,} | | | | | "
                  f"{r['build_s']:.0f} | {r['peak_mb']:.0f} |" + " |" * 8)
            continue
        if r.get("skipped") or r.get("failed"):
            print(f"| {r['design']} | {r['stories']:,} | {'not run' if r.get('skipped') else 'failed'} |" + " |" * 13)
            continue
        q = (f"{r['precision']:.3f} | {r['recall_word']:.3f} | {r['recall_substring']:.3f} | {r['absent_hits']}"
             if "precision" in r else "| | |")
        api = f"{r['api50']:.1f} / {r['api95']:.1f}" if "api50" in r else ""
        print(f"| {r['design']} | {r['stories']:,} | {q} | {r['build_s']:.0f} | {r['peak_mb']:.0f} | "
              f"{r['size_mb']:.1f} | {r['first']:.0f} | {r['nav50']:.0f} / {r['nav95']:.0f} | "
              f"{r['typed50']:.0f} / {r['typed95']:.0f} | {r['bytes'] / 1e3:.1f} | "
              f"{r['phone_first']:.0f} / {r['phone_typed95']:.0f} | {api} | {r['first_bytes'] / 1e3:.0f} |")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "build":
        print(json.dumps(build(sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]))))
    elif len(sys.argv) > 1 and sys.argv[1] == "serve":
        serve(Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
    else:
        main()

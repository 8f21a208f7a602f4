"""A reader opens the Hang Chat story in Chromium, served by the real local server (`make serve`'s
scripts/serve.py: site + counter on one port), and sees อ่าน : 1,203 become 1,204 (thousands separated, as the old
site showed them, both in the baked page and from the script)."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
from counter_service import BROWSER_UA, free_port, wait_healthy

from conftest import ROOT, build_site, story_text

HEADLINE = "กฟภ.ห้างฉัตร เดินหน้ายกระดับงานบริการประชาชน เปิดศูนย์ราชการสะดวกรับการประเมินจากคณะอนุกรรมการกลาง"


def test_story_page_counts_the_read_live(tmp_path, browser):
    output = build_site(tmp_path, stories={
        "news/2561/hang-chat-gecc.md": story_text(title=HEADLINE, date="2018-05-10 11:48:27", legacy_reads=1203),
        "news/2569/lpg-ceramic-fair.md": story_text(title="งานเซรามิกลำปาง", legacy_reads=7),
    })
    port = free_port()
    env = {**os.environ, "READCOUNTER_DB": str(tmp_path / "var" / "reads.sqlite3"),
           "READCOUNTER_MANIFEST": str(output / "api" / "stories.json")}
    server = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "serve.py"), "--port", str(port),
                               "--output", str(output)], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    context = browser.new_context(user_agent=BROWSER_UA)  # HeadlessChrome's own UA is (rightly) a bot
    try:
        wait_healthy(base, server)
        baked = httpx.get(f"{base}/news/hang-chat-gecc/").text
        assert 'data-story-id="hang-chat-gecc">อ่าน : <span class="read-count-n">1,203</span>' in baked

        page = context.new_page()
        page.goto(f"{base}/news/hang-chat-gecc/")
        count = page.locator(".story-reads .read-count[data-story-id='hang-chat-gecc'] .read-count-n")
        page.wait_for_function("el => el.textContent === '1,204'", arg=count.element_handle(), timeout=10_000)
        assert page.locator(".story-reads .read-count").inner_text() == "อ่าน : 1,204"

        # the home page fetches list counts in one batch and refreshes ข่าวยอดนิยม (today) live
        requests = []
        page.on("request", lambda r: requests.append(r.url) if "/api/" in r.url else None)
        page.goto(f"{base}/")
        card = page.locator(".story-card .read-count[data-story-id='hang-chat-gecc'] .read-count-n")
        page.wait_for_function("el => el.textContent === '1,204'", arg=card.element_handle(), timeout=10_000)
        today = page.locator(".most-read-list[data-window='day'] li").first
        page.wait_for_function("el => el.textContent.includes('อ่าน : 1')", arg=today.element_handle(), timeout=10_000)
        assert HEADLINE in today.inner_text()
        batch = [u for u in requests if "/api/reads?ids=" in u]
        assert len(batch) == 1 and "hang-chat-gecc" in batch[0] and "lpg-ceramic-fair" in batch[0]
        assert not any("/api/reads/" in u and "top" not in u for u in requests)  # a list page counts nothing
    finally:
        context.close()
        server.terminate()
        server.wait(10)

"""Local server for `make serve` / `make devserver`: the built site, the search API, the read-counter API and the
newsroom on one port.

The site is an ASGI app (Starlette) serving output/, old addresses answered as nginx answers them (301 to the
story, 410 for a withdrawn one); the search service answers /api/search (its index is in
var/search, written by the build), the counter service is mounted under /api and the newsroom under /newsroom,
when their packages are present. Every answer of the site, the search and the counter carries the site's
Content-Security-Policy and the other headers nginx sends in production (plugins/content_security/policy.py),
so a page that would break under the production CSP breaks here too (the newsroom sends its own).
With --rebuild, a watcher rebuilds the site whenever content/, theme/, plugins/ or pelicanconf.py change.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.responses import FileResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from nuea.legacy_requests import OldAddressAnswers
from plugins.legacy_redirects.nginx_map import read_nginx_map
from plugins.legacy_redirects.settings import DEFAULTS as LEGACY_DEFAULTS
from plugins.withdrawn import DEFAULTS as WITHDRAWN_DEFAULTS
from plugins.withdrawn.gone import read_gone_map

ROOT = Path(__file__).resolve().parent.parent


class OldAddresses:
    """The static site, except for old addresses, answered as nginx answers them in production: a 301 to the story
    (legacy-redirects.map, the exact request; legacy-ids.map, its path and id argument), or 410 Gone with the Thai
    410.html for a withdrawn story (withdrawn.map, withdrawn-ids.map). The maps are written by every build and
    re-read when one changes; the rules are nuea.legacy_requests'."""

    MAPS = (LEGACY_DEFAULTS["LEGACY_MAP_SAVE_AS"], LEGACY_DEFAULTS["LEGACY_ID_MAP_SAVE_AS"],
            WITHDRAWN_DEFAULTS["WITHDRAWN_MAP_SAVE_AS"], WITHDRAWN_DEFAULTS["WITHDRAWN_ID_MAP_SAVE_AS"])

    def __init__(self, output: Path, site):
        self.output, self.site = output, site
        self._stamp, self._answers = None, OldAddressAnswers.from_maps({}, {}, (), ())

    def answers(self) -> OldAddressAnswers:
        stamp, texts = [], []
        for name in self.MAPS:
            try:
                st = (self.output / name).stat()
            except FileNotFoundError:
                stamp.append(None)
                continue
            stamp.append((st.st_mtime_ns, st.st_size))
        if stamp != self._stamp:
            for name in self.MAPS:
                try:
                    texts.append((self.output / name).read_text(encoding="utf-8"))
                except FileNotFoundError:
                    texts.append("")
            exact, by_id, gone, gone_by_id = texts
            self._stamp = stamp
            self._answers = OldAddressAnswers.from_maps(read_nginx_map(exact), read_nginx_map(by_id),
                                                        read_gone_map(gone), read_gone_map(gone_by_id))
        return self._answers

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            raw = scope.get("raw_path") or scope["path"].encode()
            found = self.answers().answer(raw, scope.get("query_string") or b"")
            if found is not None:
                status, target = found
                if status == 301:
                    response = Response(status_code=301, headers={"Location": target})
                else:
                    page = self.output / "410.html"
                    response = (FileResponse(page, status_code=410, media_type="text/html; charset=utf-8")
                                if page.is_file() else Response("410 Gone", status_code=410))
                return await response(scope, receive, send)
        await self.site(scope, receive, send)


def api_routes(origins: set[str] = frozenset(), settings=None) -> list:
    """The read-counter service under /api, when it is installed in this checkout.

    Its database and manifest paths are taken from the project folder; the site's own origins are allowed.
    """
    try:
        from readcounter.app import create_app
        from readcounter.settings import Settings
    except ImportError:
        return []
    settings = settings or Settings.from_env(site_root=ROOT)
    settings = replace(settings, allowed_origins=settings.allowed_origins | set(origins))
    return [Mount("/api", app=create_app(settings))]


def newsroom_routes(settings=None) -> list:
    """The newsroom (stories, login, administration) under /newsroom, its data in var/; a publish there rebuilds
    output/ with pelicanconf.py, which this server shows at once."""
    try:
        from newsroom.app import MOUNT, create_app
        from newsroom.settings import Settings as NewsroomSettings
    except ImportError:
        return []
    return [Mount(MOUNT, app=create_app(settings or NewsroomSettings.from_env(root=ROOT)))]


def search_routes() -> list:
    """The search service's routes (/api/search...), ahead of the counter's /api mount."""
    try:
        from searchservice.app import create_app
        from searchservice.settings import Settings
    except ImportError:
        return []
    return list(create_app(Settings.from_env(site_root=ROOT), prefix="/api").routes)


def site_origins(host: str, port: int) -> set[str]:
    hosts = {host, "127.0.0.1", "localhost"} if host in ("127.0.0.1", "localhost", "0.0.0.0") else {host}
    return {f"http://{h}:{port}" for h in hosts}


def local_policy() -> str:
    """The CSP of the local build: strict, or with LINE's sources when pelicanconf asks for LINE's own button."""
    import pelicanconf
    from plugins.content_security.policy import policy_for

    return policy_for(getattr(pelicanconf, "SHARE_LINE_BUTTON", "link"))


class SecurityHeaders:
    """ASGI middleware: add `headers` to every HTTP answer (pages, assets, 404s, the search's and the counter's
    JSON), except under the paths in `own_headers` (the newsroom sends its own policy)."""

    def __init__(self, app, headers: dict[str, str], own_headers: tuple[str, ...] = ()):
        self.app, self.own_headers = app, own_headers
        self.headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"].startswith(self.own_headers):
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {name for name, _ in self.headers}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": kept + self.headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def security_headers(policy: str) -> dict[str, str]:
    return {"Content-Security-Policy": policy, "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "strict-origin-when-cross-origin"}


def site_app(output: Path, origins: set[str] = frozenset(), counter_settings=None, newsroom_settings=None,
             policy: str | None = None) -> SecurityHeaders:
    """The site, the search and the counter APIs and the newsroom on one port (tests pass their own settings for
    the services). The newsroom's job worker and scheduler run as long as this server."""
    output.mkdir(parents=True, exist_ok=True)
    site = OldAddresses(output, StaticFiles(directory=output, html=True))
    newsroom = newsroom_routes(newsroom_settings)
    lifespan = None
    if newsroom:
        from newsroom.app import background_lifespan
        lifespan = background_lifespan(newsroom[0].app.newsroom)
    app = Starlette(routes=[*search_routes(), *api_routes(origins, counter_settings), *newsroom, Mount("/", app=site)],
                    lifespan=lifespan)
    return SecurityHeaders(app, security_headers(policy or local_policy()), own_headers=("/newsroom",))


def build(settings_file: str = "pelicanconf.py") -> int:
    cmd = [sys.executable, "-m", "scripts.build", "-s", settings_file]
    return subprocess.call(cmd, cwd=ROOT)


def watch_and_rebuild() -> None:
    from watchfiles import watch

    paths = [ROOT / "content", ROOT / "theme", ROOT / "plugins", ROOT / "pelicanconf.py"]
    for changes in watch(*paths):
        print(f"{len(changes)} file(s) changed; rebuilding", flush=True)
        build()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--output", type=Path, default=ROOT / "output")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the site on every save")
    args = parser.parse_args(argv)
    if args.rebuild:
        threading.Thread(target=watch_and_rebuild, daemon=True).start()
    print(f"Nuea News: http://{args.host}:{args.port}/", flush=True)
    print(f"ห้องข่าว (newsroom): http://{args.host}:{args.port}/newsroom/ ; first account: "
          'make user ARGS="add NAME --role admin"', flush=True)
    # proxy_headers off: the counter judges X-Forwarded-For itself (READCOUNTER_TRUSTED_PROXIES);
    # access_log off: it would keep readers' raw addresses.
    uvicorn.run(site_app(args.output, site_origins(args.host, args.port)), host=args.host, port=args.port,
                log_level="warning", proxy_headers=False, access_log=False)


if __name__ == "__main__":
    main()

"""Local server for `make serve` / `make devserver`: the built site, the search API and the read-counter API on
one port.

The site is an ASGI app (Starlette) serving output/; the search service answers /api/search (its index is in
var/search, written by the build) and the counter service is mounted under /api, when their packages are present.
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
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def api_routes(origins: set[str] = frozenset()) -> list:
    """The read-counter service under /api, when it is installed in this checkout.

    Its database and manifest paths are taken from the project folder; the site's own origins are allowed.
    """
    try:
        from readcounter.app import create_app
        from readcounter.settings import Settings
    except ImportError:
        return []
    settings = Settings.from_env(site_root=ROOT)
    settings = replace(settings, allowed_origins=settings.allowed_origins | set(origins))
    return [Mount("/api", app=create_app(settings))]


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


def site_app(output: Path, origins: set[str] = frozenset()) -> Starlette:
    output.mkdir(parents=True, exist_ok=True)
    return Starlette(routes=[*search_routes(), *api_routes(origins),
                             Mount("/", app=StaticFiles(directory=output, html=True))])


def build(settings_file: str = "pelicanconf.py") -> int:
    cmd = [sys.executable, "-m", "pelican", "content", "-o", "output", "-s", settings_file, "--fatal", "errors"]
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
    # proxy_headers off: the counter judges X-Forwarded-For itself (READCOUNTER_TRUSTED_PROXIES);
    # access_log off: it would keep readers' raw addresses.
    uvicorn.run(site_app(args.output, site_origins(args.host, args.port)), host=args.host, port=args.port,
                log_level="warning", proxy_headers=False, access_log=False)


if __name__ == "__main__":
    main()

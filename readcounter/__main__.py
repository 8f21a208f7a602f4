"""python -m readcounter [--host 127.0.0.1] [--port 8090]: run the service alone, API under /api."""

from __future__ import annotations

import argparse
import logging

import uvicorn

from readcounter.app import create_app
from readcounter.settings import ENV, Settings


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m readcounter",
        description="Read-counter service. Settings from the environment:\n"
        + "\n".join(f"  {name} (default {d!r}): {doc}" for name, (_, d, doc) in ENV.items()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8090)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = create_app(Settings.from_env(), prefix="/api")
    # proxy_headers off: X-Forwarded-For is judged by the app against READCOUNTER_TRUSTED_PROXIES.
    # access_log off: an access log would keep raw client addresses.
    uvicorn.run(
        app, host=args.host, port=args.port, loop="auto", http="auto", workers=1,
        proxy_headers=False, access_log=False, server_header=False, log_level="warning",
    )


if __name__ == "__main__":
    main()

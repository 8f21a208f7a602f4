"""python -m searchservice [--host 127.0.0.1] [--port 8003]: the search API alone, under /api."""
from __future__ import annotations

import argparse
import logging

import uvicorn

from .app import create_app
from .settings import ENV, Settings


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m searchservice",
        description="Search service. Settings from the environment:\n"
        + "\n".join(f"  {name} (default {d!r}): {doc}" for name, (_, d, doc) in ENV.items()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8003)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    # access_log off: it would keep readers' addresses (and their queries next to them).
    uvicorn.run(create_app(Settings.from_env(), prefix="/api"), host=args.host, port=args.port, workers=1,
                proxy_headers=False, access_log=False, server_header=False, log_level="warning")


if __name__ == "__main__":
    main()

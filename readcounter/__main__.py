"""python -m readcounter [--host 127.0.0.1] [--port 8090]: run the service alone, API under /api.
python -m readcounter copy-sqlite PATH: add the counts of an SQLite counter file to READCOUNTER_DATABASE_URL."""

from __future__ import annotations

import argparse
import logging
import sys

from readcounter.settings import ENV, Settings


def serve(args) -> None:
    import uvicorn

    from readcounter.app import create_app

    app = create_app(Settings.from_env(), prefix="/api")
    # proxy_headers off: X-Forwarded-For is judged by the app against READCOUNTER_TRUSTED_PROXIES.
    # access_log off: an access log would keep raw client addresses.
    uvicorn.run(
        app, host=args.host, port=args.port, loop="auto", http="auto", workers=1,
        proxy_headers=False, access_log=False, server_header=False, log_level="warning",
    )


def copy(args) -> int:
    from readcounter.copy_sqlite import CopyError, copy_sqlite

    settings = Settings.from_env()
    if not settings.database_url:
        print("copy-sqlite: set READCOUNTER_DATABASE_URL to the PostgreSQL database to copy into", file=sys.stderr)
        return 2
    try:
        report = copy_sqlite(args.path, settings.database_url)
    except CopyError as exc:
        print(f"copy-sqlite: {exc}", file=sys.stderr)
        return 1
    print(report.describe())
    return 0


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    description = "Read-counter service. Settings from the environment:\n" + "\n".join(
        f"  {name} (default {d!r}): {doc}" for name, (_, d, doc) in ENV.items())
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per manifest poll otherwise
    if argv[:1] == ["copy-sqlite"]:
        parser = argparse.ArgumentParser(
            prog="python -m readcounter copy-sqlite",
            description="Add the counts of an SQLite counter database to the PostgreSQL database of "
            "READCOUNTER_DATABASE_URL. Idempotent: running it again adds only reads that are new in the file. "
            "Verified by totals; on any mismatch nothing is written.")
        parser.add_argument("path", help="the SQLite file (e.g. /var/lib/private/nuea-news/readcounter.sqlite3)")
        return copy(parser.parse_args(argv[1:]))
    parser = argparse.ArgumentParser(prog="python -m readcounter", description=description,
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="python -m readcounter copy-sqlite PATH: move SQLite counts to PostgreSQL")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8090)
    serve(parser.parse_args(argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())

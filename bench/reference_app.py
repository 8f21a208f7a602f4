"""Baseline for bench/counter_load.py: the same stack (uvicorn + Starlette) doing only one SQLite
upsert + commit per request, with the same journal mode and synchronous setting as the service.

python bench/reference_app.py PORT DB SYNCHRONOUS
"""

import sqlite3
import sys

import uvicorn
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

port, db, synchronous = int(sys.argv[1]), sys.argv[2], sys.argv[3]
conn = sqlite3.connect(db, isolation_level=None)
conn.execute("PRAGMA journal_mode=WAL")
conn.execute(f"PRAGMA synchronous={synchronous}")
conn.execute("CREATE TABLE IF NOT EXISTS reads (story_id TEXT PRIMARY KEY, reads INTEGER NOT NULL) WITHOUT ROWID")


async def count(request):
    story_id = request.path_params["story_id"]
    conn.execute(
        "INSERT INTO reads VALUES (?, 1) ON CONFLICT (story_id) DO UPDATE SET reads = reads + 1", (story_id,)
    )
    return JSONResponse({"id": story_id, "counted": True})


async def health(request):
    return JSONResponse({"status": "ok"})


app = Starlette(routes=[Route("/api/reads/{story_id}", count, methods=["POST"]), Route("/api/health", health)])

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=port, workers=1, proxy_headers=False, access_log=False,
                server_header=False, log_level="warning")

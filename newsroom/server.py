"""`python -m newsroom serve`: the newsroom alone under uvicorn at /newsroom/ (production, behind nginx)."""
from __future__ import annotations

import uvicorn

from .app import server_app
from .settings import Settings


def serve(settings: Settings, host: str, port: int) -> None:
    # proxy_headers off: the newsroom judges X-Forwarded-* itself (NEWSROOM_TRUSTED_PROXIES);
    # access log off: it would keep writers' raw addresses.
    uvicorn.run(server_app(settings), host=host, port=port, log_level="warning", proxy_headers=False,
                access_log=False)

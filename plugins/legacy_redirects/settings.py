"""Defaults of the legacy_redirects plugin (old-site addresses keep working)."""

DEFAULTS = {
    "LEGACY_MAP_SAVE_AS": "legacy-redirects.map",  # nginx map (old path+query -> new URL), included by deploy/nginx
    "LEGACY_ID_MAP_SAVE_AS": "legacy-ids.map",  # nginx map (old path|id argument -> new URL), included by deploy/nginx
    "LEGACY_REDIRECT_PAGES": True,  # also write an HTML redirect page at each old path a static file can serve
}

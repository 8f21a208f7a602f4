"""Nuea News core: the story contract and the rules every plugin, script and service shares.

| module | one rule |
| --- | --- |
| `story` | the typed `Story`: read from a story file (`read_story`), written back to one (`write_story`) |
| `statuses` | ร่าง/รอตรวจ/ตั้งเวลา/เผยแพร่/ถอนแล้ว and which stories are on the site (`is_live`) |
| `checks` | every problem of every story (`make check`, the build, the newsroom) |
| `keys`, `header` | Thai/English metadata keys; the `key: value` header of a story file |
| `thai_dates` | Buddhist-era dates: parsing what writers type, the forms readers see |
| `registry` | agencies and provinces (`content/agencies.toml`) |
| `story_ids`, `slugs` | ASCII story ids; URL slugs of sections and tags |
| `sanitize` | the allow-list story HTML passes through |
| `reporters`, `video_players` | a byline's reporter-page slug; the video players a page may frame (CSP frame-src) |
| `site`, `clock`, `files` | the site's absolute address, the build's "now", atomic write-if-changed |
| `problems` | `file:line: field: message` problems |
"""

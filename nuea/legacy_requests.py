"""How a reader's request finds an old address (ที่อยู่เดิม / legacy_url): the keys nginx and the local server look up.

Two lookups, in this order (deploy/nginx/nuea-news.conf, scripts/serve.py):
  exact  the request as sent ($request_uri): "/lampang/detail_new.php?id=41236&cat=2", in every form a browser may
         send for the address (a comma is written %2C in ที่อยู่เดิม, where commas separate addresses; browsers
         send it raw)
  by id  the path and the `id` argument ("$uri|$arg_id"): "/lampang/detail_new.php|41236", so that a reader's link
         with other parameters (&fbclid=...) still finds its story. $uri is the path decoded and normalised,
         $arg_id the first `id` argument as sent. A key two stories share is left out (their exact addresses stay).
nginx compares map keys without regard to ASCII case and refuses two keys that differ only in case: keys are
compared folded (fold_key) everywhere.
"""
from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote_to_bytes

from .legacy_urls import MAX_URI_BYTES, LegacyUrlError, parse_legacy_url

ID_ARGUMENT = "id"
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
# %XX escapes of characters browsers send unescaped (WHATWG URL: outside the path / query percent-encode sets) ...
_RAW_IN_PATH = {"2C": ",", "7C": "|"}
_RAW_IN_QUERY = {"2C": ",", "7C": "|", "5E": "^", "60": "`", "7B": "{", "7D": "}"}
# ... and characters they escape that an address may hold raw
_ESCAPED_IN_QUERY = {"'": "%27"}
_NOT_IN_KEY = re.compile(r'["\\\s\x00-\x1f\x7f\ud800-\udfff]')  # unquotable in an nginx map, or not UTF-8


def fold_key(key: str) -> str:
    """A map key as nginx compares it: ASCII letters in lower case (Thai and %XX escapes otherwise unchanged)."""
    return key.translate(_ASCII_LOWER)


def _browser_form(part: str, raw: dict[str, str], escaped: dict[str, str]) -> str:
    part = _ESCAPE.sub(lambda m: raw.get(m[1].upper(), m[0]), part)
    return "".join(escaped.get(ch, ch) for ch in part)


def _usable(key: str) -> bool:
    return not _NOT_IN_KEY.search(key) and len(key.encode("utf-8")) <= MAX_URI_BYTES


def request_forms(request_uri: str) -> tuple[str, ...]:
    """The requests a browser may send for an old address (parse_legacy_url's request_uri): as written, then as a
    browser writes it when that differs ("/a.php?id=1&t=x%2Cy" -> also "/a.php?id=1&t=x,y")."""
    path, sep, query = request_uri.partition("?")
    browser = _browser_form(path, _RAW_IN_PATH, {}) + sep + _browser_form(query, _RAW_IN_QUERY, _ESCAPED_IN_QUERY)
    return (request_uri,) if browser == request_uri or not _usable(browser) else (request_uri, browser)


def nginx_uri(raw_path: str | bytes) -> str:
    """nginx's $uri for a path as sent: %XX decoded, runs of / merged, . and .. resolved (bytes that are not UTF-8
    kept as surrogates, which no key holds)."""
    data = unquote_to_bytes(raw_path)
    data = re.sub(rb"/{2,}", b"/", data)
    if data.startswith(b"/"):
        normal = posixpath.normpath(data)
        if data.endswith((b"/", b"/.", b"/..")) and normal != b"/":
            normal += b"/"
        data = normal
    return data.decode("utf-8", "surrogateescape")


def arg_value(query: str, name: str = ID_ARGUMENT) -> str | None:
    """nginx's $arg_<name>: the value of the first `name=` argument as sent (name without regard to case)."""
    for part in query.split("&"):
        key, eq, value = part.partition("=")
        if eq and key.lower() == name:
            return value
    return None


def id_keys(request_uri: str) -> tuple[str, ...]:
    """The "$uri|$arg_id" keys of an old address; () when it has no id argument (or an empty one)."""
    path, _, query = request_uri.partition("?")
    uri = nginx_uri(path)
    values = (arg_value(q) for q in (query, _browser_form(query, _RAW_IN_QUERY, _ESCAPED_IN_QUERY)))
    keys = (f"{uri}|{value}" for value in dict.fromkeys(values) if value)
    return tuple(key for key in keys if _usable(key))


def request_keys(raw_path: bytes, query: bytes) -> tuple[str, str]:
    """(exact, by id) keys of a request as sent: what nginx's $request_uri and "$uri|$arg_id" hold."""
    path = raw_path.decode("utf-8", "surrogateescape")
    query_text = query.decode("utf-8", "surrogateescape")
    exact = path + (f"?{query_text}" if query_text else "")
    return exact, f"{nginx_uri(raw_path)}|{arg_value(query_text) or ''}"


@dataclass
class IdKeyOwners:
    """Who owns each by-id key: the one story claiming it; keys several stories claim belong to none."""

    owners: dict[str, tuple[str, str]] = field(default_factory=dict)  # folded key -> (key, story id)
    shared: dict[str, set[str]] = field(default_factory=dict)  # folded key -> the story ids sharing it

    def of(self, story_ids: set[str]) -> dict[str, str]:
        """key -> story id, for the keys owned by one of `story_ids`."""
        return {key: sid for key, sid in self.owners.values() if sid in story_ids}


def id_key_owners(stories: Iterable[tuple[str, Iterable[str]]]) -> IdKeyOwners:
    """stories: (story id, its old addresses) of every story that answers for its addresses (live or withdrawn).
    An address that cannot be parsed is skipped (the build reports it where it matters)."""
    found = IdKeyOwners()
    for sid, urls in stories:
        for url in urls:
            try:
                request_uri = parse_legacy_url(url).request_uri
            except LegacyUrlError:
                continue
            for key in id_keys(request_uri):
                folded = fold_key(key)
                if folded in found.shared:
                    found.shared[folded].add(sid)
                elif folded in found.owners and found.owners[folded][1] != sid:
                    found.shared[folded] = {found.owners.pop(folded)[1], sid}
                elif folded not in found.owners:
                    found.owners[folded] = (key, sid)
    return found


@dataclass(frozen=True)
class OldAddressAnswers:
    """What the site answers for old addresses, from the generated map files; keys folded. The local server's
    copy of the nginx rules (same order)."""

    redirects: dict[str, str]  # exact request -> new URL
    redirects_by_id: dict[str, str]  # "$uri|$arg_id" -> new URL
    gone: frozenset[str]  # withdrawn stories: their paths ($uri) and old addresses ($request_uri)
    gone_by_id: frozenset[str]  # withdrawn stories' "$uri|$arg_id"

    @classmethod
    def from_maps(cls, redirects: dict[str, str], redirects_by_id: dict[str, str], gone: Iterable[str],
                  gone_by_id: Iterable[str]) -> OldAddressAnswers:
        return cls({fold_key(k): v for k, v in redirects.items()}, {fold_key(k): v for k, v in redirects_by_id.items()},
                   frozenset(map(fold_key, gone)), frozenset(map(fold_key, gone_by_id)))

    def answer(self, raw_path: bytes, query: bytes) -> tuple[int, str] | None:
        """(301, new URL), (410, "") or None (serve the file): the exact request first, then its path and id (unless
        the exact request is a withdrawn story's), then the withdrawn stories' addresses."""
        exact, by_id = (fold_key(k) for k in request_keys(raw_path, query))
        if exact in self.redirects:
            return 301, self.redirects[exact]
        if exact not in self.gone and by_id in self.redirects_by_id:
            return 301, self.redirects_by_id[by_id]
        if fold_key(nginx_uri(raw_path)) in self.gone or exact in self.gone or by_id in self.gone_by_id:
            return 410, ""
        return None

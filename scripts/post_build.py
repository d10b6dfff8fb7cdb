#!/usr/bin/env python3
"""Trunk post_build hook (see Trunk.toml): finishes the staged dist before Trunk moves it in place.

Trunk 0.21 runs hooks from the project root with these environment variables:
TRUNK_PROFILE (debug|release), TRUNK_HTML_FILE, TRUNK_SOURCE_DIR, TRUNK_STAGING_DIR,
TRUNK_DIST_DIR and TRUNK_PUBLIC_URL. A post_build hook runs after index.html has been
written to TRUNK_STAGING_DIR. For a manual run: `python3 scripts/post_build.py STAGING_DIR`.

Steps, in order:
 (a) Content-Security-Policy: replace the placeholder LAKELAB_CSP in index.html's CSP meta tag
     with the policy below, listing the sha256 hash of every inline <script> (Trunk injects an
     inline module that loads the wasm) and of any inline <style>. No 'unsafe-inline' anywhere.
 (b) 404.html = the final index.html, so a static host answers deep links with the app.
 (c) sw.js: fill in __LAKELAB_BUILD_ID__ (first 16 hex of a sha256 over every staged file)
     and __LAKELAB_PRECACHE__ (JSON array of every staged file as a URL relative to sw.js;
     "./" stands for index.html; sw.js and 404.html are left out). Relative URLs resolve
     against the service worker's own location, so the same list works under a sub-path.

Any surprise (placeholder missing, inline handler that CSP would block, ...) fails the build.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import quote

CSP_PLACEHOLDER = 'content="LAKELAB_CSP"'
BUILD_ID_PLACEHOLDER = "__LAKELAB_BUILD_ID__"
PRECACHE_PLACEHOLDER = "__LAKELAB_PRECACHE__"

# <script ...>text</script> and <style ...>text</style>; attributes are matched loosely,
# which is enough for the HTML Trunk writes (no '>' inside attribute values).
SCRIPT_RE = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
STYLE_RE = re.compile(r"<style\b([^>]*)>(.*?)</style\s*>", re.IGNORECASE | re.DOTALL)
SRC_ATTR_RE = re.compile(r"""(?:^|\s)src\s*=""", re.IGNORECASE)
# Inline event handlers and style attributes can only be allowed with 'unsafe-hashes' or
# 'unsafe-inline': refuse them instead of shipping a page that CSP silently breaks.
INLINE_ATTR_RE = re.compile(r"""<[a-zA-Z][^>]*\s(on[a-z]+|style)\s*=""", re.IGNORECASE)


def fail(message: str) -> None:
    print(f"post_build.py: error: {message}", file=sys.stderr)
    sys.exit(1)


def csp_hash(text: str) -> str:
    # Browsers hash the element's text after the HTML parser's newline normalisation.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def build_csp(html: str) -> str:
    script_hashes = unique([csp_hash(body) for attrs, body in SCRIPT_RE.findall(html)
                            if not SRC_ATTR_RE.search(attrs)])
    style_hashes = unique([csp_hash(body) for _attrs, body in STYLE_RE.findall(html)])
    if not script_hashes:
        fail("index.html has no inline <script>; expected Trunk's wasm loader")
    directives = [
        "default-src 'self'",
        " ".join(["script-src 'self' 'wasm-unsafe-eval'", *script_hashes]),
        " ".join(["style-src 'self'", *style_hashes]),
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'none'",
    ]
    return "; ".join(directives)


def finish_html(stage: Path) -> str:
    index = stage / "index.html"
    if not index.is_file():
        fail(f"{index} not found")
    html = index.read_text(encoding="utf-8")
    count = html.count(CSP_PLACEHOLDER)
    if count != 1:
        fail(f"index.html must contain the CSP meta placeholder {CSP_PLACEHOLDER} exactly once "
             f"(found {count})")
    # Only look at the markup outside <script>/<style> bodies for inline handlers.
    markup = STYLE_RE.sub("", SCRIPT_RE.sub("", html))
    bad = INLINE_ATTR_RE.search(markup)
    if bad:
        fail(f"index.html has an inline '{bad.group(1)}=' attribute, which the CSP blocks")
    csp = build_csp(html)
    html = html.replace(CSP_PLACEHOLDER, f'content="{csp}"')
    index.write_text(html, encoding="utf-8")
    # (b) deep links on static hosts: same document, served with status 404.
    shutil.copyfile(index, stage / "404.html")
    base = re.search(r"<base\s[^>]*href=\"([^\"]*)\"", html)
    if base and not base.group(1).startswith("/"):
        print(f"post_build.py: warning: <base href=\"{base.group(1)}\"> is relative, so 404.html "
              "will not find its assets from a deep link; build with an absolute --public-url",
              file=sys.stderr)
    return csp


def staged_files(stage: Path) -> list[Path]:
    files = []
    for path in sorted(stage.rglob("*")):
        rel = path.relative_to(stage)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            files.append(rel)
    return files


def finish_service_worker(stage: Path) -> tuple[str, list[str]]:
    sw = stage / "sw.js"
    if not sw.is_file():
        fail("sw.js is not in the staged dist (index.html must copy public/sw.js)")
    template = sw.read_text(encoding="utf-8")
    for placeholder in (BUILD_ID_PLACEHOLDER, PRECACHE_PLACEHOLDER):
        if placeholder not in template:
            fail(f"sw.js lacks the placeholder {placeholder}")

    files = staged_files(stage)
    # Build id: every staged file, by name and content (the sw.js template included, so a
    # change to the worker's code alone also produces a new cache).
    h = hashlib.sha256()
    for rel in files:
        h.update(rel.as_posix().encode() + b"\0")
        h.update((stage / rel).read_bytes() + b"\0")
    build_id = h.hexdigest()[:16]

    precache = []
    for rel in files:
        name = rel.as_posix()
        if name in ("sw.js", "404.html"):
            continue
        precache.append("./" if name == "index.html" else quote(name))
    precache.sort(key=lambda url: (url != "./", url))

    text = template.replace(BUILD_ID_PLACEHOLDER, build_id)
    text = text.replace(PRECACHE_PLACEHOLDER, json.dumps(precache))
    sw.write_text(text, encoding="utf-8")
    return build_id, precache


def main() -> int:
    stage_env = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "")
    if not stage_env:
        fail("TRUNK_STAGING_DIR is not set (run by Trunk, or pass the staging dir)")
    stage = Path(stage_env)
    if not stage.is_dir():
        fail(f"staging dir {stage} does not exist")

    csp = finish_html(stage)
    build_id, precache = finish_service_worker(stage)
    print(f"post_build.py: profile={os.environ.get('TRUNK_PROFILE', '?')} "
          f"public_url={os.environ.get('TRUNK_PUBLIC_URL', '?')} build_id={build_id} "
          f"precache={len(precache)} files")
    print(f"post_build.py: CSP: {csp}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

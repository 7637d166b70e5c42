"""Refuse what is not an article page before parsing: each refusal is a short, stable reason slug.

The store counts failures by reason, so the slugs never change: ``empty-page``, ``too-large``,
``binary-content``, ``not-html``, ``truncated-html``, ``malformed-html``. Nothing here raises on junk input.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement
from trafilatura.utils import decode_file, load_html

# A news article page is rarely over 1 MB; 4 MiB leaves room for inline scripts and SVG while
# keeping lxml and trafilatura from spending seconds on a log dump or a data page.
MAX_PAGE_BYTES = 4 * 1024 * 1024
_BINARY_MAGIC = (
    b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"RIFF", b"\x00\x00\x01\x00",
    b"ID3", b"OggS", b"\x7fELF", b"Rar!", b"7z\xbc\xaf", b"BZh", b"\xfd7zXZ",
)
_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])
_MARKUP = re.compile(rb"<\s*(?:!doctype|html|head|body|div|p|article|main|title|meta|section|span|h1)\b", re.I)


class Refused(Exception):
    """A page that cannot be an article; ``reason`` is the stable slug, ``detail`` for the log."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


def check_bytes(raw: bytes, size: int | None = None) -> None:
    """Raise ``Refused`` for empty, oversized, binary or markup-free content.

    ``raw`` may be only the beginning of the page when ``size`` gives the full length.
    """
    size = len(raw) if size is None else size
    if not raw.strip():
        raise Refused("empty-page", "no bytes or only whitespace")
    if size > MAX_PAGE_BYTES:
        raise Refused("too-large", f"{size} bytes > {MAX_PAGE_BYTES}")
    head = raw[:4096]
    if head.lstrip().startswith(_BINARY_MAGIC) or head.startswith(_BINARY_MAGIC):
        raise Refused("binary-content", f"starts with {head[:8]!r}")
    # Text never holds NUL bytes (UTF-16 pages, which start with a BOM, are decoded before this).
    if b"\x00" in head:
        raise Refused("binary-content", "NUL bytes in the first 4 KiB")
    control = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if control > len(head) // 20:
        raise Refused("binary-content", f"{control} control bytes in the first 4 KiB")
    if not _MARKUP.search(raw[:65536]):
        raise Refused("not-html", "no HTML element in the first 64 KiB")


def check_complete(tail: bytes) -> None:
    """Raise ``Refused("truncated-html")`` when the page ends without ``</body>`` or ``</html>``.

    A connection cut mid-page leaves a story without its end; an incomplete story in a clipping is
    worse than a counted failure (the crawler refetches). All 181 benchmark pages close their tags.
    """
    lowered = tail.lower()
    if b"</html" not in lowered and b"</body" not in lowered:
        raise Refused("truncated-html", f"ends with {tail[-40:]!r}")


def parse(page: bytes | str) -> tuple[str, HtmlElement]:
    """Check, decode and parse a page; return the decoded HTML and its tree, or raise ``Refused``."""
    if isinstance(page, bytes) and page.startswith((b"\xff\xfe", b"\xfe\xff")):
        page = page.decode("utf-16", errors="replace")  # the checks below read ASCII markup
    if isinstance(page, str):
        # Already decoded: check the ends only; the size in characters stands for bytes.
        check_bytes(page[:65536].encode("utf-8", "replace"), size=len(page))
        check_complete(page[-4096:].encode("utf-8", "replace"))
    else:
        check_bytes(page)
        check_complete(page[-4096:])
    html = page if isinstance(page, str) else decode_file(page)
    if "\ufffd" in html[:4096] and html[:4096].count("\ufffd") > 200:
        raise Refused("binary-content", "undecodable bytes")
    try:
        tree = load_html(html)
    except Exception as exc:  # lxml raises several types on broken documents
        raise Refused("malformed-html", f"{type(exc).__name__}: {exc}") from None
    if tree is None or tree.find(".//body") is None and len(tree) < 1:
        raise Refused("malformed-html", "no parsable document tree")
    return html, tree

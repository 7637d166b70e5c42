"""URL canonicalisation and the URL guards every request passes (schemes, hosts, private addresses).

The canonical URL is the key of the seen-URL record (``pages.url``): two spellings of one article
must map to one key, or the article is fetched and counted twice. Rules (Media Cloud style, see
paser.md): drop the fragment, tracking parameters (utm_*, fbclid, gclid, ga_*, ref, PHPSESSID ...),
``www.``/``m.``/``amp.`` host prefixes and ``/amp`` path variants, the trailing slash and a default
port; lowercase scheme and host; sort the remaining query parameters. A non-default port is kept:
on loopback test origins the port is what tells two sites apart.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

FETCHABLE_SCHEMES = ("http", "https")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_TRACKING = re.compile(
    r"^(utm_\w*|ga_\w*|_ga|_gl|fbclid|gclid|dclid|msclkid|yclid|mc_cid|mc_eid|igshid|ref|ref_src|"
    r"referrer|phpsessid|sessionid|sid|jsessionid|aspsessionid\w*|amp|outputtype|__twitter_impression|"
    r"spm|share|from)$",
    re.IGNORECASE,
)
_HOST_PREFIXES = ("www.", "m.", "amp.", "mobile.")
_AMP_SUFFIX = re.compile(r"(/amp|/amp\.html|\.amp)$", re.IGNORECASE)


def normalize_host(host: str) -> str:
    """Lowercase host without www./m./amp. prefixes (the outlet's identity)."""
    host = host.lower().rstrip(".")
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and "." in host[len(prefix):]:
            host = host[len(prefix):]
            break
    return host


def host_key(url: str) -> str:
    """``host[:port]`` of a URL, normalised; the key for outlets, politeness and redirect checks."""
    parts = urlsplit(url)
    host = normalize_host(parts.hostname or "")
    try:
        port = parts.port
    except ValueError:
        port = None
    if port and port != _DEFAULT_PORTS.get(parts.scheme.lower()):
        return f"{host}:{port}"
    return host


def canonicalize(url: str) -> str:
    """The canonical spelling of an http(s) URL; other strings are returned stripped, unchanged."""
    url = url.strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in FETCHABLE_SCHEMES or not parts.hostname:
        return url
    netloc = host_key(url)
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    path = _AMP_SUFFIX.sub("", path) or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    query.sort()
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def absolute(base: str, link: str | None) -> str | None:
    """``link`` resolved against ``base``; None for empty links and odd schemes (javascript:, mailto: ...)."""
    if not link:
        return None
    link = link.strip()
    try:
        url = urljoin(base, link)
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in FETCHABLE_SCHEMES or not parts.hostname:
        return None
    return url


def is_private_host(host: str) -> bool:
    """True for loopback, private, link-local and unspecified IP literals and for ``localhost``.

    Hostnames are not resolved here (no blocking DNS in the crawl loop); a public source whose
    name resolves to an internal address is caught by nothing but this host check and the
    redirect host rule, which keeps redirects on the source's own hosts.
    """
    host = host.split(":")[0] if host.count(":") == 1 else host
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost") or host.endswith(".local"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_reserved


def host_allowed(host: str, allowed: frozenset[str]) -> bool:
    """True when ``host`` is one of ``allowed`` or a subdomain of one (berita.paserkab.go.id)."""
    host = normalize_host(host)
    return any(host == a or host.endswith("." + a) for a in allowed)

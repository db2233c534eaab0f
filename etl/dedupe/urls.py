"""URL normalisation: every address of one page (AMP, tracking, www., http) folds to one key."""

from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

_TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ref",
        "ref_src",
        "ref_url",
        "cmpid",
        "ocid",
        "ito",
        "spm",
        "share",
        "sharetype",
        "smid",
        "amp",
        "__twitter_impression",
    }
)
_TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "hsa_")
_VARIANT_HOST_PREFIXES = ("www.", "amp.", "m.", "mobile.")
_AMP_CACHE_SUFFIX = ".cdn.ampproject.org"
_PATH_SAFE = "/:@!$&'()*+,;=-._~"


def _is_tracking(key: str, value: str) -> bool:
    lowered = key.lower()
    if lowered in ("output", "outputtype"):
        return value.lower() == "amp"
    return lowered in _TRACKING_PARAMETERS or lowered.startswith(_TRACKING_PREFIXES)


def _host_without_variants(host: str) -> str:
    if not host.startswith(_VARIANT_HOST_PREFIXES):
        return host
    stripped = True
    while stripped:
        stripped = False
        for prefix in _VARIANT_HOST_PREFIXES:
            if host.startswith(prefix) and host.count(".") >= 2:
                host = host.removeprefix(prefix)
                stripped = True
    return host


def _canonical_escapes(path: str) -> str:
    """One spelling for raw and percent-encoded non-ASCII paths (Arabic slugs come as both)."""
    if "%" not in path and path.isascii():
        return path
    return quote(unquote(path), safe=_PATH_SAFE)


def _path_without_amp(path: str) -> str:
    path = path.rstrip("/")
    if path.endswith(".amp.html"):
        path = path.removesuffix(".amp.html") + ".html"
    elif path.endswith(".amp"):
        path = path.removesuffix(".amp")
    if "/amp" in path:
        path = "/".join(segment for segment in path.split("/") if segment != "amp").rstrip("/")
    return _canonical_escapes(path)


def _unwrap_amp_cache(host: str, path: str) -> tuple[str, str]:
    """Google's AMP cache serves example.com/a as <x>.cdn.ampproject.org/c/s/example.com/a."""
    parts = path.split("/", 4)
    if len(parts) >= 4 and parts[1] in ("c", "v") and parts[2] == "s":
        return parts[3], "/" + (parts[4] if len(parts) > 4 else "")
    if len(parts) >= 3 and parts[1] in ("c", "v"):
        return parts[2], "/" + "/".join(parts[3:])
    return host, path


def normalise_url(url: str | None) -> str | None:
    """Fold an article address to one key, or None when it is not an absolute http(s) URL.

    https, lower-case host without www./amp./m. and port, no AMP path or query variant, no
    tracking parameters or fragment, no trailing slash; other query parameters kept, sorted.
    """
    if url is None or not url.strip():
        return None
    text = url.strip()
    if text.startswith("//"):
        text = "https:" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    path = parts.path
    if host.endswith(_AMP_CACHE_SUFFIX):
        host, path = _unwrap_amp_cache(host, path)
        host = host.lower()
    host = _host_without_variants(host.lower())
    query = (
        sorted(
            (key, value)
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
            if not _is_tracking(key, value)
        )
        if parts.query
        else []
    )
    return urlunsplit(("https", host, _path_without_amp(path), urlencode(query), ""))

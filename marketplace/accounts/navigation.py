"""Where to send a person after a form: only ever back into this site."""
from urllib.parse import urlsplit

from flask import request, url_for


def local_path(target: str | None) -> str | None:
    """`target` if it is a path on this host, else None: no scheme, no host, no "//evil"."""
    target = target or ""
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.scheme and not parts.netloc and "\\" not in target:
        return target
    return None


def requested_next() -> str | None:
    """The safe `next` the request asks for, if any."""
    return local_path(request.args.get("next") or request.form.get("next"))


def safe_next(default_endpoint: str = "web.home") -> str:
    return requested_next() or url_for(default_endpoint)

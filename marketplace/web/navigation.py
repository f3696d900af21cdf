"""Where to send a person after a form: only ever back into this site."""
from urllib.parse import urlsplit

from flask import request, url_for


def safe_next(default_endpoint: str = "web.home") -> str:
    target = request.args.get("next") or request.form.get("next") or ""
    parts = urlsplit(target)
    # A path on this host only: no scheme, no host, no protocol-relative "//evil".
    if target.startswith("/") and not target.startswith("//") and not parts.scheme and not parts.netloc and "\\" not in target:
        return target
    return url_for(default_endpoint)

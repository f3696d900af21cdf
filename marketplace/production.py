"""Settings that are fine on a laptop and dangerous in production: outside debug the shop
refuses to start with the first of them, in one line that says what to set."""
from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from .config import DEMO_PAYMENT_DETAILS


# The demo's made-up numbers (the bank's name and the holder may well be the real ones).
DEMO_ACCOUNT = ("PAYMENT_ACCOUNT_NUMBER", "PAYMENT_ACCOUNT_CCI", "PAYMENT_YAPE_NUMBER")


class UnsafeSettings(RuntimeError):
    """The shop would run, but not safely; the message says which setting to change."""


def _is_local_host(host: str) -> bool:
    if host in ("localhost", "") or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def base_url_problem(base_url: str | None) -> str | None:
    parts = urlsplit(base_url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "PUBLIC_BASE_URL must be the shop's public address, e.g. PUBLIC_BASE_URL=https://mercadocolectivo.pe"
    if _is_local_host(parts.hostname):
        return f"PUBLIC_BASE_URL is {base_url}: emails and payments would link to this machine; set the public address"
    return None


def problems(config) -> list[str]:
    """What makes these settings unsafe outside debug, most basic first; [] when none."""
    found = [base_url_problem(config.get("PUBLIC_BASE_URL"))]
    if str(config.get("RATELIMIT_STORAGE_URI", "memory://")).startswith("memory://"):
        found.append("RATELIMIT_STORAGE_URI is memory://: each process would count sign-in attempts alone; "
                     "set RATELIMIT_STORAGE_URI=redis://HOST:6379/0")
    if config.get("MACHINES", 1) > 1 and not config.get("MEDIA_S3_BUCKET"):
        found.append(f"MACHINES={config['MACHINES']} with photos on the local disk: each machine would see only its "
                     "own; set MEDIA_S3_BUCKET")
    if config.get("MACHINES", 1) > 1 and not config.get("JOBS_REDIS_URL"):
        found.append(f"MACHINES={config['MACHINES']} with jobs run in each web process: emails would be sent "
                     "during requests and the schedule kept on every machine; set JOBS_REDIS_URL=redis://HOST:6379/1 "
                     "and run `flask jobs worker`")
    demo = [name for name in DEMO_ACCOUNT if config.get(name) == DEMO_PAYMENT_DETAILS[name]]
    if demo:
        found.append(f"{', '.join(demo)} still hold the demo bank details buyers would pay into; set the real ones")
    return [problem for problem in found if problem]


def check(config) -> None:
    """Raise UnsafeSettings with the first problem, if any."""
    found = problems(config)
    if found:
        raise UnsafeSettings(found[0])

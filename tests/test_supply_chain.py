"""Supply chain: every dependency installed from a lock file, each file checked against its hash,
and CI audits the locked versions for known vulnerabilities or says loudly that it could not."""
import re
import socket
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _pins(lock: Path) -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes) for each requirement of a pip-compile lock file."""
    pins, current = {}, None
    for line in lock.read_text().splitlines():
        found = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line)
        if found:
            current = found.group(1).lower().replace("_", "-")
            pins[current] = (found.group(2), 0)
        elif current and "--hash=sha256:" in line:
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
    return pins


def _declared(*, dev: bool) -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] + (project["optional-dependencies"]["dev"] if dev else [])
    declared = {}
    for requirement in requirements:
        name, version = re.match(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^;\s]+)", requirement).groups()
        declared[name.lower().replace("_", "-")] = version
    return declared


@pytest.mark.parametrize(("lock", "dev"), [("requirements.lock", False), ("requirements-dev.lock", True)])
def test_every_dependency_is_locked_at_its_declared_version_with_hashes(lock, dev):
    pins = _pins(ROOT / lock)
    for name, version in _declared(dev=dev).items():
        assert pins.get(name, (None,))[0] == version, f"{name}=={version} is not in {lock}: run make lock"
    assert pins and all(hashes for _, hashes in pins.values()), f"{lock} has requirements without hashes"


def test_make_installs_only_from_the_lock_files_checking_every_hash():
    plan = subprocess.run(["make", "-n", "-B", "install-dev"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    installs = [line for line in plan.splitlines() if " install " in line and "pip " in line and "--upgrade pip" not in line]
    assert installs[0].endswith("--require-hashes --no-deps -r requirements-dev.lock")
    assert installs[1].endswith("--no-deps -e .")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_ci_says_loudly_when_no_vulnerability_service_answers():
    assert ".ci/audit-dependencies" in (ROOT / ".ci/run").read_text()
    result = subprocess.run([str(ROOT / ".ci/audit-dependencies")], cwd=ROOT, capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "PYPI_JSON_URL": f"http://127.0.0.1:{_closed_port()}/pypi"})
    assert result.returncode == 0
    assert "SKIPPED: dependency audit" in result.stdout and "NOT checked" in result.stdout

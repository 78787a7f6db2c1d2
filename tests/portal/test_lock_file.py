"""requirements.lock (the image) and requirements-dev.lock (`make setup`) pin, with hashes,
every dependency pyproject.toml asks for, at versions it allows: a dependency added to
pyproject.toml without `make lock` fails here, not in a build."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _pins(lock: str) -> dict[str, tuple[str, list[str]]]:
    text = (ROOT / lock).read_text()
    pins = {}
    for block in re.split(r"\n(?=\S)", text):
        match = re.match(r"([A-Za-z0-9_.-]+)==(\S+)", block)
        if match:
            hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", block)
            pins[canonicalize_name(match.group(1))] = (match.group(2), hashes)
    return pins


@pytest.mark.parametrize(
    ("lock", "groups"),
    [("requirements.lock", ["runtime"]), ("requirements-dev.lock", ["runtime", "dev"])],
)
def test_the_lock_pins_every_dependency_within_its_range(lock, groups):
    pins = _pins(lock)
    wanted = [*PROJECT["dependencies"]] + (
        PROJECT["optional-dependencies"]["dev"] if "dev" in groups else []
    )
    for line in wanted:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in {lock}: run `make lock`"
        version = pins[name][0]
        assert requirement.specifier.contains(version, prereleases=True), (name, version)
    assert all(hashes for _, hashes in pins.values()), "every pin carries its hashes"


def test_both_locks_pin_the_portals_packages_alike():
    runtime, dev = _pins("requirements.lock"), _pins("requirements-dev.lock")
    assert {name: dev[name][0] for name in runtime} == {n: v for n, (v, _) in runtime.items()}


def test_every_dependency_is_capped():
    for line in PROJECT["dependencies"] + PROJECT["optional-dependencies"]["dev"]:
        requirement = Requirement(line)
        if requirement.name in {"crispy-bootstrap5", "ruff"}:
            continue  # calendar versions / a linter whose every release is a minor one
        assert any(spec.operator in {"<", "<="} for spec in requirement.specifier), line

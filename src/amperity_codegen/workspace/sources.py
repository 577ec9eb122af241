"""spec/sources.toml: which documents the project generates, and how.

Each `[[source]]` names one published document (its URL and file name), the package built from
it, the changelog API it belongs to, the overlays that repair it, its rate limit, and the
parameters the client sets once (tenant, version) instead of on each call.
"""

from __future__ import annotations

import keyword
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packaging.licenses import InvalidLicenseExpression, canonicalize_license_expression

from amperity_codegen.emit.render import DEFAULT_LICENSE
from amperity_codegen.errors import SpecError, pointer, raise_all

ROLES = ("tenant", "version")
_FIELDS = {"name", "url", "file", "package", "api", "overlays", "rate_limit", "client_parameters", "license"}
_REQUIRED = ("name", "url", "file", "package", "api")


@dataclass(frozen=True)
class Source:
    name: str  # e.g. "amperity-api"
    url: str  # where Amperity publishes the document
    file: str  # its file name, also its name in a mirror folder
    package: str  # the Python package generated from it, e.g. "amperity_api"
    api: str  # its name in the changelog, e.g. "Amperity API"
    overlays: tuple[Path, ...] = ()  # absolute paths, applied in order
    rate_limit: float | None = None  # requests per second
    client_parameters: Mapping[str, str] = field(default_factory=dict)  # wire name -> role
    license: str = DEFAULT_LICENSE  # the package's SPDX license expression


def load_sources(path: Path) -> list[Source]:
    """Every source in a sources.toml, in file order; SpecErrors lists all that is wrong with it."""
    name = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SpecError(name, "", "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(name, "", f"cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(name, "", f"invalid TOML: {exc}") from None
    return _sources(data, name, path.parent)


def _sources(data: dict[str, Any], name: str, base: Path) -> list[Source]:
    problems: list[SpecError] = []
    for key in data:
        if key != "source":
            problems.append(SpecError(name, pointer(key), f"unknown table {key!r}: expected [[source]]"))
    entries = data.get("source", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        problems.append(SpecError(name, "/source", "`source` must be an array of tables, [[source]]"))
        entries = []
    sources = []
    for i, entry in enumerate(entries):
        found = _Entry(entry, name, i, base)
        problems += found.problems
        if not found.problems:
            sources.append(found.source())
    for attribute in ("name", "file", "package"):
        seen: set[str] = set()
        for i, source in enumerate(sources):
            value = getattr(source, attribute)
            if value in seen:
                problems.append(
                    SpecError(name, pointer("source", i, attribute), f"{attribute} {value!r} is used twice")
                )
            seen.add(value)
    raise_all(problems)
    return sources


class _Entry:
    """One [[source]] table, checked field by field."""

    def __init__(self, entry: dict[str, Any], document: str, index: int, base: Path) -> None:
        self.entry, self.document, self.index, self.base = entry, document, index, base
        self.problems: list[SpecError] = []
        for key in entry:
            if key not in _FIELDS:
                self.problem(key, f"unknown field {key!r}")
        missing = [key for key in _REQUIRED if not (isinstance(entry.get(key), str) and entry[key].strip())]
        for key in missing:
            self.problem(key, "missing" if entry.get(key) is None else "must be a non-empty string")
        if missing:
            return
        if not entry["url"].startswith(("https://", "http://")):
            self.problem("url", "must be an http(s) URL")
        file = entry["file"]
        if Path(file).name != file or file in (".", ".."):
            self.problem("file", "must be a file name, without folders")
        package = entry["package"]
        if not package.isidentifier() or keyword.iskeyword(package) or package != package.lower():
            self.problem("package", "must be a lower-case Python package name")
        self.check_overlays()
        license = entry.get("license", DEFAULT_LICENSE)
        try:
            canonicalize_license_expression(license if isinstance(license, str) else "")
        except InvalidLicenseExpression:
            self.problem("license", 'must be an SPDX license expression, e.g. "MIT" or "LicenseRef-Proprietary"')
        rate = entry.get("rate_limit")
        if rate is not None and (isinstance(rate, bool) or not isinstance(rate, int | float) or rate <= 0):
            self.problem("rate_limit", "must be a positive number (requests per second)")
        params = entry.get("client_parameters", {})
        if not isinstance(params, dict):
            self.problem("client_parameters", "must be a table of wire name = role")
        else:
            for wire, role in params.items():
                if role not in ROLES:
                    self.problem("client_parameters", f"{wire!r}: role must be one of {', '.join(ROLES)}")

    def problem(self, key: str, message: str) -> None:
        self.problems.append(SpecError(self.document, pointer("source", self.index, key), message))

    def check_overlays(self) -> None:
        overlays = self.entry.get("overlays", [])
        if not isinstance(overlays, list) or not all(isinstance(o, str) for o in overlays):
            self.problem("overlays", "must be a list of paths")
            return
        for overlay in overlays:
            if Path(overlay).is_absolute():
                self.problem("overlays", f"{overlay!r} must be relative to {self.base}")
            elif not (self.base / overlay).is_file():
                self.problem("overlays", f"{overlay!r}: no such file in {self.base}")

    def source(self) -> Source:
        e = self.entry
        rate = e.get("rate_limit")
        return Source(
            name=e["name"],
            url=e["url"],
            file=e["file"],
            package=e["package"],
            api=e["api"],
            overlays=tuple(self.base / o for o in e.get("overlays", [])),
            rate_limit=None if rate is None else float(rate),
            client_parameters=dict(e.get("client_parameters", {})),
            license=canonicalize_license_expression(e.get("license", DEFAULT_LICENSE)),
        )

"""spec/sources.toml: which documents the project generates, and how.

Each `[[source]]` names one published document (its URL and file name), the package built from
it, the changelog API it belongs to, the overlays that repair it, its rate limit, and the
parameters the client sets once (tenant, version) instead of on each call.

A source whose API has no published document names instead the document written for it in the
project (`authored`) and the documentation pages it was written from (`pages`), which
`generator/pages.py` keeps it equal to.
"""

from __future__ import annotations

import keyword
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packaging.licenses import InvalidLicenseExpression, canonicalize_license_expression

from amperity_codegen.emit import DEFAULT_LICENSE
from amperity_codegen.errors import SpecError, pointer, raise_all

ROLES = ("tenant", "version")
_PUBLISHED = ("url", "file")  # required of a published document's source
_AUTHORED = ("authored", "pages")  # required of an authored document's source, instead
_FIELDS = {
    "name",
    "package",
    "api",
    "overlays",
    "rate_limit",
    "client_parameters",
    "license",
    *_PUBLISHED,
    *_AUTHORED,
}


@dataclass(frozen=True)
class Source:
    name: str  # e.g. "amperity-api"
    url: str  # where Amperity publishes the document ("" for an authored one)
    file: str  # its file name, also its name in a mirror folder (an authored one's own name)
    package: str  # the Python package generated from it, e.g. "amperity_api"
    api: str  # its name in the changelog, e.g. "Amperity API"
    overlays: tuple[Path, ...] = ()  # absolute paths, applied in order
    rate_limit: float | None = None  # requests per second
    client_parameters: Mapping[str, str] = field(
        default_factory=dict
    )  # wire name -> role
    license: str = DEFAULT_LICENSE  # the package's SPDX license expression
    authored: Path | None = (
        None  # absolute: the document written in the project, if not published
    )
    pages: Path | None = (
        None  # absolute: the pages folder an authored document is kept equal to
    )


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
            problems.append(
                SpecError(
                    name, pointer(key), f"unknown table {key!r}: expected [[source]]"
                )
            )
    entries = data.get("source", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        problems.append(
            SpecError(
                name, "/source", "`source` must be an array of tables, [[source]]"
            )
        )
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
                    SpecError(
                        name,
                        pointer("source", i, attribute),
                        f"{attribute} {value!r} is used twice",
                    )
                )
            seen.add(value)
    raise_all(problems)
    return sources


class _Entry:
    """One [[source]] table, checked field by field."""

    def __init__(
        self, entry: dict[str, Any], document: str, index: int, base: Path
    ) -> None:
        self.entry, self.document, self.index, self.base = entry, document, index, base
        self.problems: list[SpecError] = []
        for key in entry:
            if key not in _FIELDS:
                self.problem(key, f"unknown field {key!r}")
        authored = "authored" in entry
        for key in _PUBLISHED if authored else _AUTHORED:
            if key in entry:
                self.problem(
                    key,
                    f"only for {'a published' if authored else 'an authored'} document",
                )
        required = ("name", *(_AUTHORED if authored else _PUBLISHED), "package", "api")
        missing = [
            key
            for key in required
            if not (isinstance(entry.get(key), str) and entry[key].strip())
        ]
        for key in missing:
            self.problem(
                key,
                "missing" if entry.get(key) is None else "must be a non-empty string",
            )
        if missing:
            return
        if authored:
            document = entry["authored"]
            if Path(document).is_absolute():
                self.problem(
                    "authored", f"{document!r} must be relative to {self.base}"
                )
            elif not (self.base / document).is_file():
                self.problem("authored", f"{document!r}: no such file in {self.base}")
            # The pages live outside the project, like a mirror: an absolute path is fine.
            if not (self.base / entry["pages"]).is_dir():
                self.problem(
                    "pages", f"{entry['pages']!r}: no such folder in {self.base}"
                )
        else:
            if not entry["url"].startswith(("https://", "http://")):
                self.problem("url", "must be an http(s) URL")
            file = entry["file"]
            if Path(file).name != file or file in (".", ".."):
                self.problem("file", "must be a file name, without folders")
        package = entry["package"]
        if (
            not package.isidentifier()
            or keyword.iskeyword(package)
            or package != package.lower()
        ):
            self.problem("package", "must be a lower-case Python package name")
        self.check_overlays()
        license = entry.get("license", DEFAULT_LICENSE)
        try:
            canonicalize_license_expression(license if isinstance(license, str) else "")
        except InvalidLicenseExpression:
            self.problem(
                "license",
                'must be an SPDX license expression, e.g. "MIT" or "LicenseRef-Proprietary"',
            )
        rate = entry.get("rate_limit")
        if rate is not None and (
            isinstance(rate, bool) or not isinstance(rate, int | float) or rate <= 0
        ):
            self.problem(
                "rate_limit", "must be a positive number (requests per second)"
            )
        params = entry.get("client_parameters", {})
        if not isinstance(params, dict):
            self.problem("client_parameters", "must be a table of wire name = role")
        else:
            for wire, role in params.items():
                if role not in ROLES:
                    self.problem(
                        "client_parameters",
                        f"{wire!r}: role must be one of {', '.join(ROLES)}",
                    )

    def problem(self, key: str, message: str) -> None:
        self.problems.append(
            SpecError(self.document, pointer("source", self.index, key), message)
        )

    def check_overlays(self) -> None:
        overlays = self.entry.get("overlays", [])
        if not isinstance(overlays, list) or not all(
            isinstance(o, str) for o in overlays
        ):
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
        authored = self.base / e["authored"] if "authored" in e else None
        return Source(
            name=e["name"],
            url=e.get("url", ""),
            file=e["file"] if authored is None else authored.name,
            package=e["package"],
            api=e["api"],
            overlays=tuple(self.base / o for o in e.get("overlays", [])),
            rate_limit=None if rate is None else float(rate),
            client_parameters=dict(e.get("client_parameters", {})),
            license=canonicalize_license_expression(e.get("license", DEFAULT_LICENSE)),
            authored=authored,
            pages=Path(os.path.normpath(self.base / e["pages"])) if authored else None,
        )

"""The flow, end to end: document → IR → files → formatted → swapped into place.

Each stage is a plain function in its own module; this one only chains them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator import ir
from generator.document import prepare
from generator.format import format_files
from generator.models import render_models
from generator.output import write_package
from generator.parse import build_ir
from generator.render import render

# What the Amperity documents hoist to the client; used when no source configuration says otherwise.
AMPERITY_CLIENT_PARAMETERS = {"amperity-tenant": "tenant", "api-version": "version"}
DEFAULT_PACKAGE_VERSION = "1.0.0"

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Generated:
    api: ir.Api
    path: Path
    files: int


def load_ir(
    source: str | Path,
    *,
    package: str,
    overlays: tuple[Path, ...] = (),
    rate_limit: float | None = None,
    client_parameters: Mapping[str, str] | None = None,
) -> ir.Api:
    """The IR of one document: loaded, upgraded, repaired, validated and parsed."""
    doc = prepare(source, list(overlays))
    params = AMPERITY_CLIENT_PARAMETERS if client_parameters is None else client_parameters
    return build_ir(doc, package=package, rate_limit=rate_limit, client_parameters=params)


def render_package(api: ir.Api, *, package_version: str) -> dict[str, str]:
    """Every file of the package, formatted: deterministic for a given IR and version."""
    files = render(api, package_version=package_version, models_source=render_models(api))
    return format_files(files)


def generate(
    source: str | Path,
    *,
    package: str,
    out: Path,
    overlays: tuple[Path, ...] = (),
    rate_limit: float | None = None,
    client_parameters: Mapping[str, str] | None = None,
    package_version: str = DEFAULT_PACKAGE_VERSION,
    progress: Progress = lambda _: None,
) -> Generated:
    """Generate `out/package/` from `source`, all-or-nothing."""
    progress(f"reading {source}")
    api = load_ir(
        source,
        package=package,
        overlays=overlays,
        rate_limit=rate_limit,
        client_parameters=client_parameters,
    )
    progress(f"rendering {package}")
    files = render_package(api, package_version=package_version)
    progress(f"checking and writing {out / package}")
    return Generated(api, write_package(files, out, package), len(files))

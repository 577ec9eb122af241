"""Whose API a document is, and what that decides: the one place Amperity's policy lives.

A document is Amperity's when its source configuration (`spec/sources.toml`) or the document
itself gives the client a tenant (`parse.detect_client_parameters`). Amperity's packages keep
Amperity's public names (`Amperity`, `AsyncAmperity`, `errors.AmperityError`,
`AmperityDeprecationWarning`, `AmperityModel`), its environment prefix (`AMPERITY_`), its
documented hosts, OAuth token endpoint and changelog link. Any other document gets neutral
names (`Client`, `AsyncClient`, `errors.Error`, `APIDeprecationWarning`, `Model`), the
environment prefix of its package name, and no link: nothing generated from it says Amperity.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from amperity_codegen.ir import model as ir

# Amperity's tenant and version headers: hoisted to the client where a document declares them.
AMPERITY_CLIENT_PARAMETERS = {"amperity-tenant": "tenant", "api-version": "version"}
# Amperity's OAuth client-credentials endpoint, under the base URL; its token request names the
# tenant in this header (DESIGN.md).
AMPERITY_TOKEN_PATH = "/v0/oauth2/token"
AMPERITY_TOKEN_TENANT_HEADER = "X-Amperity-Tenant"
# The bearer scheme added where an Amperity document declares none (the Swagger 2.0 versions).
AMPERITY_SCHEME = "BearerAuth"
AMPERITY_ENV_PREFIX = "AMPERITY"

# The part of Amperity's hosts before an API's paths when its document names none (the
# Swagger 2.0 versions); each API's own servers decide it otherwise (`/api`, `/prof`).
AMPERITY_BASE_PATH = "/api"


def amperity_vendor(base_path: str) -> ir.Vendor:
    """Amperity's policy for an API served under `base_path` on Amperity's hosts."""
    return ir.Vendor(
        client_class="Amperity",
        async_client_class="AsyncAmperity",
        error_class="AmperityError",
        warning_class="AmperityDeprecationWarning",
        model_base="AmperityModel",
        docs_url="https://docs.amperity.com/api/changelog.html",
        token_tenant_header=AMPERITY_TOKEN_TENANT_HEADER,
        # docs/base_url.rst: tenants on Azure have their own host, tenants on AWS share one (the
        # tenant then travels only in the `amperity-tenant` header). The first is the default.
        hosts=(
            ("tenant", f"https://{{tenant}}.amperity.com{base_path}"),
            ("aws", f"https://app.amperity.com{base_path}"),
        ),
        keywords=("amperity",),
        project_urls=(
            ("Documentation", "https://docs.amperity.com/api/"),
            ("API changelog", "https://docs.amperity.com/api/changelog.html"),
        ),
    )


NEUTRAL = ir.Vendor()


def vendor_of(*, amperity: bool, base_url: str | None = None) -> ir.Vendor:
    """Amperity's policy for an Amperity document, its hosts under the path of the document's
    `base_url`; the neutral one for any other."""
    if not amperity:
        return NEUTRAL
    path = urlsplit(base_url).path.rstrip("/") if base_url else ""
    return amperity_vendor(path or AMPERITY_BASE_PATH)


def env_prefix(package: str, *, amperity: bool) -> str:
    """Of the environment variables the client reads: AMPERITY_TOKEN, or <PACKAGE>_TOKEN."""
    return AMPERITY_ENV_PREFIX if amperity else package.upper()

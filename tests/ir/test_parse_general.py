"""Decisions `build_ir` makes for any document: what is Amperity's only where the document says
so, the default base URL, the security schemes, the media types sent and read."""

from __future__ import annotations

from typing import Any

import pytest

from amperity_codegen.ir import model as ir
from amperity_codegen.ir.parse import AMPERITY_TOKEN_PATH, build_ir


def _doc(**extra: Any) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "2024-04-01"},
        "paths": {},
        **extra,
    }


def _op(**raw: Any) -> dict[str, Any]:
    return {
        "paths": {
            "/x": {"post": {"responses": {"204": {"description": "none"}}, **raw}}
        }
    }


def _header(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "header",
        "required": True,
        "schema": {"type": "string"},
    }


def test_a_document_without_amperity_headers_gets_a_plain_client() -> None:
    api = build_ir(_doc(**_op(parameters=[_header("api-version-x")])), package="p")
    assert (api.client_parameters, api.has_tenant, api.env_prefix) == ((), False, "P")
    assert [p.name for p in api.operations[0].parameters] == ["api-version-x"]


def test_amperity_headers_are_hoisted_where_the_document_declares_them() -> None:
    tenant_only = build_ir(
        _doc(**_op(parameters=[_header("Amperity-Tenant")])), package="p"
    )
    assert [(p.name, p.role) for p in tenant_only.client_parameters] == [
        ("Amperity-Tenant", "tenant")
    ]
    assert tenant_only.operations[0].parameters == ()
    # With a tenant, authentication is Amperity's: a bearer token or its client credentials.
    assert tenant_only.security == (
        ir.SecurityScheme("BearerAuth", "bearer", token_url=AMPERITY_TOKEN_PATH),
    )
    assert (tenant_only.default_security, tenant_only.env_prefix) == (
        (("BearerAuth",),),
        "AMPERITY",
    )
    both = build_ir(
        _doc(
            components={
                "parameters": {
                    "V": _header("api-version"),
                    "T": _header("amperity-tenant"),
                }
            }
        ),
        package="p",
    )
    assert {p.role for p in both.client_parameters} == {"tenant", "version"}


def test_configured_client_parameters_win_over_detection() -> None:
    api = build_ir(
        _doc(**_op(parameters=[_header("amperity-tenant")])),
        package="p",
        client_parameters={},
    )
    assert api.client_parameters == () and len(api.operations[0].parameters) == 1


@pytest.mark.parametrize(
    ("servers", "tenant", "expected"),
    [
        ([{"url": "https://api.example.com/v1/"}], False, "https://api.example.com/v1"),
        (
            [{"url": "https://{r}.example.com", "variables": {"r": {"default": "eu"}}}],
            False,
            "https://eu.example.com",
        ),
        ([{"url": "/relative"}], False, None),
        ([], False, None),
        (
            [
                {"url": "https://app.example.com"},
                {
                    "url": "https://{tenant-id}.example.com",
                    "variables": {"tenant-id": {"default": "x"}},
                },
            ],
            True,
            "https://{tenant}.example.com",
        ),
    ],
)
def test_default_base_url(
    servers: list[dict[str, Any]], tenant: bool, expected: str | None
) -> None:
    params = {"parameters": [_header("amperity-tenant")]} if tenant else {}
    assert (
        build_ir(_doc(servers=servers, **_op(**params)), package="p").base_url
        == expected
    )


def test_security_schemes_the_client_can_send() -> None:
    schemes = {
        "b": {"type": "http", "scheme": "Bearer"},
        "basic": {"type": "http", "scheme": "basic"},
        "digest": {"type": "http", "scheme": "digest"},
        "k": {"type": "apiKey", "in": "cookie", "name": "sid"},
        "o": {
            "type": "oauth2",
            "flows": {
                "clientCredentials": {"tokenUrl": "https://t/token", "scopes": {}}
            },
        },
        "code": {
            "type": "oauth2",
            "flows": {
                "authorizationCode": {
                    "authorizationUrl": "https://a",
                    "tokenUrl": "https://t",
                    "scopes": {},
                }
            },
        },
        "oidc": {
            "type": "openIdConnect",
            "openIdConnectUrl": "https://id/.well-known/openid-configuration",
        },
    }
    doc = _doc(
        components={"securitySchemes": schemes},
        security=[{"digest": []}, {"k": [], "b": []}],
    )
    api = build_ir({**doc, **_op(security=[{"digest": []}])}, package="p")
    assert {
        s.name: (s.kind, s.location, s.parameter, s.token_url) for s in api.security
    } == {
        "b": ("bearer", "header", "", ""),
        "basic": ("basic", "header", "", ""),
        "k": ("api_key", "cookie", "sid", ""),
        "o": ("bearer", "header", "", "https://t/token"),
        "code": ("bearer", "header", "", ""),
        "oidc": ("bearer", "header", "", ""),
    }
    assert api.default_security == (
        ("k", "b"),
    )  # the digest alternative cannot be sent
    assert api.operations[0].security == ()  # nothing it can send: no credentials


def test_media_types_sent_and_read() -> None:
    body = {
        "content": {
            t: {"schema": {"type": "object", "properties": {"a": {"type": "string"}}}}
            for t in (
                "multipart/form-data",
                "application/x-www-form-urlencoded",
                "application/vnd.api+json",
            )
        }
    }
    responses = {
        "200": {
            "description": "t",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        },
        "201": {"description": "b", "content": {"image/png": {}, "text/plain": {}}},
        "202": {
            "description": "j",
            "content": {
                "*/*": {"schema": {"type": "array", "items": {"type": "integer"}}}
            },
        },
        "204": {"description": "none"},
    }
    op = build_ir(
        _doc(**_op(requestBody=body, responses=responses)), package="p"
    ).operations[0]
    assert op.body is not None and (op.body.content_type, op.body.encoding) == (
        "application/vnd.api+json",
        "json",
    )
    assert [(r.status, str(r.py_type)) for r in op.responses] == [
        ("200", "str"),
        ("201", "str"),
        ("202", "list[int]"),
        ("204", "None"),
    ]
    assert str(op.result_type) == "str | list[int] | None"
    assert op.accept == "*/*, text/csv, text/plain"


def test_multipart_file_fields_and_read_only_properties() -> None:
    schema = {
        "type": "object",
        "required": ["id", "file"],
        "properties": {
            "id": {"type": "string", "readOnly": True},
            "file": {"type": "string", "format": "binary"},
            "more": {"type": "array", "items": {"type": "string", "format": "binary"}},
            "note": {"type": "string"},
        },
    }
    body = {"content": {"multipart/form-data": {"schema": schema}}}
    api = build_ir(_doc(**_op(requestBody=body)), package="p")
    fields = api.operations[0].body.fields  # type: ignore[union-attr]
    assert [(f.name, str(f.py_type), f.is_file) for f in fields] == [
        ("file", "FileContent", True),
        ("more", "list[FileContent]", True),
        ("note", "str", False),
    ]
    json_body = {"content": {"application/json": {"schema": schema}}}
    op = build_ir(_doc(**_op(requestBody=json_body)), package="p").operations[0]
    # The model requires the readOnly id the caller never sends: the body is not checked by it.
    assert (
        op.body is not None
        and op.body.validated is False
        and "id" not in [f.name for f in op.body.fields]
    )

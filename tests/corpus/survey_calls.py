"""For `make survey`: every operation of a generated package called once against the stand-in
server, which answers each with an empty answer of the success's kind: the request must be
built and sent, and the answer read, without an error.

    python -m tests.corpus.survey_calls DOC PROJECT PACKAGE [OVERLAY ...]

Prints the first error of each kind, then "sent/called" as its last line.
"""

from __future__ import annotations

import datetime
import importlib
import inspect
import sys
from pathlib import Path
from typing import Any

from pydantic import RootModel

from amperity_codegen.build.pipeline import load_ir
from tests.support.tenant_server import Reply, TenantServer

_SCALARS: dict[str, Any] = {
    "str": "x",
    "int": 1,
    "float": 1.5,
    "bool": True,
    "datetime": datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC),
    "date": datetime.date(2026, 1, 2),
    "bytes": b"x",
    "BinaryContent": b"x",
    "FileContent": b"x",
}


def made_up(py_type: object, models: Any) -> Any:
    """A value of the annotation `py_type` (its first member, for a union)."""
    t = str(py_type).split(" | ")[0].strip()
    if t.startswith("Literal["):
        return eval(
            t[len("Literal[") : -1].split(",")[0]
        )  # noqa: S307  # a literal's text
    if t.startswith("list["):
        return []
    if t.startswith("dict["):
        return {}
    if t.startswith("models."):
        model = getattr(models, t[len("models.") :])
        if issubclass(model, RootModel):
            return model.model_construct(None)
        return model.model_construct()
    return _SCALARS.get(t, "x")


def main(doc: str, project: str, name: str, *overlays: str) -> None:
    sys.path.insert(0, project)
    package = importlib.import_module(name)
    models = importlib.import_module(name + ".models")
    api = load_ir(Path(doc), package=name, overlays=tuple(Path(o) for o in overlays))
    client_type = next(
        getattr(package, n)
        for n in package.__all__
        if not n.startswith("Async") and hasattr(getattr(package, n), "with_options")
    )
    kinds = {s.kind for s in api.security}
    credentials = {
        **({"token": "t"} if "bearer" in kinds else {}),
        **({"api_key": "k"} if "api_key" in kinds else {}),
        **({"username": "u", "password": "p"} if "basic" in kinds else {}),
        **({"tenant": "t"} if api.has_tenant else {}),
    }
    ok = unread = refused = failed = 0
    errors: dict[str, str] = {}
    with TenantServer(require_auth=False, prefix="") as server:
        for op in api.operations:
            success = op.success
            if (
                success is None
                or str(success.py_type) == "None"
                or not success.content_type
            ):
                server.route(op.method, op.path, Reply(204))
                continue
            status = int(success.status) if success.status.isdigit() else 200
            if status == 204:  # no content, whatever the document says it holds
                server.route(op.method, op.path, Reply(204))
                continue
            empty: Any = {}
            if str(success.py_type).startswith("list["):
                empty = []
            elif str(success.py_type) in ("str", "bytes"):
                empty = ""
            server.route(op.method, op.path, Reply.json(empty, status))
        client = client_type(base_url=server.base_url, max_retries=0, **credentials)
        for resource in api.resources:
            for op in resource.operations:
                method = getattr(getattr(client, resource.py_name), op.py_name)
                kwargs = {}
                for p in inspect.signature(method).parameters.values():
                    if (
                        p.default is not inspect.Parameter.empty
                        or p.kind is p.VAR_KEYWORD
                    ):
                        continue
                    hint = next(
                        (x.py_type for x in op.parameters if x.py_name == p.name), None
                    )
                    if hint is None and op.body is not None:
                        hint = next(
                            (f.py_type for f in op.body.fields if f.py_name == p.name),
                            op.body.py_type,
                        )
                    kwargs[p.name] = made_up(
                        hint if hint is not None else "str", models
                    )
                try:
                    method(**kwargs)
                    ok += 1
                except package.errors.APIResponseValidationError as exc:
                    unread += 1  # sent; the made-up empty answer does not fit the model
                    errors.setdefault(type(exc).__name__, str(exc)[:200])
                except package.errors.InvalidRequestError as exc:
                    # Not sent: a made-up argument breaks the document's limits (an empty
                    # list where one item is the least), which the client checks first.
                    refused += 1
                    errors.setdefault(type(exc).__name__, str(exc)[:200])
                except (
                    Exception
                ) as exc:  # noqa: BLE001  # each failure is counted, not raised
                    failed += 1
                    errors.setdefault(type(exc).__name__, str(exc)[:200])
    for kind, message in errors.items():
        print(f"{kind}: {message}")
    notes = [f"{unread} made-up empty answers refused"] if unread else []
    notes += [f"{refused} made-up arguments refused before sending"] if refused else []
    total = ok + unread + refused + failed
    print(f"{ok + unread}/{total} sent" + (f" ({'; '.join(notes)})" if notes else ""))


if __name__ == "__main__":
    main(*sys.argv[1:])

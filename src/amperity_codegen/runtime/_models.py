"""The base of every generated model.

One of the two runtime modules that import pydantic (the other is `_validation`), both loaded
only when first needed (see `__init__`): `import <package>` and making a client do without it.
"""

from __future__ import annotations

import inspect
import re
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from ._info import ResponseInfo


class Model(BaseModel):
    """Base of every generated model.

    Unknown fields are kept (adding a response field is not a breaking change), fields may be
    set by Python name or wire name, and the model the client returns remembers its response.
    """

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    # A slot, not a pydantic PrivateAttr: pydantic initialises private attributes on every
    # instance, which doubled the cost of reading a page of items; an unset slot costs nothing.
    # Not a field either, so it never takes part in equality, dumps or copies.
    __slots__ = ("_response_info",)
    if TYPE_CHECKING:
        _response_info: ResponseInfo

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """Each generated model's docstring lists its fields with their descriptions, so that
        `help(models.Workflow)` shows them first, before pydantic's own methods."""
        super().__pydantic_init_subclass__(**kwargs)
        lines = []
        for name, field in cls.model_fields.items():
            wire = f" (`{field.alias}`)" if field.alias and field.alias != name else ""
            kind = _type_name(field.annotation, cls.__module__)
            text = " ".join((field.description or "").split())
            lines.append(f"    {name}{wire}: {kind}" + (f". {text}" if text else ""))
        if lines:
            head = inspect.cleandoc(cls.__doc__ or "")
            cls.__doc__ = f"{head}\n\nFields:\n" + "\n".join(lines)


def _type_name(annotation: Any, module: str) -> str:
    """`str | None`, `list[Workflow]`, `Literal['a', 'b']`: an annotation as written."""
    if isinstance(annotation, type) and not getattr(annotation, "__args__", None):
        return annotation.__name__
    text = repr(annotation).replace("NoneType", "None")
    for prefix in ("typing.", "datetime.", f"{module}."):
        text = text.replace(prefix, "")
    # The models of the package's other model modules: `<package>.models._workflow.Workflow`.
    models = module.rpartition(".")[0]
    return re.sub(rf"\b{re.escape(models)}\.\w+\.", "", text) if models else text

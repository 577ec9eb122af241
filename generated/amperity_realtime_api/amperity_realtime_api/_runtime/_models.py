"""The base of every generated model.

One of the two runtime modules that import pydantic (the other is `_validation`), both loaded
only when first needed (see `__init__`): `import <package>` and making a client do without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from ._info import ResponseInfo


class AmperityModel(BaseModel):
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

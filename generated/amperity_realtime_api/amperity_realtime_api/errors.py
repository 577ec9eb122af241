"""Every exception the client raises; catch `AmperityError` for all of them."""

from ._runtime.errors import *  # noqa: F403
from ._runtime.errors import Error as AmperityError
from ._runtime.errors import __all__ as _all

__all__ = ["AmperityError", *_all]

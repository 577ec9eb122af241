"""Loaded by every Python process the reliability tests start (this folder is on PYTHONPATH).

The generator and the code it generates must never open a network connection: any attempt
(an IP connect, or a name lookup) is written to $RELIABILITY_NETWORK_LOG and refused, so a
test can tell "tried and failed" from "never tried".
"""

from __future__ import annotations

import os
import socket
from typing import Any

_LOG = os.environ.get("RELIABILITY_NETWORK_LOG", "")
_IP = (socket.AF_INET, socket.AF_INET6)


def _refuse(what: str) -> None:
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"pid {os.getpid()}: {what}\n")
    raise PermissionError(f"reliability sandbox: no network ({what})")


_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_sendto = socket.socket.sendto
_getaddrinfo = socket.getaddrinfo


def connect(self: socket.socket, address: Any) -> None:
    if self.family in _IP:
        _refuse(f"connect {address!r}")
    _connect(self, address)


def connect_ex(self: socket.socket, address: Any) -> int:
    if self.family in _IP:
        _refuse(f"connect_ex {address!r}")
    return _connect_ex(self, address)


def sendto(self: socket.socket, *args: Any) -> int:
    if self.family in _IP:
        _refuse(f"sendto {args[-1]!r}")
    return _sendto(self, *args)


def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    _refuse(f"getaddrinfo {host!r}")
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect = connect  # type: ignore[method-assign,assignment]
socket.socket.connect_ex = connect_ex  # type: ignore[method-assign,assignment]
socket.socket.sendto = sendto  # type: ignore[method-assign,assignment]
socket.getaddrinfo = getaddrinfo

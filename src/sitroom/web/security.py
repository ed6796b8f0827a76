"""Bearer tokens for the API and a limit on request body size.

Writing (POST /api/ingest) always needs the token; without one configured, ingestion through
the API is off. Reading is public unless configured otherwise, in which case the same token is
needed for the API and the dashboard alike: as a bearer header, or, for a browser, as the
cookie the dashboard's sign-in page sets. The cookie is good for reading only, so a page on
another site cannot make a signed-in browser ingest anything (cross-site request forgery).
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass

from fastapi import HTTPException, Request, status
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 2 * 1024 * 1024
#: The cookie the dashboard's sign-in page sets (reading only).
TOKEN_COOKIE = "sitroom_token"


@dataclass(frozen=True)
class Access:
    token: str | None
    public_read: bool

    def check_read(self, request: Request) -> None:
        if not self.public_read:
            self._check(_bearer(request) or request.cookies.get(TOKEN_COOKIE))

    def check_write(self, request: Request) -> None:
        if not self.token:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                "ingestion is disabled: the server has no token (set SITROOM_TOKEN)",
            )
        self._check(_bearer(request))

    def valid(self, given: str) -> bool:
        return bool(self.token) and hmac.compare_digest(given.encode(), str(self.token).encode())

    def _check(self, given: str | None) -> None:
        if not given:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "a bearer token is required (Authorization: Bearer <token>)",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if not self.valid(given):
            raise HTTPException(status.HTTP_403_FORBIDDEN, "the token is not valid")


def _bearer(request: Request) -> str | None:
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        return None
    return credentials.strip()


class BodySizeLimit:
    """ASGI middleware: 413 for a body over ``max_bytes``, whether or not Content-Length says
    so (a chunked body is counted as it arrives)."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.max_bytes:
                await self._refuse(send)
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send) -> None:
        limit = f"{self.max_bytes // 1024} KiB"
        payload = {"error": {"code": "payload_too_large", "message": f"body larger than {limit}"}}
        data = json.dumps(payload).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(data)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": data})

"""Request bodies cut off at a size: counted as they arrive, chunked or not.

``read_uploads`` checks ``Content-Length``; a chunked upload has none, and the form parser would
spool all of it to disk before anyone looked. ``BodyLimit`` counts the bytes as the server hands
them over and answers ``413`` once there are more than ``limit`` (nothing more is read).
"""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from .i18n import language, text


class BodyTooLarge(Exception):
    pass


class BodyLimit:
    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        seen, started = 0, False

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge()
            return message

        async def watched(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge:
            if started:
                raise
            lang = language(Request(scope))
            answer = JSONResponse({"error": text("upload_too_large_request", lang)}, status_code=413,
                                  headers={"Connection": "close"})
            await answer(scope, receive, send)

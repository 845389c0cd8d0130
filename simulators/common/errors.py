"""The one exception every handler raises to answer with a JSON error body, and the common ones."""

from collections.abc import Iterable


class ApiError(Exception):
    """An error response: ``{"error": code, "message": message, "requestId": ..., **extra}``."""

    def __init__(self, status: int, code: str, message: str, *, headers: dict | None = None, **extra):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}
        self.extra = extra

    def body(self, request_id: str) -> dict:
        """The JSON body of the response."""
        return {"error": self.code, "message": self.message, "requestId": request_id, **self.extra}


def not_found(what: str) -> ApiError:
    """404 for a resource that does not exist (or belongs to another organisation)."""
    return ApiError(404, "not_found", f"{what} was not found.")


def validation_failed(
    errors: Iterable, message: str = "The request has errors. Correct them and try again."
) -> ApiError:
    """422 listing every field problem at once."""
    return ApiError(422, "validation_failed", message, errors=[error.to_json() for error in errors])

"""The one exception services raise when the rules refuse a change; views show its message."""


class Refused(Exception):
    """A state change the rules do not allow now. The message is written for the user."""

    def __init__(self, message: str, *, level: str = "error"):
        super().__init__(message)
        self.message, self.level = message, level

"""A logging filter that keeps credentials out of every log line."""

import logging
import re

# key=value, "key": "value" and Bearer tokens, where the key names a secret.
_SECRET_PAIR = re.compile(
    r"""(?ix)
    (?P<key>["']?(?:client_secret|clientsecret|secret|password|access_token|accesstoken|token|authorization)["']?
      \s*[:=]\s*["']?)
    (?P<value>[^"'&\s,}]+)
    """
)
_BEARER = re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+")


def redact(text: str) -> str:
    text = _BEARER.sub(r"\1[redacted]", text)
    return _SECRET_PAIR.sub(lambda m: f"{m.group('key')}[redacted]", text)


class RedactSecretsFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True

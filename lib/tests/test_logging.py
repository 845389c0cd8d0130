from lib.logging import redact


def test_it_redacts_secrets_in_log_text():
    line = 'POST token client_id=abc&client_secret=s3cr3t-value {"access_token": "tok.en-123"} Bearer abc.def'
    cleaned = redact(line)
    for secret in ("s3cr3t-value", "tok.en-123", "abc.def"):
        assert secret not in cleaned
    assert "client_id=abc" in cleaned

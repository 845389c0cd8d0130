"""`make run`'s stack script: e-mail links follow the chosen port, the demo's e-mails go to files, and
the sign-ins are kept in var/ for their owner only."""

import importlib.util
import stat
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "run_stack.py"


@pytest.fixture
def run_stack(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("run_stack", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "ROOT", tmp_path)
    monkeypatch.setattr(module, "SIGN_INS", tmp_path / "var" / "demo-sign-ins.txt")
    (tmp_path / "var").mkdir()
    return module


def test_links_in_e_mails_point_at_the_port_chosen(run_stack):
    env = run_stack.demo_env({}, "127.0.0.1", 8010)
    assert env["CLAIMDESK_BASE_URL"] == "http://127.0.0.1:8010"
    chosen = run_stack.demo_env({"CLAIMDESK_BASE_URL": "https://claimdesk.test"}, "127.0.0.1", 8010)
    assert chosen["CLAIMDESK_BASE_URL"] == "https://claimdesk.test"


def test_the_demos_e_mails_are_files_not_console_output(run_stack):
    console = {"DJANGO_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    assert run_stack.demo_env(console, "h", 1)["DJANGO_EMAIL_BACKEND"] == "demo.mail.EmailBackend"
    smtp = {"DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend"}
    assert run_stack.demo_env(smtp, "h", 1)["DJANGO_EMAIL_BACKEND"] == smtp["DJANGO_EMAIL_BACKEND"]


def test_the_sign_ins_are_printed_last_and_kept_in_var(run_stack, capsys):
    env = run_stack.demo_env({"CLAIMDESK_DEMO_PASSWORD": "Demo-xyz"}, "127.0.0.1", 8010)
    run_stack.banner(run_stack.sign_ins("127.0.0.1", 8010, 8110, 8210, env), env)
    printed = capsys.readouterr().out
    assert "http://127.0.0.1:8110/portal/" in printed and "http://127.0.0.1:8210/portal/" in printed
    assert "http://127.0.0.1:8010/" in printed and "Demo-xyz" in printed and "fiona.feeearner" in printed
    assert "var/demo-sign-ins.txt" in printed and "var/mail/" in printed
    kept = run_stack.SIGN_INS
    assert "Demo-xyz" in kept.read_text()
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_the_demo_mail_backend_writes_files(settings, tmp_path):
    from django.core.mail import send_mail

    settings.VAR_DIR = tmp_path
    settings.MAILERS = {"default": {"BACKEND": "demo.mail.EmailBackend", "OPTIONS": {}}}
    send_mail("Portal updates", "Body", "claimdesk@localhost", ["fiona@example.com"])
    assert [path.suffix for path in (tmp_path / "mail").iterdir()] == [".log"]

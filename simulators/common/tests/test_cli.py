"""The command line both simulators share."""


def test_seeding_for_an_unknown_client_fails_clearly(profile, tmp_path, capsys):
    db = str(tmp_path / "x.sqlite3")
    assert profile.main(["seed", "--db", db, "--client-id", "ghost", "--claims", "1"]) == 2
    assert "No client ghost" in capsys.readouterr().err

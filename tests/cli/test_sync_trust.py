"""``monitor sync`` of a config written by someone else: local files only under ``--allow-files``,
environment variables only as ``MONITOR_SECRET_*`` secrets, and ``--dry-run`` naming every endpoint."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cli.conftest import one_error_line

HOOK_TOKEN = "T0kenInThePath0123456789"
SECRET = "inline-hmac-KEY-4242"
BEARER = "bearerTOKEN0099zz"


def write(tmp_path: Path, text: str, name: str = "monitor.toml") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def watch(url: str, extra: str = "") -> str:
    return f'[[watch]]\nname = "w"\nurl = "{url}"\n{extra}'


def test_a_file_watch_needs_allow_files(cli, tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "story.txt").write_text("A story.\n")
    write(tmp_path, watch("pages/story.txt"))
    message = one_error_line(cli("sync", "monitor.toml"))
    assert message.startswith("monitor.toml: watch[1].url: 'pages/story.txt' is a local file")
    assert "--allow-files DIR" in message
    assert cli("list", "--json").stdout == "[]\n"
    r = cli("sync", "monitor.toml", "--allow-files", "pages")
    assert r.returncode == 0, r.stderr
    assert "created watch w" in r.stdout


@pytest.mark.parametrize("target", ["/etc/passwd", "../../../../../../../../etc/passwd",
                                    "pages/../../../../../../../../etc/passwd"],
                         ids=["absolute", "dot-dot", "dot-dot-inside-allowed"])
def test_a_path_outside_the_allowed_directory_is_refused(cli, tmp_path: Path, target: str) -> None:
    (tmp_path / "pages").mkdir()
    write(tmp_path, watch(target))
    message = one_error_line(cli("sync", "monitor.toml", "--allow-files", "pages"))
    assert message.startswith(f"monitor.toml: watch[1].url: {target!r} is a local file (/etc/passwd)")
    assert "outside the directories allowed with --allow-files" in message
    assert cli("list", "--json").stdout == "[]\n"


def test_a_symlink_out_of_the_allowed_directory_is_refused(cli, tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "secret.txt").write_text("not for the config's author\n")
    os.symlink(tmp_path / "secret.txt", tmp_path / "pages" / "link.txt")
    write(tmp_path, watch("pages/link.txt"))
    message = one_error_line(cli("sync", "monitor.toml", "--allow-files", "pages"))
    assert "is a local file" in message and "secret.txt" in message


def test_whether_a_forbidden_file_exists_is_not_told(cli, tmp_path: Path) -> None:
    write(tmp_path, watch("/no/such/file") + '\n' + watch("/etc/hostname").replace('"w"', '"v"'))
    first = one_error_line(cli("sync", "monitor.toml"))
    assert "is a local file" in first and "neither" not in first


def test_a_notifier_directory_outside_the_allowed_one_is_refused(cli, tmp_path: Path) -> None:
    write(tmp_path, watch("https://news.example/a", 'notifiers = [{type = "file", directory = "/tmp/elsewhere"}]'))
    message = one_error_line(cli("sync", "monitor.toml"))
    assert message.startswith("monitor.toml: watch[1].notifiers[1]: option 'directory'")


@pytest.mark.parametrize(("option", "name"), [("password_env", "AWS_SECRET_ACCESS_KEY"), ("username_env", "HOME")])
def test_an_env_var_without_the_prefix_is_refused(cli, tmp_path: Path, option: str, name: str) -> None:
    other = "username_env = \"MONITOR_SECRET_USER\", " if option == "password_env" else ""
    write(tmp_path, watch("https://news.example/a",
                          f'notifiers = [{{type = "email", host = "evil.example", to = ["a@evil.example"], '
                          f'{other}{option} = "{name}"}}]'))
    message = one_error_line(cli("sync", "monitor.toml"))
    assert f"option '{option}': environment variable {name} cannot be read as a secret" in message
    assert "MONITOR_SECRET_*" in message and "Value error" not in message


def test_an_env_reference_without_the_prefix_is_refused(cli, tmp_path: Path) -> None:
    write(tmp_path, watch("https://news.example/a",
                          'notifiers = [{type = "webhook", url = "https://hooks.example/x", secret = "env:HOME"}]'))
    assert "environment variable HOME cannot be read as a secret" in one_error_line(cli("sync", "monitor.toml"))
    write(tmp_path, watch("http://bob:env:PATH@news.example/a"))
    assert "environment variable PATH cannot be read" in one_error_line(cli("sync", "monitor.toml"))


def test_the_allow_list_admits_a_named_variable(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MONITOR_SECRET_ALLOW", "SMTP_PASSWORD, SMTP_USER")
    write(tmp_path, watch("https://news.example/a",
                          'notifiers = [{type = "email", to = ["a@example.org"], username_env = "SMTP_USER", '
                          'password_env = "SMTP_PASSWORD"}]'))
    r = cli("sync", "monitor.toml", "--dry-run")
    assert r.returncode == 0, r.stderr
    assert "  SMTP_USER: w" in r.stdout and "  SMTP_PASSWORD: w" in r.stdout


def test_a_password_in_a_config_url_is_refused_without_echoing_it(cli, tmp_path: Path) -> None:
    write(tmp_path, watch("https://bob:hunter2-pw@news.example/a"))
    message = one_error_line(cli("sync", "monitor.toml"))
    assert "hunter2-pw" not in message
    assert "https://bob:***@news.example/a" in message and "env:MONITOR_SECRET_NAME" in message


def test_dry_run_lists_every_endpoint_masked(cli, tmp_path: Path) -> None:
    write(tmp_path, "\n".join([
        '[defaults]\nevery = "10m"\n',
        watch("https://news.example/a",
              f'notifiers = [{{type = "webhook", preset = "slack", '
              f'url = "https://hooks.slack.com/services/T0001/B0001/{HOOK_TOKEN}"}}, '
              f'{{type = "webhook", name = "desk", url = "https://desk.example/in?token={HOOK_TOKEN}", '
              f'secret = "{SECRET}", headers = {{Authorization = "Bearer {BEARER}"}}}}, '
              '{type = "email", host = "smtp.example.org", to = ["desk@example.org"], '
              'username_env = "MONITOR_SECRET_SMTP_USER", password_env = "MONITOR_SECRET_SMTP_PASS"}]'),
        watch("http://alice:env:MONITOR_SECRET_FEED@news.example/b").replace('"w"', '"plain"'),
    ]))
    r = cli("sync", "monitor.toml", "--dry-run")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    for secret in (HOOK_TOKEN, SECRET, BEARER):
        assert secret not in out
    lines = out.splitlines()
    assert lines[-1] == "dry run: nothing written"
    sent = lines[lines.index("alerts would be sent to:") + 1:]
    assert "  webhook (slack) POST https://hooks.slack.com/services/T0001/B0001/***: w" in sent
    assert "  webhook (generic) POST https://desk.example/in?token=***: w" in sent
    assert "  email via smtp.example.org:587 (starttls) to desk@example.org: w" in sent
    assert any(line.startswith("  console (stdout): plain (default notifiers)") for line in sent)
    assert "  MONITOR_SECRET_FEED: plain" in lines and "  MONITOR_SECRET_SMTP_PASS: w" in lines
    assert "  desk secret: w" in lines and "  desk headers.Authorization: w" in lines
    assert cli("list", "--json").stdout == "[]\n"


def test_edit_notify_shows_the_new_notifier_masked(cli, tmp_path: Path) -> None:
    assert cli("add", "https://news.example/a", "--name", "a").returncode == 0
    hook = (f'{{"type": "webhook", "url": "https://discord.com/api/webhooks/1234567890/{HOOK_TOKEN}", '
            f'"secret": "{SECRET}", "headers": {{"Authorization": "Bearer {BEARER}"}}}}')
    r = cli("edit", "a", "--notify", hook)
    assert r.returncode == 0, r.stderr
    assert "notifiers: none → " in r.stdout and "discord.com/api/webhooks/1234567890/***" in r.stdout
    for secret in (HOOK_TOKEN, SECRET, BEARER):
        assert secret not in r.stdout + r.stderr


def test_dry_run_of_an_update_shows_the_notifiers_masked(cli, tmp_path: Path) -> None:
    hook = 'notifiers = [{{type = "webhook", url = "https://desk.example/in/{token}", secret = "{secret}"}}]'
    write(tmp_path, watch("https://news.example/a", hook.format(token=HOOK_TOKEN, secret=SECRET)))
    assert cli("sync", "monitor.toml").returncode == 0
    write(tmp_path, watch("https://news.example/a", hook.format(token=HOOK_TOKEN[::-1], secret=SECRET[::-1])))
    r = cli("sync", "monitor.toml", "--dry-run")
    assert r.returncode == 0, r.stderr
    assert "would update watch w: notifiers: " in r.stdout and '"secret": "***"' in r.stdout
    for secret in (HOOK_TOKEN, SECRET, HOOK_TOKEN[::-1], SECRET[::-1]):
        assert secret not in r.stdout


def test_the_dry_run_names_the_secrets_and_proxies_a_watch_request_reaches(cli, tmp_path: Path) -> None:
    write(tmp_path, watch("https://a.example/x", 'auth = "bob:env:MONITOR_SECRET_SITE"\n'
                                                 'headers = { "X-Token" = "env:MONITOR_SECRET_TOKEN" }\n'
                                                 'proxy = "socks5://127.0.0.1:1080"\n'))
    r = cli("sync", "monitor.toml", "--dry-run")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[lines.index("pages would be read through proxies:") + 1] == "  socks5://127.0.0.1:1080: w"
    start = lines.index("secrets read from the environment (only MONITOR_SECRET_* or allow-listed names):")
    assert lines[start + 1:start + 3] == ["  MONITOR_SECRET_SITE: w", "  MONITOR_SECRET_TOKEN: w"]
    write(tmp_path, watch("https://a.example/x", 'auth = "bob:env:HOME"\n'))
    assert "cannot be read as a secret" in one_error_line(cli("sync", "monitor.toml"))

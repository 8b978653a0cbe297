"""The masking functions and the rules for secrets read from the environment."""

from __future__ import annotations

import pytest

from monitor.config.secrets import (
    SecretError,
    allowed_env,
    check_url_credentials,
    mask_endpoint,
    mask_options,
    mask_text,
    mask_url,
    public_url,
    read_env,
    url_auth,
)


@pytest.mark.parametrize(("url", "shown"), [
    ("http://alice:s3cret@news.example/feed", "http://alice:***@news.example/feed"),
    ("http://alice:env:MONITOR_SECRET_FEED@news.example/", "http://alice:env:MONITOR_SECRET_FEED@news.example/"),
    ("https://news.example/feed?page=2&token=abc&api_key=k", "https://news.example/feed?page=2&token=***&api_key=***"),
    ("https://hooks.slack.com/services/T0001/B0001/abcDEF123ghiJKL456mno789",
     "https://hooks.slack.com/services/T0001/B0001/***"),
])
def test_mask_url(url: str, shown: str) -> None:
    assert mask_url(url) == shown


@pytest.mark.parametrize("url", [
    "https://news.example/2024/05/01/istanbul-talks-resume-after-ceasefire-collapse?utm_source=rss",
    "https://news.example/a%20b/c?q=x%2Fy#part",
    "http://alice@news.example/",
    "https://news.example/search?author=smith&bypass=1&page=2",
])
def test_an_url_without_secrets_is_shown_exactly_as_written(url: str) -> None:
    assert mask_url(url) == url


def test_mask_endpoint_keeps_what_identifies_the_service() -> None:
    assert mask_endpoint("https://discord.com/api/webhooks/123456789012345678/abcDEF_ghi-JKL1234567890") == \
        "https://discord.com/api/webhooks/123456789012345678/***"
    assert mask_endpoint("https://chat.example/v1/spaces/AAAA/messages?key=k1&token=t1") == \
        "https://chat.example/v1/spaces/AAAA/messages?key=***&token=***"
    assert mask_endpoint("env:MONITOR_SECRET_SLACK_URL") == "env:MONITOR_SECRET_SLACK_URL"


def test_public_url_drops_the_user_and_the_reference() -> None:
    assert public_url("http://alice:env:MONITOR_SECRET_FEED@news.example/a?token=t") == \
        "http://news.example/a?token=***"


def test_mask_text_finds_urls_and_tokens_in_free_text() -> None:
    text = ("cannot reach http://u:pw1@h.example:81/x?sig=abc, then Authorization: Bearer abcdefghijk123 "
            "and tgram://123456:ABCDEF/987.")
    out = mask_text(text)
    assert out == ("cannot reach http://u:***@h.example:81/x?sig=***, then Authorization: Bearer *** "
                   "and tgram://***.")
    assert mask_text(None) is None


def test_mask_options_hides_secrets_and_keeps_references() -> None:
    shown = mask_options({
        "type": "webhook", "url": "https://in.example/hook/abcdefABCDEF1234567890", "secret": "k",
        "secret_env": "MONITOR_SECRET_HOOK", "headers": {"Authorization": "Bearer x", "X-Desk": "politics",
                                                         "X-Api-Key": "env:MONITOR_SECRET_KEY"},
        "urls": ["tgram://bot123/456"],
    })
    assert shown == {
        "type": "webhook", "url": "https://in.example/hook/***", "secret": "***",
        "secret_env": "MONITOR_SECRET_HOOK",
        "headers": {"Authorization": "***", "X-Desk": "politics", "X-Api-Key": "env:MONITOR_SECRET_KEY"},
        "urls": ["tgram://***"],
    }


def test_only_prefixed_or_allow_listed_variables_are_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME_SECRET", "x")
    monkeypatch.delenv("MONITOR_SECRET_ALLOW", raising=False)
    assert allowed_env("MONITOR_SECRET_A") and not allowed_env("MONITOR_SECRET_") and not allowed_env("HOME")
    with pytest.raises(SecretError, match="HOME_SECRET cannot be read as a secret"):
        read_env("HOME_SECRET")
    monkeypatch.setenv("MONITOR_SECRET_ALLOW", "OTHER, HOME_SECRET")
    assert read_env("HOME_SECRET") == "x"


def test_credentials_are_applied_from_the_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MONITOR_SECRET_FEED", "p@ss:word")
    assert url_auth("http://alice:env:MONITOR_SECRET_FEED@news.example/a?x=1") == \
        ("http://news.example/a?x=1", ("alice", "p@ss:word"))
    # A row stored with the password itself, before passwords were refused, keeps working.
    assert url_auth("http://alice:old%40pw@news.example/") == ("http://news.example/", ("alice", "old@pw"))
    assert url_auth("https://news.example/") == ("https://news.example/", None)
    monkeypatch.delenv("MONITOR_SECRET_FEED")
    with pytest.raises(SecretError, match="MONITOR_SECRET_FEED is not set"):
        url_auth("http://alice:env:MONITOR_SECRET_FEED@news.example/")


def test_a_literal_password_is_refused_and_the_message_shows_it_masked() -> None:
    with pytest.raises(SecretError) as info:
        check_url_credentials("https://bob:hunter2@news.example/a?b=1")
    message = str(info.value)
    assert "hunter2" not in message and "\n" not in message
    assert message.startswith("https://bob:***@news.example/a?b=1: a password in the URL")
    assert message.endswith("https://bob:env:MONITOR_SECRET_NAME@news.example/a?b=1")
    assert check_url_credentials("https://bob@news.example/") == "https://bob@news.example/"

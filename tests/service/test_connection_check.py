"""Test connection against the demo relay over real HTTP, and the proxy and https rules."""

from __future__ import annotations

import asyncio
import ssl

import httpx
import pytest
import truststore

from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.redaction import redact
from desktop_app.core.relay import connection_check
from desktop_app.core.relay.connection_check import CheckOutcome, ConnectionCheck
from desktop_app.core.relay.endpoint import validate_base_url
from desktop_app.core.relay.proxy import ProxyOptions, proxy_options, validate_proxy_url
from desktop_app.core.relay.transport import open_http_client, tls_context
from desktop_app.core.settings import ProviderProfile, Settings
from desktop_app.demo import DemoProvider

RIGHT = "sk-right-token-0123456789"


@pytest.fixture
def guarded_provider():
    """A demo relay that wants exactly ``Bearer sk-right-token-…``."""
    with DemoProvider(token=RIGHT) as provider:
        yield provider


def check(base_url: str, token: str | None, model: str = "gpt-4o-image-vip") -> ConnectionCheck:
    async def go() -> ConnectionCheck:
        async with open_http_client() as http:
            settings = Settings(base_url=base_url, model=model, connect_timeout=5)
            return await connection_check.test_connection(settings, token, http)

    return asyncio.run(go())


# --- test connection --------------------------------------------------------------------------


def test_ok_with_the_right_token(guarded_provider):
    result = check(guarded_provider.base_url, RIGHT)
    assert result.ok and result.outcome is CheckOutcome.OK
    assert "gpt-4o-image-vip" in result.models and "is available" in result.message
    assert guarded_provider.chat_requests == []  # nothing billable was sent


def test_a_wrong_token_is_a_bad_token(guarded_provider):
    result = check(guarded_provider.base_url, "sk-wrong-token-99999999")
    assert result.outcome is CheckOutcome.BAD_TOKEN
    assert "did not accept this token" in result.message and "401" in result.details
    assert "sk-wrong-token-99999999" not in result.message + result.details


def test_a_missing_token_is_asked_for_without_a_request(guarded_provider):
    result = check(guarded_provider.base_url, "")
    assert result.outcome is CheckOutcome.BAD_TOKEN and "Enter your API token" in result.message


def test_a_model_the_relay_does_not_list(demo_provider):
    result = check(demo_provider.base_url, RIGHT, model="gpt-image-1")
    assert result.outcome is CheckOutcome.NO_SUCH_MODEL
    assert "gpt-image-1" in result.message and "sora_image" in result.message


def test_nothing_listening_is_unreachable():
    result = check("http://127.0.0.1:9/v1", RIGHT)  # the discard port: nothing listens
    assert result.outcome is CheckOutcome.UNREACHABLE and "127.0.0.1" in result.message


def test_an_address_that_is_not_a_relay(demo_provider):
    result = check(f"{demo_provider.origin}/not-a-relay", RIGHT)
    assert result.outcome is CheckOutcome.OTHER and "404" in result.message


def test_plain_http_to_a_remote_host_is_refused_before_connecting():
    result = check("http://example.com/v1", RIGHT)
    assert result.outcome is CheckOutcome.OTHER and "https://" in result.message


def test_the_check_function_is_not_collected_as_a_test():
    assert connection_check.test_connection.__test__ is False


# --- https rule -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["http://example.com/v1", "http://192.168.1.10:3000/v1", "ftp://relay.example/v1", "relay"],
)
def test_unsafe_or_malformed_base_urls_are_refused(url):
    with pytest.raises(RetouchError) as caught:
        validate_base_url(url)
    assert caught.value.kind is ErrorKind.BAD_INPUT


@pytest.mark.parametrize(
    "url",
    [
        "https://api.quickrouter.ai/v1/",
        "http://127.0.0.1:8080/v1",
        "http://localhost/v1",
        "http://[::1]:9000/v1",
    ],
)
def test_https_and_loopback_are_allowed(url):
    assert validate_base_url(url) == url.rstrip("/")


def test_tls_verification_uses_the_os_trust_store_and_is_required():
    context = tls_context()
    assert isinstance(context, truststore.SSLContext)
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname


# --- proxy rules ------------------------------------------------------------------------------


def fetch_models(options: ProxyOptions, url: str = "http://relay.invalid/v1/models") -> int:
    """GET ``url`` (a name that never resolves) with these proxy options.

    Not a loopback address: loopback never goes through a proxy (see ``transport``).
    """

    async def go() -> int:
        async with open_http_client(**options.as_kwargs()) as http:
            return (await http.get(url, timeout=5)).status_code

    return asyncio.run(go())


def test_system_proxy_follows_the_environment(demo_provider, monkeypatch):
    """The demo relay plays the proxy: a request for relay.invalid only answers through it."""
    options = proxy_options(ProviderProfile(proxy_mode="system"))
    assert options == ProxyOptions(None, trust_env=True)
    monkeypatch.setenv("HTTP_PROXY", demo_provider.origin)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    assert fetch_models(options) == 200


def test_no_proxy_ignores_the_environment(demo_provider, monkeypatch):
    options = proxy_options(ProviderProfile(proxy_mode="none"))
    assert options == ProxyOptions(None, trust_env=False)
    monkeypatch.setenv("HTTP_PROXY", demo_provider.origin)
    with pytest.raises(httpx.ConnectError):
        fetch_models(options)


def test_manual_proxy_carries_user_and_password_encoded_and_redacted():
    profile = ProviderProfile(
        proxy_mode="manual", proxy_url="proxy.corp:3128", proxy_user="dom\\j doe"
    )
    options = proxy_options(profile, "s3cr:et@pw")
    assert options == ProxyOptions("http://dom%5Cj%20doe:s3cr%3Aet%40pw@proxy.corp:3128", False)
    assert "s3cr" not in repr(options)
    assert redact(f"via {options.proxy}") == "via http://dom%5Cj%20doe:***@proxy.corp:3128"
    assert proxy_options(profile).proxy == "http://dom%5Cj%20doe@proxy.corp:3128"
    without_user = ProviderProfile(proxy_mode="manual", proxy_url="https://proxy.corp:8443/")
    assert proxy_options(without_user).proxy == "https://proxy.corp:8443"


@pytest.mark.parametrize(
    "url", ["", "socks5://proxy:1080", "http://u:p@proxy:3128", "http://proxy:99999", "http://"]
)
def test_bad_manual_proxy_addresses_are_refused(url):
    with pytest.raises(RetouchError):
        validate_proxy_url(url)


def test_requests_really_go_through_the_manual_proxy(demo_provider):
    profile = ProviderProfile(proxy_mode="manual", proxy_url=demo_provider.origin)
    assert fetch_models(proxy_options(profile)) == 200

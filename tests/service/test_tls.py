"""HTTPS to a relay: verification on, the trust store decides, a bad certificate is refused.

The demo relay serves TLS with certificates made here. The app trusts what the OS trust
store trusts (core/relay/transport.py, through truststore); on Linux that store is
OpenSSL's, which SSL_CERT_FILE points at: here, this test's own CA and nothing else.
"""

from __future__ import annotations

import asyncio

import pytest

from desktop_app.core.editing import EditRequest, EditService
from desktop_app.core.errors import ErrorKind, RetouchError
from desktop_app.core.relay.connection_check import CheckOutcome, test_connection
from desktop_app.core.relay.transport import open_http_client
from desktop_app.core.settings import Settings
from desktop_app.demo import DemoProvider
from tests.helpers.certificates import make_authority, make_server_certificate
from tests.service.conftest import FAST_RETRY, PROMPT, leftovers


@pytest.fixture
def trusted_authority(tmp_path, monkeypatch):
    """A CA that this test's trust store (and only it) holds."""
    authority = make_authority()
    monkeypatch.setenv("SSL_CERT_FILE", str(authority.write(tmp_path / "trusted-ca.pem")))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    return authority


def edit_over(provider: DemoProvider, photo, out_dir):
    settings = Settings(base_url=provider.base_url)

    async def go():
        async with open_http_client() as http:
            service = EditService(settings, "demo-token", http=http, retry=FAST_RETRY)
            return await service.edit(EditRequest((photo,), PROMPT, output_dir=out_dir))

    return asyncio.run(go())


def test_an_edit_goes_over_https_to_a_relay_the_trust_store_vouches_for(
    trusted_authority, tmp_path, photo, out_dir
):
    tls = make_server_certificate(trusted_authority, tmp_path / "server")
    with DemoProvider(tls=tls) as provider:
        assert provider.base_url.startswith("https://127.0.0.1:")
        result = edit_over(provider, photo, out_dir)
        assert len(provider.chat_requests) == 1
        assert provider.cdn_requests  # the result came over HTTPS too
    assert result.outputs and all(path.exists() for path in result.outputs)


@pytest.mark.parametrize(
    ("who_signs", "names", "words"),
    [
        ("another CA", ("127.0.0.1", "localhost"), "certificate verify failed"),
        ("the trusted CA", ("relay.example",), "mismatch"),
    ],
    ids=["untrusted-issuer", "wrong-host"],
)
def test_a_bad_certificate_is_refused_before_anything_is_sent(
    trusted_authority, tmp_path, photo, out_dir, who_signs, names, words
):
    signer = make_authority("Someone else's CA") if who_signs == "another CA" else trusted_authority
    tls = make_server_certificate(signer, tmp_path / "server", names)
    with DemoProvider(tls=tls) as provider:
        with pytest.raises(RetouchError) as caught:
            edit_over(provider, photo, out_dir)
        assert provider.chat_requests == []  # the token and the picture never left
    error = caught.value
    assert error.kind is ErrorKind.NETWORK and "127.0.0.1" in error.message
    assert "CERTIFICATE_VERIFY_FAILED" in error.details and words in error.details.lower()
    assert leftovers(out_dir) == []


def test_the_connection_check_says_an_untrusted_relay_is_unreachable(trusted_authority, tmp_path):
    tls = make_server_certificate(make_authority("Someone else's CA"), tmp_path / "server")
    with DemoProvider(tls=tls) as provider:

        async def go():
            async with open_http_client() as http:
                settings = Settings(base_url=provider.base_url)
                return await test_connection(settings, "demo-token", http)

        result = asyncio.run(go())
    assert result.outcome is CheckOutcome.UNREACHABLE
    assert "CERTIFICATE_VERIFY_FAILED" in result.details

"""Rate limits count the real client: behind the trusted proxy, its last X-Forwarded-For entry."""

from django.test import RequestFactory, override_settings

from backwell.web.core.client_address import client_address


def test_without_a_proxy_the_forwarded_header_is_ignored() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(request) == "203.0.113.9"


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_behind_the_proxy_the_last_hop_counts_not_what_the_client_claims() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    assert client_address(request) == "198.51.100.7"
    bare = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1")
    assert client_address(bare) == "10.0.0.1"


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_login_limits_read_the_same_address_as_every_other_limit() -> None:
    from backwell.web.accounts.forms import client_ip

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    # Behind the trusted proxy, two visitors are two addresses, not the proxy's one.
    assert client_ip(request) == client_address(request) == "198.51.100.7"

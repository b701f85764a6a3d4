"""Who a client is (core/clients.py): the trusted proxy's address, grouped per /64."""

from django.test import RequestFactory

from trafficking.core import clients


def request_from(address: str, **headers):
    return RequestFactory().get("/", REMOTE_ADDR=address, **headers)


def test_the_proxy_header_counts_only_when_configured(settings):
    forged = {"HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    settings.CLIENT_IP_HEADER = ""
    assert clients.client_address(request_from("10.0.0.1", **forged)) == "10.0.0.1"
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    # The right-most entry is the one our proxy appended; the rest is the client's.
    chain = {"HTTP_X_FORWARDED_FOR": "198.51.100.66, 203.0.113.7"}
    assert clients.client_address(request_from("10.0.0.1", **chain)) == "203.0.113.7"
    # Garbage in the header falls back to the socket address.
    junk = {"HTTP_X_FORWARDED_FOR": "not-an-address"}
    assert clients.client_address(request_from("10.0.0.1", **junk)) == "10.0.0.1"


def test_ipv6_clients_are_grouped_per_64():
    a = clients.client_key(request_from("2001:db8:1:2::1"))
    b = clients.client_key(request_from("2001:db8:1:2:ffff:ffff:ffff:fffe"))
    other = clients.client_key(request_from("2001:db8:1:3::1"))
    assert a == b != other
    assert clients.network_of("::ffff:192.0.2.4") == "192.0.2.4"

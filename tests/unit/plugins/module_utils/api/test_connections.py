# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connections opened early go into the pool the SDK's own calls take theirs from (api/connections.py)."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.api.client import SoftLayerClient
from ansible_collections.softlayer.support.plugins.module_utils.api.connections import connection_opener

SoftLayer = pytest.importorskip('SoftLayer')


class CountingServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, ssl_context=None):
        self.connections = 0
        self.requests = 0
        self.ssl_context = ssl_context
        super().__init__(('127.0.0.1', 0), CountingHandler)

    def finish_request(self, request, client_address):
        if self.ssl_context is not None:
            request = self.ssl_context.wrap_socket(request, server_side=True)  # TLS 1.3: tickets follow the handshake
        super().finish_request(request, client_address)


class CountingHandler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'  # keep-alive, as the SoftLayer endpoint

    def setup(self):
        super().setup()
        self.server.connections += 1

    def do_POST(self):  # pylint: disable=invalid-name
        self.rfile.read(int(self.headers.get('Content-Length') or 0))
        self.server.requests += 1
        self.send_response(200)
        self.send_header('Content-Length', '0')
        self.end_headers()

    def log_message(self, *args):  # pylint: disable=arguments-differ
        pass


@pytest.fixture
def server():
    running = CountingServer()
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield running
    running.shutdown()
    running.server_close()


@pytest.fixture
def tls_server(tmp_path):
    if shutil.which('openssl') is None:
        pytest.skip('needs the openssl command to make a certificate')
    cert, key = str(tmp_path / 'cert.pem'), str(tmp_path / 'key.pem')
    subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
                    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    running = CountingServer(context)
    running.ca_file = cert
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield running
    running.shutdown()
    running.server_close()


def sdk_client(server, scheme='http', **settings):
    return SoftLayer.create_client_from_env(username='user', api_key='key', timeout=10,
                                            endpoint_url='%s://127.0.0.1:%d/xmlrpc/v3.1/' % (scheme, server.server_port),
                                            **settings)


def settled(read, expected):
    """``read()`` once it equals ``expected`` (the server counts in its own thread), or after 5 s."""
    deadline = time.monotonic() + 5
    while read() != expected and time.monotonic() < deadline:
        time.sleep(0.01)
    return read()


def session_of(client):
    return client.transport.transport.client if hasattr(client.transport, 'transport') else client.transport.client


def test_a_connection_opened_early_is_the_one_the_next_call_uses(server, monkeypatch):
    for name in ('http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY'):
        monkeypatch.delenv(name, raising=False)
    client = sdk_client(server)
    open_one = connection_opener(client, timeout=10)
    open_one()
    assert settled(lambda: (server.connections, server.requests), (1, 0)) == (1, 0)  # opened, no request sent
    session_of(client).post('http://127.0.0.1:%d/xmlrpc/v3.1/SoftLayer_Account' % server.server_port, data=b'x')
    assert (server.connections, server.requests) == (1, 1)  # the call took the open connection


def test_no_connection_is_opened_early_through_a_proxy(server):
    assert connection_opener(sdk_client(server, proxy='http://127.0.0.1:9')) is None


def test_a_client_built_from_options_opens_connections_early(server, monkeypatch):
    monkeypatch.delenv('http_proxy', raising=False)
    monkeypatch.delenv('HTTP_PROXY', raising=False)
    client = SoftLayerClient.from_params({'username': 'user', 'api_key': 'key', 'timeout': 10,
                                          'endpoint_url': 'http://127.0.0.1:%d/xmlrpc/v3.1/' % server.server_port})
    assert client.open_connection is not None
    client.open_connection()
    assert settled(lambda: server.connections, 1) == 1


def test_a_tls_connection_opened_early_survives_the_servers_session_tickets(tls_server, monkeypatch):
    # urllib3 throws away an idle connection with something to read; a TLS 1.3 server's tickets are that.
    monkeypatch.delenv('REQUESTS_CA_BUNDLE', raising=False)
    monkeypatch.delenv('CURL_CA_BUNDLE', raising=False)
    client = sdk_client(tls_server, scheme='https', verify=tls_server.ca_file)
    connection_opener(client, timeout=10)()
    assert settled(lambda: tls_server.connections, 1) == 1
    session_of(client).post('https://127.0.0.1:%d/xmlrpc/v3.1/SoftLayer_Account' % tls_server.server_port, data=b'x',
                            verify=tls_server.ca_file)
    assert (tls_server.connections, tls_server.requests) == (1, 1)

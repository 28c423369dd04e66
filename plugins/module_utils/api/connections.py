# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connections opened early, beside the first calls, for the calls a run will make at once later.

Why: calls made at once each need a connection of their own, and over https a new connection pays
TCP's and TLS's handshakes (two or three round trips to a distant endpoint) before its first request.
The SDK's session keeps the connections it opened alive, so a run needs as many as its widest batch
of calls. Opened beside the first batch, their handshakes overlap that batch's own instead of
delaying a later one. No API call is made; a connection that ends up unused cost one handshake.

requests and urllib3 have no public call that opens a connection without a request, so this uses
urllib3's pool internals (``_get_conn``, ``_put_conn``), the pool being the one requests' adapter
itself picks (``get_connection_with_tls_context``). It is best effort: with a proxy, another
transport, or anything unexpected, nothing is opened early and the calls open their own.
"""

from __future__ import annotations

import select
import ssl

from ansible_collections.softlayer.support.plugins.module_utils.api.sdk import HTTPRequest


def connection_opener(sdk_client, timeout=None):
    """A function that opens one more connection to the SDK client's endpoint, or None when it cannot."""
    transport = getattr(sdk_client, 'transport', None)
    transport = getattr(transport, 'transport', transport)  # inside the SDK's debug/timing wrappers
    session = getattr(transport, 'client', None)
    url = getattr(transport, 'endpoint_url', None)
    if HTTPRequest is None or session is None or not isinstance(url, str) or getattr(transport, 'proxy', None):
        return None
    try:
        settings = session.merge_environment_settings(url, {}, None, getattr(transport, 'verify', True), None)
        if settings['proxies']:
            return None  # a proxy's pool is not worth the guesswork: the calls open their own
        adapter = session.get_adapter(url)
        pool = adapter.get_connection_with_tls_context(HTTPRequest('POST', url).prepare(), settings['verify'],
                                                       cert=settings['cert'])
    except Exception:  # pylint: disable=broad-except
        return None

    def open_one():
        # Take a slot of the pool as a call would (an idle connection, or a new one), connect it if it is
        # new, and give it back for the calls to take.
        connection = None
        try:
            connection = pool._get_conn()  # pylint: disable=protected-access
            if getattr(connection, 'sock', None) is None:
                if timeout:
                    connection.timeout = timeout  # a handshake that hangs must not outlive the run's own bound
                connection.connect()
                read_session_tickets(connection.sock)
        except Exception:  # pylint: disable=broad-except
            pass  # best effort: the call that needs a connection opens its own
        finally:
            if connection is not None:
                pool._put_conn(connection)  # pylint: disable=protected-access
    return open_one


# How long an opened TLS connection waits for the server's session tickets (sent about half a round trip
# after the handshake) before it joins the pool.
TICKET_WAIT_SECONDS = 2.0


def read_session_tickets(sock, wait=TICKET_WAIT_SECONDS):
    """Read what a TLS 1.3 server sends after the handshake (session tickets) off an idle connection.

    urllib3 takes an idle connection whose socket has something to read for one the server closed, and
    opens a new one instead: a connection opened early and never read from would be thrown away.
    """
    if not isinstance(sock, ssl.SSLSocket):
        return
    previous = sock.gettimeout()
    try:
        waited = wait
        while select.select([sock], [], [], waited)[0]:
            waited = 0.05  # more records of the same burst
            sock.setblocking(False)
            try:
                if sock.recv(1):
                    sock.close()  # data nobody asked for: not a connection to hand to a call
                    return
            except ssl.SSLWantReadError:
                pass  # only TLS records, no application data: read, as wanted
            finally:
                sock.settimeout(previous)
    except (OSError, ValueError):
        pass

"""Command line: ``python -m sl_emulator serve ...`` and ``python -m sl_emulator generate ...``."""

import argparse
import os
import signal
import sys
import threading

from . import SEED_PATH
from . import generate
from . import server
from . import state as st


def _write_port_file(path, port):
    st.atomic_write(path, '{}\n'.format(port).encode('ascii'))


def _user_timezone(text):
    try:
        st.user_timezone(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def serve(args):
    emulator = server.Emulator(seed_path=args.seed_file, state_path=args.state_file, latency_ms=args.latency_ms,
                               rate_limit=args.rate_limit, verbose=args.verbose,
                               user_timezone=args.user_timezone, **{name: getattr(args, name) for name in server.POLICIES})
    ssl_context = None
    if args.tls_dir:
        # Imported only here: it needs the cryptography package.
        from . import tls  # pylint: disable=import-outside-toplevel
        tls.write_certificates(args.tls_dir)
        ssl_context = tls.server_context(args.tls_dir)
    httpd = server.EmulatorHTTPServer(emulator, port=args.port, ssl_context=ssl_context)
    stop = threading.Event()

    def request_stop(_signum, _frame):
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    worker = threading.Thread(target=httpd.serve_forever, kwargs={'poll_interval': 0.2}, daemon=True)
    worker.start()
    if args.port_file:
        _write_port_file(args.port_file, httpd.server_address[1])
    print('sl_emulator listening on {}/ (xmlrpc {}/xmlrpc/v3.1/, rest {}/rest/v3.1/)'.format(httpd.url, httpd.url, httpd.url),
          flush=True)
    while not stop.wait(0.5):
        pass
    httpd.shutdown()
    httpd.server_close()
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog='python -m sl_emulator', description='Stateful SoftLayer API emulator.')
    commands = parser.add_subparsers(dest='command', required=True)

    serve_parser = commands.add_parser('serve', help='run the emulator on 127.0.0.1')
    serve_parser.add_argument('--port', type=int, default=0, help='TCP port; 0 picks a free one (default)')
    serve_parser.add_argument('--port-file', help='write the chosen port to this file once listening')
    serve_parser.add_argument('--state-file', help='persist the state here (created from the seed if missing)')
    serve_parser.add_argument('--seed-file', default=SEED_PATH, help='seed document (default: the bundled seed.json)')
    serve_parser.add_argument('--tls-dir', help='serve https, as the real endpoint: write a new CA (ca.pem, the file '
                              'clients trust) and a certificate for 127.0.0.1/localhost signed by it into this '
                              'directory at start')
    serve_parser.add_argument('--latency-ms', type=float, default=0, help='added delay per API call')
    serve_parser.add_argument('--rate-limit', type=int, default=50, help='requests per second per user; 0 disables')
    policy_help = {
        'title_policy': "how a new standard ticket's title is stored: '<subject> - <title>', the subject name, or as given",
        'xmlrpc_nulls': "null properties: '' over XML-RPC and null over REST (as the real API), or left out",
        'assigned_user': 'createStandardTicket without assignedUserId: refused (as the API guide says) or accepted',
        'open_tickets': 'Account::getOpenTickets: Open tickets only, or Open and Assigned',
        'computed_filters': 'filter conditions on computed properties (fullyQualifiedDomainName, awaitingUserResponseFlag, '
                            'newUpdatesFlag): dropped silently as the real API does, or applied',
        'ticket_cases': "the Case Management API shows each SoftLayer ticket as the case its serviceProviderResourceId "
                        "names (tests/emulator/CASES.md), or not at all",
        'priority_support': "SoftLayer_Ticket::edit with a priority: applied (Advanced or Premium support), or, as an "
                            "account without such support may answer (unconfirmed), ignored or refused",
    }
    for name, choices in server.POLICIES.items():
        serve_parser.add_argument('--' + name.replace('_', '-'), choices=choices, default=choices[0],
                                  help='{} (default {})'.format(policy_help[name], choices[0]))
    serve_parser.add_argument('--user-timezone', default=st.DEFAULT_USER_TIMEZONE, type=_user_timezone,
                              help="the API user's own time zone: a UTC offset (-08:00, +01:00) or a zone name "
                                   "(America/Chicago); the API writes their dates in it and reads filter dates in it "
                                   "(default {}, SoftLayer's own for users without a zone)".format(st.DEFAULT_USER_TIMEZONE))
    serve_parser.add_argument('--verbose', action='store_true', help='log each HTTP request to stderr')

    gen_parser = commands.add_parser('generate', help='write a large deterministic state document')
    gen_parser.add_argument('--tickets', type=int, default=10000)
    gen_parser.add_argument('--devices', type=int, default=1000)
    gen_parser.add_argument('--seed', type=int, default=1, help='random seed (same seed, same output)')
    gen_parser.add_argument('--base', default=SEED_PATH, help='seed document to extend (keeps its users and fleet)')
    gen_parser.add_argument('-o', '--output', required=True)

    args = parser.parse_args(argv)
    if args.command == 'serve':
        if args.tls_dir and not os.path.isdir(os.path.dirname(os.path.abspath(args.tls_dir))):
            parser.error('the parent directory of --tls-dir does not exist: {}'.format(args.tls_dir))
        if args.state_file:
            directory = os.path.dirname(os.path.abspath(args.state_file))
            if not os.path.isdir(directory):
                parser.error('the directory of --state-file does not exist: {}'.format(directory))
        return serve(args)
    generate.write(args.output, tickets=args.tickets, devices=args.devices, seed=args.seed, base_path=args.base)
    print('wrote {} ({} generated tickets, {} generated devices)'.format(args.output, args.tickets, args.devices))
    return 0


if __name__ == '__main__':
    sys.exit(main())

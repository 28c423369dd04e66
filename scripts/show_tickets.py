"""Print the account's open tickets the way a person reads them: one block per ticket.

Used by scripts/demo; talks to whatever endpoint the SDK config file names.
"""

import argparse
import textwrap

import SoftLayer

MASK = ('mask[id,title,serviceProviderResourceId,status[name],subject[name],createDate,'
        'attachedHardware[fullyQualifiedDomainName],attachedVirtualGuests[fullyQualifiedDomainName],'
        'updates[createDate,editorType,entry]]')


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--config', required=True, help='SDK config file ([softlayer] section)')
    args = parser.parse_args()
    client = SoftLayer.create_client_from_env(config_file=args.config)
    tickets = client.call('Account', 'getOpenTickets', mask=MASK,
                          filter={'openTickets': {'id': {'operation': 'orderBy', 'options': [{'name': 'sort', 'value': ['ASC']}]}}})
    for ticket in tickets:
        devices = [d['fullyQualifiedDomainName'] for d in ticket.get('attachedHardware', []) + ticket.get('attachedVirtualGuests', [])]
        print('\nTicket %s [%s] %s' % (ticket['id'], ticket['status']['name'], ticket['title']))
        print('  case %s | subject %s | devices: %s' % (
            ticket.get('serviceProviderResourceId'), ticket['subject']['name'], ', '.join(devices) or 'none'))
        for update in ticket.get('updates', []):
            print('  - %s %s' % (update['createDate'][:16].replace('T', ' '), update['editorType']))
            print(textwrap.indent(update['entry'].rstrip(), '      '))
    print('\n%d open ticket(s).' % len(tickets))


if __name__ == '__main__':
    main()

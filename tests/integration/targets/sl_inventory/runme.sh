#!/usr/bin/env bash
# The sl_inventory inventory plugin against the SoftLayer API emulator: ansible-inventory --list and
# --graph (hosts, hostvars, groups, filters, paging, the call log), the cache (a second run makes no
# API call), bad input (one line, no key, no cache written), and the example playbook that answers
# the tickets waiting on the customer, run over the plugin's inventory.
set -euo pipefail

# ansible-test copies tests/integration/integration_config.yml (the emulator's URLs and
# credentials) two levels up; script targets read it here.
config=../../integration_config.yml
[ -f "$config" ] || { echo "$config not found: run through scripts/test integration" >&2; exit 1; }
python=${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}
out=${OUTPUT_DIR:-$(mktemp -d)}

# The plugin and the modules take the connection from the environment, as a user would set it.
eval "$("$python" - "$config" <<'PY'
import shlex
import sys

import yaml

with open(sys.argv[1]) as handle:
    config = yaml.safe_load(handle)
for name, key in (('SL_USERNAME', 'sl_username'), ('SL_API_KEY', 'sl_api_key'), ('SL_ENDPOINT_URL', 'sl_endpoint_url'),
                  ('EMULATOR_URL', 'sl_emulator_url')):
    print('export %s=%s' % (name, shlex.quote(str(config[key]))))
PY
)"
play() { ansible-playbook -i "$INVENTORY_PATH" -e "@$config" -e "out=$out" "$@"; }
# ansible-inventory --list on ansible-core 2.19+ wraps strings as {"__ansible_unsafe": ...}; list() unwraps them.
inventory() { ansible-inventory "$@"; }
list() {
    local source=$1 target=$2
    shift 2
    ansible-inventory -i "$source" --list "$@" | "$python" -c '
import json
import sys


def plain(value):
    if isinstance(value, dict):
        if list(value) == ["__ansible_unsafe"]:
            return value["__ansible_unsafe"]
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


json.dump(plain(json.load(sys.stdin)), sys.stdout, indent=1, sort_keys=True)
' > "$target"
}
# calls NAME: save the emulator's call log since the last save to $out/NAME.calls.json, and clear it.
calls() {
    "$python" - "$EMULATOR_URL" "$out/$1.calls.json" <<'PY'
import sys
import urllib.request

url, path = sys.argv[1] + '/_emulator/calls', sys.argv[2]
with urllib.request.urlopen(url) as answer, open(path, 'wb') as handle:
    handle.write(answer.read())
urllib.request.urlopen(urllib.request.Request(url, method='DELETE')).close()
PY
}

collection=
for root in ${ANSIBLE_COLLECTIONS_PATH//:/ }; do
    candidate="$root/ansible_collections/softlayer/support"
    [ -f "$candidate/examples/sl_awaiting_customer.yml" ] && collection=$candidate && break
done
[ -n "$collection" ] || { echo "the collection's examples/ not found under ANSIBLE_COLLECTIONS_PATH" >&2; exit 1; }

# 1. The whole seeded account: --list and --graph, then assertions on them and on the call log.
play setup.yml
calls setup
list "$out/sl_inventory.yml" "$out/list.json"
calls list
inventory -i "$out/sl_inventory.yml" --graph > "$out/graph.txt"
calls graph
play check_account.yml
calls check-account

# 2. Server-side filters, names by hostname then id, the private address, pages of one device.
list "$out/filtered.sl_inventory.yml" "$out/filtered.json"
calls filtered
play check_filtered.yml

# 3. The cache: the first run reads the API and fills the cache, the second makes no call,
#    --flush-cache reads the API again (and refills the cache, which the third list reads). ansible-playbook
#    takes --flush-cache on every ansible-core; ansible-inventory only from 2.19.
list "$out/cached.sl_inventory.yml" "$out/cached-1.json"
calls cached-1
list "$out/cached.sl_inventory.yml" "$out/cached-2.json"
calls cached-2
printf -- '- hosts: all\n  gather_facts: false\n  tasks: []\n' > "$out/no_tasks.yml"
ansible-playbook -i "$out/cached.sl_inventory.yml" --flush-cache "$out/no_tasks.yml" > /dev/null
list "$out/cached.sl_inventory.yml" "$out/cached-3.json"
calls cached-3
play check_cache.yml

# 4. Bad input: a failed source is an error (not an empty inventory) with one line naming the cause.
bad() {
    local name=$1 rc=0
    ANSIBLE_INVENTORY_ENABLED=softlayer.support.sl_inventory ANSIBLE_INVENTORY_UNPARSED_FAILED=true \
        ansible-inventory -i "$out/$name.sl_inventory.yml" --list > "$out/$name.out" 2> "$out/$name.err" || rc=$?
    echo "$rc" > "$out/$name.rc"
}
bad bad_key
bad unreachable
bad unknown_option
bad bad_value
bad bad_pattern
calls bad
play check_bad_input.yml

# 5. A playbook over the inventory: answer the tickets that wait on the customer, then see them leave the group.
calls before-awaiting
ansible-playbook -i "$out/sl_inventory.yml" "$collection/examples/sl_awaiting_customer.yml" \
    -e ansible_connection=local -e "ansible_python_interpreter=$python" | tee "$out/awaiting-1.txt"
calls awaiting-1
ansible-playbook -i "$out/sl_inventory.yml" "$collection/examples/sl_awaiting_customer.yml" \
    -e ansible_connection=local -e "ansible_python_interpreter=$python" | tee "$out/awaiting-2.txt"
calls awaiting-2
inventory -i "$out/sl_inventory.yml" --graph > "$out/graph-after.txt"
play check_awaiting.yml

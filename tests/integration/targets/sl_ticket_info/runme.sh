#!/usr/bin/env bash
# sl_ticket_info against the SoftLayer API emulator: filters and their combinations, paging,
# include options and bad input (queries.yml), the inventory pattern with group_by_host
# (inventory.yml + group_by_host.yml), and the scale targets on a generated 10,000-ticket
# account with a 500-host inventory (scale.yml).
set -euo pipefail

# ansible-test copies tests/integration/integration_config.yml (the emulator's URLs and
# credentials) two levels up; role targets get it as vars_files, script targets read it here.
config=../../integration_config.yml
[ -f "$config" ] || { echo "$config not found: run through scripts/test integration" >&2; exit 1; }
set -- -e "@$config" "$@"

python=${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}
output_dir=${OUTPUT_DIR:-$(mktemp -d)}

ansible-playbook -i "$INVENTORY_PATH" setup.yml "$@"
ansible-playbook -i "$INVENTORY_PATH" queries.yml "$@"
ansible-playbook -i inventory.yml group_by_host.yml "$@"

# The scale account comes from the emulator's own generator, shipped in the source tree.
# sl_scale: false in the integration config skips the 500-host scale play (scripts/test's floor leg: the
# calls it asserts do not depend on the ansible-core, and ansible-core 2.16's controller takes minutes over it).
if [ "$(sed -n 's/^sl_scale: *//p' "$config")" = false ]; then
    echo "scale.yml: skipped (sl_scale: false)"
    exit 0
fi

emulator=
for root in ${ANSIBLE_COLLECTIONS_PATH//:/ }; do
    candidate="$root/ansible_collections/softlayer/support/tests/emulator"
    [ -d "$candidate/sl_emulator" ] && emulator=$candidate && break
done
[ -n "$emulator" ] || { echo "tests/emulator not found under ANSIBLE_COLLECTIONS_PATH" >&2; exit 1; }
PYTHONPATH="$emulator" "$python" -m sl_emulator generate --tickets 10000 --devices 1000 -o "$output_dir/scale-seed.json"
"$python" - "$output_dir/scale-inventory.yml" <<'PY'
import sys
hosts = ''.join('        host%04d.example.com:\n' % n for n in range(1, 501))
with open(sys.argv[1], 'w') as handle:
    handle.write('---\nscale_fleet:\n  vars:\n    ansible_connection: local\n'
                 '    ansible_python_interpreter: "{{ ansible_playbook_python }}"\n  hosts:\n' + hosts.replace('        ', '    '))
PY
ANSIBLE_FORKS=25 ansible-playbook -i "$output_dir/scale-inventory.yml" scale.yml -e "scale_seed=$output_dir/scale-seed.json" "$@"
